package app

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/materials"
	"github.com/splatscope/splatscope/physics"
)

// bakeSim simulates the set number of frames in a background job with progress, writing each
// as a PLY to the export folder when one is given, then plays them back.
func (a *App) bakeSim() {
	v := a.splat.view
	if v == nil {
		return
	}
	a.sim.settings()
	a.stopSim()
	var labels *materials.Labels
	if a.hasLabels() {
		labels = snapshotLabels(a.mat.labels)
	}
	set, have, table := a.sim.set, a.mat.scene, a.mat.table
	if a.sim.demo != nil && a.sim.demoView == v {
		have = a.sim.demo.Scene
	}
	a.sim.job = a.jobs.Start(fmt.Sprintf("Baking %d physics frames", set.bake), func(ctx context.Context, progress func(float64)) (func() error, error) {
		s, err := fullScene(ctx, have, v.Path, v.N, func(float64) {})
		if err != nil {
			return nil, err
		}
		as := physics.Assignment{}
		if labels != nil {
			as = physics.FromLabels(labels)
		} else if as, err = physics.Uniform(table.Materials[set.uniform].Name, table); err != nil {
			return nil, err
		}
		run, bakeErr, err := bakeRun(ctx, s, as, set, v, progress)
		if err != nil {
			return nil, err
		}
		return func() error {
			a.sim.job = nil
			if a.splat.view != v || len(run.baked) == 0 {
				if bakeErr != nil {
					a.simError(bakeErr)
				}
				return nil
			}
			a.showBaked(run, bakeErr)
			return nil
		}, nil
	})
}

// bakeRun builds the simulation of scene s and simulates set.bake frames of it (fewer when
// cancelled or unstable: bakeErr then says where it stopped), writing each frame as a PLY to
// set.export when given. The run it returns plays the frames for view v.
func bakeRun(ctx context.Context, s *gaussians.Scene, as physics.Assignment, set simSettings, v *SplatView,
	progress func(float64)) (run *simRun, bakeErr, err error) {
	sim, err := physics.New(s, as, set.physicsOptions())
	if err != nil {
		return nil, nil, err
	}
	set.applyGravity(sim)
	if set.export != "" {
		if err := os.MkdirAll(set.export, 0o755); err != nil {
			return nil, nil, err
		}
	}
	near := nearestParticles(s.Positions, sim.Particles())
	rest := gaussians.RenderBuffersFromScene(s)
	run = &simRun{view: v, rest: rest, playing: true, bakeShown: -1, fps: max(set.fps, 1),
		dt: sim.Solver.NextDt(), maxE: sim.Solver.Options().MaxE}
	run.parts = newSimParticles(sim, rest, set.metres)
	prev := rest.Positions
	for f := 0; f < set.bake && ctx.Err() == nil; f++ {
		fr := simulateFrame(sim, rest, prev, set.timeScale/max(set.fps, 1), set.metres, near)
		if fr.err != nil {
			bakeErr = fmt.Errorf("physics stopped at frame %d (t = %.3f s): %s", f+1, fr.t, oneLine(fr.err))
			break
		}
		run.baked, prev = append(run.baked, fr), fr.b.Positions
		if set.export != "" {
			out := sim.Clone()
			if err := sim.Deform(out); err == nil {
				err = gaussians.Save(filepath.Join(set.export, fmt.Sprintf("frame_%04d.ply", f+1)), out)
			}
			if err != nil {
				return nil, nil, err
			}
		}
		progress(float64(f+1) / float64(max(set.bake, 1)))
	}
	return run, bakeErr, nil
}

// showBaked makes run (baked frames) the simulation shown, playing.
func (a *App) showBaked(run *simRun, bakeErr error) {
	a.sim.run = run
	last := run.baked[len(run.baked)-1]
	a.sim.msg, a.sim.bad = fmt.Sprintf("Baked %d frames (%.2f s simulated)", len(run.baked), last.t), false
	if bakeErr != nil {
		a.simError(bakeErr)
	} else {
		a.setStatus(a.sim.msg)
	}
}

// maxPlaybackStep caps the real time one viewer frame may advance baked playback by: after a
// stall (a dragged window, a long job result) playback resumes instead of leaping ahead; a
// viewer as slow as 4 frames a second still plays in real time.
const maxPlaybackStep = 0.25

// bakedAdvance returns the baked frame to show after dt more seconds of playback at fps frames
// a second, from frame at with carry (the fraction of a frame played but not yet shown),
// looping over n frames; and the new carry.
func bakedAdvance(at int, carry, dt, fps float64, n int) (int, float64) {
	if n <= 0 {
		return 0, 0
	}
	if !(dt > 0) || !(fps > 0) {
		return at, carry
	}
	carry += min(dt, maxPlaybackStep) * fps
	k := math.Floor(carry)
	carry -= k
	return (at + int(k)) % n, carry
}

// tickBaked advances baked playback to the wall time now (the GL thread).
func (r *simRun) tickBaked(now time.Time) {
	if r.playing && !r.lastTick.IsZero() {
		r.bakeAt, r.carry = bakedAdvance(r.bakeAt, r.carry, now.Sub(r.lastTick).Seconds(), float64(r.fps), len(r.baked))
	}
	r.lastTick = now
}
