package app

import (
	"fmt"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/app/ui"
	"github.com/splatscope/splatscope/csp"
	"github.com/splatscope/splatscope/render"
)

// sliceArrowsPerSide is the arrow grid on the slice plane: 16×16 arrows are readable at any
// zoom and cost 256 closest-point queries when the plane moves.
const sliceArrowsPerSide = 16

// slicer is the GL slice pass (a render.SlicePass).
type slicer interface {
	Draw(render.Frame, render.SliceStyle)
	SetArrows([]mgl32.Vec3)
	Delete()
}

// sliceState is the movable slice plane through the field.
type sliceState struct {
	on     bool
	axis   int     // 0: X, 1: Y, 2: Z
	pos    float32 // plane position across the grid box, 0..1
	arrows bool    // arrows from plane points to their closest points
	isoVox float32 // iso-line spacing in voxels

	pass    slicer
	arrowAt [3]float32 // axis, pos, arrows on: what the uploaded arrows were made for
	built   bool
}

var axisNames = []string{"X", "Y", "Z"}

// newSliceState returns the slice plane's defaults: off, through the middle across Z.
func newSliceState() sliceState { return sliceState{axis: 2, pos: 0.5, arrows: true, isoVox: 4} }

// reset forgets what was built for the previous field.
func (s *sliceState) reset(*FieldView) {
	if s.pass != nil {
		s.pass.Delete()
		s.pass = nil
	}
	s.built = false
}

// style is the render style of the plane for grid g.
func (s *sliceState) style(g *csp.Grid) render.SliceStyle {
	lo, hi := g.Bounds()
	return render.SliceStyle{Axis: s.axis, Pos: lo[s.axis] + s.pos*(hi[s.axis]-lo[s.axis]), IsoSpacing: s.isoVox * g.Spacing}
}

// drawSlice draws the slice plane and its arrows in the field's frame.
func (a *App) drawSlice(f render.Frame) {
	s := &a.field.slice
	v := a.field.view
	if !s.on || v == nil {
		return
	}
	if s.pass == nil {
		fp, ok := v.Pass.(*render.FieldPass)
		if !ok {
			return
		}
		p, err := render.NewSlicePass(fp)
		if err != nil {
			s.on = false
			a.setError(fmt.Errorf("slice plane: %v", err))
			return
		}
		s.pass = p
	}
	st := s.style(v.Grid)
	key := [3]float32{float32(s.axis), s.pos, 0}
	if s.arrows {
		key[2] = 1
	}
	if !s.built || key != s.arrowAt {
		s.pass.SetArrows(sliceArrows(v, st, s.arrows))
		s.arrowAt, s.built = key, true
	}
	s.pass.Draw(f, st)
}

// sliceArrows computes the plane's arrows on the CPU: from the exact field when the field
// was baked from a mesh here, else from the grid (a network is too slow per frame).
func sliceArrows(v *FieldView, st render.SliceStyle, on bool) []mgl32.Vec3 {
	if !on {
		return nil
	}
	var f csp.Field = csp.NewSafeGrid(v.Grid)
	if v.Mesh != nil && v.Source != nil {
		if _, exact := v.Source.(*csp.MeshField); exact {
			f = v.Source
		}
	}
	lo, hi := v.Grid.Bounds()
	return render.SliceArrows(f, lo, hi, st.Axis, st.Pos, sliceArrowsPerSide)
}

// panelSlice is the slice plane's part of the field panel.
func (a *App) panelSlice() {
	s := &a.field.slice
	ui.Checkbox("Slice plane: u, iso-lines, arrows", &s.on)
	shortcut(ActSlice)
	if !s.on {
		return
	}
	sc := a.uiScale()
	ui.ItemWidth(180 * sc)
	ui.Combo("Slice axis", &s.axis, axisNames)
	ui.SliderFloat("Slice position", &s.pos, 0, 1, "%.3f")
	ui.SliderLog("Iso-line spacing (voxels)", &s.isoVox, 0.5, 32, "%.1f")
	ui.PopItemWidth()
	ui.Checkbox("Arrows to the closest points", &s.arrows)
	if v := a.field.view; v != nil {
		lo, hi := v.Grid.Bounds()
		uTop := hi.Sub(lo).Len() / 4 // render.SliceStyle's default range
		ui.ColorBar(func(t float32) [3]float32 { return [3]float32(csp.Heat(t)) }, 14*sc,
			"u = 0", fmt.Sprintf("iso-lines every %.3g", s.isoVox*v.Grid.Spacing), fmt.Sprintf("%.3g", uTop))
	}
}
