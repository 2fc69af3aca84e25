package render

import (
	"image"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/camera"
	"github.com/splatscope/splatscope/gaussians"
)

// Splat golden size: llvmpipe draws about 100k quads in 0.25 s; 200×150 keeps the real scenes quick.
const splatW, splatH = 200, 150

// GL-versus-CPU tolerances: float32 shader math against the float64 twin, half-float blending
// and driver rounding differ by a level or two per channel on average; a few pixels along splat
// edges (the ±radius square, the 1/255 cut) may flip.
const (
	splatMeanTolerance = 2.0  // mean |GL − CPU| per channel, in 8-bit levels
	splatPixelDiff     = 24   // a pixel "differs" when a channel is off by more than this
	splatMaxDiffFrac   = 0.01 // fraction of pixels allowed to differ
)

// splatBackground is the flat background of splat images (linear RGB).
var splatBackground = mgl32.Vec3{0.07, 0.075, 0.085}

// splatCase is one GL-vs-CPU golden case.
type splatCase struct {
	name  string
	load  func(t *testing.T) *gaussians.RenderBuffers
	view  string
	up    camera.UpAxis
	cam   func(o *camera.Orbit) // adjusts the framed camera
	cover [2]float64            // expected fraction of non-background pixels
}

// splatFile loads a real scene from ../shared/data/splats.
func splatFile(name string) func(t *testing.T) *gaussians.RenderBuffers {
	return func(t *testing.T) *gaussians.RenderBuffers {
		p := filepath.Join(dataDir, "splats", name)
		if _, err := os.Stat(p); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("shared data missing: %v", err)
			}
			t.Skipf("shared data missing: %v", err)
		}
		b, err := gaussians.LoadRenderBuffers(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
}

// synthetic builds buffers from raw Gaussians: position, log scales, quaternion, opacity,
// colour (0..1) and optional SH degree-1 coefficients.
func synthetic(degree int, gs ...synthGaussian) func(t *testing.T) *gaussians.RenderBuffers {
	return func(t *testing.T) *gaussians.RenderBuffers {
		s := gaussians.NewScene(len(gs), degree)
		k3 := 3 * gaussians.SHRestCoeffs(degree)
		for i, g := range gs {
			copy(s.Positions[3*i:], g.pos[:])
			for a := 0; a < 3; a++ {
				s.Scales[3*i+a] = float32(math.Log(float64(g.scale[a])))
				s.SHDC[3*i+a] = gaussians.DCFromColor(g.color[a])
			}
			if g.rot != ([4]float32{}) {
				copy(s.Rotations[4*i:], g.rot[:])
			}
			s.Opacities[i] = gaussians.Logit(g.opacity, 1e-6)
			copy(s.SHRest[k3*i:k3*i+k3], g.sh)
		}
		return gaussians.RenderBuffersFromScene(s)
	}
}

type synthGaussian struct {
	pos, scale [3]float32
	rot        [4]float32
	opacity    float32
	color      [3]float32
	sh         []float32
}

// directional SH of degree 1 (coefficients −C1·y, C1·z, −C1·x as RGB triples): red falls
// as the view direction turns to +x, green rises toward +z; strong enough that the ring's
// spread of view directions (about ±17° from the top view) spans most of each channel.
var directional = []float32{0, 0, 0, 0, 3, 0, 3, 0, 0}

var splatCases = []splatCase{
	{name: "isotropic", view: "front", load: synthetic(0,
		synthGaussian{scale: [3]float32{0.3, 0.3, 0.3}, opacity: 0.9, color: [3]float32{0.9, 0.6, 0.2}}),
		cam: func(o *camera.Orbit) { o.Distance = 3 }, cover: [2]float64{0.05, 0.4}},
	{name: "elongated_rotated", view: "iso", load: synthetic(0,
		synthGaussian{pos: [3]float32{-0.4, 0, 0}, scale: [3]float32{0.5, 0.05, 0.05}, opacity: 0.95, color: [3]float32{0.2, 0.8, 0.3}},
		synthGaussian{pos: [3]float32{0.4, 0.2, 0}, scale: [3]float32{0.4, 0.08, 0.02}, rot: [4]float32{0.9239, 0.2, 0.1, 0.3827},
			opacity: 0.8, color: [3]float32{0.9, 0.2, 0.7}},
		synthGaussian{pos: [3]float32{0, -0.4, 0.2}, scale: [3]float32{0.02, 0.3, 0.15}, rot: [4]float32{0.7071, 0.7071, 0, 0},
			opacity: 0.7, color: [3]float32{0.2, 0.4, 1}}),
		cam: func(o *camera.Orbit) { o.Distance = 3 }, cover: [2]float64{0.03, 0.5}},
	{name: "overlapping_opacities", view: "front", load: synthetic(0,
		synthGaussian{pos: [3]float32{-0.25, 0, -0.3}, scale: [3]float32{0.35, 0.35, 0.35}, opacity: 1, color: [3]float32{1, 0.1, 0.1}},
		synthGaussian{pos: [3]float32{0, 0.1, 0}, scale: [3]float32{0.35, 0.35, 0.35}, opacity: 0.5, color: [3]float32{0.1, 1, 0.1}},
		synthGaussian{pos: [3]float32{0.25, 0, 0.3}, scale: [3]float32{0.35, 0.35, 0.35}, opacity: 0.25, color: [3]float32{0.1, 0.1, 1}}),
		cam: func(o *camera.Orbit) { o.Distance = 3 }, cover: [2]float64{0.1, 0.7}},
	{name: "sh1_direction", view: "top", load: func() func(t *testing.T) *gaussians.RenderBuffers {
		var gs []synthGaussian
		for i := 0; i < 12; i++ {
			a := 2 * math.Pi * float64(i) / 12
			gs = append(gs, synthGaussian{pos: [3]float32{float32(math.Cos(a)), 0, float32(math.Sin(a))},
				scale: [3]float32{0.12, 0.12, 0.12}, opacity: 0.95, color: [3]float32{0.5, 0.5, 0.5}, sh: directional})
		}
		return synthetic(1, gs...)
	}(), cam: func(o *camera.Orbit) { o.Distance = 3.5 }, cover: [2]float64{0.03, 0.5}},
	{name: "donut", view: "iso", up: camera.ZUp, load: splatFile("v3dg_donut_sh0.ply"), cover: [2]float64{0.15, 0.8}},
	{name: "fruit_drops", view: "front", up: camera.NegYUp, load: splatFile("supersplat_fruit_drops_minimal_sh3.ply"), cover: [2]float64{0.1, 0.9}},
	{name: "fountain", view: "front", up: camera.NegYUp, load: splatFile("swiftgraphics_winter_fountain.splat"), cover: [2]float64{0.1, 0.9}},
	{name: "biker", view: "iso", up: camera.NegYUp, load: splatFile("playcanvas_biker_v4.spz"), cover: [2]float64{0.05, 0.9}},
}

// splatCamera frames b from the named view with the given up axis.
func splatCamera(b *gaussians.RenderBuffers, c splatCase) *camera.Orbit {
	o := camera.NewOrbit()
	o.Up = c.up
	o.SetView(c.view)
	gaussians.FrameOrbit(b, o)
	if c.cam != nil {
		c.cam(o)
	}
	return o
}

// renderSplatBoth renders a case with GL and on the CPU.
func renderSplatBoth(t *testing.T, b *gaussians.RenderBuffers, cam camera.Camera) (gl, cpu *image.RGBA) {
	t.Helper()
	var err error
	onGL(t, func(Info) {
		gl, err = RenderSplatsPNG(b, cam, splatW, splatH, DefaultSplatStyle, splatBackground)
	})
	if err != nil {
		t.Fatal(err)
	}
	cpu = gaussians.RenderCPU(b, gaussians.ViewFor(cam, splatW, splatH),
		gaussians.RasterOptions{Background: [3]float32(splatBackground), MaxSHDegree: DefaultSplatStyle.SHDegree})
	return gl, cpu
}

// splatImageDiff returns the mean absolute channel difference and the fraction of pixels with a
// channel off by more than limit.
func splatImageDiff(a, b *image.RGBA, limit int) (mean, frac float64) {
	n, sum := 0, 0
	for i := 0; i+3 < len(a.Pix); i += 4 {
		d := 0
		for k := 0; k < 3; k++ {
			x := absInt(int(a.Pix[i+k]) - int(b.Pix[i+k]))
			sum += x
			d = max(d, x)
		}
		if d > limit {
			n++
		}
	}
	px := len(a.Pix) / 4
	return float64(sum) / float64(3*px), float64(n) / float64(px)
}

// background returns a flat image of the splat background, 8-bit as the renders store it.
func splatBackgroundImage() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, splatW, splatH))
	for i := 0; i < len(img.Pix); i += 4 {
		for k := 0; k < 3; k++ {
			img.Pix[i+k] = uint8(math.Round(float64(splatBackground[k]) * 255))
		}
		img.Pix[i+3] = 255
	}
	return img
}

func TestSplatGLMatchesCPU(t *testing.T) {
	for _, c := range splatCases {
		t.Run(c.name, func(t *testing.T) {
			b := c.load(t)
			cam := splatCamera(b, c)
			glImg, cpuImg := renderSplatBoth(t, b, cam)
			if dir := os.Getenv("SPLAT_DUMP"); dir != "" { // for looking at the renders
				writePNG(filepath.Join(dir, c.name+"_gl.png"), glImg)
				writePNG(filepath.Join(dir, c.name+"_cpu.png"), cpuImg)
			}
			mean, frac := splatImageDiff(glImg, cpuImg, splatPixelDiff)
			cov, _ := coverage(cpuImg, splatBackgroundImage())
			t.Logf("%d Gaussians: GL vs CPU mean |diff| %.3f levels, %.3f%% pixels differ; coverage %.3f", b.N, mean, 100*frac, cov)
			if mean > splatMeanTolerance || frac > splatMaxDiffFrac {
				writePNG(filepath.Join("testdata", "golden", "splat_"+c.name+"-cpu-got.png"), cpuImg)
				writePNG(filepath.Join("testdata", "golden", "splat_"+c.name+"-got.png"), glImg)
				t.Errorf("GL and CPU differ: mean %.3f (max %.1f), %.3f%% pixels (max %.1f%%)", mean, splatMeanTolerance, 100*frac, 100*splatMaxDiffFrac)
			}
			if cov < c.cover[0] || cov > c.cover[1] {
				t.Errorf("splats cover %.3f of the image, want %.3f..%.3f", cov, c.cover[0], c.cover[1])
			}
			compareGolden(t, "splat_"+c.name, glImg)
		})
	}
}

// The same 3 real Gaussians (3DGS "train" scene) in PLY (SH 3), .splat (DC colour only) and
// SPZ v3 (SH 3, quantised): seen close up at SH degree 0 they must render alike, and each GL
// image must match its CPU twin.
func TestSplatCrossFormat(t *testing.T) {
	files := []string{"metalsplatter_train_3points.ply", "metalsplatter_train_3points.splat", "metalsplatter_train_3points.spz"}
	flat := SplatStyle{SHDegree: 0} // .splat stores no SH bands
	var imgs []*image.RGBA
	for _, f := range files {
		b := splatFile(f)(t)
		if b.N != 3 {
			t.Fatalf("%s: %d Gaussians, want 3", f, b.N)
		}
		cam := camera.NewOrbit()
		cam.Up = camera.NegYUp
		cam.SetView("front")
		cam.Target = mgl32.Vec3{b.Positions[0], b.Positions[1], b.Positions[2]} // the opaque one (0.70)
		cam.Distance = 0.3                                                      // beyond the 0.2 near cull; σ ≈ 10 px
		var glImg *image.RGBA
		var err error
		onGL(t, func(Info) { glImg, err = RenderSplatsPNG(b, cam, splatW, splatH, flat, splatBackground) })
		if err != nil {
			t.Fatal(err)
		}
		cpuImg := gaussians.RenderCPU(b, gaussians.ViewFor(cam, splatW, splatH), gaussians.RasterOptions{Background: [3]float32(splatBackground)})
		mean, frac := splatImageDiff(glImg, cpuImg, splatPixelDiff)
		cov, _ := coverage(cpuImg, splatBackgroundImage())
		t.Logf("%s: GL vs CPU mean %.3f, %.3f%% differ; coverage %.3f", f, mean, 100*frac, cov)
		if mean > splatMeanTolerance || frac > splatMaxDiffFrac {
			t.Errorf("%s: GL and CPU differ: mean %.3f, %.3f%% pixels", f, mean, 100*frac)
		}
		if cov < 0.01 { // a thin splat (σ 3.5 mm × 20 mm) a few hundred pixels big
			t.Errorf("%s: the close-up Gaussian covers only %.3f of the image", f, cov)
		}
		imgs = append(imgs, glImg)
	}
	compareGolden(t, "splat_train3_ply", imgs[0])
	// Formats: 8-bit colours and opacities, quantised scales and rotations move values by ~1%.
	for i := 1; i < len(imgs); i++ {
		mean, frac := splatImageDiff(imgs[0], imgs[i], splatPixelDiff)
		t.Logf("%s vs %s: mean %.3f, %.3f%% differ", files[0], files[i], mean, 100*frac)
		if mean > 2 || frac > 0.02 {
			t.Errorf("%s renders unlike %s: mean %.3f levels, %.3f%% pixels differ", files[i], files[0], mean, 100*frac)
		}
	}
}
