package app

import (
	"image"
	"path/filepath"
	"testing"

	"github.com/splatscope/splatscope/mesh"
)

// TestExtractPreviewShot extracts the teapot's shell in the running app (Ctrl+X's path) and
// screenshots the preview: orange pixels cover the view's centre, and the panel lists it.
func TestExtractPreviewShot(t *testing.T) {
	needDisplay(t)
	teapot := filepath.Join("..", "..", "shared", "data", "meshes", "utah_teapot.obj")
	out := shotPath(t, "app-extract-preview.png")
	t.Setenv("SPLATSCOPE_NO_NATIVE_DIALOG", "1")
	setup := func(a *App) {
		m, err := mesh.Load(teapot, nil)
		if err != nil {
			t.Fatal(err)
		}
		s, err := prepareScene("utah_teapot.obj", m)
		if err != nil {
			t.Fatal(err)
		}
		if err := a.setScene(s, true); err != nil {
			t.Fatal(err)
		}
		a.extract.res, a.extract.mode = 0, 1 // 64³ shell: a closed skin over the teapot
		a.hidePanels = false
		a.do(ActExtract)
	}
	var tris, boundary int
	atEnd := func(a *App) {
		if p := a.extract.preview; p != nil {
			tris, boundary = p.Topo.Triangles, p.Topo.BoundaryEdges
		}
	}
	if err := Run(Options{Width: 1024, Height: 640, Frames: 3, ScreenshotPath: out, setup: setup, atEnd: atEnd}); err != nil {
		t.Fatal(err)
	}
	if tris == 0 || boundary != 0 {
		t.Fatalf("preview: %d triangles, %d boundary edges; want a closed shell", tris, boundary)
	}
	img := readPNG(t, out)
	b := img.Bounds()
	cx, cy := (b.Min.X+panelWidth+b.Max.X)/2, b.Dy()/2
	orange := 0
	view := image.Rect(cx-150, cy-100, cx+150, cy+100)
	for y := view.Min.Y; y < view.Max.Y; y++ {
		for x := view.Min.X; x < view.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r > g+g/4 && g > bl+bl/4 { // red over green over blue: the orange preview, shaded
				orange++
			}
		}
	}
	if orange < view.Dx()*view.Dy()/4 {
		t.Errorf("only %d of %d pixels around the view's centre are the orange preview", orange, view.Dx()*view.Dy())
	}
}
