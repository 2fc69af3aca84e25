package csp

import (
	"context"
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

// Small analytic fields for the tracer's tests (independent of analytic.go).

// funcField is a Field from a closest-point function and a box.
type funcField struct {
	f      func(p mgl32.Vec3) mgl32.Vec3
	lo, hi mgl32.Vec3
}

func (f funcField) ClosestPoints(ps, out []mgl32.Vec3) {
	for i, p := range ps {
		out[i] = f.f(p)
	}
}
func (f funcField) Bounds() (lo, hi mgl32.Vec3) { return f.lo, f.hi }

// plainGrid hides a *Grid's type so the tracer uses its raw trilinear interpolation.
type plainGrid struct{ g *Grid }

func (p plainGrid) ClosestPoints(ps, out []mgl32.Vec3) { p.g.ClosestPoints(ps, out) }
func (p plainGrid) Bounds() (lo, hi mgl32.Vec3)        { return p.g.Bounds() }

func cube(r float32) (mgl32.Vec3, mgl32.Vec3) {
	return mgl32.Vec3{-r, -r, -r}, mgl32.Vec3{r, r, r}
}

// sphereField is the sphere of radius r about the origin, in a box of half-side 1.25 r.
func sphereField(r float32) funcField {
	lo, hi := cube(1.25 * r)
	return funcField{f: func(p mgl32.Vec3) mgl32.Vec3 {
		l := p.Len()
		if l == 0 {
			return mgl32.Vec3{r, 0, 0}
		}
		return p.Mul(r / l)
	}, lo: lo, hi: hi}
}

// torusField is the torus about the z axis with radii R (tube centre) and r (tube).
func torusField(R, r float32) funcField {
	s := R + r
	return funcField{f: func(p mgl32.Vec3) mgl32.Vec3 {
		q := mgl32.Vec3{p[0], p[1], 0}
		l := q.Len()
		if l == 0 {
			q, l = mgl32.Vec3{1, 0, 0}, 1
		}
		ctr := q.Mul(R / l)
		d := p.Sub(ctr)
		dl := d.Len()
		if dl == 0 {
			return ctr.Add(mgl32.Vec3{0, 0, r})
		}
		return ctr.Add(d.Mul(r / dl))
	}, lo: mgl32.Vec3{-1.2 * s, -1.2 * s, -1.5 * r}, hi: mgl32.Vec3{1.2 * s, 1.2 * s, 1.5 * r}}
}

// squarePlate returns the closest point to p on the square |x|,|y| ≤ half at height z.
func squarePlate(p mgl32.Vec3, half, z float32) mgl32.Vec3 {
	return mgl32.Vec3{mgl32.Clamp(p[0], -half, half), mgl32.Clamp(p[1], -half, half), z}
}

// platesField is two open square plates (half side `half`) at heights z0 and z1, in the box
// [−1, 1]³.
func platesField(half, z0, z1 float32) funcField {
	lo, hi := cube(1)
	return funcField{f: func(p mgl32.Vec3) mgl32.Vec3 {
		a, b := squarePlate(p, half, z0), squarePlate(p, half, z1)
		if p.Sub(a).Len() <= p.Sub(b).Len() {
			return a
		}
		return b
	}, lo: lo, hi: hi}
}

// slabField is a closed box |x|,|y| ≤ half, |z| ≤ thick/2: a thin plate with two faces.
func slabField(half, thick float32) funcField {
	lo, hi := cube(1)
	return funcField{f: func(p mgl32.Vec3) mgl32.Vec3 {
		e := [3]float32{half, half, thick / 2}
		inside := true
		for a := 0; a < 3; a++ {
			if abs32(p[a]) > e[a] {
				inside = false
			}
		}
		if !inside {
			var c mgl32.Vec3
			for a := 0; a < 3; a++ {
				c[a] = mgl32.Clamp(p[a], -e[a], e[a])
			}
			return c
		}
		// Inside: the nearest face.
		best, ax := float32(math.Inf(1)), 0
		for a := 0; a < 3; a++ {
			if d := e[a] - abs32(p[a]); d < best {
				best, ax = d, a
			}
		}
		c := p
		if p[ax] >= 0 {
			c[ax] = e[ax]
		} else {
			c[ax] = -e[ax]
		}
		return c
	}, lo: lo, hi: hi}
}

// bakeTest bakes f on n³ nodes over f's own box.
func bakeTest(t testing.TB, f Field, n int) *Grid {
	t.Helper()
	lo, hi := f.Bounds()
	g, err := Bake(context.Background(), f, lo, hi, n, nil)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// lookCam is a perspective camera at eye looking at target, 45° vertical field of view.
func lookCam(eye, target, up mgl32.Vec3, w, h int) TraceCamera {
	view := mgl32.LookAtV(eye, target, up)
	proj := mgl32.Perspective(mgl32.DegToRad(45), float32(w)/float32(h), 0.01, 100)
	return NewTraceCamera(view, proj, eye)
}
