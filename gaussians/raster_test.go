package gaussians

import (
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

// testView looks from (0, 0, dist) down −z with a 90° vertical lens at w×h pixels.
func testView(dist float32, w, h int) View {
	return View{
		View: mgl32.LookAtV(mgl32.Vec3{0, 0, dist}, mgl32.Vec3{}, mgl32.Vec3{0, 1, 0}),
		Proj: mgl32.Perspective(math.Pi/2, float32(w)/float32(h), 0.01, 100),
		Eye:  mgl32.Vec3{0, 0, dist}, Width: w, Height: h,
	}
}

// oneGaussian makes buffers holding the given Gaussians (position, linear scale, unit quaternion,
// opacity, colour), SH degree 0.
func gaussiansOf(g ...testGaussian) *RenderBuffers {
	b := newRenderBuffers(len(g), 0)
	for i, x := range g {
		copy(b.Positions[3*i:], x.pos[:])
		copy(b.Scales[3*i:], x.scale[:])
		q := x.rot
		if q == ([4]float32{}) {
			q = [4]float32{1, 0, 0, 0}
		}
		copy(b.Rotations[4*i:], q[:])
		b.Opacities[i] = x.opacity
		copy(b.Colors[3*i:], x.color[:])
	}
	return b
}

type testGaussian struct {
	pos, scale [3]float32
	rot        [4]float32
	opacity    float32
	color      [3]float32
}

func TestCovariance3D(t *testing.T) {
	s := float32(math.Sqrt(0.5))
	cases := []struct {
		name  string
		scale [3]float32
		q     [4]float32
		want  [6]float64
	}{
		{"identity", [3]float32{1, 2, 3}, [4]float32{1, 0, 0, 0}, [6]float64{1, 0, 0, 4, 0, 9}},
		{"90° about z swaps x and y", [3]float32{1, 2, 3}, [4]float32{s, 0, 0, s}, [6]float64{4, 0, 0, 1, 0, 9}},
		{"90° about x swaps y and z", [3]float32{1, 2, 3}, [4]float32{s, s, 0, 0}, [6]float64{1, 0, 0, 9, 0, 4}},
		// 45° about z: x axis to (1,1)/√2: Σ = ½[[a+b, a−b],[a−b, a+b]] with a = 1, b = 4.
		{"45° about z", [3]float32{1, 2, 3}, [4]float32{float32(math.Cos(math.Pi / 8)), 0, 0, float32(math.Sin(math.Pi / 8))},
			[6]float64{2.5, -1.5, 0, 2.5, 0, 9}},
	}
	for _, c := range cases {
		got := Covariance3D(c.scale, c.q)
		for k := range got {
			if math.Abs(got[k]-c.want[k]) > 1e-5 {
				t.Errorf("%s: Σ = %v, want %v", c.name, got, c.want)
				break
			}
		}
	}
}

func TestProjectCentred(t *testing.T) {
	// An isotropic Gaussian of σ = 0.1 at distance 2, seen through a 90° lens 200 px tall:
	// f = 100 px, so σ' = f·σ/z = 5 px and the 2D covariance is 25 + 0.3 on the diagonal.
	v := testView(2, 200, 200)
	b := gaussiansOf(testGaussian{scale: [3]float32{0.1, 0.1, 0.1}, opacity: 0.8, color: [3]float32{1, 0.5, 0.25}})
	s, ok := Project(b, 0, v, 3)
	if !ok {
		t.Fatal("culled")
	}
	if math.Abs(s.X-99.5) > 1e-4 || math.Abs(s.Y-99.5) > 1e-4 {
		t.Errorf("centre (%v, %v), want (99.5, 99.5)", s.X, s.Y)
	}
	want := 1 / 25.3
	if math.Abs(s.Conic[0]-want) > 1e-6 || math.Abs(s.Conic[2]-want) > 1e-6 || math.Abs(s.Conic[1]) > 1e-9 {
		t.Errorf("conic %v, want [%v 0 %v]", s.Conic, want, want)
	}
	// λ = 25.3 + sqrt(0.1) (the reference's floor under mid² − det), radius = ceil(3·sqrt λ) = 16.
	if s.Radius != int(math.Ceil(3*math.Sqrt(25.3+math.Sqrt(0.1)))) {
		t.Errorf("radius %d", s.Radius)
	}
	if s.Depth != 2 {
		t.Errorf("depth %v, want 2", s.Depth)
	}
}

func TestProjectOffAxisAndClamp(t *testing.T) {
	v := testView(2, 200, 100) // 90° vertical, aspect 2: tan(fovx/2) = 2
	p := newProjector(v)
	// x right, y down on the image: a point above the axis (+y world) lands above the centre.
	b := gaussiansOf(testGaussian{pos: [3]float32{0.5, 0.5, 0}, scale: [3]float32{0.05, 0.05, 0.05}, opacity: 1})
	s, ok := p.project(b, 0, 0)
	if !ok {
		t.Fatal("culled")
	}
	if math.Abs(s.X-(50*0.5/2+99.5)) > 1e-4 || math.Abs(s.Y-(-50*0.5/2+49.5)) > 1e-4 {
		t.Errorf("centre (%v, %v)", s.X, s.Y)
	}
	// Far outside the view on x: t.x/t.z = 10 is clamped to 1.3·2 = 2.6 in the Jacobian.
	tcam := [3]float64{20, 0, 2}
	cov := [6]float64{0.01, 0, 0, 0.01, 0, 0.01}
	a, bb, c := p.cov2D(tcam, cov)
	fx := p.fx
	tx := 2.6 * 2
	j0 := [3]float64{fx / 2, 0, -fx * tx / 4}
	wantA := 0.01*(j0[0]*j0[0]+j0[2]*j0[2]) + CovDilation
	if math.Abs(a-wantA) > 1e-6*wantA || math.Abs(bb) > 1e-9 || math.Abs(c-(0.01*p.fy*p.fy/4+CovDilation)) > 1e-9 {
		t.Errorf("clamped cov2D = %v %v %v, want %v 0 %v", a, bb, c, wantA, 0.01*p.fy*p.fy/4+CovDilation)
	}
}

func TestProjectCulling(t *testing.T) {
	v := testView(2, 100, 100)
	cases := []struct {
		name string
		pos  [3]float32
		ok   bool
	}{
		{"in front", [3]float32{0, 0, 0}, true},
		{"inside the near cull (z = 0.15)", [3]float32{0, 0, 1.85}, false},
		{"just inside the near cull (z = 0.19)", [3]float32{0, 0, 1.81}, false},
		{"just outside the near cull (z = 0.21)", [3]float32{0, 0, 1.79}, true},
		{"behind", [3]float32{0, 0, 3}, false},
		{"far off screen", [3]float32{50, 0, 0}, false},
	}
	for _, c := range cases {
		b := gaussiansOf(testGaussian{pos: c.pos, scale: [3]float32{0.01, 0.01, 0.01}, opacity: 1})
		if _, ok := Project(b, 0, v, 0); ok != c.ok {
			t.Errorf("%s: visible %v, want %v", c.name, ok, c.ok)
		}
	}
}

func TestSplatAlpha(t *testing.T) {
	conic := [3]float64{1.0 / 4, 0, 1.0 / 4} // σ = 2 px
	cases := []struct {
		dx, dy, opacity, want float64
	}{
		{0, 0, 1, 0.99},                   // capped
		{0, 0, 0.5, 0.5},                  // centre: opacity
		{2, 0, 0.5, 0.5 * math.Exp(-0.5)}, // one σ
		{0, -4, 0.8, 0.8 * math.Exp(-2)},  // two σ
		{7, 0, 0.5, 0},                    // 0.5·e^−6.125 ≈ 0.0011 < 1/255
		{1, 1, 1e-3, 0},                   // faint everywhere
	}
	for _, c := range cases {
		if got := SplatAlpha(conic, c.opacity, c.dx, c.dy); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("alpha(%v, %v, o=%v) = %v, want %v", c.dx, c.dy, c.opacity, got, c.want)
		}
	}
	// A conic that is not positive definite gives positive exponents: no contribution there.
	if got := SplatAlpha([3]float64{-1, 0, -1}, 1, 1, 1); got != 0 {
		t.Errorf("indefinite conic: %v", got)
	}
}

func TestRenderCPUBlending(t *testing.T) {
	v := testView(2, 64, 64)
	bg := [3]float32{0.2, 0.2, 0.2}
	red := testGaussian{pos: [3]float32{0, 0, 0.5}, scale: [3]float32{0.1, 0.1, 0.1}, opacity: 0.6, color: [3]float32{1, 0, 0}}
	blue := testGaussian{pos: [3]float32{0, 0, 0}, scale: [3]float32{0.1, 0.1, 0.1}, opacity: 1, color: [3]float32{0, 0, 1}}
	// Centre pixels are (31, 31)..(32, 32); the Gaussians' centre is at 31.5: d = (0.5, 0.5).
	img := RenderCPU(gaussiansOf(blue, red), v, RasterOptions{Background: bg})
	pr := newProjector(v)
	sr, _ := pr.project(gaussiansOf(red), 0, 0)
	sb, _ := pr.project(gaussiansOf(blue), 0, 0)
	ar := SplatAlpha(sr.Conic, sr.Opacity, 0.5, 0.5)
	ab := SplatAlpha(sb.Conic, sb.Opacity, 0.5, 0.5)
	// Red is nearer (z = 0.5): C = red·ar + T·(blue·ab) + T·(1 − ab)·bg with T = 1 − ar.
	tr := 1 - ar
	want := [3]float64{ar + tr*(1-ab)*0.2, tr * (1 - ab) * 0.2, tr*ab + tr*(1-ab)*0.2}
	px := img.RGBAAt(31, 31)
	got := [3]uint8{px.R, px.G, px.B}
	for k := range want {
		if got[k] != to8(want[k]) {
			t.Errorf("centre pixel %v, want %v (%v)", got, [3]uint8{to8(want[0]), to8(want[1]), to8(want[2])}, want)
			break
		}
	}
	// Far corner: background only.
	if c := img.RGBAAt(0, 0); c.R != to8(0.2) || c.B != to8(0.2) {
		t.Errorf("corner %v, want background", c)
	}
	// Symmetry of an isotropic splat about its centre pixel pair.
	if img.RGBAAt(25, 31) != img.RGBAAt(38, 31) || img.RGBAAt(31, 25) != img.RGBAAt(31, 38) {
		t.Errorf("asymmetric: %v %v / %v %v", img.RGBAAt(25, 31), img.RGBAAt(38, 31), img.RGBAAt(31, 25), img.RGBAAt(31, 38))
	}
}

func TestRenderCPURealDonut(t *testing.T) {
	s := mustLoad(t, "v3dg_donut_sh0.ply")
	b := RenderBuffersFromScene(s)
	// Seen from above (+Z up scene, camera on +z): a ring of icing around an empty hole.
	v := View{
		View: mgl32.LookAtV(mgl32.Vec3{0, 0, 0.5}, mgl32.Vec3{0, 0, 0.04}, mgl32.Vec3{0, 1, 0}),
		Proj: mgl32.Perspective(mgl32.DegToRad(45), 1, 0.01, 10), Eye: mgl32.Vec3{0, 0, 0.5}, Width: 80, Height: 80,
	}
	img := RenderCPU(b, v, RasterOptions{})
	lum := func(x, y int) int { c := img.RGBAAt(x, y); return int(c.R) + int(c.G) + int(c.B) }
	if l := lum(0, 0); l != 0 {
		t.Errorf("corner not background: %d", l)
	}
	// The hole at the centre is darker than the ring at a quarter of the way out.
	if hole, ring := lum(40, 40), lum(40, 40-14); !(ring > hole+60) {
		t.Errorf("ring %d not brighter than hole %d", ring, hole)
	}
}

// BenchmarkRenderCPUDonut rasterises the real donut (45,624 Gaussians) at 320×240 on the CPU.
func BenchmarkRenderCPUDonut(b *testing.B) {
	s := mustLoad(b, "v3dg_donut_sh0.ply")
	buf := RenderBuffersFromScene(s)
	v := View{
		View: mgl32.LookAtV(mgl32.Vec3{0.3, -0.3, 0.3}, mgl32.Vec3{0, 0, 0.04}, mgl32.Vec3{0, 0, 1}),
		Proj: mgl32.Perspective(mgl32.DegToRad(45), 4.0/3, 0.01, 10), Eye: mgl32.Vec3{0.3, -0.3, 0.3}, Width: 320, Height: 240,
	}
	for range b.N {
		RenderCPU(buf, v, RasterOptions{})
	}
}
