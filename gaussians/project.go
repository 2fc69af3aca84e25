package gaussians

import (
	"math"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/camera"
)

// Reference 3DGS projection constants (cuda_rasterizer/forward.cu).
const (
	// FovClamp bounds t.x/t.z and t.y/t.z at 1.3·tan(fov/2) before the Jacobian is taken, so
	// Gaussians far outside the view do not blow up under the perspective linearisation.
	FovClamp = 1.3
	// CovDilation is added to the 2D covariance's diagonal (in pixels²): a low-pass filter of
	// about a third of a pixel, so every splat covers at least one pixel.
	CovDilation = 0.3
	// MinAlpha is the least alpha that counts (1/255): below it a splat leaves no 8-bit trace.
	MinAlpha = 1.0 / 255
	// MaxAlpha caps a splat's alpha at 0.99 so nothing is fully opaque (reference, for gradients).
	MaxAlpha = 0.99
	// minEigenGap is the reference's floor under mid² − det before the square root (0.1).
	minEigenGap = 0.1
)

// View is what the rasteriser needs of a camera: a GL view matrix (world to eye, looking down
// −z), a symmetric perspective projection, the eye position and the image size.
type View struct {
	View, Proj    mgl32.Mat4
	Eye           mgl32.Vec3
	Width, Height int
}

// ViewFor builds the View of a camera for a w×h image.
func ViewFor(c camera.Camera, w, h int) View {
	return View{View: c.View(), Proj: c.Projection().Matrix(float32(w) / float32(h)), Eye: c.Position(), Width: w, Height: h}
}

// projector holds a View in the reference's terms: W rotates world into a camera frame with x
// right, y down and z forward (GL's y and z negated), T translates; fx, fy are focal lengths in
// pixels; pixel centres sit at integer coordinates, (0, 0) the top-left pixel.
type projector struct {
	w             [3][3]float64
	t             [3]float64
	fx, fy        float64
	cx, cy        float64
	tanFX, tanFY  float64
	width, height int
	eye           [3]float32
}

// newProjector derives the reference camera of v.
func newProjector(v View) projector {
	p := projector{width: v.Width, height: v.Height, eye: [3]float32(v.Eye)}
	m := v.View
	sign := [3]float64{1, -1, -1} // GL eye space (y up, looking down −z) to x right, y down, z forward
	for r := 0; r < 3; r++ {
		for c := 0; c < 3; c++ {
			p.w[r][c] = sign[r] * float64(m.At(r, c))
		}
		p.t[r] = sign[r] * float64(m.At(r, 3))
	}
	// A symmetric perspective matrix holds 1/tan(fov/2) on its diagonal.
	p.tanFX, p.tanFY = 1/float64(v.Proj.At(0, 0)), 1/float64(v.Proj.At(1, 1))
	p.fx = float64(v.Width) / (2 * p.tanFX)
	p.fy = float64(v.Height) / (2 * p.tanFY)
	// The reference's ndc2Pix((v+1)·S − 1)/2 puts pixel centres at integers.
	p.cx, p.cy = float64(v.Width)/2-0.5, float64(v.Height)/2-0.5
	return p
}

// Splat2D is one Gaussian projected to the image, as the reference's preprocess leaves it.
type Splat2D struct {
	X, Y    float64    // centre in pixels (x right, y down, pixel centres at integers)
	Conic   [3]float64 // inverse of the 2D covariance: a, b, c of [[a b] [b c]]
	Radius  int        // ceil(3·sqrt(largest eigenvalue)): the quad's half side in pixels
	Depth   float64    // view depth
	Opacity float64
	Color   [3]float32
}

// Covariance3D returns Σ = R S Sᵀ Rᵀ (upper triangle xx, xy, xz, yy, yz, zz) for linear
// scales and a unit quaternion (w, x, y, z), as the reference's computeCov3D.
func Covariance3D(scale [3]float32, q [4]float32) [6]float64 {
	w, x, y, z := float64(q[0]), float64(q[1]), float64(q[2]), float64(q[3])
	r := [3][3]float64{
		{1 - 2*(y*y+z*z), 2 * (x*y - w*z), 2 * (x*z + w*y)},
		{2 * (x*y + w*z), 1 - 2*(x*x+z*z), 2 * (y*z - w*x)},
		{2 * (x*z - w*y), 2 * (y*z + w*x), 1 - 2*(x*x+y*y)},
	}
	s2 := [3]float64{float64(scale[0]) * float64(scale[0]), float64(scale[1]) * float64(scale[1]), float64(scale[2]) * float64(scale[2])}
	var c [6]float64
	idx := [6][2]int{{0, 0}, {0, 1}, {0, 2}, {1, 1}, {1, 2}, {2, 2}}
	for n, ij := range idx {
		for k := 0; k < 3; k++ {
			c[n] += r[ij[0]][k] * s2[k] * r[ij[1]][k]
		}
	}
	return c
}

// project runs the reference preprocess on Gaussian i of b; ok is false when it is culled
// (behind the near-cull plane, a singular 2D covariance, or entirely off the image).
func (p *projector) project(b *RenderBuffers, i, maxDegree int) (s Splat2D, ok bool) {
	pos := [3]float64{float64(b.Positions[3*i]), float64(b.Positions[3*i+1]), float64(b.Positions[3*i+2])}
	var t [3]float64
	for r := 0; r < 3; r++ {
		t[r] = p.w[r][0]*pos[0] + p.w[r][1]*pos[1] + p.w[r][2]*pos[2] + p.t[r]
	}
	if !(t[2] > NearCull) {
		return s, false
	}
	cov := Covariance3D([3]float32(b.Scales[3*i:3*i+3]), [4]float32(b.Rotations[4*i:4*i+4]))
	a, bb, c := p.cov2D(t, cov)
	det := a*c - bb*bb
	if det == 0 || math.IsNaN(det) {
		return s, false
	}
	s.Conic = [3]float64{c / det, -bb / det, a / det}
	mid := 0.5 * (a + c)
	l1 := mid + math.Sqrt(max(minEigenGap, mid*mid-det))
	l2 := mid - math.Sqrt(max(minEigenGap, mid*mid-det))
	s.Radius = int(math.Ceil(3 * math.Sqrt(max(l1, l2))))
	s.X = p.fx*t[0]/t[2] + p.cx
	s.Y = p.fy*t[1]/t[2] + p.cy
	r := float64(s.Radius)
	if s.X+r < 0 || s.Y+r < 0 || s.X-r > float64(p.width-1) || s.Y-r > float64(p.height-1) {
		return s, false
	}
	s.Depth = t[2]
	s.Opacity = float64(b.Opacities[i])
	s.Color = b.ColorAt(i, maxDegree, p.eye)
	return s, true
}

// cov2D is the reference's computeCov2D: J W Σ Wᵀ Jᵀ with the FOV clamp and the dilation.
func (p *projector) cov2D(t [3]float64, cov [6]float64) (a, b, c float64) {
	limX, limY := FovClamp*p.tanFX, FovClamp*p.tanFY
	tx := min(limX, max(-limX, t[0]/t[2])) * t[2]
	ty := min(limY, max(-limY, t[1]/t[2])) * t[2]
	tz := t[2]
	j := [2][3]float64{
		{p.fx / tz, 0, -p.fx * tx / (tz * tz)},
		{0, p.fy / tz, -p.fy * ty / (tz * tz)},
	}
	// T = J W (2×3), then T Σ Tᵀ.
	var m [2][3]float64
	for r := 0; r < 2; r++ {
		for k := 0; k < 3; k++ {
			m[r][k] = j[r][0]*p.w[0][k] + j[r][1]*p.w[1][k] + j[r][2]*p.w[2][k]
		}
	}
	sig := [3][3]float64{{cov[0], cov[1], cov[2]}, {cov[1], cov[3], cov[4]}, {cov[2], cov[4], cov[5]}}
	var ms [2][3]float64 // T Σ
	for r := 0; r < 2; r++ {
		for k := 0; k < 3; k++ {
			ms[r][k] = m[r][0]*sig[0][k] + m[r][1]*sig[1][k] + m[r][2]*sig[2][k]
		}
	}
	dot := func(u, v [3]float64) float64 { return u[0]*v[0] + u[1]*v[1] + u[2]*v[2] }
	return dot(ms[0], m[0]) + CovDilation, dot(ms[0], m[1]), dot(ms[1], m[1]) + CovDilation
}

// SplatAlpha is the reference's per-pixel alpha of a splat at pixel offset (dx, dy) from its
// centre: min(0.99, opacity·exp(−½ dᵀ Σ⁻¹ d)); 0 where the exponent is positive (a
// non-positive-definite conic) or the alpha falls below 1/255.
func SplatAlpha(conic [3]float64, opacity, dx, dy float64) float64 {
	power := -0.5*(conic[0]*dx*dx+conic[2]*dy*dy) - conic[1]*dx*dy
	if power > 0 {
		return 0
	}
	a := min(MaxAlpha, opacity*math.Exp(power))
	if a < MinAlpha {
		return 0
	}
	return a
}

// Project returns the projected splat of Gaussian i of b as seen by v, with colour from SH up
// to maxDegree; ok is false when the reference would cull it.
func Project(b *RenderBuffers, i int, v View, maxDegree int) (Splat2D, bool) {
	p := newProjector(v)
	return p.project(b, i, maxDegree)
}
