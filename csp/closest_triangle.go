package csp

import "math"

// triangle is a triangle prepared for closest-point queries, in float64 so that the answer is
// exact to double rounding: vertex a, edges ab = b − a and ac = c − a, and their dot products.
type triangle struct {
	a, ab, ac     vec
	d00, d01, d11 float64 // ab·ab, ab·ac, ac·ac
	// invDen is 1/(d00·d11 − d01²), the inverse squared double area; 0 marks a degenerate
	// triangle (zero area, collinear or repeated vertices) answered by its edges instead.
	invDen float64
	// The disk in the triangle's plane around its centroid m that holds it (radius rho,
	// unit normal n; n = 0 for a degenerate triangle, making the disk a ball): the distance
	// to it is a cheap lower bound that rejects most candidates before the region test.
	m, n      vec
	rho, rho2 float64
}

// degenerateSin2 is the squared sine of the angle at a below which a triangle counts as
// degenerate: its height is then under 1e-7 of its edges, far below the 1e-6 relative
// accuracy asked of the field, and its edges answer it with no division by a vanishing area.
const degenerateSin2 = 1e-14

// newTriangle prepares the triangle (a, b, c).
func newTriangle(a, b, c vec) triangle {
	t := triangle{a: a, ab: sub3(b, a), ac: sub3(c, a)}
	t.d00, t.d01, t.d11 = dot3(t.ab, t.ab), dot3(t.ab, t.ac), dot3(t.ac, t.ac)
	den := t.d00*t.d11 - t.d01*t.d01
	if den > degenerateSin2*t.d00*t.d11 && den > 0 {
		t.invDen = 1 / den
		n := cross3(t.ab, t.ac)
		t.n = madd3(vec{}, n, 1/math.Sqrt(dot3(n, n)))
	}
	t.m = vec{(a.x + b.x + c.x) / 3, (a.y + b.y + c.y) / 3, (a.z + b.z + c.z) / 3}
	t.rho2 = max(dist2(t.m, a), dist2(t.m, b), dist2(t.m, c))
	t.rho = math.Sqrt(t.rho2)
	return t
}

// farther reports whether the triangle is surely at squared distance ≥ best2 from p, by
// the distance to its enclosing disk: h along the normal, and the radial excess beyond rho.
func (t *triangle) farther(p vec, best2 float64) bool {
	v := sub3(p, t.m)
	h := dot3(v, t.n)
	h2 := h * h
	if h2 >= best2 {
		return true
	}
	r2 := dot3(v, v) - h2
	if r2 <= t.rho2 {
		return false
	}
	e := math.Sqrt(r2) - t.rho
	return h2+e*e >= best2
}

// farther reports whether the triangle is surely at squared distance ≥ best2 from p, by
// the distance to its enclosing disk, written without branches (they mispredict often).
func (t *disk) farther(p vec, best2 float64) bool {
	v := sub3(p, t.m)
	h := dot3(v, t.n)
	h2 := h * h
	e := max(math.Sqrt(max(dot3(v, v)-h2, 0))-t.rho, 0)
	return h2+e*e >= best2
}

// closest returns the point of the triangle closest to p, by the Voronoi-region test of
// Ericson, Real-Time Collision Detection, 5.1.5, with the edge dot products precomputed
// (d3 = d1 − d00 and so on, since b − p = (a − p) + ab).
func (t *triangle) closest(p vec) vec {
	if t.invDen == 0 {
		return t.closestDegenerate(p)
	}
	ap := sub3(p, t.a)
	d1, d2 := dot3(t.ab, ap), dot3(t.ac, ap)
	if d1 <= 0 && d2 <= 0 {
		return t.a // vertex region A
	}
	d3, d4 := d1-t.d00, d2-t.d01
	if d3 >= 0 && d4 <= d3 {
		return add3(t.a, t.ab) // vertex region B
	}
	vc := d1*d4 - d3*d2
	if vc <= 0 && d1 >= 0 && d3 <= 0 {
		return madd3(t.a, t.ab, d1/t.d00) // edge region AB (d1 − d3 = d00 > 0)
	}
	d5, d6 := d1-t.d01, d2-t.d11
	if d6 >= 0 && d5 <= d6 {
		return add3(t.a, t.ac) // vertex region C
	}
	vb := d5*d2 - d1*d6
	if vb <= 0 && d2 >= 0 && d6 <= 0 {
		return madd3(t.a, t.ac, d2/t.d11) // edge region AC (d2 − d6 = d11 > 0)
	}
	va := d3*d6 - d5*d4
	if va <= 0 && d4-d3 >= 0 && d5-d6 >= 0 {
		// Edge region BC; the denominator is |bc|² > 0.
		w := (d4 - d3) / ((d4 - d3) + (d5 - d6))
		b := add3(t.a, t.ab)
		return madd3(b, sub3(t.ac, t.ab), w)
	}
	// Inside the face: va + vb + vc = d00·d11 − d01², precomputed.
	v, w := vb*t.invDen, vc*t.invDen
	return madd3(madd3(t.a, t.ab, v), t.ac, w)
}

// closestDegenerate answers a triangle without area: it is the union of its three edges.
func (t *triangle) closestDegenerate(p vec) vec {
	b, c := add3(t.a, t.ab), add3(t.a, t.ac)
	best := closestOnSegment(p, t.a, b)
	bd := dist2(p, best)
	for _, s := range [2][2]vec{{t.a, c}, {b, c}} {
		q := closestOnSegment(p, s[0], s[1])
		if d := dist2(p, q); d < bd {
			best, bd = q, d
		}
	}
	return best
}

// closestOnSegment returns the point of segment [a, b] closest to p (a when a = b).
func closestOnSegment(p, a, b vec) vec {
	ab := sub3(b, a)
	l2 := dot3(ab, ab)
	if l2 == 0 {
		return a
	}
	s := dot3(sub3(p, a), ab) / l2
	if s <= 0 {
		return a
	}
	if s >= 1 {
		return b
	}
	return madd3(a, ab, s)
}

// closestBrute is the reference: Ericson's region test written with no precomputation and
// no shortcut, used by tests to check the prepared version.
func closestBrute(p, a, b, c vec) vec {
	n := cross3(sub3(b, a), sub3(c, a))
	best := closestOnSegment(p, a, b)
	for _, s := range [2][2]vec{{a, c}, {b, c}} {
		if q := closestOnSegment(p, s[0], s[1]); dist2(p, q) < dist2(p, best) {
			best = q
		}
	}
	nn := dot3(n, n)
	if nn == 0 {
		return best
	}
	// Project onto the plane and keep the projection when it falls inside (all three
	// edge-normal tests agree in sign).
	q := madd3(p, n, -dot3(sub3(p, a), n)/nn)
	e0 := dot3(cross3(sub3(b, a), sub3(q, a)), n)
	e1 := dot3(cross3(sub3(c, b), sub3(q, b)), n)
	e2 := dot3(cross3(sub3(a, c), sub3(q, c)), n)
	if e0 >= 0 && e1 >= 0 && e2 >= 0 && dist2(p, q) < dist2(p, best) {
		return q
	}
	return best
}

// vec is a float64 3-vector. A struct, not an array: the Go compiler keeps small structs in
// registers but spills every array of more than one element to memory.
type vec struct{ x, y, z float64 }

func sub3(a, b vec) vec     { return vec{a.x - b.x, a.y - b.y, a.z - b.z} }
func add3(a, b vec) vec     { return vec{a.x + b.x, a.y + b.y, a.z + b.z} }
func dot3(a, b vec) float64 { return a.x*b.x + a.y*b.y + a.z*b.z }

// madd3 returns a + s·b.
func madd3(a, b vec, s float64) vec {
	return vec{a.x + s*b.x, a.y + s*b.y, a.z + s*b.z}
}

func cross3(a, b vec) vec {
	return vec{a.y*b.z - a.z*b.y, a.z*b.x - a.x*b.z, a.x*b.y - a.y*b.x}
}

func dist2(a, b vec) float64 {
	dx, dy, dz := a.x-b.x, a.y-b.y, a.z-b.z
	return dx*dx + dy*dy + dz*dz
}
