package render

import (
	"context"
	"fmt"
	"image"
	"path/filepath"
	"sync"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/csp"
	"github.com/splatscope/splatscope/mesh"
)

// Field golden size: the brief's 160×120 keeps llvmpipe and the CPU twin quick.
const fieldW, fieldH = 160, 120

// Tolerances of GL against the CPU twin: the same algorithm in float32 on both sides, but
// GPU transcendental and fused operations round differently, which flips a few silhouette and
// step-limit pixels: 2.5/255 mean difference and 2% of pixels off by more than pixelTolerance.
const (
	twinMeanTolerance = 2.5 / 255
	twinFracTolerance = 0.02
)

// funcField is a csp.Field from a closest-point function and a box (analytic test shapes).
type funcField struct {
	f      func(p mgl32.Vec3) mgl32.Vec3
	lo, hi mgl32.Vec3
}

func (f funcField) ClosestPoints(ps, out []mgl32.Vec3) {
	for i, p := range ps {
		out[i] = f.f(p)
	}
}
func (f funcField) Bounds() (lo, hi mgl32.Vec3) { return f.lo, f.hi }

func bakeField(t testing.TB, f csp.Field, n int) *csp.Grid {
	t.Helper()
	lo, hi := f.Bounds()
	g, err := csp.Bake(context.Background(), f, lo, hi, n, nil)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// sphereGrid bakes the unit sphere in [−1.25, 1.25]³.
func sphereGrid(t testing.TB, n int) *csp.Grid {
	return bakeField(t, funcField{f: func(p mgl32.Vec3) mgl32.Vec3 {
		if l := p.Len(); l > 0 {
			return p.Mul(1 / l)
		}
		return mgl32.Vec3{1, 0, 0}
	}, lo: mgl32.Vec3{-1.25, -1.25, -1.25}, hi: mgl32.Vec3{1.25, 1.25, 1.25}}, n)
}

// platesGrid bakes two open square plates 1.5 voxels apart (off the node planes by 0.3
// voxel) on n³ nodes over [−1, 1]³.
func platesGrid(t testing.TB, n int) *csp.Grid {
	h := 2 / float32(n-1)
	z0, z1 := 0.3*h-0.75*h, 0.3*h+0.75*h
	sq := func(p mgl32.Vec3, z float32) mgl32.Vec3 {
		return mgl32.Vec3{mgl32.Clamp(p[0], -0.6, 0.6), mgl32.Clamp(p[1], -0.6, 0.6), z}
	}
	return bakeField(t, funcField{f: func(p mgl32.Vec3) mgl32.Vec3 {
		a, b := sq(p, z0), sq(p, z1)
		if p.Sub(a).Len() <= p.Sub(b).Len() {
			return a
		}
		return b
	}, lo: mgl32.Vec3{-1, -1, -1}, hi: mgl32.Vec3{1, 1, 1}}, n)
}

var teapotGrids sync.Map // n -> *csp.Grid

// teapotGrid bakes the Utah teapot at n³ (once per n).
func teapotGrid(t testing.TB, n int) *csp.Grid {
	t.Helper()
	if g, ok := teapotGrids.Load(n); ok {
		return g.(*csp.Grid)
	}
	m, err := mesh.Load(filepath.Join(dataDir, "meshes", "utah_teapot.obj"), nil)
	if err != nil {
		t.Skipf("teapot: %v", err)
	}
	g, err := csp.BakeMesh(context.Background(), m, n, nil)
	if err != nil {
		t.Fatal(err)
	}
	teapotGrids.Store(n, g)
	return g
}

// lookFrame is a 45° perspective frame from eye toward target.
func lookFrame(eye, target, up mgl32.Vec3, w, h int) Frame {
	d := target.Sub(eye).Len()
	return Frame{
		View: mgl32.LookAtV(eye, target, up),
		Proj: mgl32.Perspective(mgl32.DegToRad(45), float32(w)/float32(h), d/100, d*4),
		Eye:  eye, Width: w, Height: h,
	}
}

// isoFrame looks at g's box from the (1, 0.7, 1.2) direction, the box filling the view.
func isoFrame(g *csp.Grid, w, h int) Frame {
	lo, hi := g.Bounds()
	c := lo.Add(hi).Mul(0.5)
	eye := c.Add(mgl32.Vec3{1, 0.7, 1.2}.Normalize().Mul(0.95 * hi.Sub(lo).Len()))
	return lookFrame(eye, c, mgl32.Vec3{0, 1, 0}, w, h)
}

type fieldCase struct {
	name  string
	grid  func(t testing.TB) *csp.Grid
	frame func(g *csp.Grid) Frame
	style FieldStyle
}

var fieldCases = []fieldCase{
	{"sphere", func(t testing.TB) *csp.Grid { return sphereGrid(t, 64) }, nil, FieldStyle{}},
	{"sphere_half", func(t testing.TB) *csp.Grid { return sphereGrid(t, 64).ToHalf() }, nil, FieldStyle{}},
	{"teapot", func(t testing.TB) *csp.Grid { return teapotGrid(t, 64) }, nil, FieldStyle{}},
	{"teapot_normals", func(t testing.TB) *csp.Grid { return teapotGrid(t, 64) }, nil, FieldStyle{Mode: csp.Normals}},
	{"teapot_mean", func(t testing.TB) *csp.Grid { return teapotGrid(t, 64) }, nil, FieldStyle{Mode: csp.MeanCurvature}},
	{"teapot_gauss", func(t testing.TB) *csp.Grid { return teapotGrid(t, 64) }, nil, FieldStyle{Mode: csp.GaussianCurvature}},
	{"teapot_steps", func(t testing.TB) *csp.Grid { return teapotGrid(t, 64) }, nil, FieldStyle{Mode: csp.Steps}},
	{"teapot_residual", func(t testing.TB) *csp.Grid { return teapotGrid(t, 64) }, nil, FieldStyle{Mode: csp.Residual}},
	// Two plates 1.5 voxels apart seen edge-on-ish, 12° above their plane: both plates, no
	// phantom sheet between them.
	{"plates", func(t testing.TB) *csp.Grid { return platesGrid(t, 32) },
		func(*csp.Grid) Frame {
			return lookFrame(mgl32.Vec3{-2.6, -0.9, 0.6}, mgl32.Vec3{}, mgl32.Vec3{0, 0, 1}, fieldW, fieldH)
		}, FieldStyle{}},
}

// imageDiff returns the mean absolute channel difference in [0, 1] and the fraction of
// pixels whose largest channel difference exceeds pixelTolerance.
func imageDiff(a, b *image.RGBA) (mean, frac float64, err error) {
	if a.Bounds() != b.Bounds() {
		return 1, 1, fmt.Errorf("sizes %v and %v", a.Bounds(), b.Bounds())
	}
	var sum, n int
	for i := 0; i+3 < len(a.Pix); i += 4 {
		d := 0
		for k := 0; k < 3; k++ {
			dk := absInt(int(a.Pix[i+k]) - int(b.Pix[i+k]))
			sum += dk
			d = max(d, dk)
		}
		if d > pixelTolerance {
			n++
		}
	}
	px := len(a.Pix) / 4
	return float64(sum) / float64(3*px) / 255, float64(n) / float64(px), nil
}

func TestFieldGLMatchesCPU(t *testing.T) {
	if csp.DefaultBackground != [2]mgl32.Vec3{BackgroundBottom, BackgroundTop} {
		t.Fatalf("csp.DefaultBackground %v differs from render's background %v, %v", csp.DefaultBackground, BackgroundBottom, BackgroundTop)
	}
	for _, fc := range fieldCases {
		t.Run(fc.name, func(t *testing.T) {
			g := fc.grid(t)
			f := isoFrame(g, fieldW, fieldH)
			if fc.frame != nil {
				f = fc.frame(g)
			}
			var img *image.RGBA
			var err error
			onGL(t, func(Info) { img, err = renderFieldFrame(g, f, fc.style) })
			if err != nil {
				t.Fatal(err)
			}
			cpu := csp.RenderImage(g, csp.NewTraceCamera(f.View, f.Proj, f.Eye), f.Width, f.Height, fc.style.Options())
			mean, frac, err := imageDiff(img, cpu)
			t.Logf("GL vs CPU: mean difference %.4f, %.2f%% of pixels differ", mean, 100*frac)
			if err != nil || mean > twinMeanTolerance || frac > twinFracTolerance {
				path := filepath.Join("testdata", "golden", "field_"+fc.name+"-cpu-got.png")
				_ = writePNG(path, cpu)
				_ = writePNG(filepath.Join("testdata", "golden", "field_"+fc.name+"-gl-got.png"), img)
				t.Errorf("GL and CPU images differ: mean %.4f (allowed %.4f), %.2f%% pixels (allowed %.2f%%), %v; wrote %s",
					mean, twinMeanTolerance, 100*frac, 100*twinFracTolerance, err, path)
			}
			compareGolden(t, "field_"+fc.name, img)
		})
	}
}
