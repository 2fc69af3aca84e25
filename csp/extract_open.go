package csp

import (
	"context"
	"math"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/mesh"
)

// Open mode: dual contouring driven by the CSP itself, with no inside/outside. Edge (a, b)
// crosses the surface when each end lies behind the other end's tangent plane: with
// n_a = (a − c_a)/u_a, (b − c_a)·n_a < 0 (a is at +u_a), and the same from b; and only
// when c_a and c_b are on one sheet. Each cell with crossing edges gets one vertex, the
// minimiser of the squared distances to the crossings' tangent planes (regularised toward
// their mean), clamped to the cell and snapped onto the surface by one more query; each
// crossing edge gives a quad over the four cells around it.

const (
	// crossSlack: a surface crossing edge (a, b) has u_a + u_b ≤ |ab| = h (triangle inequality
	// through the crossing point); 5% more admits fields that are only nearly exact.
	crossSlack = 1.05
	// sheetVoxels: closest points of the two ends of a crossing edge are on one sheet when
	// they are within two voxels (a flat sheet gives at most one; curvature and rims add).
	sheetVoxels = 2
	// sheetNormalVoxels bounds the offset of c_b from a's tangent plane for one sheet: a flat
	// sheet gives 0, curvature radius R gives about h²/2R; a wall between two sheets gives its
	// thickness (a voxel or more, or the edge would not fit between its sides).
	sheetNormalVoxels = 0.9
	// qefLambda weighs the pull toward the crossings' mean (mass point), relative to one
	// tangent plane: enough to pin the vertex along a flat sheet (rank-1 planes), too little to
	// round off a crease.
	qefLambda = 0.05
)

// qef accumulates the tangent planes of one cell, relative to the cell's lower corner.
type qef struct {
	ata  [6]float64 // xx xy xz yy yz zz
	atb  [3]float64
	mass [3]float64
	np   int
	nm   int
}

// solve minimises Σ(nᵢ·v − dᵢ)²/np + λ|v − m|² (m the mass point) by Cramer's rule.
func (q *qef) solve() [3]float64 {
	var m [3]float64
	for a := range m {
		m[a] = q.mass[a] / float64(max(q.nm, 1))
	}
	if q.np == 0 {
		return m
	}
	inv := 1 / float64(q.np)
	a := [6]float64{}
	for i := range a {
		a[i] = q.ata[i] * inv
	}
	a[0] += qefLambda
	a[3] += qefLambda
	a[5] += qefLambda
	b := [3]float64{q.atb[0]*inv + qefLambda*m[0], q.atb[1]*inv + qefLambda*m[1], q.atb[2]*inv + qefLambda*m[2]}
	xx, xy, xz, yy, yz, zz := a[0], a[1], a[2], a[3], a[4], a[5]
	det := xx*(yy*zz-yz*yz) - xy*(xy*zz-yz*xz) + xz*(xy*yz-yy*xz)
	if !(math.Abs(det) > 1e-12) { // λ > 0 keeps det ≥ λ³; this only guards NaN input
		return m
	}
	return [3]float64{
		(b[0]*(yy*zz-yz*yz) - xy*(b[1]*zz-yz*b[2]) + xz*(b[1]*yz-yy*b[2])) / det,
		(xx*(b[1]*zz-yz*b[2]) - b[0]*(xy*zz-yz*xz) + xz*(xy*b[2]-b[1]*xz)) / det,
		(xx*(yy*b[2]-b[1]*yz) - xy*(xy*b[2]-b[1]*xz) + b[0]*(xy*yz-yy*xz)) / det,
	}
}

// extractOpen runs open mode on sampled nodes.
func extractOpen(ctx context.Context, f Field, s *nodes, progress func(int, int)) (*mesh.Mesh, error) {
	n := s.n
	xs := findCrossings(s, s.h*crossSlack)
	if s.cull != nil {
		s.evaluated += int(s.cull.count.Load())
	}
	if progress != nil {
		progress(1, 4)
	}
	if len(xs) == 0 {
		return &mesh.Mesh{}, nil
	}
	stride := [3]int{n * n, n, 1}
	// Cell → vertex: crossings come in node order and touch cells of their own plane and the
	// one before, so two plane slabs (by parity, reset when a new plane comes in) do it.
	var slab [2][]int32
	var slabPlane [2]int
	var touched [2][]int32
	for p := range slab {
		slab[p] = make([]int32, n*n)
		for i := range slab[p] {
			slab[p][i] = -1
		}
		slabPlane[p] = -2
	}
	cellVert := func(c int, next int32) (int32, bool) {
		pl, in := c/(n*n), c%(n*n)
		sl := pl & 1
		if slabPlane[sl] != pl {
			for _, t := range touched[sl] {
				slab[sl][t] = -1
			}
			touched[sl] = touched[sl][:0]
			slabPlane[sl] = pl
		}
		if v := slab[sl][in]; v >= 0 {
			return v, false
		}
		slab[sl][in] = next
		touched[sl] = append(touched[sl], int32(in))
		return next, true
	}
	xv := make([][4]int32, len(xs)) // each crossing's four cell vertices ([0] = −1: none)
	var qs []qef
	var cellOf []int32 // vertex → cell (its lower corner node)
	// cellsAround returns the four cells around a crossing edge in winding order (−1: outside).
	cellsAround := func(x crossing) (cs [4]int, ok bool) {
		a := int(x.a)
		ijk := [3]int{a / (n * n), a / n % n, a % n}
		d1, d2 := (int(x.axis)+1)%3, (int(x.axis)+2)%3
		if ijk[d1] < 1 || ijk[d1] > n-2 || ijk[d2] < 1 || ijk[d2] > n-2 {
			return cs, false
		}
		// Around +axis counter-clockwise, then reversed so the quad faces a (the −axis end).
		c00, c10 := a, a-stride[d1]
		c11, c01 := c10-stride[d2], a-stride[d2]
		return [4]int{c00, c01, c11, c10}, true
	}
	for xi, x := range xs {
		cs, ok := cellsAround(x)
		if !ok {
			xv[xi][0] = -1
			continue
		}
		a, b := int(x.a), int(x.a)+stride[x.axis]
		pa := s.origin.Add(mgl32.Vec3{float32(a / (n * n)), float32(a / n % n), float32(a % n)}.Mul(s.h))
		pb := pa
		pb[x.axis] += s.h
		px := pa
		px[x.axis] += x.t * s.h
		// The two tangent planes n·v = n·c, the same for the four cells but for their origin o:
		// relative to o the right side is n·c − n·o.
		ca, cb := s.cp(a), s.cp(b)
		na, nb := pa.Sub(ca).Mul(1/x.ua), pb.Sub(cb).Mul(1/x.ub)
		var nn [2][3]float64
		var dd [2]float64
		for e, pl := range [2][2]mgl32.Vec3{{na, ca}, {nb, cb}} {
			nn[e] = [3]float64{float64(pl[0][0]), float64(pl[0][1]), float64(pl[0][2])}
			dd[e] = nn[e][0]*float64(pl[1][0]) + nn[e][1]*float64(pl[1][1]) + nn[e][2]*float64(pl[1][2])
		}
		ata := [6]float64{}
		for _, v := range nn {
			ata[0] += v[0] * v[0]
			ata[1] += v[0] * v[1]
			ata[2] += v[0] * v[2]
			ata[3] += v[1] * v[1]
			ata[4] += v[1] * v[2]
			ata[5] += v[2] * v[2]
		}
		d1, d2 := (int(x.axis)+1)%3, (int(x.axis)+2)%3
		for ci, c := range cs {
			v, added := cellVert(c, int32(len(qs)))
			xv[xi][ci] = v
			if added {
				qs = append(qs, qef{})
				cellOf = append(cellOf, int32(c))
			}
			q := &qs[v]
			// Cells c00, c01, c11, c10: a less e_d2 for c01 and c11, less e_d1 for c11, c10.
			o := pa
			if ci == 1 || ci == 2 {
				o[d2] -= s.h
			}
			if ci == 2 || ci == 3 {
				o[d1] -= s.h
			}
			of := [3]float64{float64(o[0]), float64(o[1]), float64(o[2])}
			for e := range nn {
				d := dd[e] - (nn[e][0]*of[0] + nn[e][1]*of[1] + nn[e][2]*of[2])
				q.atb[0] += nn[e][0] * d
				q.atb[1] += nn[e][1] * d
				q.atb[2] += nn[e][2] * d
			}
			for i := range ata {
				q.ata[i] += ata[i]
			}
			q.np += 2
			r := px.Sub(o)
			q.mass[0] += float64(r[0])
			q.mass[1] += float64(r[1])
			q.mass[2] += float64(r[2])
			q.nm++
		}
	}
	if len(qs) == 0 {
		return &mesh.Mesh{}, nil
	}
	pos := make([]mgl32.Vec3, len(qs))
	parallelRange(len(qs), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			v := qs[i].solve()
			o := s.pos(int(cellOf[i]))
			for a := 0; a < 3; a++ {
				pos[i][a] = o[a] + float32(min(max(v[a], 0), float64(s.h)))
			}
		}
	})
	if progress != nil {
		progress(2, 4)
	}
	snapped := make([]mgl32.Vec3, len(pos))
	if s.fromGrid {
		parallelRange(len(pos), func(lo, hi int) {
			for i := lo; i < hi; i++ {
				snapped[i] = s.gridLerp(pos[i])
			}
		})
	} else if err := evalParallel(ctx, f, pos, snapped); err != nil {
		return nil, err
	}
	for i, p := range snapped {
		if finite3(p) && p.Sub(pos[i]).Len() <= 2*s.h { // a wild answer keeps the QEF point
			pos[i] = p
		}
	}
	if progress != nil {
		progress(3, 4)
	}
	// Weld vertices that snapped onto one point (rims), then emit two triangles per quad.
	weld, wpos := weldExact(pos)
	tris := make([][3]uint32, 0, 2*len(xs))
	for xi := range xs {
		if xv[xi][0] < 0 {
			continue
		}
		var v [4]uint32
		for i, id := range xv[xi] {
			v[i] = uint32(weld[id])
		}
		// Split along the shorter diagonal: better-shaped triangles, less folding.
		if wpos[v[0]].Sub(wpos[v[2]]).Len() <= wpos[v[1]].Sub(wpos[v[3]]).Len() {
			tris = append(tris, [3]uint32{v[0], v[1], v[2]}, [3]uint32{v[0], v[2], v[3]})
		} else {
			tris = append(tris, [3]uint32{v[0], v[1], v[3]}, [3]uint32{v[1], v[2], v[3]})
		}
	}
	m := cleanMesh(wpos, tris)
	orientSheets(m)
	if progress != nil {
		progress(4, 4)
	}
	return m, nil
}

func finite3(p mgl32.Vec3) bool {
	for _, c := range p {
		if math.IsNaN(float64(c)) || math.IsInf(float64(c), 0) {
			return false
		}
	}
	return true
}
