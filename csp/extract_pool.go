package csp

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/go-gl/mathgl/mgl32"
)

// Scratch reuse across extractions. On a machine where fresh memory costs page faults and
// zeroing (a nested VM: ~0.5 ms per MB, 20–40 MB per extraction of a 256³ grid), the large
// scratch arrays (per-plane edge ids and u, the workers' vertex, triangle and crossing lists)
// are kept in pools, so repeated extractions (benchmarks, the app's re-extracts) reuse them.
// Nothing that leaves Extract comes from a pool.
//
// A pool hands out the smallest free slice that is large enough (best fit): two workers
// asking for different sizes at once each get one that fits, where sync.Pool would hand
// either one either slice and drop the one that is too small. Slices nobody took for two
// garbage collections are dropped, as sync.Pool does, so an idle program holds none.

// poolKeep is the most free slices a pool holds: a few per worker (the lists each keeps at
// once), and never fewer than 16.
func poolKeep() int { return max(16, 4*runtime.GOMAXPROCS(0)) }

// slicePool hands out slices of T whose contents are stale (callers overwrite or ignore them).
type slicePool[T any] struct {
	mu   sync.Mutex
	free []pooled[T]
}

type pooled[T any] struct {
	s     []T
	epoch uint32 // gcEpoch when it was put
}

// get returns a slice of length n (contents unspecified) with capacity at least c.
func (sp *slicePool[T]) get(n, c int) []T {
	c = max(c, n)
	sp.mu.Lock()
	best := -1
	for i, f := range sp.free {
		if cap(f.s) >= c && (best < 0 || cap(f.s) < cap(sp.free[best].s)) {
			best = i
		}
	}
	if best >= 0 {
		s := sp.free[best].s
		last := len(sp.free) - 1
		sp.free[best] = sp.free[last]
		sp.free[last] = pooled[T]{}
		sp.free = sp.free[:last]
		sp.mu.Unlock()
		return s[:n]
	}
	sp.mu.Unlock()
	return make([]T, n, c)
}

// put keeps x for a later get; x must not be used afterwards. A full pool drops its smallest.
func (sp *slicePool[T]) put(x []T) {
	if cap(x) == 0 {
		return
	}
	sp.mu.Lock()
	defer sp.mu.Unlock()
	e := pooled[T]{x[:0], gcEpoch.Load()}
	if len(sp.free) < poolKeep() {
		sp.free = append(sp.free, e)
		return
	}
	small := 0
	for i, f := range sp.free {
		if cap(f.s) < cap(sp.free[small].s) {
			small = i
		}
	}
	if cap(x) > cap(sp.free[small].s) {
		sp.free[small] = e
	}
}

// age drops the slices put before the last two collections.
func (sp *slicePool[T]) age(now uint32) {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	kept := sp.free[:0]
	for _, f := range sp.free {
		if now-f.epoch < 2 {
			kept = append(kept, f)
		}
	}
	clear(sp.free[len(kept):])
	sp.free = kept
}

// gcEpoch counts garbage collections (see watchGC).
var gcEpoch atomic.Uint32

// agers are the pools' age methods, called after each collection.
var agers []func(uint32)

func newPool[T any]() *slicePool[T] {
	p := &slicePool[T]{}
	agers = append(agers, p.age)
	return p
}

// watchGC arms a finalizer on a throwaway object: it runs once per collection, ages the
// pools and re-arms itself.
func watchGC() {
	x := new([16]byte) // not a tiny allocation: those are batched and can be finalized late
	runtime.SetFinalizer(x, func(*[16]byte) {
		now := gcEpoch.Add(1)
		for _, age := range agers {
			age(now)
		}
		watchGC()
	})
}

func init() { watchGC() }

var (
	poolI32     = newPool[int32]()
	poolF32     = newPool[float32]()
	poolVec3    = newPool[mgl32.Vec3]()
	poolBool    = newPool[bool]()
	poolTri     = newPool[[3]uint32]()
	poolQuad    = newPool[[4]int32]()
	poolQEF     = newPool[qef]()
	poolEdgeUse = newPool[edgeUse]()
	poolAdj     = newPool[[3]int32]()
	poolFwd     = newPool[[3]bool]()
	poolBool2   = newPool[bool]()
	poolU64     = newPool[uint64]()
)
