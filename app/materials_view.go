package app

import (
	"fmt"

	"github.com/go-gl/glfw/v3.3/glfw"
	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/app/ui"
	"github.com/splatscope/splatscope/render"
)

// toolState is a mouse gesture of the materials (brush, rectangle) or physics (poke) tools.
type toolState struct {
	act            Action // ActSelectBrush, ActSelectRect, ActPoke; ActNone when idle
	button         glfw.MouseButton
	x0, y0, x1, y1 float64 // start and current cursor, window points
	remove         bool    // the brush takes away from the selection
}

// centroid is where a material's floating label goes.
type centroid struct {
	id  int
	pos mgl32.Vec3
}

// centroidOpacity is the least opacity of a Gaussian counted in a material's label position:
// faint haze around objects would pull the label off them.
const centroidOpacity = 0.3

// doMaterials performs the materials and physics press actions; false for others.
func (a *App) doMaterials(act Action) bool {
	switch act {
	case ActMatColor:
		a.cycleColor()
	case ActMatLabels:
		a.mat.showLabels = !a.mat.showLabels
	case ActUndo:
		a.undo()
	case ActRedo:
		a.redo()
	case ActClearSelection:
		a.clearSelection()
	case ActSimPlay:
		a.simTogglePlay()
	case ActSimStep:
		a.simStepOnce()
	case ActSimReset:
		a.simReset()
	case ActSimShow:
		a.simCycleShow()
	default:
		return false
	}
	return true
}

// mouseTool starts a tool gesture when a press with its modifiers begins over the 3D view;
// it reports whether the press was taken (then the camera does not move).
func (a *App) mouseTool(b glfw.MouseButton, mods glfw.ModifierKey, x, y float64) bool {
	mods &= modMask
	for _, act := range []Action{ActSelectBrush, ActSelectRect, ActPoke} {
		bd := binding(act)
		if mods == 0 || bd.ButtonMods != mods || len(bd.Buttons) == 0 || bd.Buttons[0] != b {
			continue
		}
		if act == ActPoke {
			if !a.simActive() {
				return false
			}
			a.poke(x, y)
			return true
		}
		if !a.hasLabels() {
			return false
		}
		a.mat.tool = toolState{act: act, button: b, x0: x, y0: y, x1: x, y1: y}
		if act == ActSelectBrush {
			a.selectBrush(a.projector(), x, y, float64(a.mat.sel.brush), false)
		}
		return true
	}
	return false
}

// tickMaterials runs each frame on the GL thread: the hide mask, the tool gestures and the
// colour upload.
func (a *App) tickMaterials() {
	a.updateMask()
	t := &a.mat.tool
	if t.act != ActNone && a.win != nil {
		x, y := a.win.GetCursorPos()
		moved := x != t.x1 || y != t.y1
		t.x1, t.y1 = x, y
		released := a.win.GetMouseButton(t.button) != glfw.Press
		switch t.act {
		case ActSelectBrush:
			if moved {
				a.selectBrush(a.projector(), x, y, float64(a.mat.sel.brush), false)
			}
		case ActSelectRect:
			if released {
				n := a.selectRect(a.projector(), t.x0, t.y0, t.x1, t.y1)
				a.setStatus(fmt.Sprintf("Selected %d Gaussians in the rectangle (%d in all)", n, a.mat.sel.count))
			}
		}
		if released {
			t.act = ActNone
		}
	}
	a.tickSim()
	a.applyColors()
}

// onSplatPicked shows the material of the Gaussian a double-click picked.
func (a *App) onSplatPicked(i int) {
	if !a.hasLabels() || i < 0 || i >= a.mat.labels.N() {
		return
	}
	a.mat.picked = i
}

// materialLines are the selection box's edges, when it is drawn.
func (a *App) materialLines() []render.LineVertex {
	var v []render.LineVertex
	if a.hasLabels() && a.mat.sel.box {
		v = append(v, render.BoxLines(a.mat.sel.min, a.mat.sel.max, mgl32.Vec3(selectionTint))...)
	}
	return append(v, a.simLines()...)
}

// updateCentroids recomputes each shown material's label position: the mean of its visible,
// fairly opaque Gaussians.
func (a *App) updateCentroids() {
	m := &a.mat
	m.centDirty = false
	m.centroids = m.centroids[:0]
	b := a.splat.view.Buffers
	sum := make([][4]float64, len(m.table.Materials))
	for i, id := range m.labels.IDs {
		if b.Opacities[i] < centroidOpacity || !a.visible(b, i) {
			continue
		}
		p := b.Positions[3*i : 3*i+3]
		s := &sum[id]
		s[0] += float64(p[0])
		s[1] += float64(p[1])
		s[2] += float64(p[2])
		s[3]++
	}
	for id, s := range sum {
		if s[3] > 0 {
			m.centroids = append(m.centroids, centroid{id: id, pos: mgl32.Vec3{float32(s[0] / s[3]), float32(s[1] / s[3]), float32(s[2] / s[3])}})
		}
	}
}

// drawMaterialOverlay draws, over the 3D view, a floating label at each material region, the
// brush circle or the selection rectangle, and the picked Gaussian's mark.
func (a *App) drawMaterialOverlay() {
	if !a.hasLabels() || a.win == nil {
		return
	}
	m := &a.mat
	p := a.projector()
	if !p.usable {
		return
	}
	if m.showLabels {
		if m.centDirty || a.splat.filter != m.centFilter {
			a.updateCentroids()
			m.centFilter = a.splat.filter
		}
		for _, c := range m.centroids {
			if x, y, ok := p.project(c.pos[0], c.pos[1], c.pos[2]); ok {
				mat := &m.table.Materials[c.id]
				rgb := mat.RGB()
				ui.OverlayLabel(float32(x), float32(y), mat.Name, [3]float32{float32(rgb[0]) / 255, float32(rgb[1]) / 255, float32(rgb[2]) / 255})
			}
		}
	}
	if m.color.mode == colorMaterial && a.codesShown() {
		ui.OverlayLegend(a.viewRight(), 8*a.uiScale(), a.legendRows())
	}
	white := [4]float32{1, 1, 1, 0.9}
	x, y := a.win.GetCursorPos()
	switch {
	case m.tool.act == ActSelectRect:
		ui.OverlayRect(float32(m.tool.x0), float32(m.tool.y0), float32(m.tool.x1), float32(m.tool.y1), white)
	case m.tool.act == ActSelectBrush || !ui.WantMouse() && a.win.GetKey(glfw.KeyLeftShift) == glfw.Press && a.win.GetKey(glfw.KeyLeftControl) != glfw.Press:
		ui.OverlayCircle(float32(x), float32(y), m.sel.brush, white)
	}
	if i := m.picked; i >= 0 && i < m.labels.N() {
		b := a.splat.view.Buffers
		if px, py, ok := p.project(b.Positions[3*i], b.Positions[3*i+1], b.Positions[3*i+2]); ok {
			ui.OverlayCircle(float32(px), float32(py), 6, [4]float32{selectionTint[0], selectionTint[1], selectionTint[2], 1})
		}
	}
}

// legendRows lists the materials present and not hidden, for the overlay legend.
func (a *App) legendRows() []ui.LegendRow {
	m := &a.mat
	var rows []ui.LegendRow
	for id, c := range m.counts {
		if c == 0 || id < len(m.hidden) && m.hidden[id] {
			continue
		}
		mat := &m.table.Materials[id]
		rgb := mat.RGB()
		rows = append(rows, ui.LegendRow{Color: [3]float32{float32(rgb[0]) / 255, float32(rgb[1]) / 255, float32(rgb[2]) / 255}, Name: mat.Name, Count: c})
	}
	return rows
}

// viewRight is the right edge of the 3D view in window points, less a margin.
func (a *App) viewRight() float32 {
	w, _ := ui.DisplaySize()
	return w - 8*a.uiScale()
}
