package app

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/splatscope/splatscope/camera"
	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/safetensors"
)

// fakeAppearancePass is a splat pass fake that keeps the colours it is given.
type fakeAppearancePass struct {
	fakeSplatPass
	colors, sh []float32
	degree     int
	updates    int
	loading    bool
}

func (p *fakeAppearancePass) UpdateColors(colors, sh []float32, degree int) error {
	p.colors, p.sh, p.degree = append([]float32(nil), colors...), append([]float32(nil), sh...), degree
	p.updates++
	return nil
}

func (p *fakeAppearancePass) Loading() bool { return p.loading }

// appearanceApp is a test app (no window, no GL) whose splat uploads are colour-keeping fakes.
func appearanceApp(t *testing.T) *App {
	a := testApp(t)
	a.splat.upload = func(v *SplatView) error { v.Pass = &fakeAppearancePass{}; return nil }
	return a
}

// meanOf is the mean of the colours a fake pass holds.
func meanOf(p *fakeAppearancePass) float32 {
	var s float32
	for _, c := range p.colors {
		s += min(max(c, 0), 1)
	}
	return s / float32(max(len(p.colors), 1))
}

// TestAppearanceDemoJob opens the synthetic demo: the scene lands with three photos as training
// cameras, Y up, showing day; night (photo 3) is darker than day, base colours come back
// exactly, the camera moves to a photo on request, and the job's progress reached 1.
func TestAppearanceDemoJob(t *testing.T) {
	a := appearanceApp(t)
	a.openDemoAppearance()
	settle(t, a)
	ap := &a.appear
	if ap.bundle == nil || a.splat.view == nil || ap.view != a.splat.view || a.statusErr {
		t.Fatalf("demo not open: status %q", a.status)
	}
	if n := len(a.splat.cams.list); n != 3 || a.orbit.Up != camera.YUp {
		t.Errorf("%d training cameras, up %v; want the 3 photos and Y up", n, a.orbit.Up)
	}
	p := a.splat.view.Pass.(*fakeAppearancePass)
	if ap.showBase || !strings.Contains(ap.shown, "day") || p.updates == 0 {
		t.Fatalf("demo shows %q (base %v, %d updates), want day", ap.shown, ap.showBase, p.updates)
	}
	day := meanOf(p)
	a.choosePhoto(2)
	j := ap.job
	settle(t, a)
	if j == nil || j.Progress() != 1 {
		t.Errorf("recolour job progress %v", j.Progress())
	}
	night := meanOf(p)
	if !(night < 0.6*day) || !strings.Contains(ap.shown, "night") {
		t.Errorf("night mean %v, day %v (%q): want night much darker", night, day, ap.shown)
	}
	// The CPU result equals gaussians.Recolor's.
	out, err := gaussians.Recolor(context.Background(), ap.bundle, 2, 2, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range p.colors {
		if want := gaussians.ColorFromDC(out.SHDC[i]); p.colors[i] != want {
			t.Fatalf("colour %d = %v, want %v", i, p.colors[i], want)
		}
	}
	a.do(ActBaseColours)
	base := ap.bundle.Scene
	if !ap.showBase || p.degree != base.SHDegree || p.colors[0] != gaussians.ColorFromDC(base.SHDC[0]) {
		t.Errorf("base colours: showBase %v, degree %d, colour %v", ap.showBase, p.degree, p.colors[0])
	}
	// Blend: the status and panel say it is interpolated.
	ap.photoB = 2
	a.recolor(0, 2, 0.5)
	settle(t, a)
	if !strings.Contains(ap.shown, "interpolated") {
		t.Errorf("blend shown as %q", ap.shown)
	}
	ap.moveCamera = true
	a.choosePhoto(1)
	settle(t, a)
	if !a.flyMode || a.splat.cams.current != 1 {
		t.Errorf("move camera to photo: fly %v, current camera %d", a.flyMode, a.splat.cams.current)
	}
	want := ap.bundle.Photos[1].Camera.Position
	if e := a.fly.Position(); abs32(e[0]-float32(want[0]))+abs32(e[1]-float32(want[1]))+abs32(e[2]-float32(want[2])) > 1e-4 {
		t.Errorf("camera at %v, photo at %v", e, want)
	}
	a.do(ActNextPhoto)
	settle(t, a)
	if ap.photoA != 2 {
		t.Errorf("next photo: %d, want 2", ap.photoA)
	}
}

// TestAppearanceBadInput: a photo out of range and a recolour that fails both name the problem
// in the status line and leave the base colours shown; a cancelled recolour changes nothing.
func TestAppearanceBadInput(t *testing.T) {
	a := appearanceApp(t)
	a.openDemoAppearance()
	settle(t, a)
	ap := &a.appear
	p := a.splat.view.Pass.(*fakeAppearancePass)
	a.choosePhoto(5)
	settle(t, a)
	if !a.statusErr || !strings.Contains(a.status, "photo 5 out of range (3 photos)") || !ap.showBase {
		t.Errorf("photo out of range: status %q (error %v), base %v", a.status, a.statusErr, ap.showBase)
	}
	if p.colors[0] != gaussians.ColorFromDC(ap.bundle.Scene.SHDC[0]) {
		t.Errorf("base colours not shown after the error")
	}
	// Cancel: a recolour cancelled at once leaves the pass as it was.
	before := p.updates
	a.recolor(2, 2, 0)
	ap.job.Cancel()
	settle(t, a)
	if p.updates != before || !ap.showBase {
		t.Errorf("cancelled recolour applied (%d updates, was %d)", p.updates, before)
	}
	// A pass still streaming its upload gets the colours once it is done.
	p.loading = true
	a.choosePhoto(1)
	settle(t, a)
	if p.updates != before || ap.pending == nil {
		t.Errorf("colours applied while uploading")
	}
	p.loading = false
	a.tickAppearance()
	if p.updates != before+1 || !strings.Contains(ap.shown, "sunset") {
		t.Errorf("pending colours not applied after the upload (%q)", ap.shown)
	}
	// A new scene drops the bundle.
	a.openPaths([]string{splatDataFile(t, "v3dg_donut_sh0.ply")})
	settle(t, a)
	a.tickAppearance()
	if ap.bundle != nil {
		t.Errorf("bundle kept after another scene opened")
	}
}

// TestAppearanceOpenFiles opens the reference fixture bundles by their JSON, and by the PLY with
// the JSON beside it; a bundle with a missing tensor says which and opens nothing.
func TestAppearanceOpenFiles(t *testing.T) {
	dir := filepath.Join("..", "gaussians", "testdata", "appearance")
	a := appearanceApp(t)
	for _, c := range []struct{ open, model string }{
		{"wildgs.json", gaussians.ModelWildGS},
		{"wildgaussians.ply", gaussians.ModelWildGaussians},
	} {
		a.openPaths([]string{filepath.Join(dir, c.open)})
		settle(t, a)
		ap := &a.appear
		if ap.bundle == nil || ap.bundle.Model != c.model || a.statusErr || len(a.splat.cams.list) != len(ap.bundle.Photos) {
			t.Fatalf("%s: bundle %v, status %q", c.open, ap.bundle, a.status)
		}
		a.choosePhoto(2)
		settle(t, a)
		if ap.showBase || a.statusErr {
			t.Errorf("%s: photo 3 not shown: %q", c.open, a.status)
		}
	}
	if findAppearanceFor(splatDataFile(t, "v3dg_donut_sh0.ply")) != "" {
		t.Errorf("a bundle found beside the donut")
	}
	// A bundle whose weights lack a tensor: the error names it, the scene stays.
	tmp := t.TempDir()
	for _, f := range []string{"wildgs.json", "wildgs.ply"} {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(tmp, f), data, 0o644)
	}
	ts, meta, err := safetensors.Read(filepath.Join(dir, "wildgs.safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	delete(ts, "default_local")
	if err := safetensors.WriteFile(filepath.Join(tmp, "wildgs.safetensors"), ts, meta); err != nil {
		t.Fatal(err)
	}
	prev := a.splat.view
	a.openPaths([]string{filepath.Join(tmp, "wildgs.json")})
	settle(t, a)
	// The scene is shown with its own colours, without appearance, and the error says why.
	if v := a.splat.view; v == prev || v == nil || v.N != 200 || a.appear.bundle != nil || !a.statusErr ||
		!strings.Contains(a.status, `"default_local" missing`) {
		t.Errorf("missing tensor: scene shown %v, bundle %v, status %q", a.splat.view != prev, a.appear.bundle != nil, a.status)
	}
	// A JSON naming a scene that is not there opens nothing and says so.
	prev = a.splat.view
	os.Remove(filepath.Join(tmp, "wildgs.ply"))
	a.openPaths([]string{filepath.Join(tmp, "wildgs.json")})
	settle(t, a)
	if a.splat.view != prev || !a.statusErr || !strings.Contains(a.status, "wildgs.ply") {
		t.Errorf("missing scene: view replaced %v, status %q", a.splat.view != prev, a.status)
	}
}

// TestAppearanceThumbnails: a bundle whose photos name thumbnails gets them decoded and shrunk;
// a missing one is a warning in the status line, not a failure.
func TestAppearanceThumbnails(t *testing.T) {
	dir := filepath.Join("..", "gaussians", "testdata", "appearance")
	tmp := t.TempDir()
	for _, f := range []string{"wildgs.ply", "wildgs.safetensors"} {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(tmp, f), data, 0o644)
	}
	af, err := os.Open(filepath.Join(dir, "wildgs.json"))
	if err != nil {
		t.Fatal(err)
	}
	bf, err := gaussians.ReadAppearanceFile(af, "wildgs.json")
	af.Close()
	if err != nil {
		t.Fatal(err)
	}
	bf.Scene, bf.Weights = "wildgs.ply", "wildgs.safetensors"
	bf.Photos[0].Thumbnail = "thumbs/p0.png"
	bf.Photos[1].Thumbnail = "thumbs/missing.png"
	os.Mkdir(filepath.Join(tmp, "thumbs"), 0o755)
	img := image.NewRGBA(image.Rect(0, 0, 640, 320))
	for i := range img.Pix {
		img.Pix[i] = 200
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	os.WriteFile(filepath.Join(tmp, "thumbs", "p0.png"), buf.Bytes(), 0o644)
	js, _ := json.Marshal(bf)
	os.WriteFile(filepath.Join(tmp, "bundle.json"), js, 0o644)
	a := appearanceApp(t)
	a.openPaths([]string{filepath.Join(tmp, "bundle.json")})
	settle(t, a)
	ap := &a.appear
	if ap.bundle == nil || len(ap.thumbSrc) != len(ap.bundle.Photos) {
		t.Fatalf("bundle not open: %q", a.status)
	}
	th := ap.thumbSrc[0]
	if th == nil || th.Bounds().Dx() != thumbSide || th.Bounds().Dy() != thumbSide/2 || ap.thumbSrc[1] != nil {
		t.Errorf("thumbnails %v, want photo 1's shrunk to %d wide and none for photo 2", ap.thumbSrc[:2], thumbSide)
	}
	if a.statusErr || !strings.Contains(a.status, "missing.png") {
		t.Errorf("status %q, want a warning naming the missing thumbnail", a.status)
	}
}
