package csp

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/mesh"
)

// ExtractMode selects how Extract turns a field into a mesh.
type ExtractMode int

const (
	// ExtractOpen gives one sheet (dual contouring on CSP crossings), for open and closed shapes.
	ExtractOpen ExtractMode = iota
	// ExtractShell gives a closed, manifold solid: the offset surface u = Thickness.
	ExtractShell
	// ExtractMCEpsilon is the baseline the literature uses on unsigned fields: marching the
	// level set u = ε (Thickness, default DefaultEpsilonVoxels voxels), a double layer.
	ExtractMCEpsilon
)

// DefaultEpsilonVoxels is the baseline's ε in voxels. A tenth of a voxel keeps the two layers
// of u = ε close to the surface (Chamfer error ≈ ε); a larger ε makes a thicker double sheet,
// a smaller one leaves more holes where no node lies within ε of the surface.
const DefaultEpsilonVoxels = 0.1

// ErrNoSurface is returned when the field has no surface in its box at the resolution asked.
var ErrNoSurface = errors.New("no surface found")

// ParseExtractMode reads "open", "shell" or "mc" (the u = ε baseline).
func ParseExtractMode(s string) (ExtractMode, error) {
	switch s {
	case "open":
		return ExtractOpen, nil
	case "shell":
		return ExtractShell, nil
	case "mc", "mc-eps":
		return ExtractMCEpsilon, nil
	}
	return 0, fmt.Errorf("mode %q: want open, shell or mc", s)
}

// String names the mode as ParseExtractMode reads it.
func (m ExtractMode) String() string {
	return [...]string{"open", "shell", "mc"}[m]
}

// ExtractOptions configure Extract.
type ExtractOptions struct {
	Mode ExtractMode
	// Res is the number of lattice nodes per axis (0: a *Grid field's own nodes, else 128).
	Res int
	// Thickness is the shell's offset (0: one voxel), or the baseline's ε (0: 0.1 voxel).
	Thickness float32
	// Dense evaluates every node instead of refining an octree (for comparisons).
	Dense bool
	// Progress, when set, is told the stage and its progress (done of total).
	Progress func(stage string, done, total int)
}

// ExtractStats reports what an extraction did.
type ExtractStats struct {
	Res       int
	Voxel     float32 // lattice spacing
	Level     float32 // level of the shell / baseline (0 in open mode)
	Evaluated int     // field queries on the lattice
	// FieldError is the field's measured error (|f(f(p)) − f(p)|, 90th percentile over the
	// box; 0 for a grid's own nodes, taken as exact).
	FieldError float32
	// Warning, when not empty, says in one line why the mesh may disappoint (a shell thinner
	// than the field's error breaks into pieces).
	Warning string
	// MinThickness, when not 0, is the shell thickness the warning suggests.
	MinThickness float32
}

// latticeJitter shifts a field's lattice off its box's centre by a few hundredths of a voxel
// (incommensurate per axis), so symmetric test shapes (a plane through the centre) do not put
// nodes exactly on the surface, where the normal is undefined.
var latticeJitter = mgl32.Vec3{0.0137, 0.0291, 0.0443}

// shellErrors: a shell should be at least this many field errors thick (see Extract).
const shellErrors = 3

// defaultRes is the lattice resolution when none is given.
const defaultRes = 128

// Extract meshes f's surface as o asks. A *Grid field with Res 0 (or equal to its side) is
// used at its own nodes. It returns ErrNoSurface (wrapped) when the box holds no surface,
// and refuses up front a resolution whose memory estimate exceeds the memory available.
func Extract(ctx context.Context, f Field, o ExtractOptions) (*mesh.Mesh, ExtractStats, error) {
	var st ExtractStats
	g, isGrid := f.(*Grid)
	useGrid := isGrid && g.Dims[0] == g.Dims[1] && g.Dims[1] == g.Dims[2] && (o.Res == 0 || o.Res == g.Dims[0])
	res := o.Res
	if useGrid {
		res = g.Dims[0]
	} else if res == 0 {
		res = defaultRes
	}
	if res < 4 || res > MaxGridDim {
		return nil, st, fmt.Errorf("resolution %d out of range 4..%d", res, MaxGridDim)
	}
	if err := CheckExtractMemory(res); err != nil {
		return nil, st, err
	}
	progress := func(stage string) func(done, total int) {
		if o.Progress == nil {
			return nil
		}
		return func(d, t int) { o.Progress(stage, d, t) }
	}
	// The voxel size is known before sampling: from the grid, or from the box.
	var origin mgl32.Vec3
	var h float32
	if useGrid {
		origin, h = g.Origin, g.Spacing
	} else {
		lo, hi := f.Bounds()
		pad := o.Thickness // room for the offset surface
		if o.Mode != ExtractShell {
			pad = 0
		}
		if pad < 0 || math.IsNaN(float64(pad)) || math.IsInf(float64(pad), 0) {
			return nil, st, fmt.Errorf("thickness %v: must be finite and not negative", o.Thickness)
		}
		p := mgl32.Vec3{pad, pad, pad}
		blo, bhi := BakeBox(lo.Sub(p), hi.Add(p), res)
		h = (bhi[0] - blo[0]) / float32(res-1)
		origin = blo.Add(latticeJitter.Mul(h))
		if !(h > 0) || math.IsInf(float64(h), 0) {
			return nil, st, fmt.Errorf("field bounds %v..%v: not a finite box", lo, hi)
		}
	}
	level := o.Thickness
	switch o.Mode {
	case ExtractShell:
		if level == 0 {
			level = h
		}
	case ExtractMCEpsilon:
		if level == 0 {
			level = DefaultEpsilonVoxels * h
		}
	case ExtractOpen:
		level = h // nodes within a voxel of the surface hold all crossing edges
	}
	if !(level > 0) || math.IsInf(float64(level), 0) {
		return nil, st, fmt.Errorf("thickness %v: must be positive and finite", o.Thickness)
	}
	var s *nodes
	if useGrid {
		s = nodesFromGrid(g)
		defer s.releaseScratch()
	} else {
		s = newNodes(res, origin, h, nil)
	}
	if !s.fromGrid {
		lo, hi := f.Bounds()
		e, err := fieldError(ctx, f, lo, hi)
		if err != nil {
			return nil, st, err
		}
		st.FieldError = e
		switch o.Mode {
		case ExtractOpen:
			s.tol = e
			level += 2 * e // crossing edges have u ≤ h + 2·tol at both ends
		case ExtractShell:
			// The offset surface of a field is only as good as its distances: a shell thinner
			// than a few errors breaks into blobs (a network's u near its surface is noise).
			if level < shellErrors*e {
				st.MinThickness = shellErrors * e
				st.Warning = fmt.Sprintf("the field's error (%.3g) is over a third of the shell's thickness (%.3g): the shell may break into pieces; a thickness of %.3g or a coarser lattice holds together", e, level, shellErrors*e)
			}
		}
	}
	refineLevel := level
	if o.Dense {
		refineLevel = float32(math.Inf(1))
	}
	if s.fromGrid {
		if o.Mode == ExtractOpen {
			s.refineGrid(refineLevel * crossSlack) // crossing edges have u < crossSlack·h at both ends
		} else {
			s.refineGrid(refineLevel)
		}
	} else if err := s.refine(ctx, f, refineLevel, progress("sampling")); err != nil {
		return nil, st, err
	}
	var m *mesh.Mesh
	var err error
	if o.Mode == ExtractOpen {
		if s.tol > standoffMinVoxels*h {
			if err := s.standoffNormals(ctx, f, h*crossSlack+2*s.tol, progress("directions")); err != nil {
				return nil, st, err
			}
		}
		m, err = extractOpen(ctx, f, s, progress("contouring"))
	} else {
		st.Level = level
		m, err = extractLevel(ctx, f, s, level, progress("marching"))
	}
	st.Res, st.Voxel, st.Evaluated = res, h, s.evaluated
	if err != nil {
		return nil, st, err
	}
	if len(m.Triangles) == 0 {
		return nil, st, fmt.Errorf("%w in the field's box at resolution %d (voxel %.3g)", ErrNoSurface, res, h)
	}
	return m, st, nil
}

// extractLevel marches u = level and moves each vertex exactly onto the offset surface,
// f(v) + level·(v − f(v))/|v − f(v)| (except vertices clamped off a node, kept in place so
// they stay distinct, and moves over a voxel, a sign the field is not exact there). On a
// grid's own nodes f on a lattice edge is the lerp of its ends, applied while marching.
func extractLevel(ctx context.Context, f Field, s *nodes, level float32, progress func(int, int)) (*mesh.Mesh, error) {
	if s.u != nil {
		closeBoundary(s)
	}
	pos, clamped, tris, centres := marchCubes(s, level, s.fromGrid)
	if s.cull != nil {
		s.evaluated += int(s.cull.count.Load())
	}
	if progress != nil {
		progress(1, 2)
	}
	if len(tris) == 0 {
		return &mesh.Mesh{}, nil
	}
	if !s.fromGrid {
		cs := make([]mgl32.Vec3, len(pos))
		if err := evalParallel(ctx, f, pos, cs); err != nil {
			return nil, err
		}
		parallelRange(len(pos), func(lo, hi int) {
			for i := lo; i < hi; i++ {
				if clamped[i] {
					continue
				}
				d := pos[i].Sub(cs[i])
				l := d.Len()
				if !(l > 0) {
					continue
				}
				v := cs[i].Add(d.Mul(level / l))
				if v.Sub(pos[i]).Len() <= s.h {
					pos[i] = v
				}
			}
		})
	}
	for _, c := range centres {
		var sum mgl32.Vec3
		for _, v := range c.members {
			sum = sum.Add(pos[v])
		}
		pos[c.id] = sum.Mul(1 / float32(len(c.members)))
	}
	if progress != nil {
		progress(2, 2)
	}
	return &mesh.Mesh{Positions: pos, Triangles: tris}, nil
}

// closeBoundary marks the lattice's outer nodes far, so a level set that would leave the box
// is capped there and the result stays closed.
func closeBoundary(s *nodes) {
	n := s.n
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			for _, k := range [...]int{0, n - 1} {
				s.u[s.idx(i, j, k)] = farU
				s.u[s.idx(i, k, j)] = farU
				s.u[s.idx(k, i, j)] = farU
			}
		}
	}
}
