package csp

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/go-gl/mathgl/mgl32"
)

// traceTile is the side of the square pixel tiles traced together: 16² = 256 rays march in
// lock-step so each step is one batched ClosestPoints call of neighbouring points (the BVH
// seeds each query with the last answer), and a tile is small enough to balance the cores.
const traceTile = 16

// Trace sphere-traces field f for every pixel of a w×h image (row 0 at the top), in parallel
// over tiles on all cores. Grids are traced through their false-surface-free estimate
// (SafeGrid). Options are resolved against f (see TraceOptions.Resolved).
func Trace(f Field, cam TraceCamera, w, h int, opts TraceOptions) []Hit {
	if g, ok := f.(*Grid); ok {
		f = SafeGrid{g}
	}
	opts = opts.Resolved(f)
	hits := make([]Hit, max(w, 0)*max(h, 0))
	if w <= 0 || h <= 0 {
		return hits
	}
	tx, ty := (w+traceTile-1)/traceTile, (h+traceTile-1)/traceTile
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tr := newTileTracer(f, cam, w, h, opts)
			for {
				t := int(next.Add(1)) - 1
				if t >= tx*ty {
					return
				}
				tr.trace(hits, (t%tx)*traceTile, (t/tx)*traceTile)
			}
		}()
	}
	wg.Wait()
	return hits
}

// tileTracer holds one worker's per-ray state for a tile.
type tileTracer struct {
	f        Field
	safe     *SafeGrid // non-nil for grids: per-ray cell caches instead of batched queries
	cam      TraceCamera
	w, h     int
	opts     TraceOptions
	lo, hi   mgl32.Vec3
	o, d     [traceTile * traceTile]mgl32.Vec3
	t, tEnd  [traceTile * traceTile]float32
	ts       []float32
	pix      [traceTile * traceTile]int // index into the image, −1 for rays outside it
	cache    [traceTile * traceTile]CellCache
	active   []int
	ps, cs   []mgl32.Vec3
	needCurv bool
}

func newTileTracer(f Field, cam TraceCamera, w, h int, opts TraceOptions) *tileTracer {
	tr := &tileTracer{f: f, cam: cam, w: w, h: h, opts: opts}
	if s, ok := f.(SafeGrid); ok {
		tr.safe = &s
	}
	tr.lo, tr.hi = f.Bounds()
	tr.needCurv = opts.Mode == MeanCurvature || opts.Mode == GaussianCurvature
	return tr
}

// closest evaluates the field at ps for the rays in idx (closest points into cs).
func (tr *tileTracer) closest(idx []int, ps, cs []mgl32.Vec3) {
	if tr.safe != nil {
		for n, r := range idx {
			cs[n], _ = tr.safe.Estimate(ps[n], &tr.cache[r])
		}
		return
	}
	tr.f.ClosestPoints(ps, cs)
}

// trace marches the tile whose top-left pixel is (x0, y0) and writes its hits.
func (tr *tileTracer) trace(hits []Hit, x0, y0 int) {
	tr.active = tr.active[:0]
	for r := range tr.pix {
		x, y := x0+r%traceTile, y0+r/traceTile
		tr.pix[r] = -1
		tr.cache[r].valid = false
		if x >= tr.w || y >= tr.h {
			continue
		}
		i := y*tr.w + x
		tr.pix[r] = i
		hits[i] = Hit{}
		// Pixel centres in NDC; image row 0 is the top (GL's row h−1).
		nx := (float32(x)+0.5)/float32(tr.w)*2 - 1
		ny := 1 - (float32(y)+0.5)/float32(tr.h)*2
		o, d, ok := tr.cam.Ray(nx, ny)
		if !ok {
			continue
		}
		t0, t1, ok := slab(o, d, tr.lo, tr.hi)
		if !ok {
			continue
		}
		tr.o[r], tr.d[r], tr.t[r], tr.tEnd[r] = o, d, t0, t1
		hits[i].Entered = true
		tr.active = append(tr.active, r)
	}
	eps, maxSteps := tr.opts.Epsilon, tr.opts.MaxSteps
	var hitRays []int
	for len(tr.active) > 0 {
		tr.ps = tr.ps[:0]
		for _, r := range tr.active {
			tr.ps = append(tr.ps, tr.o[r].Add(tr.d[r].Mul(tr.t[r])))
		}
		tr.cs = grow(tr.cs, len(tr.active))
		tr.closest(tr.active, tr.ps, tr.cs)
		still := tr.active[:0]
		for n, r := range tr.active {
			hp := &hits[tr.pix[r]]
			u := tr.ps[n].Sub(tr.cs[n]).Len()
			hp.Steps++
			hp.Residual = u
			if u < eps {
				hp.Hit = true
				hp.P = tr.ps[n]
				hp.N = tr.ps[n].Sub(tr.cs[n]) // unnormalised p − c, for the refinement
				hitRays = append(hitRays, r)
				continue
			}
			tr.t[r] += u
			if tr.t[r] > tr.tEnd[r] || hp.Steps >= maxSteps {
				continue
			}
			still = append(still, r)
		}
		tr.active = still
	}
	tr.finish(hits, hitRays)
}

// finish refines the hits onto their tangent planes along the ray and takes the shading
// normal (and curvature) a small step back along the ray.
func (tr *tileTracer) finish(hits []Hit, rays []int) {
	if len(rays) == 0 {
		return
	}
	back := BackStep(tr.opts.Epsilon)
	// Slide each hit along the ray onto the tangent plane of its closest point; keep the slid
	// point only if the field agrees it is nearer the surface (at an open sheet's rim the
	// "plane" through the rim point is any plane of its normal cone, and sliding onto it
	// would leave the surface).
	tr.ps, tr.ts = tr.ps[:0], tr.ts[:0]
	for _, r := range rays {
		hp := &hits[tr.pix[r]]
		t := tr.t[r]
		// hp.N holds p − c = u·n: the plane through c normal to n is met at t − u/(d·n).
		if u := hp.N.Len(); u > 0 {
			dn := tr.d[r].Dot(hp.N) / u
			if abs32(dn) >= grazeCos {
				t -= u / dn
			}
		}
		tr.ts = append(tr.ts, t)
		tr.ps = append(tr.ps, tr.o[r].Add(tr.d[r].Mul(t)))
	}
	tr.cs = grow(tr.cs, len(rays))
	tr.closest(rays, tr.ps, tr.cs)
	for n, r := range rays {
		hp := &hits[tr.pix[r]]
		t := tr.t[r]
		if tr.ps[n].Sub(tr.cs[n]).Len() <= hp.Residual {
			t = tr.ts[n]
		}
		hp.T = t
		hp.P = tr.o[r].Add(tr.d[r].Mul(t))
		hp.Depth = tr.cam.Depth(hp.P)
		tr.ps[n] = tr.o[r].Add(tr.d[r].Mul(t - back))
	}
	tr.closest(rays, tr.ps, tr.cs)
	off, fh := CurvatureOffset(tr.f)
	for n, r := range rays {
		hp := &hits[tr.pix[r]]
		d := tr.d[r]
		nrm, ok := Normal(tr.ps[n], tr.cs[n])
		if !ok {
			nrm = d.Mul(-1)
		}
		if nrm.Dot(d) > 0 { // turned toward the camera: open sheets are lit on both sides
			nrm = nrm.Mul(-1)
		}
		hp.N = nrm
		if tr.needCurv {
			q := tr.cs[n].Add(nrm.Mul(off))
			hp.K1, hp.K2, hp.CurvOK = PrincipalCurvatures(tr.f, q, fh)
		}
	}
}

// grow returns s resliced to length n, reallocating when it is too short.
func grow(s []mgl32.Vec3, n int) []mgl32.Vec3 {
	if cap(s) < n {
		return make([]mgl32.Vec3, n)
	}
	return s[:n]
}
