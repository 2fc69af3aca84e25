package app

import (
	"github.com/splatscope/splatscope/render"
)

// demoRes is the demo field's N: 64³ bakes the teapot in about a second on two cores.
const demoRes = 64

// demoField starts baking the demo mesh's field, to be shown beside it once it lands.
func (a *App) demoField() {
	for i, n := range fieldResolutions {
		if n == demoRes {
			a.field.res = i
		}
	}
	a.field.beside = true
	a.field.framed = true
	a.bakeField()
}

// drawField draws the field (translated beside the mesh when asked), its slice plane and
// arrows, or the error map, into the bound framebuffer with frame f.
func (a *App) drawField(f render.Frame) {
	if !a.showsField() {
		return
	}
	if a.errorMapShown() {
		a.drawErrorMap(f)
		return
	}
	ff := fieldFrame(f, a.fieldOffset())
	a.field.view.Pass.Draw(ff, a.fieldStyle())
	a.drawSlice(ff)
}

// cycleFieldMode steps the display mode by d (wrapping); the maps against the mesh are
// skipped when there is no mesh to compare with.
func (a *App) cycleFieldMode(d int) {
	n := len(fieldModeNames)
	for range n {
		a.field.mode = (a.field.mode + d + n) % n
		if a.field.mode < modeDepthError || a.scene != nil {
			break
		}
	}
	a.setStatus("Field mode: " + fieldModeNames[a.field.mode])
}
