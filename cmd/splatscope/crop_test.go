package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/splatscope/splatscope/gaussians"
)

func TestCropOptions(t *testing.T) {
	o, err := cropOptions("1,2,3,-1,-2,-3", 0.5, 0.1)
	if err != nil || !o.Box || o.Min != [3]float32{-1, -2, -3} || o.Max != [3]float32{1, 2, 3} || o.MinOpacity != 0.5 || o.MaxScale != 0.1 {
		t.Errorf("got %+v, %v", o, err)
	}
	for _, c := range []struct {
		box      string
		op, sc   float64
		wantErrs string
	}{
		{"1,2,3", 0, 0, "6 numbers"},
		{"1,2,3,a,5,6", 0, 0, "not a number"},
		{"", 2, 0, "--min-opacity"},
		{"", 0, -1, "--max-scale"},
		{"", 0, 0, "nothing to crop"},
	} {
		if _, err := cropOptions(c.box, c.op, c.sc); err == nil || !strings.Contains(err.Error(), c.wantErrs) {
			t.Errorf("%q %v %v: error %v, want %q", c.box, c.op, c.sc, err, c.wantErrs)
		}
	}
}

// TestCropFountain crops the real fountain to its upper half (−Y up: y < 0.4) without faint
// splats, checks what was written, and that the input cannot be overwritten.
func TestCropFountain(t *testing.T) {
	in := filepath.Join(sharedData, "splats", "swiftgraphics_winter_fountain.splat")
	if _, err := os.Stat(in); err != nil {
		t.Skipf("shared data missing: %v", err)
	}
	out := filepath.Join(t.TempDir(), "top.ply")
	if err := runCrop([]string{in, out, "--box", "-2,-2,-2,2,0.4,2", "--min-opacity", "0.2", "-q"}); err != nil {
		t.Fatal(err)
	}
	s, err := gaussians.Load(out, nil)
	if err != nil {
		t.Fatal(err)
	}
	full, _ := gaussians.Load(in, nil)
	if s.N == 0 || s.N >= full.N {
		t.Fatalf("kept %d of %d", s.N, full.N)
	}
	for i := 0; i < s.N; i++ {
		if p := s.Position(i); p[1] > 0.4 || p[1] < -2 || s.Opacity(i) < 0.2-1e-3 {
			t.Fatalf("Gaussian %d at %v opacity %v passed the crop", i, p, s.Opacity(i))
		}
	}
	if err := runCrop([]string{in, in, "--max-scale", "1", "-q"}); err == nil || !strings.Contains(err.Error(), "overwrite") {
		t.Errorf("writing over the input: %v", err)
	}
	if err := runCrop([]string{in, out, "--box", "100,100,100,101,101,101", "-q"}); err == nil || !strings.Contains(err.Error(), "removes all") {
		t.Errorf("empty result: %v", err)
	}
}
