package materials

import (
	"math"
	"sort"

	"github.com/splatscope/splatscope/gaussians"
)

// The depth test of the vote renders, per view, the median depth of the splats: the depth at
// which a pixel's accumulated opacity first reaches one half, compositing the Gaussians front to
// back with the 3DGS EWA footprint (2D covariance J·W·Σ·Wᵀ·Jᵀ plus a 0.3 px low-pass, alpha =
// opacity·exp(−½·dᵀ·conic·d), cut at 1/255 and capped at 0.99). The median depth is the first
// surface a pixel sees, robust to the faint floaters that pull an expected (mean) depth forward.
// A Gaussian is hidden in a view when its centre lies clearly behind the median depth at its
// pixel. This is a self-contained twin of the splat rasteriser, reduced to what the test needs.

// splat is a Gaussian's view-independent activated parameters.
type splat struct {
	pos     [3]float64
	cov     [6]float64 // world covariance xx, xy, xz, yy, yz, zz
	opacity float64
	sigma   float64 // largest standard deviation
}

// prepareSplats activates the scene's Gaussians once for all views.
func prepareSplats(s *gaussians.Scene) []splat {
	out := make([]splat, s.N)
	for i := range out {
		p := s.Position(i)
		sc := s.Scale(i)
		q := s.Rotation(i)
		w, x, y, z := float64(q[0]), float64(q[1]), float64(q[2]), float64(q[3])
		r := [3][3]float64{
			{1 - 2*(y*y+z*z), 2 * (x*y - w*z), 2 * (x*z + w*y)},
			{2 * (x*y + w*z), 1 - 2*(x*x+z*z), 2 * (y*z - w*x)},
			{2 * (x*z - w*y), 2 * (y*z + w*x), 1 - 2*(x*x+y*y)},
		}
		var m [3][3]float64 // R·S
		for a := 0; a < 3; a++ {
			for b := 0; b < 3; b++ {
				m[a][b] = r[a][b] * float64(sc[b])
			}
		}
		c := func(a, b int) float64 { return m[a][0]*m[b][0] + m[a][1]*m[b][1] + m[a][2]*m[b][2] }
		out[i] = splat{
			pos:     [3]float64{float64(p[0]), float64(p[1]), float64(p[2])},
			cov:     [6]float64{c(0, 0), c(0, 1), c(0, 2), c(1, 1), c(1, 2), c(2, 2)},
			opacity: float64(s.Opacity(i)),
			sigma:   float64(max(sc[0], sc[1], sc[2])),
		}
	}
	return out
}

// footprint is a splat projected into one view.
type footprint struct {
	u, v, z float64
	a, b, c float64 // conic (inverse 2D covariance): a·dx² + 2b·dx·dy + c·dy²
	r       int     // radius in pixels (3σ of the larger 2D axis)
	opacity float64
	idx     int32
}

// lowPass is the 3DGS screen-space dilation (px²) that keeps every splat at least a pixel wide.
const lowPass = 0.3

// alphaMin is the 3DGS cut below which a splat does not touch a pixel (one 8-bit step).
const alphaMin = 1.0 / 255

// alphaMax caps a splat's alpha as 3DGS does, so no single splat makes a pixel fully opaque.
const alphaMax = 0.99

// project returns the splat's footprint in v, or false if it is behind the camera, degenerate or
// entirely outside the image.
func project(sp *splat, v *View) (footprint, bool) {
	c := v.ToCamera(sp.pos)
	z := c[2]
	if !(z > nearPlane) {
		return footprint{}, false
	}
	// Camera-space covariance W·Σ·Wᵀ.
	S := [3][3]float64{{sp.cov[0], sp.cov[1], sp.cov[2]}, {sp.cov[1], sp.cov[3], sp.cov[4]}, {sp.cov[2], sp.cov[4], sp.cov[5]}}
	var ws, cc [3][3]float64
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			ws[i][j] = v.R[i][0]*S[0][j] + v.R[i][1]*S[1][j] + v.R[i][2]*S[2][j]
		}
	}
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			cc[i][j] = ws[i][0]*v.R[j][0] + ws[i][1]*v.R[j][1] + ws[i][2]*v.R[j][2]
		}
	}
	// Jacobian of the perspective projection at the centre.
	j0 := [3]float64{v.Fx / z, 0, -v.Fx * c[0] / (z * z)}
	j1 := [3]float64{0, v.Fy / z, -v.Fy * c[1] / (z * z)}
	jcj := func(p, q [3]float64) float64 {
		s := 0.0
		for i := 0; i < 3; i++ {
			for k := 0; k < 3; k++ {
				s += p[i] * cc[i][k] * q[k]
			}
		}
		return s
	}
	xx, xy, yy := jcj(j0, j0)+lowPass, jcj(j0, j1), jcj(j1, j1)+lowPass
	det := xx*yy - xy*xy
	if !(det > 0) || math.IsInf(det, 0) {
		return footprint{}, false
	}
	mid := 0.5 * (xx + yy)
	lmax := mid + math.Sqrt(math.Max(0.1, mid*mid-det))
	f := footprint{u: v.Fx*c[0]/z + v.Cx, v: v.Fy*c[1]/z + v.Cy, z: z,
		a: yy / det, b: -xy / det, c: xx / det, opacity: sp.opacity}
	r := math.Ceil(3 * math.Sqrt(lmax))
	if f.u+r < 0 || f.v+r < 0 || f.u-r > float64(v.W) || f.v-r > float64(v.H) || math.IsNaN(f.u+f.v) {
		return footprint{}, false
	}
	f.r = int(math.Min(r, float64(v.W+v.H))) // a footprint larger than the image covers it anyway
	return f, true
}

// transparent is the transmittance below which a pixel takes no more splats (3DGS's 1e−4 cut).
const transparent = 1e-4

// medianDepth renders v's median depth map (+Inf where the splats never reach half opacity).
func medianDepth(splats []splat, v *View) []float32 {
	fps := make([]footprint, 0, len(splats)/2)
	for i := range splats {
		if f, ok := project(&splats[i], v); ok {
			f.idx = int32(i)
			fps = append(fps, f)
		}
	}
	sort.Slice(fps, func(a, b int) bool { return fps[a].z < fps[b].z })
	depth := make([]float32, v.W*v.H)
	trans := make([]float32, v.W*v.H)
	for i := range depth {
		depth[i] = float32(math.Inf(1))
		trans[i] = 1
	}
	for k := range fps {
		f := &fps[k]
		x0, x1 := max(0, int(f.u)-f.r), min(v.W-1, int(f.u)+f.r)
		y0, y1 := max(0, int(f.v)-f.r), min(v.H-1, int(f.v)+f.r)
		for y := y0; y <= y1; y++ {
			dy := float64(y) + 0.5 - f.v
			row := y * v.W
			for x := x0; x <= x1; x++ {
				t := trans[row+x]
				if t < transparent {
					continue
				}
				dx := float64(x) + 0.5 - f.u
				power := -0.5*(f.a*dx*dx+f.c*dy*dy) - f.b*dx*dy
				if power > 0 {
					continue
				}
				alpha := math.Min(alphaMax, f.opacity*math.Exp(power))
				if alpha < alphaMin {
					continue
				}
				nt := t * float32(1-alpha)
				if t > 0.5 && nt <= 0.5 {
					depth[row+x] = float32(f.z)
				}
				trans[row+x] = nt
			}
		}
	}
	return depth
}

// View is a training camera prepared for projection into an image of a given size (label
// images may be stored smaller or larger than the camera's width and height: the intrinsics
// scale with them).
type View struct {
	W, H           int
	Fx, Fy, Cx, Cy float64
	R              [3][3]float64 // world-to-camera rotation (the transpose of TrainingCamera.Rotation)
	T              [3]float64    // camera centre in world space
}

// ViewFor returns c's projection into a w×h image (principal point at the centre, as 3DGS).
func ViewFor(c *gaussians.TrainingCamera, w, h int) View {
	sx, sy := float64(w)/float64(c.Width), float64(h)/float64(c.Height)
	v := View{W: w, H: h, Fx: c.Fx * sx, Fy: c.Fy * sy, Cx: float64(w) / 2, Cy: float64(h) / 2, T: c.Position}
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			v.R[i][j] = c.Rotation[j][i]
		}
	}
	return v
}

// ToCamera returns the point p in camera coordinates (z is the depth along the view axis).
func (v *View) ToCamera(p [3]float64) [3]float64 {
	d := [3]float64{p[0] - v.T[0], p[1] - v.T[1], p[2] - v.T[2]}
	return [3]float64{
		v.R[0][0]*d[0] + v.R[0][1]*d[1] + v.R[0][2]*d[2],
		v.R[1][0]*d[0] + v.R[1][1]*d[1] + v.R[1][2]*d[2],
		v.R[2][0]*d[0] + v.R[2][1]*d[1] + v.R[2][2]*d[2],
	}
}

// Project returns the pixel coordinates (pixel (i, j) covers [i, i+1)×[j, j+1)) and the depth of
// p; ok is false behind the near plane.
func (v *View) Project(p [3]float64) (u, w, z float64, ok bool) {
	c := v.ToCamera(p)
	if !(c[2] > nearPlane) {
		return 0, 0, c[2], false
	}
	return v.Fx*c[0]/c[2] + v.Cx, v.Fy*c[1]/c[2] + v.Cy, c[2], true
}

// nearPlane keeps projection away from the z = 0 singularity. It is far below the 3DGS
// rasteriser's 0.2-unit cut so that tiny scenes (the donut sample is 0.2 units across) project.
const nearPlane = 1e-3

// LookAt builds a training camera at eye looking at target with the given world up (COLMAP
// axes: +y of the image points away from up); used by tests and synthetic data.
func LookAt(eye, target, up [3]float64, width, height int, fx, fy float64) gaussians.TrainingCamera {
	f := norm(sub(target, eye))
	r := norm(cross(f, up)) // image +x
	d := cross(f, r)        // image +y (down)
	c := gaussians.TrainingCamera{Width: width, Height: height, Position: eye, Fx: fx, Fy: fy}
	for i := 0; i < 3; i++ { // columns of camera-to-world are the camera axes in world space
		c.Rotation[i] = [3]float64{r[i], d[i], f[i]}
	}
	return c
}

func sub(a, b [3]float64) [3]float64 { return [3]float64{a[0] - b[0], a[1] - b[1], a[2] - b[2]} }
func cross(a, b [3]float64) [3]float64 {
	return [3]float64{a[1]*b[2] - a[2]*b[1], a[2]*b[0] - a[0]*b[2], a[0]*b[1] - a[1]*b[0]}
}
func norm(a [3]float64) [3]float64 {
	n := math.Sqrt(a[0]*a[0] + a[1]*a[1] + a[2]*a[2])
	if n == 0 {
		return a
	}
	return [3]float64{a[0] / n, a[1] / n, a[2] / n}
}
