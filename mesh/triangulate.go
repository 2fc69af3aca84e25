package mesh

import (
	"math"

	"github.com/go-gl/mathgl/mgl32"
)

// maxEarClip is the largest polygon ear-clipped; bigger ones are fanned. Ear clipping costs
// O(n²) per polygon (O(n³) worst case), and real mesh files have no polygons near this size,
// so the cap only stops crafted input from stalling the loader.
const maxEarClip = 1024

// earClipper triangulates planar polygons by ear clipping in their best-fit plane. It keeps
// its buffers between calls so a loader can triangulate millions of polygons cheaply.
type earClipper struct {
	xy         [][2]float64
	prev, next []int32
	reflex     []bool
	out        [][3]int32
}

// quadDiagonal02 reports whether quad p0..p3 splits along diagonal 0-2 (else along 1-3).
// The diagonal must leave both triangles facing the quad's normal, which picks the diagonal
// through the reflex corner of a concave quad.
func quadDiagonal02(p0, p1, p2, p3 mgl32.Vec3) bool {
	d02, d13 := p2.Sub(p0), p3.Sub(p1)
	n := d02.Cross(d13) // twice the quad's area vector, for planar concave quads too
	t1 := p1.Sub(p0).Cross(d02).Dot(n)
	t2 := d02.Cross(p3.Sub(p0)).Dot(n)
	return !(t1 < 0 || t2 < 0)
}

// triangulate splits the polygon pts into len(pts)-2 triangles, given as corner indices
// into pts and wound like the polygon. ok is false when ear clipping failed (degenerate or
// self-intersecting polygon, or more than maxEarClip corners) and the rest was fanned.
func (ec *earClipper) triangulate(pts []mgl32.Vec3) (tris [][3]int32, ok bool) {
	n := len(pts)
	ec.out = ec.out[:0]
	if n < 3 {
		return nil, false
	}
	if n > maxEarClip || !ec.project(pts) {
		return ec.fan(0, n), false
	}
	ec.prev, ec.next, ec.reflex = resize(ec.prev, n), resize(ec.next, n), resizeBool(ec.reflex, n)
	for i := 0; i < n; i++ {
		ec.prev[i] = int32((i + n - 1) % n)
		ec.next[i] = int32((i + 1) % n)
	}
	for i := 0; i < n; i++ {
		ec.reflex[i] = ec.orient(ec.prev[i], int32(i), ec.next[i]) <= 0
	}
	remaining := n
	i := int32(0)
	stall := 0
	for remaining > 3 {
		if ec.isEar(i) {
			a, c := ec.prev[i], ec.next[i]
			ec.out = append(ec.out, [3]int32{a, i, c})
			ec.next[a], ec.prev[c] = c, a
			remaining--
			ec.reflex[a] = ec.orient(ec.prev[a], a, c) <= 0
			ec.reflex[c] = ec.orient(a, c, ec.next[c]) <= 0
			i, stall = c, 0
			continue
		}
		i = ec.next[i]
		stall++
		if stall > remaining { // a full lap found no ear: fan what is left
			for k := 0; k < remaining-2; k++ {
				b := ec.next[i]
				ec.out = append(ec.out, [3]int32{i, b, ec.next[b]})
				ec.next[i] = ec.next[b]
			}
			return ec.out, false
		}
	}
	ec.out = append(ec.out, [3]int32{ec.prev[i], i, ec.next[i]})
	return ec.out, true
}

// fan returns the fan triangulation of corners from..from+n-1 around corner from.
func (ec *earClipper) fan(from, n int) [][3]int32 {
	for k := 1; k+1 < n; k++ {
		ec.out = append(ec.out, [3]int32{int32(from), int32(from + k), int32(from + k + 1)})
	}
	return ec.out
}

// project maps pts into 2D coordinates in the plane perpendicular to the polygon's Newell
// normal, oriented so the polygon winds counter-clockwise; false for a zero-area polygon.
func (ec *earClipper) project(pts []mgl32.Vec3) bool {
	var nx, ny, nz float64
	n := len(pts)
	for i := 0; i < n; i++ {
		p, q := pts[i], pts[(i+1)%n]
		nx += float64(p[1]-q[1]) * float64(p[2]+q[2])
		ny += float64(p[2]-q[2]) * float64(p[0]+q[0])
		nz += float64(p[0]-q[0]) * float64(p[1]+q[1])
	}
	l := math.Sqrt(nx*nx + ny*ny + nz*nz)
	if l == 0 || math.IsNaN(l) || math.IsInf(l, 0) {
		return false
	}
	nx, ny, nz = nx/l, ny/l, nz/l
	// u: the unit vector perpendicular to the normal built from the axis least aligned with it.
	var ux, uy, uz float64
	switch ax, ay, az := math.Abs(nx), math.Abs(ny), math.Abs(nz); {
	case ax <= ay && ax <= az: // u = n × X
		ux, uy, uz = 0, nz, -ny
	case ay <= az: // u = n × Y
		ux, uy, uz = -nz, 0, nx
	default: // u = n × Z
		ux, uy, uz = ny, -nx, 0
	}
	ul := math.Sqrt(ux*ux + uy*uy + uz*uz)
	ux, uy, uz = ux/ul, uy/ul, uz/ul
	vx, vy, vz := ny*uz-nz*uy, nz*ux-nx*uz, nx*uy-ny*ux // v = n × u: (u, v, n) right-handed
	if cap(ec.xy) < n {
		ec.xy = make([][2]float64, n)
	}
	ec.xy = ec.xy[:n]
	o := pts[0]
	for i, p := range pts {
		dx, dy, dz := float64(p[0]-o[0]), float64(p[1]-o[1]), float64(p[2]-o[2])
		ec.xy[i] = [2]float64{dx*ux + dy*uy + dz*uz, dx*vx + dy*vy + dz*vz}
	}
	return true
}

// orient is twice the signed area of triangle (a, b, c) in the projected plane.
func (ec *earClipper) orient(a, b, c int32) float64 {
	pa, pb, pc := ec.xy[a], ec.xy[b], ec.xy[c]
	return (pb[0]-pa[0])*(pc[1]-pa[1]) - (pb[1]-pa[1])*(pc[0]-pa[0])
}

// isEar reports whether corner b is convex and no reflex corner lies in or on the triangle
// (prev, b, next). Corners that coincide with the triangle's own corners (the bridges of
// polygons with holes) do not block it.
func (ec *earClipper) isEar(b int32) bool {
	if ec.reflex[b] {
		return false
	}
	a, c := ec.prev[b], ec.next[b]
	pa, pb, pc := ec.xy[a], ec.xy[b], ec.xy[c]
	for p := ec.next[c]; p != a; p = ec.next[p] {
		if !ec.reflex[p] {
			continue
		}
		q := ec.xy[p]
		if q == pa || q == pb || q == pc {
			continue
		}
		if cross2(pa, pb, q) >= 0 && cross2(pb, pc, q) >= 0 && cross2(pc, pa, q) >= 0 {
			return false
		}
	}
	return true
}

// cross2 is twice the signed area of triangle (a, b, q).
func cross2(a, b, q [2]float64) float64 {
	return (b[0]-a[0])*(q[1]-a[1]) - (b[1]-a[1])*(q[0]-a[0])
}

func resize(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n)
	}
	return s[:n]
}

func resizeBool(s []bool, n int) []bool {
	if cap(s) < n {
		return make([]bool, n)
	}
	return s[:n]
}
