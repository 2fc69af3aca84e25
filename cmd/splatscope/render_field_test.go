package main

import (
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/csp"
	"github.com/splatscope/splatscope/render"
)

func TestParseRenderFieldArgs(t *testing.T) {
	cases := []struct {
		args    []string
		wantErr string
		check   func(renderOptions) bool
	}{
		{[]string{"a.obj", "--out", "x.png", "--cpu"}, "", func(o renderOptions) bool { return o.cpu && o.wantsField() && o.mode == csp.Shaded }},
		{[]string{"a.obj", "--out", "x.png"}, "", func(o renderOptions) bool { return !o.wantsField() }},
		{[]string{"a.npy", "--out", "x.png"}, "", func(o renderOptions) bool { return o.wantsField() && !o.cpu }},
		{[]string{"a.obj", "--field", "--res", "64", "--mode", "gauss", "--out", "x.png"}, "", func(o renderOptions) bool {
			return o.field && o.res == 64 && o.mode == csp.GaussianCurvature
		}},
		{[]string{"a.obj", "--mode", "normal-cosine", "--out", "x.png"}, "", func(o renderOptions) bool {
			return o.fieldError && o.errKind == render.NormalCosine
		}},
		{[]string{"a.obj", "--field-error", "--out", "x.png"}, "", func(o renderOptions) bool { return o.fieldError && o.errKind == render.DepthError }},
		{[]string{"a.obj", "--mode", "fancy", "--out", "x.png"}, "--mode \"fancy\"", nil},
		{[]string{"a.obj", "--field-error", "--mode", "mean", "--out", "x.png"}, "--field-error", nil},
		{[]string{"a.obj", "--field", "--res", "1", "--out", "x.png"}, "--res 1", nil},
		{[]string{"a.obj", "--eps", "-1", "--cpu", "--out", "x.png"}, "--eps", nil},
	}
	for _, c := range cases {
		o, err := parseRenderArgs(c.args)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("%v: err %v, want one containing %q", c.args, err, c.wantErr)
			}
			continue
		}
		if err != nil || !c.check(o) {
			t.Errorf("%v: %+v, %v", c.args, o, err)
		}
	}
}

// decodePNG reads a PNG written by the binary.
func decodePNG(t *testing.T, path string) image.Image {
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

// coverage is the fraction of pixels that differ from the background, and their mean colour
// (0..255). The background is a vertical gradient: each row's left pixel is its colour there.
func coverage(img image.Image) (frac float64, mean [3]float64) {
	b := img.Bounds()
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		br, bgG, bb, _ := img.At(b.Min.X, y).RGBA()
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if absDiff(r, br)+absDiff(g, bgG)+absDiff(bl, bb) > 3*0x0800 {
				n++
				mean[0] += float64(r >> 8)
				mean[1] += float64(g >> 8)
				mean[2] += float64(bl >> 8)
			}
		}
	}
	if n > 0 {
		for i := range mean {
			mean[i] /= float64(n)
		}
	}
	return float64(n) / float64(b.Dx()*b.Dy()), mean
}

// TestRenderFieldBinary runs `splatscope render` on CSP fields: the --cpu path with DISPLAY
// and WAYLAND_DISPLAY unset (no GL at all), and the GPU --field path under a display.
func TestRenderFieldBinary(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	if d := os.Getenv("SPLATSCOPE_SHOT_DIR"); d != "" { // keep the images to look at them
		dir = d
	}
	bunny := filepath.Join(sharedData, "meshes", "stanford_bunny.obj")
	g, err := csp.Bake(context.Background(), csp.Sphere{Center: mgl32.Vec3{0, 0, 0}, Radius: 1},
		mgl32.Vec3{-1.3, -1.3, -1.3}, mgl32.Vec3{1.3, 1.3, 1.3}, 32, nil)
	if err != nil {
		t.Fatal(err)
	}
	sphere := filepath.Join(dir, "sphere.npy")
	if err := csp.SaveGrid(sphere, g, csp.Meta{}); err != nil {
		t.Fatal(err)
	}
	noDisplay := func(cmd *exec.Cmd) *exec.Cmd {
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "DISPLAY=") && !strings.HasPrefix(kv, "WAYLAND_DISPLAY=") {
				cmd.Env = append(cmd.Env, kv)
			}
		}
		return cmd
	}
	type want struct {
		minCov, maxCov float64
		colour         func(mean [3]float64) bool // on the covered pixels' mean colour
	}
	grey := func(m [3]float64) bool { return m[0]-m[2] < 20 && m[2]-m[0] < 20 && m[0] > 100 }
	cpu := []struct {
		name string
		args []string
		want want
	}{
		{"mesh exact", []string{bunny, "--cpu"}, want{0.08, 0.6, grey}},
		{"grid", []string{sphere, "--cpu"}, want{0.05, 0.8, grey}},
		// The PyTorch fixture (a sphere of radius 0.3 fitted briefly), baked adaptively at 32³.
		{"network", []string{filepath.Join("..", "..", "csp", "testdata", "neural_sphere.pt"), "--cpu", "--res", "32"}, want{0.03, 0.8, grey}},
		// Normals: the sphere shows every direction, so no channel dominates, and it is colourful.
		{"grid normals", []string{sphere, "--cpu", "--mode", "normals"}, want{0.05, 0.8, func(m [3]float64) bool { return m[0] > 60 && m[1] > 60 && m[2] > 60 }}},
		// The baked 32³ bunny against its mesh: small errors, the heat map's dark end dominates.
		{"depth error", []string{bunny, "--field-error", "--res", "32"}, want{0.05, 0.6, func(m [3]float64) bool { return m[1] < 80 }}},
		{"normal cosine", []string{bunny, "--mode", "normal-cosine", "--res", "32"}, want{0.05, 0.6, func(m [3]float64) bool { return m[0] > 120 }}},
	}
	for _, c := range cpu {
		t.Run("cpu "+c.name, func(t *testing.T) {
			out := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+".png")
			args := append([]string{"render", "--size", "160x120", "--out", out}, c.args...)
			if b, err := noDisplay(exec.Command(bin, args...)).CombinedOutput(); err != nil {
				t.Fatalf("%v: %v\n%s", args, err, b)
			}
			img := decodePNG(t, out)
			if img.Bounds().Dx() != 160 || img.Bounds().Dy() != 120 {
				t.Fatalf("size %v, want 160×120", img.Bounds())
			}
			cov, mean := coverage(img)
			if cov < c.want.minCov || cov > c.want.maxCov || !c.want.colour(mean) {
				t.Errorf("coverage %.2f (want %.2f..%.2f), mean colour %.0f", cov, c.want.minCov, c.want.maxCov, mean)
			}
		})
	}
	t.Run("gpu field", func(t *testing.T) {
		haveDisplay(t)
		out := filepath.Join(dir, "gpu-field.png")
		if b, err := exec.Command(bin, "render", "--field", "--res", "32", "--size", "160x120", "--out", out).CombinedOutput(); err != nil {
			t.Fatalf("render --field: %v\n%s", err, b)
		}
		cov, mean := coverage(decodePNG(t, out))
		if cov < 0.05 || cov > 0.8 || !grey(mean) {
			t.Errorf("demo field: coverage %.2f, mean colour %.0f; want a grey teapot", cov, mean)
		}
	})
	t.Run("gpu needs a display", func(t *testing.T) {
		out := filepath.Join(dir, "never.png")
		b, err := noDisplay(exec.Command(bin, "render", sphere, "--out", out)).CombinedOutput()
		if err == nil {
			t.Skip("this platform opened GL without a display")
		}
		if !strings.Contains(string(b), "--cpu") {
			t.Errorf("error %q should point at --cpu", b)
		}
	})
}
