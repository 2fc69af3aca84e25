package render

import (
	"fmt"
	"math/bits"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/mesh"
)

// MeshData is a mesh expanded into GPU-ready arrays. PrepareMesh builds it on any goroutine
// (a background job); UploadMesh turns it into a MeshPass on the GL thread.
type MeshData struct {
	Positions []float32 // xyz per vertex
	Normals   []float32 // xyz per vertex, smooth (may be zero where a normal cancelled out)
	UVs       []float32 // uv per vertex; nil when the mesh has none
	Colors    []float32 // linear rgb per vertex; nil when the mesh has none
	Indices   []uint32  // three per drawn triangle, sorted by material
	TriFlags  []uint8   // per drawn triangle: bit k set when edge (k, k+1) is a boundary edge
	Groups    []DrawGroup
	Materials []mesh.Material
	Lines     []float32 // xyz pairs of the mesh's OBJ `l` segments

	Lo, Hi        mgl32.Vec3 // bounding box of the positions
	Dropped       int        // triangles not drawn: reversed twins, duplicates, index-degenerate
	BoundaryEdges int        // edges used by exactly one drawn triangle
}

// DrawGroup is a run of triangles drawn with one material (Material −1: the style colour).
type DrawGroup struct {
	Material     int32
	First, Count int // in triangles
}

// PrepareMesh expands m's per-corner attributes into vertex arrays, drops reversed twins and
// degenerate triangles, computes smooth normals where the mesh has none, marks boundary edges
// and sorts triangles by material. It touches no GL.
func PrepareMesh(m *mesh.Mesh) (*MeshData, error) {
	name := m.Source
	if name == "" {
		name = "mesh"
	}
	if len(m.Triangles) == 0 {
		return nil, fmt.Errorf("render: %s: no triangles to draw", name)
	}
	np := uint32(len(m.Positions))
	for t, tri := range m.Triangles {
		for _, i := range tri {
			if i >= np {
				return nil, fmt.Errorf("render: %s: triangle %d: position index %d out of range (%d positions)", name, t, i, np)
			}
		}
	}
	d := &MeshData{Materials: m.Materials}
	d.Lo, d.Hi, _ = m.Bounds()

	tp := newTopology(m, d.Lo, d.Hi)
	keep := make([]int, 0, len(m.Triangles))
	for t, k := range tp.kept {
		if k {
			keep = append(keep, t)
		}
	}
	d.Dropped = len(m.Triangles) - len(keep)
	if len(keep) == 0 {
		return nil, fmt.Errorf("render: %s: all %d triangles are degenerate", name, len(m.Triangles))
	}
	keep, d.Groups = sortByMaterial(m, keep)
	d.TriFlags = make([]uint8, len(keep))
	for i, t := range keep {
		b := tp.boundaryBits(t)
		d.TriFlags[i] = b
		d.BoundaryEdges += bits.OnesCount8(b)
	}
	expandVertices(d, m, keep, tp)
	for _, l := range m.Lines {
		if l[0] < np && l[1] < np {
			a, b := m.Positions[l[0]], m.Positions[l[1]]
			d.Lines = append(d.Lines, a[0], a[1], a[2], b[0], b[1], b[2])
		}
	}
	return d, nil
}

// sortByMaterial orders the kept triangles by material (stable, counting sort) and returns
// the draw groups. Out-of-range material indices draw with the style colour.
func sortByMaterial(m *mesh.Mesh, keep []int) ([]int, []DrawGroup) {
	nm := len(m.Materials)
	matOf := func(t int) int {
		if t < len(m.TriMaterial) {
			if mi := int(m.TriMaterial[t]); mi >= 0 && mi < nm {
				return mi + 1
			}
		}
		return 0 // bucket 0: no material
	}
	count := make([]int, nm+2)
	for _, t := range keep {
		count[matOf(t)+1]++
	}
	for i := 1; i < len(count); i++ {
		count[i] += count[i-1]
	}
	var groups []DrawGroup
	for b := 0; b <= nm; b++ {
		if n := count[b+1] - count[b]; n > 0 {
			groups = append(groups, DrawGroup{Material: int32(b - 1), First: count[b], Count: n})
		}
	}
	sorted := make([]int, len(keep))
	for _, t := range keep {
		b := matOf(t)
		sorted[count[b]] = t
		count[b]++
	}
	return sorted, groups
}
