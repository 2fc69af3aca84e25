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
		if h00 > 0 && h00*h11-h01*h01 > 0 && det > 1e-12*tr*tr*tr { // Sylvester: H positive definite
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
