package app

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/materials"
	"github.com/splatscope/splatscope/mpm"
	"github.com/splatscope/splatscope/physics"
	"github.com/splatscope/splatscope/render"
)

// simState is the MPM physics preview of the shown splat scene (issue 8): its settings and,
// while one exists, the running simulation.
type simState struct {
	set  simSettings
	run  *simRun
	job  *Job // setup or bake
	msg  string
	bad  bool // msg is an error (instability, setup failure)
	mode int  // colour: simColorNames
	show int  // simShowNames: splats, particles or both

	points *render.PointPass // the particles, made on first use
	export simExport         // baked frames to PNG / MP4

	demo     *physics.Demo // the embedded labelled demo, while it is shown
	demoView *SplatView
}

// simSettings are the panel's inputs; they apply at the next Start (gravity and the frozen box
// also live).
type simSettings struct {
	timeScale float32 // simulated seconds per real second
	fps       float32 // frames per simulated second
	gravity   float32 // m/s²
	up        int     // index into simUpNames
	ground    int     // mpm.Boundary: sticky, slip, friction
	friction  float32
	drop      float32 // scene units; <0: the default fraction
	frozen    bool
	fmin      [3]float32
	fmax      [3]float32
	maxE      float32 // Pa
	metres    float32 // metres per scene unit
	uniform   int     // material of unlabelled scenes: index into the table
	bake      int     // frames to bake
	export    string  // folder for PLY / PNG frames
	pokeSpeed float32 // m/s given to particles near a poke
}

var (
	simUpNames    = []string{"+y", "-y", "+z", "-z", "+x", "-x"}
	simGroundName = []string{"sticky", "slip", "friction"}
	simColorNames = []string{"scene colours", "material", "speed", "stress (von Mises)"}
)

// Colour modes of the simulation, in simColorNames order.
const (
	simColorScene = iota
	simColorMaterial
	simColorSpeed
	simColorStress
)

// newSimSettings: real time, 30 frames a second, Earth gravity, a sticky ground.
func newSimSettings() simSettings {
	return simSettings{timeScale: 1, fps: 30, gravity: 9.8, up: 1, ground: int(mpm.Sticky), friction: physics.DefaultFriction,
		drop: -1, maxE: mpm.DefaultMaxE, metres: 1, bake: 60, pokeSpeed: 2}
}

// simActive reports whether a simulation exists for the shown scene.
func (a *App) simActive() bool { return a.sim.run != nil && a.sim.run.view == a.splat.view }

// simCodesShown reports whether the simulation recolours the splats (drawn without SH).
func (a *App) simCodesShown() bool { return a.simActive() && a.sim.mode != simColorScene }

// physicsOptions turns the settings into the coupling's options.
func (s *simSettings) physicsOptions() physics.Options {
	up, _ := physics.ParseUp(simUpNames[s.up])
	o := physics.Options{Up: up, Drop: s.drop, MetresPerUnit: s.metres, Ground: mpm.Boundary(s.ground),
		Friction: s.friction, MaxE: s.maxE}
	if s.frozen {
		o.Frozen = []mpm.Box{{Min: s.fmin, Max: s.fmax}}
	}
	return o
}

// startSim builds the simulation of the shown scene in a background job (the full scene is
// read from its file the first time) and starts the worker paused at frame 0.
func (a *App) startSim() {
	v := a.splat.view
	if v == nil {
		a.simError(errors.New("physics: open a splat scene first"))
		return
	}
	a.sim.settings()
	a.stopSim()
	var labels *materials.Labels
	if a.hasLabels() {
		labels = snapshotLabels(a.mat.labels)
	}
	table, uniform := a.mat.table, a.sim.set.uniform
	have, o, set := a.mat.scene, a.sim.set.physicsOptions(), a.sim.set
	isDemo := a.sim.demo != nil && a.sim.demoView == v
	if isDemo {
		have = a.sim.demo.Scene
	}
	a.sim.msg, a.sim.bad = "", false
	a.sim.job = a.jobs.Start("Setting up the physics", func(ctx context.Context, progress func(float64)) (func() error, error) {
		s, err := fullScene(ctx, have, v.Path, v.N, progress)
		if err != nil {
			return nil, err
		}
		var as physics.Assignment
		if labels != nil {
			as = physics.FromLabels(labels)
		} else if uniform >= 0 && uniform < len(table.Materials) {
			if as, err = physics.Uniform(table.Materials[uniform].Name, table); err != nil {
				return nil, err
			}
		}
		sim, err := physics.New(s, as, o)
		if err != nil {
			return nil, err
		}
		set.applyGravity(sim)
		progress(0.95)
		run := newSimRun(sim, v, set)
		return func() error {
			a.sim.job = nil
			if a.splat.view != v {
				run.stop()
				return nil
			}
			a.sim.run = run
			if a.mat.scene == nil && !isDemo {
				a.mat.scene = s
			}
			a.sim.msg = fmt.Sprintf("%d particles (%d filled), %d followers, %d transparent; grid %v",
				sim.FromGaussians+sim.Filled, sim.Filled, sim.Followers, sim.Transparent, sim.Solver.GridSize())
			if len(sim.Warnings) > 0 {
				a.sim.msg += "; " + sim.Warnings[0]
			}
			a.setStatus("Physics ready: " + a.sim.msg + " (F5 plays)")
			return nil
		}, nil
	})
}

// simError shows a physics problem in the panel and the status line.
func (a *App) simError(err error) {
	a.sim.msg, a.sim.bad = oneLine(err), true
	a.setError(err)
}

// stopSim ends the simulation and puts the scene back as it was at rest.
func (a *App) stopSim() {
	if a.sim.job != nil {
		a.sim.job.Cancel()
		a.sim.job = nil
	}
	a.stopSimExport()
	r := a.sim.run
	if r == nil {
		return
	}
	r.stop()
	a.sim.run = nil
	if v := a.splat.view; v == r.view && v != nil {
		a.showSimFrame(v, r.rest, nil)
		a.mat.color.dirty = true
	}
}

// simTogglePlay plays or pauses (starting the simulation first if there is none).
func (a *App) simTogglePlay() {
	if !a.simActive() {
		if a.splat.view != nil && a.sim.job == nil {
			a.startSim()
		}
		return
	}
	r := a.sim.run
	r.playing = !r.playing
	if r.baked != nil {
		return
	}
	if r.playing {
		r.send(simCmd{kind: cmdPlay})
	} else {
		r.send(simCmd{kind: cmdPause})
	}
}

// simStepOnce advances one frame while paused.
func (a *App) simStepOnce() {
	if !a.simActive() {
		return
	}
	r := a.sim.run
	r.playing = false
	if r.baked != nil {
		r.bakeAt = min(r.bakeAt+1, len(r.baked)-1)
		return
	}
	r.send(simCmd{kind: cmdStep})
}

// simReset goes back to the rest pose (a new simulation with the current settings).
func (a *App) simReset() {
	if a.sim.run == nil {
		return
	}
	a.stopSim()
	a.startSim()
}

// poke gives the particles near the splat under window point (x, y) a push away from the eye.
func (a *App) poke(x, y float64) {
	v := a.splat.view
	if !a.simActive() || v == nil || a.win == nil {
		return
	}
	fw, fh := a.win.GetFramebufferSize()
	ww, _ := a.win.GetSize()
	if ww <= 0 {
		return
	}
	scale := float64(fw) / float64(ww)
	f, _ := a.splatFrame(fw, fh)
	i, ok := pickSplat(v.Buffers, a.splat.filter, f.Proj.Mul4(f.View), f.Width, f.Height, x*scale, y*scale, pickRadius*scale)
	if !ok {
		a.setStatus("Poke: no splat under the cursor")
		return
	}
	p := mgl32.Vec3(v.Buffers.Positions[3*i : 3*i+3])
	dir := p.Sub(f.Eye)
	if dir.Len() < 1e-9 {
		return
	}
	dir = dir.Normalize().Mul(a.sim.set.pokeSpeed)
	radius := 0.05 * a.sceneDiagonal() // a fist-sized push: 5% of the scene
	a.sim.run.send(simCmd{kind: cmdPoke, at: [3]float32(p), dv: [3]float32(dir), radius: radius})
	a.setStatus(fmt.Sprintf("Poked at %s", formatVec(p)))
}

// tickSim shows the newest simulated or baked frame (the GL thread).
func (a *App) tickSim() {
	r := a.sim.run
	v := a.splat.view
	if r == nil || v == nil || r.view != v {
		return
	}
	var fr *simFrame
	if r.baked != nil {
		if a.sim.export.active() {
			a.tickSimExport() // the export shows each frame as it renders it
			return
		}
		r.tickBaked(time.Now())
		if r.bakeAt != r.bakeShown {
			fr, r.bakeShown = r.baked[r.bakeAt], r.bakeAt
		}
	} else {
		select {
		case fr = <-r.frames:
		default:
		}
	}
	if fr == nil {
		if r.recolour {
			a.recolourSim(v, r.shown)
		}
		return
	}
	if fr.err != nil {
		r.playing = false
		a.simError(fmt.Errorf("physics stopped at t = %.3f s: %s", fr.t, oneLine(fr.err)))
		return
	}
	r.shown = fr
	a.showSimFrame(v, fr.b, fr)
}

// showSimFrame uploads deformed (or rest) geometry and hands the new positions to the sorter.
func (a *App) showSimFrame(v *SplatView, b *gaussians.RenderBuffers, fr *simFrame) {
	if gs, ok := v.Pass.(interface {
		SetGeometry(pos, opac, rot, scale []float32) error
	}); ok {
		if err := gs.SetGeometry(b.Positions, b.Opacities, b.Rotations, b.Scales); err != nil {
			a.simError(err)
			return
		}
	}
	if sh, ok := v.Pass.(interface{ SetSH([]float32) error }); ok && len(b.SHRest) > 0 {
		if err := sh.SetSH(b.SHRest); err != nil {
			a.simError(err)
			return
		}
	}
	// The sorter reads its buffers without locks: a new frame gets a new sorter.
	keep := &gaussians.RenderBuffers{N: b.N, SHDegree: b.SHDegree, Positions: b.Positions, Scales: b.Scales, Opacities: b.Opacities}
	if v.sorter != nil {
		v.sorter.Close()
		v.sorter = gaussians.NewFilteredSorter(keep)
		v.hasAsk, v.shown = false, 0
	}
	v.Buffers = keep
	a.mat.centDirty = true
	if fr != nil {
		a.recolourSim(v, fr)
	}
}

// simLines are the frozen box's edges while it is on.
func (a *App) simLines() []render.LineVertex {
	if a.splat.view == nil || !a.sim.set.frozen {
		return nil
	}
	return render.BoxLines(a.sim.set.fmin, a.sim.set.fmax, mgl32.Vec3{0.3, 0.8, 1})
}

// stressScale turns von Mises stress into the heat ramp: log10 between 1 Pa and the E cap.
func stressT(s float32, maxE float32) float32 {
	if !(s > 1) {
		return 0
	}
	return float32(math.Log10(float64(s)) / math.Log10(float64(max(maxE, 10))))
}

// applyGravity scales the coupling's gravity (9.8 m/s² down the up axis) to the setting.
func (s *simSettings) applyGravity(sim *physics.Sim) {
	g := sim.Solver.Options().Gravity
	f := s.gravity / 9.8 // physics' gravity constant
	sim.Solver.SetGravity([3]float32{g[0] * f, g[1] * f, g[2] * f})
}

// settings returns the settings, set to their defaults on first use (the App's zero value has none).
func (st *simState) settings() *simSettings {
	if st.set.fps == 0 {
		st.set = newSimSettings()
	}
	return &st.set
}
