package mpm

import (
	"errors"
	"fmt"
	"math"
	"runtime"
)

// Boundary is the condition a domain face (the ground or the other walls) imposes on grid velocities.
type Boundary int

// The wall conditions.
const (
	// Slip removes the velocity component into the wall and keeps the tangential part.
	Slip Boundary = iota
	// Sticky zeroes the whole velocity of nodes moving into the wall.
	Sticky
	// Friction is slip with Coulomb friction: the tangential speed drops by Friction·|normal speed|.
	Friction
	// Open has no wall: particles that reach the padding beyond it stop the run with an error.
	Open
)

// Up names the vertical axis of the domain.
type Up int

// The up axes; the zero value is +y.
const (
	UpY Up = iota
	UpZ
	UpX
)

// Axis returns the coordinate index (0 x, 1 y, 2 z) of the up axis.
func (u Up) Axis() int {
	switch u {
	case UpZ:
		return 2
	case UpX:
		return 0
	}
	return 1
}

// Box is an axis-aligned box in world coordinates.
type Box struct {
	Min, Max [3]float32
}

// Contains reports whether p lies inside the box.
func (b Box) Contains(x, y, z float32) bool {
	return x >= b.Min[0] && x <= b.Max[0] && y >= b.Min[1] && y <= b.Max[1] && z >= b.Min[2] && z <= b.Max[2]
}

// Options configures the grid, the walls and the time stepping.
type Options struct {
	Domain      Box        // the walls; particles start and stay inside
	Dx          float32    // grid spacing in metres
	Gravity     [3]float32 // m/s²
	Up          Up         // which axis points up; the ground is the domain face at Domain.Min on it
	Boundary    Boundary   // ground condition
	Walls       Boundary   // condition of the other five faces (Slip by default)
	Friction    float32    // Coulomb coefficient for Boundary or Walls == Friction
	Frozen      []Box      // particles and nodes inside get zero velocity
	Workers     int        // goroutines; 0 means GOMAXPROCS. Results are deterministic per count.
	MaxE        float32    // cap on Young's modulus for interactive time steps; 0 means DefaultMaxE, <0 no cap
	CFL         float32    // elastic CFL number: dt ≤ CFL·dx/c_p; 0 means DefaultCFL
	VelocityCFL float32    // dt ≤ VelocityCFL·dx/max|v|; 0 means DefaultVelocityCFL
	MaxDt       float32    // upper bound on the substep; 0 means DefaultMaxDt
	Damping     float32    // grid velocity damping rate in 1/s (0: none)
	PerCell     int        // particles per cell used by FromPoints for particle volume; 0 means 8
}

// Defaults for Options fields left zero.
const (
	// DefaultMaxE (Pa) keeps the elastic substep near 0.4 ms at dx = 1/64 m for ρ = 1000 kg/m³
	// (about 40 substeps per 60 Hz frame): a few thousand particles per core play in real
	// time (~300 ns per particle-substep); larger scenes bake, then play. Steel's real 200 GPa
	// would need substeps 1000 times shorter.
	DefaultMaxE = 2e5
	// DefaultCFL: 0.4 of a cell per P-wave transit is inside the 0.3-0.5 range that MLS-MPM
	// with quadratic B-splines tolerates.
	DefaultCFL = 0.4
	// DefaultVelocityCFL: particles move at most 0.3 cells per substep, well inside the
	// one-cell limit of the quadratic stencil.
	DefaultVelocityCFL = 0.3
	// DefaultMaxDt bounds the substep when everything is soft and still (1/600 s: 10 per 60 Hz frame).
	DefaultMaxDt = 1.0 / 600
	// gridPad is the number of cells of grid beyond each wall: the 3-node stencil of a
	// particle 2 cells outside the wall still fits.
	gridPad = 3
	// minDt (s): a substep this short means velocities exploded; stop instead of stalling.
	minDt = 1e-7
)

// Particles holds the particle state as a struct of arrays; matrices are row-major 3×3.
type Particles struct {
	X      []float32 // positions, 3 per particle
	V      []float32 // velocities, 3 per particle
	C      []float32 // APIC affine velocity matrices, 9 per particle
	F      []float32 // deformation gradients, 9 per particle
	Jp     []float32 // plastic volume ratio (snow hardening), 1 per particle
	Mass   []float32 // kg
	Vol0   []float32 // initial volume, m³
	Mat    []uint16  // index into the solver's materials
	Stress []float32 // Kirchhoff stress τ (xx, yy, zz, xy, xz, yz), 6 per particle, for display
	Rot    []float32 // cached rotation quaternion (w, x, y, z), 4 per particle: polar R or SVD's V
}

// Len returns the number of particles.
func (p *Particles) Len() int { return len(p.Mass) }

// NewParticles allocates n particles at rest with F = I and Jp = 1.
func NewParticles(n int) *Particles {
	p := &Particles{
		X: make([]float32, 3*n), V: make([]float32, 3*n), C: make([]float32, 9*n), F: make([]float32, 9*n),
		Jp: make([]float32, n), Mass: make([]float32, n), Vol0: make([]float32, n), Mat: make([]uint16, n),
		Stress: make([]float32, 6*n), Rot: make([]float32, 4*n),
	}
	for i := 0; i < n; i++ {
		p.F[9*i], p.F[9*i+4], p.F[9*i+8] = 1, 1, 1
		p.Jp[i] = 1
		p.Rot[4*i] = 1
	}
	return p
}

// Solver advances particles with MLS-MPM.
type Solver struct {
	P        *Particles
	opts     Options
	mats     []Material // effective (capped) materials
	params   []matParams
	origin   [3]float32 // world position of node (0,0,0)
	n        [3]int     // nodes per axis
	wallLo   [3]int     // nodes with index <= wallLo are wall nodes
	wallHi   [3]int     // nodes with index >= wallHi are wall nodes
	lo, hi   [3]float32 // particles outside [lo, hi] have left the domain
	grids    [][]float32
	gv       []float32 // reduced grid velocities, 3 per node
	workers  int
	cElastic float32 // largest P-wave speed of the non-snow materials
	cSnow    float32 // largest unhardened P-wave speed of the snow materials
	maxHard  float32 // largest snow hardening factor after the last substep
	maxSpeed float32
	active   [2][3]int // node box [lo, hi) touched by the last P2G
	time     float64
	steps    int
	err      error
	warnings []string
	ws       []workerState
}

// workerState is per-worker scratch written during a parallel phase.
type workerState struct {
	maxSpeed float32
	maxHard  float32 // largest snow hardening factor
	bmin     [3]int  // smallest stencil base node index P2G touched
	bmax     [3]int  // largest stencil base node index P2G touched
	bad      int     // first bad particle index, -1 if none
	badWhy   string
	_        [64]byte // keep workers' fields on separate cache lines
}

// ErrUnstable wraps every instability error (NaN, particles leaving the domain, exploding speeds).
var ErrUnstable = errors.New("mpm: unstable simulation")

// New checks the options and materials and prepares the grid for particles p. Materials
// failing Validate are replaced by the default material with a warning (see Warnings).
func New(p *Particles, materials []Material, opts Options) (*Solver, error) {
	if p == nil {
		return nil, errors.New("mpm: no particles")
	}
	n := p.Len()
	if len(p.X) != 3*n || len(p.V) != 3*n || len(p.C) != 9*n || len(p.F) != 9*n || len(p.Jp) != n ||
		len(p.Vol0) != n || len(p.Mat) != n || len(p.Stress) != 6*n || len(p.Rot) != 4*n {
		return nil, errors.New("mpm: particle arrays have inconsistent lengths")
	}
	if !(opts.Dx > 0) {
		return nil, fmt.Errorf("mpm: grid spacing %g must be positive", opts.Dx)
	}
	s := &Solver{P: p, opts: opts}
	s.fillDefaults()
	if len(materials) == 0 {
		materials = []Material{Presets[DefaultMaterialName]}
		s.warnings = append(s.warnings, fmt.Sprintf("mpm: no materials given, using %q", DefaultMaterialName))
	}
	for _, m := range materials {
		if err := m.Validate(); err != nil {
			s.warnings = append(s.warnings, fmt.Sprintf("mpm: %v; using %q", err, DefaultMaterialName))
			m = Presets[DefaultMaterialName]
		}
		m = m.Capped(s.opts.MaxE)
		s.mats = append(s.mats, m)
		s.params = append(s.params, newMatParams(m))
	}
	for i, mi := range p.Mat {
		if int(mi) >= len(s.mats) {
			return nil, fmt.Errorf("mpm: particle %d: material index %d out of range (%d materials)", i, mi, len(s.mats))
		}
	}
	total := 1
	for a := 0; a < 3; a++ {
		ext := opts.Domain.Max[a] - opts.Domain.Min[a]
		if !(ext > 0) {
			return nil, fmt.Errorf("mpm: domain axis %d is empty (%g..%g)", a, opts.Domain.Min[a], opts.Domain.Max[a])
		}
		cells := int(math.Ceil(float64(ext / opts.Dx)))
		s.n[a] = cells + 2*gridPad + 1
		s.origin[a] = opts.Domain.Min[a] - gridPad*opts.Dx
		s.wallLo[a] = gridPad
		s.wallHi[a] = gridPad + cells
		// A particle's stencil spans base..base+2 with base = floor(g − 0.5): keep g in [1, n−2].
		s.lo[a] = s.origin[a] + opts.Dx
		s.hi[a] = s.origin[a] + float32(s.n[a]-2)*opts.Dx
		total *= s.n[a]
	}
	const maxNodes = 1 << 26 // 64M nodes = 1 GiB per grid copy: larger is a mistake, not a scene
	if total > maxNodes {
		return nil, fmt.Errorf("mpm: grid %d×%d×%d too large (dx %g too small for the domain)", s.n[0], s.n[1], s.n[2], opts.Dx)
	}
	s.workers = opts.Workers
	if s.workers <= 0 {
		s.workers = runtime.GOMAXPROCS(0)
	}
	if s.workers > n && n > 0 {
		s.workers = n
	}
	// Each worker owns a grid copy (16 bytes per node); beyond 1 GiB of copies, use fewer
	// workers rather than exhaust memory on many-core machines with large grids.
	const maxGridBytes = 1 << 30
	if cap := maxGridBytes / (16 * total); s.workers > cap {
		s.workers = max(cap, 1)
	}
	s.grids = make([][]float32, s.workers)
	for w := range s.grids {
		s.grids[w] = make([]float32, 4*total)
	}
	s.gv = make([]float32, 3*total)
	s.ws = make([]workerState, s.workers)
	for _, m := range s.mats {
		if m.Model == Snow {
			s.cSnow = max(s.cSnow, m.WaveSpeed())
		} else {
			s.cElastic = max(s.cElastic, m.WaveSpeed())
		}
	}
	if err := s.checkParticles(); err != nil {
		return nil, err
	}
	s.resetWorkers()
	s.parallel(s.initStress)
	s.gatherWorkers()
	return s, nil
}

func (s *Solver) fillDefaults() {
	o := &s.opts
	if o.MaxE == 0 {
		o.MaxE = DefaultMaxE
	}
	if o.CFL <= 0 {
		o.CFL = DefaultCFL
	}
	if o.VelocityCFL <= 0 {
		o.VelocityCFL = DefaultVelocityCFL
	}
	if o.MaxDt <= 0 {
		o.MaxDt = DefaultMaxDt
	}
	if o.PerCell <= 0 {
		o.PerCell = 8
	}
}

// Options returns the options with defaults filled in.
func (s *Solver) Options() Options { return s.opts }

// Materials returns the effective materials, with E capped.
func (s *Solver) Materials() []Material { return s.mats }

// Warnings lists the material substitutions made by New.
func (s *Solver) Warnings() []string { return s.warnings }

// Workers returns the number of goroutines used per phase.
func (s *Solver) Workers() int { return s.workers }

// GridSize returns the number of grid nodes per axis (including the padding beyond the walls).
func (s *Solver) GridSize() [3]int { return s.n }

// ElasticDt returns the CFL bound CFL·dx/max c_p from the capped materials (snow's
// wave speed scaled by the square root of its current largest hardening factor).
func (s *Solver) ElasticDt() float32 {
	c := s.cElastic
	if s.cSnow > 0 {
		c = max(c, s.cSnow*sqrt32(max(s.maxHard, 1)))
	}
	return s.opts.CFL * s.opts.Dx / c
}

// NextDt returns the substep the next Step will take.
func (s *Solver) NextDt() float32 {
	dt := min(s.ElasticDt(), s.opts.MaxDt)
	if s.maxSpeed > 0 {
		dt = min(dt, s.opts.VelocityCFL*s.opts.Dx/s.maxSpeed)
	}
	return dt
}

// Time returns the simulated time in seconds.
func (s *Solver) Time() float64 { return s.time }

// Steps returns the number of substeps taken.
func (s *Solver) Steps() int { return s.steps }

// Err returns the error that stopped the simulation, or nil.
func (s *Solver) Err() error { return s.err }

// SetGravity changes gravity between steps.
func (s *Solver) SetGravity(g [3]float32) { s.opts.Gravity = g }

// SetFrozen changes the frozen boxes between steps.
func (s *Solver) SetFrozen(b []Box) { s.opts.Frozen = b }

// Step advances one substep of NextDt and returns it. After an instability it keeps
// returning the error that stopped the simulation.
func (s *Solver) Step() (float32, error) {
	return s.StepDt(s.NextDt())
}

// StepDt advances one substep of at most dt (clamped to NextDt).
func (s *Solver) StepDt(dt float32) (float32, error) {
	if s.err != nil {
		return 0, s.err
	}
	next := s.NextDt()
	if !(next >= minDt) {
		s.err = fmt.Errorf("%w: substep %.3g s below %g s (max speed %.3g m/s)", ErrUnstable, next, minDt, s.maxSpeed)
		return 0, s.err
	}
	if !(dt > 0) {
		return 0, fmt.Errorf("mpm: substep %g s must be positive", dt)
	}
	dt = min(dt, next)
	s.substep(dt)
	if s.err != nil {
		return 0, s.err
	}
	s.time += float64(dt)
	s.steps++
	return dt, nil
}

// Advance runs substeps until duration seconds have been simulated and returns how many it took.
func (s *Solver) Advance(duration float32) (int, error) {
	steps := 0
	for left := duration; left > 0; {
		dt, err := s.StepDt(left)
		if err != nil {
			return steps, err
		}
		steps++
		// A remainder below 1e-4 of a substep would cost a whole step for nothing.
		if left -= dt; left < 1e-4*dt {
			break
		}
	}
	return steps, nil
}

// checkParticles reports the first particle outside the domain or with non-finite state.
func (s *Solver) checkParticles() error {
	p := s.P
	for i := 0; i < p.Len(); i++ {
		if why := s.badParticle(p.X[3*i:3*i+3], p.V[3*i:3*i+3]); why != "" {
			return fmt.Errorf("%w: particle %d %s", ErrUnstable, i, why)
		}
		if !(p.Mass[i] > 0) || !(p.Vol0[i] > 0) {
			return fmt.Errorf("mpm: particle %d: mass %g and volume %g must be positive", i, p.Mass[i], p.Vol0[i])
		}
	}
	return nil
}

// badParticle explains why a particle state is unusable, or returns "".
func (s *Solver) badParticle(x, v []float32) string {
	for a := 0; a < 3; a++ {
		if isNaNInf(x[a]) || isNaNInf(v[a]) {
			return fmt.Sprintf("has a non-finite state x=(%g, %g, %g) v=(%g, %g, %g)", x[0], x[1], x[2], v[0], v[1], v[2])
		}
	}
	for a := 0; a < 3; a++ {
		if x[a] < s.lo[a] || x[a] > s.hi[a] {
			return fmt.Sprintf("left the domain at (%.4g, %.4g, %.4g)", x[0], x[1], x[2])
		}
	}
	return ""
}

func isNaNInf(f float32) bool {
	return f != f || f > math.MaxFloat32 || f < -math.MaxFloat32
}
