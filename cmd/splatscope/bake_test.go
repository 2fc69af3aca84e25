package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/splatscope/splatscope/csp"
)

// TestBakeCommand bakes the real bunny through the built binary and reads the field back.
func TestBakeCommand(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "bunny.npy")
	in := filepath.Join(sharedData, "meshes", "stanford_bunny.obj")
	if b, err := exec.Command(bin, "bake", in, "--res", "24", "--out", out).CombinedOutput(); err != nil {
		t.Fatalf("bake: %v\n%s", err, b)
	}
	g, meta, err := csp.LoadGrid(out)
	if err != nil {
		t.Fatal(err)
	}
	if g.Dims != [3]int{24, 24, 24} {
		t.Fatalf("dims %v, want 24³", g.Dims)
	}
	if _, err := os.Stat(filepath.Join(dir, "bunny.json")); err != nil {
		t.Fatalf("no JSON sidecar: %v", err)
	}
	if len(meta.SourceSHA256) != 64 || meta.Dtype != "float32" || meta.Shape != [4]int{24, 24, 24, 3} {
		t.Fatalf("sidecar meta %+v: want a SHA-256, float32 and shape (24,24,24,3)", meta)
	}
	// Every baked node holds a point on the bunny's box (closest points lie on the surface).
	lo, hi := g.Bounds()
	c := g.At(0, 0, 0)
	for k := 0; k < 3; k++ {
		if c[k] < lo[k] || c[k] > hi[k] {
			t.Fatalf("closest point %v outside the field box %v..%v", c, lo, hi)
		}
	}
	// A bad resolution is refused before any file is written.
	bad := filepath.Join(dir, "bad.npy")
	if b, err := exec.Command(bin, "bake", in, "--res", "1", "--out", bad).CombinedOutput(); err == nil {
		t.Fatalf("bake --res 1 succeeded: %s", b)
	}
	if _, err := os.Stat(bad); err == nil {
		t.Fatal("a refused bake left a file")
	}
}
