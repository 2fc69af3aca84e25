package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/camera"
	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/render"
)

// splatDrawable draws a splat scene: a render.SplatPass, or a fake in tests.
type splatDrawable interface {
	SetOrder(order []uint32)
	Draw(render.Frame, render.SplatStyle)
	Count() int
	Delete()
}

// SplatView is a Gaussian splat scene on screen: its GPU pass, what the CPU keeps of it for
// sorting, picking and filtering, and its description.
type SplatView struct {
	Name, Path string
	Format     string // "3DGS PLY", ".splat", "SPZ"
	Bytes      int64
	// Buffers keeps positions, scales and opacities (the sorter, picking and the filters read
	// them); colours, rotations and SH are dropped once uploaded.
	Buffers  *gaussians.RenderBuffers
	N        int
	SHDegree int
	Extra    []string
	Dropped  int
	Lo, Hi   mgl32.Vec3 // box of all centres
	RLo, RHi mgl32.Vec3 // 1st to 99th percentile box: framing ignores floaters
	Took     time.Duration
	Warnings []string

	Pass   splatDrawable
	sorter *gaussians.FilteredSorter
	shown  uint64     // sorter version of the order the pass draws
	asked  mgl32.Mat4 // view of the last sort request
	askedO gaussians.FilterOptions
	hasAsk bool
}

// Delete stops the sorter and frees the GPU pass.
func (v *SplatView) Delete() {
	if v == nil {
		return
	}
	if v.sorter != nil {
		v.sorter.Close()
		v.sorter = nil
	}
	if v.Pass != nil {
		v.Pass.Delete()
		v.Pass = nil
	}
}

// uploadSplats creates the GL pass of a loaded scene (the GL thread only). The buffers stream
// in over the next frames (drawSplats), so a 6M scene does not freeze the view while it uploads.
func uploadSplats(v *SplatView) error {
	p, err := render.NewSplatPassStreaming(v.Buffers)
	if err != nil {
		return err
	}
	v.Pass = p
	return nil
}

// isSplatScene tells a splat scene from a mesh: .splat and .spz always, .ply by its header.
func isSplatScene(path string) bool { return gaussians.IsSplatScene(path) }

// loadSplatView reads a splat file into render buffers with progress (the background half of
// opening a scene): decoding, bounds and the header's extra property names.
func loadSplatView(ctx context.Context, path string, progress func(float64)) (*SplatView, error) {
	t0 := time.Now()
	b, err := gaussians.LoadRenderBuffers(path, func(done, total int64) {
		if total > 0 {
			progress(0.9 * float64(done) / float64(total)) // decoding is most of the time
		}
	})
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if b.N == 0 {
		return nil, fmt.Errorf("%s: no Gaussians to show", path)
	}
	v := &SplatView{Name: filepath.Base(path), Path: path, Buffers: b, N: b.N, SHDegree: b.SHDegree, Dropped: b.Dropped}
	v.Format = map[string]string{".ply": "3DGS PLY", ".splat": "antimatter15 .splat", ".spz": "Niantic SPZ"}[strings.ToLower(filepath.Ext(path))]
	if st, err := os.Stat(path); err == nil {
		v.Bytes = st.Size()
	}
	if strings.EqualFold(filepath.Ext(path), ".ply") {
		_, v.Extra, _ = gaussians.SniffPLY(path)
	}
	v.Lo, v.Hi = boundsOf(b.Positions)
	// 1%: the percentile the README statistics and `splatscope render` frame with.
	v.RLo, v.RHi = gaussians.RobustBounds(b.Positions, 1)
	if b.Dropped > 0 {
		v.Warnings = append(v.Warnings, fmt.Sprintf("%d Gaussians with NaN or infinite values dropped", b.Dropped))
	}
	v.Took = time.Since(t0)
	progress(1)
	return v, nil
}

// boundsOf is the box of 3N coordinates.
func boundsOf(p []float32) (lo, hi mgl32.Vec3) {
	if len(p) < 3 {
		return
	}
	lo, hi = mgl32.Vec3(p[0:3]), mgl32.Vec3(p[0:3])
	for i := 3; i+2 < len(p); i += 3 {
		for a := 0; a < 3; a++ {
			lo[a], hi[a] = min(lo[a], p[i+a]), max(hi[a], p[i+a])
		}
	}
	return lo, hi
}

// openSplat loads a splat scene in a background job; on success it replaces what is shown.
func (a *App) openSplat(path string) {
	if j := findAppearanceFor(path); j != "" { // a bundle JSON beside the PLY names it
		a.openAppearance(j, path)
		return
	}
	name := filepath.Base(path)
	if a.splat.job != nil {
		a.splat.job.Cancel() // a newer request wins
	}
	a.splat.job = a.jobs.Start("Loading "+name, func(ctx context.Context, progress func(float64)) (func() error, error) {
		v, err := loadSplatView(ctx, path, progress)
		if err != nil {
			return nil, err
		}
		cams, camPath, camErr := findCameras(path)
		return func() error {
			if err := a.setSplat(v); err != nil {
				return err
			}
			a.setCameras(cams, camPath, camErr)
			return nil
		}, nil
	})
}

// setSplat uploads v and makes it the shown scene (the mesh and field go); on failure the
// previous scene stays.
func (a *App) setSplat(v *SplatView) error {
	if err := a.splat.upload(v); err != nil {
		return fmt.Errorf("%s: %s", v.Name, oneLine(err))
	}
	// Drop what only the upload needed: the sorter, picking and filters use the rest.
	v.Buffers.Colors, v.Buffers.Rotations, v.Buffers.SHRest = nil, nil, nil
	v.sorter = gaussians.NewFilteredSorter(v.Buffers)
	a.dropSplat()
	if a.scene != nil {
		a.scene.Delete()
		a.scene = nil
	}
	a.dropField()
	a.splat.view = v
	a.splat.filter = defaultSplatFilter(v)
	// Trained scenes arrive in COLMAP axes (y down): −Y up shows them upright.
	a.setUp(camera.NegYUp)
	a.frameAll()
	msg := fmt.Sprintf("Opened %s: %d Gaussians, SH degree %d, %.2f s", v.Name, v.N, v.SHDegree, v.Took.Seconds())
	if len(v.Warnings) > 0 {
		msg += " (" + v.Warnings[0] + ")"
	}
	a.setStatus(msg)
	a.labelsForSplat(v)
	return nil
}

// dropSplat deletes the shown splat scene (a mesh opened in its place), its cameras and path.
func (a *App) dropSplat() {
	a.dropMaterials()
	a.splat.view.Delete()
	a.splat.view = nil
	a.dropCameras()
}

// showsSplats says whether drawScene draws splats.
func (a *App) showsSplats() bool { return a.splat.view != nil && a.splat.view.Pass != nil }

// splatBounds is the box framing uses: the robust box, cropped when the crop box is on.
func (a *App) splatBounds() (lo, hi mgl32.Vec3, ok bool) {
	v := a.splat.view
	if v == nil {
		return lo, hi, false
	}
	lo, hi = v.RLo, v.RHi
	if f := a.splat.filter; f.Box {
		for k := 0; k < 3; k++ {
			lo[k], hi[k] = max(lo[k], f.Min[k]), min(hi[k], f.Max[k])
			if lo[k] > hi[k] {
				lo[k], hi[k] = f.Min[k], f.Max[k]
			}
		}
	}
	return lo, hi, true
}

// splatFrame is the frame splats and their overlays are drawn with. With the panel docked the
// view is centred in the area right of it, as meshes are: the splat shader projects with its
// own centred lens and places fragments by window pixel, so instead of a lens shift the frame
// is widened by the panel's width x0 to the right, past the window's edge (GL clips it), which
// puts its centre in the middle of the free area. Pixel (x, y) of the window is pixel (x, y) of
// the frame.
func (a *App) splatFrame(fw, fh int) (f render.Frame, x0 int) {
	if !a.hidePanels && a.win != nil {
		if ww, _ := a.win.GetSize(); ww > 0 {
			x0 = int(panelWidth * a.uiScale() * float32(fw) / float32(ww))
		}
	}
	w := max(fw+x0, 1)
	cam := a.camera()
	return render.Frame{View: cam.View(), Proj: cam.Projection().Matrix(float32(w) / float32(max(fh, 1))),
		Eye: cam.Position(), Width: w, Height: fh}, x0
}

// sortSplatsNow sorts v for view and waits for it: offline frames (path renders, physics
// exports) need their own order, which the live view never waits for.
func (a *App) sortSplatsNow(v *SplatView, view mgl32.Mat4) {
	v.sorter.Request(view, a.splat.filter)
	v.sorter.Wait(v.sorter.Requested())
	order, ver := v.sorter.Latest()
	v.Pass.SetOrder(order)
	v.shown, v.asked, v.askedO, v.hasAsk = ver, view, a.splat.filter, true
}

// drawSplats asks the background sorter for this view's order when the view or the filter
// changed, uploads the newest finished order, and draws the splats with their overlays.
func (a *App) drawSplats(fw, fh int) {
	v := a.splat.view
	if !a.showsSplats() || fw <= 0 || fh <= 0 {
		return
	}
	f, _ := a.splatFrame(fw, fh)
	if p, ok := v.Pass.(*render.SplatPass); ok && p.Loading() {
		p.UploadStep(render.SplatUploadChunk)
	}
	if v.sorter != nil {
		if !v.hasAsk || v.asked != f.View || v.askedO != a.splat.filter {
			v.sorter.Request(f.View, a.splat.filter)
			v.asked, v.askedO, v.hasAsk = f.View, a.splat.filter, true
		}
		if order, ver := v.sorter.Latest(); ver > v.shown {
			v.Pass.SetOrder(order)
			v.shown = ver
		}
	}
	render.Viewport(0, 0, f.Width, f.Height)
	if a.simShowsSplats() {
		v.Pass.Draw(f, render.SplatStyle{SHDegree: a.splatSHDegree()})
	}
	a.drawSimParticles(f)
	a.drawSplatOverlays(f)
	render.Viewport(0, 0, fw, fh)
}
