package main

import (
	"image"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/splatscope/splatscope/camera"
)

// splatData returns a real splat file's path, skipping when the shared data is absent.
func splatData(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join(sharedData, "splats", name)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("shared data missing: %v", err)
		}
		t.Skipf("shared data missing: %v", err)
	}
	return p
}

func TestIsSplatPath(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	meshPLY := write("mesh.ply", "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n"+
		"element face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n")
	cloudPLY := write("cloud.ply", "ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n0 0 0\n")
	gaussPLY := write("g.PLY", "ply\nformat binary_little_endian 1.0\nelement vertex 0\nproperty float x\nproperty float y\nproperty float z\n"+
		"property float f_dc_0\nproperty float opacity\nend_header\n")
	cases := []struct {
		path string
		want bool
	}{
		{splatData(t, "v3dg_donut_sh0.ply"), true},
		{splatData(t, "supersplat_fruit_drops_minimal_sh3.ply"), true},
		{splatData(t, "swiftgraphics_winter_fountain.splat"), true},
		{splatData(t, "playcanvas_biker_v4.spz"), true},
		{gaussPLY, true},
		{meshPLY, false},
		{cloudPLY, false},
		{filepath.Join(sharedData, "meshes", "stanford_bunny.obj"), false},
		{filepath.Join(dir, "missing.ply"), false},
		{filepath.Join(dir, "missing.splat"), true}, // by extension; loading reports the error
	}
	for _, c := range cases {
		if got := isSplatPath(c.path); got != c.want {
			t.Errorf("isSplatPath(%s) = %v, want %v", filepath.Base(c.path), got, c.want)
		}
	}
}

// splatCoverage returns the fraction of pixels differing from the splat background.
func splatCoverage(img *image.RGBA) float64 {
	n := 0
	for i := 0; i < len(img.Pix); i += 4 {
		d := 0
		for k := 0; k < 3; k++ {
			v := int(img.Pix[i+k]) - int(splatBackground[k]*255+0.5)
			d = max(d, v, -v)
		}
		if d > 8 { // 8 levels: above rounding noise
			n++
		}
	}
	return float64(n) / float64(len(img.Pix)/4)
}

func TestRenderSplatFileCPU(t *testing.T) {
	cases := []struct {
		file     string
		view     string
		up       camera.UpAxis
		min, max float64
	}{
		{"v3dg_donut_sh0.ply", "iso", camera.ZUp, 0.15, 0.8},
		{"swiftgraphics_winter_fountain.splat", "front", camera.NegYUp, 0.08, 0.8},
		{"metalsplatter_train_3points.spz", "front", camera.NegYUp, 0, 0.05},
	}
	for _, c := range cases {
		img, err := renderSplatFile(splatData(t, c.file), 96, 72, c.view, c.up, true)
		if err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		if b := img.Bounds(); b.Dx() != 96 || b.Dy() != 72 {
			t.Fatalf("%s: size %v", c.file, b)
		}
		if cov := splatCoverage(img); cov < c.min || cov > c.max {
			t.Errorf("%s: coverage %.3f, want %.2f..%.2f", c.file, cov, c.min, c.max)
		}
	}
	bad := []struct {
		path, view, want string
	}{
		{splatData(t, "v3dg_donut_sh0.ply"), "sideways", "--view"},
		{filepath.Join(t.TempDir(), "none.splat"), "iso", "none.splat"},
	}
	for _, c := range bad {
		if _, err := renderSplatFile(c.path, 32, 32, c.view, camera.YUp, true); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %s: error %v, want one naming %q", filepath.Base(c.path), c.view, err, c.want)
		}
	}
}

func TestRenderSplatFileGL(t *testing.T) {
	if os.Getenv("DISPLAY") == "" && os.Getenv("REQUIRE_GL") != "1" {
		t.Skip("no DISPLAY: run under xvfb-run -a (set REQUIRE_GL=1 to make this a failure)")
	}
	path := splatData(t, "supersplat_fruit_drops_minimal_sh3.ply")
	cpu, err := renderSplatFile(path, 120, 90, "front", camera.NegYUp, true)
	if err != nil {
		t.Fatal(err)
	}
	// GL calls must stay on one OS thread: this goroutine's, for the whole context lifetime.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	gl, err := renderSplatFile(path, 120, 90, "front", camera.NegYUp, false)
	if err != nil {
		t.Fatal(err)
	}
	sum := 0
	for i := range gl.Pix {
		d := int(gl.Pix[i]) - int(cpu.Pix[i])
		sum += max(d, -d)
	}
	// 4 channels per pixel, alpha equal: the mean over colour channels is sum / (3·pixels).
	if mean := float64(sum) / float64(3*120*90); mean > 2 {
		t.Errorf("GL and CPU renders differ by %.2f levels on average", mean)
	}
	if cov := splatCoverage(gl); cov < 0.3 {
		t.Errorf("GL render covers %.3f of the image, want the lid to fill most of it", cov)
	}
}
