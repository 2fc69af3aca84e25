package csp

import (
	"math"
	"math/bits"
	"sync/atomic"

	"github.com/go-gl/mathgl/mgl32"
)

// gridBlocks are the block sides, in cells, a baked grid is culled by, coarse to fine: the
// 8-cell blocks' corners are 1/512 of the nodes; each finer level evaluates only the corners
// of blocks whose parent survived, and the 2-cell leaves bound the band of nodes whose u is
// computed to a few voxels around the level set (u is read from 12-byte closest points
// scattered in memory: the band, not the arithmetic, is the cost).
var gridBlocks = [...]int{8, 4}

// gridSlackVoxels widens the grid cull for rounding only: a grid's u is computed from its
// own closest points, exact distances near the surface for baked grids, and a cull that is
// wrong for a grid that is not can only cap the level set there (nodes left far), never
// open it: the surface stays closed.
const gridSlackVoxels = 0.05

// gridCull is what refineGrid learns about a grid's finest blocks.
type gridCull struct {
	b      int    // block side in cells
	nb     int    // blocks per axis: cells [x·b, min(x·b+b, n−1))
	active []bool // (bi·nb + bj)·nb + bk: the block may hold a node with u < level (coarse levels)
	// bits[(bi·nb + bj)·words + w] has bit x set when block (bi, bj, 64w + x) is active
	// (the finest level).
	bits  []uint64
	words int
	count atomic.Int64
}

// refineGrid culls a grid's blocks for level, coarse to fine. Every point of a block lies
// within half its diagonal of its nearest corner, so a block whose corners' least u exceeds
// half its diagonal plus level (plus gridSlackVoxels) holds no point with u ≤ level (u is
// 1-Lipschitz). It sets the cube rows' ranges; u itself is computed plane by plane while
// marching (gridPlane), so the lattice holds no u array.
func (s *nodes) refineGrid(level float32) {
	n, h := s.n, s.h
	var parent *gridCull
	var lastCu []float32 // the last level's corner values
	for _, B := range gridBlocks {
		nb := (n - 2 + B) / B
		cn := nb + 1
		at := func(b int) int { return min(b*B, n-1) }
		// Scratch from the pools (extract_pool.go), zeroed where only some entries are set.
		g := &gridCull{b: B, nb: nb, active: poolBool2.get(nb*nb*nb, 0)}
		clear(g.active)
		// The corners to evaluate: all of them on the coarsest level, else those of the
		// children of surviving blocks (and the children to test).
		need := poolBool2.get(cn*cn*cn, 0)
		clear(need)
		test := poolI32.get(0, 0)
		if parent == nil {
			for i := range need {
				need[i] = true
			}
			for i := range g.active {
				test = append(test, int32(i))
			}
		} else {
			pn := parent.nb
			for id, ok := range parent.active {
				if !ok {
					continue
				}
				pa, pb, pc := id/(pn*pn), id/pn%pn, id%pn
				for a := 2 * pa; a <= min(2*pa+2, cn-1); a++ {
					for b := 2 * pb; b <= min(2*pb+2, cn-1); b++ {
						for c := 2 * pc; c <= min(2*pc+2, cn-1); c++ {
							need[(a*cn+b)*cn+c] = true
							if a < min(2*pa+2, nb) && b < min(2*pb+2, nb) && c < min(2*pc+2, nb) {
								test = append(test, int32((a*nb+b)*nb+c))
							}
						}
					}
				}
			}
		}
		cu := poolF32.get(cn*cn*cn, 0) // every entry written
		var evaluated atomic.Int64
		parallelRange(cn, func(lo, hi int) {
			count := 0
			for a := lo; a < hi; a++ {
				for b := 0; b < cn; b++ {
					for c := 0; c < cn; c++ {
						u := farU
						if need[(a*cn+b)*cn+c] {
							u = s.gridU(at(a), at(b), at(c))
							count++
						}
						cu[(a*cn+b)*cn+c] = u
					}
				}
			}
			evaluated.Add(int64(count))
		})
		s.evaluated += int(evaluated.Load())
		side := make([]float32, nb) // block x's side along one axis, in voxels (clipped at the rim)
		for x := range side {
			side[x] = float32(at(x+1) - at(x))
		}
		parallelRange(len(test), func(lo, hi int) {
			for _, id := range test[lo:hi] {
				a, b, c := int(id)/(nb*nb), int(id)/nb%nb, int(id)%nb
				i0, i1 := (a*cn+b)*cn+c, ((a+1)*cn+b)*cn+c // corners (a, b, c) and (a+1, b, c)
				m := min(cu[i0], cu[i0+1], cu[i0+cn], cu[i0+cn+1], cu[i1], cu[i1+1], cu[i1+cn], cu[i1+cn+1])
				da, db, dc := side[a], side[b], side[c]
				half := h / 2 * float32(math.Sqrt(float64(da*da+db*db+dc*dc)))
				g.active[id] = m <= half+level+gridSlackVoxels*h
			}
		})
		poolBool2.put(need)
		poolI32.put(test)
		if parent != nil {
			poolBool2.put(parent.active)
			poolF32.put(lastCu)
		}
		parent, lastCu = g, cu
	}
	s.cull = parent
	parent = s.octants(lastCu, level)
	poolBool2.put(s.cull.active)
	poolF32.put(lastCu)
	g, B := parent, parent.b
	nb := g.nb
	at := func(b int) int { return min(b*B, n-1) }
	// Cube rows (i, j) share their block row's (i/B, j/B) range: found once per block row.
	parallelRange(nb, func(lo, hi int) {
		for bi := lo; bi < hi; bi++ {
			for bj := 0; bj < nb; bj++ {
				rlo, rhi := int32(n), int32(-1)
				w := g.bits[(bi*nb+bj)*g.words:][:g.words]
				for x := 0; x < g.words; x++ {
					if w[x] != 0 {
						rlo = int32(at(64*x + bits.TrailingZeros64(w[x])))
						break
					}
				}
				for x := g.words - 1; x >= 0; x-- {
					if w[x] != 0 {
						rhi = int32(at(64*x+63-bits.LeadingZeros64(w[x])+1) - 1)
						break
					}
				}
				for i := bi * B; i < min(bi*B+B, n-1); i++ {
					for j := bj * B; j < min(bj*B+B, n-1); j++ {
						s.rowLo[i*n+j], s.rowHi[i*n+j] = rlo, rhi
					}
				}
			}
		}
	})
	s.cull = g
}

// octants splits the surviving blocks of the last level into their eight half-size children,
// each kept only if its own nearest corner of the parent (known: cu) does not prove it far:
// every point of the child lies within reach of that corner, so u there is at least
// u_corner − reach. It costs no evaluation and halves the band's thickness.
func (s *nodes) octants(cu []float32, level float32) *gridCull {
	n, h, p := s.n, s.h, s.cull
	B, C := p.b, p.b/2
	nb, cn := p.nb, p.nb+1
	nc := (n - 2 + C) / C
	// The finest level is kept as bits only (gridPlane and the row ranges read those): a
	// worker owns parent planes a, so child rows 2a and 2a+1, and sets their bits alone.
	g := &gridCull{b: C, nb: nc, words: (nc + 63) / 64}
	g.bits = poolU64.get(nc*nc*g.words, 0) // releaseScratch returns it
	clear(g.bits)
	atP := func(x int) int { return min(x*B, n-1) }
	atC := func(x int) int { return min(x*C, n-1) }
	// reach[x]: along one axis, how far (in voxels) child block x's nodes lie from the
	// parent corner it touches (x/2 + x%2): C, less where the lattice clips the block.
	reach := make([]float32, nc)
	for x := range reach {
		corner := atP(x/2 + x%2)
		reach[x] = float32(max(abs(atC(x)-corner), abs(atC(x+1)-corner)))
	}
	slack := level + gridSlackVoxels*h
	parallelRange(nb, func(lo, hi int) {
		for a := lo; a < hi; a++ {
			for b := 0; b < nb; b++ {
				row := p.active[(a*nb+b)*nb : (a*nb+b)*nb+nb]
				for c, ok := range row {
					if !ok {
						continue
					}
					for q := 0; q < 8; q++ {
						oa, ob, oc := q&1, q>>1&1, q>>2&1
						x, y, z := 2*a+oa, 2*b+ob, 2*c+oc
						if x >= nc || y >= nc || z >= nc {
							continue
						}
						u := cu[((a+oa)*cn+b+ob)*cn+c+oc]
						r2 := reach[x]*reach[x] + reach[y]*reach[y] + reach[z]*reach[z]
						if u <= h*float32(math.Sqrt(float64(r2)))+slack {
							g.bits[(x*nc+y)*g.words+z/64] |= 1 << (z % 64)
						}
					}
				}
			}
		}
	})
	return g
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// releaseScratch returns the cull's arrays to the pools once an extraction is done with s.
func (s *nodes) releaseScratch() {
	if g := s.cull; g != nil {
		poolU64.put(g.bits)
		s.cull = nil
	}
}

// gridU is u at node (i, j, k) from the grid's closest point.
func (s *nodes) gridU(i, j, k int) float32 {
	o, h := s.origin, s.h
	id := 3 * s.idx(i, j, k)
	c := s.c[id : id+3 : id+3]
	dx, dy, dz := o[0]+float32(i)*h-c[0], o[1]+float32(j)*h-c[1], o[2]+float32(k)*h-c[2]
	return float32(math.Sqrt(float64(dx*dx + dy*dy + dz*dz)))
}

// gridPlane fills buf (n² values) with u on node plane i: computed on the nodes of active
// blocks, +Inf between them and on the lattice's outer nodes (so the level set is capped at
// the box and stays closed). Nodes that u (1-Lipschitz) proves to be at skip or more are
// left +Inf too: the caller reads no u at or above skip (for marching at level t, skip is
// t + √3·h: such a node is in no cube with an inside corner). Node rows next to no active
// block are left as they are: no cube row with a range reads them. span[2j], span[2j+1] receive the first and last k of
// row j with u < level (n, −1: none).
func (s *nodes) gridPlane(i int, buf []float32, span []int32, level, skip float32) []float32 {
	n, g := s.n, s.cull
	// (u − skip)/h rounds toward zero; the slack keeps rounding from skipping a node whose
	// u is skip to within a float's error.
	invH := 1 / (s.h * (1 + gridSkipSlack))
	B, nb, nw := g.b, g.nb, g.words
	at := func(b int) int { return min(b*B, n-1) }
	// blocksOf lists the blocks along one axis that hold node x (one, or two at a boundary).
	blocksOf := func(x int) (b0, b1 int) {
		b0, b1 = min(x/B, nb-1), -1
		if x%B == 0 && x > 0 && x/B < nb {
			b1 = x/B - 1
		}
		return b0, b1
	}
	o, h := s.origin, s.h
	count := 0
	bi0, bi1 := blocksOf(i)
	// Pass 1: each row's mask of active blocks, and a touch of every cache line the row's
	// active blocks hold. The touches are independent loads, so dozens of misses are in
	// flight at once, where the computing pass below would wait for them a few at a time
	// (the band's closest points are cold: read once per extraction, scattered over 100s of
	// MB). It saves a sixth of gridPlane's time on the bunny at 256³.
	masks := poolU64.get(n*nw, 0)
	defer poolU64.put(masks)
	var touch float32
	for j := 1; j < n-1; j++ {
		w := masks[j*nw : j*nw+nw]
		clear(w)
		if i == 0 || i == n-1 {
			continue
		}
		bj0, bj1 := blocksOf(j)
		for _, bi := range [2]int{bi0, bi1} {
			for _, bj := range [2]int{bj0, bj1} {
				if bi >= 0 && bj >= 0 {
					for x, v := range g.bits[(bi*nb+bj)*nw:][:nw] {
						w[x] |= v
					}
				}
			}
		}
		cs := s.c[3*s.idx(i, j, 0) : 3*s.idx(i, j, n)]
		for wx := 0; wx < nw; wx++ {
			for v := w[wx]; v != 0; v &= v - 1 {
				bk := 64*wx + bits.TrailingZeros64(v)
				lo, hi := 3*at(bk), 3*at(bk+1)+2
				for x := lo; x < hi; x += 16 { // 16 floats: one 64-byte line
					touch += cs[x]
				}
				touch += cs[hi]
			}
		}
	}
	touchSink.Store(math.Float32bits(touch))
	// Pass 2: u on those blocks' nodes.
	for j := 0; j < n; j++ {
		row := buf[j*n : j*n+n]
		span[2*j], span[2*j+1] = int32(n), -1
		if i == 0 || i == n-1 || j == 0 || j == n-1 {
			copy(row, farRow[:])
			continue
		}
		w := masks[j*nw : j*nw+nw]
		any := false
		for _, v := range w {
			any = any || v != 0
		}
		if !any {
			continue
		}
		x, y := o[0]+float32(i)*h, o[1]+float32(j)*h
		cs := s.c[3*s.idx(i, j, 0) : 3*s.idx(i, j, n)]
		next := 0 // first node of the row not yet written
		first, last := n, -1
		for wx := 0; wx < nw; wx++ {
			for v := w[wx]; v != 0; v &= v - 1 {
				bk := 64*wx + bits.TrailingZeros64(v)
				k0, k1 := at(bk), at(bk+1)
				if next < k0 {
					copy(row[next:k0], farRow[:])
				}
				k := max(k0, next)
				for k <= k1 {
					c := cs[3*k : 3*k+3 : 3*k+3]
					dx, dy, dz := x-c[0], y-c[1], o[2]+float32(k)*h-c[2]
					u := float32(math.Sqrt(float64(dx*dx + dy*dy + dz*dz)))
					row[k] = u
					if u < level {
						first, last = min(first, k), k
					}
					count++
					k++
					// Row skipping: u drops by at most h per node, so the next m nodes have
					// u > u − m·h ≥ skip and nobody reads them: they stay far (the skip may
					// run on over the next blocks).
					if m := int((u - skip) * invH); m > 0 {
						e := min(k+m, n)
						copy(row[k:e], farRow[:])
						k = e
					}
				}
				next = k
			}
		}
		copy(row[next:], farRow[:])
		row[0], row[n-1] = farU, farU
		span[2*j], span[2*j+1] = int32(max(first, 1)), int32(min(last, n-2))
	}
	g.count.Add(int64(count))
	return buf
}

// touchSink receives gridPlane's touches, so the compiler keeps the loads.
var touchSink atomic.Uint32

// gridSkipSlack widens row skipping's step by a relative float error: a skipped node is
// proven at skip or more by a margin of 1e-4 of a voxel per node skipped.
const gridSkipSlack = 1e-4

// farRow is a node row of farU, copied (memmove: wide stores) over the gaps of gridPlane's rows.
var farRow = func() (r [MaxGridDim]float32) {
	for k := range r {
		r[k] = farU
	}
	return r
}()

// gridLerp is the grid's closest point at p by trilinear interpolation: (*Grid).ClosestPoints
// on a float32 grid's own storage, without its per-corner generality. Unrolled (it runs once
// per open-mode vertex): corner (a, b, k) ∈ {0,1}³ along i, j, k has weight w_i·w_j·w_k,
// and the corners are summed in the order of a + 2b + 4k.
func (s *nodes) gridLerp(p mgl32.Vec3) mgl32.Vec3 {
	n := s.n
	// Scalars, not arrays (see addCrossing).
	cell := func(x, o float32) (int, float32) {
		u := (x - o) / s.h
		if !(u > 0) { // also catches NaN
			u = 0
		} else if u > float32(n-1) {
			u = float32(n - 1)
		}
		i := min(int(u), n-2)
		return i, u - float32(i)
	}
	i, ti := cell(p[0], s.origin[0])
	j, tj := cell(p[1], s.origin[1])
	k, tk := cell(p[2], s.origin[2])
	base := 3 * ((i*n+j)*n + k)
	si, sj := 3*n*n, 3*n
	c := s.c[base : base+si+sj+6 : base+si+sj+6] // the eight corners' closest points
	// Corner (a, b, k) ∈ {0,1}³ has weight w_a·w_b·w_k, summed in the order a + 2b + 4k;
	// unrolled, without branches (a zero weight adds a zero).
	ui, uj, uk := 1-ti, 1-tj, 1-tk
	w0, w1, w2, w3 := ui*uj*uk, ti*uj*uk, ui*tj*uk, ti*tj*uk
	w4, w5, w6, w7 := ui*uj*tk, ti*uj*tk, ui*tj*tk, ti*tj*tk
	c0, c1, c2, c3 := c[0:3:3], c[si:si+3:si+3], c[sj:sj+3:sj+3], c[si+sj:si+sj+3:si+sj+3]
	c4, c5, c6, c7 := c[3:6:6], c[si+3:si+6:si+6], c[sj+3:sj+6:sj+6], c[si+sj+3:si+sj+6:si+sj+6]
	x := w0*c0[0] + w1*c1[0] + w2*c2[0] + w3*c3[0] + w4*c4[0] + w5*c5[0] + w6*c6[0] + w7*c7[0]
	y := w0*c0[1] + w1*c1[1] + w2*c2[1] + w3*c3[1] + w4*c4[1] + w5*c5[1] + w6*c6[1] + w7*c7[1]
	z := w0*c0[2] + w1*c1[2] + w2*c2[2] + w3*c3[2] + w4*c4[2] + w5*c5[2] + w6*c6[2] + w7*c7[2]
	return mgl32.Vec3{x, y, z}
}

// blocksVertices is the vertex room reserved per surviving finest (2-cell) block: the bunny's
// shell at 256³ makes 2.6 vertices (5.2 triangles) per block; 3 leaves a little margin.
const blocksVertices = 3

// activeIn counts the surviving blocks that hold cube layers [i0, i1).
func (g *gridCull) activeIn(i0, i1 int) int {
	nb, count := g.nb, 0
	for a := i0 / g.b; a < min((i1+g.b-1)/g.b, nb); a++ {
		for _, w := range g.bits[a*nb*g.words : (a+1)*nb*g.words] {
			count += bits.OnesCount64(w)
		}
	}
	return count
}
