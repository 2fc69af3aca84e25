package mpm

import "testing"

// TestGroundConditions slides a jelly block along the ground at 1 m/s for 0.2 s: slip
// keeps the speed, Coulomb friction (μ = 0.3) decelerates it by about μ·g·t = 0.59 m/s,
// sticky stops it; with y and with z as the up axis.
func TestGroundConditions(t *testing.T) {
	slowPhysics(t)
	cases := []struct {
		name     string
		bc       Boundary
		lo, hi   float64 // accepted final horizontal speed of the centre of mass, m/s
		upZ      bool
		friction float32
	}{
		{"slip", Slip, 0.95, 1.01, false, 0},
		{"friction", Friction, 0.25, 0.6, false, 0.3},
		{"sticky", Sticky, -0.3, 0.3, false, 0}, // stopped at the base, the jelly wobbles
		{"friction z-up", Friction, 0.25, 0.6, true, 0.3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			const dx = 1.0 / 32
			lo, hi := [3]float32{0.2, 0, 0.45}, [3]float32{0.35, 0.1, 0.6}
			g := [3]float32{0, -9.8, 0}
			up := UpY
			if c.upZ {
				lo, hi = [3]float32{0.2, 0.45, 0}, [3]float32{0.35, 0.6, 0.1}
				g, up = [3]float32{0, 0, -9.8}, UpZ
			}
			s, err := FromPoints(block(lo, hi, dx, 2), nil, []Material{Presets["jelly"]}, Options{
				Domain: cube(1), Dx: dx, Gravity: g, Up: up, Boundary: c.bc, Friction: c.friction,
			})
			if err != nil {
				t.Fatal(err)
			}
			mustAdvance(t, s, 0.05) // settle onto the ground first
			for i := 0; i < s.P.Len(); i++ {
				s.P.V[3*i] = 1
			}
			mustAdvance(t, s, 0.2)
			var m, px float64
			for i := 0; i < s.P.Len(); i++ {
				m += float64(s.P.Mass[i])
				px += float64(s.P.Mass[i] * s.P.V[3*i])
			}
			v := px / m
			t.Logf("final speed %.3f m/s", v)
			if v < c.lo || v > c.hi {
				t.Errorf("%s: final speed %.3f m/s, want in [%.2f, %.2f]", c.name, v, c.lo, c.hi)
			}
		})
	}
}
