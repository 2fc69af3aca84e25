package app

import (
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/csp"
)

// shotPath is a screenshot path in t's temp folder, or in SPLATSCOPE_SHOT_DIR to keep it.
func shotPath(t *testing.T, name string) string {
	if dir := os.Getenv("SPLATSCOPE_SHOT_DIR"); dir != "" {
		return filepath.Join(dir, name)
	}
	return filepath.Join(t.TempDir(), name)
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// TestFieldFileSmoke opens a sphere's field baked and saved as .npy: the app shows the
// field alone (no mesh), framed, as a disc of shaded pixels in the free part of the view.
func TestFieldFileSmoke(t *testing.T) {
	needDisplay(t)
	g, err := csp.Bake(context.Background(), csp.Sphere{Center: mgl32.Vec3{1, 2, 3}, Radius: 0.5},
		mgl32.Vec3{0.3, 1.3, 2.3}, mgl32.Vec3{1.7, 2.7, 3.7}, 32, nil)
	if err != nil {
		t.Fatal(err)
	}
	npy := filepath.Join(t.TempDir(), "sphere.npy")
	if err := csp.SaveGrid(npy, g, csp.Meta{}); err != nil {
		t.Fatal(err)
	}
	out := shotPath(t, "app-field-npy.png")
	t.Setenv("SPLATSCOPE_NO_NATIVE_DIALOG", "1")
	if err := Run(Options{Files: []string{npy}, Width: 1024, Height: 640, Frames: 2, ScreenshotPath: out}); err != nil {
		t.Fatal(err)
	}
	img := readPNG(t, out)
	b := img.Bounds()
	bg := img.At(b.Max.X-5, 5)
	cx, cy := (b.Min.X+panelWidth+b.Max.X)/2, b.Dy()/2
	if sameColour(img.At(cx, cy), bg) {
		t.Errorf("the centre of the view (%d, %d) is background: no field drawn", cx, cy)
	}
	// A framed sphere covers a good part of the view's height: a disc of at least 100 px radius.
	view := image.Rect(cx-100, cy-100, cx+100, cy+100)
	if n := countOther(img, view, bg); n < view.Dx()*view.Dy()*3/4 {
		t.Errorf("only %d of %d pixels around the centre show the field", n, view.Dx()*view.Dy())
	}
	// The sphere is lit: its pixels are not one flat colour.
	if c := distinctColours(img, view); c < 20 {
		t.Errorf("field pixels have %d colours, want shading (>= 20)", c)
	}
}

// TestDemoShowsField runs the demo: the teapot and, beside it, its baked field.
func TestDemoShowsField(t *testing.T) {
	needDisplay(t)
	out := shotPath(t, "app-demo-field.png")
	t.Setenv("SPLATSCOPE_NO_NATIVE_DIALOG", "1")
	if err := Run(Options{Demo: true, Width: 1024, Height: 640, Frames: 2, ScreenshotPath: out}); err != nil {
		t.Fatal(err)
	}
	img := readPNG(t, out)
	b := img.Bounds()
	bg := img.At(b.Max.X-5, 5)
	// Beside: the mesh on the left half of the free view, the field on the right half.
	mid := (panelWidth + b.Max.X) / 2
	left := image.Rect(panelWidth+10, 100, mid, b.Max.Y-100)
	right := image.Rect(mid, 100, b.Max.X-10, b.Max.Y-100)
	for _, r := range []image.Rectangle{left, right} {
		if n := countOther(img, r, bg); n < 5000 {
			t.Errorf("%v: %d non-background pixels, want a teapot there (>= 5000)", r, n)
		}
	}
}

// TestDemoSliceShot shows the demo field alone with the slice plane and arrows, in the mean
// curvature mode: the slice's heat colours appear in the view.
func TestDemoSliceShot(t *testing.T) {
	needDisplay(t)
	out := shotPath(t, "app-demo-slice.png")
	t.Setenv("SPLATSCOPE_NO_NATIVE_DIALOG", "1")
	setup := func(a *App) {
		a.field.show = showField
		a.field.mode = int(csp.MeanCurvature)
		a.field.slice.on = true
		a.field.slice.pos = 0.45
	}
	if err := Run(Options{Demo: true, Width: 1024, Height: 640, Frames: 2, ScreenshotPath: out, setup: setup}); err != nil {
		t.Fatal(err)
	}
	img := readPNG(t, out)
	b := img.Bounds()
	// The heat map's purple-orange middle: red well above blue and green somewhere in the view.
	warm := 0
	for y := 50; y < b.Max.Y-50; y++ {
		for x := panelWidth + 10; x < b.Max.X-10; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r > g+0x3000 && r > bl+0x2000 {
				warm++
			}
		}
	}
	if warm < 2000 {
		t.Errorf("%d warm (heat map) pixels in the view, want a slice plane (>= 2000)", warm)
	}
}

// TestDemoErrorMapShot shows the demo's depth-error map: the heat map's dark end where the
// baked field agrees with the mesh, with figures small against the box diagonal.
func TestDemoErrorMapShot(t *testing.T) {
	needDisplay(t)
	out := shotPath(t, "app-demo-errmap.png")
	t.Setenv("SPLATSCOPE_NO_NATIVE_DIALOG", "1")
	var e errorMapState
	var status string
	setup := func(a *App) { a.field.mode = modeDepthError }
	atEnd := func(a *App) { e, status = a.field.errMap, a.status }
	if err := Run(Options{Demo: true, Width: 1024, Height: 640, Frames: 3, ScreenshotPath: out, setup: setup, atEnd: atEnd}); err != nil {
		t.Fatal(err)
	}
	if !e.have {
		t.Fatalf("no error map was shown (status %q)", status)
	}
	// A 64³ bake of the teapot: mean depth error well under a voxel (1/64 of the box ≈ 0.9%
	// of its diagonal), not zero.
	if !(e.mean > 0 && e.mean < 0.005) {
		t.Errorf("mean depth error %.2e of the diagonal, want in (0, 5e-3)", e.mean)
	}
	img := readPNG(t, out)
	b := img.Bounds()
	bg := img.At(b.Max.X-5, 5)
	view := image.Rect(panelWidth+10, 50, b.Max.X-10, b.Max.Y-50)
	if n := countOther(img, view, bg); n < 5000 {
		t.Errorf("%d non-background pixels: no map drawn", n)
	}
}
