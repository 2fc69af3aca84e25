package app

import (
	"context"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/camera"
	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/render"
)

// fakeSplatPass stands in for the GL pass.
type fakeSplatPass struct{ n, deleted int }

func (p *fakeSplatPass) SetOrder(o []uint32)                  { p.n = len(o) }
func (p *fakeSplatPass) Draw(render.Frame, render.SplatStyle) {}
func (p *fakeSplatPass) Count() int                           { return p.n }
func (p *fakeSplatPass) Delete()                              { p.deleted++ }

// testApp is an app without window or GL whose splat uploads are fakes.
func testApp(t *testing.T) *App {
	a := newApp(Options{})
	a.dialogs.native = false
	a.splat.upload = func(v *SplatView) error { v.Pass = &fakeSplatPass{}; return nil }
	t.Cleanup(a.shutdown)
	return a
}

// settle waits for the running jobs and applies their results, as the frame loop does.
func settle(t *testing.T, a *App) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for a.jobs.Busy() {
		if time.Now().After(deadline) {
			t.Fatal("jobs did not finish")
		}
		a.applyResults()
		time.Sleep(5 * time.Millisecond)
	}
	a.applyResults()
}

// TestOpenSplatJob opens real scenes of each format through the job: the view lands with its
// facts, the progress reached 1, and a broken file afterwards keeps the scene and says why.
func TestOpenSplatJob(t *testing.T) {
	a := testApp(t)
	for _, c := range []struct {
		name   string
		n, deg int
	}{
		{"supersplat_fruit_drops_minimal_sh3.ply", 4721, 3},
		{"swiftgraphics_winter_fountain.splat", 93713, 0},
		{"metalsplatter_train_3points.spz", 3, 3},
	} {
		a.openPaths([]string{splatDataFile(t, c.name)})
		j := a.splat.job
		settle(t, a)
		v := a.splat.view
		if v == nil || v.N != c.n || v.SHDegree != c.deg || v.Pass == nil || a.statusErr {
			t.Fatalf("%s: view %+v, status %q", c.name, v, a.status)
		}
		if j.Progress() != 1 {
			t.Errorf("%s: progress ended at %v", c.name, j.Progress())
		}
		if a.orbit.Up != camera.NegYUp {
			t.Errorf("%s: up %v, want −Y", c.name, a.orbit.Up)
		}
		if v.sorter == nil || v.Buffers.SHRest != nil {
			t.Errorf("%s: sorter missing or SH kept on the CPU after upload", c.name)
		}
	}
	if got := a.splat.view.Extra; len(got) != 0 {
		t.Errorf("spz extras %v", got)
	}
	prev := a.splat.view
	bad := filepath.Join(t.TempDir(), "broken.splat")
	os.WriteFile(bad, make([]byte, 33), 0o644) // not a multiple of 32 bytes
	a.openPaths([]string{bad})
	settle(t, a)
	if a.splat.view != prev || !a.statusErr || !strings.Contains(a.status, "broken.splat") {
		t.Errorf("broken file: view replaced=%v, status %q (error %v)", a.splat.view != prev, a.status, a.statusErr)
	}
	// The fruit lid lists its extra property.
	v, err := loadSplatView(context.Background(), splatDataFile(t, "supersplat_fruit_drops_minimal_sh3.ply"), func(float64) {})
	if err != nil || strings.Join(v.Extra, " ") != "transform" {
		t.Errorf("extra properties %v, %v", v.Extra, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := loadSplatView(ctx, splatDataFile(t, "v3dg_donut_sh0.ply"), func(float64) {}); err == nil {
		t.Errorf("cancelled load returned a view")
	}
}

// TestPickSplat: on a synthetic scene along a view ray, the nearest opaque, unfiltered Gaussian
// under the cursor wins; faint, filtered and off-cursor ones do not.
func TestPickSplat(t *testing.T) {
	s := gaussians.NewScene(5, 0)
	pos := [][3]float32{{0, 0, 1}, {0, 0, 2}, {0, 0, 0}, {0, 0, -1}, {1, 1, 3}}
	op := []float32{0.1, 0.9, 0.9, 0.9, 0.9} // the nearest is faint
	for i := range pos {
		copy(s.Positions[3*i:], pos[i][:])
		s.Opacities[i] = gaussians.Logit(op[i], 1e-6)
	}
	b := gaussians.RenderBuffersFromScene(s)
	view := mgl32.LookAtV(mgl32.Vec3{0, 0, 5}, mgl32.Vec3{}, mgl32.Vec3{0, 1, 0})
	vp := mgl32.Perspective(mgl32.DegToRad(45), 1, 0.1, 100).Mul4(view)
	cases := []struct {
		name   string
		filter gaussians.FilterOptions
		px, py float64
		want   int
		ok     bool
	}{
		{"centre: nearest opaque", gaussians.FilterOptions{}, 99.5, 99.5, 1, true},
		{"crop hides it", gaussians.FilterOptions{Box: true, Min: [3]float32{-5, -5, -5}, Max: [3]float32{5, 5, 0.5}}, 99.5, 99.5, 2, true},
		{"empty corner", gaussians.FilterOptions{}, 5, 190, 0, false},
	}
	for _, c := range cases {
		got, ok := pickSplat(b, c.filter, vp, 200, 200, c.px, c.py, 6)
		if ok != c.ok || ok && got != c.want {
			t.Errorf("%s: got %d %v, want %d %v", c.name, got, ok, c.want, c.ok)
		}
	}
	// The off-axis Gaussian is picked where it projects.
	p := vp.Mul4x1(mgl32.Vec4{1, 1, 3, 1})
	px, py := (float64(p[0]/p[3])+1)/2*200-0.5, (1-float64(p[1]/p[3]))/2*200-0.5
	if got, ok := pickSplat(b, gaussians.FilterOptions{}, vp, 200, 200, px+2, py-2, 6); !ok || got != 4 {
		t.Errorf("off-axis: got %d %v, want 4", got, ok)
	}
}

// TestOrbitAround keeps the eye and turns the orbit camera to the picked point.
func TestOrbitAround(t *testing.T) {
	for _, up := range []camera.UpAxis{camera.YUp, camera.NegYUp, camera.ZUp} {
		a := testApp(t)
		a.setUp(up)
		eye := a.orbit.Eye()
		p := mgl32.Vec3{0.3, -0.2, 0.5}
		a.orbitAround(p)
		if a.orbit.Target != p || a.orbit.Eye().Sub(eye).Len() > 1e-4 {
			t.Errorf("%v: eye moved from %v to %v", up, eye, a.orbit.Eye())
		}
	}
}

// TestTrainingCamerasInApp: a cameras.json beside the scene loads with it; stepping jumps the fly
// camera onto the cameras (pose and field of view), wrapping; the up axis follows the cameras.
func TestTrainingCamerasInApp(t *testing.T) {
	dir := t.TempDir()
	src, _ := os.ReadFile(splatDataFile(t, "metalsplatter_train_3points.ply"))
	scene := filepath.Join(dir, "point_cloud", "iteration_7000", "point_cloud.ply")
	os.MkdirAll(filepath.Dir(scene), 0o755)
	os.WriteFile(scene, src, 0o644)
	// Two cameras with +Z world up: image y (down) is −Z.
	cams := `[{"id": 0, "img_name": "a", "width": 400, "height": 300, "position": [0, -3, 0], "rotation": [[1,0,0],[0,0,1],[0,-1,0]], "fx": 300, "fy": 300},
	{"id": 1, "img_name": "b", "width": 400, "height": 300, "position": [3, 0, 0], "rotation": [[0,0,-1],[1,0,0],[0,-1,0]], "fx": 300, "fy": 150}]`
	os.WriteFile(filepath.Join(dir, "cameras.json"), []byte(cams), 0o644)
	a := testApp(t)
	a.openPaths([]string{scene})
	settle(t, a)
	if len(a.splat.cams.list) != 2 || a.orbit.Up != camera.ZUp {
		t.Fatalf("cameras %d, up %v (status %q)", len(a.splat.cams.list), a.orbit.Up, a.status)
	}
	a.do(ActNextCamera)
	if !a.flyMode || a.splat.cams.current != 0 || a.fly.Eye != (mgl32.Vec3{0, -3, 0}) {
		t.Fatalf("jump to camera 1: fly %v current %d", a.fly, a.splat.cams.current)
	}
	if f := a.fly.Forward(); f.Sub(mgl32.Vec3{0, 1, 0}).Len() > 1e-4 || abs32(a.fly.Roll) > 1e-4 {
		t.Errorf("camera 1 looks %v with roll %v, want +Y and none", f, a.fly.Roll)
	}
	a.do(ActNextCamera)
	if a.fly.Eye != (mgl32.Vec3{3, 0, 0}) || abs32(a.fly.Proj.FovY-mgl32.DegToRad(90)) > 1e-4 {
		t.Errorf("camera 2: eye %v fov %v°", a.fly.Eye, mgl32.RadToDeg(a.fly.Proj.FovY))
	}
	a.do(ActNextCamera) // wraps
	a.do(ActPrevCamera)
	if a.splat.cams.current != 1 {
		t.Errorf("stepping: current %d, want 1", a.splat.cams.current)
	}
	if n := len(a.cameraLines()); n != 2*20 {
		t.Errorf("frusta: %d line vertices, want 40", n)
	}
	a.fly.Roll = 0.5
	a.do(ActLevel)
	if a.fly.Roll != 0 {
		t.Errorf("level left roll %v", a.fly.Roll)
	}
	// A bad cameras.json keeps the scene and names the file.
	os.WriteFile(filepath.Join(dir, "cameras.json"), []byte(`[{"id": 0}]`), 0o644)
	a.openPaths([]string{scene})
	settle(t, a)
	if a.splat.view == nil || a.splat.cams.err == nil || !strings.Contains(a.status, "cameras.json") {
		t.Errorf("bad cameras: view %v, err %v, status %q", a.splat.view != nil, a.splat.cams.err, a.status)
	}
}

func abs32(x float32) float32 { return max(x, -x) }

// TestCameraPathInApp records keys, plays, saves and loads a path through the app.
func TestCameraPathInApp(t *testing.T) {
	a := testApp(t)
	a.openPaths([]string{splatDataFile(t, "metalsplatter_train_3points.spz")})
	settle(t, a)
	a.do(ActPlayPath)
	if a.splat.path.playing {
		t.Fatal("played a path without keys")
	}
	a.do(ActAddKeyframe)
	a.orbit.Rotate(1, 0.2)
	a.do(ActAddKeyframe)
	if len(a.splat.path.path.Keys) != 2 || a.splat.path.path.Duration() <= 0 {
		t.Fatalf("keys %d duration %v", len(a.splat.path.path.Keys), a.splat.path.path.Duration())
	}
	a.do(ActPlayPath)
	if !a.splat.path.playing || !a.flyMode {
		t.Fatal("path did not start in the fly camera")
	}
	end := a.splat.path.path.Keys[1].Eye
	for i := 0; i < 1000 && a.splat.path.playing; i++ {
		a.tickSplats(0.05)
	}
	if a.splat.path.playing || a.fly.Eye.Sub(end).Len() > 1e-4 {
		t.Errorf("after playing: playing %v, eye %v, want %v", a.splat.path.playing, a.fly.Eye, end)
	}
	file := filepath.Join(t.TempDir(), "p.json")
	a.savePath(file)
	a.clearPath()
	a.loadPath(file)
	if len(a.splat.path.path.Keys) != 2 || a.statusErr {
		t.Errorf("load: %d keys, status %q", len(a.splat.path.path.Keys), a.status)
	}
	a.loadPath(filepath.Join(t.TempDir(), "none.json"))
	if !a.statusErr || len(a.splat.path.path.Keys) != 2 {
		t.Errorf("a missing file must keep the path and say so: %q", a.status)
	}
}

// TestSaveFiltered writes a cropped copy of the fountain and refuses the input as output.
func TestSaveFiltered(t *testing.T) {
	in := splatDataFile(t, "swiftgraphics_winter_fountain.splat")
	out := filepath.Join(t.TempDir(), "f.spz")
	o := gaussians.FilterOptions{MinOpacity: 0.5}
	kept, removed, err := saveFiltered(in, out, o, func(float64) {})
	if err != nil || kept == 0 || removed == 0 || kept+removed != 93713 {
		t.Fatalf("kept %d removed %d: %v", kept, removed, err)
	}
	s, err := gaussians.Load(out, nil)
	if err != nil || s.N != kept {
		t.Fatalf("reloaded %v: %v", s, err)
	}
	if _, _, err := saveFiltered(in, in, o, func(float64) {}); err == nil {
		t.Errorf("overwrote the input")
	}
}

// TestFrameWriters writes frames as PNGs and (with ffmpeg) as MP4; aborts leave nothing.
func TestFrameWriters(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for i := range img.Pix {
		img.Pix[i] = byte(i)
	}
	img.Set(0, 0, color.RGBA{255, 0, 0, 255})
	dir := filepath.Join(t.TempDir(), "frames")
	pw, err := newPNGWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := pw.write(img); err != nil {
			t.Fatal(err)
		}
	}
	if err := pw.finish(); err != nil {
		t.Fatal(err)
	}
	if got, _ := filepath.Glob(filepath.Join(dir, "frame_*.png")); len(got) != 3 {
		t.Errorf("PNG frames: %v", got)
	}
	ff := ffmpegPath()
	if ff == "" {
		t.Skip("ffmpeg not installed: MP4 not tested")
	}
	out := filepath.Join(t.TempDir(), "p.mp4")
	mw, err := newMP4Writer(ff, out, 64, 48, 10)
	if err != nil {
		t.Fatal(err)
	}
	for range 10 {
		if err := mw.write(img); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.finish(); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(out); err != nil || st.Size() < 100 {
		t.Errorf("mp4: %v %v", st, err)
	}
	out2 := filepath.Join(filepath.Dir(out), "q.mp4")
	mw, _ = newMP4Writer(ff, out2, 64, 48, 10)
	mw.write(img)
	mw.abort()
	if left, _ := os.ReadDir(filepath.Dir(out)); len(left) != 1 {
		t.Errorf("abort left files: %v", left)
	}
}
