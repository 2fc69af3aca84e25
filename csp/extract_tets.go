package csp

import (
	"runtime"

	"github.com/go-gl/mathgl/mgl32"
)

// Marching tetrahedra on the Kuhn split of each cube: six tetrahedra [0, e_a, e_a+e_b, 7]
// around the main diagonal, one per axis order (a, b, c). The split is the same in every cube,
// so neighbouring cubes cut their shared face along the same diagonal and the level set of the
// piecewise-linear interpolant is a closed 2-manifold (no ambiguous cases exist on a simplex).
// Cube corner c has offset (c&1, c>>1&1, c>>2&1) in (i, j, k). Every tetrahedron edge joins
// corners p ⊂ q (as bit sets), so it is named by its lower corner's node and the direction
// d = q^p in 1..7: the same name from every cube that has the edge.

// tetTri is one output triangle: three tetrahedron edges, each as the pair (p, q) of cube corners.
type tetTri [3][2]uint8

// tetTable[t][mask] lists the triangles of tetrahedron t when the corners in mask (bit v for
// the tetrahedron's corner v) are inside; triangles wind counter-clockwise seen from outside.
var tetTable [6][16][]tetTri

// tetCorners[t] are the cube corners of tetrahedron t.
var tetCorners [6][4]uint8

func init() {
	perms := [6][3]uint8{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}
	for t, p := range perms {
		tetCorners[t] = [4]uint8{0, 1 << p[0], 1<<p[0] | 1<<p[1], 7}
		for mask := 1; mask < 15; mask++ {
			tetTable[t][mask] = tetCase(tetCorners[t], mask)
		}
	}
}

// cornerPos is cube corner c's offset as a vector.
func cornerPos(c uint8) [3]float64 {
	return [3]float64{float64(c & 1), float64(c >> 1 & 1), float64(c >> 2 & 1)}
}

// tetCase builds the triangles for one tetrahedron and inside mask, oriented by exact
// geometry on edge midpoints (the orientation cannot change as the crossings move along the
// edges, since the triangle never degenerates inside a tetrahedron).
func tetCase(cs [4]uint8, mask int) []tetTri {
	var in, out []uint8
	for v := 0; v < 4; v++ {
		if mask>>v&1 == 1 {
			in = append(in, cs[v])
		} else {
			out = append(out, cs[v])
		}
	}
	edge := func(a, b uint8) [2]uint8 {
		if a&b == a { // a ⊂ b
			return [2]uint8{a, b}
		}
		return [2]uint8{b, a}
	}
	var tris []tetTri
	switch {
	case len(in) == 1:
		tris = []tetTri{{edge(in[0], out[0]), edge(in[0], out[1]), edge(in[0], out[2])}}
	case len(out) == 1:
		tris = []tetTri{{edge(out[0], in[0]), edge(out[0], in[1]), edge(out[0], in[2])}}
	default: // two and two: a quad i0o0, i0o1, i1o1, i1o0
		q := [4][2]uint8{edge(in[0], out[0]), edge(in[0], out[1]), edge(in[1], out[1]), edge(in[1], out[0])}
		tris = []tetTri{{q[0], q[1], q[2]}, {q[0], q[2], q[3]}}
	}
	// Outward: from the inside corners' centroid toward the outside corners'.
	var dir [3]float64
	for _, c := range out {
		p := cornerPos(c)
		for a := range dir {
			dir[a] += p[a] / float64(len(out))
		}
	}
	for _, c := range in {
		p := cornerPos(c)
		for a := range dir {
			dir[a] -= p[a] / float64(len(in))
		}
	}
	for i, t := range tris {
		var m [3][3]float64
		for v, e := range t {
			pa, pb := cornerPos(e[0]), cornerPos(e[1])
			for a := 0; a < 3; a++ {
				m[v][a] = (pa[a] + pb[a]) / 2
			}
		}
		u := [3]float64{m[1][0] - m[0][0], m[1][1] - m[0][1], m[1][2] - m[0][2]}
		w := [3]float64{m[2][0] - m[0][0], m[2][1] - m[0][1], m[2][2] - m[0][2]}
		nrm := [3]float64{u[1]*w[2] - u[2]*w[1], u[2]*w[0] - u[0]*w[2], u[0]*w[1] - u[1]*w[0]}
		if nrm[0]*dir[0]+nrm[1]*dir[1]+nrm[2]*dir[2] < 0 {
			tris[i][1], tris[i][2] = t[2], t[1]
		}
	}
	return tris
}

// edgeClamp keeps crossings at least 1% of an edge from its ends, so a node whose value equals
// the level (counted outside) never puts several vertices on one point: triangles keep a
// positive area in float32 and distinct vertices stay distinct for welders such as admesh.
const edgeClamp = 0.01

// mtSlab maps the edges whose lower corner lies in one i-plane to vertex indices (−1: none).
type mtSlab struct {
	v       []int32 // (j·n + k)·7 + d − 1
	touched []int32
}

func newSlab(n int) *mtSlab {
	s := &mtSlab{v: make([]int32, n*n*7)}
	for i := range s.v {
		s.v[i] = -1
	}
	return s
}

func (s *mtSlab) reset() {
	for _, t := range s.touched {
		s.v[t] = -1
	}
	s.touched = s.touched[:0]
}

// mtPart is what one worker extracts from cube layers [i0, i1).
type mtPart struct {
	i0, i1      int
	pos         []mgl32.Vec3
	clamped     []bool
	tris        [][3]uint32
	first, last *mtSlab
	global      []int32 // local vertex id → merged id
}

// marchLayers extracts the level set u = level from cube layers [i0, i1); nodes count as
// inside when u < level (so u == level is outside).
func marchLayers(s *nodes, level float32, i0, i1 int) *mtPart {
	n := s.n
	pt := &mtPart{i0: i0, i1: i1}
	cur, nxt := newSlab(n), newSlab(n)
	pt.first = cur
	var spare *mtSlab
	off := [8]int{}
	for c := 0; c < 8; c++ {
		off[c] = s.idx(c&1, c>>1&1, c>>2&1)
	}
	vertex := func(base, i, j, k int, e [2]uint8) uint32 {
		p, q := e[0], e[1]
		sl := cur
		if p&1 == 1 {
			sl = nxt
		}
		key := ((j+int(p>>1&1))*n+(k+int(p>>2&1)))*7 + int(q^p) - 1
		if v := sl.v[key]; v >= 0 {
			return uint32(v)
		}
		ia, ib := base+off[p], base+off[q]
		ua, ub := s.u[ia], s.u[ib]
		t := (level - ua) / (ub - ua)
		clamped := false
		if !(t >= edgeClamp) { // also NaN
			t, clamped = edgeClamp, true
		} else if t > 1-edgeClamp {
			t, clamped = 1-edgeClamp, true
		}
		pp := cornerPos(p)
		a := s.origin.Add(mgl32.Vec3{float32(i) + float32(pp[0]), float32(j) + float32(pp[1]), float32(k) + float32(pp[2])}.Mul(s.h))
		dp := cornerPos(q ^ p)
		v := a.Add(mgl32.Vec3{float32(dp[0]), float32(dp[1]), float32(dp[2])}.Mul(t * s.h))
		id := int32(len(pt.pos))
		pt.pos = append(pt.pos, v)
		pt.clamped = append(pt.clamped, clamped)
		sl.v[key] = id
		sl.touched = append(sl.touched, int32(key))
		return uint32(id)
	}
	for i := i0; i < i1; i++ {
		for j := 0; j < n-1; j++ {
			base := s.idx(i, j, 0)
			for k := int(s.rowLo[i*n+j]); k <= int(s.rowHi[i*n+j]); k++ {
				b := base + k
				var mask uint8
				for c := 0; c < 8; c++ {
					if s.u[b+off[c]] < level {
						mask |= 1 << c
					}
				}
				if mask == 0 || mask == 255 {
					continue
				}
				for t := 0; t < 6; t++ {
					cs := &tetCorners[t]
					m := mask>>cs[0]&1 | mask>>cs[1]&1<<1 | mask>>cs[2]&1<<2 | mask>>cs[3]&1<<3
					for _, tr := range tetTable[t][m] {
						pt.tris = append(pt.tris, [3]uint32{vertex(b, i, j, k, tr[0]), vertex(b, i, j, k, tr[1]), vertex(b, i, j, k, tr[2])})
					}
				}
			}
		}
		if i == i1-1 {
			break
		}
		// Rotate: the next plane becomes current; keep the first plane for the seam weld.
		old := cur
		cur = nxt
		if old == pt.first {
			if spare == nil {
				spare = newSlab(n)
			}
			nxt = spare
		} else {
			old.reset()
			nxt = old
		}
	}
	pt.last = nxt
	return pt
}

// marchTets runs marchLayers on all cores and welds the seams between workers' layer ranges.
func marchTets(s *nodes, level float32) (pos []mgl32.Vec3, clamped []bool, tris [][3]uint32) {
	cells := s.n - 1
	w := max(1, min(runtime.GOMAXPROCS(0), cells/2))
	parts := make([]*mtPart, w)
	done := make(chan struct{}, w)
	for t := 0; t < w; t++ {
		go func() {
			parts[t] = marchLayers(s, level, t*cells/w, (t+1)*cells/w)
			done <- struct{}{}
		}()
	}
	for t := 0; t < w; t++ {
		<-done
	}
	for t, pt := range parts {
		remap := make([]int32, len(pt.pos))
		for i := range remap {
			remap[i] = -1
		}
		if t > 0 { // the first plane's vertices are the previous part's last plane's
			prev := parts[t-1]
			for _, key := range pt.first.touched {
				if v := prev.last.v[key]; v >= 0 {
					remap[pt.first.v[key]] = prev.global[v]
				}
			}
		}
		for i, p := range pt.pos {
			if remap[i] < 0 {
				remap[i] = int32(len(pos))
				pos = append(pos, p)
				clamped = append(clamped, pt.clamped[i])
			}
		}
		for _, tr := range pt.tris {
			tris = append(tris, [3]uint32{uint32(remap[tr[0]]), uint32(remap[tr[1]]), uint32(remap[tr[2]])})
		}
		pt.global = remap
	}
	return pos, clamped, tris
}
