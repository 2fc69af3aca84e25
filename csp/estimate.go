package csp

import (
	"math"

	"github.com/go-gl/mathgl/mgl32"
)

// Distance estimate of a baked grid for sphere tracing, free of false surfaces.
//
// Trilinear interpolation of closest points is right only where the 8 corners of a cell see
// the same sheet of surface. Between two sheets (say two plates 1.5 voxels apart) the corners
// on one side hold points of one sheet and the others points of the other; the interpolated
// point then sweeps across the gap and |p − f(p)| vanishes midway: a phantom sheet. So each
// cell's corners are split once into groups that agree on one sheet: corners i and j agree
// when each one's closest point lies on the other's tangent plane (within agreeVoxels). A cell
// with one group is trusted: plain trilinear interpolation. Otherwise each group is
// interpolated on its own (trilinear weights renormalised over the group), every group's
// point lies on its own sheet, and the estimate is the distance to the nearest of them,
// clamped from below by the grid's 1-Lipschitz bound max_i(u_i − |p − x_i|). Tangent planes
// are not extended: a corner whose closest point is a sheet's boundary (an open plate's rim)
// has a normal in the rim's normal cone, and its plane would close the gap like a curtain.
// shaders/field.frag.glsl mirrors this code line by line: change both together.

const (
	// agreeVoxels is how far (in voxels) one corner's closest point may lie off another
	// corner's tangent plane for the two to count as one sheet. Half a voxel: curvature of a
	// sheet spanning a cell bends it by about h²/(2R), far less for any R above a voxel,
	// while two distinct sheets in one cell are at least about a voxel apart (nodes between
	// them see different sheets only if the gap exceeds roughly a voxel).
	agreeVoxels = 0.5
	// onSurfaceVoxels: a node closer than this (in voxels) to its closest point lies on the
	// surface and has no usable normal.
	onSurfaceVoxels = 1e-6
	// normalPrecision: a node's normal (x − c)/u is trusted only where u is this many times the
	// rounding error of the stored c, so its direction is good to about 0.1 rad. It matters for
	// float16 grids, whose points are rounded by up to 2⁻¹² of their magnitude: nodes a few
	// hundredths of a voxel off the surface would otherwise get random normals and split cells.
	normalPrecision = 10
	// minGroupWeight: below this total trilinear weight a group's corners are all on the far
	// side of the cell from p and renormalising would divide by (nearly) zero.
	minGroupWeight = 1e-6
)

// SafeGrid is a Grid seen through the false-surface-free distance estimate: a Field whose
// closest points are interpolated only in cells whose corners agree on one sheet.
type SafeGrid struct{ *Grid }

// NewSafeGrid wraps g.
func NewSafeGrid(g *Grid) SafeGrid { return SafeGrid{g} }

// ClosestPoints implements Field with the estimate of every point.
func (s SafeGrid) ClosestPoints(ps, out []mgl32.Vec3) {
	var cc CellCache
	for i, p := range ps {
		out[i], _ = s.Estimate(p, &cc)
	}
}

// CellCache holds the corners of the last cell an estimate used, so consecutive queries in
// one cell (a ray's last steps) fetch nothing. The zero value is an empty cache.
type CellCache struct {
	valid  bool
	cell   [3]int
	x, c   [8]mgl32.Vec3 // corner positions and closest points
	u      [8]float32    // corner distances
	group  [8]int        // the group of each corner, numbered from 0 in order of appearance
	groups int
}

// Trusted reports whether the cached cell's corners all agreed on one sheet (plain
// trilinear interpolation used).
func (cc *CellCache) Trusted() bool { return cc.groups == 1 }

// Groups returns the number of sheets the cached cell's corners were split into.
func (cc *CellCache) Groups() int { return cc.groups }

// Estimate returns the estimated closest point and distance at p (points outside the grid
// use its boundary cell). cc may be nil.
func (s SafeGrid) Estimate(p mgl32.Vec3, cc *CellCache) (c mgl32.Vec3, u float32) {
	g := s.Grid
	if cc == nil {
		cc = &CellCache{}
	}
	cell, f := g.cellOf(p)
	if !cc.valid || cc.cell != cell {
		s.loadCell(cell, cc)
	}
	var sum [8]mgl32.Vec3
	var wsum [8]float32
	for k := 0; k < 8; k++ {
		w := float32(1)
		for a := 0; a < 3; a++ {
			if k>>a&1 == 1 {
				w *= f[a]
			} else {
				w *= 1 - f[a]
			}
		}
		gi := cc.group[k]
		sum[gi] = sum[gi].Add(cc.c[k].Mul(w))
		wsum[gi] += w
	}
	if cc.groups == 1 {
		return sum[0], p.Sub(sum[0]).Len()
	}
	u = float32(math.Inf(1))
	for gi := 0; gi < cc.groups; gi++ {
		var cg mgl32.Vec3
		if wsum[gi] > minGroupWeight {
			cg = sum[gi].Mul(1 / wsum[gi])
		} else { // p sits on the far side of the cell from every member: their mean
			n := float32(0)
			for k := 0; k < 8; k++ {
				if cc.group[k] == gi {
					cg, n = cg.Add(cc.c[k]), n+1
				}
			}
			cg = cg.Mul(1 / n)
		}
		if d := p.Sub(cg).Len(); d < u {
			u, c = d, cg
		}
	}
	lower := float32(0)
	for k := 0; k < 8; k++ {
		lower = max(lower, cc.u[k]-p.Sub(cc.x[k]).Len())
	}
	if lower > u { // the nearest group's point is nearer than the surface can be: push it off
		c = p.Sub(p.Sub(c).Mul(lower / u))
		u = lower
	}
	return c, u
}

// OnSurfaceDistance is the distance below which a node counts as lying on the surface, with
// no normal: the larger of onSurfaceVoxels and normalPrecision times the storage rounding.
func (s SafeGrid) OnSurfaceDistance() float32 {
	g := s.Grid
	lo, hi := g.Bounds()
	m := float32(0)
	for a := 0; a < 3; a++ {
		m = max(m, abs32(lo[a]), abs32(hi[a]))
	}
	rel := float32(1.0 / (1 << 25)) // float32: half an ulp is 2⁻²⁴ of the value, rounded up to 2⁻²⁵·2
	if g.Half() {
		rel = 1.0 / (1 << 12) // float16: 10 mantissa bits, half an ulp is 2⁻¹¹ of the value's 2^e ≤ |v|
	}
	return max(onSurfaceVoxels*g.Spacing, normalPrecision*rel*m)
}

// loadCell fetches the 8 corners of cell into cc and groups them by sheet.
func (s SafeGrid) loadCell(cell [3]int, cc *CellCache) {
	g := s.Grid
	cc.valid, cc.cell = true, cell
	tiny := s.OnSurfaceDistance()
	var n [8]mgl32.Vec3 // unit normals, zero for corners on the surface
	for k := 0; k < 8; k++ {
		i, j, l := cell[0]+k&1, cell[1]+k>>1&1, cell[2]+k>>2&1
		cc.x[k], cc.c[k] = g.Node(i, j, l), g.At(i, j, l)
		d := cc.x[k].Sub(cc.c[k])
		cc.u[k] = d.Len()
		n[k] = mgl32.Vec3{}
		if cc.u[k] > tiny {
			n[k] = d.Mul(1 / cc.u[k])
		}
	}
	tol := agreeVoxels * g.Spacing
	var agree [8]uint32 // bit j of agree[i]: corners i and j see one sheet
	for i := 0; i < 8; i++ {
		for j := 0; j < 8; j++ {
			if abs32(cc.c[j].Sub(cc.c[i]).Dot(n[i])) < tol && abs32(cc.c[i].Sub(cc.c[j]).Dot(n[j])) < tol {
				agree[i] |= 1 << j
			}
		}
	}
	var members [8]uint32
	cc.groups = 0
	for k := 0; k < 8; k++ {
		gi := 0
		for gi < cc.groups && agree[k]&members[gi] != members[gi] {
			gi++
		}
		if gi == cc.groups {
			cc.groups++
		}
		members[gi] |= 1 << k
		cc.group[k] = gi
	}
}
