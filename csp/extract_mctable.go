package csp

import "slices"

// Marching-cubes table with consistent face decisions. Cube corner c has offset
// (c&1, c>>1&1, c>>2&1) in (i, j, k). A face whose inside corners lie on a diagonal is
// ambiguous; the asymptotic decider (Nielson & Hamann) chooses whether its inside corners
// join, from the face's four values only, so both cubes on the face decide alike. The table
// is built, not typed: the face arcs of a case form closed loops on the cube's boundary (each
// crossing edge lies on two faces, one arc per face), and each loop is triangulated as a disk.
// The surface is then a closed 2-manifold: every vertex's triangles go once around its edge,
// and no triangulation diagonal joins two vertices of one face (the neighbour across that
// face could use the same pair), so every edge has exactly two triangles.

// mcEdge is cube edge e: lower corner mcEdgeCorner[e] and axis mcEdgeAxis[e]; edges are
// numbered by axis·4 + the lower corner's two other bits.
var mcEdgeCorner, mcEdgeAxis [12]uint8

// mcFace lists each face's corners in cyclic order (a, b, c, d: a and c opposite), for the
// decider, and its edges; face f has axis f/2 and side f&1.
var mcFace [6][4]uint8

// mcCaseT is one case: triangles as three vertices each, counter-clockwise seen from outside
// (u > level); vertex v < 12 is the crossing on cube edge v, v ≥ 12 the centre of loop
// centres[v−12] (a few loops on ambiguous faces have no triangulation without a diagonal
// across such a face, which the neighbour might use too; they are fanned around a centre).
type mcCaseT struct {
	tris    [][3]uint8
	centres [][]uint8
}

// mcTable[mask | faceBits<<8] is the case for inside corners mask (u < level); faceBits has
// bit f set when face f is ambiguous and joins its inside corners.
var mcTable [256 * 64]mcCaseT

// mcAmbiguous[mask] lists the ambiguous faces of a case.
var mcAmbiguous [256][]uint8

// mcEdgeOf returns the edge joining corners p and q (adjacent).
func mcEdgeOf(p, q uint8) uint8 {
	lo, d := min(p, q), p^q
	a := uint8(0)
	for d>>a != 1 {
		a++
	}
	// The two bits of lo other than a, in order.
	var rest uint8
	b := uint8(0)
	for x := uint8(0); x < 3; x++ {
		if x != a {
			rest |= (lo >> x & 1) << b
			b++
		}
	}
	return a*4 + rest
}

func init() {
	for e := uint8(0); e < 12; e++ {
		a, rest := e/4, e%4
		var c uint8
		b := uint8(0)
		for x := uint8(0); x < 3; x++ {
			if x != a {
				c |= (rest >> b & 1) << x
				b++
			}
		}
		mcEdgeCorner[e], mcEdgeAxis[e] = c, a
	}
	initEdgeSlots()
	for f := 0; f < 6; f++ {
		a, side := uint8(f/2), uint8(f&1)
		u, v := (a+1)%3, (a+2)%3
		base := side << a
		// Counter-clockwise seen from outside: the normal is +a on side 1 and −a on side 0.
		q := [4]uint8{base, base | 1<<u, base | 1<<u | 1<<v, base | 1<<v}
		if side == 0 {
			q[1], q[3] = q[3], q[1]
		}
		mcFace[f] = q
	}
	for mask := 0; mask < 256; mask++ {
		for f := uint8(0); f < 6; f++ {
			q := mcFace[f]
			in := func(c uint8) bool { return mask>>c&1 == 1 }
			if in(q[0]) == in(q[2]) && in(q[1]) == in(q[3]) && in(q[0]) != in(q[1]) {
				mcAmbiguous[mask] = append(mcAmbiguous[mask], f)
			}
		}
		for bits := 0; bits < 64; bits++ {
			if bits&^ambiguousBits(mask) != 0 {
				continue // only the ambiguous faces' bits are ever set
			}
			mcTable[mask|bits<<8] = mcCase(uint8(mask), uint8(bits))
		}
	}
}

func ambiguousBits(mask int) int {
	b := 0
	for _, f := range mcAmbiguous[mask] {
		b |= 1 << f
	}
	return b
}

// mcCase builds one case: arcs on each face run from an exit edge (inside → outside going
// counter-clockwise) to an entry edge, keeping the inside on their left seen from outside.
func mcCase(mask, bits uint8) mcCaseT {
	in := func(c uint8) bool { return mask>>c&1 == 1 }
	next := [12]int8{}
	for e := range next {
		next[e] = -1
	}
	for f := uint8(0); f < 6; f++ {
		q := mcFace[f]
		var exits, entries []uint8 // edge m of the face joins q[m], q[m+1]
		for m := 0; m < 4; m++ {
			a, b := q[m], q[(m+1)%4]
			switch {
			case in(a) && !in(b):
				exits = append(exits, uint8(m))
			case !in(a) && in(b):
				entries = append(entries, uint8(m))
			}
		}
		edge := func(m uint8) uint8 { return mcEdgeOf(q[m], q[(m+1)%4]) }
		switch len(exits) {
		case 1:
			next[edge(exits[0])] = int8(edge(entries[0]))
		case 2:
			join := bits>>f&1 == 1
			for _, x := range exits {
				// Separate: cut off the inside corner q[x] (exit x → entry x−1).
				// Join: cut off the outside corner q[x+1] (exit x → entry x+1).
				y := (x + 3) % 4
				if join {
					y = (x + 1) % 4
				}
				next[edge(x)] = int8(edge(y))
			}
		}
	}
	var c mcCaseT
	seen := [12]bool{}
	for start := uint8(0); start < 12; start++ {
		if next[start] < 0 || seen[start] {
			continue
		}
		var loop []uint8
		for e := start; !seen[e]; e = uint8(next[e]) {
			seen[e] = true
			loop = append(loop, e)
		}
		slices.Reverse(loop) // arcs keep the inside on their left: the loop runs clockwise seen from outside
		t, ok := triangulateLoop(loop, mask)
		if !ok {
			v := uint8(12 + len(c.centres))
			c.centres = append(c.centres, loop)
			t = t[:0]
			for x := range loop {
				t = append(t, [3]uint8{loop[x], loop[(x+1)%len(loop)], v})
			}
		}
		c.tris = append(c.tris, t...)
	}
	return c
}

// mcShareAmbiguousFace reports whether cube edges a and b lie on one face that is ambiguous
// in case mask.
func mcShareAmbiguousFace(a, b, mask uint8) bool {
	for _, f := range mcAmbiguous[mask] {
		if mcFaceHasEdges(f, a, b) {
			return true
		}
	}
	return false
}

// mcShareFace reports whether cube edges a and b lie on one face.
func mcShareFace(a, b uint8) bool {
	for f := uint8(0); f < 6; f++ {
		if mcFaceHasEdges(f, a, b) {
			return true
		}
	}
	return false
}

// mcFaceHasEdges reports whether cube edges a and b both bound face f.
func mcFaceHasEdges(f, a, b uint8) bool {
	var na, nb bool
	q := mcFace[f]
	for m := 0; m < 4; m++ {
		e := mcEdgeOf(q[m], q[(m+1)%4])
		na = na || e == a
		nb = nb || e == b
	}
	return na && nb
}

// triangulateLoop splits a loop into triangles in its winding, using no diagonal between two
// edges of one ambiguous face (found by search; loops have at most 12 vertices). On a face
// that is not ambiguous the only two crossings are joined by the face's arc, never a diagonal.
func triangulateLoop(loop []uint8, mask uint8) ([][3]uint8, bool) {
	m := len(loop)
	if m < 3 {
		return nil, false
	}
	if m == 3 {
		return [][3]uint8{{loop[0], loop[1], loop[2]}}, true
	}
	ok := func(a, b uint8) bool { return !mcShareAmbiguousFace(a, b, mask) }
	// Triangle (loop[0], loop[x], loop[m−1]) splits the rest into two smaller loops.
	for x := 1; x < m-1; x++ {
		if x > 1 && !ok(loop[0], loop[x]) || x < m-2 && !ok(loop[x], loop[m-1]) {
			continue
		}
		var tris [][3]uint8
		good := true
		if x > 1 {
			t, k := triangulateLoop(loop[:x+1], mask)
			good = k
			tris = append(tris, t...)
		}
		if good && x < m-2 {
			t, k := triangulateLoop(loop[x:], mask)
			good = k
			tris = append(tris, t...)
		}
		if good {
			return append(tris, [3]uint8{loop[0], loop[x], loop[m-1]}), true
		}
	}
	return nil, false
}
