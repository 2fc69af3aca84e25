package csp

import (
	"context"
	"fmt"
	"math"

	"github.com/go-gl/mathgl/mgl32"
)

// Adaptive baking for fields that are costly to query (a neural field: one query of the
// released network is about 9.7 M multiply-adds). The grid is covered by an octree of cells
// whose corners are grid nodes, starting from about 16 cells per axis. Each level evaluates
// the corners of its cells not known yet, in large batches (the MLP spreads them over all
// cores), then refines a cell into 8 children only where
//
//   - the surface may pass near it: the smallest corner distance u is below the cell's
//     diagonal (u is 1-Lipschitz, so a cell whose corners all have u ≥ diagonal holds no
//     surface point), or
//   - its corners' closest points spread further apart than the diagonal: the closest-point
//     map expands there, which happens only approaching a focal or medial region (the centre
//     of a sphere, midway between two sheets), where interpolated closest points are wrong
//     and would make phantom surfaces.
//
// A cell kept whole gets its inner nodes by trilinear interpolation of its corners' closest
// points. There the map is smooth and contracting (it moves by less than the node spacing),
// so the interpolation error is second order in the cell size and small against u, which is
// at least the cell's diagonal: sphere tracing steps by slightly wrong but safe amounts far
// from the surface, and every cell the surface comes near is evaluated node by node, exactly
// as Bake would. Smaller cells are filled after larger ones and exact values are never
// overwritten, so where a whole cell meets a refined one the face nodes are exact.
// The corners of a cell are only tested, not its centre: with the Lipschitz bound the
// corners already decide whether the surface can enter the cell.

// adaptiveChunk is the number of queries passed to the field at once: 64 batches of the
// MLP's 256 rows, enough to keep every core busy, small enough to report progress and cancel
// often.
const adaptiveChunk = 1 << 14

// adaptiveCoarseCells is the number of cells per axis the octree starts from.
const adaptiveCoarseCells = 16

// AdaptiveStats says how much work an adaptive bake did.
type AdaptiveStats struct {
	Evaluated int // field queries made
	Nodes     int // grid nodes (n³), what a full bake queries
	Levels    int // octree levels visited
}

// Node states during an adaptive bake.
const (
	nodeUnknown = iota
	nodeFilled  // interpolated from a cell kept whole
	nodeQueued  // to be evaluated at this level
	nodeExact   // evaluated
)

// octCell is a cell of the octree: nodes [i, i+s] per axis, clipped to the grid.
type octCell struct{ i, j, k, s int32 }

// BakeAdaptive bakes f on the same n³ grid as Bake (the cube centred on [lo, hi]), querying f
// only where the surface is near (see the comment above). It reports progress as nodes
// settled of n³ and stops with ctx's error when ctx is cancelled.
func BakeAdaptive(ctx context.Context, f Field, lo, hi mgl32.Vec3, n int, progress func(done, total int)) (*Grid, error) {
	g, _, err := BakeAdaptiveStats(ctx, f, lo, hi, n, progress)
	return g, err
}

// BakeAdaptiveStats is BakeAdaptive that also returns how many queries it made.
func BakeAdaptiveStats(ctx context.Context, f Field, lo, hi mgl32.Vec3, n int, progress func(done, total int)) (*Grid, AdaptiveStats, error) {
	var st AdaptiveStats
	if n < 2 || n > MaxGridDim {
		return nil, st, fmt.Errorf("adaptive bake: resolution %d out of range 2..%d", n, MaxGridDim)
	}
	ext := hi.Sub(lo)
	side := max(ext[0], ext[1], ext[2])
	origin := lo.Add(hi).Mul(0.5).Sub(mgl32.Vec3{side / 2, side / 2, side / 2})
	g, err := NewGrid([3]int{n, n, n}, origin, side/float32(n-1), false)
	if err != nil {
		return nil, st, fmt.Errorf("adaptive bake: %w", err)
	}
	b := &adaptive{ctx: ctx, f: f, g: g, n: n, state: make([]uint8, n*n*n), progress: progress}
	st.Nodes = n * n * n
	s := 1
	for s*adaptiveCoarseCells < n-1 {
		s *= 2
	}
	var cells []octCell
	for i := 0; i < n-1; i += s {
		for j := 0; j < n-1; j += s {
			for k := 0; k < n-1; k += s {
				cells = append(cells, octCell{int32(i), int32(j), int32(k), int32(s)})
			}
		}
	}
	for len(cells) > 0 {
		st.Levels++
		if err := b.evaluateCorners(cells); err != nil {
			return nil, st, err
		}
		cells = b.refine(cells)
	}
	st.Evaluated = b.evaluated
	if progress != nil {
		progress(st.Nodes, st.Nodes)
	}
	return g, st, nil
}

// adaptive is the state of one adaptive bake.
type adaptive struct {
	ctx       context.Context
	f         Field
	g         *Grid
	n         int
	state     []uint8
	settled   int // nodes no longer unknown
	evaluated int
	progress  func(done, total int)
}

func (b *adaptive) node(i, j, k int) int { return (i*b.n+j)*b.n + k }

// corners returns the index range of a cell per axis, clipped to the grid.
func (b *adaptive) corners(c octCell) (i0, j0, k0, i1, j1, k1 int) {
	s := int(c.s)
	return int(c.i), int(c.j), int(c.k), min(int(c.i)+s, b.n-1), min(int(c.j)+s, b.n-1), min(int(c.k)+s, b.n-1)
}

// evaluateCorners queries f at every corner of cells not evaluated yet.
func (b *adaptive) evaluateCorners(cells []octCell) error {
	var (
		at  []int32
		ps  []mgl32.Vec3
		out = make([]mgl32.Vec3, adaptiveChunk)
	)
	flush := func() error {
		if err := b.ctx.Err(); err != nil {
			return err
		}
		b.f.ClosestPoints(ps, out[:len(ps)])
		for q, idx := range at {
			i, j, k := int(idx)/(b.n*b.n), int(idx)/b.n%b.n, int(idx)%b.n
			b.g.Set(i, j, k, out[q])
			b.state[idx] = nodeExact
		}
		b.evaluated += len(ps)
		if b.progress != nil {
			b.progress(b.settled, b.n*b.n*b.n)
		}
		at, ps = at[:0], ps[:0]
		return nil
	}
	for _, c := range cells {
		i0, j0, k0, i1, j1, k1 := b.corners(c)
		for _, i := range [2]int{i0, i1} {
			for _, j := range [2]int{j0, j1} {
				for _, k := range [2]int{k0, k1} {
					idx := b.node(i, j, k)
					switch b.state[idx] {
					case nodeExact, nodeQueued:
						continue
					case nodeUnknown:
						b.settled++
					}
					b.state[idx] = nodeQueued
					at = append(at, int32(idx))
					ps = append(ps, b.g.Node(i, j, k))
					if len(ps) == adaptiveChunk {
						if err := flush(); err != nil {
							return err
						}
					}
				}
			}
		}
	}
	if len(ps) > 0 {
		return flush()
	}
	return b.ctx.Err()
}

// refine returns the children of the cells that need them and fills the others.
func (b *adaptive) refine(cells []octCell) []octCell {
	var next []octCell
	for _, c := range cells {
		i0, j0, k0, i1, j1, k1 := b.corners(c)
		var xs, cs [8]mgl32.Vec3
		q := 0
		for _, i := range [2]int{i0, i1} {
			for _, j := range [2]int{j0, j1} {
				for _, k := range [2]int{k0, k1} {
					xs[q], cs[q] = b.g.Node(i, j, k), b.g.At(i, j, k)
					q++
				}
			}
		}
		if i1-i0 <= 1 && j1-j0 <= 1 && k1-k0 <= 1 {
			continue // every node of the cell is a corner: all evaluated
		}
		if !needsRefine(xs, cs, xs[7].Sub(xs[0]).Len()) {
			b.fill(i0, j0, k0, i1, j1, k1, cs)
			continue
		}
		h := c.s / 2
		for _, di := range [2]int32{0, h} {
			for _, dj := range [2]int32{0, h} {
				for _, dk := range [2]int32{0, h} {
					ch := octCell{c.i + di, c.j + dj, c.k + dk, h}
					if int(ch.i) < i1 && int(ch.j) < j1 && int(ch.k) < k1 {
						next = append(next, ch)
					}
				}
			}
		}
	}
	return next
}

// needsRefine reports whether a cell with corners xs, their closest points cs and diagonal
// diag may hold surface (some u below diag) or lies where the closest-point map expands (two
// corners' closest points further apart than diag).
func needsRefine(xs, cs [8]mgl32.Vec3, diag float32) bool {
	for q := range xs {
		u := xs[q].Sub(cs[q]).Len()
		if !(u >= diag) { // NaN refines too: never interpolate a broken value
			return true
		}
		for r := q + 1; r < 8; r++ {
			if cs[q].Sub(cs[r]).Len() > diag {
				return true
			}
		}
	}
	return false
}

// fill interpolates the nodes of cell [i0,i1]×[j0,j1]×[k0,k1] not evaluated exactly from the
// corners' closest points cs (ordered i, then j, then k, low before high).
func (b *adaptive) fill(i0, j0, k0, i1, j1, k1 int, cs [8]mgl32.Vec3) {
	for i := i0; i <= i1; i++ {
		ti := float32(i-i0) / float32(i1-i0)
		for j := j0; j <= j1; j++ {
			tj := float32(j-j0) / float32(j1-j0)
			for k := k0; k <= k1; k++ {
				idx := b.node(i, j, k)
				if b.state[idx] == nodeExact {
					continue
				}
				if b.state[idx] == nodeUnknown {
					b.settled++
				}
				b.state[idx] = nodeFilled
				tk := float32(k-k0) / float32(k1-k0)
				b.g.Set(i, j, k, trilerp(cs, ti, tj, tk))
			}
		}
	}
}

// trilerp interpolates 8 corner values ordered i, j, k (k fastest) at (ti, tj, tk) in [0,1]³.
func trilerp(cs [8]mgl32.Vec3, ti, tj, tk float32) mgl32.Vec3 {
	var acc mgl32.Vec3
	for q := 0; q < 8; q++ {
		w := float32(1)
		for a, t := range [3]float32{ti, tj, tk} {
			if q>>(2-a)&1 == 1 {
				w *= t
			} else {
				w *= 1 - t
			}
		}
		acc = acc.Add(cs[q].Mul(w))
	}
	return acc
}

// Ratio is Nodes/Evaluated: how many times fewer queries than a full bake.
func (s AdaptiveStats) Ratio() float64 {
	if s.Evaluated == 0 {
		return math.Inf(1)
	}
	return float64(s.Nodes) / float64(s.Evaluated)
}
