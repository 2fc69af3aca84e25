package gaussians

import (
	"fmt"
	"math"
	"math/rand"

	"github.com/splatscope/splatscope/safetensors"
)

// The demo appearance bundle: a synthetic little house and tree on a lawn (Y up), with a
// hand-made Wild-GS model whose three "photos" light it as day, sunset and night. Each
// Gaussian's f_in is a one-hot material; the global embedding carries the light (sun colour,
// ambient colour, window glow); the first layer computes albedo·(ambient + lit·sun) + glow per
// material and colour channel, gated by the one-hot (see demoMLP); a 1-channel triplane adds a
// warm sunset ramp along +x.

// demo materials (one-hot f_in index).
const (
	matWallLit = iota
	matWallShade
	matRoof
	matWindow
	matTrunk
	matLeavesLit
	matLeavesShade
	matGround
	demoMaterials
)

// demoAlbedo and demoLit are each material's colour and how much of the sun reaches it.
var (
	demoAlbedo = [demoMaterials][3]float32{
		{0.85, 0.78, 0.65}, {0.85, 0.78, 0.65}, {0.62, 0.22, 0.16}, {0.25, 0.3, 0.36},
		{0.42, 0.28, 0.16}, {0.3, 0.58, 0.22}, {0.3, 0.58, 0.22}, {0.36, 0.52, 0.26},
	}
	demoLit = [demoMaterials]float32{1, 0.35, 0.8, 0.5, 0.6, 1, 0.4, 0.9}
)

// demoLights are the day, sunset and night global embeddings' first 9 values: sun RGB,
// ambient RGB, window glow RGB (the other 7 of the 16 are zero).
var demoLights = [3][9]float32{
	{0.72, 0.7, 0.64, 0.34, 0.37, 0.44, 0, 0, 0},
	{0.95, 0.45, 0.2, 0.22, 0.16, 0.22, 0.25, 0.14, 0.05},
	{0.03, 0.04, 0.08, 0.04, 0.05, 0.11, 1.1, 0.8, 0.35},
}

// demoGate is the bias that switches off the hidden units of the materials a Gaussian is
// not made of: it exceeds any lit colour (< 3), so relu(colour − gate) is 0.
const demoGate = 10

// DemoAppearanceBundle builds the embedded demo's synthetic appearance bundle (photos "day",
// "sunset" and "night", all labelled synthetic). It needs no files.
func DemoAppearanceBundle() *AppearanceBundle {
	s := demoScene()
	ts, meta := demoWeights(s)
	b, err := NewAppearanceBundle(s, ts, meta, demoPhotos())
	if err != nil {
		panic("gaussians: demo appearance bundle: " + err.Error()) // built by code: a bug, not input
	}
	return b
}

// demoScene places the house, tree and lawn Gaussians; f_in_m is 1 for material m.
func demoScene() *Scene {
	rng := rand.New(rand.NewSource(11))
	type g struct {
		p     [3]float32
		scale [3]float32 // standard deviations
		mat   int
	}
	var gs []g
	add := func(p [3]float32, sc [3]float32, m int) { gs = append(gs, g{p, sc, m}) }
	u := func(a, b float32) float32 { return a + (b-a)*rng.Float32() }
	const thin, dot = 0.008, 0.035 // surface splats: thin across, dot-sized along the surface
	for i := 0; i < 1200; i++ {    // lawn: a disc of radius 3
		r, a := 3*float32(math.Sqrt(rng.Float64())), u(0, 2*math.Pi)
		add([3]float32{r * cos32(a), 0, r * sin32(a)}, [3]float32{0.06, thin, 0.06}, matGround)
	}
	x0, x1, z0, z1, h := float32(-1.4), float32(-0.2), float32(-0.6), float32(0.6), float32(0.9)
	for i := 0; i < 700; i++ { // walls; the sun comes from +x +z
		y := u(0, h)
		switch i % 4 {
		case 0, 1: // front (+z) and back (−z) walls
			x, z, m := u(x0, x1), z1, matWallLit
			if i%4 == 1 {
				z, m = z0, matWallShade
			}
			if z == z1 && y > 0.35 && y < 0.7 && (x > -1.25 && x < -0.95 || x > -0.65 && x < -0.35) {
				m = matWindow
			}
			add([3]float32{x, y, z}, [3]float32{dot, dot, thin}, m)
		default: // side walls: +x lit, −x shaded
			x, m := x1, matWallLit
			if i%4 == 3 {
				x, m = x0, matWallShade
			}
			add([3]float32{x, y, u(z0, z1)}, [3]float32{thin, dot, dot}, m)
		}
	}
	for i := 0; i < 500; i++ { // gable roof from the eaves (y 0.9, z ±0.7) to the ridge (y 1.4, z 0)
		f, side := rng.Float32(), float32(1)
		if i%2 == 1 {
			side = -1
		}
		add([3]float32{u(x0-0.1, x1+0.1), h + 0.5*f, side * 0.7 * (1 - f)}, [3]float32{0.045, 0.02, 0.045}, matRoof)
	}
	tx, tz := float32(1.2), float32(0.2)
	for i := 0; i < 150; i++ { // trunk
		a := u(0, 2*math.Pi)
		add([3]float32{tx + 0.1*cos32(a), u(0, 0.8), tz + 0.1*sin32(a)}, [3]float32{0.03, 0.05, 0.03}, matTrunk)
	}
	sun := normalize3([3]float32{1, 1, 1})
	for i := 0; i < 700; i++ { // crown: a ball of leaves, lit on the sun's side
		d := normalize3([3]float32{float32(rng.NormFloat64()), float32(rng.NormFloat64()), float32(rng.NormFloat64())})
		r := 0.55 * float32(math.Cbrt(0.3+0.7*rng.Float64()))
		m := matLeavesShade
		if d[0]*sun[0]+d[1]*sun[1]+d[2]*sun[2] > -0.1 {
			m = matLeavesLit
		}
		add([3]float32{tx + r*d[0], 1.2 + r*d[1], tz + r*d[2]}, [3]float32{0.06, 0.06, 0.06}, m)
	}
	s := NewScene(len(gs), 0)
	fin := make([][]float32, demoMaterials)
	for m := range fin {
		fin[m] = make([]float32, len(gs))
	}
	for i, q := range gs {
		copy(s.Positions[3*i:], q.p[:])
		for a := 0; a < 3; a++ {
			s.Scales[3*i+a] = float32(math.Log(float64(q.scale[a])))
			s.SHDC[3*i+a] = DCFromColor(demoAlbedo[q.mat][a])
		}
		s.Opacities[i] = 3 // logit of 0.95: nearly opaque
		fin[q.mat][i] = 1
	}
	for m := range fin {
		s.Extra = append(s.Extra, Property{Name: fmt.Sprintf("f_in_%d", m), Values: fin[m]})
	}
	s.Source = "demo (synthetic)"
	return s
}

// demoWeights builds the tensors: 16-wide global embeddings, a 1-channel 2×2 triplane, no local
// MLP, and the two-layer main MLP of demoMLP.
func demoWeights(s *Scene) (map[string]safetensors.Tensor, map[string]string) {
	const g, c, r = 16, 1, 2
	lo, hi := s.Bounds()
	for a := 0; a < 3; a++ {
		lo[a], hi[a] = lo[a]-0.1, hi[a]+0.1 // every Gaussian strictly inside the box
	}
	global := make([]float32, 3*g)
	planes := make([]float32, 3*3*c*r*r)
	for p := range demoLights {
		copy(global[p*g:], demoLights[p][:])
	}
	// Sunset (photo 1): the xy and xz planes ramp from 0 at −x to 0.25 at +x (texels u = 1).
	for _, pl := range []int{0, 1} {
		base := (1*3 + pl) * c * r * r
		planes[base+1], planes[base+3] = 0.25, 0.25
	}
	t := func(shape []int, data []float32) safetensors.Tensor {
		return safetensors.Tensor{Shape: shape, Dtype: "F32", Data: data}
	}
	w0, b0, w1, b1 := demoMLP(g, c)
	ts := map[string]safetensors.Tensor{
		"global_embeddings": t([]int{3, g}, global),
		"triplanes":         t([]int{3, 3, c, r, r}, planes),
		"triplane_box_min":  t([]int{3}, lo[:]),
		"triplane_box_max":  t([]int{3}, hi[:]),
		"default_local":     t([]int{c}, make([]float32, c)),
		"mlp.0.weight":      t([]int{len(b0), g + c + demoMaterials}, w0),
		"mlp.0.bias":        t([]int{len(b0)}, b0),
		"mlp.2.weight":      t([]int{3, len(b0)}, w1),
		"mlp.2.bias":        t([]int{3}, b1),
	}
	return ts, map[string]string{"model": ModelWildGS, "format_version": "1", "sh_degree": "0", "activation": "relu", "synthetic": "true"}
}

// demoMLP returns the hand-made main MLP. Input: global (sun 0..2, ambient 3..5, glow 6..8),
// local (1), f_in one-hot (8). Hidden unit 3m+ch is relu(albedo·(ambient + lit·sun) [+ glow for
// windows] + gate·(f_in_m − 1)), unit 24 passes the sunset ramp; the output sums the units of
// each channel (plus the ramp, warm) and turns the colour into an SH DC coefficient.
func demoMLP(g, c int) (w0, b0, w1, b1 []float32) {
	in, hid := g+c+demoMaterials, 3*demoMaterials+1
	w0, b0 = make([]float32, hid*in), make([]float32, hid)
	w1, b1 = make([]float32, 3*hid), make([]float32, 3)
	for m := 0; m < demoMaterials; m++ {
		for ch := 0; ch < 3; ch++ {
			row := w0[(3*m+ch)*in:]
			row[ch] = demoAlbedo[m][ch] * demoLit[m] // sun
			row[3+ch] = demoAlbedo[m][ch]            // ambient
			if m == matWindow {
				row[6+ch] = 1 // the glow of a lit room
			}
			row[g+c+m] = demoGate
			b0[3*m+ch] = -demoGate
			w1[ch*hid+3*m+ch] = 1 / float32(SHC0)
		}
	}
	w0[(hid-1)*in+g] = 1                                                     // the sunset ramp
	w1[0*hid+hid-1], w1[1*hid+hid-1] = 0.5/float32(SHC0), 0.18/float32(SHC0) // warm: red, some green
	for ch := range b1 {
		b1[ch] = -0.5 / float32(SHC0) // colour = 0.5 + SHC0·dc
	}
	return
}

// demoPhotos are three views from the lawn's front, named after their light.
func demoPhotos() []Photo {
	var ps []Photo
	for i, name := range []string{"day", "sunset", "night"} {
		pos := [3]float64{-0.6 + 0.8*float64(i), 1.4, 4.2}
		ps = append(ps, Photo{Name: name + " (synthetic)", Width: 960, Height: 540,
			Camera: PhotoCamera{Position: pos, Rotation: lookAtRotation(pos, [3]float64{0, 0.6, 0}), Fx: 800, Fy: 800}})
	}
	return ps
}

// lookAtRotation is the camera-to-world rotation (OpenCV axes: x right, y down, z forward) of a
// camera at eye looking at target with world +Y up.
func lookAtRotation(eye, target [3]float64) [3][3]float64 {
	f := norm64([3]float64{target[0] - eye[0], target[1] - eye[1], target[2] - eye[2]})
	r := norm64(cross64(f, [3]float64{0, 1, 0}))
	d := cross64(f, r)
	var m [3][3]float64
	for i := 0; i < 3; i++ {
		m[i] = [3]float64{r[i], d[i], f[i]}
	}
	return m
}

// cross64 is the cross product a×b.
func cross64(a, b [3]float64) [3]float64 {
	return [3]float64{a[1]*b[2] - a[2]*b[1], a[2]*b[0] - a[0]*b[2], a[0]*b[1] - a[1]*b[0]}
}

// norm64 is v/|v|.
func norm64(v [3]float64) [3]float64 {
	n := math.Sqrt(v[0]*v[0] + v[1]*v[1] + v[2]*v[2])
	return [3]float64{v[0] / n, v[1] / n, v[2] / n}
}

// normalize3 is v/|v| in float32.
func normalize3(v [3]float32) [3]float32 {
	n := float32(math.Sqrt(float64(v[0]*v[0] + v[1]*v[1] + v[2]*v[2])))
	return [3]float32{v[0] / n, v[1] / n, v[2] / n}
}

// cos32 and sin32 are math.Cos and math.Sin in float32.
func cos32(a float32) float32 { return float32(math.Cos(float64(a))) }
func sin32(a float32) float32 { return float32(math.Sin(float64(a))) }
