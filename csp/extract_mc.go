package csp

import (
	"math"

	"github.com/go-gl/mathgl/mgl32"
)

// Marching cubes (table in extract_mctable.go) over cube layers i on all cores. Vertices are
// made plane by plane, in a fixed order, before the cubes that use them: the crossings of the
// k and j edges of node plane p, then those of the i edges from plane p to p+1. Their ids go
// into per-plane arrays indexed by the edge's lower node, written and read only at crossings
// (so they need no clearing), and no map is needed. A worker makes the crossings of its
// last plane again as the next worker's first: the same edges in the same order, so the
// seam is welded by offsetting one range onto the other.

// edgeClamp keeps crossings at least 1% of an edge from its ends, so a node whose value equals
// the level (counted outside) never puts several vertices on one point: triangles keep a
// positive area in float32 and distinct vertices stay distinct for welders such as admesh.
const edgeClamp = 0.01

// mcCentre is a vertex at the mean of a loop's vertices (see mcCaseT).
type mcCentre struct {
	id      uint32
	members []uint32
}

// mcPart is what one worker extracts from cube layers [i0, i1).
type mcPart struct {
	pos       []mgl32.Vec3
	clamped   []bool // per vertex: kept off a node (only when the marcher does not project)
	tris      [][3]uint32
	centres   []mcCentre
	firstEnd  int // vertices [0, firstEnd) are the crossings of plane i0's k and j edges
	lastStart int // vertices [lastStart, lastEnd) those of plane i1's
	lastEnd   int
	// Merging (marchCubes, merged): local vertex v ≥ shared becomes v + delta; a seam vertex
	// (v < shared) becomes v + seamBase, the previous part's id for it.
	shared          int
	delta, seamBase uint32
	vOff, tOff      int
}

// mcMarcher holds what every worker reads.
type mcMarcher struct {
	s       *nodes
	level   float32
	project bool // move vertices onto the offset surface here (grid fields: f on an edge is the lerp of its ends)
	// plane returns u on node plane i (n² values, k fastest): a slice of the lattice's u, or
	// buf filled on the fly (grid fields; nil for a lattice with u). span[2j], span[2j+1]
	// receive the first and last k of node row j with u < level (n, −1: none), or bounds.
	plane func(i int, buf []float32, span []int32) []float32
}

// mcEdgeSlot[e] says where cube edge e's vertex id is: array (0: k edges of plane i, 1: j
// edges of plane i, 2: k edges of plane i+1, 3: j edges of plane i+1, 4: i edges of the
// layer) and the offset (dj·n + dk, as dj, dk) of its lower node from the cube's.
var mcEdgeSlot [12]struct{ arr, dj, dk uint8 }

// initEdgeSlots fills mcEdgeSlot from the edge numbering (called by the table's init, which
// sets that numbering first: files' init functions run in name order).
func initEdgeSlots() {
	for e := 0; e < 12; e++ {
		p, ax := mcEdgeCorner[e], mcEdgeAxis[e]
		var arr uint8
		switch ax {
		case 0:
			arr = 4
		case 1:
			arr = 1 + 2*(p&1)
		default:
			arr = 2 * (p & 1)
		}
		mcEdgeSlot[e] = struct{ arr, dj, dk uint8 }{arr, p >> 1 & 1, p >> 2 & 1}
	}
}

// mcWorker is one worker's scratch: planes of u, inside spans and edge ids.
type mcWorker struct {
	*mcMarcher
	pt     *mcPart
	n      int
	stride [3]int     // node index steps along i, j, k
	ids    [5][]int32 // see mcEdgeSlot
	spare  [2][]int32
}

// vertex makes the crossing on the edge from node (i, j, k) along axis ax, with u values
// ua, ub at its ends, and returns its id. (Scalar arithmetic throughout: it runs once per
// output vertex, 10⁵–10⁶ times, and is most of the marching's own cost.)
func (w *mcWorker) vertex(i, j, k, ax int, ua, ub float32) int32 {
	s, level := w.s, w.level
	t := (level - ua) / (ub - ua)
	clamped := false
	if !(t >= edgeClamp) { // also NaN
		t, clamped = edgeClamp, true
	} else if t > 1-edgeClamp {
		t, clamped = 1-edgeClamp, true
	}
	h := s.h
	fi, fj, fk := float32(i), float32(j), float32(k)
	switch ax {
	case 0:
		fi += t
	case 1:
		fj += t
	default:
		fk += t
	}
	x, y, z := s.origin[0]+fi*h, s.origin[1]+fj*h, s.origin[2]+fk*h
	if w.project && !clamped {
		ia := 3 * ((i*w.n+j)*w.n + k)
		ib := ia + 3*w.stride[ax]
		x, y, z = projectOffset(x, y, z, s.c[ia:ia+3:ia+3], s.c[ib:ib+3:ib+3], t, level, h)
	}
	pt := w.pt
	id := int32(len(pt.pos))
	if len(pt.pos) == cap(pt.pos) {
		pt.pos = growCap(pt.pos)
	}
	pt.pos = append(pt.pos, mgl32.Vec3{x, y, z})
	if !w.project { // extractLevel moves the unclamped ones onto the offset surface
		if len(pt.clamped) == cap(pt.clamped) {
			pt.clamped = growCap(pt.clamped)
		}
		pt.clamped = append(pt.clamped, clamped)
	}
	return id
}

// planeEdges makes the crossings of plane p's k and j edges (u in pl, spans in sp) into kid, jid.
func (w *mcWorker) planeEdges(p int, pl []float32, sp []int32, kid, jid []int32) {
	n, level := w.n, w.level
	for j := 0; j < n; j++ {
		lo, hi := int(sp[2*j]), int(sp[2*j+1])
		if j+1 < n { // j edges: either end inside
			lo, hi = min(lo, int(sp[2*j+2])), max(hi, int(sp[2*j+3]))
		}
		if lo > hi {
			continue
		}
		row := pl[j*n : j*n+n]
		for k := max(lo-1, 0); k <= min(hi, n-1); k++ {
			ua := row[k]
			in := ua < level
			if k+1 < n {
				if ub := row[k+1]; (ub < level) != in {
					kid[j*n+k] = w.vertex(p, j, k, 2, ua, ub)
				}
			}
			if j+1 < n {
				if ub := pl[j*n+n+k]; (ub < level) != in {
					jid[j*n+k] = w.vertex(p, j, k, 1, ua, ub)
				}
			}
		}
	}
}

// layerEdges makes the crossings of the i edges from plane p (pl0) to p+1 (pl1) into iid.
func (w *mcWorker) layerEdges(p int, pl0, pl1 []float32, sp0, sp1 []int32, iid []int32) {
	n, level := w.n, w.level
	for j := 0; j < n; j++ {
		lo, hi := min(int(sp0[2*j]), int(sp1[2*j])), max(int(sp0[2*j+1]), int(sp1[2*j+1]))
		for k := max(lo, 0); k <= min(hi, n-1); k++ {
			ua, ub := pl0[j*n+k], pl1[j*n+k]
			if (ua < level) != (ub < level) {
				iid[j*n+k] = w.vertex(p, j, k, 0, ua, ub)
			}
		}
	}
}

// march extracts the level set u = level from cube layers [i0, i1); nodes count as inside
// when u < level (so u == level is outside).
func (m *mcMarcher) march(i0, i1 int) *mcPart {
	s, n := m.s, m.s.n
	w := &mcWorker{mcMarcher: m, pt: &mcPart{}, n: n, stride: [3]int{n * n, n, 1}}
	blocks := 0
	if g := s.cull; g != nil { // room for the expected output, so the lists rarely grow
		blocks = g.activeIn(i0, i1)
	}
	// Pooled (see extract_pool.go): marchCubes returns the lists once merged.
	w.pt.pos = poolVec3.get(0, blocksVertices*blocks)
	if !m.project {
		w.pt.clamped = poolBool.get(0, blocksVertices*blocks)
	}
	w.pt.tris = poolTri.get(0, 2*blocksVertices*blocks)
	for x := range w.ids { // stale ids are never read: each is written at its crossing first
		w.ids[x] = poolI32.get(n*n, 0)
		defer poolI32.put(w.ids[x])
	}
	level := m.level
	var bufs [2][]float32
	if s.u == nil {
		bufs = [2][]float32{poolF32.get(n*n, 0), poolF32.get(n*n, 0)}
		defer poolF32.put(bufs[0])
		defer poolF32.put(bufs[1])
	}
	var pl [2][]float32 // u on node planes i and i+1
	spans := [2][]int32{poolI32.get(2*n, 0), poolI32.get(2*n, 0)}
	defer poolI32.put(spans[0])
	defer poolI32.put(spans[1])
	var sp [2][]int32 // their rows' inside spans
	pt := w.pt
	pl[1], sp[1] = m.plane(i0, bufs[0], spans[0]), spans[0]
	w.planeEdges(i0, pl[1], sp[1], w.ids[2], w.ids[3])
	pt.firstEnd = len(pt.pos)
	for i := i0; i < i1; i++ {
		x := (i + 1 - i0) & 1
		pl[0], sp[0] = pl[1], sp[1]
		pl[1], sp[1] = m.plane(i+1, bufs[x], spans[x]), spans[x]
		w.ids[0], w.ids[1], w.ids[2], w.ids[3] = w.ids[2], w.ids[3], w.ids[0], w.ids[1]
		w.layerEdges(i, pl[0], pl[1], sp[0], sp[1], w.ids[4])
		if i == i1-1 {
			pt.lastStart = len(pt.pos)
		}
		w.planeEdges(i+1, pl[1], sp[1], w.ids[2], w.ids[3])
		if i == i1-1 {
			pt.lastEnd = len(pt.pos)
		}
		for j := 0; j < n-1; j++ {
			r := i*n + j
			// Cube k has an inside corner only if node k or k+1 of one of its four node rows
			// is inside: trim the row to those (flying edges' row trimming).
			first := min(sp[0][2*j], sp[0][2*j+2], sp[1][2*j], sp[1][2*j+2])
			last := max(sp[0][2*j+1], sp[0][2*j+3], sp[1][2*j+1], sp[1][2*j+3])
			lo, hi := max(int(s.rowLo[r]), int(first)-1), min(int(s.rowHi[r]), int(last))
			if lo > hi {
				continue
			}
			// The four node rows around cube row (i, j), trimmed to nodes lo..hi+1; corner c
			// reads row c&3 at k + c>>2.
			r0, r1 := pl[0][j*n+lo:j*n+hi+2], pl[1][j*n+lo:j*n+hi+2]
			r2, r3 := pl[0][j*n+n+lo:j*n+n+hi+2], pl[1][j*n+n+lo:j*n+n+hi+2]
			r1, r2, r3 = r1[:len(r0)], r2[:len(r0)], r3[:len(r0)] // one length: no bounds checks below
			// Slide along k (scalars, not an array: the common empty cube stays in registers):
			// the k+1 face of one cube is the k face of the next.
			a0, a1, a2, a3 := r0[0], r1[0], r2[0], r3[0]
			face := inside4(a0, a1, a2, a3, level)
			tris := pt.tris
			for x := 1; x < len(r0); x++ {
				b0, b1, b2, b3 := r0[x], r1[x], r2[x], r3[x]
				next := inside4(b0, b1, b2, b3, level)
				mask := face | next<<4
				face = next
				if mask == 0 || mask == 255 {
					a0, a1, a2, a3 = b0, b1, b2, b3
					continue
				}
				u := [8]float32{a0, a1, a2, a3, b0, b1, b2, b3}
				a0, a1, a2, a3 = b0, b1, b2, b3
				key := mask
				for _, f := range mcAmbiguous[mask] {
					q := &mcFace[f]
					a, bb, c, d := u[q[0]]-level, u[q[1]]-level, u[q[2]]-level, u[q[3]]-level
					pIn, pOut := a*c, bb*d
					if mask>>q[0]&1 == 0 {
						pIn, pOut = pOut, pIn
					}
					if pIn > pOut { // the bilinear saddle is inside: the inside corners join
						key |= 1 << (8 + f)
					}
				}
				cs := &mcTable[key]
				base := j*n + lo + x - 1 // cube k = lo + x − 1
				edge := func(e uint8) uint32 {
					sl := mcEdgeSlot[e]
					return uint32(w.ids[sl.arr][base+int(sl.dj)*n+int(sl.dk)])
				}
				var cid [4]uint32
				for ci, loop := range cs.centres {
					var ce mcCentre
					var sum mgl32.Vec3
					for _, e := range loop {
						v := edge(e)
						ce.members = append(ce.members, v)
						sum = sum.Add(pt.pos[v])
					}
					ce.id = uint32(len(pt.pos))
					cid[ci] = ce.id
					pt.pos = append(pt.pos, sum.Mul(1/float32(len(loop))))
					if !m.project {
						pt.clamped = append(pt.clamped, true)
					}
					pt.centres = append(pt.centres, ce)
				}
				for _, tr := range cs.tris {
					if len(tris) == cap(tris) {
						tris = growCap(tris)
					}
					// Written in place: building a [3]uint32 and appending it copies it whole
					// right after three narrow stores, which stalls store forwarding.
					tris = tris[:len(tris)+1]
					t := &tris[len(tris)-1]
					for v, e := range tr {
						if e >= 12 {
							t[v] = cid[e-12]
						} else {
							t[v] = edge(e)
						}
					}
				}
			}
			pt.tris = tris
		}
	}
	return pt
}

// inside4 is the mask of a cube face's four corners with u < level (bit c: corner c).
func inside4(a, b, c, d, level float32) int {
	m := 0
	if a < level {
		m |= 1
	}
	if b < level {
		m |= 2
	}
	if c < level {
		m |= 4
	}
	if d < level {
		m |= 8
	}
	return m
}

// projectOffset moves (x, y, z), at fraction t along the edge from node a to node b whose
// closest points are ca and cb, onto the offset surface at level: f there is the lerp of ca
// and cb (a grid's trilinear interpolation on its own edge). A move over a voxel keeps it.
func projectOffset(x, y, z float32, ca, cb []float32, t, level, h float32) (float32, float32, float32) {
	cx, cy, cz := ca[0]+t*(cb[0]-ca[0]), ca[1]+t*(cb[1]-ca[1]), ca[2]+t*(cb[2]-ca[2])
	dx, dy, dz := x-cx, y-cy, z-cz
	l := float32(math.Sqrt(float64(dx*dx + dy*dy + dz*dz)))
	if !(l > 0) {
		return x, y, z
	}
	r := level / l
	wx, wy, wz := cx+dx*r, cy+dy*r, cz+dz*r
	if ex, ey, ez := wx-x, wy-y, wz-z; ex*ex+ey*ey+ez*ez <= h*h {
		return wx, wy, wz
	}
	return x, y, z
}
