package csp

import (
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
)

// qefChunkPlanes is the number of node planes one accumulation task covers: fixed (not
// per core) so the order of floating-point sums, and so the output, does not depend on the
// number of workers; 4 planes make 64 tasks at 256³, enough to balance two to 64 cores.
const qefChunkPlanes = 4

// cellVertices gives each cell touched by a crossing one vertex, numbered in crossing order:
// xv[x] holds crossing x's four cell vertices in winding order (xv[x][0] = −1: the edge is
// on the lattice's rim, no quad), cellOf[v] vertex v's cell (its lower corner node).
// Crossings come in node order and touch cells of their own plane and the one before, so two
// plane slabs (by parity, reset when a new plane comes in) map cells to vertices.
func cellVertices(n int, xs []crossing) (xv [][4]int32, cellOf []int32) {
	stride := [3]int{n * n, n, 1}
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
	// Pooled (extract_pool.go): extractOpen returns them once the triangles are made.
	xv = poolQuad.get(len(xs), 0)
	cellOf = poolI32.get(0, len(xs)+len(xs)/4) // about one vertex per crossing on a sheet
	for xi, x := range xs {
		a := int(x.a)
		ijk := [3]int{int(x.ijk[0]), int(x.ijk[1]), int(x.ijk[2])}
		d1, d2 := (int(x.axis)+1)%3, (int(x.axis)+2)%3
		if ijk[d1] < 1 || ijk[d1] > n-2 || ijk[d2] < 1 || ijk[d2] > n-2 {
			xv[xi] = [4]int32{-1} // the whole entry: pooled ones are stale
			continue
		}
		// Around +axis counter-clockwise, then reversed so the quad faces a (the −axis end).
		c10, c01 := a-stride[d1], a-stride[d2]
		cs := [4]int{a, c01, c10 - stride[d2], c10}
		// The cells' planes (i): a's, less one where a step across the edge is along i.
		i1, i2 := b2i(d1 == 0), b2i(d2 == 0)
		pls := [4]int{ijk[0], ijk[0] - i2, ijk[0] - i1 - i2, ijk[0] - i1}
		for ci, c := range cs {
			pl := pls[ci]
			in := c - pl*n*n
			sl := pl & 1
			if slabPlane[sl] != pl {
				for _, t := range touched[sl] {
					slab[sl][t] = -1
				}
				touched[sl] = touched[sl][:0]
				slabPlane[sl] = pl
			}
			v := slab[sl][in]
			if v < 0 {
				v = int32(len(cellOf))
				slab[sl][in] = v
				touched[sl] = append(touched[sl], int32(in))
				cellOf = append(cellOf, int32(c))
			}
			xv[xi][ci] = v
		}
	}
	return xv, cellOf
}

// borderAdd is one crossing's contribution to a vertex of the plane before its task's first.
type borderAdd struct {
	v int32
	q qef
}

// accumulateQEFs sums each vertex's tangent planes and crossing points, in parallel by
// tasks of qefChunkPlanes node planes. A task owns the vertices of cells in its planes;
// contributions to the plane before (the previous task's last) are kept aside and added after,
// task by task in crossing order: the same sums in the same order as one serial pass.
func accumulateQEFs(s *nodes, xs []crossing, xv [][4]int32, cellOf []int32) []qef {
	n := s.n
	qs := poolQEF.get(len(cellOf), 0) // extractOpen returns it once solved
	clear(qs)
	ntask := (n + qefChunkPlanes - 1) / qefChunkPlanes
	// Crossing ranges per task: crossings are in node order.
	start := make([]int, ntask+1)
	for t := 0; t <= ntask; t++ {
		p0 := int32(min(t*qefChunkPlanes, n) * n * n)
		start[t] = sort.Search(len(xs), func(i int) bool { return xs[i].a >= p0 })
	}
	border := make([][]borderAdd, ntask)
	var next atomic.Int32
	var wg sync.WaitGroup
	for w := min(runtime.GOMAXPROCS(0), ntask); w > 0; w-- {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				t := int(next.Add(1)) - 1
				if t >= ntask {
					return
				}
				firstCell := int32(t * qefChunkPlanes * n * n)
				border[t] = poolBorder.get(0, 0) // returned once added
				for xi := start[t]; xi < start[t+1]; xi++ {
					if xv[xi][0] < 0 {
						continue
					}
					var cq [4]qef
					addCrossing(s, &xs[xi], &cq)
					for ci, v := range xv[xi] {
						if cellOf[v] >= firstCell {
							qs[v].add(&cq[ci])
						} else {
							border[t] = append(border[t], borderAdd{v, cq[ci]})
						}
					}
				}
			}
		}()
	}
	wg.Wait()
	for _, b := range border {
		for i := range b {
			qs[b[i].v].add(&b[i].q)
		}
		poolBorder.put(b)
	}
	return qs
}

// add sums r into q.
func (q *qef) add(r *qef) {
	for i := range q.ata {
		q.ata[i] += r.ata[i]
	}
	for i := range q.atb {
		q.atb[i] += r.atb[i]
		q.mass[i] += r.mass[i]
	}
	q.nm += r.nm
}

// addCrossing computes crossing x's contribution to each of its four cells' QEFs (two
// tangent planes and the crossing point, relative to the cell's lower corner) and hands it
// in cq, in winding order. The planes n·v = n·c are written relative to a (the first cell's
// corner): d = n·(c − a), small numbers of a voxel's size, exact enough in float32. A cell
// whose corner is o = a − δ sees d + n·δ, so its right side is atb + AᵀA·δ, with δ a voxel
// along one or both of the directions across the edge.
func addCrossing(s *nodes, x *crossing, cq *[4]qef) {
	// Scalars, not mgl32.Vec3: Go keeps small arrays in memory, and their element-wise
	// stores followed by whole-array copies stall store forwarding (this ran 3× slower).
	h := s.h
	ax, ay, az := s.origin[0]+float32(x.ijk[0])*h, s.origin[1]+float32(x.ijk[1])*h, s.origin[2]+float32(x.ijk[2])*h
	bx, by, bz := ax, ay, az
	var mx, my, mz float32 // the crossing point relative to a
	switch x.axis {
	case 0:
		bx += h
		mx = x.t * h
	case 1:
		by += h
		my = x.t * h
	default:
		bz += h
		mz = x.t * h
	}
	ca, cb := &x.ca, &x.cb
	ia, ib := 1/x.ua, 1/x.ub
	nax, nay, naz := (ax-ca[0])*ia, (ay-ca[1])*ia, (az-ca[2])*ia
	nbx, nby, nbz := (bx-cb[0])*ib, (by-cb[1])*ib, (bz-cb[2])*ib
	da := nax*(ca[0]-ax) + nay*(ca[1]-ay) + naz*(ca[2]-az)
	db := nbx*(cb[0]-ax) + nby*(cb[1]-ay) + nbz*(cb[2]-az)
	xx, xy, xz := nax*nax+nbx*nbx, nax*nay+nbx*nby, nax*naz+nbx*nbz
	yy, yz, zz := nay*nay+nby*nby, nay*naz+nby*nbz, naz*naz+nbz*nbz
	bx0, by0, bz0 := nax*da+nbx*db, nay*da+nby*db, naz*da+nbz*db
	// AᵀA's columns along the two directions across the edge, times a voxel: a cell whose
	// corner is a voxel back along d sees its right side grow by that column.
	col := func(d int) (float32, float32, float32) {
		switch d {
		case 0:
			return xx * h, xy * h, xz * h
		case 1:
			return xy * h, yy * h, yz * h
		}
		return xz * h, yz * h, zz * h
	}
	d1, d2 := (int(x.axis)+1)%3, (int(x.axis)+2)%3
	s1x, s1y, s1z := col(d1)
	s2x, s2y, s2z := col(d2)
	// The mass point seen from a cell a voxel back along d moves a voxel forward along d.
	step := func(d int) (float32, float32, float32) {
		switch d {
		case 0:
			return h, 0, 0
		case 1:
			return 0, h, 0
		}
		return 0, 0, h
	}
	e1x, e1y, e1z := step(d1)
	e2x, e2y, e2z := step(d2)
	ata := [6]float32{xx, xy, xz, yy, yz, zz}
	// Cells c00, c01, c11, c10: a less e_d2 for c01 and c11, less e_d1 for c11 and c10.
	cq[0] = qef{ata: ata, atb: [3]float32{bx0, by0, bz0}, mass: [3]float32{mx, my, mz}, nm: 1}
	cq[1] = qef{ata: ata, atb: [3]float32{bx0 + s2x, by0 + s2y, bz0 + s2z}, mass: [3]float32{mx + e2x, my + e2y, mz + e2z}, nm: 1}
	cq[2] = qef{ata: ata, atb: [3]float32{bx0 + s2x + s1x, by0 + s2y + s1y, bz0 + s2z + s1z}, mass: [3]float32{mx + e2x + e1x, my + e2y + e1y, mz + e2z + e1z}, nm: 1}
	cq[3] = qef{ata: ata, atb: [3]float32{bx0 + s1x, by0 + s1y, bz0 + s1z}, mass: [3]float32{mx + e1x, my + e1y, mz + e1z}, nm: 1}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
