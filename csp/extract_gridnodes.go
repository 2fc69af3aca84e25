package csp

import (
	"math"
	"sync/atomic"
)

// gridBlock is the side, in cells, of the blocks a baked grid is culled by: its corners are
// 1/64 of the nodes, and a 4-cell block's diagonal (6.9 voxels) keeps the band of nodes
// whose u is computed to a few voxels around the level set.
const gridBlock = 4

// gridCull is what refineGrid learns about a grid's blocks.
type gridCull struct {
	nb     int    // blocks per axis: cells [b·B, min(b·B+B, n−1))
	active []bool // (bi·nb + bj)·nb + bk: the block may hold points with u ≤ level
	count  atomic.Int64
}

// refineGrid culls a grid's blocks for level: a block is dropped when its corners' least u
// exceeds its diagonal plus level plus a voxel of slack (u is 1-Lipschitz). It sets the cube
// rows' ranges; u itself is computed plane by plane while marching (gridPlane), so the
// lattice holds no u array at all.
func (s *nodes) refineGrid(level float32) {
	n, h, B := s.n, s.h, gridBlock
	nb := (n - 2 + B) / B
	cn := nb + 1
	at := func(b int) int { return min(b*B, n-1) }
	cu := make([]float32, cn*cn*cn)
	parallelRange(cn, func(lo, hi int) {
		for a := lo; a < hi; a++ {
			for b := 0; b < cn; b++ {
				for c := 0; c < cn; c++ {
					cu[(a*cn+b)*cn+c] = s.gridU(at(a), at(b), at(c))
				}
			}
		}
	})
	g := &gridCull{nb: nb, active: make([]bool, nb*nb*nb)}
	parallelRange(nb, func(lo, hi int) {
		for a := lo; a < hi; a++ {
			for b := 0; b < nb; b++ {
				for c := 0; c < nb; c++ {
					m := farU
					for q := 0; q < 8; q++ {
						m = min(m, cu[((a+q&1)*cn+b+q>>1&1)*cn+c+q>>2&1])
					}
					d := [3]float32{float32(at(a+1) - at(a)), float32(at(b+1) - at(b)), float32(at(c+1) - at(c))}
					diag := h * float32(math.Sqrt(float64(d[0]*d[0]+d[1]*d[1]+d[2]*d[2])))
					g.active[(a*nb+b)*nb+c] = m <= diag+level+refineSlackVoxels*h
				}
			}
		}
	})
	parallelRange(n-1, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			for j := 0; j < n-1; j++ { // cube row (i, j) lies in block row (i/B, j/B)
				r, base := i*n+j, (i/B*nb+j/B)*nb
				s.rowLo[r], s.rowHi[r] = int32(n), -1
				for bk := 0; bk < nb; bk++ {
					if g.active[base+bk] {
						s.rowLo[r] = min(s.rowLo[r], int32(at(bk)))
						s.rowHi[r] = int32(at(bk+1) - 1)
					}
				}
			}
		}
	})
	s.cull = g
	s.evaluated += cn * cn * cn
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
// blocks, +Inf elsewhere and on the lattice's outer nodes (so the level set is capped at the
// box and stays closed).
func (s *nodes) gridPlane(i int, buf []float32) []float32 {
	n, B, g := s.n, gridBlock, s.cull
	nb := g.nb
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
	for j := 0; j < n; j++ {
		row := buf[j*n : j*n+n]
		if i == 0 || i == n-1 || j == 0 || j == n-1 {
			for k := range row {
				row[k] = farU
			}
			continue
		}
		bj0, bj1 := blocksOf(j)
		any := func(bk int) bool {
			for _, bi := range [2]int{bi0, bi1} {
				for _, bj := range [2]int{bj0, bj1} {
					if bi >= 0 && bj >= 0 && g.active[(bi*nb+bj)*nb+bk] {
						return true
					}
				}
			}
			return false
		}
		x, y := o[0]+float32(i)*h, o[1]+float32(j)*h
		cs := s.c[3*s.idx(i, j, 0) : 3*s.idx(i, j, n)]
		next := 0 // first node of the row not yet written
		for bk := 0; bk < nb; bk++ {
			k0, k1 := at(bk), at(bk+1)
			if any(bk) {
				for k := max(k0, next); k <= k1; k++ {
					c := cs[3*k : 3*k+3 : 3*k+3]
					dx, dy, dz := x-c[0], y-c[1], o[2]+float32(k)*h-c[2]
					row[k] = float32(math.Sqrt(float64(dx*dx + dy*dy + dz*dz)))
					count++
				}
				next = k1 + 1
			} else {
				for k := max(k0, next); k < k1; k++ {
					row[k] = farU
				}
				next = max(next, k1)
			}
		}
		for k := next; k < n; k++ {
			row[k] = farU
		}
		row[0], row[n-1] = farU, farU
	}
	g.count.Add(int64(count))
	return buf
}

// fillU computes the whole u array from the cull (for the open mode, which reads u anywhere).
func (s *nodes) fillU() {
	n := s.n
	s.u = make([]float32, n*n*n)
	parallelRange(n, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			s.gridPlane(i, s.u[i*n*n:(i+1)*n*n])
		}
	})
	s.evaluated += int(s.cull.count.Swap(0))
}
