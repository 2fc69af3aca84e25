package physics

import "math"

// m3 is a row-major 3×3 matrix in float64.
type m3 = [9]float64

// jacobiMaxSweeps bounds the cyclic Jacobi iteration; a 3×3 symmetric matrix converges
// quadratically and needs at most 4-5 sweeps from a cold start (1-2 when warm).
const jacobiMaxSweeps = 8

// symEigen diagonalises the symmetric matrix a in place with cyclic Jacobi rotations and
// accumulates the rotations into v (which the caller initialises, e.g. to the identity or a
// guess of the eigenvectors; then a must be vᵀ·A·v). On return a's diagonal holds the
// eigenvalues and the columns of v the eigenvectors of the original A.
func symEigen(a *m3, v *m3) {
	for sweep := 0; sweep < jacobiMaxSweeps; sweep++ {
		off := a[1]*a[1] + a[2]*a[2] + a[5]*a[5]
		diag := a[0]*a[0] + a[4]*a[4] + a[8]*a[8]
		// 1e-16 relative: off-diagonal terms 1e-8 of the diagonal, below float32 precision
		// (eigenvalues err by the square of that, eigenvectors by about 1e-8).
		if off <= 1e-16*diag || off == 0 {
			return
		}
		jacobiPair(a, v, 0, 1)
		jacobiPair(a, v, 0, 2)
		jacobiPair(a, v, 1, 2)
	}
}

// jacobiPair zeroes a[p][q] with one Jacobi rotation A ← JᵀAJ (Numerical Recipes §11.1:
// only the entries of rows and columns p and q change, a symmetric update).
func jacobiPair(a *m3, v *m3, p, q int) {
	apq := a[3*p+q]
	if apq == 0 {
		return
	}
	r := 3 - p - q // the third index
	theta := (a[3*q+q] - a[3*p+p]) / (2 * apq)
	t := 1 / (math.Abs(theta) + math.Sqrt(1+theta*theta))
	if theta < 0 {
		t = -t
	}
	c := 1 / math.Sqrt(1+t*t)
	s := t * c
	a[3*p+p] -= t * apq
	a[3*q+q] += t * apq
	a[3*p+q], a[3*q+p] = 0, 0
	arp, arq := a[3*r+p], a[3*r+q]
	a[3*r+p] = c*arp - s*arq
	a[3*r+q] = c*arq + s*arp
	a[3*p+r], a[3*q+r] = a[3*r+p], a[3*r+q]
	for k := 0; k < 3; k++ {
		vkp, vkq := v[3*k+p], v[3*k+q]
		v[3*k+p] = c*vkp - s*vkq
		v[3*k+q] = s*vkp + c*vkq
	}
}

// quatToMat returns the row-major rotation of the unit quaternion (w, x, y, z).
func quatToMat(w, x, y, z float64) m3 {
	return m3{
		1 - 2*(y*y+z*z), 2 * (x*y - w*z), 2 * (x*z + w*y),
		2 * (x*y + w*z), 1 - 2*(x*x+z*z), 2 * (y*z - w*x),
		2 * (x*z - w*y), 2 * (y*z + w*x), 1 - 2*(x*x+y*y),
	}
}

// matToQuat returns the unit quaternion (w, x, y, z) of the rotation r (Shepperd's method:
// the largest of the four squared components is taken first, for accuracy).
func matToQuat(r *m3) [4]float64 {
	tr := r[0] + r[4] + r[8]
	var q [4]float64
	switch {
	case tr > r[0] && tr > r[4] && tr > r[8]:
		s := 2 * math.Sqrt(1+tr)
		q = [4]float64{s / 4, (r[7] - r[5]) / s, (r[2] - r[6]) / s, (r[3] - r[1]) / s}
	case r[0] > r[4] && r[0] > r[8]:
		s := 2 * math.Sqrt(1+r[0]-r[4]-r[8])
		q = [4]float64{(r[7] - r[5]) / s, s / 4, (r[1] + r[3]) / s, (r[2] + r[6]) / s}
	case r[4] > r[8]:
		s := 2 * math.Sqrt(1+r[4]-r[0]-r[8])
		q = [4]float64{(r[2] - r[6]) / s, (r[1] + r[3]) / s, s / 4, (r[5] + r[7]) / s}
	default:
		s := 2 * math.Sqrt(1+r[8]-r[0]-r[4])
		q = [4]float64{(r[3] - r[1]) / s, (r[2] + r[6]) / s, (r[5] + r[7]) / s, s / 4}
	}
	n := math.Sqrt(q[0]*q[0] + q[1]*q[1] + q[2]*q[2] + q[3]*q[3])
	if !(n > 0) {
		return [4]float64{1, 0, 0, 0}
	}
	return [4]float64{q[0] / n, q[1] / n, q[2] / n, q[3] / n}
}

// mul returns a·b.
func mul(a, b *m3) (c m3) {
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			c[3*i+j] = a[3*i]*b[j] + a[3*i+1]*b[3+j] + a[3*i+2]*b[6+j]
		}
	}
	return c
}

// mulTA returns aᵀ·b.
func mulTA(a, b *m3) (c m3) {
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			c[3*i+j] = a[i]*b[j] + a[3+i]*b[3+j] + a[6+i]*b[6+j]
		}
	}
	return c
}

// det returns the determinant of a.
func det(a *m3) float64 {
	return a[0]*(a[4]*a[8]-a[5]*a[7]) - a[1]*(a[3]*a[8]-a[5]*a[6]) + a[2]*(a[3]*a[7]-a[4]*a[6])
}

// logf is math.Log in float32.
func logf(x float32) float32 { return float32(math.Log(float64(x))) }
