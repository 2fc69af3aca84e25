package main

import (
	"context"
	"errors"
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

// fieldOpts are export-stl's flags for meshing a field.
type fieldOpts struct {
	from      string
	res       int
	mode      string
	thickness float64
}

// fieldFlagNames are the field flags that take a value (for reorderFlags).
var fieldFlagNames = []string{"from", "res", "mode", "thickness"}

func fieldFlags(fs *flag.FlagSet) *fieldOpts {
	o := &fieldOpts{}
	fs.StringVar(&o.from, "from", "mesh", "mesh: convert IN as is; field: mesh the surface of IN's closest-point field")
	fs.IntVar(&o.res, "res", 0, "lattice nodes per axis (default: a baked grid's own, else 128)")
	fs.StringVar(&o.mode, "mode", "open", "open: one sheet; shell: closed printable offset solid; mc: marching cubes at u = ε (baseline)")
	fs.Float64Var(&o.thickness, "thickness", 0, "shell offset in field units (default: one voxel); mc: ε (default: 0.1 voxel)")
	return o
}

// loadFieldFile opens IN as a field (csp.LoadFieldFile): a neural checkpoint (.pt, .pth,
// .safetensors), a baked .npy grid, or a mesh file as its exact field (read here, with a
// progress bar: large meshes take a while).
func loadFieldFile(path string) (csp.Field, string, error) {
	if mesh.IsMeshFile(path) && !strings.EqualFold(filepath.Ext(path), ".npy") {
		m, err := mesh.Load(path, stderrProgress("loading "+path))
		if err != nil {
			return nil, "", err
		}
		f, err := csp.NewMeshField(m)
		return f, csp.KindMesh, err
	}
	return csp.LoadFieldFile(path)
}

func runExportField(in, out string, ascii bool, o *fieldOpts) error {
	mode, err := csp.ParseExtractMode(o.mode)
	if err != nil {
		return err
	}
	if err := mesh.CheckNotSource(out, in); err != nil {
		return err
	}
	if o.res != 0 {
		// Refuse before loading anything big.
		if err := csp.CheckExtractMemory(o.res); err != nil {
			return err
		}
	}
	f, kind, err := loadFieldFile(in)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	bars := map[string]func(int64, int64){}
	t0 := time.Now()
	m, st, err := csp.Extract(ctx, f, csp.ExtractOptions{
		Mode: mode, Res: o.res, Thickness: float32(o.thickness),
		Progress: func(stage string, done, total int) {
			if bars[stage] == nil {
				bars[stage] = stderrProgress(stage)
			}
			bars[stage](int64(done), int64(total))
		},
	})
	if errors.Is(err, csp.ErrNoSurface) {
		return fmt.Errorf("%s: %w", in, err)
	}
	if err != nil {
		return err
	}
	took := time.Since(t0)
	m.Source = in
	switch strings.ToLower(filepath.Ext(out)) {
	case ".obj":
		err = mesh.WriteOBJ(out, m)
	case ".ply":
		err = mesh.WritePLY(out, m, true)
	default:
		err = mesh.WriteSTL(out, m, ascii)
	}
	if err != nil {
		return err
	}
	if st.Warning != "" {
		fmt.Fprintf(os.Stderr, "splatscope export-stl: warning: %s\n", st.Warning)
	}
	tp := mesh.Analyze(m)
	fmt.Printf("wrote %s: %d triangles, %d vertices from the %s field of %s (%s mode, %d³ lattice, voxel %.4g, %d field queries) in %.2fs; boundary edges %d, non-manifold %d, wound inconsistently %d\n",
		out, len(m.Triangles), len(m.Positions), kind, in, mode, st.Res, st.Voxel, st.Evaluated, took.Seconds(), tp.BoundaryEdges, tp.NonManifoldEdges, tp.InconsistentEdges)
	return nil
}
