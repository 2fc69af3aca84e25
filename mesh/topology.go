package mesh

import (
	"cmp"
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

// Analyze counts m's topological defects. Edges and twins are found by bucketing on the lowest
// vertex index and sorting each (small) bucket of packed integers: linear passes with good memory
// locality, several times faster than hash maps on a million triangles.
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
	n := len(m.Positions)
	w := weldPositions(m.Positions)
	tp.WeldedVertices = w.count
	wt := weldTriangles(m.Triangles, w.index)
	for i, t := range wt {
		if o := m.Triangles[i]; !distinct(t) || ZeroArea(m.Positions[o[0]], m.Positions[o[1]], m.Positions[o[2]]) {
			tp.DegenerateTriangles++
		}
	}
	keep, twins, dups := collapseTwins(wt, n)
	tp.ReversedTwins, tp.DuplicateTriangles = twins, dups
	tp.ReversedTwinsByIndex = twins
	if w.count != n {
		_, tp.ReversedTwinsByIndex, _ = collapseTwins(m.Triangles, n)
	}
	parts := newTriUnion(wt, keep)
	es := scanEdges(wt, keep, n, parts, wantBoundary)
	tp.Edges, tp.BoundaryEdges, tp.NonManifoldEdges, tp.InconsistentEdges = es.edges, es.boundary, es.nonManifold, es.inconsistent
	tp.Parts = parts.pieces
	tp.RawBoundaryEdges, tp.RawNonManifoldEdges = tp.BoundaryEdges, tp.NonManifoldEdges
	if twins > 0 {
		raw := scanEdges(wt, nil, n, nil, false)
		tp.RawBoundaryEdges, tp.RawNonManifoldEdges = raw.boundary, raw.nonManifold
	}
	return tp, es.segs
}

// maxAnalyzed bounds the triangle count: three edge uses per triangle must fit the uint32 bucket
// offsets, and triangle indices the 31 bits the packed items leave them.
const maxAnalyzed = 1 << 30

// validTriangles reports whether every index is in range (Analyze of a broken mesh counts nothing)
// and the counts fit the packed encodings below.
func validTriangles(m *Mesh) bool {
	return len(m.Positions) < math.MaxUint32 && len(m.Triangles) < maxAnalyzed && checkTriangleIndices(m) == nil
}

// weldResult maps each position index to the first index with the same position.
type weldResult struct {
	index []uint32
	count int // distinct positions
}

// weldPositions welds exactly equal positions (-0 equals +0) with an open-addressing hash table
// of indices (linear probing), which beats both Go maps and sorting here.
func weldPositions(pos []mgl32.Vec3) weldResult {
	w := weldResult{index: make([]uint32, len(pos))}
	size := 16
	for size < 2*len(pos) { // load factor at most 1/2 keeps probe runs short
		size *= 2
	}
	table := make([]uint32, size) // 0: empty, else position index + 1
	mask := uint64(size - 1)
	for i, p := range pos {
		k := weldKey(p)
		for slot := weldHash(k) & mask; ; slot = (slot + 1) & mask {
			e := table[slot]
			if e == 0 {
				table[slot] = uint32(i) + 1
				w.index[i] = uint32(i)
				w.count++
				break
			}
			if weldKey(pos[e-1]) == k {
				w.index[i] = e - 1
				break
			}
		}
	}
	return w
}

// weldKey is the bit pattern of a position with -0 turned into +0, so that the two weld.
func weldKey(p mgl32.Vec3) [3]uint32 {
	return [3]uint32{math.Float32bits(p[0] + 0), math.Float32bits(p[1] + 0), math.Float32bits(p[2] + 0)}
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

// ZeroArea reports whether triangle (a, b, c) has a cross product of exactly zero
// (collinear corners): Analyze's degenerate test, shared by mesh writers that must avoid them.
func ZeroArea(a, b, c mgl32.Vec3) bool {
	ux, uy, uz := float64(b[0]-a[0]), float64(b[1]-a[1]), float64(b[2]-a[2])
	vx, vy, vz := float64(c[0]-a[0]), float64(c[1]-a[1]), float64(c[2]-a[2])
	return uy*vz-uz*vy == 0 && uz*vx-ux*vz == 0 && ux*vy-uy*vx == 0
}

// SortedCorners returns the corners in increasing order (a triangle's key whatever its winding)
// and whether t is an odd permutation of them (the opposite winding).
func SortedCorners(t [3]uint32) (k [3]uint32, odd bool) {
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

// buckets is a counting sort of items by a vertex index: items of vertex v are
// start[v]..start[v+1] in the filled array.
func buckets(n int, count func(add func(v uint32))) []uint32 {
	start := make([]uint32, n+2)
	count(func(v uint32) { start[v+2]++ })
	for v := 2; v < len(start); v++ {
		start[v] += start[v-1]
	}
	return start // start[v+1] is the fill cursor of v; after filling, start[v]..start[v+1] is v's range
}

// smallSort is the bucket size up to which insertion sort beats slices.Sort.
const smallSort = 16

func sortBucket[T any](b []T, less func(x, y T) bool, cmpf func(x, y T) int) {
	if len(b) > smallSort {
		slices.SortFunc(b, cmpf)
		return
	}
	for i := 1; i < len(b); i++ {
		for j := i; j > 0 && less(b[j], b[j-1]); j-- {
			b[j], b[j-1] = b[j-1], b[j]
		}
	}
}

// twinItem is a triangle in its lowest corner's bucket: the other two corners packed, and the
// triangle index shifted left by one with the winding parity in the low bit.
type twinItem struct {
	bc uint64
	t  uint32
}

// collapseTwins groups triangles with the same corner set, pairs opposite windings as reversed
// twins and marks the later member of each pair as not kept. Triangles with repeated corners are
// kept but never paired. n bounds the corner indices.
func collapseTwins(tris [][3]uint32, n int) (keep []bool, twins, dups int) {
	keep = make([]bool, len(tris))
	start := buckets(n, func(add func(uint32)) {
		for _, t := range tris {
			if distinct(t) {
				add(min(t[0], t[1], t[2]))
			}
		}
	})
	items := make([]twinItem, start[n+1])
	for i, t := range tris {
		keep[i] = true
		if !distinct(t) {
			continue
		}
		k, odd := SortedCorners(t)
		it := twinItem{bc: uint64(k[1])<<32 | uint64(k[2]), t: uint32(i) << 1}
		if odd {
			it.t |= 1
		}
		items[start[k[0]+1]] = it
		start[k[0]+1]++
	}
	less := func(x, y twinItem) bool { return x.bc < y.bc || (x.bc == y.bc && x.t < y.t) }
	cmpf := func(x, y twinItem) int {
		if c := cmp.Compare(x.bc, y.bc); c != 0 {
			return c
		}
		return cmp.Compare(x.t, y.t)
	}
	var even, odd []uint32
	for v := 0; v < n; v++ {
		b := items[start[v]:start[v+1]]
		if len(b) < 2 {
			continue
		}
		sortBucket(b, less, cmpf)
		for i := 0; i < len(b); {
			j := i + 1
			for j < len(b) && b[j].bc == b[i].bc {
				j++
			}
			if j-i > 1 { // members come in file order: the sort breaks ties on the triangle index
				even, odd = even[:0], odd[:0]
				for _, it := range b[i:j] {
					if it.t&1 == 1 {
						odd = append(odd, it.t>>1)
					} else {
						even = append(even, it.t>>1)
					}
				}
				pairs := min(len(even), len(odd))
				twins += pairs
				for p := 0; p < pairs; p++ {
					keep[max(even[p], odd[p])] = false
				}
				dups += max(len(even)-1, 0) + max(len(odd)-1, 0)
			}
			i = j
		}
	}
	return keep, twins, dups
}

// edgeScan is the result of scanEdges.
type edgeScan struct {
	edges, boundary, nonManifold, inconsistent int
	segs                                       [][2]uint32
}

// scanEdges counts the edges of the kept (nil: all) triangles with distinct corners: each edge
// use is packed as (high vertex << 32 | triangle << 1 | direction) in its low vertex's bucket.
// When parts is not nil it joins every two triangles sharing an edge; wantSegs lists boundary edges.
func scanEdges(tris [][3]uint32, keep []bool, n int, parts *triUnion, wantSegs bool) edgeScan {
	use := func(i int, t [3]uint32) bool { return (keep == nil || keep[i]) && distinct(t) }
	start := buckets(n, func(add func(uint32)) {
		for i, t := range tris {
			if use(i, t) {
				add(min(t[0], t[1]))
				add(min(t[1], t[2]))
				add(min(t[2], t[0]))
			}
		}
	})
	items := make([]uint64, start[n+1])
	for i, t := range tris {
		if !use(i, t) {
			continue
		}
		for c := 0; c < 3; c++ {
			a, b := t[c], t[(c+1)%3]
			dir := uint64(1) // runs from the low to the high vertex
			if a > b {
				a, b, dir = b, a, 0
			}
			items[start[a+1]] = uint64(b)<<32 | uint64(i)<<1 | dir
			start[a+1]++
		}
	}
	var es edgeScan
	less := func(x, y uint64) bool { return x < y }
	for v := 0; v < n; v++ {
		b := items[start[v]:start[v+1]]
		sortBucket(b, less, cmp.Compare[uint64])
		for i := 0; i < len(b); {
			hi := b[i] >> 32
			j, dirSum := i, 0
			for ; j < len(b) && b[j]>>32 == hi; j++ {
				dirSum += int(b[j]&1)*2 - 1
				if parts != nil && j > i {
					parts.join(int32(uint32(b[i])>>1), int32(uint32(b[j])>>1))
				}
			}
			es.edges++
			switch k := j - i; {
			case k == 1:
				es.boundary++
				if wantSegs {
					es.segs = append(es.segs, [2]uint32{uint32(v), uint32(hi)})
				}
			case k > 2:
				es.nonManifold++
			case dirSum != 0:
				es.inconsistent++
			}
			i = j
		}
	}
	return es
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
