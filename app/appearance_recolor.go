package app

import (
	"context"
	"fmt"

	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/render"
)

// doAppearance performs the appearance shortcuts; false for actions it does not know.
func (a *App) doAppearance(act Action) bool {
	switch act {
	case ActNextPhoto:
		a.stepPhoto(1)
	case ActPrevPhoto:
		a.stepPhoto(-1)
	case ActBaseColours:
		a.toggleBaseColours()
	default:
		return false
	}
	return true
}

// stepPhoto shows the next (d = 1) or previous (d = −1) photo, wrapping.
func (a *App) stepPhoto(d int) {
	ap := &a.appear
	if ap.bundle == nil {
		a.setStatus("No appearance bundle: open one (its JSON, or the scene PLY beside it), or the appearance demo.")
		return
	}
	n := len(ap.bundle.Photos)
	k := ap.photoA
	if ap.showBase {
		k = map[bool]int{true: -1, false: 0}[d > 0] // from base colours: the first or last photo
	}
	a.choosePhoto(((k+d)%n + n) % n)
}

// toggleBaseColours switches between the scene's own colours and the chosen photo.
func (a *App) toggleBaseColours() {
	ap := &a.appear
	if ap.bundle == nil {
		return
	}
	if ap.showBase {
		a.recolor(ap.photoA, ap.photoB, ap.blendT)
		return
	}
	a.showBaseColours()
}

// choosePhoto shows photo k (no blend) and, when asked, moves the camera to its view.
func (a *App) choosePhoto(k int) {
	ap := &a.appear
	if ap.bundle == nil {
		return
	}
	if k < 0 || k >= len(ap.bundle.Photos) {
		// gaussians.Recolor words the error; the scene keeps its base colours.
		a.recolor(k, k, 0)
		return
	}
	ap.photoA, ap.blendT = k, 0
	if ap.moveCamera {
		a.jumpToCamera(k)
	}
	a.recolor(k, k, 0)
}

// photoLabel names what photo a blended toward b at t shows.
func (a *App) photoLabel(pa, pb int, t float32) string {
	ps := a.appear.bundle.Photos
	name := func(k int) string {
		if k >= 0 && k < len(ps) {
			return fmt.Sprintf("photo %d: %s", k+1, ps[k].Name)
		}
		return fmt.Sprintf("photo %d", k+1)
	}
	if t == 0 || pa == pb {
		return name(pa)
	}
	return fmt.Sprintf("%s → %s at %.2f (interpolated)", name(pa), name(pb), t)
}

// recolor shows photo pa blended toward pb by t: on the GPU where the compute path is on and
// works, else in a background job on all cores (a newer request cancels an older one). Errors
// (a photo out of range, say) go to the status line and the scene shows its base colours.
func (a *App) recolor(pa, pb int, t float32) {
	ap := &a.appear
	if ap.bundle == nil {
		return
	}
	if ap.job != nil {
		ap.job.Cancel()
		ap.job = nil
	}
	label := a.photoLabel(pa, pb, t)
	if ap.useGPU && ap.gpuErr == nil {
		if done := a.recolorGPU(pa, pb, t, label); done {
			return
		}
	}
	b, keep, view := ap.bundle, ap.keep, ap.view
	spare := ap.spare
	ap.spare = nil // the job owns it now
	ap.job = a.jobs.Start("Recolouring: "+label, func(ctx context.Context, progress func(float64)) (func() error, error) {
		out, err := gaussians.RecolorInto(ctx, b, spare, pa, pb, t, func(done, total int64) {
			progress(0.95 * float64(done) / float64(max(total, 1))) // evaluation; copying out is the rest
		})
		if err != nil {
			if ctx.Err() != nil {
				return nil, err
			}
			// Shown as an error, after the scene went back to its base colours.
			return func() error {
				if a.appear.view == view {
					a.showBaseColours()
				}
				return fmt.Errorf("%s: %v", label, err)
			}, nil
		}
		r := colorsOf(out, keep, label)
		progress(1)
		return func() error {
			if a.appear.view != view {
				return nil // the scene changed meanwhile
			}
			a.appear.spare = out
			return a.showColors(r)
		}, nil
	})
}

// recolorGPU recolours with the compute shader; it reports false when the CPU must do it (no
// GL 4.3, a model too wide for the shader, a GL error: the reason is kept in gpuErr).
func (a *App) recolorGPU(pa, pb int, t float32, label string) bool {
	ap := &a.appear
	p, ok := ap.view.Pass.(*render.SplatPass)
	if !ok {
		return false
	}
	if p.Loading() {
		ap.gpuWait = &recolorAt{pa, pb, t}
		return true
	}
	bl, err := ap.bundle.Blend(pa, pb, t)
	if err != nil {
		a.showBaseColours()
		a.setError(fmt.Errorf("%s: %v", label, err))
		return true
	}
	if ap.gpu == nil {
		if ap.gpu, err = render.NewAppearanceGPU(p, ap.tables, ap.bundle.Scene, ap.keep); err != nil {
			ap.gpuErr = err
			return false
		}
	}
	if err := ap.gpu.Recolor(bl); err != nil {
		ap.gpuErr = err
		return false
	}
	ap.showBase, ap.shown = false, label+" (GPU)"
	ap.photoA, ap.photoB, ap.blendT = pa, pb, t
	a.setStatus("Showing " + label)
	return true
}

// showBaseColours shows the scene without appearance.
func (a *App) showBaseColours() {
	ap := &a.appear
	if ap.base == nil {
		return
	}
	if ap.job != nil {
		ap.job.Cancel()
		ap.job = nil
	}
	if err := a.showColors(ap.base); err != nil {
		a.setError(err)
	}
}

// showColors uploads recoloured colours into the view's pass (after its streamed upload).
func (a *App) showColors(r *recolored) error {
	ap := &a.appear
	v := ap.view
	if v == nil || v.Pass == nil {
		return nil
	}
	if l, ok := v.Pass.(loader); ok && l.Loading() {
		ap.pending = r
		return nil
	}
	u, ok := v.Pass.(colorUpdater)
	if !ok {
		return fmt.Errorf("%s: this splat pass cannot be recoloured", v.Name)
	}
	if err := u.UpdateColors(r.colors, r.sh, r.degree); err != nil {
		return err
	}
	ap.showBase = r == ap.base
	ap.shown = r.label
	if !ap.showBase {
		a.setStatus("Showing " + r.label)
	}
	return nil
}
