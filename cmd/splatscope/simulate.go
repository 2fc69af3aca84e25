package main

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/splatscope/splatscope/camera"
	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/materials"
	"github.com/splatscope/splatscope/mpm"
	"github.com/splatscope/splatscope/physics"
	"github.com/splatscope/splatscope/render"
)

func init() {
	register("simulate", "SCENE [--labels L.npy | --table T.json | --material NAME] --frames N [--fps 30] --out DIR "+
		"[--ground sticky|slip|friction] [--up -y|y|z|-z] [--drop H] [--max-particles P] [--fill] [--scale M] [--damping R] [--png] [--size WxH] [-q]   "+
		"drop the (labelled) splats with the MPM preview and write the frames as DIR/frame_NNNN.ply (and .png)", runSimulate)
}

// simArgs are the parsed simulate flags.
type simArgs struct {
	scene, labels, table, material, out string
	frames                              int
	fps                                 float64
	ground                              mpm.Boundary
	up                                  physics.Up
	camUp                               camera.UpAxis
	drop, scale, damping                float64
	maxParticles                        int
	fill, png, quiet                    bool
	w, h                                int
}

var groundNames = map[string]mpm.Boundary{"sticky": mpm.Sticky, "slip": mpm.Slip, "friction": mpm.Friction}

func parseSimulateArgs(args []string) (simArgs, error) {
	var a simArgs
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	labels := fs.String("labels", "", "per-Gaussian material ids (.npy; siblings X_names.json etc. are read too)")
	table := fs.String("table", "", "materials table JSON (default: the built-in table)")
	material := fs.String("material", "", "one material for the whole scene (a table row or a solver preset; default jelly when the scene has no labels)")
	frames := fs.Int("frames", 0, "number of frames to write (frame 0 is the start)")
	fps := fs.Float64("fps", 30, "frames per second of simulated time")
	out := fs.String("out", "", "output folder for frame_NNNN.ply (created if missing)")
	ground := fs.String("ground", "friction", "ground condition: sticky, slip or friction")
	up := fs.String("up", "-y", "the scene's up axis: y, z, -y (3DGS / COLMAP) or -z")
	drop := fs.Float64("drop", -1, "height of the lowest particle above the ground, scene units (default: 10% of the scene's size)")
	maxP := fs.Int("max-particles", physics.DefaultMaxParticles, "simulate at most this many particles; the other Gaussians follow")
	fill := fs.Bool("fill", false, "fill hollow objects' interiors with particles")
	scale := fs.Float64("scale", 1, "metres per scene unit (gravity is 9.8 m/s²)")
	damping := fs.Float64("damping", 0, "velocity damping rate in 1/s (e.g. 5 settles a bouncing jelly in about a second)")
	png := fs.Bool("png", false, "also render each frame to DIR/frame_NNNN.png on the CPU")
	size := fs.String("size", "640x480", "PNG size WxH")
	quiet := fs.Bool("q", false, "no progress bar or warnings")
	if err := fs.Parse(reorderFlags(args, "labels", "table", "material", "frames", "fps", "out", "ground", "up", "drop",
		"max-particles", "scale", "size", "damping")); err != nil {
		return a, err
	}
	if fs.NArg() != 1 {
		return a, fmt.Errorf("want one SCENE, got %d arguments", fs.NArg())
	}
	a = simArgs{scene: fs.Arg(0), labels: *labels, table: *table, material: *material, out: *out, frames: *frames,
		fps: *fps, drop: *drop, scale: *scale, damping: *damping, maxParticles: *maxP, fill: *fill, png: *png, quiet: *quiet}
	switch {
	case a.out == "":
		return a, errors.New("--out DIR is required")
	case a.frames < 1:
		return a, fmt.Errorf("--frames %d: want at least 1", a.frames)
	case !(a.fps > 0) || a.fps > 10000:
		return a, fmt.Errorf("--fps %v: want 0 < fps <= 10000", a.fps)
	case a.labels != "" && a.material != "":
		return a, errors.New("--labels and --material exclude each other")
	case a.maxParticles < 1:
		return a, fmt.Errorf("--max-particles %d: want at least 1", a.maxParticles)
	case !(a.damping >= 0) || math.IsInf(a.damping, 0):
		return a, fmt.Errorf("--damping %v: want a rate >= 0 in 1/s", a.damping)
	case !(a.scale > 0):
		return a, fmt.Errorf("--scale %v: want metres per scene unit > 0", a.scale)
	}
	var ok bool
	if a.ground, ok = groundNames[strings.ToLower(*ground)]; !ok {
		return a, fmt.Errorf("--ground %q: want sticky, slip or friction", *ground)
	}
	var err error
	if a.up, err = physics.ParseUp(*up); err != nil || a.up.Axis() == 0 {
		return a, fmt.Errorf("--up %q: want y, z, -y or -z", *up)
	}
	a.camUp = camera.UpAxis(a.up) // the first four physics.Up values are camera.UpAxis's
	if _, err := fmt.Sscanf(*size, "%dx%d", &a.w, &a.h); err != nil || a.w <= 0 || a.h <= 0 || a.w > 16384 || a.h > 16384 {
		return a, fmt.Errorf("--size %q: want WxH, e.g. 640x480, each side 1..16384", *size)
	}
	return a, nil
}

func runSimulate(args []string) error {
	a, err := parseSimulateArgs(args)
	if err != nil {
		return err
	}
	warn := func(ws ...string) {
		for _, w := range ws {
			if !a.quiet {
				fmt.Fprintln(os.Stderr, "warning: "+w)
			}
		}
	}
	progress := func(label string) func(done, total int64) {
		if a.quiet {
			return nil
		}
		return stderrProgress(label)
	}
	s, err := gaussians.Load(a.scene, progress("reading "+filepath.Base(a.scene)))
	if err != nil {
		return err
	}
	warn(s.Warnings...)
	if s.N == 0 {
		return fmt.Errorf("%s: no Gaussians to simulate", a.scene)
	}
	assign, err := simAssignment(a, s)
	if err != nil {
		return err
	}
	warn(assign.Warnings...)
	assign.Warnings = nil
	sim, err := physics.New(s, assign, physics.Options{
		Fill: a.fill, MaxParticles: a.maxParticles, Up: a.up, Drop: float32(a.drop), MetresPerUnit: float32(a.scale),
		Ground: a.ground, Damping: float32(a.damping),
	})
	if err != nil {
		return fmt.Errorf("%s: %v", a.scene, err)
	}
	warn(sim.Warnings...)
	if !a.quiet {
		printSimSummary(sim)
	}
	if err := os.MkdirAll(a.out, 0o755); err != nil {
		return err
	}
	return writeFrames(a, sim, progress("simulating"))
}

// simAssignment picks the materials: --labels, else --material, else the scene's material_id
// property, else the default material with a warning.
func simAssignment(a simArgs, s *gaussians.Scene) (physics.Assignment, error) {
	tab := materials.DefaultTable()
	if a.table != "" {
		var err error
		if tab, err = materials.LoadTable(a.table); err != nil {
			return physics.Assignment{}, err
		}
	}
	switch {
	case a.labels != "":
		l, err := materials.LoadNPY(materials.NPYFilesFor(a.labels), s.N, tab)
		if err != nil {
			return physics.Assignment{}, err
		}
		as := physics.FromLabels(l)
		as.Warnings = append(l.Warnings, as.Warnings...)
		return as, nil
	case a.material != "":
		return physics.Uniform(a.material, tab)
	case s.Prop(materials.IDProperty) != nil:
		var ids materials.IDMap
		if p := materials.IDMapPath(a.scene); fileExists(p) {
			var err error
			if ids, err = materials.LoadIDMap(p); err != nil {
				return physics.Assignment{}, err
			}
		}
		l, err := materials.FromScene(s, ids, tab)
		if err != nil {
			return physics.Assignment{}, err
		}
		as := physics.FromLabels(l)
		as.Warnings = append(l.Warnings, as.Warnings...)
		return as, nil
	}
	as, err := physics.Uniform(mpm.DefaultMaterialName, tab)
	as.Warnings = append(as.Warnings, fmt.Sprintf("%s has no material labels (no %s property, no --labels): all %d Gaussians simulated as %q (choose with --material)",
		a.scene, materials.IDProperty, s.N, mpm.DefaultMaterialName))
	return as, err
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// printSimSummary reports the particles, the materials with their capped E, and the substep.
func printSimSummary(sim *physics.Sim) {
	sv := sim.Solver
	fmt.Fprintf(os.Stderr, "%d Gaussians: %d particles (%d filled in), %d followers (%d below the opacity threshold); grid %v, substep %.3g ms\n",
		sim.Rest.N, sim.FromGaussians+sim.Filled, sim.Filled, sim.Followers, sim.Transparent, sv.GridSize(), 1000*sv.NextDt())
	for i, m := range sv.Materials() {
		name := m.Name
		if i < len(sim.Assignment.Names) {
			name = sim.Assignment.Names[i]
		}
		fmt.Fprintf(os.Stderr, "  %-10s %-15s ρ %6.0f kg/m³  E %.3g Pa (cap %.3g)\n", name, m.Model, m.Density, m.E, sv.Options().MaxE)
	}
}

// writeFrames writes frame 0 (the start) and then one frame per 1/fps of simulated time, each
// PLY (and PNG) written atomically. An instability stops the run naming the frame.
func writeFrames(a simArgs, sim *physics.Sim, progress func(done, total int64)) error {
	out := sim.Clone()
	var cam *camera.Orbit
	for f := 0; f < a.frames; f++ {
		if f > 0 {
			if err := sim.Advance(float32(1 / a.fps)); err != nil {
				return fmt.Errorf("frame %d (t = %.3f s): %v; frames 0..%d are written", f, float64(f)/a.fps, err, f-1)
			}
		}
		if err := sim.Deform(out); err != nil {
			return err
		}
		base := filepath.Join(a.out, fmt.Sprintf("frame_%04d", f))
		if err := gaussians.Save(base+".ply", out); err != nil {
			return err
		}
		if a.png {
			b := gaussians.RenderBuffersFromScene(out)
			if cam == nil { // frame the start once: the camera stays put while things move
				cam = camera.NewOrbit()
				cam.Up = a.camUp
				cam.SetView("iso")
				gaussians.FrameOrbit(b, cam)
			}
			img := gaussians.RenderCPU(b, gaussians.ViewFor(cam, a.w, a.h), gaussians.RasterOptions{
				Background: [3]float32(splatBackground), MaxSHDegree: render.DefaultSplatStyle.SHDegree})
			if err := writePNG(base+".png", img); err != nil {
				return err
			}
		}
		if progress != nil {
			progress(int64(f+1), int64(a.frames))
		}
	}
	return nil
}
