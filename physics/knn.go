package physics

import (
	"math"
	"runtime"
	"sync"
)

// maxHashCells caps the cells of a pointGrid (16M int32 heads = 64 MiB); a finer grid is
// coarsened, which only makes queries scan more points per cell.
const maxHashCells = 1 << 24

// pointGrid is a uniform grid over a point set for nearest-neighbour queries: the points'
// indices sorted by cell (counting sort), with per-cell start offsets.
type pointGrid struct {
	pts    []float32  // xyz triples
	lo, hi [3]float32 // bounds of the points
	cell   float32
	n      [3]int
	start  []int32 // len cells+1
	sorted []int32 // point indices by cell
}

// newPointGrid bins pts into cells of about the given size (grown if the box would need
// more than maxHashCells cells).
func newPointGrid(pts []float32, cell float32) *pointGrid {
	g := &pointGrid{pts: pts}
	np := len(pts) / 3
	lo := [3]float32{float32(math.Inf(1)), float32(math.Inf(1)), float32(math.Inf(1))}
	hi := [3]float32{float32(math.Inf(-1)), float32(math.Inf(-1)), float32(math.Inf(-1))}
	for i := 0; i < np; i++ {
		for a := 0; a < 3; a++ {
			lo[a], hi[a] = min(lo[a], pts[3*i+a]), max(hi[a], pts[3*i+a])
		}
	}
	if np == 0 {
		lo, hi = [3]float32{}, [3]float32{}
	}
	if !(cell > 0) {
		cell = 1
	}
	// At most a few cells per point: a sparse grid costs memory and empty-cell scans.
	maxCells := float64(min(maxHashCells, max(4*np, 4096)))
	for {
		total := 1.0
		for a := 0; a < 3; a++ {
			g.n[a] = int((hi[a]-lo[a])/cell) + 1
			total *= float64(g.n[a])
		}
		if total <= maxCells {
			break
		}
		cell *= float32(math.Cbrt(total/maxCells)) * 1.01 // 1%: lands under the cap despite rounding
	}
	g.hi = hi
	g.lo, g.cell = lo, cell
	cells := g.n[0] * g.n[1] * g.n[2]
	g.start = make([]int32, cells+1)
	key := make([]int32, np)
	for i := 0; i < np; i++ {
		key[i] = int32(g.cellOf(pts[3*i : 3*i+3]))
		g.start[key[i]+1]++
	}
	for c := 0; c < cells; c++ {
		g.start[c+1] += g.start[c]
	}
	fill := append([]int32(nil), g.start[:cells]...)
	g.sorted = make([]int32, np)
	for i := 0; i < np; i++ {
		g.sorted[fill[key[i]]] = int32(i)
		fill[key[i]]++
	}
	return g
}

// coord returns the cell index of x on axis a, clamped to the grid.
func (g *pointGrid) coord(x float32, a int) int {
	c := int(math.Floor(float64((x - g.lo[a]) / g.cell)))
	return max(0, min(c, g.n[a]-1))
}

func (g *pointGrid) cellOf(p []float32) int {
	return (g.coord(p[0], 0)*g.n[1]+g.coord(p[1], 1))*g.n[2] + g.coord(p[2], 2)
}

// maxK is the largest neighbour count a query returns.
const maxK = 4

// neighbours holds up to maxK nearest points, nearest first.
type neighbours struct {
	idx [maxK]int32
	d2  [maxK]float32
	n   int
}

// insert keeps the k nearest (ties: lower index first, so results are deterministic).
func (nb *neighbours) insert(k int, i int32, d2 float32) {
	if nb.n == k && (d2 > nb.d2[k-1] || d2 == nb.d2[k-1] && i > nb.idx[k-1]) {
		return
	}
	j := min(nb.n, k-1)
	for j > 0 && (nb.d2[j-1] > d2 || nb.d2[j-1] == d2 && nb.idx[j-1] > i) {
		nb.d2[j], nb.idx[j] = nb.d2[j-1], nb.idx[j-1]
		j--
	}
	nb.d2[j], nb.idx[j] = d2, i
	nb.n = min(nb.n+1, k)
}

// nearest returns the k (≤ maxK) points nearest to q, searching rings of cells outward until
// no unvisited cell can hold a nearer point.
func (g *pointGrid) nearest(q []float32, k int) neighbours {
	var nb neighbours
	if len(g.sorted) == 0 {
		return nb
	}
	k = min(k, maxK, len(g.sorted))
	c := [3]int{g.coord(q[0], 0), g.coord(q[1], 1), g.coord(q[2], 2)}
	maxR := max(g.n[0], g.n[1], g.n[2])
	// out2 is the squared distance from q to the points' box (0 inside).
	var out2 float32
	for a := 0; a < 3; a++ {
		if d := max(g.lo[a]-q[a], q[a]-g.hi[a], 0); d > 0 {
			out2 += d * d
		}
	}
	for r := 0; r <= maxR; r++ {
		for i := c[0] - r; i <= c[0]+r; i++ {
			if i < 0 || i >= g.n[0] {
				continue
			}
			for j := c[1] - r; j <= c[1]+r; j++ {
				if j < 0 || j >= g.n[1] {
					continue
				}
				edgeIJ := i == c[0]-r || i == c[0]+r || j == c[1]-r || j == c[1]+r
				for l := c[2] - r; l <= c[2]+r; l++ {
					if l < 0 || l >= g.n[2] {
						continue
					}
					if !edgeIJ && l != c[2]-r && l != c[2]+r {
						l = c[2] + r - 1 // interior of the shell: visited in earlier rings
						continue
					}
					cell := (i*g.n[1]+j)*g.n[2] + l
					for _, p := range g.sorted[g.start[cell]:g.start[cell+1]] {
						dx, dy, dz := g.pts[3*p]-q[0], g.pts[3*p+1]-q[1], g.pts[3*p+2]-q[2]
						nb.insert(k, p, dx*dx+dy*dy+dz*dz)
					}
				}
			}
		}
		// A point in a ring beyond r differs from q's (clamped) cell by more than r cells on some
		// axis, so it is at least r cells away on that axis beyond q's distance to the box there:
		// its squared distance is at least out2 + (r·cell)².
		if nb.n == k {
			bound := float32(r) * g.cell
			if nb.d2[k-1] <= out2+bound*bound {
				break
			}
		}
	}
	return nb
}

// parallelFor runs fn over [0, n) in contiguous chunks on all cores.
func parallelFor(n int, fn func(lo, hi int)) {
	workers := min(runtime.GOMAXPROCS(0), max(n/1024, 1)) // below ~1k items a goroutine costs more than it saves
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := n*w/workers, n*(w+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(lo, hi)
		}()
	}
	wg.Wait()
}

// voxelSubsample picks, among the candidate points (indices into pts), one per voxel of side
// h on a grid anchored at origin: the one nearest the voxel centre (ties: the lower index).
// It returns the chosen indices in ascending order.
func voxelSubsample(pts []float32, cand []int32, origin [3]float32, h float32) []int32 {
	type pick struct {
		i  int32
		d2 float32
	}
	best := make(map[[3]int32]pick, len(cand)/4)
	for _, i := range cand {
		var key [3]int32
		var d2 float32
		for a := 0; a < 3; a++ {
			u := (pts[3*int(i)+a] - origin[a]) / h
			f := float32(math.Floor(float64(u)))
			key[a] = int32(f)
			d := u - f - 0.5
			d2 += d * d
		}
		if b, ok := best[key]; !ok || d2 < b.d2 || d2 == b.d2 && i < b.i {
			best[key] = pick{i, d2}
		}
	}
	out := make([]int32, 0, len(best))
	mark := make([]bool, len(pts)/3)
	for _, b := range best {
		mark[b.i] = true
	}
	for i, m := range mark {
		if m {
			out = append(out, int32(i))
		}
	}
	return out
}
