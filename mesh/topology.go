package mesh

import (
	"math"
	"slices"

	"github.com/go-gl/mathgl/mgl32"
)

// Topology counts the defects that matter when viewing or exporting a mesh. Edge counts are taken
// after welding identical positions and collapsing reversed twins to one triangle (otherwise every
// edge of a ShapeNet v2 model, whose faces are all emitted twice, looks non-manifold); the Raw
// counts keep the twins.
type Topology struct {
	Vertices, Triangles int
	// WeldedVertices is the number of distinct positions.
	WeldedVertices int
	// Edges is the number of distinct undirected edges.
	Edges int
	// BoundaryEdges are used by exactly one triangle; NonManifoldEdges by more than two.
	BoundaryEdges, NonManifoldEdges int
	// InconsistentEdges are used by two triangles that run them the same way (a flipped face).
	InconsistentEdges int
	// RawBoundaryEdges and RawNonManifoldEdges count with the reversed twins kept.
	RawBoundaryEdges, RawNonManifoldEdges int
	// ReversedTwins counts pairs of triangles over the same three positions in opposite windings.
	ReversedTwins int
	// ReversedTwinsByIndex counts such pairs over the same three position indices (no welding).
	ReversedTwinsByIndex int
	// DuplicateTriangles counts repeats of a triangle in the same winding (beyond the first).
	DuplicateTriangles int
	// DegenerateTriangles have zero area (repeated or collinear corners).
	DegenerateTriangles int
	// Parts is the number of connected pieces (triangles joined through shared edges, as admesh and
	// Open3D count them), after collapsing.
	Parts int
}

// Analyze counts m's topological defects. It runs in linear time with hash maps keyed by packed
// integers.
func Analyze(m *Mesh) Topology {
	tp, _ := analyze(m, false)
	return tp
}

// BoundaryEdges returns the boundary edges (after welding and collapsing reversed twins) as pairs
// of position indices, sorted, for the renderer to highlight.
func BoundaryEdges(m *Mesh) [][2]uint32 {
	_, segs := analyze(m, true)
	return segs
}

// DropReversedTwins returns the indices of the triangles to keep for display: all but one of each
// reversed-twin pair (the one that comes later in the file is dropped).
func DropReversedTwins(m *Mesh) []int {
	w := weldPositions(m.Positions)
	wt := weldTriangles(m.Triangles, w.index)
	keep, _, _ := collapseTwins(wt, len(m.Positions))
	out := make([]int, 0, len(keep))
	for i, k := range keep {
		if k {
			out = append(out, i)
		}
	}
	return out
}

func analyze(m *Mesh, wantBoundary bool) (Topology, [][2]uint32) {
	tp := Topology{Vertices: len(m.Positions), Triangles: len(m.Triangles)}
	if !validTriangles(m) {
		return tp, nil
	}
	w := weldPositions(m.Positions)
	tp.WeldedVertices = w.count
	wt := weldTriangles(m.Triangles, w.index)
	for i, t := range wt {
		if !distinct(t) || zeroArea(m, m.Triangles[i]) {
			tp.DegenerateTriangles++
		}
	}
	keep, twins, dups := collapseTwins(wt, len(m.Positions))
	tp.ReversedTwins, tp.DuplicateTriangles = twins, dups
	tp.ReversedTwinsByIndex = twins
	if w.count != len(m.Positions) {
		_, tp.ReversedTwinsByIndex, _ = collapseTwins(m.Triangles, len(m.Positions))
	}
	parts := newTriUnion(wt, keep)
	ec := countEdges(wt, keep, parts)
	tp.Parts = parts.pieces
	tp.Edges, tp.BoundaryEdges, tp.NonManifoldEdges, tp.InconsistentEdges = ec.summary()
	tp.RawBoundaryEdges, tp.RawNonManifoldEdges = tp.BoundaryEdges, tp.NonManifoldEdges
	if twins > 0 {
		_, tp.RawBoundaryEdges, tp.RawNonManifoldEdges, _ = countEdges(wt, nil, nil).summary()
	}
	var segs [][2]uint32
	if wantBoundary {
		for k, e := range ec {
			if e.n == 1 {
				segs = append(segs, [2]uint32{uint32(k >> 32), uint32(k)})
			}
		}
		slices.SortFunc(segs, func(a, b [2]uint32) int {
			if a[0] != b[0] {
				return int(a[0]) - int(b[0])
			}
			return int(a[1]) - int(b[1])
		})
	}
	return tp, segs
}

// validTriangles reports whether every index is in range (Analyze of a broken mesh counts nothing).
func validTriangles(m *Mesh) bool {
	return checkTriangleIndices(m) == nil && len(m.Positions) <= math.MaxUint32
}

// weldResult maps each position index to the first index with the same position.
type weldResult struct {
	index []uint32
	count int // distinct positions
}

// weldPositions welds exactly equal positions (-0 equals +0).
func weldPositions(pos []mgl32.Vec3) weldResult {
	w := weldResult{index: make([]uint32, len(pos))}
	seen := make(map[[3]uint32]uint32, len(pos))
	for i, p := range pos {
		k := [3]uint32{math.Float32bits(p[0] + 0), math.Float32bits(p[1] + 0), math.Float32bits(p[2] + 0)}
		j, ok := seen[k]
		if !ok {
			j = uint32(i)
			seen[k] = j
		}
		w.index[i] = j
	}
	w.count = len(seen)
	return w
}

// weldTriangles rewrites triangle corners to welded indices.
func weldTriangles(tris [][3]uint32, weld []uint32) [][3]uint32 {
	out := make([][3]uint32, len(tris))
	for i, t := range tris {
		out[i] = [3]uint32{weld[t[0]], weld[t[1]], weld[t[2]]}
	}
	return out
}

func distinct(t [3]uint32) bool { return t[0] != t[1] && t[1] != t[2] && t[0] != t[2] }

// zeroArea reports whether the triangle's cross product is exactly zero (collinear corners).
func zeroArea(m *Mesh, t [3]uint32) bool {
	a, b, c := m.Positions[t[0]], m.Positions[t[1]], m.Positions[t[2]]
	ux, uy, uz := float64(b[0]-a[0]), float64(b[1]-a[1]), float64(b[2]-a[2])
	vx, vy, vz := float64(c[0]-a[0]), float64(c[1]-a[1]), float64(c[2]-a[2])
	return uy*vz-uz*vy == 0 && uz*vx-ux*vz == 0 && ux*vy-uy*vx == 0
}

// sortedKey returns the corners in increasing order and whether t is an odd permutation of them
// (the opposite winding).
func sortedKey(t [3]uint32) (k [3]uint32, odd bool) {
	a, b, c := t[0], t[1], t[2]
	if a > b {
		a, b, odd = b, a, !odd
	}
	if b > c {
		b, c, odd = c, b, !odd
	}
	if a > b {
		a, b, odd = b, a, !odd
	}
	return [3]uint32{a, b, c}, odd
}

// packBits is the per-index width of a triangle key packed in a uint64: three 21-bit indices.
const packBits = 21

// collapseTwins groups triangles with the same corner set, pairs opposite windings as reversed
// twins and marks the later member of each pair as not kept. Triangles with repeated corners are
// kept but never paired. n bounds the corner indices (it chooses the packed key when it can).
func collapseTwins(tris [][3]uint32, n int) (keep []bool, twins, dups int) {
	if n <= 1<<packBits {
		return collapseTwinsBy(tris, func(k [3]uint32) uint64 {
			return uint64(k[0])<<(2*packBits) | uint64(k[1])<<packBits | uint64(k[2])
		})
	}
	return collapseTwinsBy(tris, func(k [3]uint32) [3]uint32 { return k })
}

func collapseTwinsBy[K comparable](tris [][3]uint32, key func([3]uint32) K) (keep []bool, twins, dups int) {
	keep = make([]bool, len(tris))
	group := make(map[K]int32, len(tris))
	// next chains the members of a group in file order; last holds each group's tail.
	next := make([]int32, len(tris))
	var last []int32
	var heads []int32
	for i, t := range tris {
		keep[i] = true
		next[i] = -1
		if !distinct(t) {
			continue
		}
		k, _ := sortedKey(t)
		g, ok := group[key(k)]
		if !ok {
			group[key(k)] = int32(len(heads))
			heads = append(heads, int32(i))
			last = append(last, int32(i))
			continue
		}
		next[last[g]] = int32(i)
		last[g] = int32(i)
	}
	var even, odd []int32
	for g, h := range heads {
		if h == last[g] {
			continue // a group of one: the common case
		}
		even, odd = even[:0], odd[:0]
		for t := h; t >= 0; t = next[t] {
			if _, o := sortedKey(tris[t]); o {
				odd = append(odd, t)
			} else {
				even = append(even, t)
			}
		}
		pairs := min(len(even), len(odd))
		twins += pairs
		for p := 0; p < pairs; p++ {
			keep[max(even[p], odd[p])] = false
		}
		if len(even) > 1 {
			dups += len(even) - 1
		}
		if len(odd) > 1 {
			dups += len(odd) - 1
		}
	}
	return keep, twins, dups
}

// edgeUse is how many triangles use an edge, the sum of their directions (+1 when a triangle
// runs the edge from the lower to the higher index) and the first triangle that used it.
type edgeUse struct{ n, dir, first int32 }

// edgeCounts maps packed undirected edges (low index << 32 | high index) to their use.
type edgeCounts map[uint64]edgeUse

// countEdges counts the edges of the kept (nil: all) triangles with distinct corners. When parts is
// not nil it also joins, in that union-find over triangles, every two triangles sharing an edge.
func countEdges(tris [][3]uint32, keep []bool, parts *triUnion) edgeCounts {
	ec := make(edgeCounts, len(tris)*3/2) // a closed mesh has 1.5 edges per triangle
	for i, t := range tris {
		if (keep != nil && !keep[i]) || !distinct(t) {
			continue
		}
		for c := 0; c < 3; c++ {
			a, b := t[c], t[(c+1)%3]
			d := int32(1)
			if a > b {
				a, b, d = b, a, -1
			}
			k := uint64(a)<<32 | uint64(b)
			e, ok := ec[k]
			if !ok {
				e.first = int32(i)
			} else if parts != nil {
				parts.join(e.first, int32(i))
			}
			ec[k] = edgeUse{e.n + 1, e.dir + d, e.first}
		}
	}
	return ec
}

// summary returns the number of edges, boundary, non-manifold and inconsistently wound edges.
func (ec edgeCounts) summary() (edges, boundary, nonManifold, inconsistent int) {
	for _, e := range ec {
		switch {
		case e.n == 1:
			boundary++
		case e.n > 2:
			nonManifold++
		case e.dir != 0:
			inconsistent++
		}
	}
	return len(ec), boundary, nonManifold, inconsistent
}

// triUnion is a union-find over triangles; pieces counts the sets among the triangles added.
type triUnion struct {
	parent []int32
	pieces int
}

// newTriUnion makes a union-find where each kept triangle with distinct corners is its own piece.
func newTriUnion(tris [][3]uint32, keep []bool) *triUnion {
	u := &triUnion{parent: make([]int32, len(tris))}
	for i, t := range tris {
		u.parent[i] = int32(i)
		if keep[i] && distinct(t) {
			u.pieces++
		}
	}
	return u
}

func (u *triUnion) find(x int32) int32 {
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]] // path halving
		x = u.parent[x]
	}
	return x
}

func (u *triUnion) join(a, b int32) {
	if ra, rb := u.find(a), u.find(b); ra != rb {
		u.parent[rb] = ra
		u.pieces--
	}
}
