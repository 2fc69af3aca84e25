package app

import (
	"context"
	"fmt"
	"time"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/csp"
	"github.com/splatscope/splatscope/mesh"
	"github.com/splatscope/splatscope/render"
)

// fieldDrawable draws a baked field: a render.FieldPass, or a fake in tests.
type fieldDrawable interface {
	Draw(render.Frame, render.FieldStyle)
	Delete()
}

// FieldView is a CSP field on screen: a baked grid on the GPU and what it came from.
type FieldView struct {
	Name   string     // what the panel calls it: "teapot (baked 128³)", "bunny.npy"
	Kind   string     // "baked from the mesh", "baked grid file", "neural network"
	Note   string     // extra facts (the network's coordinate frame)
	Grid   *csp.Grid  // the baked grid the GPU traces
	Source csp.Field  // the continuous field behind it (exact mesh, network) or the grid itself
	Mesh   *mesh.Mesh // the mesh it was baked from (nil for files)
	Meta   csp.Meta   // sidecar facts to save with it
	Took   time.Duration
	Pass   fieldDrawable
}

// Delete frees the field's GPU objects.
func (v *FieldView) Delete() {
	if v != nil && v.Pass != nil {
		v.Pass.Delete()
		v.Pass = nil
	}
}

// uploadField creates the GL pass of a field (the GL thread only).
func uploadField(v *FieldView) error {
	p, err := render.NewFieldPass(v.Grid)
	if err != nil {
		return err
	}
	v.Pass = p
	return nil
}

// What the 3D view shows when a field is loaded.
const (
	showBoth = iota
	showField
	showMesh
)

var (
	fieldResolutions = []int{32, 64, 128, 256}
	fieldResNames    = []string{"32³", "64³", "128³", "256³"}
	showNames        = []string{"field and mesh", "field", "mesh"}
)

// defaultFieldRes is the index of 128³ in fieldResolutions: the default N.
const defaultFieldRes = 2

// fieldState is the CSP field panel's state.
type fieldState struct {
	view      *FieldView
	res       int // index into fieldResolutions
	show      int
	beside    bool    // field translated beside the mesh instead of over it
	mode      int     // index into fieldModeNames
	epsVox    float32 // ε in voxels
	maxSteps  int
	curvRange float32 // curvature at the colour map's ends; 0: auto (8 / box diagonal)
	errRange  float32 // depth error at the colour map's top, fraction of the box diagonal
	job       *Job
	framed    bool // frame the view when the next field lands (demo, field files)
	slice     sliceState
	errMap    errorMapState
}

// newFieldState returns the panel's defaults.
func newFieldState() fieldState {
	return fieldState{
		res: defaultFieldRes, epsVox: 0.5, maxSteps: csp.DefaultMaxSteps,
		// 1% of the diagonal: about one voxel of a 128³ grid, where the baked field's
		// errors show as a gradient rather than saturating.
		errRange: 0.01,
		slice:    newSliceState(),
	}
}

// fieldStyle is the FieldStyle for the current panel settings.
func (a *App) fieldStyle() render.FieldStyle {
	f := &a.field
	s := render.FieldStyle{Mode: csp.TraceMode(min(f.mode, int(csp.Residual))), MaxSteps: f.maxSteps, CurvatureRange: f.curvRange}
	if f.view != nil && f.view.Grid != nil {
		s.Epsilon = f.epsVox * f.view.Grid.Spacing
	}
	if f.mode > int(csp.Residual) { // the error maps draw the field's normals and depth
		s.Mode = csp.Normals
	}
	return s
}

// bakeField bakes the exact field of the open mesh at the chosen N in a background job, with
// progress and cancel; the current field (if any) stays until the new one is uploaded.
func (a *App) bakeField() {
	if a.scene == nil || a.scene.Mesh == nil {
		a.setError(fmt.Errorf("bake field: no mesh open"))
		return
	}
	if a.field.job != nil {
		a.field.job.Cancel() // a newer request wins
	}
	m, name := a.scene.Mesh, a.scene.Name
	n := fieldResolutions[a.field.res]
	a.field.job = a.jobs.Start(fmt.Sprintf("Baking the CSP field of %s at %d³", name, n),
		func(ctx context.Context, progress func(float64)) (func() error, error) {
			t0 := time.Now()
			f, err := csp.NewMeshField(m)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", name, err)
			}
			progress(0.02) // the BVH is a small part of the work
			lo, hi := f.Bounds()
			blo, bhi := csp.BakeBox(lo, hi, n)
			g, err := csp.Bake(ctx, f, blo, bhi, n, func(done, total int) {
				progress(0.02 + 0.98*float64(done)/float64(max(total, 1)))
			})
			if err != nil {
				return nil, err
			}
			v := &FieldView{
				Name: fmt.Sprintf("%s (baked %d³)", name, n), Kind: "baked from the mesh (exact BVH field)",
				Grid: g, Source: f, Mesh: m, Took: time.Since(t0), Meta: csp.Meta{Source: m.Source},
			}
			return func() error {
				if a.scene == nil || a.scene.Mesh != m {
					return fmt.Errorf("%s: the mesh was closed while its field baked; field dropped", name)
				}
				return a.setField(v)
			}, nil
		})
}

// setField uploads v and makes it the shown field; on failure the previous one stays.
func (a *App) setField(v *FieldView) error {
	if err := a.newFieldPass(v); err != nil {
		return fmt.Errorf("%s: %s", v.Name, oneLine(err))
	}
	a.field.slice.reset(v) // before the old pass goes: the slice uses its texture
	a.field.view.Delete()
	a.field.view = v
	a.field.errMap.invalidate()
	if a.field.framed {
		a.field.framed = false
		a.frameAll()
	}
	msg := fmt.Sprintf("Field %s: %d×%d×%d nodes, voxel %.3g", v.Name, v.Grid.Dims[0], v.Grid.Dims[1], v.Grid.Dims[2], v.Grid.Spacing)
	if v.Took > 0 {
		msg += fmt.Sprintf(", %.2f s", v.Took.Seconds())
	}
	a.setStatus(msg)
	return nil
}

// dropField deletes the shown field (a new mesh replaces the one it was baked from).
func (a *App) dropField() {
	if a.field.job != nil {
		a.field.job.Cancel()
		a.field.job = nil
	}
	a.field.view.Delete()
	a.field.view = nil
	a.field.slice.reset(nil)
	a.field.errMap.invalidate()
}

// showsMesh and showsField say what drawScene draws.
func (a *App) showsMesh() bool {
	return a.scene != nil && a.scene.Pass != nil && (a.field.view == nil || a.field.show != showField)
}

func (a *App) showsField() bool {
	return a.field.view != nil && a.field.view.Pass != nil && (a.scene == nil || a.field.show != showMesh)
}

// fieldOffset is the translation of the field in "beside" mode: the mesh box's width along X
// plus a tenth of it as a gap, so the two never touch.
func (a *App) fieldOffset() mgl32.Vec3 {
	if !a.field.beside || a.scene == nil || a.scene.Mesh == nil || !a.showsMesh() {
		return mgl32.Vec3{}
	}
	lo, hi, ok := a.scene.Mesh.Bounds()
	if !ok {
		return mgl32.Vec3{}
	}
	return mgl32.Vec3{1.1 * (hi[0] - lo[0]), 0, 0}
}

// fieldFrame is f seen from the field's own coordinates (translated by fieldOffset).
func fieldFrame(f render.Frame, off mgl32.Vec3) render.Frame {
	if off == (mgl32.Vec3{}) {
		return f
	}
	f.View = f.View.Mul4(mgl32.Translate3D(off[0], off[1], off[2]))
	f.Eye = f.Eye.Sub(off)
	return f
}

// sceneBounds is the box of what is shown: the mesh, the field's surface, or both.
func (a *App) sceneBounds() (lo, hi mgl32.Vec3, ok bool) {
	grow := func(l, h mgl32.Vec3) {
		if !ok {
			lo, hi, ok = l, h, true
			return
		}
		for k := 0; k < 3; k++ {
			lo[k], hi[k] = min(lo[k], l[k]), max(hi[k], h[k])
		}
	}
	if a.scene != nil && a.scene.Mesh != nil && (a.field.view == nil || a.field.show != showField) {
		if l, h, got := a.scene.Mesh.Bounds(); got {
			grow(l, h)
		}
	}
	if v := a.field.view; v != nil && (a.scene == nil || a.field.show != showMesh) {
		l, h := fieldSurfaceBounds(v)
		off := a.fieldOffset()
		grow(l.Add(off), h.Add(off))
	}
	if l, h, got := a.splatBounds(); got {
		grow(l, h)
	}
	return lo, hi, ok
}

// fieldSurfaceBounds is the box of the field's surface: its mesh's when known, else the
// grid's box less the bake margin.
func fieldSurfaceBounds(v *FieldView) (lo, hi mgl32.Vec3) {
	if v.Mesh != nil {
		if l, h, ok := v.Mesh.Bounds(); ok {
			return l, h
		}
	}
	lo, hi = v.Grid.Bounds()
	pad := hi.Sub(lo).Mul(csp.BakeMargin / 2) // about the margin BakeBox adds
	return lo.Add(pad), hi.Sub(pad)
}
