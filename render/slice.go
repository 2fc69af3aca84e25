package render

import (
	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/csp"
)

// SliceDistance is the CPU twin of shaders/slice.frag.glsl's u: the trilinear blend of the
// exact distances |x − f(x)| at the 8 nodes of p's cell (clamped to the grid).
func SliceDistance(g *csp.Grid, p mgl32.Vec3) float32 {
	var cell [3]int
	var f [3]float32
	for a := 0; a < 3; a++ {
		x := (p[a] - g.Origin[a]) / g.Spacing
		c := int(x)
		if x < 0 {
			c = int(x) - 1 // floor
		}
		c = min(max(c, 0), g.Dims[a]-2)
		cell[a] = c
		f[a] = min(max(x-float32(c), 0), 1)
	}
	var u float32
	for k := 0; k < 8; k++ {
		o := [3]int{k & 1, k >> 1 & 1, k >> 2 & 1}
		w := float32(1)
		for a := 0; a < 3; a++ {
			if o[a] == 1 {
				w *= f[a]
			} else {
				w *= 1 - f[a]
			}
		}
		i, j, l := cell[0]+o[0], cell[1]+o[1], cell[2]+o[2]
		u += w * g.Node(i, j, l).Sub(g.At(i, j, l)).Len()
	}
	return u
}

// arrowHead is the length of an arrow's head as a fraction of the arrow, and its half width.
const arrowHead, arrowHalfWidth = 0.2, 0.08

// SliceArrows returns line segments (endpoint pairs) of n×n arrows on the plane x[axis] = pos
// inside [lo, hi]: from each plane point to its closest point on f's surface, with a small
// head drawn in the plane of the arrow and the slice normal. Points on the surface get none.
func SliceArrows(f csp.Field, lo, hi mgl32.Vec3, axis int, pos float32, n int) []mgl32.Vec3 {
	if n <= 0 || axis < 0 || axis > 2 {
		return nil
	}
	a, b := (axis+1)%3, (axis+2)%3
	ps := make([]mgl32.Vec3, 0, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			var p mgl32.Vec3
			p[axis] = pos
			// Cell centres: no arrow starts on the box's edge.
			p[a] = lo[a] + (hi[a]-lo[a])*(float32(i)+0.5)/float32(n)
			p[b] = lo[b] + (hi[b]-lo[b])*(float32(j)+0.5)/float32(n)
			ps = append(ps, p)
		}
	}
	cs := make([]mgl32.Vec3, len(ps))
	f.ClosestPoints(ps, cs)
	var normal mgl32.Vec3
	normal[axis] = 1
	segs := make([]mgl32.Vec3, 0, 6*len(ps))
	for i, p := range ps {
		c := cs[i]
		d := c.Sub(p)
		l := d.Len()
		if !(l > 1e-12) || l != l {
			continue
		}
		segs = append(segs, p, c)
		// The head's sideways direction: across the arrow, in the plane it spans with the
		// slice normal (or any perpendicular when the arrow is along the normal).
		side := d.Cross(normal)
		if side.Len() < 1e-6*l {
			side = d.Cross(mgl32.Vec3{normal[1], normal[2], normal[0]})
		}
		side = side.Normalize().Mul(arrowHalfWidth * l)
		back := c.Sub(d.Mul(arrowHead))
		segs = append(segs, c, back.Add(side), c, back.Sub(side))
	}
	return segs
}
