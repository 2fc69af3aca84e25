package app

import (
	"context"
	"fmt"
	"image"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/app/ui"
	"github.com/splatscope/splatscope/csp"
	"github.com/splatscope/splatscope/mesh"
	"github.com/splatscope/splatscope/render"
)

// errMapMaxWidth caps the error map's width in pixels: the CPU traces the grid and the exact
// mesh for every pixel, and 480 columns take well under a second on two cores while the
// map, stretched to the window, still shows the error's structure.
const errMapMaxWidth = 480

// imageDrawer shows an image over the view: a render.ImagePass.
type imageDrawer interface {
	SetImage(*image.RGBA)
	Draw()
	Delete()
}

// errMapKey is what an error map was computed for; a change starts a new computation.
type errMapKey struct {
	view, proj mgl32.Mat4
	w, h       int
	mode       int
	eps        float32
	errRange   float32
	field      *FieldView
}

// errorMapState holds the depth-error / normal-cosine map against the mesh's raster: the
// grid and the exact mesh field traced on the CPU with the view's camera (the CPU twin of
// the GL raster), coloured by render.FieldErrorImage and shown as an image.
type errorMapState struct {
	key         errMapKey
	job         *Job
	pass        imageDrawer
	have        bool // the pass holds a map (perhaps of an older view while a new one is made)
	mean, worst float32
	meshField   *csp.MeshField
	fieldOf     *mesh.Mesh // the mesh meshField belongs to
}

// invalidate forgets the map (the field or the mesh changed).
func (e *errorMapState) invalidate() {
	if e.job != nil {
		e.job.Cancel()
		e.job = nil
	}
	e.key = errMapKey{}
	e.have = false
	e.meshField, e.fieldOf = nil, nil
}

// free deletes the map's GL pass (shutdown).
func (e *errorMapState) free() {
	e.invalidate()
	if e.pass != nil {
		e.pass.Delete()
		e.pass = nil
	}
}

// errorMapShown reports whether the view shows the error map instead of field and mesh.
func (a *App) errorMapShown() bool {
	return a.field.view != nil && a.field.mode >= modeDepthError && a.scene != nil && a.scene.Pass != nil
}

// errMapSize is the map's size for a w×h framebuffer: the same aspect, at most errMapMaxWidth wide.
func errMapSize(w, h int) (int, int) {
	if w <= errMapMaxWidth {
		return w, h
	}
	return errMapMaxWidth, max(1, h*errMapMaxWidth/w)
}

// drawErrorMap shows the latest map and starts a new one when the view changed.
func (a *App) drawErrorMap(f render.Frame) {
	e := &a.field.errMap
	v := a.field.view
	mw, mh := errMapSize(f.Width, f.Height)
	key := errMapKey{view: f.View, proj: f.Proj, w: mw, h: mh, mode: a.field.mode, eps: a.field.epsVox, errRange: a.field.errRange, field: v}
	if key != e.key && !a.jobs.isRunning(e.job) {
		e.key = key
		a.startErrorMap(key, f.Eye)
	}
	if e.pass == nil {
		p, err := render.NewImagePass()
		if err != nil {
			a.field.mode = int(csp.Shaded)
			a.setError(fmt.Errorf("error map: %v", err))
			return
		}
		e.pass = p
	}
	if e.have {
		e.pass.Draw()
	}
}

// startErrorMap traces field and mesh for key in a background job and uploads the map.
func (a *App) startErrorMap(key errMapKey, eye mgl32.Vec3) {
	e := &a.field.errMap
	v, m := key.field, a.scene.Mesh
	mf := e.meshField
	if e.fieldOf != m {
		mf = nil
	}
	kind := render.DepthError
	if key.mode == modeNormalCos {
		kind = render.NormalCosine
	}
	eps := key.eps * v.Grid.Spacing
	cam := csp.NewTraceCamera(key.view, key.proj, eye)
	e.job = a.jobs.Start("Error map of the field against the mesh", func(ctx context.Context, progress func(float64)) (func() error, error) {
		if mf == nil {
			var err error
			if mf, err = csp.NewMeshField(m); err != nil {
				return nil, err
			}
		}
		progress(0.1) // the BVH; the two traces share the rest
		fh := csp.Trace(v.Grid, cam, key.w, key.h, csp.TraceOptions{Epsilon: eps})
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		progress(0.5)
		mh := csp.Trace(mf, cam, key.w, key.h, csp.TraceOptions{})
		lo, hi := mf.Bounds()
		o := render.ErrorMapOptions{Kind: kind, Diagonal: hi.Sub(lo).Len(), Range: key.errRange}
		if kind == render.NormalCosine {
			o.Range = normalCosLow
		}
		img, mean, worst := render.FieldErrorImage(fh, mh, key.w, key.h, o)
		return func() error {
			if a.field.view != v || a.scene == nil || a.scene.Mesh != m {
				return nil // the field or mesh changed meanwhile: this map is stale
			}
			e.meshField, e.fieldOf = mf, m
			e.mean, e.worst = mean, worst
			e.job = nil
			if e.pass != nil {
				e.pass.SetImage(img)
				e.have = true
			}
			return nil
		}, nil
	})
}

// panelErrorMap shows the error map's figures.
func (a *App) panelErrorMap() {
	e := &a.field.errMap
	if !a.errorMapShown() {
		return
	}
	if !e.have {
		ui.TextColored(ui.Grey, "computing the map (CPU: grid and exact mesh traced per pixel)…")
		return
	}
	if a.field.mode == modeNormalCos {
		ui.Textf("cosine mean %.4f, least %.4f", e.mean, e.worst)
	} else {
		ui.Textf("error / diagonal: mean %.2e, max %.2e", e.mean, e.worst)
	}
	ui.TextColored(ui.Grey, "magenta: only one of field and mesh is hit")
}
