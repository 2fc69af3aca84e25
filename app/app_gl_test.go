package app

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// needDisplay skips GL tests without a display unless REQUIRE_GL=1 (CI), where it fails.
func needDisplay(t *testing.T) {
	t.Helper()
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		if os.Getenv("REQUIRE_GL") == "1" {
			t.Fatal("REQUIRE_GL=1 but there is no display (run under xvfb-run -a)")
		}
		t.Skip("no display; run with xvfb-run -a (REQUIRE_GL=1 makes this a failure)")
	}
}

// TestRunSmoke starts the whole app on the demo teapot, runs a few frames, screenshots the
// window and checks that the 3D view and the ImGui panel were both drawn.
func TestRunSmoke(t *testing.T) {
	needDisplay(t)
	out := filepath.Join(t.TempDir(), "shot.png")
	if dir := os.Getenv("SPLATSCOPE_SHOT_DIR"); dir != "" { // keep the screenshot to look at it
		out = filepath.Join(dir, "app-smoke.png")
	}
	t.Setenv("SPLATSCOPE_NO_NATIVE_DIALOG", "1")
	err := Run(Options{Demo: true, Width: 1024, Height: 640, Frames: 5, ScreenshotPath: out, showHelpAtStart: true})
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
	b := img.Bounds()
	if b.Dx() < 512 || b.Dy() < 320 {
		t.Fatalf("screenshot is %v, want about 1024×640", b)
	}
	bg := img.At(b.Max.X-5, 5) // top right: background, away from panels and the mesh
	// The 3D view: the centre of the free area right of the panel is the teapot, not background.
	if sameColour(img.At((b.Min.X+330+b.Max.X)/2, b.Dy()/2), bg) && countOther(img, image.Rect(400, 150, b.Max.X-50, b.Max.Y-150), bg) < 1000 {
		t.Errorf("no mesh pixels in the 3D view")
	}
	// The ImGui panel docked left differs from the background and has text (many colours).
	panel := image.Rect(5, 40, 320, 300)
	if n := countOther(img, panel, bg); n < panel.Dx()*panel.Dy()/2 {
		t.Errorf("panel area mostly background (%d of %d pixels differ)", n, panel.Dx()*panel.Dy())
	}
	if c := distinctColours(img, panel); c < 8 {
		t.Errorf("panel area has %d colours, want text and widgets (>= 8)", c)
	}
}

func sameColour(a, b interface{ RGBA() (r, g, b, a uint32) }) bool {
	r1, g1, b1, _ := a.RGBA()
	r2, g2, b2, _ := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2
}

func countOther(img image.Image, r image.Rectangle, bg interface{ RGBA() (r, g, b, a uint32) }) int {
	n := 0
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if !sameColour(img.At(x, y), bg) {
				n++
			}
		}
	}
	return n
}

func distinctColours(img image.Image, r image.Rectangle) int {
	seen := map[[3]uint32]bool{}
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c1, c2, c3, _ := img.At(x, y).RGBA()
			seen[[3]uint32{c1, c2, c3}] = true
		}
	}
	return len(seen)
}
