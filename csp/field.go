// Package csp holds closest-surface-point (CSP) fields: a field f(p) returns the surface point
// closest to p. Kinds: the exact field of a triangle mesh (BVH), analytic fields for tests, and
// fields baked on a grid. It is pure Go: no GL, no window.
package csp

import (
	"math"

	"github.com/go-gl/mathgl/mgl32"
)

// Field is a closest-surface-point field.
//
// ClosestPoints writes into out[i] the surface point closest to ps[i], for every i
// (len(out) must be at least len(ps)). The call is batched so implementations can run in
// parallel and exploit the coherence of neighbouring queries; callers get the best speed by
// passing neighbouring points next to each other. Bounds is a box that holds the surface
// (and, for baked fields, the region where the field is defined).
type Field interface {
	ClosestPoints(ps, out []mgl32.Vec3)
	Bounds() (lo, hi mgl32.Vec3)
}

// Distance returns the unsigned distance |p − f(p)| given p and its closest point c.
func Distance(p, c mgl32.Vec3) float32 { return p.Sub(c).Len() }

// Normal returns the unit normal (p − c)/|p − c| pointing from the surface toward p; ok is
// false when p lies on the surface (or the distance is not finite) and the normal is undefined.
func Normal(p, c mgl32.Vec3) (n mgl32.Vec3, ok bool) {
	d := p.Sub(c)
	l := d.Len()
	if !(l > 0) || math.IsInf(float64(l), 0) {
		return mgl32.Vec3{}, false
	}
	return d.Mul(1 / l), true
}

// Jacobian returns J = ∂f/∂p at p by central differences with step h (column j is ∂f/∂p_j),
// and f(p) itself. For an exact field J is symmetric, its null vector is the normal.
func Jacobian(f Field, p mgl32.Vec3, h float32) (J mgl32.Mat3, fp mgl32.Vec3) {
	var ps, out [7]mgl32.Vec3
	ps[6] = p
	for j := 0; j < 3; j++ {
		ps[2*j], ps[2*j+1] = p, p
		ps[2*j][j] += h
		ps[2*j+1][j] -= h
	}
	f.ClosestPoints(ps[:], out[:])
	for j := 0; j < 3; j++ {
		col := out[2*j].Sub(out[2*j+1]).Mul(1 / (2 * h))
		J.SetCol(j, col)
	}
	return J, out[6]
}

// PrincipalCurvatures returns the principal curvatures k1 ≤ k2 of the surface at f(p), from
// the tangent eigenvalues λ of the Jacobian at p: for an exact field at distance δ,
// λ = 1/(1+δκ), so κ = (1/λ − 1)/δ. Curvature is positive where the surface bends away
// from p (a sphere seen from outside has κ = 1/R). ok is false when p is on the surface,
// or an eigenvalue vanishes (p on the focal surface, where curvature is infinite).
func PrincipalCurvatures(f Field, p mgl32.Vec3, h float32) (k1, k2 float32, ok bool) {
	J, c := Jacobian(f, p, h)
	n, ok := Normal(p, c)
	if !ok {
		return 0, 0, false
	}
	delta := float64(Distance(p, c))
	t1, t2 := tangentBasis(n)
	// Symmetrised tangent block S = [tᵢ·(J+Jᵀ)/2·tⱼ].
	Js := J.Add(J.Transpose()).Mul(0.5)
	a := float64(t1.Dot(Js.Mul3x1(t1)))
	b := float64(t1.Dot(Js.Mul3x1(t2)))
	d := float64(t2.Dot(Js.Mul3x1(t2)))
	// Eigenvalues of the symmetric 2×2 [[a b][b d]].
	m, r := (a+d)/2, math.Hypot((a-d)/2, b)
	l1, l2 := m+r, m-r // l1 ≥ l2, so κ(l1) ≤ κ(l2)
	const tiny = 1e-9  // below this λ the curvature overflows any useful colour map
	if math.Abs(l1) < tiny || math.Abs(l2) < tiny {
		return 0, 0, false
	}
	return float32((1/l1 - 1) / delta), float32((1/l2 - 1) / delta), true
}

// tangentBasis returns two unit vectors orthogonal to the unit vector n and to each other.
func tangentBasis(n mgl32.Vec3) (t1, t2 mgl32.Vec3) {
	// Cross with the axis least aligned with n, so the cross product is never near zero.
	ax := mgl32.Vec3{1, 0, 0}
	x, y, z := abs32(n[0]), abs32(n[1]), abs32(n[2])
	if y < x && y <= z {
		ax = mgl32.Vec3{0, 1, 0}
	} else if z < x && z < y {
		ax = mgl32.Vec3{0, 0, 1}
	}
	t1 = n.Cross(ax).Normalize()
	t2 = n.Cross(t1)
	return t1, t2
}

func abs32(x float32) float32 {
	if x < 0 {
		return -x
	}
	return x
}
