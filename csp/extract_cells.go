package csp

import (
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/go-gl/mathgl/mgl32"
)

// contourCells gives each cell touched by a crossing one vertex: the minimiser of its QEF
// (extract_open.go), clamped to the cell, and on a grid's own nodes snapped onto the surface
// (gridLerp; other fields are snapped by the caller, in one batch of queries).
//
// It runs in tasks of qefChunkPlanes cell planes, on all cores. A task owns the cells of its
// planes: it numbers them in the order crossings first touch them, sums their QEFs in
// crossing order (the same sums as one serial pass, whatever the number of workers), solves
// and snaps them while their closest points are in cache. A cell in plane q is touched by
// crossings starting in node planes q and q+1, so a task reads the crossings of its planes and
// of the next one. Vertex v of the result is in cell cellOf[v]; xv[x] holds crossing x's four
// cell vertices in winding order (xv[x][0] = −1: the edge is on the lattice's rim, no quad).
func contourCells(s *nodes, xs []crossing, snap bool) (xv [][4]int32, pos []mgl32.Vec3, cellOf []int32) {
	n := s.n
	const C = qefChunkPlanes
	ntask := (n + C - 1) / C
	// firstIn[p]: the first crossing starting in node plane p or later (crossings are in node order).
	firstIn := func(p int) int {
		a := int32(min(p, n) * n * n)
		return sort.Search(len(xs), func(i int) bool { return xs[i].a >= a })
	}
	type taskOut struct {
		pos    []mgl32.Vec3
		cellOf []int32
	}
	out := make([]taskOut, ntask)
	xv = poolQuad.get(len(xs), 0) // extractOpen returns it once the triangles are made
	var next atomic.Int32
	var wg sync.WaitGroup
	for w := min(runtime.GOMAXPROCS(0), ntask); w > 0; w-- {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// slab[(q−P0)·n² + in-plane index]: the task's local id of a cell, −1 for none;
			// reset through touched after each task.
			slab := poolI32.get(C*n*n, 0)
			defer poolI32.put(slab)
			for i := range slab {
				slab[i] = -1
			}
			var touched []int32
			var qs []qef
			for {
				t := int(next.Add(1)) - 1
				if t >= ntask {
					return
				}
				p0, p1 := t*C, min(t*C+C, n)
				var cells []int32
				qs = qs[:0]
				for xi, end := firstIn(p0), firstIn(p1+1); xi < end; xi++ {
					x := &xs[xi]
					ijk := [3]int{int(x.ijk[0]), int(x.ijk[1]), int(x.ijk[2])}
					d1, d2 := (int(x.axis)+1)%3, (int(x.axis)+2)%3
					if ijk[d1] < 1 || ijk[d1] > n-2 || ijk[d2] < 1 || ijk[d2] > n-2 {
						if int(ijk[0]) < p1 {
							xv[xi] = [4]int32{-1} // the whole entry: pooled ones are stale
						}
						continue
					}
					// The four cells around the edge, counter-clockwise about +axis seen from
					// a, then reversed so the quad faces a (see addCrossing's order).
					i1, i2 := b2i(d1 == 0), b2i(d2 == 0)
					planes := [4]int{ijk[0], ijk[0] - i2, ijk[0] - i1 - i2, ijk[0] - i1}
					mine := false
					for _, q := range planes {
						mine = mine || (q >= p0 && q < p1)
					}
					if !mine {
						continue
					}
					var cq [4]qef
					addCrossing(s, x, &cq)
					a := int(x.a)
					stride := [3]int{n * n, n, 1}
					c10, c01 := a-stride[d1], a-stride[d2]
					cs := [4]int{a, c01, c10 - stride[d2], c10}
					for ci, c := range cs {
						q := planes[ci]
						if q < p0 || q >= p1 {
							continue
						}
						key := (q-p0)*n*n + c - q*n*n
						v := slab[key]
						if v < 0 {
							v = int32(len(cells))
							slab[key] = v
							touched = append(touched, int32(key))
							cells = append(cells, int32(c))
							qs = append(qs, qef{})
						}
						qs[v].add(&cq[ci])
						xv[xi][ci] = v // local: the task's offset is added below
					}
				}
				for _, k := range touched {
					slab[k] = -1
				}
				touched = touched[:0]
				ps := make([]mgl32.Vec3, len(cells))
				for v := range cells {
					ps[v] = s.solveCell(&qs[v], int(cells[v]), snap)
				}
				out[t] = taskOut{ps, cells}
			}
		}()
	}
	wg.Wait()
	off := make([]int32, ntask+1)
	for t := range out {
		off[t+1] = off[t] + int32(len(out[t].pos))
	}
	total := int(off[ntask])
	pos = poolVec3.get(total, 0)   // extractOpen returns it
	cellOf = poolI32.get(total, 0) // extractOpen returns it
	parallelRange(ntask, func(lo, hi int) {
		for t := lo; t < hi; t++ {
			copy(pos[off[t]:], out[t].pos)
			copy(cellOf[off[t]:], out[t].cellOf)
		}
	})
	parallelRange(len(xs), func(lo, hi int) {
		for xi := lo; xi < hi; xi++ {
			if xv[xi][0] < 0 {
				continue
			}
			x := &xs[xi]
			d1, d2 := (int(x.axis)+1)%3, (int(x.axis)+2)%3
			i1, i2 := b2i(d1 == 0), b2i(d2 == 0)
			p := int(x.ijk[0])
			planes := [4]int{p, p - i2, p - i1 - i2, p - i1}
			for ci, q := range planes {
				xv[xi][ci] += off[q/C]
			}
		}
	})
	return xv, pos, cellOf
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
