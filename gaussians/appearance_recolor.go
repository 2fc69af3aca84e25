package gaussians

import (
	"context"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// recolorBatch is the number of Gaussians one worker evaluates at a time: 256 rows of a
// 64-wide layer (64 KiB of activations) stay in L2 between layers.
const recolorBatch = 256

// Recolor evaluates bundle b's appearance for photo photoA, blended toward photoB by t in
// [0, 1] (t = 0 is photoA; the blend interpolates the global embeddings and the triplane
// samples, or WildGaussians' photo embeddings, linearly). It returns a new scene whose SH
// arrays hold the result and whose other arrays are shared with b.Scene (treat them as
// read-only). Work runs on all cores and stops early when ctx is cancelled; progress (may be
// nil) is called from one goroutine with Gaussians done out of the total. On error b.Scene
// is untouched.
func Recolor(ctx context.Context, b *AppearanceBundle, photoA, photoB int, t float32, progress func(done, total int64)) (*Scene, error) {
	return RecolorInto(ctx, b, nil, photoA, photoB, t, progress)
}

// RecolorInto is Recolor writing into dst, a scene an earlier Recolor of the same bundle
// returned, reusing its SH arrays (a slider can recolour without allocating); dst may be nil.
func RecolorInto(ctx context.Context, b *AppearanceBundle, dst *Scene, photoA, photoB int, t float32, progress func(done, total int64)) (*Scene, error) {
	if err := b.checkBlend(photoA, photoB, t); err != nil {
		return nil, err
	}
	s := b.Scene
	out := recolorTarget(s, dst, b.OutputSHDegree())
	var work func(lo, hi int, scratch any)
	var newScratch func() any
	if w := b.wildgs; w != nil {
		f := w.frame(photoA, photoB, t)
		newScratch = func() any { return w.newScratch(recolorBatch) }
		work = func(lo, hi int, sc any) { w.eval(f, s, lo, hi, sc.(*wildGSScratch), out) }
	} else {
		w := b.wildg
		f := w.frame(photoA, photoB, t)
		newScratch = func() any { return w.newScratch(recolorBatch) }
		work = func(lo, hi int, sc any) { w.eval(f, s, lo, hi, sc.(*wildGaussiansScratch), out) }
	}
	if err := forBatches(ctx, s.N, newScratch, work, progress); err != nil {
		return nil, err
	}
	return out, nil
}

// recolorTarget returns a scene sharing s's geometry with SH arrays for degree deg, reusing
// dst's arrays when they have the right lengths.
func recolorTarget(s, dst *Scene, deg int) *Scene {
	out := *s
	out.Extra = append([]Property(nil), s.Extra...)
	out.Warnings = nil
	out.SHDegree = deg
	k3 := 3 * SHRestCoeffs(deg) * s.N
	if dst != nil && len(dst.SHDC) == 3*s.N && len(dst.SHRest) == k3 && !sameArray(dst.SHDC, s.SHDC) {
		out.SHDC, out.SHRest = dst.SHDC, dst.SHRest
	} else {
		out.SHDC, out.SHRest = make([]float32, 3*s.N), make([]float32, k3)
	}
	return &out
}

// sameArray reports whether a and b start at the same element (so writing one changes both).
func sameArray(a, b []float32) bool { return len(a) > 0 && len(b) > 0 && &a[0] == &b[0] }

// forBatches runs work over 0..n in batches of recolorBatch on GOMAXPROCS goroutines, each with
// its own scratch; it returns ctx.Err() when cancelled.
func forBatches(ctx context.Context, n int, newScratch func() any, work func(lo, hi int, sc any), progress func(done, total int64)) error {
	nb := (n + recolorBatch - 1) / recolorBatch
	workers := min(runtime.GOMAXPROCS(0), nb)
	var next, done atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(reporter bool) {
			defer wg.Done()
			sc := newScratch()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= nb {
					return
				}
				lo, hi := i*recolorBatch, min((i+1)*recolorBatch, n)
				work(lo, hi, sc)
				d := done.Add(int64(hi - lo))
				if reporter && progress != nil {
					progress(d, int64(n))
				}
			}
		}(w == 0)
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	if progress != nil {
		progress(int64(n), int64(n))
	}
	return nil
}

// MeanColor returns the mean degree-0 colour 0.5 + SHC0·f_dc of s's Gaussians, clamped to
// [0, 1] per Gaussian (what a viewer shows from any direction at degree 0).
func MeanColor(s *Scene) [3]float32 {
	var sum [3]float64
	for i := 0; i < s.N; i++ {
		for c := 0; c < 3; c++ {
			sum[c] += math.Min(math.Max(float64(ColorFromDC(s.SHDC[3*i+c])), 0), 1)
		}
	}
	var m [3]float32
	for c := range m {
		m[c] = float32(sum[c] / float64(max(s.N, 1)))
	}
	return m
}
