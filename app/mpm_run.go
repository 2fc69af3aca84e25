package app

import (
	"math"
	"time"

	"github.com/splatscope/splatscope/csp"
	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/physics"
)

// simCmd is a request to the simulation goroutine.
type simCmd struct {
	kind   int // cmdPlay, cmdPause, cmdStep, cmdPoke, cmdStop
	at, dv [3]float32
	radius float32
}

// Command kinds.
const (
	cmdPlay = iota
	cmdPause
	cmdStep
	cmdPoke
	cmdStop
)

// simFrame is one simulated frame: deformed render buffers and what the panel shows.
type simFrame struct {
	b      *gaussians.RenderBuffers
	t      float64
	steps  int
	dt     float32 // the solver's next substep, s
	maxE   float32 // the E cap in force, Pa
	speed  []float32
	stress []float32
	// The particles: positions (scene frame, 3 each), speed (m/s) and von Mises stress (Pa).
	parts, pspeed, pstress []float32
	err                    error
}

// simRun is a simulation owned by its goroutine (live) or a list of baked frames.
type simRun struct {
	view      *SplatView
	rest      *gaussians.RenderBuffers // the rest pose, for Stop
	cmds      chan simCmd
	frames    chan *simFrame
	done      chan struct{}
	playing   bool
	shown     *simFrame
	recolour  bool
	baked     []*simFrame
	bakeAt    int
	bakeShown int
	dt, maxE  float32 // at setup

	fps      float32       // baked frames per real second of playback (the bake's fps setting)
	carry    float64       // baked playback: the fraction of a frame played but not yet shown
	lastTick time.Time     // baked playback: when the last tick ran (zero: none yet)
	parts    *simParticles // what the particle view draws besides the frames
	ptsFrom  *simFrame     // the frame (nil: rest) and colour mode the point pass holds
	ptsMode  int
	ptsSet   bool
}

// newSimRun starts the goroutine of sim (paused) for view v.
func newSimRun(sim *physics.Sim, v *SplatView, set simSettings) *simRun {
	r := &simRun{view: v, rest: gaussians.RenderBuffersFromScene(sim.Rest), cmds: make(chan simCmd, 16),
		frames: make(chan *simFrame, 1), done: make(chan struct{}), bakeShown: -1,
		dt: sim.Solver.NextDt(), maxE: sim.Solver.Options().MaxE, fps: set.fps}
	r.parts = newSimParticles(sim, r.rest, set.metres)
	go r.loop(sim, set, nearestParticles(sim.Rest.Positions, sim.Particles()))
	return r
}

// send queues a command without blocking (a full queue drops it: the user clicks again).
func (r *simRun) send(c simCmd) {
	if r.baked != nil {
		return
	}
	select {
	case r.cmds <- c:
	default:
	}
}

// stop ends the goroutine (it finishes the frame it is on).
func (r *simRun) stop() {
	if r.baked == nil {
		r.send(simCmd{kind: cmdStop})
	}
}

// loop advances the simulation a frame at a time while playing (paced to the time scale) or
// per step, and publishes each frame, replacing one not yet shown.
func (r *simRun) loop(sim *physics.Sim, set simSettings, near []int32) {
	defer close(r.done)
	frameDt := set.timeScale / max(set.fps, 1)
	wall := time.Duration(float64(time.Second) / float64(max(set.fps, 1)))
	prev := append([]float32(nil), r.rest.Positions...)
	playing := false
	next := time.Now()
	for {
		var c simCmd
		if playing {
			select {
			case c = <-r.cmds:
			default:
				c.kind = -1
			}
		} else {
			c = <-r.cmds
		}
		switch c.kind {
		case cmdStop:
			return
		case cmdPlay:
			playing = true
		case cmdPause:
			playing = false
			continue
		case cmdPoke:
			applyPoke(sim, c)
			if !playing {
				continue
			}
		}
		if d := time.Until(next); playing && d > 0 {
			time.Sleep(d) // real-time pacing: a fast simulation does not run ahead
		}
		next = time.Now().Add(wall)
		fr := simulateFrame(sim, r.rest, prev, frameDt, set.metres, near)
		prev = fr.b.Positions
		if fr.err != nil {
			playing = false
		}
		select {
		case <-r.frames: // drop the unshown one
		default:
		}
		r.frames <- fr
	}
}

// simulateFrame advances sim by dt and returns the deformed frame with per-Gaussian speed
// (m/s, from the centres' motion) and von Mises stress (Pa, of the nearest particle).
func simulateFrame(sim *physics.Sim, rest *gaussians.RenderBuffers, prev []float32, dt, metres float32, near []int32) *simFrame {
	fr := &simFrame{}
	err := sim.Advance(dt)
	fr.t, fr.steps, fr.dt, fr.maxE = sim.Solver.Time(), sim.Solver.Steps(), sim.Solver.NextDt(), sim.Solver.Options().MaxE
	b := &gaussians.RenderBuffers{N: rest.N, SHDegree: rest.SHDegree, Opacities: rest.Opacities,
		Positions: append([]float32(nil), rest.Positions...), Scales: append([]float32(nil), rest.Scales...),
		Rotations: append([]float32(nil), rest.Rotations...), SHRest: append([]float32(nil), rest.SHRest...)}
	fr.b = b
	if err != nil {
		fr.err = err
		return fr
	}
	if err := sim.DeformBuffers(b); err != nil {
		fr.err = err
		return fr
	}
	particleState(sim, fr)
	fr.speed = make([]float32, b.N)
	fr.stress = make([]float32, b.N)
	p := sim.Solver.P
	parallelFor(b.N, func(from, to int) {
		for i := from; i < to; i++ {
			dx, dy, dz := b.Positions[3*i]-prev[3*i], b.Positions[3*i+1]-prev[3*i+1], b.Positions[3*i+2]-prev[3*i+2]
			fr.speed[i] = float32(math.Sqrt(float64(dx*dx+dy*dy+dz*dz))) * metres / max(dt, 1e-9)
			if k := near[i]; k >= 0 && 6*int(k)+6 <= len(p.Stress) {
				fr.stress[i] = vonMises(p.Stress[6*k : 6*k+6])
			}
		}
	})
	return fr
}

// vonMises is the equivalent stress of τ = (xx, yy, zz, xy, xz, yz).
func vonMises(t []float32) float32 {
	a, b, c := float64(t[0]), float64(t[1]), float64(t[2])
	s := 0.5*((a-b)*(a-b)+(b-c)*(b-c)+(c-a)*(c-a)) + 3*float64(t[3]*t[3]+t[4]*t[4]+t[5]*t[5])
	return float32(math.Sqrt(s))
}

// applyPoke adds dv (scene frame, m/s) to the particles within radius (scene units) of at.
func applyPoke(sim *physics.Sim, c simCmd) {
	at := sim.SimPoint(c.at)
	dv := sim.SimVector(c.dv)
	edge := sim.SimPoint([3]float32{c.at[0] + c.radius, c.at[1], c.at[2]})
	r2 := (edge[0]-at[0])*(edge[0]-at[0]) + (edge[1]-at[1])*(edge[1]-at[1]) + (edge[2]-at[2])*(edge[2]-at[2])
	// SimVector scales by metres per unit; velocities are already m/s: undo the scale.
	n := float32(math.Sqrt(float64(dv[0]*dv[0] + dv[1]*dv[1] + dv[2]*dv[2])))
	want := float32(math.Sqrt(float64(c.dv[0]*c.dv[0] + c.dv[1]*c.dv[1] + c.dv[2]*c.dv[2])))
	if n > 0 {
		for k := range dv {
			dv[k] *= want / n
		}
	}
	p := sim.Solver.P
	for i := 0; i < p.Len(); i++ {
		dx, dy, dz := p.X[3*i]-at[0], p.X[3*i+1]-at[1], p.X[3*i+2]-at[2]
		if dx*dx+dy*dy+dz*dz <= r2 {
			p.V[3*i] += dv[0]
			p.V[3*i+1] += dv[1]
			p.V[3*i+2] += dv[2]
		}
	}
}

// nearestParticles returns, per Gaussian centre, the index of the nearest particle (−1 if
// none is within two grid cells), using a uniform hash grid of about one particle per cell.
func nearestParticles(centres, particles []float32) []int32 {
	n, np := len(centres)/3, len(particles)/3
	out := make([]int32, n)
	if np == 0 {
		for i := range out {
			out[i] = -1
		}
		return out
	}
	lo, hi := boundsOf(particles)
	vol := float64(max(hi[0]-lo[0], 1e-6)) * float64(max(hi[1]-lo[1], 1e-6)) * float64(max(hi[2]-lo[2], 1e-6))
	h := float32(math.Cbrt(vol / float64(np)))
	if !(h > 0) {
		h = 1
	}
	key := func(x, y, z float32) [3]int32 {
		return [3]int32{int32(math.Floor(float64((x - lo[0]) / h))), int32(math.Floor(float64((y - lo[1]) / h))), int32(math.Floor(float64((z - lo[2]) / h)))}
	}
	cells := map[[3]int32][]int32{}
	for k := 0; k < np; k++ {
		c := key(particles[3*k], particles[3*k+1], particles[3*k+2])
		cells[c] = append(cells[c], int32(k))
	}
	parallelFor(n, func(from, to int) {
		for i := from; i < to; i++ {
			x, y, z := centres[3*i], centres[3*i+1], centres[3*i+2]
			c := key(x, y, z)
			best, bd := int32(-1), float32(math.Inf(1))
			for dz := int32(-2); dz <= 2; dz++ {
				for dy := int32(-2); dy <= 2; dy++ {
					for dx := int32(-2); dx <= 2; dx++ {
						for _, k := range cells[[3]int32{c[0] + dx, c[1] + dy, c[2] + dz}] {
							ex, ey, ez := particles[3*k]-x, particles[3*k+1]-y, particles[3*k+2]-z
							if d := ex*ex + ey*ey + ez*ez; d < bd {
								best, bd = k, d
							}
						}
					}
				}
			}
			out[i] = best
		}
	})
	return out
}

// recolourSim uploads the simulation's colour codes for frame fr (material, speed, stress);
// in "scene colours" it hands the colours back to the materials view.
func (a *App) recolourSim(v *SplatView, fr *simFrame) {
	r := a.sim.run
	r.recolour = false
	cs, ok := v.Pass.(colorSetter)
	if !ok {
		return
	}
	if a.sim.mode == simColorScene {
		a.mat.color.dirty = true
		a.mat.color.overridden = true // let applyColors restore or recode
		return
	}
	if a.mat.color.orig == nil && !a.mat.color.overridden {
		orig, err := cs.Colors()
		if err != nil {
			a.simError(err)
			return
		}
		a.mat.color.orig = orig
	}
	rgb := make([]float32, 3*v.N)
	switch {
	case a.sim.mode == simColorMaterial && a.hasLabels():
		rgb, _, _, _ = colorCodes(a.mat.labels, colorMaterial, nil, nil)
	case a.sim.mode == simColorSpeed && fr != nil && fr.speed != nil:
		top := float32(1e-6)
		for _, s := range fr.speed {
			top = max(top, s)
		}
		for i, s := range fr.speed {
			c := csp.Heat(s / top)
			copy(rgb[3*i:3*i+3], c[:])
		}
	case a.sim.mode == simColorStress && fr != nil && fr.stress != nil:
		for i, s := range fr.stress {
			c := csp.Heat(stressT(s, fr.maxE))
			copy(rgb[3*i:3*i+3], c[:])
		}
	default:
		for i := range rgb {
			rgb[i] = 0.5
		}
	}
	if err := cs.SetColors(rgb); err != nil {
		a.simError(err)
	}
}
