package render

import (
	"fmt"
	"math"

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

	welded := weldPositions(m.Positions, d.Lo, d.Hi)
	keep := keptTriangles(m, welded)
	d.Dropped = len(m.Triangles) - len(keep)
	if len(keep) == 0 {
		return nil, fmt.Errorf("render: %s: all %d triangles are degenerate", name, len(m.Triangles))
	}
	keep, d.Groups = sortByMaterial(m, keep)
	d.TriFlags, d.BoundaryEdges = boundaryFlags(keep, m.Triangles, welded)
	expandVertices(d, m, keep, welded)
	for _, l := range m.Lines {
		if l[0] < np && l[1] < np {
			a, b := m.Positions[l[0]], m.Positions[l[1]]
			d.Lines = append(d.Lines, a[0], a[1], a[2], b[0], b[1], b[2])
		}
	}
	return d, nil
}

// weldPositions gives each position the id of the first position with the same quantised
// coordinates, so twins and edges are found even where a file repeats a vertex.
func weldPositions(pos []mgl32.Vec3, lo, hi mgl32.Vec3) []uint32 {
	// 2^-21 of the box diagonal: far below any modelled feature, above float32 noise of
	// coordinates written out and read back.
	cell := float64(hi.Sub(lo).Len()) / (1 << 21)
	if cell == 0 || math.IsNaN(cell) || math.IsInf(cell, 0) {
		cell = 1
	}
	type key [3]int64
	seen := make(map[key]uint32, len(pos))
	ids := make([]uint32, len(pos))
	for i, p := range pos {
		var k key
		for c := 0; c < 3; c++ {
			k[c] = int64(math.Round(float64(p[c]-lo[c]) / cell))
		}
		if j, ok := seen[k]; ok {
			ids[i] = j
		} else {
			seen[k] = uint32(i)
			ids[i] = uint32(i)
		}
	}
	return ids
}

// keptTriangles returns the triangles to draw: the first of each set of triangles on the same
// three welded corners (a reversed twin is drawn once: two-sided lighting shows both sides),
// and none whose welded corners coincide.
func keptTriangles(m *mesh.Mesh, welded []uint32) []int {
	seen := make(map[[3]uint32]struct{}, len(m.Triangles))
	keep := make([]int, 0, len(m.Triangles))
	for t, tri := range m.Triangles {
		a, b, c := welded[tri[0]], welded[tri[1]], welded[tri[2]]
		if a == b || b == c || a == c {
			continue
		}
		// Sort the corners: a triangle and its reversed twin share the sorted triple.
		if a > b {
			a, b = b, a
		}
		if b > c {
			b, c = c, b
		}
		if a > b {
			a, b = b, a
		}
		k := [3]uint32{a, b, c}
		if _, dup := seen[k]; dup {
			continue
		}
		seen[k] = struct{}{}
		keep = append(keep, t)
	}
	return keep
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

// boundaryFlags marks, per drawn triangle, the edges no other drawn triangle shares.
func boundaryFlags(keep []int, tris [][3]uint32, welded []uint32) ([]uint8, int) {
	type use struct {
		n   int32
		ref int32 // tri*3+edge of the first user
	}
	edges := make(map[uint64]use, len(keep)*3/2)
	for i, t := range keep {
		tri := tris[t]
		for k := 0; k < 3; k++ {
			a, b := welded[tri[k]], welded[tri[(k+1)%3]]
			if a > b {
				a, b = b, a
			}
			key := uint64(a)<<32 | uint64(b)
			u := edges[key]
			if u.n == 0 {
				u.ref = int32(i*3 + k)
			}
			u.n++
			edges[key] = u
		}
	}
	flags := make([]uint8, len(keep))
	n := 0
	for _, u := range edges {
		if u.n == 1 {
			flags[u.ref/3] |= 1 << (u.ref % 3)
			n++
		}
	}
	return flags, n
}
