package main

import (
	"flag"
	"fmt"

	"github.com/splatscope/splatscope/mesh"
)

func init() {
	register("export-stl", "IN OUT.stl [--ascii] [--from field --res N --mode open|shell|mc [--thickness T]]   convert a mesh to STL (binary by default), or mesh a field's surface (IN: mesh, baked .npy, neural .pt/.pth/.safetensors; OUT .stl, .obj or .ply)", runExportSTL)
}

func runExportSTL(args []string) error {
	fs := flag.NewFlagSet("export-stl", flag.ContinueOnError)
	ascii := fs.Bool("ascii", false, "write ASCII STL instead of binary")
	ff := fieldFlags(fs)
	if err := fs.Parse(reorderFlags(args, fieldFlagNames...)); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return fmt.Errorf("want IN and OUT.stl, got %d arguments", fs.NArg())
	}
	in, out := fs.Arg(0), fs.Arg(1)
	if ff.from == "field" {
		return runExportField(in, out, *ascii, ff)
	}
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
