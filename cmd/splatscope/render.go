package main

import (
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"strings"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/assets"
	"github.com/splatscope/splatscope/camera"
	"github.com/splatscope/splatscope/csp"
	"github.com/splatscope/splatscope/mesh"
	"github.com/splatscope/splatscope/render"
)

func init() {
	register("render", "FILE... --out PNG [--size 1280x720] [--view front|back|left|right|top|bottom|iso] [--up y|z|-y|-z] [--flat] [--wire] "+
		"[--cpu] [--field [--res N]] [--mode shaded|normals|mean|gauss|steps|residual] [--field-error [--mode depth-error|normal-cosine]] [--eps E]   "+
		"render offscreen (no FILE: the demo); splat scenes (.ply/.splat/.spz) with GL or --cpu; .npy grids and networks render as CSP fields; --cpu sphere-traces on the CPU with no GL at all", runRender)
}

// renderOptions is the parsed command line of `splatscope render`.
type renderOptions struct {
	files      []string
	out        string
	w, h       int
	view       string
	up         camera.UpAxis
	flat, wire bool
	upGiven    bool // --up was on the command line (splat scenes default to -y otherwise)

	// CSP fields (render_field.go).
	cpu, field, fieldError bool
	res                    int
	mode                   csp.TraceMode
	errKind                render.ErrorMap
	eps                    float32
}

func parseRenderArgs(args []string) (renderOptions, error) {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	out := fs.String("out", "", "output PNG")
	size := fs.String("size", "1280x720", "image size WxH in pixels")
	view := fs.String("view", "iso", "named view: "+strings.Join(camera.ViewNames(), ", "))
	up := fs.String("up", "y", "up axis: y, z, -y or -z (splat scenes: -y unless given)")
	flat := fs.Bool("flat", false, "flat shading")
	wire := fs.Bool("wire", false, "wireframe overlay")
	cpu := fs.Bool("cpu", false, "sphere-trace the CSP field on the CPU (meshes: their exact field); needs no GL")
	field := fs.Bool("field", false, "render a mesh's CSP field baked at --res instead of the mesh")
	fieldErr := fs.Bool("field-error", false, "map the baked field's depth error (or --mode normal-cosine) against the exact mesh")
	res := fs.Int("res", 128, "grid nodes per axis for --field, --field-error and networks")
	mode := fs.String("mode", "", "field display: shaded, normals, mean, gauss, steps, residual; with --field-error: depth-error, normal-cosine")
	eps := fs.Float64("eps", 0, "field: stop the march where u < eps (0: half a voxel)")
	var o renderOptions
	if err := fs.Parse(reorderFlags(args, "out", "size", "view", "up", "res", "mode", "eps")); err != nil {
		return o, err
	}
	if *out == "" {
		return o, fmt.Errorf("--out PNG is required")
	}
	if _, err := fmt.Sscanf(*size, "%dx%d", &o.w, &o.h); err != nil || o.w <= 0 || o.h <= 0 || o.w > 16384 || o.h > 16384 {
		return o, fmt.Errorf("--size %q: want WxH, e.g. 1280x720, each side 1..16384", *size)
	}
	axes := map[string]camera.UpAxis{"y": camera.YUp, "z": camera.ZUp, "-y": camera.NegYUp, "-z": camera.NegZUp}
	var ok bool
	fs.Visit(func(f *flag.Flag) { o.upGiven = o.upGiven || f.Name == "up" })
	if o.up, ok = axes[strings.ToLower(*up)]; !ok {
		return o, fmt.Errorf("--up %q: want y, z, -y or -z", *up)
	}
	if !(&camera.Orbit{}).SetView(*view) {
		return o, fmt.Errorf("--view %q: want one of %s", *view, strings.Join(camera.ViewNames(), ", "))
	}
	o.files, o.out, o.view, o.flat, o.wire = fs.Args(), *out, *view, *flat, *wire
	o.cpu, o.field, o.fieldError, o.res, o.eps = *cpu, *field, *fieldErr, *res, float32(*eps)
	if o.res < 2 || o.res > csp.MaxGridDim {
		return o, fmt.Errorf("--res %d: want 2..%d", o.res, csp.MaxGridDim)
	}
	if !(o.eps >= 0) {
		return o, fmt.Errorf("--eps %v: want a distance >= 0", *eps)
	}
	m := strings.ToLower(*mode)
	if k, ok := errorModes[m]; ok {
		o.fieldError, o.errKind = true, k
	} else if o.mode, ok = fieldModes[m]; !ok && m != "" {
		return o, fmt.Errorf("--mode %q: want shaded, normals, mean, gauss, steps, residual, depth-error or normal-cosine", *mode)
	}
	if o.fieldError && o.mode != csp.Shaded {
		return o, fmt.Errorf("--field-error maps depth-error or normal-cosine, not --mode %s", *mode)
	}
	return o, nil
}

func runRender(args []string) error {
	o, err := parseRenderArgs(args)
	if err != nil {
		return err
	}
	if len(o.files) == 1 && isSplatPath(o.files[0]) {
		up := o.up
		if !o.upGiven {
			up = camera.NegYUp // trained 3DGS scenes are y-down (COLMAP); --up overrides
		}
		img, err := renderSplatFile(o.files[0], o.w, o.h, o.view, up, o.cpu)
		if err != nil {
			return err
		}
		return writePNG(o.out, img)
	}
	if o.wantsField() {
		return runFieldRender(o)
	}
	meshes, err := loadMeshes(o.files)
	if err != nil {
		return err
	}
	release, _, err := render.Headless()
	if err != nil {
		return fmt.Errorf("%v (on a server run it under xvfb-run -a)", err)
	}
	defer release()
	img, err := renderMeshes(meshes, o)
	if err != nil {
		return err
	}
	return writePNG(o.out, img)
}

// loadMeshes loads every file, or the embedded demo when there are none.
func loadMeshes(files []string) ([]*mesh.Mesh, error) {
	if len(files) == 0 {
		m, err := assets.DemoMesh()
		if err != nil {
			return nil, err
		}
		return []*mesh.Mesh{m}, nil
	}
	var ms []*mesh.Mesh
	for _, f := range files {
		m, err := mesh.Load(f, nil)
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	return ms, nil
}

// renderMeshes draws the meshes framed in one view into an offscreen target.
func renderMeshes(meshes []*mesh.Mesh, o renderOptions) (*image.RGBA, error) {
	cam := camera.NewOrbit()
	cam.Up = o.up
	cam.SetView(o.view)
	lo, hi := sceneBounds(meshes)
	cam.Frame(lo, hi)
	style := render.DefaultMeshStyle
	if o.flat {
		style.Shading = render.Flat
	}
	style.Wireframe = o.wire
	img, err := render.RenderMeshesPNG(meshes, cam, o.w, o.h, style)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", meshes[0].Source, err)
	}
	return img, nil
}

// sceneBounds is the union of the meshes' boxes (the unit box when all are empty).
func sceneBounds(meshes []*mesh.Mesh) (lo, hi mgl32.Vec3) {
	first := true
	for _, m := range meshes {
		l, h, ok := m.Bounds()
		if !ok {
			continue
		}
		if first {
			lo, hi, first = l, h, false
			continue
		}
		for k := 0; k < 3; k++ {
			lo[k] = min(lo[k], l[k])
			hi[k] = max(hi[k], h[k])
		}
	}
	if first {
		return mgl32.Vec3{-1, -1, -1}, mgl32.Vec3{1, 1, 1}
	}
	return lo, hi
}

// writePNG writes the image atomically.
func writePNG(path string, img image.Image) error {
	return mesh.WriteFileAtomic(path, func(w io.Writer) error { return png.Encode(w, img) })
}
