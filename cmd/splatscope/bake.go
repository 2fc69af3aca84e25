package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/splatscope/splatscope/csp"
	"github.com/splatscope/splatscope/mesh"
)

func init() {
	register("bake", "MESH --res N --out FIELD.npy [--half]   bake the exact closest-point field on an N³ grid", runBake)
}

func runBake(args []string) error {
	fs := flag.NewFlagSet("bake", flag.ContinueOnError)
	res := fs.Int("res", 128, "grid nodes per axis (2..1024)")
	out := fs.String("out", "", "output .npy (default: MESH with the extension replaced by .npy)")
	half := fs.Bool("half", false, "store float16 ('<f2') instead of float32")
	if err := fs.Parse(reorderFlags(args, "res", "out")); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("want one MESH, got %d arguments", fs.NArg())
	}
	in := fs.Arg(0)
	if *out == "" {
		*out = strings.TrimSuffix(in, filepath.Ext(in)) + ".npy"
	}
	if !strings.HasSuffix(*out, ".npy") {
		return fmt.Errorf("%s: the output must end in .npy", *out)
	}
	m, err := mesh.Load(in, stderrProgress("loading "+in))
	if err != nil {
		return err
	}
	t0 := time.Now()
	f, err := csp.NewMeshField(m)
	if err != nil {
		return err
	}
	tBuild := time.Since(t0)
	lo, hi := f.Bounds()
	blo, bhi := csp.BakeBox(lo, hi, *res)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	bar := stderrProgress(fmt.Sprintf("baking %d³", *res))
	t1 := time.Now()
	g, err := csp.Bake(ctx, f, blo, bhi, *res, func(done, total int) { bar(int64(done), int64(total)) })
	if err != nil {
		return err
	}
	tBake := time.Since(t1)
	sum, err := csp.FileSHA256(in)
	if err != nil {
		return err
	}
	abs, err := filepath.Abs(in)
	if err != nil {
		abs = in
	}
	if *half {
		g = g.ToHalf()
	}
	if err := csp.SaveGrid(*out, g, csp.Meta{Source: abs, SourceSHA256: sum}); err != nil {
		return err
	}
	n := float64(*res) * float64(*res) * float64(*res)
	fmt.Printf("wrote %s (+ %s): %d³ closest points of %d triangles; BVH %.3f s, bake %.3f s, %.3f M queries/s\n",
		*out, filepath.Base(csp.SidecarPath(*out)), *res, f.Triangles(), tBuild.Seconds(), tBake.Seconds(), n/tBake.Seconds()/1e6)
	return nil
}
