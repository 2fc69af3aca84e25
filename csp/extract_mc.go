package csp

import (
	"math"
	"runtime"
	"sync"

	"github.com/go-gl/mathgl/mgl32"
)

// Marching cubes (table in extract_mctable.go) over cube layers i on all cores. Each lattice
// edge is named by its lower node and axis; a vertex is made once per edge, and its id is kept
// in per-plane arrays (edges whose lower node lies in plane i), so no map is needed: a worker
// keeps the current and the next plane, and the seams between workers are welded afterwards.

// edgeClamp keeps crossings at least 1% of an edge from its ends, so a node whose value equals
// the level (counted outside) never puts several vertices on one point: triangles keep a
// positive area in float32 and distinct vertices stay distinct for welders such as admesh.
const edgeClamp = 0.01

// mcSlab maps the edges whose lower node lies in one i-plane to vertex ids (−1: none).
type mcSlab struct {
	v       []int32 // (j·n + k)·3 + axis
	touched []int32
}

func newMCSlab(n int) *mcSlab {
	s := &mcSlab{v: make([]int32, n*n*3)}
	for i := range s.v {
		s.v[i] = -1
	}
	return s
}

func (s *mcSlab) reset() {
	for _, t := range s.touched {
		s.v[t] = -1
	}
	s.touched = s.touched[:0]
}

// mcCentre is a vertex at the mean of a loop's vertices (see mcCaseT).
type mcCentre struct {
	id      uint32
	members []uint32
}

// mcPart is what one worker extracts from cube layers [i0, i1).
type mcPart struct {
	pos         []mgl32.Vec3
	clamped     []bool
	tris        [][3]uint32
	centres     []mcCentre
	first, last *mcSlab
	remap       []uint32 // local vertex id → merged id
	nNew        int      // vertices not shared with the previous part
	vOff, tOff  int
}

// mcMarcher holds what every worker reads.
type mcMarcher struct {
	s       *nodes
	level   float32
	project bool // move vertices onto the offset surface here (grid fields: f on an edge is the lerp of its ends)
	stride  [3]int
	// plane returns u on node plane i (n² values, k fastest): a slice of the lattice's u, or
	// buf filled on the fly (grid fields; nil for a lattice with u). span[2j], span[2j+1]
	// receive the first and last k of node row j with u < level (n, −1: none), or bounds.
	plane func(i int, buf []float32, span []int32) []float32
}

// march extracts the level set u = level from cube layers [i0, i1); nodes count as inside
// when u < level (so u == level is outside).
func (m *mcMarcher) march(i0, i1 int) *mcPart {
	s, n := m.s, m.s.n
	pt := &mcPart{}
	cur, nxt := newMCSlab(n), newMCSlab(n)
	pt.first = cur
	var spare *mcSlab
	level := m.level
	var bufs [2][]float32
	if s.u == nil {
		bufs = [2][]float32{make([]float32, n*n), make([]float32, n*n)}
	}
	var pl [2][]float32 // u on node planes i and i+1
	spans := [2][]int32{make([]int32, 2*n), make([]int32, 2*n)}
	var sp [2][]int32 // their rows' inside spans
	vertex := func(i, j, k int, e uint8) uint32 {
		p, ax := mcEdgeCorner[e], int(mcEdgeAxis[e])
		sl := cur
		if p&1 == 1 {
			sl = nxt
		}
		pj, pk := int(p>>1&1), int(p>>2&1)
		in := (j+pj)*n + (k + pk)
		key := in*3 + ax
		if v := sl.v[key]; v >= 0 {
			return uint32(v)
		}
		ua, ub := pl[p&1][in], float32(0)
		switch ax {
		case 0:
			ub = pl[1][in]
		case 1:
			ub = pl[p&1][in+n]
		default:
			ub = pl[p&1][in+1]
		}
		ia := (i+int(p&1))*n*n + in
		ib := ia + m.stride[ax]
		t := (level - ua) / (ub - ua)
		clamped := false
		if !(t >= edgeClamp) { // also NaN
			t, clamped = edgeClamp, true
		} else if t > 1-edgeClamp {
			t, clamped = 1-edgeClamp, true
		}
		v := mgl32.Vec3{float32(i + int(p&1)), float32(j + pj), float32(k + pk)}
		v[ax] += t
		v = s.origin.Add(v.Mul(s.h))
		if m.project && !clamped {
			v = projectOffset(v, s.c[3*ia:3*ia+3], s.c[3*ib:3*ib+3], t, level, s.h)
		}
		id := int32(len(pt.pos))
		pt.pos = append(pt.pos, v)
		pt.clamped = append(pt.clamped, clamped)
		sl.v[key] = id
		sl.touched = append(sl.touched, int32(key))
		return uint32(id)
	}
	var u [8]float32
	pl[1], sp[1] = m.plane(i0, bufs[0], spans[0]), spans[0]
	for i := i0; i < i1; i++ {
		x := (i + 1 - i0) & 1
		pl[0], sp[0] = pl[1], sp[1]
		pl[1], sp[1] = m.plane(i+1, bufs[x], spans[x]), spans[x]
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
			// The four node rows around cube row (i, j); corner c reads row c&3 at k + c>>2.
			rows := [4][]float32{pl[0][j*n : j*n+n], pl[1][j*n : j*n+n], pl[0][j*n+n : j*n+2*n], pl[1][j*n+n : j*n+2*n]}
			// Slide along k: the k+1 face of one cube is the k face of the next.
			var face int
			for c := 0; c < 4; c++ {
				u[4+c] = rows[c][lo]
				if u[4+c] < level {
					face |= 1 << c
				}
			}
			for k := lo; k <= hi; k++ {
				mask := face
				u[0], u[1], u[2], u[3] = u[4], u[5], u[6], u[7]
				face = 0
				for c := 0; c < 4; c++ {
					u[4+c] = rows[c][k+1]
					if u[4+c] < level {
						face |= 1 << c
					}
				}
				mask |= face << 4
				if mask == 0 || mask == 255 {
					continue
				}
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
				var cid [4]uint32
				for x, loop := range cs.centres {
					var ce mcCentre
					var sum mgl32.Vec3
					for _, e := range loop {
						v := vertex(i, j, k, e)
						ce.members = append(ce.members, v)
						sum = sum.Add(pt.pos[v])
					}
					ce.id = uint32(len(pt.pos)) // after the members, which may be new
					cid[x] = ce.id
					pt.pos = append(pt.pos, sum.Mul(1/float32(len(loop))))
					pt.clamped = append(pt.clamped, true)
					pt.centres = append(pt.centres, ce)
				}
				for _, tr := range cs.tris {
					var t [3]uint32
					for v, e := range tr {
						if e >= 12 {
							t[v] = cid[e-12]
						} else {
							t[v] = vertex(i, j, k, e)
						}
					}
					pt.tris = append(pt.tris, t)
				}
			}
		}
		if i == i1-1 {
			break
		}
		// Rotate: the next plane becomes current; keep the first plane for the seam weld.
		old := cur
		cur = nxt
		if old == pt.first {
			if spare == nil {
				spare = newMCSlab(n)
			}
			nxt = spare
		} else {
			old.reset()
			nxt = old
		}
	}
	pt.last = nxt
	return pt
}

// projectOffset moves v, at fraction t along the edge from node a to node b whose closest
// points are ca and cb, onto the offset surface at level: f(v) is the lerp of ca and cb (a
// grid's trilinear interpolation on its own edge). A move over a voxel keeps v.
func projectOffset(v mgl32.Vec3, ca, cb []float32, t, level, h float32) mgl32.Vec3 {
	c := mgl32.Vec3{ca[0] + t*(cb[0]-ca[0]), ca[1] + t*(cb[1]-ca[1]), ca[2] + t*(cb[2]-ca[2])}
	d := v.Sub(c)
	l := float32(math.Sqrt(float64(d[0]*d[0] + d[1]*d[1] + d[2]*d[2])))
	if !(l > 0) {
		return v
	}
	w := c.Add(d.Mul(level / l))
	if e := w.Sub(v); e[0]*e[0]+e[1]*e[1]+e[2]*e[2] <= h*h {
		return w
	}
	return v
}

// marchCubes runs march on all cores, welds the seams between workers' layer ranges and
// merges the parts (vertex and triangle offsets first, then parallel copies).
func marchCubes(s *nodes, level float32, project bool) (pos []mgl32.Vec3, clamped []bool, tris [][3]uint32, centres []mcCentre) {
	m := &mcMarcher{s: s, level: level, project: project, stride: [3]int{s.n * s.n, s.n, 1}}
	m.plane = func(i int, _ []float32, span []int32) []float32 {
		for j := 0; j < s.n; j++ {
			span[2*j], span[2*j+1] = 0, int32(s.n-1)
		}
		return s.u[i*s.n*s.n : (i+1)*s.n*s.n]
	}
	if s.u == nil {
		m.plane = func(i int, buf []float32, span []int32) []float32 { return s.gridPlane(i, buf, span, level) }
	}
	bounds := layerSplit(s, runtime.GOMAXPROCS(0))
	parts := make([]*mcPart, len(bounds)-1)
	var wg sync.WaitGroup
	for t := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts[t] = m.march(bounds[t], bounds[t+1])
		}()
	}
	wg.Wait()
	nv, nt := 0, 0
	for t, pt := range parts {
		pt.remap = make([]uint32, len(pt.pos))
		shared := make([]bool, len(pt.pos))
		if t > 0 { // the first plane's vertices are the previous part's last plane's
			prev := parts[t-1]
			for _, key := range pt.first.touched {
				if v := prev.last.v[key]; v >= 0 {
					l := pt.first.v[key]
					pt.remap[l], shared[l] = prev.remap[v], true
				}
			}
		}
		pt.vOff, pt.tOff = nv, nt
		for i := range pt.pos {
			if !shared[i] {
				pt.remap[i] = uint32(nv)
				nv++
			}
		}
		nt += len(pt.tris)
	}
	pos = make([]mgl32.Vec3, nv)
	clamped = make([]bool, nv)
	tris = make([][3]uint32, nt)
	for _, pt := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, p := range pt.pos {
				if g := pt.remap[i]; int(g) >= pt.vOff {
					pos[g], clamped[g] = p, pt.clamped[i]
				}
			}
			for i, tr := range pt.tris {
				tris[pt.tOff+i] = [3]uint32{pt.remap[tr[0]], pt.remap[tr[1]], pt.remap[tr[2]]}
			}
		}()
	}
	wg.Wait()
	for _, pt := range parts {
		for _, c := range pt.centres {
			g := mcCentre{id: pt.remap[c.id]}
			for _, v := range c.members {
				g.members = append(g.members, pt.remap[v])
			}
			centres = append(centres, g)
		}
	}
	return pos, clamped, tris, centres
}

// cornerPos is cube corner c's offset as a vector.
func cornerPos(c uint8) [3]float64 {
	return [3]float64{float64(c & 1), float64(c >> 1 & 1), float64(c >> 2 & 1)}
}

// layerCost is a cube layer's fixed cost in cubes scanned: its node plane and row set-up.
const layerCost = 64

// layerSplit cuts the cube layers into up to w ranges of about equal work (cubes in the rows'
// ranges, plus layerCost per layer), so one worker does not get the whole shape: bounds[t],
// bounds[t+1] delimit range t, and every range holds at least one layer.
func layerSplit(s *nodes, w int) []int {
	n, cells := s.n, s.n-1
	w = max(1, min(w, cells))
	cost := make([]int, cells+1) // prefix sums
	for i := 0; i < cells; i++ {
		c := layerCost
		for j := 0; j < cells; j++ {
			if r := i*n + j; s.rowHi[r] >= s.rowLo[r] {
				c += int(s.rowHi[r]-s.rowLo[r]) + 1
			}
		}
		cost[i+1] = cost[i] + c
	}
	bounds := []int{0}
	for t := 1; t < w; t++ {
		goal := cost[cells] * t / w
		i := bounds[len(bounds)-1] + 1
		for i < cells && cost[i] < goal {
			i++
		}
		if i < cells {
			bounds = append(bounds, i)
		}
	}
	return append(bounds, cells)
}
