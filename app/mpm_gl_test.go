package app

import (
	"context"
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/splatscope/splatscope/materials"
	"github.com/splatscope/splatscope/physics"
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

// countShaded counts the pixels of r that are colour c darkened by sprite shading: p ≈ k·c with
// k in [0.3, 1.05] (the points' shading spans 0.35 to 1), each channel within tol levels.
func countShaded(img image.Image, r image.Rectangle, c [3]uint8, tol float64) int {
	n := 0
	cc := [3]float64{float64(c[0]), float64(c[1]), float64(c[2])}
	norm := cc[0]*cc[0] + cc[1]*cc[1] + cc[2]*cc[2]
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			pr, pg, pb, _ := img.At(x, y).RGBA()
			p := [3]float64{float64(pr >> 8), float64(pg >> 8), float64(pb >> 8)}
			k := (p[0]*cc[0] + p[1]*cc[1] + p[2]*cc[2]) / norm
			if k < 0.3 || k > 1.05 {
				continue
			}
			ok := true
			for i := range p {
				ok = ok && math.Abs(p[i]-k*cc[i]) <= tol
			}
			if ok {
				n++
			}
		}
	}
	return n
}

// TestPhysicsParticlesGL shows the physics demo as particles coloured by material: the splats
// are not drawn, the point pass holds every particle, and the jelly, bar and sand particles show
// in their (shaded) material colours. SPLATSCOPE_SHOT_DIR keeps the screenshot.
func TestPhysicsParticlesGL(t *testing.T) {
	needDisplay(t)
	out := filepath.Join(t.TempDir(), "particles.png")
	if dir := os.Getenv("SPLATSCOPE_SHOT_DIR"); dir != "" {
		out = filepath.Join(dir, "app-physics-particles.png")
	}
	t.Setenv("SPLATSCOPE_NO_NATIVE_DIALOG", "1")
	var drawn, particles int
	var splats bool
	err := Run(Options{Width: 1024, Height: 640, Frames: 4, ScreenshotPath: out,
		setup: func(a *App) {
			a.openPhysicsDemo()
			a.sim.show, a.sim.mode = simShowParticles, simColorMaterial
			a.startSim()
		},
		atEnd: func(a *App) {
			drawn, splats = a.sim.points.Len(), a.simShowsSplats()
			if a.simActive() {
				particles = len(a.sim.run.parts.mat)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	if particles == 0 || drawn != particles || splats {
		t.Fatalf("%d particles, %d points drawn, splats drawn too: %v", particles, drawn, splats)
	}
	img := readPNG(t, out)
	tab := materials.DefaultTable()
	b := img.Bounds()
	view := image.Rect(340, 40, b.Max.X-10, b.Max.Y-60)
	for _, name := range []string{"food", "metal", "sand"} {
		// Shading leaves few pixels at the exact colour; some share must be its shades.
		if n := countShaded(img, view, tab.Materials[tab.Index(name)].RGB(), 12); n < 200 {
			t.Errorf("%s: %d pixels of its shaded colour in the view", name, n)
		}
	}
}

// simExportCase is one export of TestSimExportGL.
type simExportCase struct {
	name   string
	mp4    bool
	cancel bool // cancel once the first frame is written
	out    string
	status string // the status line after it
	err    string // the panel's message when bad
	waited bool   // the writer finished in time
}

// TestSimExportGL bakes 4 frames of the physics demo and exports them from the viewer's
// camera: as PNG frames (4 files that decode at the chosen size, showing the scene, not all
// alike), as an MP4 through ffmpeg where installed (a non-empty file), and once cancelled after
// its first frame (nothing left behind).
func TestSimExportGL(t *testing.T) {
	needDisplay(t)
	t.Setenv("SPLATSCOPE_NO_NATIVE_DIALOG", "1")
	dir := t.TempDir()
	const w, h, frames = 160, 120, 4
	cases := []*simExportCase{
		{name: "png", out: filepath.Join(dir, "frames")},
		{name: "cancelled", cancel: true, out: filepath.Join(dir, "cancelled")},
	}
	if ffmpegPath() != "" {
		cases = append(cases, &simExportCase{name: "mp4", mp4: true, out: filepath.Join(dir, "sim.mp4")},
			&simExportCase{name: "mp4 cancelled", mp4: true, cancel: true, out: filepath.Join(dir, "cancelled.mp4")})
	} else {
		t.Log("ffmpeg not installed: MP4 export not tested")
	}
	var bakeErr error
	err := Run(Options{Width: 800, Height: 500, Frames: 3,
		setup: func(a *App) {
			a.openPhysicsDemo()
			a.sim.show, a.sim.mode = simShowBoth, simColorMaterial
		},
		atEnd: func(a *App) {
			d := a.sim.demo
			set := *a.sim.settings()
			set.bake = frames
			run, stopped, err := bakeRun(context.Background(), d.Scene, physics.FromLabels(d.Labels), set, a.splat.view, func(float64) {})
			if err != nil || stopped != nil || len(run.baked) != frames {
				bakeErr = fmt.Errorf("bake: %v, %v", err, stopped)
				return
			}
			a.showBaked(run, nil)
			run.playing = false
			for _, c := range cases {
				runSimExport(a, c, w, h)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	if bakeErr != nil {
		t.Fatal(bakeErr)
	}
	for _, c := range cases {
		if !c.waited {
			t.Errorf("%s: the writer did not finish", c.name)
			continue
		}
		if c.cancel {
			if _, err := os.Stat(c.out); !os.IsNotExist(err) {
				t.Errorf("%s: %s left behind (%v)", c.name, c.out, err)
			}
			if left, _ := filepath.Glob(filepath.Join(dir, ".*tmp*")); len(left) > 0 {
				t.Errorf("%s: temporary files left: %v", c.name, left)
			}
			continue
		}
		if c.err != "" || !strings.Contains(c.status, "Exported 4 physics frames") {
			t.Errorf("%s: status %q, error %q", c.name, c.status, c.err)
		}
		if c.mp4 {
			if st, err := os.Stat(c.out); err != nil || st.Size() == 0 {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		var imgs []image.Image
		for k := 0; k < frames; k++ {
			img := readPNG(t, filepath.Join(c.out, fmt.Sprintf("frame_%05d.png", k)))
			if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
				t.Fatalf("frame %d is %v, want %d×%d", k, b, w, h)
			}
			bg := img.At(0, 0)
			if n := countOther(img, img.Bounds(), bg); n < 200 {
				t.Errorf("frame %d: %d pixels differ from the background", k, n)
			}
			imgs = append(imgs, img)
		}
		if extra, _ := filepath.Glob(filepath.Join(c.out, "*")); len(extra) != frames {
			t.Errorf("%s: %d files, want %d", c.name, len(extra), frames)
		}
		if shots := os.Getenv("SPLATSCOPE_SHOT_DIR"); shots != "" { // keep the last frame to look at
			if b, err := os.ReadFile(filepath.Join(c.out, fmt.Sprintf("frame_%05d.png", frames-1))); err == nil {
				os.WriteFile(filepath.Join(shots, "app-physics-export.png"), b, 0o644)
			}
		}
		if n := countDiff(imgs[0], imgs[frames-1]); n < 20 {
			t.Errorf("first and last frames differ in %d pixels: the simulation did not move", n)
		}
	}
}

// runSimExport exports the shown baked run as c says, ticking the viewer's side until the
// writer is done (at most a minute).
func runSimExport(a *App, c *simExportCase, w, h int) {
	e := &a.sim.export
	e.w, e.h, e.mp4, e.out = w, h, c.mp4, c.out
	a.status = ""
	a.startSimExport()
	done := e.done
	if done == nil {
		c.err = a.sim.msg
		return
	}
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		a.applyResults()
		a.tickSim()
		if c.cancel && e.job != nil && e.job.Progress() > 0 {
			e.job.Cancel()
			a.stopSimExport()
		}
		select {
		case <-done:
			a.applyResults()
			c.waited, c.status = true, a.status
			if a.sim.bad {
				c.err = a.sim.msg
			}
			return
		default:
		}
		time.Sleep(time.Millisecond)
	}
}

// countDiff counts the pixels where two images of one size differ.
func countDiff(a, b image.Image) int {
	n := 0
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if !sameColour(a.At(x, y), b.At(x, y)) {
				n++
			}
		}
	}
	return n
}
