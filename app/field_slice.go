package app

import "github.com/splatscope/splatscope/render"

// sliceState is the movable slice plane through the field.
type sliceState struct {
	on     bool
	axis   int     // 0: X, 1: Y, 2: Z
	pos    float32 // plane position across the grid box, 0..1
	arrows bool    // arrows from plane points to their closest points
}

// newSliceState returns the slice plane's defaults: off, through the middle across Z.
func newSliceState() sliceState { return sliceState{axis: 2, pos: 0.5, arrows: true} }

// reset forgets what was built for the previous field.
func (s *sliceState) reset(v *FieldView) {}

// drawSlice draws the slice plane and its arrows in the field's frame.
func (a *App) drawSlice(f render.Frame) {}

// panelSlice is the slice plane's part of the field panel.
func (a *App) panelSlice() {}
