package app

import (
	"image"
	"os"
	"path/filepath"
	"testing"

	"github.com/splatscope/splatscope/materials"
)

// TestPhysicsDemoGL opens the embedded physics demo in the whole app and sets up its
// simulation: the scene is labelled, the simulation ready, and the jelly, bar and sand show in
// their material colours.
func TestPhysicsDemoGL(t *testing.T) {
	needDisplay(t)
	out := filepath.Join(t.TempDir(), "demo.png")
	if dir := os.Getenv("SPLATSCOPE_SHOT_DIR"); dir != "" {
		out = filepath.Join(dir, "app-physics-demo.png")
	}
	t.Setenv("SPLATSCOPE_NO_NATIVE_DIALOG", "1")
	var active, labelled bool
	err := Run(Options{Width: 1024, Height: 640, Frames: 4, ScreenshotPath: out,
		setup: func(a *App) { a.openPhysicsDemo(); a.startSim() },
		atEnd: func(a *App) { active, labelled = a.simActive(), a.hasLabels() }})
	if err != nil {
		t.Fatal(err)
	}
	if !active || !labelled {
		t.Fatalf("simulation ready %v, labels %v", active, labelled)
	}
	img := readPNG(t, out)
	tab := materials.DefaultTable()
	b := img.Bounds()
	view := image.Rect(340, 40, b.Max.X-10, b.Max.Y-60)
	for _, name := range []string{"food", "metal", "sand"} {
		if n := countNear(img, view, tab.Materials[tab.Index(name)].RGB(), 16); n < 50 {
			t.Errorf("%s: %d pixels of its colour in the view", name, n)
		}
	}
}
