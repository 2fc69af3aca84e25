package mpm

import (
	"math"
	"testing"
)

// block returns particle positions filling the box [lo, hi) with perAxis particles per
// cell per axis, placed at the centres of a regular sub-grid (deterministic).
func block(lo, hi [3]float32, dx float32, perAxis int) []float32 {
	h := dx / float32(perAxis)
	var n [3]int
	for a := 0; a < 3; a++ {
		n[a] = int(math.Round(float64((hi[a] - lo[a]) / h)))
	}
	pos := make([]float32, 0, 3*n[0]*n[1]*n[2])
	for i := 0; i < n[0]; i++ {
		for j := 0; j < n[1]; j++ {
			for k := 0; k < n[2]; k++ {
				pos = append(pos, lo[0]+(float32(i)+0.5)*h, lo[1]+(float32(j)+0.5)*h, lo[2]+(float32(k)+0.5)*h)
			}
		}
	}
	return pos
}

// cube returns the box [0, size]³.
func cube(size float32) Box { return Box{Max: [3]float32{size, size, size}} }

// momentum returns the total linear momentum.
func momentum(p *Particles) [3]float64 {
	var m [3]float64
	for i := 0; i < p.Len(); i++ {
		for a := 0; a < 3; a++ {
			m[a] += float64(p.Mass[i]) * float64(p.V[3*i+a])
		}
	}
	return m
}

// centre returns the mass-weighted centre.
func centre(p *Particles) [3]float64 {
	var c [3]float64
	var mt float64
	for i := 0; i < p.Len(); i++ {
		mt += float64(p.Mass[i])
		for a := 0; a < 3; a++ {
			c[a] += float64(p.Mass[i]) * float64(p.X[3*i+a])
		}
	}
	for a := range c {
		c[a] /= mt
	}
	return c
}

// kinetic returns the total kinetic energy.
func kinetic(p *Particles) float64 {
	var e float64
	for i := 0; i < p.Len(); i++ {
		v := p.V[3*i : 3*i+3]
		e += 0.5 * float64(p.Mass[i]) * float64(v[0]*v[0]+v[1]*v[1]+v[2]*v[2])
	}
	return e
}

func mustAdvance(t testing.TB, s *Solver, d float32) {
	t.Helper()
	if _, err := s.Advance(d); err != nil {
		t.Fatal(err)
	}
}

// slowPhysics skips a long physics run under the race detector; TestDeterministic and
// TestMomentumFreeFlight still drive every parallel phase there.
func slowPhysics(t *testing.T) {
	if raceEnabled {
		t.Skip("long physics run skipped under -race")
	}
}
