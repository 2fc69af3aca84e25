package csp

import (
	"math"
	"runtime"
	"sync"

	"github.com/go-gl/mathgl/mgl32"
)

// Running the marching-cubes workers and merging their parts.

// marchCubes runs march on all cores, welds the seams between workers' layer ranges and
// merges the parts (vertex and triangle offsets first, then parallel copies).
func marchCubes(s *nodes, level float32, project bool) (pos []mgl32.Vec3, clamped []bool, tris [][3]uint32, centres []mcCentre) {
	m := &mcMarcher{s: s, level: level, project: project}
	m.plane = s.latticePlane
	if s.u == nil {
		// A node at level + √3·h or more is in no cube with an inside corner: never read.
		skip := level + float32(math.Sqrt(3))*s.h*(1+gridSlackVoxels)
		m.plane = func(i int, buf []float32, span []int32) []float32 { return s.gridPlane(i, buf, span, level, skip) }
	}
	bounds := layerSplit(s, runtime.GOMAXPROCS(0))
	parts := make([]*mcPart, len(bounds)-1)
	var wg sync.WaitGroup
	for t := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts[t] = m.march(bounds[t], bounds[t+1])
		}()
	}
	wg.Wait()
	// Part t's own vertices (after the seam it shares with part t−1) are numbered on from
	// the parts before it, in order: local id v ≥ shared becomes v + delta; a seam vertex
	// becomes the previous part's id for it.
	nv, nt := 0, 0
	for t, pt := range parts {
		shared := 0
		if t > 0 { // the first plane's crossings are the previous part's last plane's, in order
			prev := parts[t-1]
			shared = pt.firstEnd
			if shared != prev.lastEnd-prev.lastStart {
				panic("csp: marching seam mismatch") // both sides make one plane's crossings from the same values
			}
			pt.seamBase = uint32(prev.lastStart) + prev.delta
		}
		pt.shared = shared
		pt.delta = uint32(nv - shared)
		pt.vOff, pt.tOff = nv, nt
		nv += len(pt.pos) - shared
		nt += len(pt.tris)
	}
	pos = make([]mgl32.Vec3, nv)
	if !project {
		clamped = make([]bool, nv)
	}
	tris = make([][3]uint32, nt)
	for _, pt := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			copy(pos[pt.vOff:], pt.pos[pt.shared:])
			if !project {
				copy(clamped[pt.vOff:], pt.clamped[pt.shared:])
			}
			out := tris[pt.tOff : pt.tOff+len(pt.tris)]
			for i, tr := range pt.tris {
				out[i] = [3]uint32{pt.merged(tr[0]), pt.merged(tr[1]), pt.merged(tr[2])}
			}
		}()
	}
	wg.Wait()
	for _, pt := range parts {
		for _, c := range pt.centres {
			g := mcCentre{id: pt.merged(c.id)}
			for _, v := range c.members {
				g.members = append(g.members, pt.merged(v))
			}
			centres = append(centres, g)
		}
		poolVec3.put(pt.pos)
		poolBool.put(pt.clamped)
		poolTri.put(pt.tris)
	}
	return pos, clamped, tris, centres
}

// merged is local vertex v's id in the merged lists.
func (pt *mcPart) merged(v uint32) uint32 {
	if v >= uint32(pt.shared) {
		return v + pt.delta
	}
	return v + pt.seamBase
}

// cornerPos is cube corner c's offset as a vector.
func cornerPos(c uint8) [3]float64 {
	return [3]float64{float64(c & 1), float64(c >> 1 & 1), float64(c >> 2 & 1)}
}

// layerCost is a cube layer's fixed cost in cubes scanned: its node plane and row set-up.
const layerCost = 64

// layerSplit cuts the cube layers into up to w ranges of about equal work (cubes in the rows'
// ranges or a grid's surviving blocks, plus layerCost per layer), so one worker does not get
// the whole shape: bounds[t], bounds[t+1] delimit range t, and every range holds at least one
// layer.
func layerSplit(s *nodes, w int) []int {
	n, cells := s.n, s.n-1
	w = max(1, min(w, cells))
	cost := make([]int, cells+1) // prefix sums
	var blockLayer []int         // a grid's surviving blocks per block layer
	if g := s.cull; g != nil {
		blockLayer = make([]int, g.nb)
		for a := range blockLayer {
			blockLayer[a] = g.activeIn(a*g.b, a*g.b+1)
		}
	}
	for i := 0; i < cells; i++ {
		c := layerCost
		if g := s.cull; g != nil {
			// A grid's work is in its surviving blocks (u computed on their nodes); a row's
			// range also spans the inside between its two crossings, which costs nothing.
			c += blockLayer[i/g.b] * g.b * g.b
		} else {
			for j := 0; j < cells; j++ {
				if r := i*n + j; s.rowHi[r] >= s.rowLo[r] {
					c += int(s.rowHi[r]-s.rowLo[r]) + 1
				}
			}
		}
		cost[i+1] = cost[i] + c
	}
	bounds := []int{0}
	for t := 1; t < w; t++ {
		goal := cost[cells] * t / w
		i := bounds[len(bounds)-1] + 1
		for i < cells && cost[i] < goal {
			i++
		}
		if i < cells {
			bounds = append(bounds, i)
		}
	}
	return append(bounds, cells)
}

// growCap doubles a slice's capacity: append's own growth (1.25× for large slices) allocates
// and copies about five times the final size of the parts' big vertex and triangle lists.
func growCap[T any](x []T) []T {
	y := make([]T, len(x), 2*cap(x)+4096) // 4096: skip the small sizes
	copy(y, x)
	return y
}

// latticePlane is u on node plane i of a lattice that holds u, and its rows' spans: node row
// (i, j) spans the ranges of the cube rows that hold it (+Inf outside them).
func (s *nodes) latticePlane(i int, _ []float32, span []int32) []float32 {
	n := s.n
	for j := 0; j < n; j++ {
		lo, hi := n, -1
		for _, r := range [4][2]int{{i - 1, j - 1}, {i - 1, j}, {i, j - 1}, {i, j}} {
			if r[0] >= 0 && r[1] >= 0 && r[0] < n-1 && r[1] < n-1 {
				if x := r[0]*n + r[1]; s.rowLo[x] <= s.rowHi[x] {
					lo, hi = min(lo, int(s.rowLo[x])), max(hi, int(s.rowHi[x])+1)
				}
			}
		}
		span[2*j], span[2*j+1] = int32(lo), int32(hi)
	}
	return s.u[i*n*n : (i+1)*n*n]
}
