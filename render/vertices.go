package render

import (
	"math"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/mesh"
)

// cornerKey is what makes corners at one position distinct vertices: uv and normal indices
// (−1: none) and, where the file has no normal, the bits of the computed one.
type cornerKey struct {
	t, n int32
	nb   [3]uint32
}

// expandVertices fills d's vertex arrays and indices for the kept triangles (in draw order).
// Corners sharing position, uv and normal share one vertex: each position heads a short chain
// of its vertices (usually one), which is faster than a hash map over all corners.
func expandVertices(d *MeshData, m *mesh.Mesh, keep []int, tp *topology) {
	hasUV := len(m.TriUVs) == len(m.Triangles) && len(m.UVs) > 0
	hasN := len(m.TriNormals) == len(m.Triangles) && len(m.Normals) > 0
	hasC := len(m.Colors) == len(m.Positions)
	computed := cornerNormals(m, keep, tp)

	head := make([]int32, len(m.Positions)) // first vertex of each position, −1 none
	for i := range head {
		head[i] = -1
	}
	var keys []cornerKey
	var next []int32 // next vertex of the same position, −1 none
	d.Indices = make([]uint32, 0, 3*len(keep))
	for i, t := range keep {
		tri := m.Triangles[t]
		for k := 0; k < 3; k++ {
			c := cornerKey{t: -1, n: -1}
			if hasUV {
				if ti := m.TriUVs[t][k]; ti >= 0 && int(ti) < len(m.UVs) {
					c.t = ti
				}
			}
			if hasN {
				if ni := m.TriNormals[t][k]; ni >= 0 && int(ni) < len(m.Normals) {
					c.n = ni
				}
			}
			n := computed[3*i+k]
			if c.n >= 0 {
				n = m.Normals[c.n]
			} else {
				c.nb = [3]uint32{math.Float32bits(n[0]), math.Float32bits(n[1]), math.Float32bits(n[2])}
			}
			p := tri[k]
			v := head[p]
			for v >= 0 && keys[v] != c {
				v = next[v]
			}
			if v < 0 {
				v = int32(len(keys))
				keys = append(keys, c)
				next = append(next, head[p])
				head[p] = v
				pos := m.Positions[p]
				d.Positions = append(d.Positions, pos[0], pos[1], pos[2])
				d.Normals = append(d.Normals, n[0], n[1], n[2])
				if hasUV {
					var uv mgl32.Vec2
					if c.t >= 0 {
						uv = m.UVs[c.t]
					}
					d.UVs = append(d.UVs, uv[0], uv[1])
				}
				if hasC {
					col := m.Colors[p]
					d.Colors = append(d.Colors, col[0], col[1], col[2])
				}
			}
			d.Indices = append(d.Indices, uint32(v))
		}
	}
}
