package render

import (
	"math"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/mesh"
)

// topology is what the mesh pass needs to know about connectivity, computed once with flat
// arrays (no hash maps) so that meshes of millions of triangles prepare in about a second.
type topology struct {
	welded []uint32    // per position: id of the first position with the same quantised coordinates
	wtri   [][3]uint32 // per triangle: welded corners
	kept   []bool      // per triangle: drawn (not degenerate, not a twin or duplicate of an earlier one)
	// start/faces: compressed rows of the non-degenerate triangles around each welded vertex.
	start []int32
	faces []int32
}

// newTopology welds positions, lists the triangles around each vertex and marks the triangles
// to draw: the first of each set on the same three welded corners (a reversed twin is drawn once,
// two-sided lighting shows both sides) and none whose welded corners coincide.
func newTopology(m *mesh.Mesh, lo, hi mgl32.Vec3) *topology {
	tp := &topology{welded: weldPositions(m.Positions, lo, hi)}
	tp.wtri = make([][3]uint32, len(m.Triangles))
	tp.kept = make([]bool, len(m.Triangles))
	tp.start = make([]int32, len(m.Positions)+1)
	for t, tri := range m.Triangles {
		w := [3]uint32{tp.welded[tri[0]], tp.welded[tri[1]], tp.welded[tri[2]]}
		tp.wtri[t] = w
		if w[0] != w[1] && w[1] != w[2] && w[0] != w[2] {
			tp.kept[t] = true
			for _, v := range w {
				tp.start[v+1]++
			}
		}
	}
	for v := 1; v < len(tp.start); v++ {
		tp.start[v] += tp.start[v-1]
	}
	tp.faces = make([]int32, tp.start[len(tp.start)-1])
	fill := append([]int32(nil), tp.start[:len(tp.start)-1]...)
	for t, w := range tp.wtri {
		if tp.kept[t] {
			for _, v := range w {
				tp.faces[fill[v]] = int32(t)
				fill[v]++
			}
		}
	}
	// Rows list triangles in increasing order, so an earlier same-corner triangle is found first.
	for t, w := range tp.wtri {
		if !tp.kept[t] {
			continue
		}
		for _, f := range tp.around(w[0]) {
			if int(f) >= t {
				break
			}
			if sameCorners(tp.wtri[f], w) {
				tp.kept[t] = false
				break
			}
		}
	}
	return tp
}

// around returns the non-degenerate triangles using welded vertex v, in increasing order.
func (tp *topology) around(v uint32) []int32 { return tp.faces[tp.start[v]:tp.start[v+1]] }

// sameCorners reports whether two triangles of distinct corners use the same three corners,
// in either winding.
func sameCorners(a, b [3]uint32) bool {
	for _, c := range a {
		if c != b[0] && c != b[1] && c != b[2] {
			return false
		}
	}
	return true
}

// boundaryBits returns, for kept triangle t, bit k set when its edge (k, k+1) is used by no
// other kept triangle.
func (tp *topology) boundaryBits(t int) uint8 {
	var bits uint8
	w := tp.wtri[t]
	for k := 0; k < 3; k++ {
		a, b := w[k], w[(k+1)%3]
		shared := false
		for _, f := range tp.around(a) {
			if int(f) == t || !tp.kept[f] {
				continue
			}
			o := tp.wtri[f]
			if o[0] == b || o[1] == b || o[2] == b {
				shared = true
				break
			}
		}
		if !shared {
			bits |= 1 << k
		}
	}
	return bits
}

// weldPositions gives each position the id of the first position with the same quantised
// coordinates, so twins and edges are found even where a file repeats a vertex. It uses an
// open-addressing table of position indices: a Go map keyed by coordinates is several times slower.
func weldPositions(pos []mgl32.Vec3, lo, hi mgl32.Vec3) []uint32 {
	// 2^-21 of the box diagonal: far below any modelled feature, above float32 noise of
	// coordinates written out and read back.
	cell := float64(hi.Sub(lo).Len()) / (1 << 21)
	if cell == 0 || math.IsNaN(cell) || math.IsInf(cell, 0) {
		cell = 1
	}
	keys := make([][3]int64, len(pos))
	for i, p := range pos {
		for c := 0; c < 3; c++ {
			keys[i][c] = int64(math.Round(float64(p[c]-lo[c]) / cell))
		}
	}
	size := 1
	for size < 2*len(pos) { // load factor at most 1/2 keeps probe chains short
		size <<= 1
	}
	table := make([]int32, size)
	for i := range table {
		table[i] = -1
	}
	ids := make([]uint32, len(pos))
	for i, k := range keys {
		// FNV-style mixing of the three quantised coordinates.
		h := uint64(14695981039346656037)
		for _, c := range k {
			h = (h ^ uint64(c)) * 1099511628211
		}
		h ^= h >> 29
		slot := int(h) & (size - 1)
		for {
			j := table[slot]
			if j < 0 {
				table[slot] = int32(i)
				ids[i] = uint32(i)
				break
			}
			if keys[j] == k {
				ids[i] = uint32(j)
				break
			}
			slot = (slot + 1) & (size - 1)
		}
	}
	return ids
}
