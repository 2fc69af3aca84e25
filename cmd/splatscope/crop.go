package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/splatscope/splatscope/gaussians"
)

func init() {
	register("crop", "IN OUT [--box x0,y0,z0,x1,y1,z1] [--min-opacity A] [--max-scale S] [-q]   keep the Gaussians in a box and drop floaters", runCrop)
}

// runCrop loads IN, keeps the Gaussians that pass the box and filters (gaussians.Filter, the
// same rule as the viewer's crop panel) and saves OUT, never over IN.
func runCrop(args []string) error {
	fs := flag.NewFlagSet("crop", flag.ContinueOnError)
	box := fs.String("box", "", "crop box x0,y0,z0,x1,y1,z1 (centres inside are kept)")
	minOpacity := fs.Float64("min-opacity", 0, "drop Gaussians with opacity (0..1) below this")
	maxScale := fs.Float64("max-scale", 0, "drop Gaussians whose largest axis (σ, scene units) exceeds this")
	quiet := fs.Bool("q", false, "no progress bar or summary")
	if err := fs.Parse(reorderFlags(args, "box", "min-opacity", "max-scale")); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return fmt.Errorf("want IN and OUT, got %d arguments", fs.NArg())
	}
	in, out := fs.Arg(0), fs.Arg(1)
	opts, err := cropOptions(*box, *minOpacity, *maxScale)
	if err != nil {
		return err
	}
	if !gaussians.IsSplatFile(out) {
		return fmt.Errorf("%s: unknown splat format %q (want .ply, .splat or .spz)", out, filepath.Ext(out))
	}
	var progress func(done, total int64)
	if !*quiet {
		progress = stderrProgress("reading " + filepath.Base(in))
	}
	s, err := gaussians.Load(in, progress)
	if err != nil {
		return err
	}
	f, removed := gaussians.Filter(s, opts)
	if f.N == 0 {
		return fmt.Errorf("%s: %s removes all %d Gaussians; nothing written", in, opts, s.N)
	}
	f.Source = s.Source // Save refuses to overwrite the input
	if err := gaussians.Save(out, f); err != nil {
		return err
	}
	if !*quiet {
		fmt.Fprintf(os.Stderr, "%s: kept %d of %d Gaussians (%d removed: %s)\n", out, f.N, s.N, removed, opts)
	}
	return nil
}

// cropOptions parses the flags into filter options; an empty box means no box.
func cropOptions(box string, minOpacity, maxScale float64) (gaussians.FilterOptions, error) {
	var o gaussians.FilterOptions
	if box != "" {
		parts := strings.Split(box, ",")
		if len(parts) != 6 {
			return o, fmt.Errorf("--box %q: want 6 numbers x0,y0,z0,x1,y1,z1", box)
		}
		var v [6]float32
		for i, p := range parts {
			f, err := strconv.ParseFloat(strings.TrimSpace(p), 32)
			if err != nil || f != f {
				return o, fmt.Errorf("--box %q: %q is not a number", box, p)
			}
			v[i] = float32(f)
		}
		o.Box = true
		for k := 0; k < 3; k++ {
			o.Min[k], o.Max[k] = min(v[k], v[k+3]), max(v[k], v[k+3])
		}
	}
	if !(minOpacity >= 0 && minOpacity <= 1) {
		return o, fmt.Errorf("--min-opacity %v: want a value in 0..1", minOpacity)
	}
	if !(maxScale >= 0) {
		return o, fmt.Errorf("--max-scale %v: want a positive value (0: off)", maxScale)
	}
	o.MinOpacity, o.MaxScale = float32(minOpacity), float32(maxScale)
	if !o.Active() {
		return o, fmt.Errorf("nothing to crop: give --box, --min-opacity or --max-scale")
	}
	return o, nil
}
