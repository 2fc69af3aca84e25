package csp

import (
	"runtime"
	"sync"

	"github.com/go-gl/mathgl/mgl32"
)

// Open mode's contouring, streamed plane by plane on all cores: each worker takes a range of
// node planes, finds their crossing edges (planeCrossings), adds each crossing's QEF terms to
// its four cells at once, and as soon as a cell plane is complete (cell plane q is touched by
// crossings starting in node planes q and q+1) solves its cells and snaps them onto the
// surface, while their closest points are still in cache.
//
// A worker owns the cell planes of its node range: it numbers their cells in the order
// crossings first touch them (ranks, per plane) and sums their QEFs in crossing order, the
// same sums as one serial pass. To finish its last cell plane it also scans the next node
// plane (the next worker's first) and hands that worker the ranks of the cells it touched
// there: the same crossings in the same order on both sides. Vertex ids are the ranks offset
// by the vertices of the planes before, so the output does not depend on the worker count.

// quadRef is what the final numbering needs of a crossing: its start node's plane and axis.
type quadRef struct {
	plane uint16
	axis  uint8
}

// cellPlanes is the planes (i) of the cells quadCells lists, from the edge's start plane p and
// axis: p, less one where a step across the edge is along i.
func cellPlanes(p int, axis uint8) [4]int {
	d1, d2 := (int(axis)+1)%3, (int(axis)+2)%3
	i1, i2 := b2i(d1 == 0), b2i(d2 == 0)
	return [4]int{p, p - i2, p - i1 - i2, p - i1}
}

// contourPart is what one worker makes of node planes [i0, i1).
type contourPart struct {
	xv       [][4]int32 // per crossing: its cells' ranks ({−1, …}: on the rim, no quad)
	ref      []quadRef
	firstEnd int          // crossings [0, firstEnd) start in node plane i0
	seam     [][4]int32   // per crossing of node plane i1: ranks of its cells in plane i1−1, else −1
	pos      []mgl32.Vec3 // the vertices of cell planes [i0, i1), plane by plane, by rank
	cellOf   []int32
	count    []int32 // vertices per cell plane
}

// contourLattice contours the lattice's surface: it returns, per crossing edge, its quad's
// four vertex ids in winding order (xv[x][0] = −1: the edge is on the lattice's rim, no
// quad), and the vertices, vertex v in cell cellOf[v] (its lower corner node). lim bounds
// u_a + u_b on a crossing edge. With snap (a grid's own nodes) vertices are snapped onto the
// surface; otherwise the caller snaps them in one batch of field queries.
func contourLattice(s *nodes, lim float32, snap bool) (xv [][4]int32, pos []mgl32.Vec3, cellOf []int32) {
	n := s.n
	plane := s.latticePlane
	if s.u == nil {
		plane = func(i int, buf []float32, span []int32) []float32 { return s.gridPlane(i, buf, span, lim, lim) }
	}
	bounds := layerSplit(s, runtime.GOMAXPROCS(0))
	bounds[len(bounds)-1] = n // node planes: the last part takes the last plane too
	parts := make([]*contourPart, len(bounds)-1)
	var wg sync.WaitGroup
	for t := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts[t] = s.contourRange(bounds[t], bounds[t+1], lim, plane, snap)
		}()
	}
	wg.Wait()
	// The seams: a part's first-plane crossings take the previous part's ranks for their
	// cells in the plane before.
	for t := 1; t < len(parts); t++ {
		prev, pt := parts[t-1], parts[t]
		if len(prev.seam) != pt.firstEnd {
			panic("csp: contouring seam mismatch") // both sides scan one plane from the same values
		}
		for x, r := range prev.seam {
			if pt.xv[x][0] < 0 {
				continue
			}
			for ci, v := range r {
				if v >= 0 {
					pt.xv[x][ci] = v
				}
			}
		}
	}
	// Vertex ids: a plane's ranks follow the vertices of the planes before it.
	planeOff := make([]int32, n)
	nv, nx := int32(0), 0
	for t, pt := range parts {
		for q := bounds[t]; q < bounds[t+1]; q++ {
			planeOff[q] = nv
			nv += pt.count[q-bounds[t]]
		}
		nx += len(pt.xv)
	}
	xv = poolQuad.get(nx, 0)       // extractOpen returns them
	pos = poolVec3.get(int(nv), 0) //
	cellOf = poolI32.get(int(nv), 0)
	xOff := 0
	for t, pt := range parts {
		wg.Add(1)
		go func(xOff int) {
			defer wg.Done()
			v0 := planeOff[bounds[t]]
			copy(pos[v0:], pt.pos)
			copy(cellOf[v0:], pt.cellOf)
			out := xv[xOff : xOff+len(pt.xv)]
			for x, r := range pt.xv {
				if r[0] >= 0 {
					pl := cellPlanes(int(pt.ref[x].plane), pt.ref[x].axis)
					for ci := range r {
						r[ci] += planeOff[pl[ci]]
					}
				}
				out[x] = r
			}
			poolQuad.put(pt.xv)
			poolQuad.put(pt.seam)
			poolVec3.put(pt.pos)
			poolI32.put(pt.cellOf)
		}(xOff)
		xOff += len(pt.xv)
	}
	wg.Wait()
	return xv, pos, cellOf
}

// contourRange is one worker's part: crossings starting in node planes [i0, i1), and the
// vertices of cell planes [i0, i1).
func (s *nodes) contourRange(i0, i1 int, lim float32, plane func(int, []float32, []int32) []float32, snap bool) *contourPart {
	n := s.n
	pt := &contourPart{count: make([]int32, i1-i0)}
	pt.xv, pt.seam = poolQuad.get(0, 0), poolQuad.get(0, 0)
	pt.pos, pt.cellOf = poolVec3.get(0, 0), poolI32.get(0, 0)
	var bufs [2][]float32
	if s.u == nil {
		bufs = [2][]float32{poolF32.get(n*n, 0), poolF32.get(n*n, 0)}
		defer poolF32.put(bufs[0])
		defer poolF32.put(bufs[1])
	}
	spans := [2][]int32{poolI32.get(2*n, 0), poolI32.get(2*n, 0)}
	defer poolI32.put(spans[0])
	defer poolI32.put(spans[1])
	// The two cell planes being summed, by parity: rank of each cell by in-plane index (−1:
	// none yet), the cells by rank and their QEFs.
	var slab [2][]int32
	var cells [2][]int32
	var qs [2][]qef
	for p := range slab {
		slab[p] = poolI32.get(n*n, 0)
		defer poolI32.put(slab[p])
		for x := range slab[p] {
			slab[p][x] = -1
		}
	}
	finish := func(q int) { // cell plane q is complete
		p := q & 1
		for r, c := range cells[p] {
			pt.pos = append(pt.pos, s.solveCell(&qs[p][r], int(c), snap))
			pt.cellOf = append(pt.cellOf, c)
			slab[p][int(c)-q*n*n] = -1
		}
		pt.count[q-i0] = int32(len(cells[p]))
		cells[p], qs[p] = cells[p][:0], qs[p][:0]
	}
	last := min(i1, n-1) // node plane i1 (the next part's first) only completes cell plane i1−1
	cur := plane(i0, bufs[0], spans[0])
	sp := spans[0]
	for i := i0; i <= last; i++ {
		var next []float32
		if i+1 < n {
			x := (i + 1 - i0) & 1
			next = plane(i+1, bufs[x], spans[x])
		}
		extra := i == i1
		s.planeCrossings(i, cur, next, sp, lim, func(x *crossing) {
			ranks := [4]int32{-1, -1, -1, -1}
			cs, planes, ok := quadCells(n, x)
			if ok {
				var dst [4]*qef
				var rp [4]int32 // the parity slab each owned cell is in
				mine := false
				for ci, q := range planes {
					if q < i0 || q >= i1 {
						continue // the previous part's (its seam) or the next part's
					}
					p, in := q&1, cs[ci]-q*n*n
					r := slab[p][in]
					if r < 0 {
						r = int32(len(cells[p]))
						slab[p][in] = r
						cells[p] = append(cells[p], int32(cs[ci]))
						qs[p] = append(qs[p], qef{})
					}
					ranks[ci], rp[ci], mine = r, int32(p), true
				}
				if mine { // pointers only now: the appends above may move qs
					for ci := range dst {
						if ranks[ci] >= 0 {
							dst[ci] = &qs[rp[ci]][ranks[ci]]
						}
					}
					addCrossing(s, x, &dst)
				}
			}
			if extra {
				pt.seam = append(pt.seam, ranks)
				return
			}
			pt.xv = append(pt.xv, ranks) // rim: ranks[0] = −1; else cell 0 is in plane i, ours
			pt.ref = append(pt.ref, quadRef{uint16(i), x.axis})
		})
		if i == i0 {
			pt.firstEnd = len(pt.xv)
		}
		if q := i - 1; q >= i0 {
			finish(q)
		}
		cur = next
		sp = spans[(i+1-i0)&1]
	}
	return pt
}

// solveCell is cell c's vertex: its QEF's minimiser clamped to the cell and, when snap is
// set (a grid's own nodes), moved onto the surface, v ← f(v), unless f's answer is not finite
// or lies over two voxels away (then the QEF point stays).
func (s *nodes) solveCell(q *qef, c int, snap bool) mgl32.Vec3 {
	v := q.solve()
	o := s.pos(c)
	var p mgl32.Vec3
	for a := 0; a < 3; a++ {
		p[a] = o[a] + float32(min(max(v[a], 0), float64(s.h)))
	}
	if snap {
		if f := s.gridLerp(p); snapAccepted(p, f, s.h, s.tol) {
			return f
		}
	}
	return p
}

// snapAccepted says whether the surface point f found for vertex p may replace it: finite,
// and within two voxels (plus twice the field's error) of p.
func snapAccepted(p, f mgl32.Vec3, h, tol float32) bool {
	return finite3(f) && f.Sub(p).Len() <= 2*h+2*tol
}
