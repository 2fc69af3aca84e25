package csp

import (
	"context"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/go-gl/mathgl/mgl32"
)

const (
	// coarseBlock is the side, in cells, of the first octree blocks: 16³ cells per corner test
	// keeps the coarse pass to ~0.02% of the nodes of a 256³ grid.
	coarseBlock = 16
	// leafBlock is the block side at which a block that may hold surface is evaluated whole:
	// below 2 cells a test saves less than the bookkeeping costs.
	leafBlock = 2
	// refineSlackVoxels widens the refinement test by one voxel, for fields (neural, baked)
	// whose distance is only nearly 1-Lipschitz.
	refineSlackVoxels = 1
	// evalChunk is the number of queries one goroutine answers at a time: under MeshField's
	// own parallel threshold (8192), so the two levels of parallelism do not nest.
	evalChunk = 4096
)

// farU marks nodes the octree proved far from the surface (never evaluated).
var farU = float32(math.Inf(1))

// nodes are a field sampled on an n³ lattice: node (i, j, k) sits at origin + h·(i, j, k) and
// has closest point c[3·idx:3·idx+3] and distance u[idx], idx = (i·n + j)·n + k. Nodes the
// octree skipped have u = +Inf (they are provably farther than the extraction level).
type nodes struct {
	n      int
	origin mgl32.Vec3
	h      float32
	c      []float32
	u      []float32
	// evaluated counts the nodes evaluated (field queries, or grid lookups when fromGrid).
	evaluated int
	// fromGrid: c holds every node's closest point already (a baked grid); evaluating a node
	// only computes its u.
	fromGrid bool
	// tol is the field's measured error (fieldError; 0 for a grid's own nodes): open mode's
	// crossing and same-sheet tests widen by it, so inexact fields do not leave holes.
	tol float32
	// nrm, for inexact fields in open mode, holds each near node's direction from the surface
	// taken at a standoff point, as three int8 (×127; extract_standoff.go); nil otherwise.
	nrm []int8
	// cull, for a grid's own nodes, says which blocks need u; u is then nil (see gridPlane).
	cull *gridCull
	// rowLo, rowHi bound the cubes k of cube row (i, j) (index i·n + j) that may hold the
	// surface (rowLo > rowHi: none), from the octree's leaves.
	rowLo, rowHi []int32
}

func (s *nodes) idx(i, j, k int) int { return (i*s.n+j)*s.n + k }

func (s *nodes) pos(idx int) mgl32.Vec3 {
	n := s.n
	return s.origin.Add(mgl32.Vec3{float32(idx / (n * n)), float32(idx / n % n), float32(idx % n)}.Mul(s.h))
}

func (s *nodes) cp(idx int) mgl32.Vec3 {
	return mgl32.Vec3{s.c[3*idx], s.c[3*idx+1], s.c[3*idx+2]}
}

// nodesFromGrid uses a cubic grid's own nodes and closest points (no field queries); u and
// the row ranges are left for refineGrid to fill.
func nodesFromGrid(g *Grid) *nodes {
	c, _ := g.Data()
	n := g.Dims[0]
	return &nodes{n: n, origin: g.Origin, h: g.Spacing, c: c,
		rowLo: make([]int32, n*n), rowHi: make([]int32, n*n), fromGrid: true}
}

// newNodes makes an n³ lattice with every node far (u = +Inf); c is allocated when nil.
func newNodes(n int, origin mgl32.Vec3, h float32, c []float32) *nodes {
	if c == nil {
		c = make([]float32, 3*n*n*n)
	}
	s := &nodes{n: n, origin: origin, h: h, c: c, u: make([]float32, n*n*n),
		rowLo: make([]int32, n*n), rowHi: make([]int32, n*n)}
	parallelRange(n*n, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			s.rowLo[r], s.rowHi[r] = int32(n), -1
			for k := r * n; k < (r+1)*n; k++ {
				s.u[k] = farU
			}
		}
	})
	return s
}

// block is an octree block: cells [lo, lo+side) on each axis, clipped to the lattice.
type block struct {
	lo   [3]int32
	side int32
}

// refine evaluates f on the lattice, only nodes of blocks that may hold
// points with u ≤ level: a block is dropped when its corners' least u exceeds its diagonal
// plus level (plus a voxel of slack), which the 1-Lipschitz distance makes safe.
func (s *nodes) refine(ctx context.Context, f Field, level float32, progress func(done, total int)) error {
	n, h := s.n, s.h
	done := make([]bool, n*n*n)
	var todo []int32
	mark := func(i, j, k int) {
		id := s.idx(i, j, k)
		if !done[id] {
			done[id] = true
			todo = append(todo, int32(id))
		}
	}
	var blocks []block
	for i := 0; i < n-1; i += coarseBlock {
		for j := 0; j < n-1; j += coarseBlock {
			for k := 0; k < n-1; k += coarseBlock {
				blocks = append(blocks, block{[3]int32{int32(i), int32(j), int32(k)}, coarseBlock})
			}
		}
	}
	step, steps := 0, 5 // coarse corners, three refinements (16→8→4→2), leaves
	for len(blocks) > 0 {
		todo = todo[:0]
		for _, b := range blocks {
			hi := b.hi(n)
			for c := 0; c < 8; c++ {
				mark(pick(c, 0, b.lo[0], hi[0]), pick(c, 1, b.lo[1], hi[1]), pick(c, 2, b.lo[2], hi[2]))
			}
		}
		if err := s.evaluate(ctx, f, todo); err != nil {
			return err
		}
		step++
		if progress != nil {
			progress(step, steps)
		}
		var next []block
		todo = todo[:0]
		for _, b := range blocks {
			hi := b.hi(n)
			minU := farU
			for c := 0; c < 8; c++ {
				minU = min(minU, s.u[s.idx(pick(c, 0, b.lo[0], hi[0]), pick(c, 1, b.lo[1], hi[1]), pick(c, 2, b.lo[2], hi[2]))])
			}
			d := [3]float32{float32(hi[0] - int(b.lo[0])), float32(hi[1] - int(b.lo[1])), float32(hi[2] - int(b.lo[2]))}
			diag := h * float32(math.Sqrt(float64(d[0]*d[0]+d[1]*d[1]+d[2]*d[2])))
			if !(minU <= diag+level+refineSlackVoxels*h) {
				continue
			}
			if b.side <= leafBlock {
				for i := int(b.lo[0]); i < hi[0]; i++ {
					for j := int(b.lo[1]); j < hi[1]; j++ {
						r := i*n + j
						s.rowLo[r] = min(s.rowLo[r], b.lo[2])
						s.rowHi[r] = max(s.rowHi[r], int32(hi[2]-1))
					}
				}
				for i := int(b.lo[0]); i <= hi[0]; i++ {
					for j := int(b.lo[1]); j <= hi[1]; j++ {
						for k := int(b.lo[2]); k <= hi[2]; k++ {
							mark(i, j, k)
						}
					}
				}
				continue
			}
			half := b.side / 2
			for c := 0; c < 8; c++ {
				lo := b.lo
				for a := 0; a < 3; a++ {
					if c>>a&1 == 1 {
						lo[a] += half
					}
				}
				if int(lo[0]) < n-1 && int(lo[1]) < n-1 && int(lo[2]) < n-1 {
					next = append(next, block{lo, half})
				}
			}
		}
		if len(todo) > 0 { // leaves
			if err := s.evaluate(ctx, f, todo); err != nil {
				return err
			}
		}
		blocks = next
	}
	if progress != nil {
		progress(steps, steps)
	}
	return nil
}

func (b block) hi(n int) [3]int {
	return [3]int{min(int(b.lo[0]+b.side), n-1), min(int(b.lo[1]+b.side), n-1), min(int(b.lo[2]+b.side), n-1)}
}

// pick returns lo or hi on axis a for cube corner c (bit a of c).
func pick(c, a int, lo int32, hi int) int {
	if c>>a&1 == 1 {
		return hi
	}
	return int(lo)
}

// evaluate queries f at the listed nodes (sorted first, so neighbours go together).
func (s *nodes) evaluate(ctx context.Context, f Field, ids []int32) error {
	s.evaluated += len(ids)
	if s.fromGrid {
		parallelRange(len(ids), func(lo, hi int) {
			for _, id := range ids[lo:hi] {
				p := s.pos(int(id))
				dx, dy, dz := p[0]-s.c[3*id], p[1]-s.c[3*id+1], p[2]-s.c[3*id+2]
				s.u[id] = float32(math.Sqrt(float64(dx*dx + dy*dy + dz*dz)))
			}
		})
		return nil
	}
	slices.Sort(ids)
	ps := make([]mgl32.Vec3, len(ids))
	for i, id := range ids {
		ps[i] = s.pos(int(id))
	}
	out := make([]mgl32.Vec3, len(ids))
	if err := evalParallel(ctx, f, ps, out); err != nil {
		return err
	}
	for i, id := range ids {
		c := out[i]
		copy(s.c[3*id:3*id+3], c[:])
		s.u[id] = ps[i].Sub(c).Len()
	}
	return nil
}

// evalParallel answers f at ps on all cores, in chunks of evalChunk.
func evalParallel(ctx context.Context, f Field, ps, out []mgl32.Vec3) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				lo := int(next.Add(evalChunk)) - evalChunk
				if lo >= len(ps) {
					return
				}
				hi := min(lo+evalChunk, len(ps))
				f.ClosestPoints(ps[lo:hi], out[lo:hi])
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// parallelRange splits [0, n) into one contiguous range per core and runs fn on each.
func parallelRange(n int, fn func(lo, hi int)) {
	w := min(runtime.GOMAXPROCS(0), n)
	if w <= 1 {
		fn(0, n)
		return
	}
	var wg sync.WaitGroup
	for t := 0; t < w; t++ {
		lo, hi := t*n/w, (t+1)*n/w
		wg.Add(1)
		go func() { defer wg.Done(); fn(lo, hi) }()
	}
	wg.Wait()
}
