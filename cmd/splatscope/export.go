package main

import (
	"flag"
	"fmt"

	"github.com/splatscope/splatscope/mesh"
)

func init() {
	register("export-stl", "IN OUT.stl [--ascii]   convert a mesh to STL (binary by default)", runExportSTL)
}

func runExportSTL(args []string) error {
	fs := flag.NewFlagSet("export-stl", flag.ContinueOnError)
	ascii := fs.Bool("ascii", false, "write ASCII STL instead of binary")
	if err := fs.Parse(reorderFlags(args)); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return fmt.Errorf("want IN and OUT.stl, got %d arguments", fs.NArg())
	}
	in, out := fs.Arg(0), fs.Arg(1)
	m, err := mesh.Load(in, stderrProgress("loading "+in))
	if err != nil {
		return err
	}
	if len(m.Triangles) == 0 {
		return fmt.Errorf("%s: no triangles to export", in)
	}
	if err := mesh.WriteSTL(out, m, *ascii); err != nil {
		return err
	}
	fmt.Printf("wrote %s: %d triangles\n", out, len(m.Triangles))
	return nil
}
