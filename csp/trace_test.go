package csp

import (
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

// raySphere returns the first t ≥ 0 where o + t·d (unit d) meets the sphere |p| = r.
func raySphere(o, d mgl32.Vec3, r float32) (float64, bool) {
	b := float64(o.Dot(d))
	c := float64(o.Dot(o)) - float64(r)*float64(r)
	disc := b*b - c
	if disc < 0 {
		return 0, false
	}
	t := -b - math.Sqrt(disc)
	return t, t >= 0
}

func TestTraceSphereDepthNormalCurvature(t *testing.T) {
	cases := []struct {
		name string
		r    float32
		eye  mgl32.Vec3
	}{
		{"unit front", 1, mgl32.Vec3{0.3, 0.5, 4}},
		{"small oblique", 0.25, mgl32.Vec3{0.6, -0.4, 0.9}},
	}
	const w, h = 64, 48
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := sphereField(tc.r)
			cam := lookCam(tc.eye, mgl32.Vec3{}, mgl32.Vec3{0, 1, 0}, w, h)
			opts := TraceOptions{Mode: MeanCurvature}.Resolved(f)
			hits := Trace(f, cam, w, h, opts)
			nHit, nFront := 0, 0
			for y := 0; y < h; y++ {
				for x := 0; x < w; x++ {
					hp := hits[y*w+x]
					o, d, _ := cam.Ray((float32(x)+0.5)/w*2-1, 1-(float32(y)+0.5)/h*2)
					want, ok := raySphere(o, d, tc.r)
					if !ok {
						// Rays passing within ε of the silhouette may stop there.
						if hp.Hit && abs32(hp.P.Len()-tc.r) > opts.Epsilon {
							t.Errorf("pixel (%d,%d): hit at t=%.4f, but the ray misses the sphere", x, y, hp.T)
						}
						continue
					}
					n := o.Add(d.Mul(float32(want))).Normalize()
					if !hp.Hit {
						// Only grazing rays may stop short of the surface within the step limit.
						if -d.Dot(n) > 0.2 {
							t.Errorf("pixel (%d,%d): missed a sphere it meets at cos %.3f", x, y, -d.Dot(n))
						}
						continue
					}
					nHit++
					if -d.Dot(n) < grazeCos {
						// A grazing hit is not slid onto the tangent plane: it is only within ε.
						if abs32(hp.P.Len()-tc.r) > opts.Epsilon {
							t.Errorf("pixel (%d,%d): grazing hit %v off the sphere by more than ε", x, y, hp.P)
						}
						continue
					}
					// Sliding onto the tangent plane is exact to first order; near grazing the
					// plane's departure from the sphere is seen through 1/cos.
					if tol := float64(opts.Epsilon / max(0.3, -d.Dot(n))); math.Abs(float64(hp.T)-want) > tol {
						t.Errorf("pixel (%d,%d): depth t=%.5f, analytic %.5f (ε %.1e)", x, y, hp.T, want, opts.Epsilon)
					}
					if c := hp.N.Dot(n); c < 0.999 {
						t.Errorf("pixel (%d,%d): normal %v, analytic %v (cos %.4f)", x, y, hp.N, n, c)
					}
					if -d.Dot(n) < 0.3 {
						continue
					}
					nFront++
					for _, k := range []float32{hp.K1, hp.K2} {
						if !hp.CurvOK || math.Abs(float64(k*tc.r-1)) > 0.02 {
							t.Errorf("pixel (%d,%d): curvatures %v, %v (ok %v), want 1/R = %v", x, y, hp.K1, hp.K2, hp.CurvOK, 1/tc.r)
						}
					}
				}
			}
			if nHit < w*h/20 || nFront == 0 {
				t.Errorf("only %d hits (%d frontal): the sphere should fill a good part of the image", nHit, nFront)
			}
		})
	}
}

func TestTraceTorusHasHole(t *testing.T) {
	f := torusField(1, 0.3)
	const w, h = 81, 81
	// From straight above, the centre pixel looks down the hole; the ring at radius R is hit.
	cam := lookCam(mgl32.Vec3{0, 0, 5}, mgl32.Vec3{}, mgl32.Vec3{0, 1, 0}, w, h)
	hits := Trace(f, cam, w, h, TraceOptions{})
	if hits[40*w+40].Hit {
		t.Errorf("centre pixel hit at %v: the torus should show its hole", hits[40*w+40].P)
	}
	ring := 0
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if hp := hits[y*w+x]; hp.Hit {
				r := mgl32.Vec2{hp.P[0], hp.P[1]}.Len()
				if r < 0.69 || r > 1.31 {
					t.Errorf("pixel (%d,%d): hit at radius %.3f, outside the tube 0.7..1.3", x, y, r)
				}
				ring++
			}
		}
	}
	// The ring's area π((R+r)² − (R−r)²) = 4πRr ≈ 3.77 against the view's ≈ (2·5·tan 22.5°)² ≈ 17.2.
	if frac := float64(ring) / (w * h); frac < 0.15 || frac > 0.30 {
		t.Errorf("torus covers %.3f of the image, want about 0.22", frac)
	}
}

func TestSlab(t *testing.T) {
	lo, hi := cube(1)
	tests := []struct {
		o, d   mgl32.Vec3
		t0, t1 float32
		ok     bool
	}{
		{mgl32.Vec3{-3, 0, 0}, mgl32.Vec3{1, 0, 0}, 2, 4, true},
		{mgl32.Vec3{0, 0, 0}, mgl32.Vec3{0, 0, 1}, 0, 1, true},
		{mgl32.Vec3{-3, 2, 0}, mgl32.Vec3{1, 0, 0}, 0, 0, false},
		{mgl32.Vec3{3, 0, 0}, mgl32.Vec3{1, 0, 0}, 0, 0, false},
	}
	for _, tc := range tests {
		t0, t1, ok := slab(tc.o, tc.d, lo, hi)
		if ok != tc.ok || (ok && (abs32(t0-tc.t0) > 1e-6 || abs32(t1-tc.t1) > 1e-6)) {
			t.Errorf("slab(%v, %v) = %v, %v, %v; want %v, %v, %v", tc.o, tc.d, t0, t1, ok, tc.t0, tc.t1, tc.ok)
		}
	}
}

func TestRenderImageModes(t *testing.T) {
	f := sphereField(1)
	const w, h = 40, 30
	cam := lookCam(mgl32.Vec3{0, 0, 4}, mgl32.Vec3{}, mgl32.Vec3{0, 1, 0}, w, h)
	for m := Shaded; m <= Residual; m++ {
		img := RenderImage(f, cam, w, h, TraceOptions{Mode: m})
		centre, corner := img.RGBAAt(w/2, h/2), img.RGBAAt(0, 0)
		if centre == corner {
			t.Errorf("%v: centre pixel %v equals the background corner", m, centre)
		}
		want := toRGBA(mix3(DefaultBackground[0], DefaultBackground[1], (float32(h-1)+0.5)/h))
		if m != Steps && corner != want {
			t.Errorf("%v: corner %v, want the background %v", m, corner, want)
		}
	}
}

// BenchmarkTraceCPU times a 640×360 shaded frame of the teapot baked at 128³ on all cores.
func BenchmarkTraceCPU(b *testing.B) {
	g := loadTeapotForTraceN(b, 128)
	if g == nil {
		b.Skip("no teapot")
	}
	lo, hi := g.Bounds()
	c := lo.Add(hi).Mul(0.5)
	eye := c.Add(mgl32.Vec3{1, 0.7, 1.2}.Normalize().Mul(0.95 * hi.Sub(lo).Len()))
	cam := lookCam(eye, c, mgl32.Vec3{0, 1, 0}, 640, 360)
	b.ResetTimer()
	for range b.N {
		RenderImage(g, cam, 640, 360, TraceOptions{})
	}
}
