package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/materials"
	"github.com/splatscope/splatscope/physics"
)

// jellyCube writes a cube of side 0.1 m made of 10³ Gaussians to dir/cube.ply, labelled with the
// default table's material called label ("" for no labels), with its bottom at y = 0.
func jellyCube(t *testing.T, dir, label string) string {
	t.Helper()
	const n, h = 10, 0.01
	s := gaussians.NewScene(n*n*n, 1)
	i := 0
	for a := 0; a < n; a++ {
		for b := 0; b < n; b++ {
			for c := 0; c < n; c++ {
				s.Positions[3*i], s.Positions[3*i+1], s.Positions[3*i+2] = (float32(a)+0.5)*h, (float32(b)+0.5)*h, (float32(c)+0.5)*h
				for k := 0; k < 3; k++ {
					s.Scales[3*i+k] = float32(math.Log(0.6 * h))
					s.SHDC[3*i+k] = gaussians.DCFromColor([3]float32{0.9, 0.5, 0.2}[k])
					s.SHRest[9*i+k] = 0.1
				}
				s.Opacities[i] = 3
				i++
			}
		}
	}
	if label != "" {
		id := materials.DefaultTable().Index(label)
		if id < 0 {
			t.Fatalf("no table material %q", label)
		}
		ids := make([]float32, s.N)
		for i := range ids {
			ids[i] = float32(id)
		}
		s.Extra = []gaussians.Property{{Name: materials.IDProperty, Values: ids}}
	}
	path := filepath.Join(dir, "cube.ply")
	if err := gaussians.Save(path, s); err != nil {
		t.Fatal(err)
	}
	return path
}

// meanMinY returns the mean and the lowest y of a scene's centres.
func meanMinY(s *gaussians.Scene) (mean, lo float64) {
	lo = math.Inf(1)
	for i := 0; i < s.N; i++ {
		y := float64(s.Positions[3*i+1])
		mean += y
		lo = min(lo, y)
	}
	return mean / float64(s.N), lo
}

func TestSimulateDropsCubeOnGround(t *testing.T) {
	cases := []struct {
		name, label string
		extra       []string
	}{
		{"labelled food (jelly-like)", "food", nil},
		{"unlabelled defaults to jelly", "", []string{"--png", "--size", "64x48"}},
		{"one material by name", "", []string{"--material", "rubber", "--ground", "sticky"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			scene := jellyCube(t, dir, c.label)
			out := filepath.Join(dir, "frames")
			const frames = 16
			args := append([]string{scene, "--frames", "16", "--fps", "10", "--out", out, "--up", "y", "--drop", "0.1", "--damping", "4", "-q"}, c.extra...)
			if err := runSimulate(args); err != nil {
				t.Fatal(err)
			}
			var ys, lows []float64
			for f := 0; f < frames; f++ {
				s, err := gaussians.Load(filepath.Join(out, fmt.Sprintf("frame_%04d.ply", f)), nil)
				if err != nil {
					t.Fatal(err)
				}
				if s.N != 1000 {
					t.Fatalf("frame %d has %d Gaussians, want 1000", f, s.N)
				}
				if c.label != "" && s.Prop(materials.IDProperty) == nil {
					t.Fatalf("frame %d lost the material_id property", f)
				}
				m, lo := meanMinY(s)
				ys, lows = append(ys, m), append(lows, lo)
			}
			ground := lows[0] - 0.1
			if math.Abs(ys[0]-0.05) > 1e-6 {
				t.Fatalf("frame 0 centre y = %g, want the rest scene's 0.05", ys[0])
			}
			last := ys[frames-1]
			// It fell the 0.1 m drop and rests on the ground: centre about half a cube above it.
			if ys[frames-1] > ys[0]-0.08 {
				t.Fatalf("centre y went from %.4f to %.4f: did not fall the 0.1 m drop", ys[0], last)
			}
			if lows[frames-1] < ground-0.01 || lows[frames-1] > ground+0.015 || last-ground < 0.03 || last-ground > 0.05 {
				t.Fatalf("last frame: lowest y %.4f, centre %.4f, ground %.4f: sank into the ground", lows[frames-1], last, ground)
			}
			if d := math.Abs(ys[frames-1] - ys[frames-3]); d > 0.005 {
				t.Fatalf("centre still moving by %.4f m over the last 0.2 s: not resting (y: %v)", d, ys)
			}
			if hasPNG := strings.Contains(strings.Join(c.extra, " "), "--png"); hasPNG {
				if _, err := os.Stat(filepath.Join(out, "frame_0015.png")); err != nil {
					t.Fatal(err)
				}
			}
			left, _ := filepath.Glob(filepath.Join(out, ".*tmp*"))
			if len(left) > 0 {
				t.Fatalf("temporary files left: %v", left)
			}
		})
	}
}

func TestSimulateUnstableStopsNamingFrame(t *testing.T) {
	dir := t.TempDir()
	scene := jellyCube(t, dir, "")
	s, err := gaussians.Load(scene, nil)
	if err != nil {
		t.Fatal(err)
	}
	as, err := physics.Uniform("jelly", nil)
	if err != nil {
		t.Fatal(err)
	}
	sim, err := physics.New(s, as, physics.Options{Up: physics.UpY})
	if err != nil {
		t.Fatal(err)
	}
	sim.Solver.P.V[0] = float32(math.NaN()) // a particle's state turns NaN before frame 1
	a := simArgs{out: dir, frames: 5, fps: 30}
	err = writeFrames(a, sim, nil)
	if err == nil || !strings.HasPrefix(err.Error(), "frame 1 ") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("got %v, want a one-line error naming frame 1", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "frame_0000.ply")); err != nil {
		t.Fatal("frame 0 should be written:", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "frame_0001.ply")); err == nil {
		t.Fatal("frame 1 was written despite the instability")
	}
}

func TestSimulateArgs(t *testing.T) {
	cases := []struct {
		args []string
		want string // substring of the error, "" for none
	}{
		{[]string{"s.ply", "--frames", "3", "--out", "d"}, ""},
		{[]string{"s.ply", "--frames", "3"}, "--out"},
		{[]string{"s.ply", "--out", "d"}, "--frames"},
		{[]string{"s.ply", "--frames", "3", "--out", "d", "--ground", "ice"}, "--ground"},
		{[]string{"s.ply", "--frames", "3", "--out", "d", "--up", "x"}, "--up"},
		{[]string{"s.ply", "--frames", "3", "--out", "d", "--labels", "l.npy", "--material", "sand"}, "exclude"},
		{[]string{"s.ply", "--frames", "3", "--out", "d", "--size", "0x4"}, "--size"},
		{[]string{"s.ply", "--frames", "3", "--out", "d", "--fps", "0"}, "--fps"},
	}
	for _, c := range cases {
		_, err := parseSimulateArgs(c.args)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%v: got error %v, want %q", c.args, err, c.want)
		}
	}
}
