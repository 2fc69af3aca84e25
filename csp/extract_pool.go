package csp

import (
	"sync"

	"github.com/go-gl/mathgl/mgl32"
)

// Scratch reuse across extractions. On a machine where fresh memory costs page faults and
// zeroing (a nested VM: ~20–40 MB per extraction of a 256³ grid), the large scratch arrays
// (per-plane edge ids and u, the workers' vertex, triangle and crossing lists) are kept in
// pools, so repeated extractions (benchmarks, the app's re-extracts) reuse them. Nothing that
// leaves Extract comes from a pool; a pool's contents are freed by the garbage collector
// after two cycles unused (sync.Pool), so an idle program does not hold them.

// slicePool hands out slices of T whose contents are stale (callers overwrite or ignore them).
type slicePool[T any] struct{ p sync.Pool }

// get returns a slice of length n (contents unspecified) with capacity at least c.
func (sp *slicePool[T]) get(n, c int) []T {
	c = max(c, n)
	if x, ok := sp.p.Get().(*[]T); ok {
		if cap(*x) >= c {
			return (*x)[:n]
		}
	}
	return make([]T, n, c)
}

// put keeps x for a later get; x must not be used afterwards.
func (sp *slicePool[T]) put(x []T) {
	if cap(x) == 0 {
		return
	}
	sp.p.Put(&x)
}

var (
	poolI32     slicePool[int32]
	poolU32     slicePool[uint32]
	poolF32     slicePool[float32]
	poolVec3    slicePool[mgl32.Vec3]
	poolBool    slicePool[bool]
	poolTri     slicePool[[3]uint32]
	poolCross   slicePool[crossing]
	poolQuad    slicePool[[4]int32]
	poolQEF     slicePool[qef]
	poolEdgeUse slicePool[edgeUse]
	poolAdj     slicePool[[3]int32]
	poolFwd     slicePool[[3]bool]
	poolBool2   slicePool[bool]
	poolBorder  slicePool[borderAdd]
	poolU64     slicePool[uint64]
)
