package csp

import (
	"math"
	"math/rand"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

func TestAnalyticFields(t *testing.T) {
	z := mgl32.Vec3{0, 0, 1}
	cases := []struct {
		name string
		f    Field
		dist func(p mgl32.Vec3) float64 // the known distance, from first principles
	}{
		{"sphere", Sphere{Center: mgl32.Vec3{1, 2, 3}, Radius: 0.7}, func(p mgl32.Vec3) float64 {
			return math.Abs(float64(p.Sub(mgl32.Vec3{1, 2, 3}).Len()) - 0.7)
		}},
		{"plane", Plane{Point: mgl32.Vec3{0, 0, 0.25}, Normal: z, Lo: mgl32.Vec3{-1, -1, 0}, Hi: mgl32.Vec3{1, 1, 0.5}}, func(p mgl32.Vec3) float64 {
			return math.Abs(float64(p[2]) - 0.25)
		}},
		{"disk", Disk{Normal: z, Radius: 0.5}, func(p mgl32.Vec3) float64 {
			r := math.Hypot(float64(p[0]), float64(p[1]))
			return math.Hypot(math.Max(0, r-0.5), float64(p[2]))
		}},
		{"cylinder", Cylinder{Axis: z, Radius: 0.5, HalfHeight: 0.3}, func(p mgl32.Vec3) float64 {
			r := math.Hypot(float64(p[0]), float64(p[1]))
			return math.Hypot(r-0.5, math.Max(0, math.Abs(float64(p[2]))-0.3))
		}},
		{"torus", Torus{Axis: z, Major: 0.6, Minor: 0.2}, func(p mgl32.Vec3) float64 {
			r := math.Hypot(float64(p[0]), float64(p[1]))
			return math.Abs(math.Hypot(r-0.6, float64(p[2])) - 0.2)
		}},
		{"plates", Plates{Normal: z, Gap: 0.1, HalfSize: 0.5}, func(p mgl32.Vec3) float64 {
			out := math.Hypot(math.Max(0, math.Abs(float64(p[0]))-0.5), math.Max(0, math.Abs(float64(p[1]))-0.5))
			return math.Hypot(out, math.Min(math.Abs(float64(p[2])-0.05), math.Abs(float64(p[2])+0.05)))
		}},
	}
	rng := rand.New(rand.NewSource(3))
	for _, tc := range cases {
		ps := make([]mgl32.Vec3, 2000)
		for i := range ps {
			ps[i] = randVec(rng, 1.5)
		}
		out, back := make([]mgl32.Vec3, len(ps)), make([]mgl32.Vec3, len(ps))
		tc.f.ClosestPoints(ps, out)
		tc.f.ClosestPoints(out, back)
		for i, p := range ps {
			if got, want := float64(Distance(p, out[i])), tc.dist(p); math.Abs(got-want) > 2e-6 {
				t.Fatalf("%s: p=%v: distance %v, want %v", tc.name, p, got, want)
			}
			if d := back[i].Sub(out[i]).Len(); d > 2e-6 {
				t.Fatalf("%s: f(f(p)) moved %v from f(p) = %v", tc.name, d, out[i])
			}
		}
	}
}

func TestSphereCurvatureAndNormal(t *testing.T) {
	s := Sphere{Radius: 0.5}
	p := mgl32.Vec3{0.3, 0.4, 0.5}
	var c [1]mgl32.Vec3
	s.ClosestPoints([]mgl32.Vec3{p}, c[:])
	n, ok := Normal(p, c[0])
	if !ok || n.Sub(p.Normalize()).Len() > 1e-6 {
		t.Fatalf("normal %v, want %v", n, p.Normalize())
	}
	if _, ok := Normal(c[0], c[0]); ok {
		t.Fatal("normal on the surface should not be ok")
	}
	k1, k2, ok := PrincipalCurvatures(s, p, 1e-3)
	if !ok || math.Abs(float64(k1)-2) > 1e-2 || math.Abs(float64(k2)-2) > 1e-2 {
		t.Fatalf("curvatures %v %v (ok %v), want 2 2", k1, k2, ok)
	}
	// A cylinder of radius 0.5: curvatures 0 (along the axis) and 2.
	k1, k2, ok = PrincipalCurvatures(Cylinder{Axis: mgl32.Vec3{0, 0, 1}, Radius: 0.5, HalfHeight: 1}, mgl32.Vec3{0.6, 0.2, 0.1}, 1e-3)
	if !ok || math.Abs(float64(k1)) > 1e-2 || math.Abs(float64(k2)-2) > 1e-2 {
		t.Fatalf("cylinder curvatures %v %v (ok %v), want 0 2", k1, k2, ok)
	}
}
