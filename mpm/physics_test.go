package mpm

import (
	"math"
	"testing"
)

// TestMomentumFreeFlight: with no gravity and no walls, P2G/G2P conserve linear momentum
// exactly up to float32 round-off, even while the block spins and vibrates.
func TestMomentumFreeFlight(t *testing.T) {
	const dx = 1.0 / 32
	pos := block([3]float32{0.3, 0.3, 0.3}, [3]float32{0.6, 0.55, 0.5}, dx, 2)
	s, err := FromPoints(pos, nil, []Material{Presets["jelly"], Presets["sand"]}, Options{
		Domain: cube(1), Dx: dx, Boundary: Open, Walls: Open, Workers: 2,
	})
	if err != nil {
		t.Fatal(err)
	}
	p := s.P
	c := centre(p)
	for i := 0; i < p.Len(); i++ {
		if i%3 == 0 {
			p.Mat[i] = 1 // mix models
		}
		// Drift + spin about z + a compressive velocity field to load the constitutive models.
		rx, ry, rz := float64(p.X[3*i])-c[0], float64(p.X[3*i+1])-c[1], float64(p.X[3*i+2])-c[2]
		p.V[3*i] = float32(0.5 - 2*ry - 0.5*rx)
		p.V[3*i+1] = float32(-0.2 + 2*rx)
		p.V[3*i+2] = float32(0.1 - 0.5*rz)
	}
	m0 := momentum(p)
	scale := math.Sqrt(m0[0]*m0[0] + m0[1]*m0[1] + m0[2]*m0[2])
	mustAdvance(t, s, 0.1)
	m1 := momentum(p)
	for a := 0; a < 3; a++ {
		if d := math.Abs(m1[a]-m0[a]) / scale; d > 1e-5 {
			t.Errorf("momentum axis %d: %g -> %g (relative change %.2g > 1e-5) after %d steps", a, m0[a], m1[a], d, s.Steps())
		}
	}
	if s.Steps() < 20 {
		t.Errorf("only %d steps: the test did not exercise the solver", s.Steps())
	}
}

// TestElasticBallBounces drops a jelly ball 0.4 m onto a slip ground and requires the
// centre of mass to climb back to at least 50% of its drop height.
func TestElasticBallBounces(t *testing.T) {
	slowPhysics(t)
	const dx = 1.0 / 32
	const r, h0 = 0.1, 0.5 // radius and initial centre height, m
	var pos []float32
	all := block([3]float32{0.5 - r, h0 - r, 0.5 - r}, [3]float32{0.5 + r, h0 + r, 0.5 + r}, dx, 2)
	for i := 0; i < len(all); i += 3 {
		x, y, z := all[i]-0.5, all[i+1]-h0, all[i+2]-0.5
		if x*x+y*y+z*z <= r*r {
			pos = append(pos, all[i:i+3]...)
		}
	}
	s, err := FromPoints(pos, nil, []Material{{Name: "ball", Model: FixedCorotated, Density: 1000, E: 1e5, Nu: 0.3}}, Options{
		Domain: cube(1), Dx: dx, Gravity: [3]float32{0, -9.8, 0}, Boundary: Slip,
	})
	if err != nil {
		t.Fatal(err)
	}
	// Phase 1: fall until the ball is moving up again; phase 2: record the highest point.
	minY, maxY := 10.0, 0.0
	rising := false
	for s.Time() < 1.2 {
		mustAdvance(t, s, 0.005)
		c := centre(s.P)
		if !rising {
			minY = math.Min(minY, c[1])
			rising = momentum(s.P)[1] > 0 && c[1] > minY+0.01
			continue
		}
		maxY = math.Max(maxY, c[1])
	}
	drop := h0 - r // the ground is y = 0; the centre rests near y = r
	rebound := (maxY - r) / drop
	t.Logf("lowest centre %.3f m, rebound to %.3f m: %.0f%% of the drop height", minY, maxY, 100*rebound)
	if !rising || rebound < 0.5 {
		t.Errorf("rebound %.0f%% of the drop height, want >= 50%%", 100*rebound)
	}
	if rebound > 1.02 {
		t.Errorf("rebound %.0f%%: energy was created", 100*rebound)
	}
}

// TestJellyRestsWithoutDrift: a jelly cube resting on the ground must not slide.
func TestJellyRestsWithoutDrift(t *testing.T) {
	slowPhysics(t)
	const dx = 1.0 / 32
	pos := block([3]float32{0.35, 0, 0.4}, [3]float32{0.6, 0.2, 0.6}, dx, 2)
	s, err := FromPoints(pos, nil, []Material{Presets["jelly"]}, Options{
		Domain: cube(1), Dx: dx, Gravity: [3]float32{0, -9.8, 0}, Boundary: Slip,
	})
	if err != nil {
		t.Fatal(err)
	}
	c0 := centre(s.P)
	mustAdvance(t, s, 0.5)
	c1 := centre(s.P)
	drift := math.Hypot(c1[0]-c0[0], c1[2]-c0[2])
	t.Logf("%d steps, horizontal drift %.3g m, sag %.3g m", s.Steps(), drift, c0[1]-c1[1])
	if drift > 1e-4*dx*32 {
		t.Errorf("centre drifted %.3g m horizontally (want < 1e-4 m) in %d steps", drift, s.Steps())
	}
	if sag := c0[1] - c1[1]; !(sag > 0 && sag < 0.02) {
		t.Errorf("centre sank %.3g m: want a small positive sag under gravity", sag)
	}
}

// TestSandAngleOfRepose: a quasi-2D sand wedge (3 cells deep between slip walls) built
// at 60°, steeper than the friction angle, slumps on a sticky ground to a slope close to
// the friction angle (within 5°).
func TestSandAngleOfRepose(t *testing.T) {
	slowPhysics(t)
	const dx = 1.0 / 64
	const phi, slope = 35.0, 60.0
	const hw, depth = 0.15, 3 * dx // half width of the wedge base, slab depth
	tan := math.Tan(slope * math.Pi / 180)
	h := float32(hw * tan)
	var pos []float32
	all := block([3]float32{0.3 - hw, 0, 0}, [3]float32{0.3 + hw, h, depth}, dx, 2)
	for i := 0; i < len(all); i += 3 {
		if x, y := math.Abs(float64(all[i]-0.3)), float64(all[i+1]); y <= (hw-x)*tan {
			pos = append(pos, all[i:i+3]...)
		}
	}
	sand := Presets["sand"]
	sand.FrictionAngle = phi
	s, err := FromPoints(pos, nil, []Material{sand}, Options{
		Domain: Box{Max: [3]float32{0.6, h + 0.05, depth}}, Dx: dx, Gravity: [3]float32{0, -9.8, 0},
		Boundary: Sticky,
	})
	if err != nil {
		t.Fatal(err)
	}
	start := wedgeAngle(s.P, 0.3, dx)
	mustAdvance(t, s, 1.2)
	angle := wedgeAngle(s.P, 0.3, dx)
	t.Logf("%d particles, %d steps: slope %.1f° -> %.1f° (friction angle %.0f°), kinetic energy %.2g J",
		s.P.Len(), s.Steps(), start, angle, phi, kinetic(s.P))
	if math.Abs(angle-phi) > 5 {
		t.Errorf("angle of repose %.1f°, want %.0f° ± 5°", angle, phi)
	}
}

// wedgeAngle fits the flank slope of a heap symmetric about x = cx: the top particle
// height in bins of width dx over |x − cx|, fitted by least squares between 20% and 80%
// of the peak height.
func wedgeAngle(p *Particles, cx, dx float32) float64 {
	tops := map[int]float64{}
	for i := 0; i < p.Len(); i++ {
		b := int(math.Abs(float64(p.X[3*i]-cx)) / float64(dx))
		tops[b] = math.Max(tops[b], float64(p.X[3*i+1]))
	}
	peak := 0.0
	for _, y := range tops {
		peak = math.Max(peak, y)
	}
	var sx, sy, sxx, sxy, n float64
	for b, y := range tops {
		if y < 0.2*peak || y > 0.8*peak {
			continue
		}
		x := (float64(b) + 0.5) * float64(dx)
		sx, sy, sxx, sxy, n = sx+x, sy+y, sxx+x*x, sxy+x*y, n+1
	}
	return math.Atan(-(n*sxy-sx*sy)/(n*sxx-sx*sx)) * 180 / math.Pi
}

// TestSnowCompacts: a snow block dropped 0.2 m onto a sticky ground compacts plastically
// (Jp < 1, which hardens it) and comes to rest instead of bouncing like jelly.
func TestSnowCompacts(t *testing.T) {
	slowPhysics(t)
	const dx = 1.0 / 24
	pos := block([3]float32{0.4, 0.2, 0.4}, [3]float32{0.6, 0.35, 0.6}, dx, 2)
	s, err := FromPoints(pos, nil, []Material{Presets["snow"]}, Options{
		Domain: cube(1), Dx: dx, Gravity: [3]float32{0, -9.8, 0}, Boundary: Sticky,
	})
	if err != nil {
		t.Fatal(err)
	}
	h0 := centre(s.P)[1]
	mustAdvance(t, s, 0.35)
	minJp := float32(1)
	for _, j := range s.P.Jp {
		minJp = min(minJp, j)
	}
	var mass float64
	for _, m := range s.P.Mass {
		mass += float64(m)
	}
	c := centre(s.P)
	ke, drop := kinetic(s.P), mass*9.8*(h0-c[1])
	t.Logf("%d steps: centre %.3f -> %.3f m, min Jp %.3f, kinetic energy %.2g J of %.2g J released",
		s.Steps(), h0, c[1], minJp, ke, drop)
	if minJp > 0.98 {
		t.Errorf("snow did not compact: min Jp %.3f", minJp)
	}
	if c[1] > h0-0.1 || ke > 0.01*drop {
		t.Errorf("snow did not come to rest on the ground: centre %.3f m, kinetic energy %.2g J", c[1], ke)
	}
}
