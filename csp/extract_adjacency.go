package csp

import (
	"runtime"
	"sync"
)

// triAdjacency links triangles across manifold edges (used by exactly two triangles):
// adj[t][e] = s<<2 | f: triangle s is across t's edge e, as its own edge f (−1 for none);
// fwd[t][e] is t's direction on it.
// multi lists the uses of each non-manifold edge (more than two triangles). Edges are
// bucketed by their smaller vertex (counting sort); each worker counts and fills its own
// contiguous run of triangles after the runs before it, so every bucket lists its uses in
// triangle order whatever the worker count, and buckets are matched by vertex ranges.
func triAdjacency(nv int, tris [][3]uint32) (adj [][3]int32, fwd [][3]bool, multi [][]edgeUse) {
	w := max(1, min(runtime.GOMAXPROCS(0), len(tris)/adjMinChunk))
	cnt := make([][]int32, w)
	run := func(fn func(i, lo, hi int)) { workerRuns(w, len(tris), fn) }
	run(func(i, lo, hi int) {
		c := poolI32.get(nv, 0)
		clear(c)
		for _, t := range tris[lo:hi] {
			c[min(t[0], t[1])]++
			c[min(t[1], t[2])]++
			c[min(t[2], t[0])]++
		}
		cnt[i] = c
	})
	start := bucketStarts(cnt, nv)
	// Pooled (extract_pool.go), every entry written below; orientSheets returns adj and fwd.
	uses := poolEdgeUse.get(3*len(tris), 0)
	defer poolEdgeUse.put(uses)
	defer poolI32.put(start)
	for _, c := range cnt {
		defer poolI32.put(c)
	}
	adj = poolAdj.get(len(tris), 0)
	fwd = poolFwd.get(len(tris), 0)
	run(func(i, lo, hi int) {
		fill := cnt[i]
		for ti := lo; ti < hi; ti++ {
			t := tris[ti]
			adj[ti] = [3]int32{-1, -1, -1}
			for e := 0; e < 3; e++ {
				a, b := t[e], t[(e+1)%3]
				fwd[ti][e] = a < b
				lo, hi := min(a, b), max(a, b)
				uses[fill[lo]] = edgeUse{hi, int32(ti), uint8(e), a < b}
				fill[lo]++
			}
		}
	})
	multis := make([][][]edgeUse, w)
	var wg sync.WaitGroup
	for i := 0; i < w; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			multis[i] = matchBuckets(uses, start, i*nv/w, (i+1)*nv/w, adj)
		}()
	}
	wg.Wait()
	for _, m := range multis {
		multi = append(multi, m...)
	}
	return adj, fwd, multi
}

// adjMinChunk: below this many triangles per worker, goroutines and the per-worker counts
// cost more than they save.
const adjMinChunk = 1 << 14

// matchBuckets pairs the uses of each edge in the buckets of vertices [lo, hi): two uses link
// their triangles in adj, more are returned as one non-manifold group. Each bucket (a few
// uses) is sorted by the edge's other vertex, stably (insertion sort: uses stay in triangle
// order), so an edge's uses are a run.
func matchBuckets(uses []edgeUse, start []int32, lo, hi int, adj [][3]int32) (multi [][]edgeUse) {
	for v := lo; v < hi; v++ {
		bucket := uses[start[v]:start[v+1]]
		for x := 1; x < len(bucket); x++ {
			u := bucket[x]
			y := x
			for y > 0 && bucket[y-1].hi > u.hi {
				bucket[y] = bucket[y-1]
				y--
			}
			bucket[y] = u
		}
		for x := 0; x < len(bucket); {
			e := x + 1
			for e < len(bucket) && bucket[e].hi == bucket[x].hi {
				e++
			}
			switch e - x {
			case 2:
				p, q := bucket[x], bucket[x+1]
				adj[p.tri][p.e] = q.tri<<2 | int32(q.e)
				adj[q.tri][q.e] = p.tri<<2 | int32(p.e)
			case 1:
			default:
				multi = append(multi, append([]edgeUse(nil), bucket[x:e]...))
			}
			x = e
		}
	}
	return multi
}

// workerRuns calls fn(i, lo, hi) for w contiguous runs of [0, n) at once.
func workerRuns(w, n int, fn func(i, lo, hi int)) {
	if w <= 1 {
		fn(0, 0, n)
		return
	}
	var wg sync.WaitGroup
	for i := 0; i < w; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); fn(i, i*n/w, (i+1)*n/w) }()
	}
	wg.Wait()
}

// bucketStarts turns per-worker counts per vertex into bucket starts (start[nv] the total),
// and each worker's counts into its fill positions: after the workers before it in the
// bucket, so a bucket lists its entries in the workers' (input) order.
func bucketStarts(cnt [][]int32, nv int) []int32 {
	start := poolI32.get(nv+1, 0) // every entry written
	var sum int32
	for v := 0; v < nv; v++ {
		start[v] = sum
		for i := range cnt {
			c := cnt[i][v]
			cnt[i][v] = sum
			sum += c
		}
	}
	start[nv] = sum
	return start
}
