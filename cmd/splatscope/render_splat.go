package main

import (
	"bufio"
	"bytes"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"

	"github.com/splatscope/splatscope/camera"
	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/render"
)

// plySniffLimit bounds how much of a PLY header isSplatPath reads: real headers are a few
// KiB (a 3DGS SH-3 header is about 1.5 KiB); 64 KiB covers any with many extra properties.
const plySniffLimit = 64 << 10

// isSplatPath reports whether path is a Gaussian splat scene: a .splat or .spz file, or a
// .ply whose header describes Gaussians (3DGS properties such as f_dc_0, scale_0, opacity, or
// PlayCanvas' packed_* layout) and no faces. A .ply with `element face`, or a plain point
// cloud, is a mesh; an unreadable .ply is left to the mesh loader, which reports the error.
func isSplatPath(path string) bool {
	if !gaussians.IsSplatFile(path) {
		return false
	}
	if strings.ToLower(filepath.Ext(path)) != ".ply" {
		return true
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	r := bufio.NewReader(f)
	var head []byte
	for len(head) < plySniffLimit {
		line, err := r.ReadSlice('\n')
		head = append(head, line...)
		if bytes.HasPrefix(bytes.TrimSpace(line), []byte("end_header")) || err != nil {
			break
		}
	}
	hasFaces, gaussian := false, false
	for _, line := range strings.Split(string(head), "\n") {
		fields := strings.Fields(line)
		switch {
		case len(fields) >= 2 && fields[0] == "element" && fields[1] == "face":
			hasFaces = true
		case len(fields) >= 3 && fields[0] == "property":
			name := fields[len(fields)-1]
			if name == "f_dc_0" || name == "scale_0" || name == "opacity" || name == "rot_0" || strings.HasPrefix(name, "packed_") {
				gaussian = true
			}
		}
	}
	return gaussian && !hasFaces
}

// splatBackground is the flat background of splat renders (the dark end of the viewer's
// gradient): flat so the GL and CPU paths draw the same picture.
var splatBackground = render.BackgroundBottom

// renderSplatFile renders a splat scene framed from its robust bounds (1st to 99th
// percentile of the centres, so floaters do not shrink it) in the named view with the given
// up axis: on the CPU twin rasteriser when cpu is set (no GL at all), else with GL through
// render.Headless, which must be called from the main goroutine.
func renderSplatFile(path string, w, h int, view string, up camera.UpAxis, cpu bool) (*image.RGBA, error) {
	if w <= 0 || h <= 0 {
		return nil, fmt.Errorf("%s: image size %d×%d: both sides must be positive", path, w, h)
	}
	b, err := gaussians.LoadRenderBuffers(path, nil)
	if err != nil {
		return nil, err
	}
	if b.N == 0 {
		return nil, fmt.Errorf("%s: no Gaussians to render", path)
	}
	cam := camera.NewOrbit()
	cam.Up = up
	if !cam.SetView(view) {
		return nil, fmt.Errorf("--view %q: want one of %s", view, strings.Join(camera.ViewNames(), ", "))
	}
	gaussians.FrameOrbit(b, cam)
	if cpu {
		return gaussians.RenderCPU(b, gaussians.ViewFor(cam, w, h), gaussians.RasterOptions{
			Background: [3]float32(splatBackground), MaxSHDegree: render.DefaultSplatStyle.SHDegree}), nil
	}
	release, _, err := render.Headless()
	if err != nil {
		return nil, fmt.Errorf("%v (on a server run it under xvfb-run -a, or use --cpu)", err)
	}
	defer release()
	return render.RenderSplatsPNG(b, cam, w, h, render.DefaultSplatStyle, splatBackground)
}
