package app

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/splatscope/splatscope/camera"
)

// splatData is the shared folder of real splat scenes.
var splatData = filepath.Join("..", "..", "shared", "data", "splats")

// splatDataFile returns a real scene's path, skipping without the shared data (failing in CI).
func splatDataFile(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join(splatData, name)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("shared data missing: %v", err)
		}
		t.Skipf("shared data missing: %v", err)
	}
	return p
}

// runSplatShot opens a splat scene in the whole app through the test hooks and returns the
// screenshot (kept in SPLATSCOPE_SHOT_DIR when set, to look at).
func runSplatShot(t *testing.T, file, shot string, setup func(*App), atEnd func(*App)) image.Image {
	t.Helper()
	needDisplay(t)
	out := filepath.Join(t.TempDir(), shot)
	if dir := os.Getenv("SPLATSCOPE_SHOT_DIR"); dir != "" {
		out = filepath.Join(dir, shot)
	}
	t.Setenv("SPLATSCOPE_NO_NATIVE_DIALOG", "1")
	err := Run(Options{Files: []string{file}, Width: 1024, Height: 640, Frames: 4, ScreenshotPath: out, setup: setup, atEnd: atEnd})
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
	return img
}

// TestSplatSceneSmoke opens the real donut (a 3DGS PLY) from the command line: the scene is a
// splat view (not a mesh), −Y up, sorted and drawn, and the 3D view right of the panel holds
// donut-coloured pixels (brown dough, pink icing) around its centre.
func TestSplatSceneSmoke(t *testing.T) {
	// The app is shut down when Run returns: look at its state in the last frame.
	var n, drawn int
	var up camera.UpAxis
	var status string
	img := runSplatShot(t, splatDataFile(t, "v3dg_donut_sh0.ply"), "app-splat-donut.png", nil, func(a *App) {
		status, up = a.status, a.orbit.Up
		if v := a.splat.view; v != nil && v.Pass != nil && a.scene == nil {
			n, drawn = v.N, v.Pass.Count()
		}
	})
	if n != 45624 || drawn == 0 {
		t.Fatalf("donut: %d Gaussians, %d drawn, want 45624 and some (status %q)", n, drawn, status)
	}
	if up != camera.NegYUp {
		t.Errorf("splat scenes open −Y up, got %v", up)
	}
	b := img.Bounds()
	bg := img.At(b.Max.X-5, 5)
	warm := 0
	view := image.Rect(330+(b.Dx()-330)/4, b.Dy()/4, b.Max.X-(b.Dx()-330)/4, b.Max.Y-b.Dy()/4)
	n, warm = 0, 0
	for y := view.Min.Y; y < view.Max.Y; y++ {
		for x := view.Min.X; x < view.Max.X; x++ {
			c := img.At(x, y)
			if sameColour(c, bg) {
				continue
			}
			n++
			r, g, bl, _ := c.RGBA()
			if r > g && r > bl && r>>8 > 60 { // dough and icing are warm colours
				warm++
			}
		}
	}
	area := view.Dx() * view.Dy()
	if n < area/5 || warm < n/2 {
		t.Errorf("view centre: %d of %d pixels drawn, %d warm: want a donut", n, area, warm)
	}
}

// TestSplatFountainUpright opens the real fountain (.splat, −Y up): the default −Y up shows it
// standing, so the stone basin (grey, wide) is low in the view and the narrow finial high.
func TestSplatFountainUpright(t *testing.T) {
	img := runSplatShot(t, splatDataFile(t, "swiftgraphics_winter_fountain.splat"), "app-splat-fountain.png", nil, nil)
	b := img.Bounds()
	bg := img.At(b.Max.X-5, 5)
	// Width of the drawn area per row band, in the free area right of the panel.
	width := func(y0, y1 int) int {
		lo, hi := b.Max.X, 0
		for y := y0; y < y1; y++ {
			for x := 340; x < b.Max.X; x++ {
				if !sameColour(img.At(x, y), bg) {
					lo, hi = min(lo, x), max(hi, x)
				}
			}
		}
		return max(0, hi-lo)
	}
	h := b.Dy()
	top, bottom := width(h/8, h/4), width(h*5/8, h*3/4)
	if bottom == 0 || top >= bottom {
		t.Errorf("drawn width near the top %d px, near the bottom %d px: want a fountain standing on its wide basin", top, bottom)
	}
}

// TestSplatFrustaDrawn opens a scene in the 3DGS output layout with a cameras.json two folders up:
// the cameras load with it and their frusta are drawn in the overlay colour.
func TestSplatFrustaDrawn(t *testing.T) {
	needDisplay(t)
	dir := t.TempDir()
	src, err := os.ReadFile(splatDataFile(t, "v3dg_donut_sh0.ply"))
	if err != nil {
		t.Fatal(err)
	}
	scene := filepath.Join(dir, "point_cloud", "iteration_30000", "point_cloud.ply")
	os.MkdirAll(filepath.Dir(scene), 0o755)
	os.WriteFile(scene, src, 0o644)
	// Four cameras around the donut at 0.25 units, looking at it, −Y up (image y down is +Y).
	cams := `[
	 {"id":0,"img_name":"a","width":400,"height":300,"position":[0,0,-0.25],"rotation":[[1,0,0],[0,1,0],[0,0,1]],"fx":300,"fy":300},
	 {"id":1,"img_name":"b","width":400,"height":300,"position":[0.25,0,0],"rotation":[[0,0,-1],[0,1,0],[1,0,0]],"fx":300,"fy":300},
	 {"id":2,"img_name":"c","width":400,"height":300,"position":[0,0,0.25],"rotation":[[-1,0,0],[0,1,0],[0,0,-1]],"fx":300,"fy":300},
	 {"id":3,"img_name":"d","width":400,"height":300,"position":[-0.25,0,0],"rotation":[[0,0,1],[0,1,0],[-1,0,0]],"fx":300,"fy":300}]`
	os.WriteFile(filepath.Join(dir, "cameras.json"), []byte(cams), 0o644)
	ncams := 0
	img := runSplatShot(t, scene, "app-splat-frusta.png", nil, func(a *App) { ncams = len(a.splat.cams.list) })
	if ncams != 4 {
		t.Fatalf("%d training cameras loaded, want 4", ncams)
	}
	want := frustumColour
	n := 0
	b := img.Bounds()
	for y := 0; y < b.Dy(); y++ {
		for x := 340; x < b.Dx(); x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if abs32(float32(r>>8)-255*want[0]) < 12 && abs32(float32(g>>8)-255*want[1]) < 12 && abs32(float32(bl>>8)-255*want[2]) < 12 {
				n++
			}
		}
	}
	if n < 200 {
		t.Errorf("%d frustum-coloured pixels, want the frusta's lines (>= 200)", n)
	}
}
