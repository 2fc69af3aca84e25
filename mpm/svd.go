package mpm

import "math"

// mat3 is a row-major 3×3 matrix in float64: m[3*row+col].
type mat3 [9]float64

// svd3 computes the rotation-variant SVD a = u·diag(s)·vᵀ with u, v proper rotations
// (det +1), s sorted by decreasing magnitude and only s[2] possibly negative (inverted a).
// It diagonalises aᵀa with cyclic Jacobi rotations, then orthogonalises a·v with Givens
// QR, which stays accurate for tiny or zero singular values (the structure of McAdams et
// al. 2011 with exact rotations).
func svd3(a *mat3) (u mat3, s [3]float64, v mat3) {
	q := [4]float64{1, 0, 0, 0}
	return svd3Warm(a, &q)
}

// svd3Warm is svd3 started from the guess v = rotation of the unit quaternion q, which it
// replaces with the v found: warm-started from the previous substep, one Jacobi sweep or
// none is needed.
func svd3Warm(a *mat3, q *[4]float64) (u mat3, s [3]float64, v mat3) {
	v = quatMat(q[0], q[1], q[2], q[3])
	// b = a·v is kept up to date with v; S = bᵀb = vᵀ·aᵀa·v is diagonalised.
	var b mat3
	for r := 0; r < 3; r++ {
		a0, a1, a2 := a[3*r], a[3*r+1], a[3*r+2]
		for c := 0; c < 3; c++ {
			b[3*r+c] = a0*v[c] + a1*v[3+c] + a2*v[6+c]
		}
	}
	s00 := b[0]*b[0] + b[3]*b[3] + b[6]*b[6]
	s11 := b[1]*b[1] + b[4]*b[4] + b[7]*b[7]
	s22 := b[2]*b[2] + b[5]*b[5] + b[8]*b[8]
	s01 := b[0]*b[1] + b[3]*b[4] + b[6]*b[7]
	s02 := b[0]*b[2] + b[3]*b[5] + b[6]*b[8]
	s12 := b[1]*b[2] + b[4]*b[5] + b[7]*b[8]
	scale := s00 + s11 + s22
	// Off-diagonal below 1e-8 of the trace: eigenvectors are then good to ~1e-8, far beyond
	// the float32 the state is stored in. 12 sweeps is far more than cyclic Jacobi needs for 3×3.
	tol := scale * scale * 1e-16
	tiny := tol * 1e-4 // a single off-diagonal this small is not worth a rotation
	for sweep := 0; sweep < 12; sweep++ {
		if s01*s01+s02*s02+s12*s12 <= tol {
			break
		}
		// (p,q) = (0,1); r = 2
		if s01*s01 > tiny {
			c, sn, t := jacobiRot(s00, s11, s01)
			s00 -= t * s01
			s11 += t * s01
			s01 = 0
			s02, s12 = c*s02-sn*s12, sn*s02+c*s12
			rotCols(&v, 0, 1, c, sn)
			rotCols(&b, 0, 1, c, sn)
		}
		// (p,q) = (0,2); r = 1
		if s02*s02 > tiny {
			c, sn, t := jacobiRot(s00, s22, s02)
			s00 -= t * s02
			s22 += t * s02
			s02 = 0
			s01, s12 = c*s01-sn*s12, sn*s01+c*s12
			rotCols(&v, 0, 2, c, sn)
			rotCols(&b, 0, 2, c, sn)
		}
		// (p,q) = (1,2); r = 0
		if s12*s12 > tiny {
			c, sn, t := jacobiRot(s11, s22, s12)
			s11 -= t * s12
			s22 += t * s12
			s12 = 0
			s01, s02 = c*s01-sn*s02, sn*s01+c*s02
			rotCols(&v, 1, 2, c, sn)
			rotCols(&b, 1, 2, c, sn)
		}
	}
	// Sort eigenvalues descending; every swap negates one column to keep det v = +1.
	ev := [3]float64{s00, s11, s22}
	swap := func(i, j int) {
		ev[i], ev[j] = ev[j], ev[i]
		for r := 0; r < 3; r++ {
			v[3*r+i], v[3*r+j] = v[3*r+j], -v[3*r+i]
			b[3*r+i], b[3*r+j] = b[3*r+j], -b[3*r+i]
		}
	}
	if ev[0] < ev[1] {
		swap(0, 1)
	}
	if ev[0] < ev[2] {
		swap(0, 2)
	}
	if ev[1] < ev[2] {
		swap(1, 2)
	}
	// Givens QR of b = a·v: b = u·r with r (nearly) diagonal.
	u = mat3{1, 0, 0, 0, 1, 0, 0, 0, 1}
	givensQR(&b, &u, 0, 1, 0)
	givensQR(&b, &u, 0, 2, 0)
	givensQR(&b, &u, 1, 2, 1)
	s = [3]float64{b[0], b[4], b[8]}
	*q = matQuat(&v)
	return u, s, v
}

// matQuat returns the unit quaternion (w, x, y, z) of the rotation matrix m (Shepperd's method).
func matQuat(m *mat3) [4]float64 {
	var q [4]float64
	switch tr := m[0] + m[4] + m[8]; {
	case tr > 0:
		s := 2 * math.Sqrt(tr+1)
		q = [4]float64{s / 4, (m[7] - m[5]) / s, (m[2] - m[6]) / s, (m[3] - m[1]) / s}
	case m[0] > m[4] && m[0] > m[8]:
		s := 2 * math.Sqrt(1+m[0]-m[4]-m[8])
		q = [4]float64{(m[7] - m[5]) / s, s / 4, (m[1] + m[3]) / s, (m[2] + m[6]) / s}
	case m[4] > m[8]:
		s := 2 * math.Sqrt(1+m[4]-m[0]-m[8])
		q = [4]float64{(m[2] - m[6]) / s, (m[1] + m[3]) / s, s / 4, (m[5] + m[7]) / s}
	default:
		s := 2 * math.Sqrt(1+m[8]-m[0]-m[4])
		q = [4]float64{(m[3] - m[1]) / s, (m[2] + m[6]) / s, (m[5] + m[7]) / s, s / 4}
	}
	n := 1 / math.Sqrt(q[0]*q[0]+q[1]*q[1]+q[2]*q[2]+q[3]*q[3])
	return [4]float64{q[0] * n, q[1] * n, q[2] * n, q[3] * n}
}

// jacobiRot returns the cosine, sine and tangent of the Jacobi rotation that zeroes the
// off-diagonal entry apq of the symmetric 2×2 block [[app, apq], [apq, aqq]] (Numerical Recipes 11.1).
func jacobiRot(app, aqq, apq float64) (c, s, t float64) {
	theta := (aqq - app) / (2 * apq)
	if math.Abs(theta) > 1e3 {
		// Tiny rotation (the usual case when warm-started): t = 1/(2θ) − 1/(8θ³) + …, so
		// 1/(2θ) is exact to 2.5e-7 relative, leaving an off-diagonal residue 4e6 times
		// smaller than the one removed; the series for c is exact to float64, and c² + s² = 1.
		t = 1 / (2 * theta)
		t2 := t * t
		c = 1 - t2/2 + 3*t2*t2/8
		return c, t * c, t
	}
	t = 1 / (math.Abs(theta) + math.Sqrt(theta*theta+1))
	if theta < 0 {
		t = -t
	}
	c = 1 / math.Sqrt(t*t+1)
	return c, t * c, t
}

// rotCols applies v ← v·J with J the Jacobi rotation in the (p,q) plane.
func rotCols(v *mat3, p, q int, c, s float64) {
	for r := 0; r < 3; r++ {
		vp, vq := v[3*r+p], v[3*r+q]
		v[3*r+p] = c*vp - s*vq
		v[3*r+q] = s*vp + c*vq
	}
}

// givensQR zeroes b[i][col] against row p (p < i) with a Givens rotation G: b ← G·b, u ← u·Gᵀ.
func givensQR(b, u *mat3, p, i, col int) {
	x, y := b[3*p+col], b[3*i+col]
	if y == 0 {
		return
	}
	// F entries are O(1)-O(10): no overflow, so a plain sqrt (several times faster than Hypot).
	inv := 1 / math.Sqrt(x*x+y*y)
	c, s := x*inv, y*inv
	for k := 0; k < 3; k++ {
		bp, bi := b[3*p+k], b[3*i+k]
		b[3*p+k] = c*bp + s*bi
		b[3*i+k] = -s*bp + c*bi
		up, ui := u[3*k+p], u[3*k+i]
		u[3*k+p] = c*up + s*ui
		u[3*k+i] = -s*up + c*ui
	}
}

// polar returns the rotation R = u·vᵀ of the rotation-variant polar decomposition a = R·S.
func polar(a *mat3) mat3 {
	u, _, v := svd3(a)
	return mulABt(&u, &v)
}

// mulABt returns a·bᵀ.
func mulABt(a, b *mat3) mat3 {
	var m mat3
	for r := 0; r < 3; r++ {
		for c := 0; c < 3; c++ {
			m[3*r+c] = a[3*r]*b[3*c] + a[3*r+1]*b[3*c+1] + a[3*r+2]*b[3*c+2]
		}
	}
	return m
}

// mulADBt returns a·diag(d)·bᵀ.
func mulADBt(a *mat3, d [3]float64, b *mat3) mat3 {
	var m mat3
	for r := 0; r < 3; r++ {
		for c := 0; c < 3; c++ {
			m[3*r+c] = a[3*r]*d[0]*b[3*c] + a[3*r+1]*d[1]*b[3*c+1] + a[3*r+2]*d[2]*b[3*c+2]
		}
	}
	return m
}
