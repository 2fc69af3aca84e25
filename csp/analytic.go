package csp

import (
	"math"

	"github.com/go-gl/mathgl/mgl32"
)

// Analytic fields with exact closest points, for tests and demos. Computations run in
// float64 so f(f(p)) = f(p) holds to float32 rounding. Where the closest point is not
// unique (a sphere's centre, a torus's axis) one of the closest points is returned.

// Sphere is the sphere of radius Radius around Center.
type Sphere struct {
	Center mgl32.Vec3
	Radius float32
}

// ClosestPoints implements Field.
func (s Sphere) ClosestPoints(ps, out []mgl32.Vec3) {
	c := v64(s.Center)
	for i, p := range ps {
		d := sub3(v64(p), c)
		out[i] = v32(madd3(c, unitOr(d, vec{1, 0, 0}), float64(s.Radius)))
	}
}

// Bounds implements Field.
func (s Sphere) Bounds() (lo, hi mgl32.Vec3) {
	r := mgl32.Vec3{s.Radius, s.Radius, s.Radius}
	return s.Center.Sub(r), s.Center.Add(r)
}

// Plane is the infinite plane through Point with normal Normal; Lo and Hi bound the part
// shown (Bounds), the field itself is exact everywhere.
type Plane struct {
	Point, Normal mgl32.Vec3
	Lo, Hi        mgl32.Vec3
}

// ClosestPoints implements Field.
func (s Plane) ClosestPoints(ps, out []mgl32.Vec3) {
	o, n := v64(s.Point), unitOr(v64(s.Normal), vec{0, 0, 1})
	for i, p := range ps {
		q := v64(p)
		out[i] = v32(madd3(q, n, -dot3(sub3(q, o), n)))
	}
}

// Bounds implements Field.
func (s Plane) Bounds() (lo, hi mgl32.Vec3) { return s.Lo, s.Hi }

// Disk is the flat disk of radius Radius around Center, normal Normal, with its rim (an open
// surface: the closest point of a point beyond the rim lies on the rim).
type Disk struct {
	Center, Normal mgl32.Vec3
	Radius         float32
}

// ClosestPoints implements Field.
func (s Disk) ClosestPoints(ps, out []mgl32.Vec3) {
	c, n := v64(s.Center), unitOr(v64(s.Normal), vec{0, 0, 1})
	for i, p := range ps {
		q := v64(p)
		v := sub3(q, c)
		radial := madd3(v, n, -dot3(v, n)) // in the plane
		if r := math.Sqrt(dot3(radial, radial)); r > float64(s.Radius) {
			radial = madd3(vec{}, radial, float64(s.Radius)/r)
		}
		out[i] = v32(add3(c, radial))
	}
}

// Bounds implements Field.
func (s Disk) Bounds() (lo, hi mgl32.Vec3) { return roundBounds(s.Center, s.Normal, s.Radius, 0) }

// Cylinder is an open tube (no caps) of radius Radius around the axis through Center along
// Axis, from −HalfHeight to +HalfHeight.
type Cylinder struct {
	Center, Axis mgl32.Vec3
	Radius       float32
	HalfHeight   float32
}

// ClosestPoints implements Field.
func (s Cylinder) ClosestPoints(ps, out []mgl32.Vec3) {
	c, a := v64(s.Center), unitOr(v64(s.Axis), vec{0, 0, 1})
	hh := float64(s.HalfHeight)
	for i, p := range ps {
		v := sub3(v64(p), c)
		h := dot3(v, a)
		radial := unitOr(madd3(v, a, -h), anyPerp(a))
		h = math.Max(-hh, math.Min(hh, h))
		out[i] = v32(madd3(madd3(c, a, h), radial, float64(s.Radius)))
	}
}

// Bounds implements Field.
func (s Cylinder) Bounds() (lo, hi mgl32.Vec3) {
	return roundBounds(s.Center, s.Axis, s.Radius, s.HalfHeight)
}

// Torus is the torus around the axis through Center along Axis: the tube of radius Minor
// around the circle of radius Major.
type Torus struct {
	Center, Axis mgl32.Vec3
	Major, Minor float32
}

// ClosestPoints implements Field.
func (s Torus) ClosestPoints(ps, out []mgl32.Vec3) {
	c, a := v64(s.Center), unitOr(v64(s.Axis), vec{0, 0, 1})
	for i, p := range ps {
		q := v64(p)
		v := sub3(q, c)
		w := unitOr(madd3(v, a, -dot3(v, a)), anyPerp(a))
		ring := madd3(c, w, float64(s.Major)) // nearest point of the core circle
		out[i] = v32(madd3(ring, unitOr(sub3(q, ring), w), float64(s.Minor)))
	}
}

// Bounds implements Field.
func (s Torus) Bounds() (lo, hi mgl32.Vec3) {
	return roundBounds(s.Center, s.Axis, s.Major+s.Minor, s.Minor)
}

// Plates are two parallel squares of half-side HalfSize, normal Normal, centred Gap/2 on
// either side of Center: the test case for false surfaces between close sheets.
type Plates struct {
	Center, Normal mgl32.Vec3
	Gap, HalfSize  float32
}

// ClosestPoints implements Field. A point exactly midway gets the plate on the −Normal side.
func (s Plates) ClosestPoints(ps, out []mgl32.Vec3) {
	c, n := v64(s.Center), unitOr(v64(s.Normal), vec{0, 0, 1})
	u := anyPerp(n)
	w := cross3(n, u)
	hs, g := float64(s.HalfSize), float64(s.Gap)/2
	for i, p := range ps {
		v := sub3(v64(p), c)
		x := math.Max(-hs, math.Min(hs, dot3(v, u)))
		y := math.Max(-hs, math.Min(hs, dot3(v, w)))
		base := madd3(madd3(c, u, x), w, y)
		lower, upper := madd3(base, n, -g), madd3(base, n, g)
		q := add3(c, v)
		if dist2(q, upper) < dist2(q, lower) {
			out[i] = v32(upper)
		} else {
			out[i] = v32(lower)
		}
	}
}

// Bounds implements Field.
func (s Plates) Bounds() (lo, hi mgl32.Vec3) {
	// The squares' corners reach HalfSize·√2 from the axis.
	return roundBounds(s.Center, s.Normal, s.HalfSize*math.Sqrt2, s.Gap/2)
}

// roundBounds is the box of a solid of revolution: radius r around axis a, ±h along it.
func roundBounds(c, a mgl32.Vec3, r, h float32) (lo, hi mgl32.Vec3) {
	nv := unitOr(v64(a), vec{0, 0, 1})
	n := [3]float64{nv.x, nv.y, nv.z}
	for k := 0; k < 3; k++ {
		// Extent along axis k: h·|n_k| from the height, r·√(1 − n_k²) from the rim.
		e := float32(float64(h)*math.Abs(n[k]) + float64(r)*math.Sqrt(math.Max(0, 1-n[k]*n[k])))
		lo[k], hi[k] = c[k]-e, c[k]+e
	}
	return lo, hi
}

// unitOr returns v normalised, or fallback when v is zero (or too small to normalise).
func unitOr(v, fallback vec) vec {
	l := math.Sqrt(dot3(v, v))
	if !(l > 1e-300) { // below this 1/l overflows
		return fallback
	}
	return vec{v.x / l, v.y / l, v.z / l}
}

// anyPerp returns a unit vector perpendicular to the unit vector a.
func anyPerp(a vec) vec {
	t1, _ := tangentBasis(v32(a))
	return v64(t1)
}

func v64(v mgl32.Vec3) vec { return vec{float64(v[0]), float64(v[1]), float64(v[2])} }
func v32(v vec) mgl32.Vec3 { return mgl32.Vec3{float32(v.x), float32(v.y), float32(v.z)} }
