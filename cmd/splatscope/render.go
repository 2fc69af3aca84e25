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
	"github.com/splatscope/splatscope/mesh"
	"github.com/splatscope/splatscope/render"
)

func init() {
	register("render", "FILE... --out PNG [--size 1280x720] [--view front|back|left|right|top|bottom|iso] [--up y|z|-y|-z] [--flat] [--wire]   render offscreen (no FILE: the demo)", runRender)
}

// renderOptions is the parsed command line of `splatscope render`.
type renderOptions struct {
	files      []string
	out        string
	w, h       int
	view       string
	up         camera.UpAxis
	flat, wire bool
}

func parseRenderArgs(args []string) (renderOptions, error) {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	out := fs.String("out", "", "output PNG")
	size := fs.String("size", "1280x720", "image size WxH in pixels")
	view := fs.String("view", "iso", "named view: "+strings.Join(camera.ViewNames(), ", "))
	up := fs.String("up", "y", "up axis: y, z, -y or -z")
	flat := fs.Bool("flat", false, "flat shading")
	wire := fs.Bool("wire", false, "wireframe overlay")
	var o renderOptions
	if err := fs.Parse(reorderFlags(args, "out", "size", "view", "up")); err != nil {
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
	if o.up, ok = axes[strings.ToLower(*up)]; !ok {
		return o, fmt.Errorf("--up %q: want y, z, -y or -z", *up)
	}
	if !(&camera.Orbit{}).SetView(*view) {
		return o, fmt.Errorf("--view %q: want one of %s", *view, strings.Join(camera.ViewNames(), ", "))
	}
	o.files, o.out, o.view, o.flat, o.wire = fs.Args(), *out, *view, *flat, *wire
	return o, nil
}

func runRender(args []string) error {
	o, err := parseRenderArgs(args)
	if err != nil {
		return err
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
