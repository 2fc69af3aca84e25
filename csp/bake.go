package csp

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/mesh"
)

const (
	// BakeMargin pads the mesh box on every side by this fraction of its diagonal: sphere
	// tracing starts rays where they enter the box, so they need room to approach the
	// surface from outside, and the cells that straddle the outermost surface must lie
	// wholly inside the grid for the interpolation (and the 1-Lipschitz bound) to hold there.
	BakeMargin = 0.05
	// minMarginVoxels is the least margin in voxels, for coarse grids where 5% is under that.
	minMarginVoxels = 2
	// brick is the side of the blocks of nodes baked together: 4³ = 64 neighbouring queries
	// share BVH nodes in cache and seed each other.
	brick = 4
	// bricksPerChunk is the unit of work a goroutine takes (1024 queries): big enough to
	// amortise scheduling, small enough to balance the cores and to cancel promptly.
	bricksPerChunk = 16
	// progressEvery is how often Bake reports progress.
	progressEvery = 50 * time.Millisecond
)

// BakeBox returns the cube to bake a surface with box [lo, hi] on n nodes per axis: centred
// on the box, its side the box's longest extent plus a margin on each side of BakeMargin of
// the diagonal (and at least two voxels). A cube, because the grid has cubic voxels and the
// same node count on every axis, as the (N, N, N, 3) file format wants.
func BakeBox(lo, hi mgl32.Vec3, n int) (blo, bhi mgl32.Vec3) {
	ext := hi.Sub(lo)
	side := max(ext[0], ext[1], ext[2])
	margin := BakeMargin * ext.Len()
	if n > 2*minMarginVoxels+1 {
		// margin ≥ k·spacing with spacing = (side + 2·margin)/(n − 1).
		margin = max(margin, minMarginVoxels*side/float32(n-1-2*minMarginVoxels))
	}
	if margin == 0 { // a single point: any positive size will do
		margin = 1
	}
	half := side/2 + margin
	c := lo.Add(hi).Mul(0.5)
	return c.Sub(mgl32.Vec3{half, half, half}), c.Add(mgl32.Vec3{half, half, half})
}

// Bake evaluates f on an n³ grid spanning the cube centred on [lo, hi] whose side is the box's
// longest extent (so voxels are cubic), on all cores, in bricks of 4³ nodes so neighbouring
// queries run together. It reports progress (nodes done of total) from the calling goroutine
// about every 50 ms and at the end, and stops with ctx's error when ctx is cancelled.
func Bake(ctx context.Context, f Field, lo, hi mgl32.Vec3, n int, progress func(done, total int)) (*Grid, error) {
	if n < 2 || n > MaxGridDim {
		return nil, fmt.Errorf("bake: resolution %d out of range 2..%d", n, MaxGridDim)
	}
	ext := hi.Sub(lo)
	side := max(ext[0], ext[1], ext[2])
	c := lo.Add(hi).Mul(0.5)
	origin := c.Sub(mgl32.Vec3{side / 2, side / 2, side / 2})
	g, err := NewGrid([3]int{n, n, n}, origin, side/float32(n-1), false)
	if err != nil {
		return nil, fmt.Errorf("bake: %w", err)
	}
	nb := (n + brick - 1) / brick
	bricks := nb * nb * nb
	var next, done atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ps := make([]mgl32.Vec3, 0, bricksPerChunk*brick*brick*brick)
			out := make([]mgl32.Vec3, cap(ps))
			at := make([][3]int, 0, cap(ps))
			for ctx.Err() == nil {
				b0 := int(next.Add(bricksPerChunk)) - bricksPerChunk
				if b0 >= bricks {
					return
				}
				ps, at = ps[:0], at[:0]
				for b := b0; b < min(b0+bricksPerChunk, bricks); b++ {
					ps, at = g.appendBrick(ps, at, b/(nb*nb), b/nb%nb, b%nb)
				}
				f.ClosestPoints(ps, out[:len(ps)])
				for i, ijk := range at {
					g.Set(ijk[0], ijk[1], ijk[2], out[i])
				}
				done.Add(int64(len(ps)))
			}
		}()
	}
	total := n * n * n
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	tick := time.NewTicker(progressEvery)
	defer tick.Stop()
	for {
		select {
		case <-finished:
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if progress != nil {
				progress(total, total)
			}
			return g, nil
		case <-tick.C:
			if progress != nil {
				progress(int(done.Load()), total)
			}
		}
	}
}

// appendBrick appends the nodes of brick (bi, bj, bk) in a serpentine order, so each query is
// one voxel from the one before it (the seed of the next query is then nearly its answer).
func (g *Grid) appendBrick(ps []mgl32.Vec3, at [][3]int, bi, bj, bk int) ([]mgl32.Vec3, [][3]int) {
	i0, j0, k0 := bi*brick, bj*brick, bk*brick
	i1, j1, k1 := min(i0+brick, g.Dims[0]), min(j0+brick, g.Dims[1]), min(k0+brick, g.Dims[2])
	flipJ, flipK := false, false
	for i := i0; i < i1; i++ {
		for jj := j0; jj < j1; jj++ {
			j := jj
			if flipJ {
				j = j1 - 1 - (jj - j0)
			}
			for kk := k0; kk < k1; kk++ {
				k := kk
				if flipK {
					k = k1 - 1 - (kk - k0)
				}
				ps = append(ps, g.Node(i, j, k))
				at = append(at, [3]int{i, j, k})
			}
			flipK = !flipK
		}
		flipJ = !flipJ
	}
	return ps, at
}

// BakeMesh builds m's exact field and bakes it on n³ nodes over BakeBox of its bounds.
func BakeMesh(ctx context.Context, m *mesh.Mesh, n int, progress func(done, total int)) (*Grid, error) {
	f, err := NewMeshField(m)
	if err != nil {
		return nil, err
	}
	lo, hi := f.Bounds()
	blo, bhi := BakeBox(lo, hi, n)
	return Bake(ctx, f, blo, bhi, n, progress)
}

// ToHalf returns a float16 copy of a float32 grid (the grid itself when it is half already).
func (g *Grid) ToHalf() *Grid {
	if g.f16 != nil {
		return g
	}
	h := &Grid{Dims: g.Dims, Origin: g.Origin, Spacing: g.Spacing, f16: make([]uint16, len(g.f32))}
	for i, v := range g.f32 {
		h.f16[i] = FloatToHalf(v)
	}
	return h
}
