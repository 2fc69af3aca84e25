package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/splatscope/splatscope/mesh"
)

// sharedData is the shared data folder laid beside the repository.
var sharedData = filepath.Join("..", "..", "..", "shared", "data")

// buildBinary builds splatscope once per test binary into a temp folder.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "splatscope")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func haveDisplay(t *testing.T) {
	t.Helper()
	if os.Getenv("DISPLAY") == "" {
		if os.Getenv("REQUIRE_GL") == "1" {
			t.Fatal("REQUIRE_GL=1 but no DISPLAY: run under xvfb-run -a")
		}
		t.Skip("no DISPLAY (set REQUIRE_GL=1 to fail instead)")
	}
}

func TestEndToEndBinary(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()

	t.Run("render demo", func(t *testing.T) {
		haveDisplay(t)
		out := filepath.Join(dir, "demo.png")
		if b, err := exec.Command(bin, "render", "--out", out, "--size", "320x240").CombinedOutput(); err != nil {
			t.Fatalf("render: %v\n%s", err, b)
		}
		img := decodePNG(t, out)
		if w, h := img.Bounds().Dx(), img.Bounds().Dy(); w != 320 || h != 240 {
			t.Fatalf("size %dx%d, want 320x240", w, h)
		}
		// The teapot must cover a sizeable part of the frame.
		if frac, _ := coverage(img); frac < 0.08 || frac > 0.9 {
			t.Fatalf("teapot covers %.1f%% of the image, want 8%%..90%%", frac*100)
		}
	})

	t.Run("render splat scene", func(t *testing.T) {
		haveDisplay(t)
		out := filepath.Join(dir, "donut.png")
		donut := filepath.Join(sharedData, "splats", "v3dg_donut_sh0.ply")
		if b, err := exec.Command(bin, "render", donut, "--up", "z", "--out", out, "--size", "160x120").CombinedOutput(); err != nil {
			t.Fatalf("render: %v\n%s", err, b)
		}
		img := decodePNG(t, out)
		frac, mean := coverage(img)
		// The donut fills a good part of the frame, and its pink icing makes it red-dominant.
		if frac < 0.1 || frac > 0.8 || mean[0] <= mean[1] {
			t.Fatalf("donut covers %.2f of the image with mean colour %v: want 0.1..0.8 and red above green", frac, mean)
		}
	})

	t.Run("export stl round trip", func(t *testing.T) {
		in := filepath.Join(sharedData, "meshes", "stanford_bunny.obj")
		src, err := mesh.Load(in, nil)
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "bunny.stl")
		if b, err := exec.Command(bin, "export-stl", in, out).CombinedOutput(); err != nil {
			t.Fatalf("export-stl: %v\n%s", err, b)
		}
		back, err := mesh.Load(out, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(back.Triangles) != len(src.Triangles) {
			t.Fatalf("read back %d triangles, wrote %d", len(back.Triangles), len(src.Triangles))
		}
	})

	t.Run("refuses to overwrite its input", func(t *testing.T) {
		in := filepath.Join(dir, "in.stl")
		if b, err := exec.Command(bin, "export-stl", filepath.Join(sharedData, "meshes", "utah_teapot.obj"), in).CombinedOutput(); err != nil {
			t.Fatalf("export-stl: %v\n%s", err, b)
		}
		before, _ := os.ReadFile(in)
		b, err := exec.Command(bin, "export-stl", in, in).CombinedOutput()
		if err == nil {
			t.Fatalf("export-stl over its own input succeeded: %s", b)
		}
		after, _ := os.ReadFile(in)
		if string(before) != string(after) {
			t.Fatal("input file changed")
		}
	})

	t.Run("bad input is one line naming the file", func(t *testing.T) {
		bad := filepath.Join(dir, "bad.obj")
		os.WriteFile(bad, []byte("v 0 0 0\nv 1 0 0\nf 1 2 999\n"), 0o644)
		b, err := exec.Command(bin, "info", bad).CombinedOutput()
		if err == nil {
			t.Fatalf("info on a bad file succeeded: %s", b)
		}
		msg := strings.TrimSpace(string(b))
		if strings.Count(msg, "\n") != 0 || !strings.Contains(msg, "bad.obj:3") {
			t.Fatalf("want one line naming bad.obj:3, got %q", msg)
		}
		if _, err := os.Stat(filepath.Join(dir, "never.stl")); err == nil {
			t.Fatal("unexpected output")
		}
		if b, err := exec.Command(bin, "export-stl", bad, filepath.Join(dir, "never.stl")).CombinedOutput(); err == nil {
			t.Fatalf("export of a bad file succeeded: %s", b)
		}
		if _, err := os.Stat(filepath.Join(dir, "never.stl")); err == nil {
			t.Fatal("a failed export left a file behind")
		}
	})
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}
