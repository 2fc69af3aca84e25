package csp

import (
	"context"
	"math"
	"math/rand"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/mesh"
)

func TestClosestTriangleVsBrute(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	cases := []struct {
		name    string
		a, b, c vec
	}{
		{"right", vec{0, 0, 0}, vec{1, 0, 0}, vec{0, 1, 0}},
		{"obtuse", vec{0, 0, 0}, vec{4, 0, 0}, vec{3.9, 0.1, 0.2}},
		{"repeated vertex", vec{1, 2, 3}, vec{1, 2, 3}, vec{0, 1, 0}},
		{"all three equal", vec{1, 2, 3}, vec{1, 2, 3}, vec{1, 2, 3}},
		{"collinear", vec{0, 0, 0}, vec{2, 2, 2}, vec{1, 1, 1}},
		{"collinear outside", vec{0, 0, 0}, vec{1, 1, 1}, vec{3, 3, 3}},
		{"needle", vec{0, 0, 0}, vec{1, 0, 0}, vec{0.5, 1e-9, 0}},
	}
	for i := 0; i < 200; i++ {
		r := func() vec { return vec{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()} }
		cases = append(cases, struct {
			name    string
			a, b, c vec
		}{"random", r(), r(), r()})
	}
	for _, tc := range cases {
		tri := newTriangle(tc.a, tc.b, tc.c)
		scale := math.Sqrt(max(dot3(tri.ab, tri.ab), dot3(tri.ac, tri.ac), 1))
		for j := 0; j < 200; j++ {
			p := vec{rng.NormFloat64() * 3, rng.NormFloat64() * 3, rng.NormFloat64() * 3}
			got, want := tri.closest(p), closestBrute(p, tc.a, tc.b, tc.c)
			dg, dw := math.Sqrt(dist2(p, got)), math.Sqrt(dist2(p, want))
			if math.Abs(dg-dw) > 1e-9*scale*(1+dw) {
				t.Fatalf("%s: p=%v: distance %v, brute force %v (points %v, %v)", tc.name, p, dg, dw, got, want)
			}
			// The answer must lie on the triangle: its own closest point is itself.
			if back := tri.closest(got); math.Sqrt(dist2(back, got)) > 1e-9*scale {
				t.Fatalf("%s: closest point %v is off the triangle (re-projects to %v)", tc.name, got, back)
			}
		}
	}
}

func TestMeshFieldVsBrute(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	cases := []struct {
		name string
		m    *mesh.Mesh
	}{
		{"one triangle", randomMesh(rng, 1)},
		{"random 50", randomMesh(rng, 50)},
		{"random 2000", randomMesh(rng, 2000)},
		{"bunny", loadBunny(t)},
	}
	for _, tc := range cases {
		f, err := NewMeshField(tc.m)
		if err != nil {
			t.Fatal(err)
		}
		lo, hi := f.Bounds()
		diag := hi.Sub(lo).Len()
		c := lo.Add(hi).Mul(0.5)
		ps := make([]mgl32.Vec3, 3000)
		for i := range ps {
			// Mostly near the surface, some far: a random walk so seeding is exercised both ways.
			ps[i] = c.Add(randVec(rng, diag*0.8))
			if i%3 == 1 {
				ps[i] = ps[i-1].Add(randVec(rng, diag*0.01))
			}
		}
		out := make([]mgl32.Vec3, len(ps))
		ids := make([]int32, len(ps))
		f.ClosestPointsWithID(ps, out, ids)
		for i, p := range ps {
			want, wd2 := bruteClosest(tc.m, p)
			got := Distance(p, out[i])
			if d := math.Abs(float64(got) - math.Sqrt(wd2)); d > 1e-6*float64(diag) {
				t.Fatalf("%s: p=%v: distance %v, brute force %v (closest %v, want %v)", tc.name, p, got, math.Sqrt(wd2), out[i], want)
			}
			tr := tc.m.Triangles[ids[i]]
			on := closestBrute(f64(out[i]), f64(tc.m.Positions[tr[0]]), f64(tc.m.Positions[tr[1]]), f64(tc.m.Positions[tr[2]]))
			if math.Sqrt(dist2(on, f64(out[i]))) > 1e-6*float64(diag) {
				t.Fatalf("%s: point %v is not on its triangle %d", tc.name, out[i], ids[i])
			}
		}
	}
}

func TestMeshFieldErrors(t *testing.T) {
	cases := []struct {
		name string
		m    *mesh.Mesh
		want string
	}{
		{"empty", &mesh.Mesh{Source: "empty.obj"}, "empty.obj: no triangles"},
		{"index", &mesh.Mesh{Source: "bad.obj", Positions: []mgl32.Vec3{{}}, Triangles: [][3]uint32{{0, 0, 5}}}, "bad.obj: triangle 0: vertex index 5 out of range"},
		{"nan", &mesh.Mesh{Source: "nan.obj", Positions: []mgl32.Vec3{{float32(math.NaN()), 0, 0}}, Triangles: [][3]uint32{{0, 0, 0}}}, "nan.obj: vertex 0 is not finite"},
	}
	for _, tc := range cases {
		_, err := NewMeshField(tc.m)
		if err == nil || len(err.Error()) < len(tc.want) || err.Error()[:len(tc.want)] != tc.want {
			t.Errorf("%s: error %v, want prefix %q", tc.name, err, tc.want)
		}
	}
}

// BenchmarkBakeBunny128 bakes the exact bunny field on a 128³ grid on all cores.
func BenchmarkBakeBunny128(b *testing.B) {
	m := loadBunny(b)
	f, err := NewMeshField(m)
	if err != nil {
		b.Fatal(err)
	}
	lo, hi := f.Bounds()
	blo, bhi := BakeBox(lo, hi, 128)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Bake(context.Background(), f, blo, bhi, 128, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)*128*128*128/b.Elapsed().Seconds()/1e6, "Mquery/s")
}
