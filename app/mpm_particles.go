package app

import (
	"math"

	"github.com/splatscope/splatscope/csp"
	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/physics"
	"github.com/splatscope/splatscope/render"
)

// What the physics preview draws: the deformed splats, the simulated particles as points, or
// the particles over the splats.
const (
	simShowSplats = iota
	simShowParticles
	simShowBoth
)

var simShowNames = []string{"deformed splats", "particles", "particles over splats"}

// simParticles is what the particle view needs besides each frame's positions: fixed for a run.
type simParticles struct {
	rest   []float32 // rest positions, scene frame, 3 each
	mat    []uint16  // per particle: index into names
	names  []string  // per solver material: the label (table) name it came from
	scene  []float32 // per particle: the base colour of the nearest Gaussian at rest, 3 each
	radius float32   // scene units: half the particle spacing
}

// newSimParticles reads the particles of sim at rest (call before it advances, or from its
// goroutine): materials, the scene colour each takes from its nearest Gaussian, and the radius
// of the sphere of each particle's volume share, in scene units.
func newSimParticles(sim *physics.Sim, rest *gaussians.RenderBuffers, metres float32) *simParticles {
	p := sim.Solver.P
	ps := &simParticles{rest: append([]float32(nil), sim.Particles()...), mat: append([]uint16(nil), p.Mat...),
		names: sim.Assignment.Names}
	vol := 0.0
	for _, v := range p.Vol0 {
		vol += float64(v)
	}
	if n := len(p.Vol0); n > 0 && vol > 0 {
		// A particle stands for a cube of its volume: half its side is the sprite radius, so
		// neighbours at rest just touch.
		ps.radius = float32(0.5*math.Cbrt(vol/float64(n))) / max(metres, 1e-9)
	}
	ps.scene = make([]float32, len(ps.rest))
	near := nearestParticles(ps.rest, rest.Positions) // per particle: the nearest Gaussian
	for i, g := range near {
		c := [3]float32{0.6, 0.6, 0.6} // no Gaussian nearby (filled interior): neutral grey
		if g >= 0 && len(rest.Colors) >= 3*int(g)+3 {
			copy(c[:], rest.Colors[3*g:3*g+3])
		}
		for k := range c {
			ps.scene[3*i+k] = min(max(c[k], 0), 1)
		}
	}
	return ps
}

// particleState copies the particles' positions, speeds and stresses into fr (the simulation's
// goroutine, after Advance).
func particleState(sim *physics.Sim, fr *simFrame) {
	p := sim.Solver.P
	n := p.Len()
	fr.parts = append([]float32(nil), sim.Particles()...)
	fr.pspeed, fr.pstress = make([]float32, n), make([]float32, n)
	parallelFor(n, func(from, to int) {
		for i := from; i < to; i++ {
			vx, vy, vz := p.V[3*i], p.V[3*i+1], p.V[3*i+2] // metres per second in the solver
			fr.pspeed[i] = float32(math.Sqrt(float64(vx*vx + vy*vy + vz*vz)))
			fr.pstress[i] = vonMises(p.Stress[6*i : 6*i+6])
		}
	})
}

// simShown is the frame the view shows (nil: the rest pose).
func (r *simRun) simShown() *simFrame {
	if r.baked != nil {
		if r.bakeShown >= 0 && r.bakeShown < len(r.baked) {
			return r.baked[r.bakeShown]
		}
		return nil
	}
	return r.shown
}

// simShowsSplats reports whether the splats are drawn (not while the particles replace them).
func (a *App) simShowsSplats() bool {
	return !a.simActive() || a.sim.run.parts == nil || a.sim.show != simShowParticles
}

// simShowsParticles reports whether the particle points are drawn.
func (a *App) simShowsParticles() bool {
	return a.simActive() && a.sim.run.parts != nil && a.sim.show != simShowSplats
}

// simCycleShow switches splats → particles → both.
func (a *App) simCycleShow() {
	a.sim.show = (a.sim.show + 1) % len(simShowNames)
	a.setStatus("Physics view: " + simShowNames[a.sim.show])
}

// drawSimParticles draws the particles of the shown frame as points with frame f, coloured as
// the colour mode says (the GL thread).
func (a *App) drawSimParticles(f render.Frame) {
	if !a.simShowsParticles() {
		return
	}
	r := a.sim.run
	if a.sim.points == nil {
		p, err := render.NewPointPass()
		if err != nil {
			a.simError(err)
			a.sim.show = simShowSplats
			return
		}
		a.sim.points = p
	}
	fr := r.simShown()
	if !r.ptsSet || r.ptsFrom != fr || r.ptsMode != a.sim.mode {
		pos := r.parts.rest
		if fr != nil && len(fr.parts) == len(pos) {
			pos = fr.parts
		}
		if err := a.sim.points.Set(pos, a.particleColors(r, fr)); err != nil {
			a.simError(err)
			return
		}
		r.ptsSet, r.ptsFrom, r.ptsMode = true, fr, a.sim.mode
	}
	a.sim.points.Draw(f, r.parts.radius)
}

// particleColors colours the particles of frame fr (nil: at rest) by the colour mode: the
// nearest Gaussian's colour, the material's table colour, speed or stress on the heat ramp.
func (a *App) particleColors(r *simRun, fr *simFrame) []float32 {
	ps := r.parts
	n := len(ps.mat)
	rgb := make([]float32, 3*n)
	switch a.sim.mode {
	case simColorScene:
		copy(rgb, ps.scene)
	case simColorMaterial:
		pal := make([][3]float32, len(ps.names))
		for m, name := range ps.names {
			pal[m] = [3]float32{0.5, 0.5, 0.5} // a name the table no longer has
			if t := a.mat.table; t != nil {
				if k := t.Index(name); k >= 0 {
					c := t.Materials[k].RGB()
					pal[m] = [3]float32{float32(c[0]) / 255, float32(c[1]) / 255, float32(c[2]) / 255}
				}
			}
		}
		for i, m := range ps.mat {
			c := [3]float32{0.5, 0.5, 0.5}
			if int(m) < len(pal) {
				c = pal[m]
			}
			copy(rgb[3*i:3*i+3], c[:])
		}
	case simColorSpeed:
		top := float32(1e-6)
		if fr != nil {
			for _, s := range fr.pspeed {
				top = max(top, s)
			}
		}
		for i := 0; i < n; i++ {
			s := float32(0)
			if fr != nil && i < len(fr.pspeed) {
				s = fr.pspeed[i]
			}
			c := csp.Heat(s / top)
			copy(rgb[3*i:3*i+3], c[:])
		}
	case simColorStress:
		for i := 0; i < n; i++ {
			var t float32
			if fr != nil && i < len(fr.pstress) {
				t = stressT(fr.pstress[i], fr.maxE)
			}
			c := csp.Heat(t)
			copy(rgb[3*i:3*i+3], c[:])
		}
	}
	return rgb
}
