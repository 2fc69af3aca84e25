package physics

import (
	"math"
	"math/rand"
	"strings"
	"testing"

	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/materials"
	"github.com/splatscope/splatscope/mpm"
)

func TestMaterialFor(t *testing.T) {
	tab := materials.DefaultTable()
	cases := []struct {
		name  string
		model mpm.Model
		check func(m mpm.Material) bool
		fails bool
	}{
		{"rubber", mpm.FixedCorotated, func(m mpm.Material) bool { return m.Nu == 0.49 && m.Density == 1100 }, false},
		{"steel", mpm.VonMises, func(m mpm.Material) bool { return m.YieldStress == 2.5e8 }, false},
		// sand's friction 0.6 is atan(0.6) = 30.96°.
		{"sand", mpm.DruckerPrager, func(m mpm.Material) bool { return math.Abs(float64(m.FrictionAngle)-30.96) < 0.01 }, false},
		// water's bulk modulus 2.2 GPa is kept: K = E / (3(1 − 2ν)).
		{"water", mpm.Fluid, func(m mpm.Material) bool {
			return math.Abs(float64(m.E)/(3*(1-2*float64(m.Nu)))/2.2e9-1) < 1e-6
		}, false},
		{"unknown", mpm.FixedCorotated, func(m mpm.Material) bool { return m.Name == mpm.DefaultMaterialName }, true},
	}
	for _, c := range cases {
		id := tab.Index(c.name)
		if id < 0 {
			t.Fatalf("no %q in the table", c.name)
		}
		m, why := MaterialFor(&tab.Materials[id])
		if (why != "") != c.fails || m.Model != c.model || !c.check(m) {
			t.Errorf("%s: got %+v (%q)", c.name, m, why)
		}
	}
	// A von Mises row without a yield stress cannot be simulated: the default, with the reason.
	bad := tab.Materials[tab.Index("steel")]
	bad.YieldStress = 0
	if m, why := MaterialFor(&bad); why == "" || m.Name != mpm.DefaultMaterialName {
		t.Errorf("steel without yield stress: got %+v, %q", m, why)
	}
}

func TestFromLabelsFallbackAndUniform(t *testing.T) {
	tab := materials.DefaultTable()
	ids := []int32{int32(tab.Index("sand")), int32(tab.Index("unknown")), int32(tab.Index("sand")), int32(tab.Index("unknown")), int32(tab.Index("metal"))}
	l := &materials.Labels{Table: tab, IDs: ids}
	a := FromLabels(l)
	if len(a.Materials) != 3 || a.Index[0] != a.Index[2] || a.Index[1] != a.Index[3] || a.Materials[a.Index[1]].Name != mpm.DefaultMaterialName {
		t.Fatalf("assignment %+v", a)
	}
	if len(a.Warnings) != 1 || !strings.Contains(a.Warnings[0], "2 Gaussians") || !strings.Contains(a.Warnings[0], `"jelly"`) {
		t.Fatalf("warnings %q: want one naming the 2 unknown Gaussians and the default", a.Warnings)
	}
	l.Props[materials.Density] = make([]float32, len(ids))
	if a := FromLabels(l); len(a.Warnings) != 2 || !strings.Contains(a.Warnings[1], "density") {
		t.Fatalf("warnings %q: want one about per-Gaussian density", a.Warnings)
	}
	for _, c := range []struct {
		name, want string
		err        bool
	}{{"rubber", "rubber", false}, {"jelly", "jelly", false}, {"Snow", "snow", false}, {"unobtainium", "", true}} {
		a, err := Uniform(c.name, tab)
		if (err != nil) != c.err || err == nil && a.Materials[0].Name != c.want {
			t.Errorf("Uniform(%q): %+v, %v", c.name, a, err)
		}
		if err != nil && !strings.Contains(err.Error(), "jelly") {
			t.Errorf("Uniform(%q) error %q should list the choices", c.name, err)
		}
	}
}

func TestNearestMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	for _, c := range []struct {
		name string
		n    int
		cell float32
	}{{"dense", 2000, 0.05}, {"coarse cells", 500, 0.5}, {"fine cells", 300, 0.001}, {"one point", 1, 0.1}} {
		pts := make([]float32, 3*c.n)
		for i := range pts {
			pts[i] = rng.Float32()
		}
		g := newPointGrid(pts, c.cell)
		for q := 0; q < 100; q++ {
			// Queries inside and well outside the cloud.
			p := []float32{rng.Float32()*3 - 1, rng.Float32()*3 - 1, rng.Float32()*3 - 1}
			nb := g.nearest(p, 4)
			var want neighbours
			for i := 0; i < c.n; i++ {
				dx, dy, dz := pts[3*i]-p[0], pts[3*i+1]-p[1], pts[3*i+2]-p[2]
				want.insert(min(4, c.n), int32(i), dx*dx+dy*dy+dz*dz)
			}
			if nb != want {
				t.Fatalf("%s: query %v: got %+v, want %+v", c.name, p, nb, want)
			}
		}
	}
}

func TestSubsampleOpacityAndDeterminism(t *testing.T) {
	rng := rand.New(rand.NewSource(6))
	s := gridScene(20, 0.005, rng)
	for i := 0; i < s.N; i += 10 {
		s.Opacities[i] = gaussians.Logit(0.01, 1e-6) // below the 2% default
	}
	cases := []struct {
		name        string
		o           Options
		maxP        int
		transparent int
	}{
		{"defaults", Options{}, s.N, s.N / 10},
		{"capped", Options{MaxParticles: 500}, 500, s.N / 10},
		{"keep all", Options{Opacity: -1, MaxParticles: 1000}, 1000, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, err := New(s, jelly(), c.o)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := New(s, jelly(), c.o)
			if a.FromGaussians > c.maxP || a.FromGaussians == 0 || a.Transparent != c.transparent {
				t.Fatalf("%d particles (max %d), %d transparent (want %d)", a.FromGaussians, c.maxP, a.Transparent, c.transparent)
			}
			if a.FromGaussians+a.Followers != s.N {
				t.Fatalf("%d particles + %d followers != %d Gaussians", a.FromGaussians, a.Followers, s.N)
			}
			for i := range a.Solver.P.X {
				if a.Solver.P.X[i] != b.Solver.P.X[i] {
					t.Fatal("two setups of the same scene chose different particles")
				}
			}
			// Mass: ρ times the volume of the occupied cells, shared by their particles.
			var m float64
			for _, v := range a.Solver.P.Mass {
				m += float64(v)
			}
			if m <= 0 || math.IsNaN(m) {
				t.Fatalf("total mass %g", m)
			}
		})
	}
	if _, err := New(s, jelly(), Options{Opacity: 0.99}); err == nil {
		t.Fatal("no Gaussian above 99% opacity: want an error")
	}
}

func TestFillHollowSphere(t *testing.T) {
	// A shell of Gaussians on a sphere of radius 0.1: filling adds interior particles.
	const n = 4000
	s := gaussians.NewScene(n, 0)
	for i := 0; i < n; i++ {
		// Fibonacci sphere: evenly spread points.
		z := 1 - 2*(float64(i)+0.5)/n
		r := math.Sqrt(1 - z*z)
		phi := float64(i) * math.Pi * (3 - math.Sqrt(5))
		s.Positions[3*i], s.Positions[3*i+1], s.Positions[3*i+2] = float32(0.1*r*math.Cos(phi)), float32(0.1*z), float32(0.1*r*math.Sin(phi))
		s.Opacities[i] = 2
		for a := 0; a < 3; a++ {
			s.Scales[3*i+a] = logf(0.003)
		}
	}
	hollow, err := New(s, jelly(), Options{Dx: 0.02})
	if err != nil {
		t.Fatal(err)
	}
	full, err := New(s, jelly(), Options{Dx: 0.02, Fill: true})
	if err != nil {
		t.Fatal(err)
	}
	if hollow.Filled != 0 || full.Filled == 0 || full.Solver.P.Len() != full.FromGaussians+full.Filled {
		t.Fatalf("hollow: %d filled; filled: %d filled of %d particles", hollow.Filled, full.Filled, full.Solver.P.Len())
	}
	// Interior particles lie inside the sphere.
	for i := full.FromGaussians; i < full.Solver.P.Len(); i++ {
		p := full.rest[3*i : 3*i+3]
		if r := math.Sqrt(float64(p[0]*p[0] + p[1]*p[1] + p[2]*p[2])); r > 0.1 {
			t.Fatalf("filled particle %d at radius %.3f, outside the sphere", i, r)
		}
	}
}

func TestSymEigenAndQuaternions(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for trial := 0; trial < 200; trial++ {
		var a m3
		for i := 0; i < 3; i++ {
			for j := i; j < 3; j++ {
				a[3*i+j] = rng.NormFloat64()
				a[3*j+i] = a[3*i+j]
			}
		}
		if trial%4 == 0 {
			a[1], a[3] = 0, 0 // already partly diagonal
		}
		d, v := a, m3{1, 0, 0, 0, 1, 0, 0, 0, 1}
		symEigen(&d, &v)
		// A = V·diag·Vᵀ.
		for i := 0; i < 3; i++ {
			for j := 0; j < 3; j++ {
				var s float64
				for k := 0; k < 3; k++ {
					s += v[3*i+k] * d[4*k] * v[3*j+k]
				}
				if math.Abs(s-a[3*i+j]) > 1e-7 { // the iteration stops at off-diagonals 1e-8 of the diagonal
					t.Fatalf("trial %d: reconstruction %g, want %g", trial, s, a[3*i+j])
				}
			}
		}
		r := randRot(rng)
		q := matToQuat(&r)
		back := quatToMat(q[0], q[1], q[2], q[3])
		for k := range r {
			if math.Abs(back[k]-r[k]) > 1e-12 {
				t.Fatalf("quaternion round trip: %v -> %v", r, back)
			}
		}
	}
}

func TestDemoScene(t *testing.T) {
	d := DemoScene()
	if d.Label != "synthetic" || d.Scene.N < 5000 || d.Scene.Check() != nil {
		t.Fatalf("demo: label %q, %d Gaussians", d.Label, d.Scene.N)
	}
	ids := d.Scene.Prop(materials.IDProperty)
	l, err := materials.FromScene(d.Scene, nil, materials.DefaultTable())
	if err != nil || ids == nil || len(l.Warnings) > 0 {
		t.Fatalf("labels: %v %v", err, l.Warnings)
	}
	counts := l.Counts()
	for _, name := range demoMaterials {
		if counts[l.Table.Index(name)] < 500 {
			t.Errorf("demo has %d Gaussians of %q", counts[l.Table.Index(name)], name)
		}
	}
	a := FromLabels(d.Labels)
	if len(a.Warnings) > 0 || len(a.Materials) != 3 {
		t.Fatalf("assignment: %d materials, warnings %q", len(a.Materials), a.Warnings)
	}
	sim, err := New(d.Scene, a, d.Options)
	if err != nil {
		t.Fatal(err)
	}
	// Every demo point is a particle (one per voxel of the demo's own spacing).
	if sim.FromGaussians < d.Scene.N*95/100 {
		t.Fatalf("%d of %d Gaussians became particles", sim.FromGaussians, d.Scene.N)
	}
	if g := sim.GroundLevel(); math.Abs(float64(g)) > 1e-3 {
		t.Fatalf("ground level %g, want the demo's floor at 0", g)
	}
	if err := sim.Advance(1.0 / 60); err != nil {
		t.Fatal(err)
	}
	out := sim.Clone()
	if err := sim.Deform(out); err != nil {
		t.Fatal(err)
	}
}
