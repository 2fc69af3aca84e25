package csp

import (
	"image"
	"image/color"
	"math"

	"github.com/go-gl/mathgl/mgl32"
)

// Colouring of traced hits. shaders/field.frag.glsl mirrors these functions: change both.

// RenderImage sphere-traces f into a w×h image coloured by opts.Mode, misses painted with
// the background gradient: the CPU twin of render.FieldPass (`splatscope render --cpu`).
func RenderImage(f Field, cam TraceCamera, w, h int, opts TraceOptions) *image.RGBA {
	if g, ok := f.(*Grid); ok {
		f = SafeGrid{g}
	}
	opts = opts.Resolved(f)
	hits := Trace(f, cam, w, h, opts)
	img := image.NewRGBA(image.Rect(0, 0, max(w, 0), max(h, 0)))
	for y := 0; y < h; y++ {
		// The background shader's gradient parameter at this row's pixel centres.
		bg := mix3(opts.Background[0], opts.Background[1], (float32(h-1-y)+0.5)/float32(h))
		for x := 0; x < w; x++ {
			c, ok := ShadeHit(&hits[y*w+x], cam, opts)
			if !ok {
				c = bg
			}
			img.SetRGBA(x, y, toRGBA(c))
		}
	}
	return img
}

// ShadeHit returns the display-encoded colour of one pixel, or ok false for background.
// opts must be resolved.
func ShadeHit(hp *Hit, cam TraceCamera, opts TraceOptions) (c mgl32.Vec3, ok bool) {
	if opts.Mode == Steps {
		if !hp.Entered {
			return c, false
		}
		return Heat(StepsHeat(hp.Steps, opts.MaxSteps)), true
	}
	if !hp.Hit {
		return c, false
	}
	n := hp.N
	switch opts.Mode {
	case Normals:
		return n.Mul(0.5).Add(mgl32.Vec3{0.5, 0.5, 0.5}), true
	case Residual:
		return Heat(hp.Residual / opts.Epsilon), true
	case MeanCurvature, GaussianCurvature:
		if !hp.CurvOK {
			return mgl32.Vec3{0.5, 0.5, 0.5}, true
		}
		v := (hp.K1 + hp.K2) / 2 / opts.CurvatureRange
		if opts.Mode == GaussianCurvature {
			v = hp.K1 * hp.K2 / (opts.CurvatureRange * opts.CurvatureRange)
		}
		// A touch of the key light keeps the shape readable under the colour map.
		key := max(viewNormal(cam, n).Dot(keyDir), 0)
		return Diverging(v).Mul(0.6 + 0.4*key), true
	}
	return gammaEncode(lit(cam, hp.P, n, opts.Color)), true
}

// StepsHeat maps a step count to [0, 1] on a log scale, log(1+steps)/log(1+max): most rays
// take a handful of steps and a linear scale would show them all black.
func StepsHeat(steps, maxSteps int) float32 {
	return float32(math.Log(1+float64(steps)) / math.Log(1+float64(maxSteps)))
}

// Lights in view space, as in shaders/mesh.frag.glsl, so a field looks like its mesh.
var (
	keyDir  = mgl32.Vec3{-0.35, 0.45, 1.0}.Normalize()
	fillDir = mgl32.Vec3{0.6, -0.25, 0.45}.Normalize()
)

// viewNormal rotates a world normal into view space (the view matrix is a rigid motion).
func viewNormal(cam TraceCamera, n mgl32.Vec3) mgl32.Vec3 {
	return cam.View.Mat3().Mul3x1(n).Normalize()
}

// lit is the mesh shader's two-light model with a hemisphere ambient and a specular highlight.
func lit(cam TraceCamera, p, n, albedo mgl32.Vec3) mgl32.Vec3 {
	N := viewNormal(cam, n)
	V := cam.View.Mul4x1(p.Vec4(1)).Vec3().Mul(-1).Normalize()
	key := max(N.Dot(keyDir), 0)
	fill := max(N.Dot(fillDir), 0)
	amb := mixf(0.10, 0.18, 0.5+0.5*N[1])
	H := keyDir.Add(V).Normalize()
	spec := float32(math.Pow(float64(max(N.Dot(H), 0)), 48)) * 0.18
	return albedo.Mul(amb + 0.78*key + 0.30*fill).Add(mgl32.Vec3{spec, spec, spec})
}

// gammaEncode clamps to [0, 1] and applies the display gamma 1/2.2, as the mesh shader does.
func gammaEncode(c mgl32.Vec3) mgl32.Vec3 {
	for i := range c {
		c[i] = float32(math.Pow(float64(clamp01(c[i])), 1/2.2))
	}
	return c
}

// Heat maps t in [0, 1] to a black–purple–orange–yellow–white heat ramp (display colours).
func Heat(t float32) mgl32.Vec3 {
	return ramp(heatStops[:], t)
}

// Diverging maps v in [−1, 1] to blue–grey–red (Moreland's cool-warm ends; 0 is neutral grey).
func Diverging(v float32) mgl32.Vec3 {
	return ramp(divergingStops[:], 0.5+0.5*v)
}

var heatStops = [5]mgl32.Vec3{
	{0.0, 0.0, 0.0}, {0.34, 0.06, 0.43}, {0.87, 0.32, 0.22}, {0.99, 0.75, 0.15}, {1.0, 1.0, 0.9},
}

var divergingStops = [5]mgl32.Vec3{
	{0.23, 0.30, 0.75}, {0.55, 0.69, 1.0}, {0.87, 0.87, 0.87}, {0.96, 0.60, 0.48}, {0.71, 0.02, 0.15},
}

// ramp interpolates linearly between evenly spaced stops; t is clamped to [0, 1].
func ramp(stops []mgl32.Vec3, t float32) mgl32.Vec3 {
	t = clamp01(t) * float32(len(stops)-1)
	i := min(int(t), len(stops)-2)
	return mix3(stops[i], stops[i+1], t-float32(i))
}

func clamp01(x float32) float32 {
	if !(x > 0) { // NaN too
		return 0
	}
	return min(x, 1)
}

func mixf(a, b, t float32) float32 { return a + (b-a)*t }

func mix3(a, b mgl32.Vec3, t float32) mgl32.Vec3 { return a.Add(b.Sub(a).Mul(t)) }

// toRGBA rounds a display colour in [0, 1] to 8 bits, as a UNORM8 render target does.
func toRGBA(c mgl32.Vec3) color.RGBA {
	q := func(x float32) uint8 { return uint8(clamp01(x)*255 + 0.5) }
	return color.RGBA{q(c[0]), q(c[1]), q(c[2]), 255}
}
