package mpm

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func smallScene(t *testing.T, workers int) *Solver {
	t.Helper()
	const dx = 1.0 / 24
	pos := block([3]float32{0.2, 0.1, 0.2}, [3]float32{0.5, 0.4, 0.45}, dx, 2)
	mat := make([]int, len(pos)/3)
	for i := range mat {
		mat[i] = i % 5 // every model
	}
	mats := []Material{Presets["jelly"], Presets["metal"], Presets["sand"], Presets["water"], Presets["snow"]}
	s, err := FromPoints(pos, mat, mats, Options{
		Domain: cube(1), Dx: dx, Gravity: [3]float32{0, -9.8, 0}, Workers: workers, Boundary: Friction, Friction: 0.3,
		Frozen: []Box{{Min: [3]float32{0.2, 0.1, 0.2}, Max: [3]float32{0.25, 0.4, 0.25}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range s.P.Len() {
		s.P.V[3*i] = float32(i%7) * 0.1 // break the symmetry
	}
	return s
}

// TestDeterministic: two runs with the same worker count agree bit for bit; runs with
// different counts agree closely (only the order of float sums differs).
func TestDeterministic(t *testing.T) {
	steps := 40
	if raceEnabled {
		steps = 5
	}
	run := func(w int) *Particles {
		s := smallScene(t, w)
		for range steps {
			if _, err := s.Step(); err != nil {
				t.Fatal(err)
			}
		}
		return s.P
	}
	a, b, c := run(3), run(3), run(1)
	for i := range a.X {
		if a.X[i] != b.X[i] {
			t.Fatalf("workers=3 runs differ at x[%d]: %v vs %v", i, a.X[i], b.X[i])
		}
		if d := math.Abs(float64(a.X[i] - c.X[i])); d > 1e-4 {
			t.Fatalf("workers=3 vs workers=1 differ at x[%d] by %g", i, d)
		}
	}
	for i := range a.F {
		if a.F[i] != b.F[i] || a.Stress[i/9*6+i%6] != b.Stress[i/9*6+i%6] {
			t.Fatalf("workers=3 runs differ in F or stress at %d", i)
		}
	}
}

// TestUnstableStops: a CFL number far beyond stability makes the stiff block explode;
// Step must stop with ErrUnstable (naming the particle) and keep returning it.
func TestUnstableStops(t *testing.T) {
	const dx = 1.0 / 16
	pos := block([3]float32{0.3, 0.3, 0.3}, [3]float32{0.6, 0.6, 0.6}, dx, 2)
	s, err := FromPoints(pos, nil, []Material{{Name: "stiff", Model: FixedCorotated, Density: 1000, E: 1e7, Nu: 0.3}}, Options{
		Domain: cube(1), Dx: dx, MaxE: -1, CFL: 30, MaxDt: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range s.P.Len() {
		s.P.V[3*i] = float32(i%3) - 1 // shear so stress builds up
	}
	var stepErr error
	for k := 0; k < 2000 && stepErr == nil; k++ {
		_, stepErr = s.Step()
	}
	if !errors.Is(stepErr, ErrUnstable) || !strings.Contains(stepErr.Error(), "particle") {
		t.Fatalf("got %v, want an ErrUnstable naming a particle", stepErr)
	}
	if _, err := s.Step(); !errors.Is(err, ErrUnstable) {
		t.Errorf("after an instability Step returned %v", err)
	}
	t.Log(stepErr)
}

func TestParticleOutsideDomain(t *testing.T) {
	_, err := FromPoints([]float32{0.5, 0.5, 0.5, 3, 0.5, 0.5}, nil, nil, Options{Domain: cube(1), Dx: 0.1})
	if !errors.Is(err, ErrUnstable) || !strings.Contains(err.Error(), "particle 1 left the domain") {
		t.Errorf("got %v", err)
	}
}

// TestMaterialFallback: unknown names, out-of-range indices and invalid materials all fall
// back to the named default with a warning.
func TestMaterialFallback(t *testing.T) {
	if m, w := Lookup("Rubber "); m.Name != "rubber" || w != "" {
		t.Errorf("Lookup(rubber) = %q, %q", m.Name, w)
	}
	if m, w := Lookup("unobtainium"); m.Name != DefaultMaterialName || !strings.Contains(w, "unobtainium") {
		t.Errorf("Lookup(unobtainium) = %q, %q", m.Name, w)
	}
	bad := Material{Name: "broken", Model: VonMises, Density: 1000, E: 1e5, Nu: 0.3} // no yield stress
	pos := []float32{0.5, 0.5, 0.5, 0.6, 0.5, 0.5, 0.4, 0.5, 0.5}
	s, err := FromPoints(pos, []int{0, 1, 7}, []Material{Presets["rubber"], bad}, Options{Domain: cube(1), Dx: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	w := strings.Join(s.Warnings(), "\n")
	for _, want := range []string{"point 2: material index 7 unknown", `"broken": yield stress`, DefaultMaterialName} {
		if !strings.Contains(w, want) {
			t.Errorf("warnings %q lack %q", w, want)
		}
	}
	mats := s.Materials()
	if mats[1].Name != DefaultMaterialName || mats[s.P.Mat[2]].Name != DefaultMaterialName {
		t.Errorf("materials after fallback: %v, particle 2 uses %d", mats, s.P.Mat[2])
	}
	if got, want := s.P.Mass[2], Presets[DefaultMaterialName].Density*0.001/8; math.Abs(float64(got-want)) > 1e-9 {
		t.Errorf("fallback particle mass %g, want %g", got, want)
	}
}

// TestCapAndTimeStep: E is capped (the yield stress scales with it) and the elastic
// substep follows the CFL rule from the P-wave speed.
func TestCapAndTimeStep(t *testing.T) {
	s, err := FromPoints([]float32{0.5, 0.5, 0.5}, []int{0}, []Material{Presets["metal"]}, Options{Domain: cube(1), Dx: 0.01})
	if err != nil {
		t.Fatal(err)
	}
	m := s.Materials()[0]
	if m.E != DefaultMaxE || math.Abs(float64(m.YieldStress/m.E)-2.5e8/2e11) > 1e-9 {
		t.Errorf("capped metal E %g, yield %g: want E %g and the yield strain kept", m.E, m.YieldStress, DefaultMaxE)
	}
	mu, lambda := m.Lame()
	want := DefaultCFL * 0.01 / math.Sqrt(float64(lambda+2*mu)/7800)
	if got := float64(s.ElasticDt()); math.Abs(got-want) > 1e-9 {
		t.Errorf("elastic dt %g, want %g", got, want)
	}
	if s.NextDt() > s.ElasticDt() {
		t.Errorf("next dt %g exceeds the CFL bound %g", s.NextDt(), s.ElasticDt())
	}
}

// TestDeformationAndRotation: after shearing and spinning, Deformation returns F (column-
// major) and Rotation its polar rotation, a proper rotation with Rᵀ·F symmetric.
func TestDeformationAndRotation(t *testing.T) {
	s := smallScene(t, 2)
	mustAdvance(t, s, 0.05)
	for _, i := range []int{1, 50, 333} {
		f, r := s.Deformation(i), s.Rotation(i)
		if f.At(0, 1) != s.P.F[9*i+1] || f.At(2, 0) != s.P.F[9*i+6] {
			t.Fatalf("Deformation(%d) layout wrong: %v vs %v", i, f, s.P.F[9*i:9*i+9])
		}
		if d := r.Det(); math.Abs(float64(d)-1) > 1e-5 {
			t.Errorf("rotation det %g", d)
		}
		sym := r.Transpose().Mul3(f)
		if d := math.Abs(float64(sym.At(0, 1) - sym.At(1, 0))); d > 1e-5 {
			t.Errorf("Rᵀ·F not symmetric (%g): %v", d, sym)
		}
	}
}

func TestFillInterior(t *testing.T) {
	// A sphere shell of radius 0.3 sampled densely (spacing well below the 0.05 cell).
	var shell []float32
	for i := 0; i < 200; i++ {
		th := math.Pi * (float64(i) + 0.5) / 200
		for j := 0; j < 400; j++ {
			ph := 2 * math.Pi * float64(j) / 400
			shell = append(shell, float32(0.3*math.Sin(th)*math.Cos(ph)), float32(0.3*math.Sin(th)*math.Sin(ph)), float32(0.3*math.Cos(th)))
		}
	}
	in, err := FillInterior(shell, 0.05, 2)
	if err != nil {
		t.Fatal(err)
	}
	n := len(in) / 3
	for i := 0; i < n; i++ {
		x, y, z := in[3*i], in[3*i+1], in[3*i+2]
		if r := math.Sqrt(float64(x*x + y*y + z*z)); r > 0.3 {
			t.Fatalf("interior point %v at radius %.3f outside the sphere", in[3*i:3*i+3], r)
		}
	}
	// Interior volume: the ball minus about one shell cell: between radius 0.22 and 0.3.
	vol := float64(n) * 0.05 * 0.05 * 0.05 / 8
	lo, hi := 4.0/3*math.Pi*math.Pow(0.22, 3), 4.0/3*math.Pi*math.Pow(0.3, 3)
	if vol < lo || vol > hi {
		t.Errorf("filled volume %.4f m³, want between %.4f and %.4f", vol, lo, hi)
	}
	// An open cloud (a plane) has no interior.
	if in, _ := FillInterior([]float32{0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0}, 0.1, 1); len(in) != 0 {
		t.Errorf("a plane got %d interior points", len(in)/3)
	}
	for _, bad := range [][]float32{{0, 0}, {float32(math.NaN()), 0, 0}} {
		if _, err := FillInterior(bad, 0.1, 1); err == nil {
			t.Errorf("FillInterior(%v) accepted bad input", bad)
		}
	}
}

// TestDemoScene: the demo builds, is labelled synthetic, uses jelly, metal and sand, and runs.
func TestDemoScene(t *testing.T) {
	sc := DemoScene()
	if sc.Label != "synthetic" || len(sc.Materials) != 3 {
		t.Fatalf("demo: label %q, %d materials", sc.Label, len(sc.Materials))
	}
	s, err := sc.Solver()
	if err != nil {
		t.Fatal(err)
	}
	count := map[uint16]int{}
	for _, m := range s.P.Mat {
		count[m]++
	}
	if len(count) != 3 || s.P.Len() < 5000 {
		t.Errorf("demo has %d particles, per material %v", s.P.Len(), count)
	}
	d := float32(0.05)
	if raceEnabled {
		d = 0.005
	}
	mustAdvance(t, s, d)
	if w := s.Warnings(); len(w) != 0 {
		t.Errorf("demo warnings: %v", w)
	}
}

// TestAdvanceExact: Advance covers exactly the requested time, however short.
func TestAdvanceExact(t *testing.T) {
	s := smallScene(t, 2)
	for _, d := range []float32{1e-9, 0.0123, 0.002} {
		t0 := s.Time()
		if _, err := s.Advance(d); err != nil {
			t.Fatalf("Advance(%g): %v", d, err)
		}
		if got := s.Time() - t0; math.Abs(got-float64(d)) > 1e-4*float64(d)+1e-12 {
			t.Errorf("Advance(%g) advanced %g s", d, got)
		}
	}
}

// TestTeleportedParticle: a particle moved outside the grid (or to NaN) between steps is
// reported as unstable instead of crashing.
func TestTeleportedParticle(t *testing.T) {
	for _, x := range []float32{50, -50, float32(math.NaN())} {
		s := smallScene(t, 2)
		s.P.X[3*7] = x
		if _, err := s.Step(); !errors.Is(err, ErrUnstable) || !strings.Contains(err.Error(), "particle 7 ") {
			t.Errorf("x = %g: got %v, want particle 7 reported unstable", x, err)
		}
	}
}
