package render

import (
	"math"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/mesh"
)

// creaseCos is the cosine of the crease angle: faces meeting at more than 40° keep a hard
// edge (CAD parts, STL boxes), gentler bends are smoothed (scanned and subdivided surfaces,
// UV-sphere seams). 40° sits between Blender's 30° auto-smooth and MeshLab's 60°.
var creaseCos = float32(math.Cos(40 * math.Pi / 180))

// cornerNormals returns an area-weighted smooth normal for every corner of the kept
// triangles (3 per entry of keep, in keep order). The faces around a vertex are found through
// welded positions, so seams where a file repeats a vertex shade smoothly, and only faces
// within the crease angle of the corner's own face contribute. Zero where normals cancel.
func cornerNormals(m *mesh.Mesh, keep []int, tp *topology) []mgl32.Vec3 {
	area := make([]mgl32.Vec3, len(m.Triangles)) // unnormalised: length is twice the area
	unit := make([]mgl32.Vec3, len(m.Triangles))
	for t, tri := range m.Triangles {
		if !tp.kept[t] {
			continue
		}
		a, b, c := m.Positions[tri[0]], m.Positions[tri[1]], m.Positions[tri[2]]
		n := b.Sub(a).Cross(c.Sub(a))
		l := n.Len()
		if l > 0 && l < float32(math.Inf(1)) { // false for NaN too
			area[t], unit[t] = n, n.Mul(1/l)
		}
	}
	out := make([]mgl32.Vec3, 3*len(keep))
	for i, t := range keep {
		own := unit[t]
		for k, v := range tp.wtri[t] {
			var sum mgl32.Vec3
			for _, f := range tp.around(v) {
				// A face's own area always counts; kept neighbours only across gentle bends.
				if int(f) == t || (tp.kept[f] && own.Dot(unit[f]) >= creaseCos) {
					sum = sum.Add(area[f])
				}
			}
			if l := sum.Len(); l > 0 {
				sum = sum.Mul(1 / l)
			}
			out[3*i+k] = sum
		}
	}
	return out
}
