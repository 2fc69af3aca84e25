package csp

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

// platesGrid bakes two plates 1.5 voxels apart on n³ nodes over [−1, 1]³, off the node
// planes by 0.3 voxel so no node is equidistant; it returns the grid and the plates' heights.
func platesGrid(t testing.TB, n int) (*Grid, float32, float32) {
	h := 2 / float32(n-1)
	mid := 0.3 * h
	z0, z1 := mid-0.75*h, mid+0.75*h
	return bakeTest(t, platesField(0.6, z0, z1), n), z0, z1
}

// sideOrtho looks along +x at the height z with an orthographic window of half-height
// halfH: every ray is parallel to the plates.
func sideOrtho(z, halfH float32, w, h int) TraceCamera {
	eye := mgl32.Vec3{-3, 0, z}
	view := mgl32.LookAtV(eye, mgl32.Vec3{0, 0, z}, mgl32.Vec3{0, 0, 1})
	aspect := float32(w) / float32(h)
	proj := mgl32.Ortho(-halfH*aspect, halfH*aspect, -halfH, halfH, 0.1, 10)
	return NewTraceCamera(view, proj, eye)
}

func TestPlatesNoPhantomSheet(t *testing.T) {
	g, z0, z1 := platesGrid(t, 32)
	gap := z1 - z0
	const w, h = 48, 24
	eps := 0.25 * g.Spacing
	// Rays parallel to the plates, spread over the whole gap. A ray may stop only if it
	// passes within ε of a plate (or its rim); any other hit is a phantom sheet.
	cam := sideOrtho((z0+z1)/2, 0.5*gap, w, h)
	phantoms := func(f Field) (n, clear int) {
		for i, hp := range Trace(f, cam, w, h, TraceOptions{Epsilon: eps}) {
			o, _, _ := cam.Ray((float32(i%w)+0.5)/w*2-1, 1-(float32(i/w)+0.5)/h*2)
			if min(abs32(o[2]-z0), abs32(o[2]-z1)) <= 1.05*eps {
				continue
			}
			clear++
			if hp.Hit {
				n++
			}
		}
		return n, clear
	}
	n, clear := phantoms(g)
	if clear < w*h/2 {
		t.Fatalf("only %d clear rays: the test window is wrong", clear)
	}
	if n != 0 {
		t.Errorf("%d of %d rays through the gap between the plates hit a phantom sheet", n, clear)
	}
	// The same rays on the raw interpolated field do hit the phantom: the test has teeth.
	if n, _ := phantoms(plainGrid{g}); n < w {
		t.Errorf("raw trilinear field: only %d gap rays hit; expected the phantom sheet", n)
	}
}

func TestPlatesBothVisible(t *testing.T) {
	g, z0, z1 := platesGrid(t, 32)
	const w, h = 160, 120
	// Edge-on-ish: 12° above the plates' plane, from the side.
	eye := mgl32.Vec3{-2.6, -0.9, 0.6}
	cam := lookCam(eye, mgl32.Vec3{}, mgl32.Vec3{0, 0, 1}, w, h)
	hits := Trace(g, cam, w, h, TraceOptions{})
	var top, bottom, other int
	tol := 0.5 * g.Spacing
	for _, hp := range hits {
		if !hp.Hit {
			continue
		}
		switch z := hp.P[2]; {
		case abs32(z-z1) <= tol:
			top++
		case abs32(z-z0) <= tol:
			bottom++
		default:
			other++
		}
	}
	t.Logf("hits: top plate %d, bottom plate %d, elsewhere %d", top, bottom, other)
	if top < 500 || bottom < 20 {
		t.Errorf("top plate %d pixels, bottom plate %d: both plates must show", top, bottom)
	}
	if other > (top+bottom)/50 {
		t.Errorf("%d hits off both plates (phantom or smeared surface)", other)
	}
	savePNG(t, "plates", RenderImage(g, cam, w, h, TraceOptions{}))
}

func TestThinPlateDoesNotVanish(t *testing.T) {
	for _, thick := range []float32{0.2, 0.6, 0.9} { // in voxels
		n := 32
		sp := 2 / float32(n-1)
		f := slabField(0.6, thick*sp)
		g := bakeTest(t, f, n)
		const w, h = 80, 60
		cam := lookCam(mgl32.Vec3{-1.6, -2.2, 1.4}, mgl32.Vec3{}, mgl32.Vec3{0, 0, 1}, w, h)
		want, got := 0, 0
		exact := Trace(f, cam, w, h, TraceOptions{})
		for i, hp := range Trace(g, cam, w, h, TraceOptions{}) {
			if exact[i].Hit {
				want++
				if hp.Hit {
					got++
				}
			}
		}
		if want == 0 || float64(got) < 0.95*float64(want) {
			t.Errorf("plate %.1f voxels thick: grid hits %d of the %d pixels the exact field hits", thick, got, want)
		}
	}
}

func TestSafeGridMatchesTrustedInterpolation(t *testing.T) {
	g := bakeTest(t, sphereField(0.7), 24)
	s := NewSafeGrid(g)
	var cc CellCache
	trusted, nearCount := 0, 0
	for i := 0; i < 2000; i++ {
		// A deterministic scatter through the box.
		p := mgl32.Vec3{
			float32(i%13)/6.5 - 1, float32(i%17)/8.5 - 1, float32(i%19)/9.5 - 1,
		}.Mul(0.85)
		c, u := s.Estimate(p, &cc)
		var want [1]mgl32.Vec3
		g.ClosestPoints([]mgl32.Vec3{p}, want[:])
		near := abs32(p.Len()-0.7) < 0.2 // away from the centre, where corners see opposite sides
		if near {
			nearCount++
		}
		if near && cc.Trusted() {
			trusted++
			if c.Sub(want[0]).Len() > 1e-5 || abs32(u-p.Sub(want[0]).Len()) > 1e-5 {
				t.Fatalf("trusted cell at %v: estimate %v, %v; interpolation %v", p, c, u, want[0])
			}
		}
		if tu := abs32(p.Len() - 0.7); u > tu+g.Spacing {
			t.Fatalf("at %v the estimate %v exceeds the true distance %v by more than a voxel", p, u, tu)
		}
	}
	if trusted < nearCount*99/100 {
		t.Errorf("only %d of %d cells near a smooth sphere trusted", trusted, nearCount)
	}
}

// savePNG writes img to $SPLATSCOPE_TRACE_PNG/<name>.png when that folder is set, for eyes.
func savePNG(t testing.TB, name string, img *image.RGBA) {
	dir := os.Getenv("SPLATSCOPE_TRACE_PNG")
	if dir == "" {
		return
	}
	fd, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		t.Log(err)
		return
	}
	defer fd.Close()
	if err := png.Encode(fd, img); err != nil {
		t.Log(err)
	}
}

// TestTraceGallery renders every field in every mode into $SPLATSCOPE_TRACE_PNG, for eyes
// (into a temporary folder when unset, so every mode of every field kind still runs in CI).
func TestTraceGallery(t *testing.T) {
	if os.Getenv("SPLATSCOPE_TRACE_PNG") == "" {
		t.Setenv("SPLATSCOPE_TRACE_PNG", t.TempDir())
	}
	pg, _, _ := platesGrid(t, 32)
	fields := []struct {
		name string
		f    Field
		eye  mgl32.Vec3
	}{
		{"sphere", sphereField(1), mgl32.Vec3{1.5, 1.2, 3.2}},
		{"torus", torusField(1, 0.35), mgl32.Vec3{1.2, -3.5, 2.5}},
		{"plates", pg, mgl32.Vec3{-2.6, -0.9, 0.6}},
		{"slab_grid", bakeTest(t, slabField(0.6, 0.4*2/31), 32), mgl32.Vec3{-1.6, -2.2, 1.4}},
		{"torus_grid64", bakeTest(t, torusField(1, 0.35), 64), mgl32.Vec3{1.2, -3.5, 2.5}},
	}
	if m := loadTeapotForTrace(t); m != nil {
		fields = append(fields, struct {
			name string
			f    Field
			eye  mgl32.Vec3
		}{"teapot64", m, mgl32.Vec3{}})
	}
	for _, fc := range fields {
		lo, hi := fc.f.Bounds()
		c := lo.Add(hi).Mul(0.5)
		eye := fc.eye
		if eye == (mgl32.Vec3{}) {
			eye = c.Add(mgl32.Vec3{1, 0.7, 1.2}.Normalize().Mul(hi.Sub(lo).Len() * 0.8))
		}
		cam := lookCam(eye, c, mgl32.Vec3{0, 1, 0}, 320, 240)
		if fc.name == "plates" || fc.name == "slab_grid" || fc.name == "torus" || fc.name == "torus_grid64" {
			cam = lookCam(eye, c, mgl32.Vec3{0, 0, 1}, 320, 240)
		}
		for m := Shaded; m <= Residual; m++ {
			img := RenderImage(fc.f, cam, 320, 240, TraceOptions{Mode: m})
			if differing(img) < len(img.Pix)/4/100 {
				t.Errorf("%s %v: under 1%% of the pixels differ from the background", fc.name, m)
			}
			savePNG(t, fc.name+"_"+m.String(), img)
		}
	}
}

// TestSafeGridHalfTrusted: float16 rounding must not give nodes near the surface random
// normals, which would split smooth cells into groups (and speckle the shading).
func TestSafeGridHalfTrusted(t *testing.T) {
	g := bakeTest(t, sphereField(1), 64)
	for _, gg := range []*Grid{g, g.ToHalf()} {
		s := NewSafeGrid(gg)
		var cc CellCache
		split := 0
		for i := 0; i < 20000; i++ {
			p := mgl32.Vec3{float32(i%37)/18.5 - 1, float32(i%41)/20.5 - 1, float32(i%43)/21.5 - 1}
			p = p.Normalize().Mul(1 + float32(i%7-3)*0.01)
			s.Estimate(p, &cc)
			if !cc.Trusted() {
				split++
			}
		}
		if split != 0 {
			t.Errorf("half %v: %d of 20000 points near a smooth sphere fell in split cells", gg.Half(), split)
		}
	}
}

// differing counts the pixels whose colour differs from the top-left pixel (the background).
func differing(img *image.RGBA) int {
	n := 0
	for i := 0; i+3 < len(img.Pix); i += 4 {
		if img.Pix[i] != img.Pix[0] || img.Pix[i+1] != img.Pix[1] || img.Pix[i+2] != img.Pix[2] {
			n++
		}
	}
	return n
}
