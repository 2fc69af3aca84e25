package mpm

import (
	"math"
	"testing"
)

// TestCantileverPlasticVsElastic clamps two identical bars in a frozen box and loads them
// with gravity, then removes gravity: the elastic (fixed-corotated) bar springs back to
// straight, the metal (von Mises) bar, whose root stress exceeds its yield stress, stays bent.
func TestCantileverPlasticVsElastic(t *testing.T) {
	slowPhysics(t)
	const dx = 0.025
	const rho, e = 1000, 4e5 // E/ρ chosen for a tip deflection of about 30% of the bar height
	mats := []Material{
		{Name: "elastic", Model: FixedCorotated, Density: rho, E: e, Nu: 0.3},
		// Root bending stress 3ρgL²/h ≈ 26 kPa with L = 0.3 m, h = 0.1 m: 5 kPa yields.
		{Name: "metal", Model: VonMises, Density: rho, E: e, Nu: 0.3, YieldStress: 5e3},
	}
	var pos []float32
	var mat []int
	for k, z0 := range []float32{0.05, 0.25} {
		b := block([3]float32{0.05, 0.3, z0}, [3]float32{0.4, 0.4, z0 + 0.1}, dx, 2)
		pos = append(pos, b...)
		for range len(b) / 3 {
			mat = append(mat, k)
		}
	}
	s, err := FromPoints(pos, mat, mats, Options{
		Domain: Box{Max: [3]float32{0.5, 0.5, 0.4}}, Dx: dx, Gravity: [3]float32{0, -9.8, 0},
		MaxE: 1e6, Damping: 40, // about twice the bars' first bending frequency (rad/s): near-critical
		Frozen: []Box{{Max: [3]float32{0.1, 0.5, 0.4}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	tip := func() [2]float64 { // mean tip height change per bar
		var sum, n [2]float64
		for i := 0; i < s.P.Len(); i++ {
			if s.P.X[3*i] > 0.375 {
				sum[s.P.Mat[i]] += float64(s.P.X[3*i+1]) - 0.35
				n[s.P.Mat[i]]++
			}
		}
		return [2]float64{-sum[0] / n[0], -sum[1] / n[1]}
	}
	mustAdvance(t, s, 0.5)
	loaded := tip()
	s.SetGravity([3]float32{})
	mustAdvance(t, s, 0.5)
	after := tip()
	t.Logf("%d particles, %d steps: tip deflection loaded elastic %.4f m, metal %.4f m; unloaded elastic %.4f m, metal %.4f m",
		s.P.Len(), s.Steps(), loaded[0], loaded[1], after[0], after[1])
	if loaded[0] < 0.01 || loaded[1] < 0.01 {
		t.Errorf("bars did not bend under gravity: %.4f, %.4f m", loaded[0], loaded[1])
	}
	if math.Abs(after[0]) > 0.2*loaded[0] {
		t.Errorf("elastic bar kept %.4f m of its %.4f m deflection: want it to spring back (< 20%%)", after[0], loaded[0])
	}
	if after[1] < 0.5*loaded[1] {
		t.Errorf("metal bar recovered to %.4f m of its %.4f m deflection: want it to stay bent (> 50%%)", after[1], loaded[1])
	}
}
