package csp

import (
	"math"

	"github.com/go-gl/mathgl/mgl32"
)

// TraceMode selects what a traced image shows.
type TraceMode int

// Trace modes; render.FieldStyle uses the same numbers (the shader's uMode).
const (
	Shaded            TraceMode = iota // lit like a mesh
	Normals                            // world normal as colour, n·0.5 + 0.5
	MeanCurvature                      // H = (κ1+κ2)/2, diverging colour map over ±CurvatureRange
	GaussianCurvature                  // K = κ1·κ2, diverging colour map over ±CurvatureRange²
	Steps                              // heat map of the march's step count, log scale up to MaxSteps
	Residual                           // heat map of the final distance u over Epsilon
)

// String names the mode for the UI.
func (m TraceMode) String() string {
	names := [...]string{"shaded", "normals", "mean curvature", "Gaussian curvature", "steps", "residual"}
	if m < 0 || int(m) >= len(names) {
		return "unknown"
	}
	return names[m]
}

// DefaultMaxSteps is the march's step limit: rays that need more are misses. 256 steps reach
// any surface of a 256³ grid from its box entry unless the ray grazes it.
const DefaultMaxSteps = 256

// grazeCos is the least |dir·n| at which a hit is moved along the ray onto the tangent plane:
// the move is −u/(dir·n), so at grazing incidence it would blow up a sub-ε residual into a
// long slide along the surface; below 0.1 (84°) the hit stays where the march stopped, moved
// at most 10·ε.
const grazeCos = 0.1

// TraceCamera is the pinhole (or orthographic) camera of a traced image.
type TraceCamera struct {
	View, Proj mgl32.Mat4
	Eye        mgl32.Vec3
	invVP      mgl32.Mat4
	vp         mgl32.Mat4
}

// NewTraceCamera builds a camera from view and projection matrices and the eye position.
func NewTraceCamera(view, proj mgl32.Mat4, eye mgl32.Vec3) TraceCamera {
	vp := proj.Mul4(view)
	return TraceCamera{View: view, Proj: proj, Eye: eye, vp: vp, invVP: vp.Inv()}
}

// InvViewProj returns the inverse of Proj·View (NDC to world).
func (c TraceCamera) InvViewProj() mgl32.Mat4 { return c.invVP }

// Ray returns the world ray through NDC (x, y): its origin on the near plane and unit
// direction. ok is false for a singular camera.
func (c TraceCamera) Ray(x, y float32) (o, d mgl32.Vec3, ok bool) {
	n := c.invVP.Mul4x1(mgl32.Vec4{x, y, -1, 1})
	f := c.invVP.Mul4x1(mgl32.Vec4{x, y, 1, 1})
	if n[3] == 0 || f[3] == 0 {
		return o, d, false
	}
	o = n.Vec3().Mul(1 / n[3])
	d = f.Vec3().Mul(1 / f[3]).Sub(o)
	l := d.Len()
	if !(l > 0) || math.IsInf(float64(l), 0) {
		return o, d, false
	}
	return o, d.Mul(1 / l), true
}

// Depth returns the window depth in [0, 1] of world point p (GL's default depth range).
func (c TraceCamera) Depth(p mgl32.Vec3) float32 {
	q := c.vp.Mul4x1(p.Vec4(1))
	return q[2]/q[3]*0.5 + 0.5
}

// TraceOptions are the knobs of a traced image; zero fields take defaults from the field.
type TraceOptions struct {
	Mode           TraceMode
	Epsilon        float32    // stop when u < Epsilon; 0: half a voxel for grids, 1e-3 of the box diagonal otherwise
	MaxSteps       int        // 0: DefaultMaxSteps
	CurvatureRange float32    // curvature mapped to the colour map's ends; 0: 8 / box diagonal
	Color          mgl32.Vec3 // linear albedo of Shaded; zero: a neutral grey
	// Background is the gradient (bottom, top) painted where rays miss, display-encoded;
	// zero: Splatscope's default dark blue-grey.
	Background [2]mgl32.Vec3
}

// Defaults of TraceOptions, shared with render.FieldStyle.
var (
	DefaultFieldColor    = mgl32.Vec3{0.75, 0.75, 0.78}
	DefaultBackground    = [2]mgl32.Vec3{{0.07, 0.075, 0.085}, {0.22, 0.235, 0.26}}
	curvatureRangePerDia = float32(8) // default range × diagonal: a sphere filling the box shows H ≈ 0.43 of it
	analyticEpsilon      = float32(1e-3)
)

// Resolved returns the options with every zero field replaced by its default for field f.
func (o TraceOptions) Resolved(f Field) TraceOptions {
	lo, hi := f.Bounds()
	diag := hi.Sub(lo).Len()
	if !(diag > 0) {
		diag = 1
	}
	if o.Epsilon <= 0 {
		if g := gridOf(f); g != nil {
			o.Epsilon = 0.5 * g.Spacing
		} else {
			o.Epsilon = analyticEpsilon * diag
		}
	}
	if o.MaxSteps <= 0 {
		o.MaxSteps = DefaultMaxSteps
	}
	if o.CurvatureRange <= 0 {
		o.CurvatureRange = curvatureRangePerDia / diag
	}
	if o.Color == (mgl32.Vec3{}) {
		o.Color = DefaultFieldColor
	}
	if o.Background == ([2]mgl32.Vec3{}) {
		o.Background = DefaultBackground
	}
	return o
}

// gridOf returns the grid under a *Grid or SafeGrid field, or nil.
func gridOf(f Field) *Grid {
	switch g := f.(type) {
	case *Grid:
		return g
	case SafeGrid:
		return g.Grid
	case *SafeGrid:
		return g.Grid
	}
	return nil
}

// BackStep returns how far behind a hit, along the ray, the shading normal is taken (two ε:
// far enough off the surface that p − f(p) has a direction, near enough to be the same sheet).
func BackStep(eps float32) float32 { return 2 * eps }

// CurvatureOffset returns the distance off the surface where curvature is measured and the
// finite-difference step of the Jacobian there: for grids one voxel and half a voxel (the
// trilinear field's Jacobian is constant per cell, so smaller steps only see one cell);
// otherwise 1% and 0.1% of the box diagonal.
func CurvatureOffset(f Field) (offset, h float32) {
	if g := gridOf(f); g != nil {
		return g.Spacing, 0.5 * g.Spacing
	}
	lo, hi := f.Bounds()
	diag := hi.Sub(lo).Len()
	return 1e-2 * diag, 1e-3 * diag
}

// Hit is what one pixel's ray found.
type Hit struct {
	Entered  bool       // the ray crossed the field's box
	Hit      bool       // it reached u < ε within the box and the step limit
	Steps    int        // march steps taken
	Residual float32    // u at the last step
	T        float32    // distance along the ray from its near-plane origin to the (refined) hit
	P        mgl32.Vec3 // the hit point
	N        mgl32.Vec3 // unit shading normal, facing the camera
	Depth    float32    // window depth of P
	K1, K2   float32    // principal curvatures (only when the mode needs them)
	CurvOK   bool
}

// slab clips the ray o + t·d (unit d) to the box [lo, hi]; ok is false when it misses.
func slab(o, d, lo, hi mgl32.Vec3) (t0, t1 float32, ok bool) {
	t0, t1 = 0, float32(math.Inf(1))
	for a := 0; a < 3; a++ {
		if d[a] == 0 {
			if o[a] < lo[a] || o[a] > hi[a] {
				return 0, 0, false
			}
			continue
		}
		inv := 1 / d[a]
		ta, tb := (lo[a]-o[a])*inv, (hi[a]-o[a])*inv
		if ta > tb {
			ta, tb = tb, ta
		}
		t0, t1 = max(t0, ta), min(t1, tb)
	}
	return t0, t1, t0 <= t1
}
