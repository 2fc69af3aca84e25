package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/materials"
)

func init() {
	register("label", "SCENE --cameras cameras.json --masks DIR [--out labels.npy|scene.ply] [--table table.json] [--names ids.json] [--tolerance 0.02] [--no-depth-test] [-q]   vote per-view material label images onto the Gaussians", runLabel)
}

// runLabel projects per-view label PNGs onto a scene's Gaussians by depth-tested majority vote
// and saves the labels (with their vote share as confidence) as .npy arrays or PLY properties.
func runLabel(args []string) error {
	fs := flag.NewFlagSet("label", flag.ContinueOnError)
	camPath := fs.String("cameras", "", "3DGS cameras.json")
	maskDir := fs.String("masks", "", "folder of label PNGs named after the cameras' img_name")
	out := fs.String("out", "", "write labels to X.npy (plus X_confidence.npy, X_names.json) or to a scene .ply")
	tablePath := fs.String("table", "", "materials table JSON (default: the built-in table)")
	namesPath := fs.String("names", "", "id → name map for grey label images (JSON or CSV; default: table ids)")
	tol := fs.Float64("tolerance", 0.02, "relative depth slack of the visibility test")
	noDepth := fs.Bool("no-depth-test", false, "vote in every view, hidden or not (for comparison)")
	quiet := fs.Bool("q", false, "no progress bars or warnings")
	if err := fs.Parse(reorderFlags(args, "cameras", "masks", "out", "table", "names", "tolerance")); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("want one SCENE, got %d arguments", fs.NArg())
	}
	if *camPath == "" || *maskDir == "" {
		return fmt.Errorf("--cameras and --masks are required")
	}
	if *out != "" {
		switch strings.ToLower(filepath.Ext(*out)) {
		case ".npy", ".ply":
		default:
			return fmt.Errorf("--out %s: want a .npy or .ply path", *out)
		}
	}
	progress := func(label string) func(done, total int64) {
		if *quiet {
			return nil
		}
		return stderrProgress(label)
	}
	warn := func(ws []string) {
		if !*quiet {
			for _, w := range ws {
				fmt.Fprintln(os.Stderr, "warning: "+w)
			}
		}
	}
	tab := materials.DefaultTable()
	if *tablePath != "" {
		var err error
		if tab, err = materials.LoadTable(*tablePath); err != nil {
			return err
		}
	}
	var names materials.IDMap
	if *namesPath != "" {
		var err error
		if names, err = materials.LoadIDMap(*namesPath); err != nil {
			return err
		}
	}
	scenePath := fs.Arg(0)
	s, err := gaussians.Load(scenePath, progress("reading "+filepath.Base(scenePath)))
	if err != nil {
		return err
	}
	warn(s.Warnings)
	cams, err := gaussians.LoadTrainingCameras(*camPath)
	if err != nil {
		return err
	}
	masks, ws, err := materials.LoadMasks(*maskDir, cams, tab, names, progress("reading masks"))
	if err != nil {
		return err
	}
	warn(ws)
	ids, conf, err := materials.Label(s, cams, masks, materials.LabelOptions{Table: tab, DepthTolerance: *tol,
		NoDepthTest: *noDepth, Progress: progress("voting")})
	if err != nil {
		return err
	}
	l := &materials.Labels{Table: tab, IDs: ids, Confidence: conf, Sources: []string{scenePath}}
	printLabelSummary(l)
	switch strings.ToLower(filepath.Ext(*out)) {
	case ".npy":
		return materials.SaveNPY(*out, l)
	case ".ply":
		return materials.SavePLY(*out, s, l)
	}
	return nil
}

// printLabelSummary prints the Gaussian count and mean confidence of each material.
func printLabelSummary(l *materials.Labels) {
	counts := l.Counts()
	sum := make([]float64, len(counts))
	for i, id := range l.IDs {
		sum[id] += float64(l.Confidence[i])
	}
	fmt.Printf("%-12s %10s %10s\n", "material", "gaussians", "confidence")
	for id, n := range counts {
		if n > 0 {
			fmt.Printf("%-12s %10d %10.3f\n", l.Table.Materials[id].Name, n, sum[id]/float64(n))
		}
	}
}
