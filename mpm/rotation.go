package mpm

import "math"

// extractRotation refines the unit quaternion q = (w, x, y, z) towards the rotation R of
// f's polar decomposition (the proper rotation maximising tr(Rᵀf)) and returns R. It is
// the rotation-extraction scheme of Müller et al. 2016 ("A Robust Method to Extract the
// Rotational Part of Deformations") with a Newton step: for B = f·Rᵀ the update angle ω
// solves (tr B·I − sym B)·ω = axial(B − Bᵀ), falling back to the paper's gradient step
// ω = axial/|tr B| where that matrix is not positive definite (far from the optimum,
// inverted f) or the Newton step is long. Warm-started from the previous substep one step usually suffices, several
// times cheaper than a full SVD.
func extractRotation(f *mat3, q *[4]float64) mat3 {
	w, x, y, z := q[0], q[1], q[2], q[3]
	// 40 iterations: gradient steps from a cold, half-turn-away start need about 20.
	for it := 0; it < 40; it++ {
		r := quatMat(w, x, y, z)
		// B = f·Rᵀ.
		var b mat3
		for i := 0; i < 3; i++ {
			f0, f1, f2 := f[3*i], f[3*i+1], f[3*i+2]
			b[3*i] = f0*r[0] + f1*r[1] + f2*r[2]
			b[3*i+1] = f0*r[3] + f1*r[4] + f2*r[5]
			b[3*i+2] = f0*r[6] + f1*r[7] + f2*r[8]
		}
		gx, gy, gz := b[7]-b[5], b[2]-b[6], b[3]-b[1]
		tr := b[0] + b[4] + b[8]
		// H = tr·I − sym(B).
		h00, h11, h22 := tr-b[0], tr-b[4], tr-b[8]
		h01, h02, h12 := -0.5*(b[1]+b[3]), -0.5*(b[2]+b[6]), -0.5*(b[5]+b[7])
		c00 := h11*h22 - h12*h12
		c01 := h02*h12 - h01*h22
		c02 := h01*h12 - h02*h11
		det := h00*c00 + h01*c01 + h02*c02
		var ox, oy, oz float64
		newton := false
		if h00 > 0 && h00*h11-h01*h01 > 0 && det > 1e-12*tr*tr*tr { // Sylvester: H positive definite, det not lost in round-off (1e-12 of its scale tr³)
			c11 := h00*h22 - h02*h02
			c12 := h01*h02 - h00*h12
			c22 := h00*h11 - h01*h01
			inv := 1 / det
			ox = (c00*gx + c01*gy + c02*gz) * inv
			oy = (c01*gx + c11*gy + c12*gz) * inv
			oz = (c02*gx + c12*gy + c22*gz) * inv
			// Trust region: a Newton step beyond 0.1 rad means the quadratic model is not
			// yet valid (or H is nearly singular); take the robust gradient step instead.
			newton = ox*ox+oy*oy+oz*oz < 0.01
		}
		if !newton {
			inv := 1 / (math.Abs(tr) + 1e-9) // 1e-9 guards a degenerate f (all singular values ~0)
			ox, oy, oz = gx*inv, gy*inv, gz*inv
		}
		a2 := ox*ox + oy*oy + oz*oz
		// dq = (cos(a/2), sin(a/2)·ω/a); below 0.05 rad the 4th-order series is exact to float64.
		var c, s float64
		if a2 < 0.05*0.05 {
			c, s = 1-a2/8+a2*a2/384, 0.5-a2/48
		} else {
			a := math.Sqrt(a2)
			sn, cs := math.Sincos(a / 2)
			c, s = cs, sn/a
		}
		dw, dx, dy, dz := c, s*ox, s*oy, s*oz
		// q ← dq·q, renormalised; |q|² is within ~1e-10 of 1 after a small step, where one
		// Newton step for 1/sqrt (1.5 − |q|²/2) is exact to float64 and avoids sqrt and divide.
		w, x, y, z = dw*w-dx*x-dy*y-dz*z, dw*x+dx*w+dy*z-dz*y, dw*y-dx*z+dy*w+dz*x, dw*z+dx*y-dy*x+dz*w
		n2 := w*w + x*x + y*y + z*z
		var n float64
		if a2 < 0.05*0.05 && math.Abs(n2-1) < 1e-6 {
			n = 1.5 - 0.5*n2
		} else {
			n = 1 / math.Sqrt(n2)
		}
		w, x, y, z = w*n, x*n, y*n, z*n
		// Newton converges quadratically: after a step of 1e-3 rad the error is ~1e-6 rad,
		// far below what float32 stresses resolve. Small gradient steps may sit at a saddle.
		if newton && a2 < 1e-6 {
			break
		}
	}
	*q = [4]float64{w, x, y, z}
	return quatMat(w, x, y, z)
}

// quatMat returns the row-major rotation matrix of the unit quaternion (w, x, y, z).
func quatMat(w, x, y, z float64) mat3 {
	return mat3{
		1 - 2*(y*y+z*z), 2 * (x*y - w*z), 2 * (x*z + w*y),
		2 * (x*y + w*z), 1 - 2*(x*x+z*z), 2 * (y*z - w*x),
		2 * (x*z - w*y), 2 * (y*z + w*x), 1 - 2*(x*x+y*y),
	}
}

// corotatedPolar returns the fixed-corotated Kirchhoff stress 2μ(F−R)Fᵀ + λ(J−1)J·I from
// the rotation r of f, as xx, yy, zz, xy, xz, yz.
func corotatedPolar(f, r *mat3, mu, lambda float64) [6]float32 {
	j := det3(f)
	vol := lambda * (j - 1) * j
	// (F−R)·Fᵀ is symmetric when R is the polar rotation; symmetrise to absorb the residual.
	e := func(a, b int) float64 {
		d0, d1, d2 := f[3*a]-r[3*a], f[3*a+1]-r[3*a+1], f[3*a+2]-r[3*a+2]
		return d0*f[3*b] + d1*f[3*b+1] + d2*f[3*b+2]
	}
	return [6]float32{
		float32(2*mu*e(0, 0) + vol), float32(2*mu*e(1, 1) + vol), float32(2*mu*e(2, 2) + vol),
		float32(mu * (e(0, 1) + e(1, 0))), float32(mu * (e(0, 2) + e(2, 0))), float32(mu * (e(1, 2) + e(2, 1))),
	}
}

// corotatedFast is the warm-started fixed-corotated stress in one pass: one Newton step of
// extractRotation from q, and, when that step is small enough to have converged (below
// 1e-3 rad), the stress 2μ(F·Fᵀ − R'·Fᵀ) + λ(J−1)J·I with R'·Fᵀ = exp(W)·Bᵀ ≈ (I + W)·Bᵀ
// updated to first order from B = F·Rᵀ (the neglected W² term is ~1e-6, as small as the
// Newton residual). It reports false, leaving q untouched, when the full iteration is needed.
func corotatedFast(f *mat3, q *[4]float64, mu, lambda float64) ([6]float32, bool) {
	w, x, y, z := q[0], q[1], q[2], q[3]
	r := quatMat(w, x, y, z)
	f0, f1, f2, f3, f4, f5, f6, f7, f8 := f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]
	// B = F·Rᵀ.
	b0, b1, b2 := f0*r[0]+f1*r[1]+f2*r[2], f0*r[3]+f1*r[4]+f2*r[5], f0*r[6]+f1*r[7]+f2*r[8]
	b3, b4, b5 := f3*r[0]+f4*r[1]+f5*r[2], f3*r[3]+f4*r[4]+f5*r[5], f3*r[6]+f4*r[7]+f5*r[8]
	b6, b7, b8 := f6*r[0]+f7*r[1]+f8*r[2], f6*r[3]+f7*r[4]+f8*r[5], f6*r[6]+f7*r[7]+f8*r[8]
	gx, gy, gz := b7-b5, b2-b6, b3-b1
	tr := b0 + b4 + b8
	h00, h11, h22 := tr-b0, tr-b4, tr-b8
	h01, h02, h12 := -0.5*(b1+b3), -0.5*(b2+b6), -0.5*(b5+b7)
	c00 := h11*h22 - h12*h12
	c01 := h02*h12 - h01*h22
	c02 := h01*h12 - h02*h11
	det := h00*c00 + h01*c01 + h02*c02
	if !(h00 > 0 && h00*h11-h01*h01 > 0 && det > 1e-12*tr*tr*tr) { // as in extractRotation
		return [6]float32{}, false
	}
	c11 := h00*h22 - h02*h02
	c12 := h01*h02 - h00*h12
	c22 := h00*h11 - h01*h01
	inv := 1 / det
	ox := (c00*gx + c01*gy + c02*gz) * inv
	oy := (c01*gx + c11*gy + c12*gz) * inv
	oz := (c02*gx + c12*gy + c22*gz) * inv
	a2 := ox*ox + oy*oy + oz*oz
	if a2 >= 1e-6 {
		return [6]float32{}, false
	}
	// q ← dq·q with the small-angle series and one-step renormalisation (see extractRotation).
	c, s := 1-a2/8, 0.5-a2/48
	dw, dx, dy, dz := c, s*ox, s*oy, s*oz
	w, x, y, z = dw*w-dx*x-dy*y-dz*z, dw*x+dx*w+dy*z-dz*y, dw*y-dx*z+dy*w+dz*x, dw*z+dx*y-dy*x+dz*w
	n := 1.5 - 0.5*(w*w+x*x+y*y+z*z)
	*q = [4]float64{w * n, x * n, y * n, z * n}
	// M = Bᵀ + W·Bᵀ with W = [ω]×: row i of W·Bᵀ is ω × (column i of Bᵀ)... computed entrywise.
	// Bᵀ columns are B rows: (b0,b1,b2), (b3,b4,b5), (b6,b7,b8); Bᵀ[i][j] = B[j][i].
	m00 := b0 + (oy*b2 - oz*b1)
	m11 := b4 + (oz*b3 - ox*b5)
	m22 := b8 + (ox*b7 - oy*b6)
	m01 := b3 + (oy*b5 - oz*b4)
	m10 := b1 + (oz*b0 - ox*b2)
	m02 := b6 + (oy*b8 - oz*b7)
	m20 := b2 + (ox*b1 - oy*b0)
	m12 := b7 + (oz*b6 - ox*b8)
	m21 := b5 + (ox*b4 - oy*b3)
	// F·Fᵀ.
	p00 := f0*f0 + f1*f1 + f2*f2
	p11 := f3*f3 + f4*f4 + f5*f5
	p22 := f6*f6 + f7*f7 + f8*f8
	p01 := f0*f3 + f1*f4 + f2*f5
	p02 := f0*f6 + f1*f7 + f2*f8
	p12 := f3*f6 + f4*f7 + f5*f8
	j := f0*(f4*f8-f5*f7) - f1*(f3*f8-f5*f6) + f2*(f3*f7-f4*f6)
	vol := lambda * (j - 1) * j
	return [6]float32{
		float32(2*mu*(p00-m00) + vol), float32(2*mu*(p11-m11) + vol), float32(2*mu*(p22-m22) + vol),
		float32(2*mu*p01 - mu*(m01+m10)), float32(2*mu*p02 - mu*(m02+m20)), float32(2*mu*p12 - mu*(m12+m21)),
	}, true
}
