package app

import (
	"math"
	"testing"
	"time"

	"github.com/splatscope/splatscope/csp"
)

// TestBakedAdvance: playback moves by fps × elapsed time, keeps the fraction of a frame for the
// next tick, loops, caps a stall, and stands still without time or frames.
func TestBakedAdvance(t *testing.T) {
	for _, c := range []struct {
		name           string
		at             int
		carry, dt, fps float64
		n              int
		wantAt         int
		wantCarry      float64
	}{
		{"one frame", 0, 0, 1.0 / 30, 30, 100, 1, 0},
		{"a third of a frame", 5, 0, 1.0 / 90, 30, 100, 5, 1.0 / 3},
		{"carry completes a frame", 5, 0.75, 1.0 / 120, 30, 100, 6, 0},
		{"several frames at once (slow viewer)", 0, 0, 0.2, 30, 100, 6, 0},
		{"loops", 98, 0, 0.1, 30, 100, 1, 0},
		{"a stall plays at most 0.25 s", 0, 0, 10, 30, 100, 7, 0.5},
		{"no time", 4, 0.5, 0, 30, 100, 4, 0.5},
		{"no fps", 4, 0.5, 1, 0, 100, 4, 0.5},
		{"no frames", 4, 0.5, 1, 30, 0, 0, 0},
	} {
		at, carry := bakedAdvance(c.at, c.carry, c.dt, c.fps, c.n)
		if at != c.wantAt || math.Abs(carry-c.wantCarry) > 1e-9 {
			t.Errorf("%s: frame %d carry %.4f, want %d and %.4f", c.name, at, carry, c.wantAt, c.wantCarry)
		}
	}
}

// TestTickBakedIsTimeBased: one second of playback shows one second of frames whatever the
// viewer's frame rate; paused, nothing moves, and resuming does not jump over the pause.
func TestTickBakedIsTimeBased(t *testing.T) {
	for _, viewerHz := range []float64{20, 60, 144} {
		r := &simRun{baked: make([]*simFrame, 100), playing: true, fps: 30, bakeShown: -1}
		t0 := time.Unix(1000, 0)
		ticks := int(viewerHz) // one second
		for k := 0; k <= ticks; k++ {
			r.tickBaked(t0.Add(time.Duration(float64(k) / viewerHz * float64(time.Second))))
		}
		if r.bakeAt != 30 && r.bakeAt != 29 { // 30 frames, less a rounding step
			t.Errorf("%v Hz viewer: after 1 s at frame %d, want 30", viewerHz, r.bakeAt)
		}
		at := r.bakeAt
		r.playing = false
		end := t0.Add(time.Second)
		for k := 1; k <= 10; k++ {
			r.tickBaked(end.Add(time.Duration(k) * 100 * time.Millisecond))
		}
		if r.bakeAt != at {
			t.Errorf("%v Hz viewer: paused, moved from %d to %d", viewerHz, at, r.bakeAt)
		}
		r.playing = true
		r.tickBaked(end.Add(1100 * time.Millisecond)) // 100 ms after the last paused tick
		if want := (at + 3) % 100; r.bakeAt != want {
			t.Errorf("%v Hz viewer: resumed to frame %d, want %d (the pause is not played)", viewerHz, r.bakeAt, want)
		}
	}
}

// TestSimParticles starts the physics of a labelled sheet: the run knows its particles (rest
// positions, materials, a radius of about half their spacing), and the particle colours follow
// the colour mode: material colours from the table, speed on the heat ramp (all at rest: its
// cold end), the scene colours of the nearest Gaussians.
func TestSimParticles(t *testing.T) {
	a := labelledApp(t)
	openLabelled(t, a, writeLabelledGrid(t, t.TempDir()))
	a.startSim()
	settle(t, a)
	if !a.simActive() || a.sim.bad {
		t.Fatalf("simulation not started: %q", a.sim.msg)
	}
	ps := a.sim.run.parts
	np := len(ps.mat)
	if ps == nil || np == 0 || len(ps.rest) != 3*np || len(ps.scene) != 3*np {
		t.Fatalf("particles: %d materials, %d rest floats, %d colour floats", np, len(ps.rest), len(ps.scene))
	}
	// The sheet's Gaussians are 0.05 apart: particles are at most that far apart.
	if !(ps.radius > 0.005 && ps.radius <= 0.05) {
		t.Errorf("particle radius %v, want about half the spacing (≤ 0.05)", ps.radius)
	}
	tab := a.mat.table
	wood, metal := tab.Materials[0].RGB(), tab.Materials[1].RGB()
	a.sim.mode = simColorMaterial
	rgb := a.particleColors(a.sim.run, nil)
	var nw, nm int
	for i := 0; i < np; i++ {
		c := rgb[3*i : 3*i+3]
		switch {
		case near8(c, wood):
			nw++
			if ps.rest[3*i] > 0.05 { // wood is the left half (x < 0)
				t.Errorf("particle %d at x = %v is wood", i, ps.rest[3*i])
			}
		case near8(c, metal):
			nm++
		default:
			t.Fatalf("particle %d colour %v is neither wood %v nor metal %v", i, c, wood, metal)
		}
	}
	if nw == 0 || nm == 0 {
		t.Errorf("%d wood and %d metal particles, want both", nw, nm)
	}
	a.sim.mode = simColorSpeed
	cold := csp.Heat(0)
	for i, v := range a.particleColors(a.sim.run, nil) {
		if math.Abs(float64(v-cold[i%3])) > 1e-6 {
			t.Fatalf("speed colour at rest: %v, want the ramp's cold end %v", v, cold)
		}
	}
	a.sim.mode = simColorScene
	for i, v := range a.particleColors(a.sim.run, nil) {
		if math.Abs(float64(v)-0.5) > 0.01 { // the sheet's Gaussians are all grey 0.5
			t.Fatalf("scene colour %d: %v, want 0.5", i, v)
		}
	}
	// A stepped frame carries the particles' state.
	a.do(ActSimStep)
	waitSimFrame(t, a, 0)
	fr := a.sim.run.shown
	if len(fr.parts) != 3*np || len(fr.pspeed) != np || len(fr.pstress) != np {
		t.Fatalf("frame: %d positions, %d speeds, %d stresses for %d particles", len(fr.parts), len(fr.pspeed), len(fr.pstress), np)
	}
	fast := 0
	for _, s := range fr.pspeed {
		if s > 0 {
			fast++
		}
	}
	if fast == 0 {
		t.Error("no particle moves after a step under gravity")
	}
	a.do(ActSimShow)
	if a.sim.show != simShowParticles || a.simShowsSplats() || !a.simShowsParticles() {
		t.Errorf("after %s: show %d", binding(ActSimShow).Label(), a.sim.show)
	}
	a.stopSim()
}
