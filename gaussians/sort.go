package gaussians

import (
	"math"
	"runtime"
	"sync"

	"github.com/go-gl/mathgl/mgl32"
)

// NearCull is the view depth at or below which a Gaussian is culled, as in the reference
// rasteriser's in_frustum test (p_view.z <= 0.2): such splats project badly and are skipped.
const NearCull = 0.2

// Radix sort layout: depths are quantised to keyBits bits between the visible minimum and
// maximum and sorted by LSD radix in passes of radixBits. 24 bits resolve a scene 100 units
// deep to 6 µm, finer than float32 positions there; 8-bit digits keep each worker's histogram
// (256 counters, 1 KiB) in L1 and the scatter's 256 write streams within the TLB and
// write-combining reach: measured faster here than 2 passes of 11 or 12 bits, whose 2048-4096
// streams miss the TLB.
const (
	radixBits    = 8
	radixBuckets = 1 << radixBits
	keyBits      = 3 * radixBits
	keyMax       = 1<<keyBits - 1
)

// minSortChunk is the fewest elements per sort worker: below it a goroutine costs more than it saves.
const minSortChunk = 1 << 15

// DepthSorter sorts Gaussians back to front by view depth with a parallel LSD radix sort. It
// keeps its buffers between calls, so sorting the same scene again allocates nothing.
// A DepthSorter is not safe for concurrent use.
type DepthSorter struct {
	depths []float32 // view depth per Gaussian (NaN: culled)
	keys   []uint64  // key<<32 | index, then the first pass's output
	tmp    []uint64
	hist   [][radixBuckets]uint32 // per worker
	lo, hi []float32              // per-worker depth range
	counts []int                  // per-worker visible counts
	bounds []int                  // per-worker chunk bounds of the compacted keys
	even   []int                  // even chunk bounds
}

// Depths computes the view depth of every centre (positions 3N) for a GL view matrix (camera
// looking down −z): depth = −(view·p).z, positive in front of the camera. Reuses the sorter's buffer.
func (s *DepthSorter) Depths(positions []float32, view mgl32.Mat4) []float32 {
	n := len(positions) / 3
	s.depths = grow(s.depths, n)
	d := s.depths
	// Row 2 of the column-major view matrix, negated: the camera looks down −z.
	r0, r1, r2, r3 := -view[2], -view[6], -view[10], -view[14]
	parallelChunks(n, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			d[i] = r0*positions[3*i] + r1*positions[3*i+1] + r2*positions[3*i+2] + r3
		}
	})
	return d
}

// Order sorts the Gaussians at positions back to front as seen through view, writing their
// indices into dst (reused when its capacity allows) and returning it; see SortDepths.
func (s *DepthSorter) Order(positions []float32, view mgl32.Mat4, dst []uint32) []uint32 {
	return s.SortDepths(s.Depths(positions, view), dst)
}

// SortDepths returns the indices of depths in back-to-front order (largest depth first),
// written into dst (reused when its capacity allows). Depths at or below NearCull, NaN and ±Inf
// are culled: they are not in the result, so it may be shorter than depths. Depths are
// quantised to 24 bits across the visible range; the sort is stable, so equal (or
// indistinguishably close) depths keep ascending index order.
func (s *DepthSorter) SortDepths(depths []float32, dst []uint32) []uint32 {
	n := len(depths)
	workers := sortWorkers(n)
	s.prepare(n, workers)
	// Pass 0: visible range per worker.
	parallelChunksW(n, workers, func(w, lo, hi int) {
		mn, mx := float32(math.Inf(1)), float32(math.Inf(-1))
		c := 0
		for _, d := range depths[lo:hi] {
			if visibleDepth(d) {
				mn, mx, c = min(mn, d), max(mx, d), c+1
			}
		}
		s.lo[w], s.hi[w], s.counts[w] = mn, mx, c
	})
	mn, mx, visible := float32(math.Inf(1)), float32(math.Inf(-1)), 0
	for w := 0; w < workers; w++ {
		mn, mx, visible = min(mn, s.lo[w]), max(mx, s.hi[w]), visible+s.counts[w]
	}
	dst = grow(dst, visible)
	if visible == 0 {
		return dst
	}
	scale := 0.0
	if mx > mn {
		scale = keyMax / (float64(mx) - float64(mn))
	}
	// Pass 1: keys (far = 0, so ascending keys run back to front), compacted per worker, with
	// the first digit's histogram.
	start := s.prefixCounts(workers)
	parallelChunksW(n, workers, func(w, lo, hi int) {
		h := &s.hist[w]
		*h = [radixBuckets]uint32{}
		o := start[w]
		for i := lo; i < hi; i++ {
			d := depths[i]
			if !visibleDepth(d) {
				continue
			}
			k := uint64(keyMax - int64((float64(d)-float64(mn))*scale))
			k = min(k, keyMax)
			s.keys[o] = k<<32 | uint64(i)
			h[k&(radixBuckets-1)]++
			o++
		}
	})
	keys, tmp := s.keys[:visible], s.tmp[:visible]
	// Scatter by the low digit; worker w's chunk is the run it compacted above.
	scatter(s, keys, tmp, workers, start, 32)
	keys, tmp = tmp, keys
	// Middle digits, then the top one straight into the order; histograms over even chunks.
	s.even = evenBoundsInto(s.even, visible, workers)
	for shift := uint(32 + radixBits); shift < 32+keyBits; shift += radixBits {
		s.histogram(keys, workers, s.even, shift)
		if shift+radixBits >= 32+keyBits {
			scatter(s, keys, dst, workers, s.even, shift)
		} else {
			scatter(s, keys, tmp, workers, s.even, shift)
			keys, tmp = tmp, keys
		}
	}
	return dst
}

// visibleDepth reports whether a depth is finite and in front of the near-cull plane.
func visibleDepth(d float32) bool { return d > NearCull && d <= math.MaxFloat32 }

// prepare sizes the buffers for n depths and the given worker count.
func (s *DepthSorter) prepare(n, workers int) {
	s.keys = grow(s.keys, n)
	s.tmp = grow(s.tmp, n)
	if len(s.hist) < workers {
		s.hist = make([][radixBuckets]uint32, workers)
		s.lo, s.hi, s.counts = make([]float32, workers), make([]float32, workers), make([]int, workers)
	}
}

// prefixCounts turns the per-worker visible counts into chunk bounds (workers+1 entries):
// worker w compacts its keys into [bounds[w], bounds[w+1]).
func (s *DepthSorter) prefixCounts(workers int) []int {
	s.bounds = grow(s.bounds, workers+1)
	o := 0
	for w := 0; w < workers; w++ {
		s.bounds[w] = o
		o += s.counts[w]
	}
	s.bounds[workers] = o
	return s.bounds
}

// evenBoundsInto splits [0, n) into workers nearly equal chunks (workers+1 bounds in b).
func evenBoundsInto(b []int, n, workers int) []int {
	b = grow(b, workers+1)
	per := (n + workers - 1) / workers
	for w := 0; w <= workers; w++ {
		b[w] = min(n, w*per)
	}
	return b
}

// histogram counts, per worker chunk, the digit of src at shift into s.hist.
func (s *DepthSorter) histogram(src []uint64, workers int, bounds []int, shift uint) {
	mask := uint64(radixBuckets - 1)
	parallelBounds(workers, bounds, func(w, lo, hi int) {
		h := &s.hist[w]
		*h = [radixBuckets]uint32{}
		for _, v := range src[lo:hi] {
			h[(v>>shift)&mask]++
		}
	})
}

// scatter moves each element of src into dst at the slot that sorts it stably by the digit at
// shift, given each worker chunk's digit histogram in s.hist. A uint32 dst keeps the index only.
func scatter[T uint32 | uint64](s *DepthSorter, src []uint64, dst []T, workers int, bounds []int, shift uint) {
	mask := uint64(radixBuckets - 1)
	// Exclusive prefix over (bucket, worker): stable because worker w's chunk precedes w+1's.
	var sum uint32
	for b := 0; b < radixBuckets; b++ {
		for w := 0; w < workers; w++ {
			c := s.hist[w][b]
			s.hist[w][b] = sum
			sum += c
		}
	}
	parallelBounds(workers, bounds, func(w, lo, hi int) {
		off := &s.hist[w]
		for _, v := range src[lo:hi] {
			b := (v >> shift) & mask
			dst[off[b]] = T(v)
			off[b]++
		}
	})
}

// parallelBounds runs fn(w, bounds[w], bounds[w+1]) for every worker, in parallel.
func parallelBounds(workers int, bounds []int, fn func(w, lo, hi int)) {
	if workers <= 1 {
		fn(0, bounds[0], bounds[1])
		return
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(w, bounds[w], bounds[w+1])
		}()
	}
	wg.Wait()
}

// sortWorkers picks the worker count for n elements.
func sortWorkers(n int) int {
	return max(1, min(runtime.GOMAXPROCS(0), n/minSortChunk))
}

// parallelChunks runs fn over [0, n) split into one contiguous chunk per worker.
func parallelChunks(n int, fn func(w, lo, hi int)) { parallelChunksW(n, sortWorkers(n), fn) }

// parallelChunksW runs fn over [0, n) split into workers nearly equal contiguous chunks.
func parallelChunksW(n, workers int, fn func(w, lo, hi int)) {
	parallelBounds(workers, evenBoundsInto(nil, n, workers), fn)
}

// grow returns b resliced to n, reallocating only when its capacity is short.
func grow[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	return b[:n]
}
