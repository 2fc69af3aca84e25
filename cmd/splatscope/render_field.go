package main

import (
	"context"
	"fmt"
	"image"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/assets"
	"github.com/splatscope/splatscope/camera"
	"github.com/splatscope/splatscope/csp"
	"github.com/splatscope/splatscope/mesh"
	"github.com/splatscope/splatscope/render"
)

// fieldModes are the --mode names of the trace modes.
var fieldModes = map[string]csp.TraceMode{
	"shaded": csp.Shaded, "normals": csp.Normals, "mean": csp.MeanCurvature, "gauss": csp.GaussianCurvature,
	"steps": csp.Steps, "residual": csp.Residual,
}

// errorModes are the --mode names of the maps against the mesh (--field-error).
var errorModes = map[string]render.ErrorMap{"depth-error": render.DepthError, "normal-cosine": render.NormalCosine}

// fieldInput is what a field render starts from: a mesh, a grid, or another field.
type fieldInput struct {
	name  string
	mesh  *mesh.Mesh // the mesh (mesh files), or a grid's source mesh when found
	grid  *csp.Grid  // a baked grid (.npy files, or baked from the mesh)
	field csp.Field  // a continuous field (networks)
}

// isFieldPath reports whether path is a CSP field file (grid or network).
func isFieldPath(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".npy", ".pt", ".pth", ".safetensors":
		return true
	}
	return false
}

// wantsField reports whether the render goes through the CSP field path.
func (o renderOptions) wantsField() bool {
	if o.cpu || o.field || o.fieldError {
		return true
	}
	for _, f := range o.files {
		if isFieldPath(f) {
			return true
		}
	}
	return false
}

// runFieldRender renders one field: on the CPU (--cpu, no GL at all) or the GPU.
func runFieldRender(o renderOptions) error {
	if len(o.files) > 1 {
		return fmt.Errorf("field rendering takes one FILE, got %d", len(o.files))
	}
	in, err := loadFieldInput(o)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	// A grid is needed for --field, --field-error and networks (never traced per pixel:
	// one query costs millions of multiply-adds).
	if in.grid == nil && (o.field || o.fieldError || in.field != nil) {
		if err := bakeInput(ctx, &in, o.res); err != nil {
			return err
		}
	}
	cam := fieldCamera(in, o)
	f := render.FrameFor(cam, o.w, o.h) // pure: builds matrices, no GL
	tcam := csp.NewTraceCamera(f.View, f.Proj, f.Eye)
	opts := csp.TraceOptions{Mode: o.mode, Epsilon: o.eps}
	var img *image.RGBA
	switch {
	case o.fieldError:
		img, err = renderErrorMap(in, tcam, o)
	case o.cpu && in.grid != nil:
		img = csp.RenderImage(in.grid, tcam, o.w, o.h, opts)
	case o.cpu:
		mf, err := csp.NewMeshField(in.mesh)
		if err != nil {
			return fmt.Errorf("%s: %v", in.name, err)
		}
		img = csp.RenderImage(mf, tcam, o.w, o.h, opts)
	default:
		img, err = renderFieldGL(in.grid, cam, o)
	}
	if err != nil {
		return err
	}
	return writePNG(o.out, img)
}

// loadFieldInput reads the one input file (no file: the demo teapot).
func loadFieldInput(o renderOptions) (fieldInput, error) {
	if len(o.files) == 0 {
		m, err := assets.DemoMesh()
		return fieldInput{name: assets.DemoName, mesh: m}, err
	}
	path := o.files[0]
	in := fieldInput{name: filepath.Base(path)}
	switch {
	case mesh.IsMeshFile(path):
		m, err := mesh.Load(path, nil)
		in.mesh = m
		return in, err
	case strings.EqualFold(filepath.Ext(path), ".npy"):
		g, meta, err := csp.LoadGrid(path)
		if err != nil {
			return in, err
		}
		in.grid = g
		if o.fieldError {
			if meta.Source == "" {
				return in, fmt.Errorf("%s: --field-error needs the source mesh, and the sidecar names none", path)
			}
			if in.mesh, err = mesh.Load(meta.Source, nil); err != nil {
				return in, fmt.Errorf("%s: source mesh: %v", path, err)
			}
		}
		return in, nil
	case isFieldPath(path):
		f, err := openNetwork(path)
		in.field = f
		return in, err
	}
	return in, fmt.Errorf("%s: not a mesh or field file (want .obj, .off, .ply, .stl, .npy, .pt, .pth or .safetensors)", path)
}

// bakeInput bakes the input's mesh (exact field) or network into a res³ grid, with a progress bar.
func bakeInput(ctx context.Context, in *fieldInput, res int) error {
	bar := stderrProgress(fmt.Sprintf("baking %s at %d³", in.name, res))
	progress := func(done, total int) { bar(int64(done), int64(total)) }
	if in.field != nil {
		g, err := bakeNetwork(ctx, in.field, res, progress)
		in.grid = g
		return err
	}
	g, err := csp.BakeMesh(ctx, in.mesh, res, progress)
	if err != nil {
		return fmt.Errorf("%s: %v", in.name, err)
	}
	in.grid = g
	return nil
}

// fieldCamera frames the surface: the mesh's box, else the grid's less its bake margin.
func fieldCamera(in fieldInput, o renderOptions) *camera.Orbit {
	cam := camera.NewOrbit()
	cam.Up = o.up
	cam.SetView(o.view)
	var lo, hi mgl32.Vec3
	ok := false
	if in.mesh != nil {
		lo, hi, ok = in.mesh.Bounds()
	}
	if !ok && in.grid != nil {
		lo, hi = in.grid.Bounds()
		pad := hi.Sub(lo).Mul(csp.BakeMargin / 2) // about what BakeBox added
		lo, hi, ok = lo.Add(pad), hi.Sub(pad), true
	}
	if !ok && in.field != nil {
		lo, hi = in.field.Bounds()
		ok = true
	}
	if ok {
		cam.Frame(lo, hi)
	}
	return cam
}

// renderFieldGL sphere-traces the grid on the GPU (a hidden window's GL context).
func renderFieldGL(g *csp.Grid, cam camera.Camera, o renderOptions) (*image.RGBA, error) {
	release, _, err := render.Headless()
	if err != nil {
		return nil, fmt.Errorf("%v (on a server run it under xvfb-run -a, or use --cpu)", err)
	}
	defer release()
	return render.RenderFieldPNG(g, cam, o.w, o.h, render.FieldStyle{Mode: o.mode, Epsilon: o.eps})
}

// renderErrorMap traces the baked grid and the exact mesh field with the same camera on the
// CPU and colours their depth error or normal cosine; it prints the mean and worst value.
func renderErrorMap(in fieldInput, cam csp.TraceCamera, o renderOptions) (*image.RGBA, error) {
	if in.mesh == nil {
		return nil, fmt.Errorf("%s: --field-error compares a field with its mesh, and there is no mesh", in.name)
	}
	mf, err := csp.NewMeshField(in.mesh)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", in.name, err)
	}
	opts := csp.TraceOptions{Epsilon: o.eps}
	fh := csp.Trace(in.grid, cam, o.w, o.h, opts)
	mh := csp.Trace(mf, cam, o.w, o.h, csp.TraceOptions{})
	lo, hi := mf.Bounds()
	eo := render.ErrorMapOptions{Kind: o.errKind, Diagonal: hi.Sub(lo).Len()}
	img, mean, worst := render.FieldErrorImage(fh, mh, o.w, o.h, eo)
	if o.errKind == render.NormalCosine {
		fmt.Printf("%s at %d³: normal cosine field·mesh mean %.5f, least %.5f\n", in.name, in.grid.Dims[0], mean, worst)
	} else {
		fmt.Printf("%s at %d³: depth error / box diagonal mean %.2e, max %.2e\n", in.name, in.grid.Dims[0], mean, worst)
	}
	return img, nil
}
