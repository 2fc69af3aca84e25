package app

import (
	"strings"
	"testing"
	"time"
)

// waitSimFrame runs the frame loop's simulation tick until a frame newer than t0 is shown or
// the message turns into an error.
func waitSimFrame(t *testing.T, a *App, t0 float64) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		a.tickSim()
		if a.sim.bad || a.sim.run != nil && a.sim.run.shown != nil && a.sim.run.shown.t > t0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("no simulated frame arrived")
}

// TestSimJob starts the physics of a labelled scene in a job, steps it (the splats fall), stops
// it (the rest pose is back); a violent poke makes it unstable: it stops with the solver's message.
func TestSimJob(t *testing.T) {
	a := labelledApp(t)
	openLabelled(t, a, writeLabelledGrid(t, t.TempDir()))
	rest := append([]float32(nil), a.splat.view.Buffers.Positions...)
	a.do(ActSimPlay) // no simulation yet: starts one, paused
	settle(t, a)
	if !a.simActive() || a.sim.bad {
		t.Fatalf("simulation not started: %q", a.sim.msg)
	}
	if r := a.sim.run; !(r.dt > 0) || !(r.maxE > 0) {
		t.Errorf("substep %g, E cap %g: want both shown", r.dt, r.maxE)
	}
	a.do(ActSimStep)
	waitSimFrame(t, a, 0)
	moved := 0
	for i, p := range a.splat.view.Buffers.Positions {
		if p != rest[i] {
			moved++
		}
	}
	if moved == 0 || a.sim.run.shown.t <= 0 {
		t.Fatalf("one step: %d coordinates moved, t = %v", moved, a.sim.run.shown.t)
	}
	a.stopSim()
	for i, p := range a.splat.view.Buffers.Positions {
		if p != rest[i] {
			t.Fatalf("stop: Gaussian %d not back at rest", i/3)
		}
	}
	// A poke at 1e7 m/s throws particles out of the domain: the next frame is an error.
	a.do(ActSimPlay)
	settle(t, a)
	a.sim.run.send(simCmd{kind: cmdPoke, dv: [3]float32{1e7, 0, 0}, radius: 10})
	a.do(ActSimStep)
	waitSimFrame(t, a, 0)
	if !a.sim.bad || !strings.Contains(a.sim.msg, "physics stopped") || a.sim.run.playing {
		t.Fatalf("instability: msg %q, playing %v", a.sim.msg, a.sim.run.playing)
	}
	if strings.Contains(a.sim.msg, "\n") {
		t.Errorf("message is not one line: %q", a.sim.msg)
	}
}

// TestSimPlayConcurrently plays the live simulation while the viewer side ticks, pokes, changes
// the colour mode and reads the particles, as the frame loop does: several frames arrive, time
// advances, and (under -race) nothing is shared unsafely between the two goroutines.
func TestSimPlayConcurrently(t *testing.T) {
	a := labelledApp(t)
	openLabelled(t, a, writeLabelledGrid(t, t.TempDir()))
	a.do(ActSimPlay) // starts, paused
	settle(t, a)
	if !a.simActive() {
		t.Fatalf("simulation not started: %q", a.sim.msg)
	}
	a.sim.show = simShowBoth
	a.do(ActSimPlay) // plays
	r := a.sim.run
	seen := map[*simFrame]bool{}
	deadline := time.Now().Add(20 * time.Second)
	for k := 0; len(seen) < 5 && time.Now().Before(deadline); k++ {
		a.tickSim()
		if r.shown != nil {
			seen[r.shown] = true
			_ = a.particleColors(r, r.shown)
		}
		if k%50 == 0 {
			r.send(simCmd{kind: cmdPoke, at: [3]float32{0, 0, 0}, dv: [3]float32{0, 0.5, 0}, radius: 0.2})
			a.sim.mode = (a.sim.mode + 1) % len(simColorNames)
			r.recolour = true
		}
		time.Sleep(2 * time.Millisecond)
	}
	if len(seen) < 5 || a.sim.bad {
		t.Fatalf("%d frames shown while playing (msg %q)", len(seen), a.sim.msg)
	}
	a.do(ActSimPlay) // pause
	if r.playing {
		t.Error("still playing after pause")
	}
	a.stopSim()
	<-r.done
}
