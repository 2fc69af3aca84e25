package csp

import (
	"fmt"
	"math"

	"github.com/go-gl/mathgl/mgl32"
)

// MaxGridDim is the largest grid side accepted: 256³ closest points take 192 MiB as float32,
// 1024 allows rectangular studies while keeping any one allocation bounded.
const MaxGridDim = 1024

// Grid is a CSP field baked on a regular grid: node (i, j, k) sits at
// Origin + Spacing·(i, j, k) (x along i) and holds that node's closest surface point.
// Between nodes the closest points are interpolated trilinearly; points outside the grid
// are clamped onto its box first. Storage is float32, or float16 when Half is set.
type Grid struct {
	Dims    [3]int
	Origin  mgl32.Vec3
	Spacing float32
	f32     []float32 // [i][j][k][3], C order; nil when half
	f16     []uint16  // the same layout as IEEE half floats; nil when float32
}

// NewGrid makes a grid of dims nodes (each 2..MaxGridDim) filled with zeros.
func NewGrid(dims [3]int, origin mgl32.Vec3, spacing float32, half bool) (*Grid, error) {
	for _, d := range dims {
		if d < 2 || d > MaxGridDim {
			return nil, fmt.Errorf("grid dimensions %v: each must be in 2..%d", dims, MaxGridDim)
		}
	}
	if !(spacing > 0) || math.IsInf(float64(spacing), 0) {
		return nil, fmt.Errorf("grid spacing %v: must be positive and finite", spacing)
	}
	g := &Grid{Dims: dims, Origin: origin, Spacing: spacing}
	n := dims[0] * dims[1] * dims[2] * 3
	if half {
		g.f16 = make([]uint16, n)
	} else {
		g.f32 = make([]float32, n)
	}
	return g, nil
}

// Half reports whether the grid stores float16 values.
func (g *Grid) Half() bool { return g.f16 != nil }

// index is the offset of node (i, j, k)'s x component.
func (g *Grid) index(i, j, k int) int { return ((i*g.Dims[1]+j)*g.Dims[2] + k) * 3 }

// Node returns the position of node (i, j, k).
func (g *Grid) Node(i, j, k int) mgl32.Vec3 {
	return g.Origin.Add(mgl32.Vec3{float32(i), float32(j), float32(k)}.Mul(g.Spacing))
}

// At returns the closest point stored at node (i, j, k).
func (g *Grid) At(i, j, k int) mgl32.Vec3 {
	o := g.index(i, j, k)
	if g.f16 != nil {
		return mgl32.Vec3{HalfToFloat(g.f16[o]), HalfToFloat(g.f16[o+1]), HalfToFloat(g.f16[o+2])}
	}
	return mgl32.Vec3{g.f32[o], g.f32[o+1], g.f32[o+2]}
}

// Set stores the closest point of node (i, j, k) (rounded to half when the grid is half).
func (g *Grid) Set(i, j, k int, v mgl32.Vec3) {
	o := g.index(i, j, k)
	if g.f16 != nil {
		g.f16[o], g.f16[o+1], g.f16[o+2] = FloatToHalf(v[0]), FloatToHalf(v[1]), FloatToHalf(v[2])
		return
	}
	g.f32[o], g.f32[o+1], g.f32[o+2] = v[0], v[1], v[2]
}

// Data returns the closest points as float32 in [i][j][k][3] C order (k fastest) and the
// dims, ready for a 3D texture whose width runs along k. For a float32 grid it is the
// grid's own storage (do not modify); a half grid is converted into a new slice.
func (g *Grid) Data() ([]float32, [3]int) {
	if g.f16 == nil {
		return g.f32, g.Dims
	}
	out := make([]float32, len(g.f16))
	for i, h := range g.f16 {
		out[i] = HalfToFloat(h)
	}
	return out, g.Dims
}

// HalfData returns the float16 storage (nil for a float32 grid).
func (g *Grid) HalfData() []uint16 { return g.f16 }

// Bounds returns the box spanned by the grid's nodes.
func (g *Grid) Bounds() (lo, hi mgl32.Vec3) {
	hi = g.Node(g.Dims[0]-1, g.Dims[1]-1, g.Dims[2]-1)
	return g.Origin, hi
}

// cellOf returns the cell holding p (its lowest node) and p's fractions within it; points
// outside the grid, and NaN, are clamped onto it.
func (g *Grid) cellOf(p mgl32.Vec3) (cell [3]int, frac [3]float32) {
	for a := 0; a < 3; a++ {
		u := (p[a] - g.Origin[a]) / g.Spacing
		top := float32(g.Dims[a] - 1)
		if !(u > 0) { // also catches NaN
			u = 0
		} else if u > top {
			u = top
		}
		i := min(int(u), g.Dims[a]-2)
		cell[a], frac[a] = i, u-float32(i)
	}
	return cell, frac
}

// ClosestPoints implements Field by trilinear interpolation of the stored closest points.
func (g *Grid) ClosestPoints(ps, out []mgl32.Vec3) {
	for n, p := range ps {
		i0, t := g.cellOf(p)
		var acc mgl32.Vec3
		for c := 0; c < 8; c++ {
			w := float32(1)
			var d [3]int
			for a := 0; a < 3; a++ {
				if c>>a&1 == 1 {
					d[a], w = 1, w*t[a]
				} else {
					w *= 1 - t[a]
				}
			}
			if w != 0 {
				acc = acc.Add(g.At(i0[0]+d[0], i0[1]+d[1], i0[2]+d[2]).Mul(w))
			}
		}
		out[n] = acc
	}
}
