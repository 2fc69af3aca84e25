package app

import (
	"context"
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/splatscope/splatscope/camera"
	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/render"
)

// appearanceState is the per-photo appearance model (Wild-GS, WildGaussians) of the shown
// splat scene: the bundle, what the scene shows now, and the recolour in progress.
type appearanceState struct {
	bundle *gaussians.AppearanceBundle
	tables *gaussians.AppearanceTables // the model laid flat for the GPU path
	view   *SplatView                  // the splat view showing the bundle's scene
	keep   []int32                     // bundle Gaussian of each view Gaussian (nil: the same)
	base   *recolored                  // the scene's own colours, in view order
	demo   bool                        // the embedded synthetic demo

	photoA, photoB int
	blendT         float32 // 0: photo A; 1: photo B
	showBase       bool    // "Base colours": the scene without appearance
	moveCamera     bool    // choosing a photo moves the camera to its view
	startPhoto     int     // the photo the demo opens with (0: day)
	forceGPU       bool    // use the GPU path even on software GL (tests)
	useGPU         bool    // recolour with the GL compute shader (GL 4.3), else on the CPU
	shown          string  // what the scene shows now, for the panel

	job     *Job
	spare   *gaussians.Scene // an earlier Recolor result whose arrays the next job reuses
	pending *recolored       // a finished result waiting for the pass's streamed upload
	gpu     *render.AppearanceGPU
	gpuErr  error      // why the GPU path is off (the CPU path is used)
	gpuWait *recolorAt // a GPU recolour waiting for the pass's streamed upload

	thumbs   []*render.Image // per photo, nil without one
	thumbSrc []image.Image   // decoded in the open job, uploaded on the next frame
}

// recolored is a recoloured scene in the view's order, ready for SplatPass.UpdateColors.
type recolored struct {
	colors, sh []float32
	degree     int
	label      string
}

// recolorAt is what to show: photo a blended toward b by t.
type recolorAt struct {
	a, b int
	t    float32
}

// colorUpdater is a splat pass whose colours can be replaced (render.SplatPass, test fakes).
type colorUpdater interface {
	UpdateColors(colors, shRest []float32, degree int) error
}

// loader is a splat pass that may still be streaming its upload.
type loader interface{ Loading() bool }

// thumbSide is the longest side of a photo thumbnail in pixels: enough for the panel (330
// points wide), small enough to keep thousands of photos in memory.
const thumbSide = 160

// preparedAppearance is the background half of opening a bundle.
type preparedAppearance struct {
	view   *SplatView
	bundle *gaussians.AppearanceBundle
	tables *gaussians.AppearanceTables
	keep   []int32
	base   *recolored
	thumbs []image.Image
	warn   string
}

// prepareAppearance builds the splat view of a bundle's scene, its base colours and the
// photos' thumbnails (missing or unreadable ones are skipped with a warning).
func prepareAppearance(ctx context.Context, b *gaussians.AppearanceBundle, name, path string, t0 time.Time, progress func(float64)) (*preparedAppearance, error) {
	s := b.Scene
	v, keep, err := sceneView(s, name, path)
	if err != nil {
		return nil, err
	}
	p := &preparedAppearance{bundle: b, tables: b.Tables(), keep: keep}
	p.base = colorsOf(s, p.keep, "base colours")
	p.view = v
	p.thumbs = make([]image.Image, len(b.Photos))
	bad := 0
	for i, ph := range b.Photos {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if ph.Thumbnail == "" {
			continue
		}
		img, err := loadThumbnail(ph.Thumbnail)
		if err != nil {
			if bad == 0 {
				p.warn = fmt.Sprintf("thumbnail of %s: %v", ph.Name, oneLine(err))
			}
			bad++
			continue
		}
		p.thumbs[i] = img
		progress(0.9 + 0.1*float64(i+1)/float64(len(b.Photos)))
	}
	if bad > 1 {
		p.warn += fmt.Sprintf(" (and %d more)", bad-1)
	}
	v.Took = time.Since(t0)
	return p, nil
}

// sceneView builds the splat view of a scene in memory, and which of its Gaussians the view
// keeps (nil: all; Gaussians with NaN or infinite values are dropped).
func sceneView(s *gaussians.Scene, name, path string) (*SplatView, []int32, error) {
	rb := gaussians.RenderBuffersFromScene(s)
	if rb.N == 0 {
		return nil, nil, fmt.Errorf("%s: no Gaussians to show", name)
	}
	var keep []int32
	if rb.Dropped > 0 {
		keep = finiteGaussians(s)
		if len(keep) != rb.N {
			return nil, nil, fmt.Errorf("%s: %d Gaussians kept of %d, the render buffers hold %d", name, len(keep), s.N, rb.N)
		}
	}
	v := &SplatView{Name: name, Path: path, Format: "appearance bundle", Buffers: rb, N: rb.N, SHDegree: rb.SHDegree,
		Dropped: rb.Dropped, Extra: s.ExtraNames()}
	if st, err := os.Stat(path); err == nil {
		v.Bytes = st.Size()
	}
	v.Lo, v.Hi = boundsOf(rb.Positions)
	v.RLo, v.RHi = gaussians.RobustBounds(rb.Positions, 1) // 1%: as loadSplatView frames
	if rb.Dropped > 0 {
		v.Warnings = append(v.Warnings, fmt.Sprintf("%d Gaussians with NaN or infinite values dropped", rb.Dropped))
	}
	return v, keep, nil
}

// finiteGaussians lists the Gaussians RenderBuffersFromScene keeps: those whose activated
// values are all finite.
func finiteGaussians(s *gaussians.Scene) []int32 {
	fin := func(vs ...float32) bool {
		for _, v := range vs {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return false
			}
		}
		return true
	}
	k3 := 3 * gaussians.SHRestCoeffs(s.SHDegree)
	var keep []int32
	for i := 0; i < s.N; i++ {
		p, sc, q, c := s.Position(i), s.Scale(i), s.Rotation(i), s.Color(i)
		if fin(p[:]...) && fin(sc[:]...) && fin(q[:]...) && fin(s.Opacity(i)) && fin(c[:]...) && fin(s.SHRest[k3*i:k3*(i+1)]...) {
			keep = append(keep, int32(i))
		}
	}
	return keep
}

// colorsOf extracts s's colours (0.5 + SHC0·f_dc) and higher SH coefficients in view order.
func colorsOf(s *gaussians.Scene, keep []int32, label string) *recolored {
	n := s.N
	if keep != nil {
		n = len(keep)
	}
	k3 := 3 * gaussians.SHRestCoeffs(s.SHDegree)
	r := &recolored{colors: make([]float32, 3*n), sh: make([]float32, k3*n), degree: s.SHDegree, label: label}
	for i := 0; i < n; i++ {
		j := i
		if keep != nil {
			j = int(keep[i])
		}
		for c := 0; c < 3; c++ {
			r.colors[3*i+c] = gaussians.ColorFromDC(s.SHDC[3*j+c])
		}
		copy(r.sh[k3*i:k3*(i+1)], s.SHRest[k3*j:k3*(j+1)])
	}
	return r
}

// openAppearance opens a bundle in a background job: its JSON, the scene it names (or ply, a
// scene opened with the JSON found beside it), the weights and the thumbnails.
func (a *App) openAppearance(jsonPath, ply string) {
	if a.splat.job != nil {
		a.splat.job.Cancel() // a newer request wins
	}
	name := filepath.Base(jsonPath)
	a.splat.job = a.jobs.Start("Loading "+name, func(ctx context.Context, progress func(float64)) (func() error, error) {
		t0 := time.Now()
		read := func(done, total int64) {
			if total > 0 {
				progress(0.8 * float64(done) / float64(total)) // the scene is most of the bytes
			}
		}
		path := ply
		if path == "" {
			var err error
			if path, err = bundleScenePath(jsonPath); err != nil {
				return nil, err
			}
		}
		s, err := gaussians.Load(path, read)
		if err != nil {
			return nil, err
		}
		b, err := gaussians.LoadAppearance(s, jsonPath)
		if err != nil {
			// Bad weights: the scene is shown with its own colours and the error says why.
			v, _, verr := sceneView(s, filepath.Base(path), path)
			if verr != nil {
				return nil, err
			}
			v.Took = time.Since(t0)
			return func() error {
				if serr := a.setSplat(v); serr != nil {
					return serr
				}
				a.dropAppearance()
				return err
			}, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p, err := prepareAppearance(ctx, b, name, path, t0, progress)
		if err != nil {
			return nil, err
		}
		return func() error { return a.setAppearance(p, false) }, nil
	})
}

// openDemoAppearance opens the embedded synthetic house with three appearances.
func (a *App) openDemoAppearance() {
	if a.splat.job != nil {
		a.splat.job.Cancel()
	}
	a.splat.job = a.jobs.Start("Loading the appearance demo", func(ctx context.Context, progress func(float64)) (func() error, error) {
		t0 := time.Now()
		b := gaussians.DemoAppearanceBundle()
		p, err := prepareAppearance(ctx, b, demoAppearanceName, "", t0, progress)
		if err != nil {
			return nil, err
		}
		return func() error { return a.setAppearance(p, true) }, nil
	})
}

// demoAppearanceName labels the embedded appearance demo.
const demoAppearanceName = "demo: house with three appearances (synthetic)"

// setAppearance shows a prepared bundle: its scene replaces what is shown, its photos become the
// scene's training cameras (frusta, jump-to), and it starts with the base colours (the demo
// with its first photo, day).
func (a *App) setAppearance(p *preparedAppearance, demo bool) error {
	if err := a.setSplat(p.view); err != nil {
		return err
	}
	a.dropAppearance()
	ap := &a.appear
	ap.bundle, ap.tables, ap.view, ap.keep, ap.base, ap.demo = p.bundle, p.tables, p.view, p.keep, p.base, demo
	ap.photoA, ap.photoB, ap.blendT, ap.showBase, ap.shown = 0, min(1, len(p.bundle.Photos)-1), 0, true, "base colours"
	ap.thumbSrc, ap.thumbs = p.thumbs, make([]*render.Image, len(p.thumbs))
	ap.useGPU = a.gpuRecolorDefault() || ap.forceGPU && a.win != nil && render.ComputeSupported()
	a.setCameras(photoCameras(p.bundle.Photos), p.bundle.Source, nil)
	if demo {
		a.setUp(camera.YUp) // the demo is built Y up
		a.frameAll()
	}
	msg := fmt.Sprintf("Opened %s: %s", p.view.Name, p.bundle)
	if p.warn != "" {
		msg += " (" + p.warn + ")"
	}
	a.setStatus(msg)
	if demo {
		a.choosePhoto(min(max(ap.startPhoto, 0), len(p.bundle.Photos)-1))
	}
	return nil
}

// gpuRecolorDefault is whether recolouring starts on the GPU: with GL 4.3 compute on a
// hardware GPU (software rasterisers such as llvmpipe run the shader slower than the CPU path).
func (a *App) gpuRecolorDefault() bool {
	if a.win == nil || !render.ComputeSupported() {
		return false
	}
	r := strings.ToLower(a.glInfo.Renderer)
	return !strings.Contains(r, "llvmpipe") && !strings.Contains(r, "softpipe") && !strings.Contains(r, "swiftshader")
}

// photoCameras are the bundle's photos as training cameras.
func photoCameras(ps []gaussians.Photo) []gaussians.TrainingCamera {
	cams := make([]gaussians.TrainingCamera, len(ps))
	for i, p := range ps {
		cams[i] = gaussians.TrainingCamera{ID: i, ImgName: p.Name, Width: p.Width, Height: p.Height,
			Position: p.Camera.Position, Rotation: p.Camera.Rotation, Fx: p.Camera.Fx, Fy: p.Camera.Fy}
	}
	return cams
}

// dropAppearance forgets the bundle and frees its GPU objects (the scene stays).
func (a *App) dropAppearance() {
	ap := &a.appear
	if ap.job != nil {
		ap.job.Cancel()
	}
	ap.gpu.Delete()
	for _, t := range ap.thumbs {
		t.Delete()
	}
	*ap = appearanceState{moveCamera: ap.moveCamera, startPhoto: ap.startPhoto, forceGPU: ap.forceGPU}
}

// tickAppearance runs each frame: it forgets a bundle whose scene was replaced, uploads
// thumbnails, and applies recolours that waited for the pass's streamed upload.
func (a *App) tickAppearance() {
	ap := &a.appear
	if ap.bundle == nil {
		return
	}
	if a.splat.view != ap.view {
		a.dropAppearance()
		return
	}
	if l, ok := ap.view.Pass.(loader); ok && l.Loading() {
		return
	}
	for i, img := range ap.thumbSrc {
		if img != nil && a.win != nil {
			if t, err := render.NewImage(img); err == nil {
				ap.thumbs[i] = t
			}
		}
	}
	ap.thumbSrc = nil
	if r := ap.pending; r != nil {
		ap.pending = nil
		if err := a.showColors(r); err != nil {
			a.setError(err)
		}
	}
	if w := ap.gpuWait; w != nil {
		ap.gpuWait = nil
		a.recolor(w.a, w.b, w.t)
	}
}

// Demo scenes for Options.DemoScene.
const (
	DemoTeapot     = "teapot"     // the embedded teapot mesh and its CSP field
	DemoAppearance = "appearance" // the synthetic house with three appearances
)
