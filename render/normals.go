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
// triangles (3 per kept triangle, in keep order). The faces around a vertex are found through
// welded positions, so seams where a file repeats a vertex shade smoothly, and only faces
// within the crease angle of the corner's own face contribute. Zero where normals cancel.
func cornerNormals(m *mesh.Mesh, keep []int, welded []uint32) []mgl32.Vec3 {
	area := make([]mgl32.Vec3, len(keep)) // unnormalised: length is twice the area
	unit := make([]mgl32.Vec3, len(keep))
	for i, t := range keep {
		tri := m.Triangles[t]
		a, b, c := m.Positions[tri[0]], m.Positions[tri[1]], m.Positions[tri[2]]
		n := b.Sub(a).Cross(c.Sub(a))
		l := n.Len()
		if l > 0 && l == l && l < float32(math.Inf(1)) {
			area[i], unit[i] = n, n.Mul(1/l)
		}
	}
	// Faces around each welded vertex, compressed rows: start[v]..start[v+1] in faces.
	start := make([]int32, len(m.Positions)+1)
	for _, t := range keep {
		for _, p := range m.Triangles[t] {
			start[welded[p]+1]++
		}
	}
	for v := 1; v < len(start); v++ {
		start[v] += start[v-1]
	}
	faces := make([]int32, start[len(start)-1])
	fill := append([]int32(nil), start[:len(start)-1]...)
	for i, t := range keep {
		for _, p := range m.Triangles[t] {
			v := welded[p]
			faces[fill[v]] = int32(i)
			fill[v]++
		}
	}
	out := make([]mgl32.Vec3, 3*len(keep))
	for i, t := range keep {
		own := unit[i]
		for k, p := range m.Triangles[t] {
			v := welded[p]
			var sum mgl32.Vec3
			for _, f := range faces[start[v]:start[v+1]] {
				// A face's own area always counts; neighbours only across gentle bends.
				if int(f) == i || own.Dot(unit[f]) >= creaseCos {
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
