package app

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runAppearanceShot opens the appearance demo in the whole app through the test hooks, with the
// given photo and recolour path, and returns the screenshot (kept in SPLATSCOPE_SHOT_DIR when
// set) and what the panel said was shown.
func runAppearanceShot(t *testing.T, shot string, photo int, gpu bool) (image.Image, string, bool) {
	t.Helper()
	needDisplay(t)
	out := filepath.Join(t.TempDir(), shot)
	if dir := os.Getenv("SPLATSCOPE_SHOT_DIR"); dir != "" {
		out = filepath.Join(dir, shot)
	}
	t.Setenv("SPLATSCOPE_NO_NATIVE_DIALOG", "1")
	var shown string
	var usedGPU bool
	err := Run(Options{Demo: true, DemoScene: DemoAppearance, Width: 1024, Height: 640, Frames: 6, ScreenshotPath: out,
		setup: func(a *App) { a.appear.startPhoto, a.appear.forceGPU = photo, gpu },
		atEnd: func(a *App) {
			shown = a.appear.shown
			usedGPU = a.appear.gpu != nil && a.appear.gpuErr == nil
			if a.appear.bundle == nil || a.splat.view == nil || a.statusErr {
				t.Errorf("appearance demo not shown: status %q", a.status)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img, shown, usedGPU
}

// sceneLuma is the mean brightness (0..255) of the pixels that are not background in the 3D
// view right of the panel, and how many there are.
func sceneLuma(img image.Image) (float64, int) {
	b := img.Bounds()
	bg := img.At(b.Max.X-5, 5)
	view := image.Rect(340, 20, b.Max.X-10, b.Max.Y-40) // right of the panel, above the status line
	sum, n := 0.0, 0
	for y := view.Min.Y; y < view.Max.Y; y++ {
		for x := view.Min.X; x < view.Max.X; x++ {
			c := img.At(x, y)
			if sameColour(c, bg) {
				continue
			}
			r, g, bl, _ := c.RGBA()
			sum += (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(bl)) / 257
			n++
		}
	}
	return sum / float64(max(n, 1)), n
}

// TestAppearanceDemoSmoke opens the synthetic house at day (photo 1) and at night (photo 3),
// on the CPU path and on the GL compute path: night is much darker than day, and both paths
// draw the same brightness.
func TestAppearanceDemoSmoke(t *testing.T) {
	dayImg, dayShown, _ := runAppearanceShot(t, "app-appearance-day.png", 0, false)
	nightImg, nightShown, _ := runAppearanceShot(t, "app-appearance-night.png", 2, false)
	day, nd := sceneLuma(dayImg)
	night, nn := sceneLuma(nightImg)
	t.Logf("day %q: luma %.1f over %d px; night %q: luma %.1f over %d px", dayShown, day, nd, nightShown, night, nn)
	if !strings.Contains(dayShown, "day") || !strings.Contains(nightShown, "night") {
		t.Errorf("shown %q and %q, want day and night", dayShown, nightShown)
	}
	if nd < 5000 || nn < 5000 {
		t.Fatalf("few scene pixels: day %d, night %d", nd, nn)
	}
	if !(night < 0.6*day) {
		t.Errorf("night luma %.1f not well below day %.1f", night, day)
	}
	gpuImg, gpuShown, usedGPU := runAppearanceShot(t, "app-appearance-night-gpu.png", 2, true)
	if !usedGPU {
		t.Logf("no GPU recolour here (%q): compute path not compared", gpuShown)
		return
	}
	g, ng := sceneLuma(gpuImg)
	t.Logf("night on the GPU %q: luma %.1f over %d px", gpuShown, g, ng)
	if d := g - night; d > 1 || d < -1 || !strings.Contains(gpuShown, "GPU") {
		t.Errorf("GPU night luma %.1f (%q), CPU %.1f", g, gpuShown, night)
	}
}
