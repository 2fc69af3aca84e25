package gaussians

import "math"

// Real spherical-harmonics basis constants of degrees 1..3, exactly as the reference 3DGS code
// (utils/sh_utils.py and cuda_rasterizer/forward.cu) writes them, signs included.
const SHC1 = 0.4886025119029199

// SHC2 are the degree-2 constants of the reference.
var SHC2 = [5]float64{1.0925484305920792, -1.0925484305920792, 0.31539156525252005, -1.0925484305920792, 0.5462742152960396}

// SHC3 are the degree-3 constants of the reference.
var SHC3 = [7]float64{-0.5900435899266435, 2.890611442640554, -0.4570457994644658, 0.3731763325901154,
	-0.4570457994644658, 1.445305721320277, -0.5900435899266435}

// SHBasis fills out with the basis values, multiplied by their constants, of the K higher
// coefficients (degree 1..degree, K = SHRestCoeffs(degree)) for a unit direction (x, y, z),
// in the reference's coefficient order. It returns out[:K].
func SHBasis(degree int, x, y, z float64, out *[15]float64) []float64 {
	if degree <= 0 {
		return out[:0]
	}
	out[0], out[1], out[2] = -SHC1*y, SHC1*z, -SHC1*x
	if degree > 1 {
		xx, yy, zz := x*x, y*y, z*z
		xy, yz, xz := x*y, y*z, x*z
		out[3] = SHC2[0] * xy
		out[4] = SHC2[1] * yz
		out[5] = SHC2[2] * (2*zz - xx - yy)
		out[6] = SHC2[3] * xz
		out[7] = SHC2[4] * (xx - yy)
		if degree > 2 {
			out[8] = SHC3[0] * y * (3*xx - yy)
			out[9] = SHC3[1] * xy * z
			out[10] = SHC3[2] * y * (4*zz - xx - yy)
			out[11] = SHC3[3] * z * (2*zz - 3*xx - 3*yy)
			out[12] = SHC3[4] * x * (4*zz - xx - yy)
			out[13] = SHC3[5] * z * (xx - yy)
			out[14] = SHC3[6] * x * (xx - 3*yy)
		}
	}
	return out[:SHRestCoeffs(min(degree, MaxSHDegree))]
}

// EvalSH is the reference computeColorFromSH: the colour of a Gaussian at pos seen from eye,
// max(0, 0.5 + C0·dc + Σ basis_k(dir)·rest_k) per channel, dir = normalize(pos − eye).
// base is the degree-0 colour 0.5 + C0·dc (RenderBuffers.Colors); rest holds the stored degree's
// K higher coefficients as RGB triples (the Scene.SHRest layout of one Gaussian); degree may be
// lower than the stored one to drop the higher bands. A zero direction gives the base colour.
func EvalSH(degree int, base [3]float32, rest []float32, pos, eye [3]float32) [3]float32 {
	c := [3]float64{float64(base[0]), float64(base[1]), float64(base[2])}
	dx, dy, dz := float64(pos[0]-eye[0]), float64(pos[1]-eye[1]), float64(pos[2]-eye[2])
	if n := math.Sqrt(dx*dx + dy*dy + dz*dz); n > 0 && degree > 0 {
		var b [15]float64
		basis := SHBasis(degree, dx/n, dy/n, dz/n, &b)
		for k, v := range basis {
			if 3*k+2 >= len(rest) {
				break
			}
			c[0] += v * float64(rest[3*k])
			c[1] += v * float64(rest[3*k+1])
			c[2] += v * float64(rest[3*k+2])
		}
	}
	return [3]float32{float32(max(c[0], 0)), float32(max(c[1], 0)), float32(max(c[2], 0))}
}

// ColorAt is EvalSH for Gaussian i of the buffers, up to maxDegree (clamped to the stored degree).
func (b *RenderBuffers) ColorAt(i, maxDegree int, eye [3]float32) [3]float32 {
	deg := min(maxDegree, b.SHDegree)
	k3 := 3 * SHRestCoeffs(b.SHDegree)
	base := [3]float32{b.Colors[3*i], b.Colors[3*i+1], b.Colors[3*i+2]}
	pos := [3]float32{b.Positions[3*i], b.Positions[3*i+1], b.Positions[3*i+2]}
	return EvalSH(deg, base, b.SHRest[k3*i:k3*i+k3], pos, eye)
}
