package main

import (
	"fmt"
	"image"
	"strings"

	"github.com/splatscope/splatscope/camera"
	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/render"
)

// isSplatPath reports whether path is a Gaussian splat scene (gaussians.IsSplatScene): a .splat
// or .spz file, or a .ply whose header describes Gaussians and no faces.
func isSplatPath(path string) bool { return gaussians.IsSplatScene(path) }

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
