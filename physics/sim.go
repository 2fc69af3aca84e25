package physics

import (
	"fmt"
	"math"
	"sort"

	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/mpm"
)

// Defaults for Options fields left zero.
const (
	// DefaultOpacity: Gaussians less opaque than 2% are floaters and haze, not matter.
	DefaultOpacity = 0.02
	// DefaultMaxParticles keeps a preview near a second per frame on two cores (about 300 ns
	// per particle-substep, 20-40 substeps per frame); the other Gaussians follow.
	DefaultMaxParticles = 100_000
	// DefaultGridCells across the longest side of the domain: 64 is the benchmark grid.
	DefaultGridCells = 64
	// DefaultPerCell: 2×2×2 particles per cell, the usual MPM sampling.
	DefaultPerCell = 8
	// DefaultFriction is the ground's Coulomb coefficient for Friction: about tan 27°, a rough floor.
	DefaultFriction = 0.5
	// DefaultDropFraction: without Drop, objects start 10% of the scene's size above the ground.
	DefaultDropFraction = 0.1
	// domainSide and domainTop are the room left beside and above the objects, as fractions of
	// their largest extent: enough for a heap to spread and a ball to bounce.
	domainSide = 0.5
	domainTop  = 0.5
	// contactGap (cells) is how far above the solver's ground plane particles come to rest,
	// measured with a jelly cube on the quadratic-B-spline grid (1.2-1.3 cells).
	contactGap = 1.25
	// gravity in m/s².
	gravity = 9.8
)

// Options configures how a scene becomes a simulation.
type Options struct {
	Opacity       float32      // Gaussians below this opacity are not simulated (they follow); 0 means DefaultOpacity, <0 keeps all
	Fill          bool         // fill hollow objects' interiors with particles (mpm.FillInterior)
	MaxParticles  int          // at most this many particles from Gaussians; 0 means DefaultMaxParticles
	GridCells     int          // grid cells across the domain's longest side; 0 means DefaultGridCells
	Dx            float32      // grid spacing in scene units; overrides GridCells when > 0
	Frozen        []mpm.Box    // boxes (scene frame and units) whose particles are held still
	PerCell       int          // particles per cell the sampling aims at; 0 means DefaultPerCell
	Up            Up           // the scene's up direction (zero value +y)
	Drop          float32      // height (scene units) of the lowest particle above the ground; <0 means DefaultDropFraction of the size
	MetresPerUnit float32      // scene units to metres (gravity is 9.8 m/s²); 0 means 1
	Ground        mpm.Boundary // ground condition
	Friction      float32      // ground Coulomb coefficient when Ground is mpm.Friction; 0 means DefaultFriction
	MaxE          float32      // Young's modulus cap (mpm.Options.MaxE); 0 means mpm.DefaultMaxE
	Damping       float32      // velocity damping rate in 1/s (mpm.Options.Damping; 0: none), to settle bouncy scenes
	Workers       int          // solver goroutines; 0 means GOMAXPROCS
}

// Sim is a splat scene coupled to an MPM solver: some Gaussians are particles, every other
// Gaussian follows its nearest particles, and Deform writes the deformed scene.
type Sim struct {
	Solver *mpm.Solver
	Rest   *gaussians.Scene // the scene as given (not modified)
	// Counts: particles from Gaussians, particles filled in, Gaussians below the opacity
	// threshold, and Gaussians that follow particles rather than being one.
	FromGaussians, Filled, Transparent, Followers int
	Assignment                                    Assignment
	Warnings                                      []string

	fr     frame
	nbIdx  []int32   // maxK per Gaussian: particle indices, −1 past the last
	nbW    []float32 // maxK per Gaussian: inverse-distance weights, summing to 1
	far    []bool    // per Gaussian: a far follower (displacement only, see farFollower)
	rest   []float32 // particles' rest positions, world frame, 3 per particle
	pos    []float32 // particles' current positions, world frame
	defm   []float32 // particles' F, world frame, row-major, 9 per particle
	rot    []float32 // particles' polar rotations, world frame, quaternions w x y z
	ground float32   // sim-frame level, on the up axis, of the ground's surface
}

// GroundLevel returns the coordinate, along the scene's up axis (Options.Up.Axis(), in scene
// units), of the ground's surface: where to draw the ground plane. The lowest particle centres
// come to rest half a particle spacing above it.
func (s *Sim) GroundLevel() float32 {
	a := s.fr.up.Axis()
	return s.fr.q[a] * s.ground / s.fr.scale
}

// New builds the simulation of scene s with materials a (see FromLabels, Uniform).
func New(s *gaussians.Scene, a Assignment, o Options) (*Sim, error) {
	if err := s.Check(); err != nil {
		return nil, fmt.Errorf("physics: %v", err)
	}
	if err := a.check(s.N); err != nil {
		return nil, err
	}
	o = o.withDefaults()
	sim := &Sim{Rest: s, Assignment: a, fr: newFrame(o.Up, o.MetresPerUnit)}
	sim.Warnings = append(sim.Warnings, a.Warnings...)
	// Candidates: Gaussians opaque enough, with finite centres.
	logitMin := float32(math.Inf(-1))
	if o.Opacity > 0 {
		logitMin = gaussians.Logit(o.Opacity, 1e-7)
	}
	var cand []int32
	simPts := make([]float32, 3*s.N)
	for i := 0; i < s.N; i++ {
		p := sim.fr.toSim(s.Positions[3*i : 3*i+3])
		copy(simPts[3*i:], p[:])
		if !(s.Opacities[i] >= logitMin) || !finite3(p) {
			sim.Transparent++
			continue
		}
		cand = append(cand, int32(i))
	}
	if len(cand) == 0 {
		return nil, fmt.Errorf("physics: no Gaussian is %g%% opaque or more: nothing to simulate", o.Opacity*100)
	}
	dom, dx, lo := domainFor(simPts, cand, s, o, &sim.fr)
	perAxis := float32(math.Cbrt(float64(o.PerCell)))
	if o.Dx <= 0 {
		// Particles further apart than a cell would not interact through the grid: a sparse
		// cloud gets a grid of about PerCell particles per cell.
		dx = max(dx, perAxis*typicalSpacing(simPts, cand))
	}
	// One particle per voxel of side dx/∛PerCell, coarser while there are too many.
	// Voxels are anchored with the lowest candidate at a voxel centre: a regular sampling
	// spaced h (a synthetic scene) then never has two points straddling one voxel face.
	anchor := func(h float32) [3]float32 { return [3]float32{lo[0] - h/2, lo[1] - h/2, lo[2] - h/2} }
	h := dx / perAxis
	chosen := voxelSubsample(simPts, cand, anchor(h), h)
	for len(chosen) > o.MaxParticles {
		// Surfaces scale as h⁻², volumes as h⁻³: the square root of the ratio overshoots
		// neither by much; 2% more guarantees progress.
		h *= float32(math.Sqrt(float64(len(chosen))/float64(o.MaxParticles))) * 1.02
		chosen = voxelSubsample(simPts, cand, anchor(h), h)
	}
	dx = max(dx, perAxis*h) // a subset keeps PerCell particles per cell with a coarser grid
	// Particles come to rest about contactGap cells above the wall plane (their stencil meets
	// the wall nodes there): put the plane that far below the level the lowest particle centres
	// should rest on. The visible ground is half a particle spacing below those centres.
	up := sim.fr.up.Axis()
	sim.ground = dom.Min[up] - h/2
	dom.Min[up] -= contactGap * dx
	sim.FromGaussians = len(chosen)
	pts := make([]float32, 0, 3*len(chosen))
	matIdx := make([]int, 0, len(chosen))
	for _, g := range chosen {
		pts = append(pts, simPts[3*g:3*g+3]...)
		matIdx = append(matIdx, a.of(int(g)))
	}
	if o.Fill {
		shell := make([]float32, 0, 3*len(cand))
		for _, g := range cand {
			shell = append(shell, simPts[3*g:3*g+3]...)
		}
		in, err := mpm.FillInterior(shell, dx, 2) // 2 per axis: 8 per cell, the default sampling
		if err != nil {
			return nil, err
		}
		sim.Filled = len(in) / 3
		// Filled particles take the material of the nearest particle from a Gaussian.
		g := newPointGrid(pts[:3*len(chosen)], h)
		for i := 0; i < len(in); i += 3 {
			nb := g.nearest(in[i:i+3], 1)
			matIdx = append(matIdx, matIdx[nb.idx[0]])
		}
		pts = append(pts, in...)
	}
	solver, err := newSolver(pts, matIdx, a.Materials, dom, dx, anchor(h), o, &sim.fr)
	if err != nil {
		return nil, err
	}
	sim.Solver = solver
	sim.Warnings = append(sim.Warnings, solver.Warnings()...)
	np := len(pts) / 3
	sim.rest = make([]float32, 3*np)
	for i := 0; i < np; i++ {
		w := sim.fr.toWorld(pts[3*i : 3*i+3])
		copy(sim.rest[3*i:], w[:])
	}
	sim.pos = make([]float32, 3*np)
	sim.defm = make([]float32, 9*np)
	sim.rot = make([]float32, 4*np)
	sim.attach(chosen, h/sim.fr.scale)
	sim.sync()
	return sim, nil
}

func (o Options) withDefaults() Options {
	if o.Opacity == 0 {
		o.Opacity = DefaultOpacity
	}
	if o.MaxParticles <= 0 {
		o.MaxParticles = DefaultMaxParticles
	}
	if o.GridCells <= 0 {
		o.GridCells = DefaultGridCells
	}
	if o.PerCell <= 0 {
		o.PerCell = DefaultPerCell
	}
	if !(o.MetresPerUnit > 0) {
		o.MetresPerUnit = 1
	}
	if o.Friction == 0 {
		o.Friction = DefaultFriction
	}
	return o
}

func finite3(p [3]float32) bool {
	for _, v := range p {
		if v != v || math.IsInf(float64(v), 0) {
			return false
		}
	}
	return true
}

// domainFor returns the solver's box (sim frame) around the candidates: room beside and above
// them, the ground Drop below, and the grid spacing for GridCells across the longest side.
func domainFor(simPts []float32, cand []int32, s *gaussians.Scene, o Options, fr *frame) (box mpm.Box, dx float32, lo [3]float32) {
	lo = [3]float32{float32(math.Inf(1)), float32(math.Inf(1)), float32(math.Inf(1))}
	hi := [3]float32{float32(math.Inf(-1)), float32(math.Inf(-1)), float32(math.Inf(-1))}
	for _, i := range cand {
		for a := 0; a < 3; a++ {
			v := simPts[3*int(i)+a]
			lo[a], hi[a] = min(lo[a], v), max(hi[a], v)
		}
	}
	size := max(hi[0]-lo[0], hi[1]-lo[1], hi[2]-lo[2])
	if !(size > 0) {
		// A single point (or a flat sheet of zero size): use the Gaussian's own extent.
		size = 1e-3 * fr.scale // 1 mm of scene size keeps the grid finite
		for _, i := range cand {
			sc := s.Scale(int(i))
			size = max(size, 6*max(sc[0], sc[1], sc[2])*fr.scale) // ±3σ
		}
	}
	up := fr.up.Axis()
	drop := o.Drop * fr.scale
	if o.Drop < 0 {
		drop = DefaultDropFraction * size
	}
	for a := 0; a < 3; a++ {
		box.Min[a], box.Max[a] = lo[a]-domainSide*size, hi[a]+domainSide*size
	}
	box.Min[up] = lo[up] - drop
	box.Max[up] = hi[up] + domainTop*size
	longest := max(box.Max[0]-box.Min[0], box.Max[1]-box.Min[1], box.Max[2]-box.Min[2])
	dx = longest / float32(o.GridCells)
	if o.Dx > 0 {
		dx = o.Dx * fr.scale
	}
	return box, dx, lo
}

// newSolver makes the particles (volume: the volume of their cell, of side dx on a grid from
// origin, shared among the particles in it; mass ρ·V) and the solver.
func newSolver(pts []float32, matIdx []int, mats []mpm.Material, dom mpm.Box, dx float32, origin [3]float32, o Options, fr *frame) (*mpm.Solver, error) {
	n := len(pts) / 3
	p := mpm.NewParticles(n)
	copy(p.X, pts)
	count := map[[3]int32]int32{}
	key := func(i int) [3]int32 {
		var k [3]int32
		for a := 0; a < 3; a++ {
			k[a] = int32(math.Floor(float64((pts[3*i+a] - origin[a]) / dx)))
		}
		return k
	}
	for i := 0; i < n; i++ {
		count[key(i)]++
	}
	cellVol := dx * dx * dx
	for i := 0; i < n; i++ {
		m := mats[matIdx[i]]
		if m.Validate() != nil {
			m = mpm.Presets[mpm.DefaultMaterialName] // as mpm.New substitutes it
		}
		p.Mat[i] = uint16(matIdx[i])
		p.Vol0[i] = cellVol / float32(count[key(i)])
		p.Mass[i] = m.Density * p.Vol0[i]
	}
	var g [3]float32
	g[fr.up.Axis()] = -gravity
	frozen := make([]mpm.Box, len(o.Frozen))
	for i, b := range o.Frozen {
		frozen[i] = fr.boxToSim(b)
	}
	return mpm.New(p, mats, mpm.Options{
		Domain: dom, Dx: dx, Gravity: g, Up: fr.up, Boundary: o.Ground, Friction: o.Friction,
		Workers: o.Workers, MaxE: o.MaxE, PerCell: o.PerCell, Frozen: frozen, Damping: o.Damping,
	})
}

// spacingSamples is how many candidates typicalSpacing measures: enough for a stable median.
const spacingSamples = 2000

// typicalSpacing returns the median distance from a candidate to its nearest other candidate,
// over up to spacingSamples candidates taken at a fixed stride (deterministic).
func typicalSpacing(pts []float32, cand []int32) float32 {
	if len(cand) < 2 {
		return 0
	}
	sub := make([]float32, 0, 3*len(cand))
	for _, i := range cand {
		sub = append(sub, pts[3*i:3*i+3]...)
	}
	lo, hi := [3]float32{}, [3]float32{}
	for a := 0; a < 3; a++ {
		lo[a], hi[a] = sub[a], sub[a]
	}
	for i := 0; i < len(sub); i += 3 {
		for a := 0; a < 3; a++ {
			lo[a], hi[a] = min(lo[a], sub[i+a]), max(hi[a], sub[i+a])
		}
	}
	e := []float64{float64(hi[0] - lo[0]), float64(hi[1] - lo[1]), float64(hi[2] - lo[2])}
	sort.Float64s(e)
	n := float64(len(cand))
	// Cells holding a few candidates each whether they fill the box or only a sheet across it.
	cell := max(math.Cbrt(8*e[0]*e[1]*e[2]/n), math.Sqrt(4*e[1]*e[2]/n), e[2]/n)
	g := newPointGrid(sub, float32(cell))
	stride := max(1, len(cand)/spacingSamples)
	var d []float64
	for i := 0; i < len(cand); i += stride {
		nb := g.nearest(sub[3*i:3*i+3], 2)
		if nb.n == 2 {
			d = append(d, math.Sqrt(float64(nb.d2[1])))
		}
	}
	if len(d) == 0 {
		return 0
	}
	sort.Float64s(d)
	return float32(d[len(d)/2])
}
