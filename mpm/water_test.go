package mpm

import (
	"math"
	"testing"
)

// TestWaterComesToRestLevel: a water column in a corner of a quasi-2D tank (3 cells deep,
// slip walls) collapses, sloshes and settles; the free surface must end up level.
func TestWaterComesToRestLevel(t *testing.T) {
	slowPhysics(t)
	const dx = 0.02
	const width, depth = 0.4, 3 * dx
	pos := block([3]float32{0, 0, 0}, [3]float32{0.12, 0.24, depth}, dx, 2)
	s, err := FromPoints(pos, nil, []Material{Presets["water"]}, Options{
		Domain: Box{Max: [3]float32{width, 0.3, depth}}, Dx: dx, Gravity: [3]float32{0, -9.8, 0},
		Damping: 5, // 1/s: sloshing decays within the simulated 1.5 s (kinetic energy ~1e-4 J left)
	})
	if err != nil {
		t.Fatal(err)
	}
	mustAdvance(t, s, 1.5)
	// Surface height: the top particle in each column of width dx.
	cols := int(math.Round(width / dx))
	top := make([]float64, cols)
	for i := 0; i < s.P.Len(); i++ {
		c := min(max(int(s.P.X[3*i]/dx), 0), cols-1)
		top[c] = math.Max(top[c], float64(s.P.X[3*i+1]))
	}
	var mean, v float64
	for _, h := range top {
		mean += h / float64(cols)
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, h := range top {
		v += (h - mean) * (h - mean) / float64(cols)
		lo, hi = math.Min(lo, h), math.Max(hi, h)
	}
	std := math.Sqrt(v)
	t.Logf("%d particles, %d steps: surface %.4f m ± %.4f m (range %.4f..%.4f), kinetic energy %.2g J",
		s.P.Len(), s.Steps(), mean, std, lo, hi, kinetic(s.P))
	if std > 0.25*dx {
		t.Errorf("surface height standard deviation %.4f m > a quarter cell (%.4f m): not level", std, 0.25*dx)
	}
	if want := 0.12 * 0.24 / width; math.Abs(mean-want) > 2*dx {
		t.Errorf("mean surface height %.4f m, want about %.4f m (volume conservation)", mean, want)
	}
}
