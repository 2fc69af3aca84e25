package app

import (
	"fmt"
	"math"
	"sync/atomic"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/materials"
)

// selection is the set of selected Gaussians, and the 3D box tool's box.
type selection struct {
	mask     []bool // per Gaussian; nil until something is selected
	count    int
	box      bool // the selection box is drawn and edited
	min, max [3]float32
	brush    float32 // brush radius in window points
	replace  bool    // box / rectangle / material select replaces (else adds to) the selection
}

// edit is one label assignment: which Gaussians, their old ids and per-Gaussian values, and
// the new id; undo restores the old values, redo applies the new id again.
type edit struct {
	idx      []int32
	old      []int32
	oldProps [materials.NumFields][]float32 // old values where the labels carry that field
	to       int32
}

// history is the undo and redo stacks of label edits.
type history struct {
	done, undone []edit
}

// maxHistory bounds the undo stack: each edit holds its indices, and a few hundred steps back
// is more than a labelling session needs.
const maxHistory = 256

// defaultBrush is the brush radius in window points: about a fingertip on a laptop screen.
const defaultBrush = 24

// ensureSel sizes the selection mask for n Gaussians.
func (s *selection) ensure(n int) {
	if len(s.mask) != n {
		s.mask, s.count = make([]bool, n), 0
	}
}

// clear empties the selection.
func (s *selection) clear() {
	for i := range s.mask {
		s.mask[i] = false
	}
	s.count = 0
}

// recount counts the selected Gaussians.
func (s *selection) recount() {
	c := 0
	for _, v := range s.mask {
		if v {
			c++
		}
	}
	s.count = c
}

// indices lists the selected Gaussians.
func (s *selection) indices() []int {
	out := make([]int, 0, s.count)
	for i, v := range s.mask {
		if v {
			out = append(out, i)
		}
	}
	return out
}

// selectWhere sets the selection of every Gaussian for which pick is true to val (after
// clearing it first when replace); the others are untouched. It returns how many pick hit.
func (a *App) selectWhere(replace, val bool, pick func(i int) bool) int {
	m := &a.mat
	if !a.hasLabels() {
		return 0
	}
	m.sel.ensure(m.labels.N())
	if replace {
		m.sel.clear()
	}
	var hit atomic.Int64
	mask := m.sel.mask
	parallelFor(len(mask), func(from, to int) {
		h := 0
		for i := from; i < to; i++ {
			if pick(i) {
				mask[i] = val
				h++
			}
		}
		hit.Add(int64(h))
	})
	m.sel.recount()
	m.color.dirty = true
	return int(hit.Load())
}

// visible reports whether Gaussian i passes the splat filters (crop box, floaters, hidden
// materials): selections only take what is shown.
func (a *App) visible(b *gaussians.RenderBuffers, i int) bool {
	f := a.splat.filter
	if !f.Active() {
		return true
	}
	s := b.Scales[3*i : 3*i+3]
	return f.Keep([3]float32(b.Positions[3*i:3*i+3]), b.Opacities[i], max(s[0], s[1], s[2])) && !f.Mask.Hides(i)
}

// selectMaterial selects the shown Gaussians of material id.
func (a *App) selectMaterial(id int) {
	if !a.hasLabels() {
		return
	}
	b, ids := a.splat.view.Buffers, a.mat.labels.IDs
	n := a.selectWhere(a.mat.sel.replace, true, func(i int) bool { return ids[i] == int32(id) && a.visible(b, i) })
	a.setStatus(fmt.Sprintf("Selected %d Gaussians of %s", n, a.mat.table.Materials[id].Name))
}

// selectBox selects the shown Gaussians whose centres lie in the selection box.
func (a *App) selectBox() {
	if !a.hasLabels() {
		return
	}
	b := a.splat.view.Buffers
	lo, hi := a.mat.sel.min, a.mat.sel.max
	n := a.selectWhere(a.mat.sel.replace, true, func(i int) bool {
		p := b.Positions[3*i : 3*i+3]
		return p[0] >= lo[0] && p[0] <= hi[0] && p[1] >= lo[1] && p[1] <= hi[1] && p[2] >= lo[2] && p[2] <= hi[2] && a.visible(b, i)
	})
	a.setStatus(fmt.Sprintf("Selected %d Gaussians in the box", n))
}

// screenProjector maps Gaussian centres to window points through the splat frame's camera.
type screenProjector struct {
	m      mgl32.Mat4 // projection × view
	w, h   float64    // frame size in pixels
	scale  float64    // framebuffer pixels per window point
	usable bool
}

// projector returns the projector of the current view (unusable without a window).
func (a *App) projector() screenProjector {
	if a.win == nil {
		return screenProjector{}
	}
	fw, fh := a.win.GetFramebufferSize()
	ww, _ := a.win.GetSize()
	if ww <= 0 || fw <= 0 || fh <= 0 {
		return screenProjector{}
	}
	f, _ := a.splatFrame(fw, fh)
	return screenProjector{m: f.Proj.Mul4(f.View), w: float64(f.Width), h: float64(f.Height), scale: float64(fw) / float64(ww), usable: true}
}

// project returns the window point of centre p, false behind the camera.
func (s screenProjector) project(x, y, z float32) (px, py float64, ok bool) {
	m := s.m
	cw := m[3]*x + m[7]*y + m[11]*z + m[15]
	if !(cw > 0) {
		return 0, 0, false
	}
	cx := float64((m[0]*x + m[4]*y + m[8]*z + m[12]) / cw)
	cy := float64((m[1]*x + m[5]*y + m[9]*z + m[13]) / cw)
	return (cx + 1) / 2 * s.w / s.scale, (1 - cy) / 2 * s.h / s.scale, true
}

// selectScreen selects (val true) or deselects the shown Gaussians whose centres project into
// the window region inside (window points); the brush and the rectangle use it.
func (a *App) selectScreen(p screenProjector, replace, val bool, inside func(x, y float64) bool) int {
	if !a.hasLabels() || !p.usable {
		return 0
	}
	b := a.splat.view.Buffers
	return a.selectWhere(replace, val, func(i int) bool {
		x, y, ok := p.project(b.Positions[3*i], b.Positions[3*i+1], b.Positions[3*i+2])
		return ok && inside(x, y) && a.visible(b, i)
	})
}

// selectRect selects in the window rectangle spanned by two corners (points).
func (a *App) selectRect(p screenProjector, x0, y0, x1, y1 float64) int {
	lx, hx, ly, hy := math.Min(x0, x1), math.Max(x0, x1), math.Min(y0, y1), math.Max(y0, y1)
	return a.selectScreen(p, a.mat.sel.replace, true, func(x, y float64) bool { return x >= lx && x <= hx && y >= ly && y <= hy })
}

// selectBrush adds (or with remove, takes away) the Gaussians within r points of (cx, cy).
func (a *App) selectBrush(p screenProjector, cx, cy, r float64, remove bool) int {
	return a.selectScreen(p, false, !remove, func(x, y float64) bool { return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r })
}

// assign gives the selected Gaussians material id, as one undoable edit. Per-Gaussian values
// the labels carry take the new material's table values.
func (a *App) assign(id int) {
	m := &a.mat
	if !a.hasLabels() || m.sel.count == 0 {
		a.setStatus("Assign: select Gaussians first (Shift+drag brush, Ctrl+drag rectangle, box, or a material)")
		return
	}
	if id < 0 || id >= len(m.table.Materials) {
		return
	}
	e := edit{to: int32(id)}
	for _, i := range m.sel.indices() {
		e.idx = append(e.idx, int32(i))
		e.old = append(e.old, m.labels.IDs[i])
	}
	for f, p := range m.labels.Props {
		if p == nil {
			continue
		}
		e.oldProps[f] = make([]float32, len(e.idx))
		for k, i := range e.idx {
			e.oldProps[f][k] = p[i]
		}
	}
	m.applyEdit(e)
	m.hist.done = append(m.hist.done, e)
	if len(m.hist.done) > maxHistory {
		m.hist.done = m.hist.done[len(m.hist.done)-maxHistory:]
	}
	m.hist.undone = nil
	a.setStatus(fmt.Sprintf("%d Gaussians are now %s (Ctrl+Z undoes)", len(e.idx), m.table.Materials[id].Name))
}

// applyEdit sets the edit's Gaussians to its new material.
func (m *matState) applyEdit(e edit) {
	l := m.labels
	mat := &l.Table.Materials[e.to]
	for f, p := range l.Props {
		if p == nil {
			continue
		}
		v := float32(mat.Value(materials.Field(f)))
		for _, i := range e.idx {
			p[i] = v
		}
	}
	for _, i := range e.idx {
		l.IDs[i] = e.to
	}
	m.recount()
}

// undo reverts the last edit.
func (a *App) undo() {
	m := &a.mat
	if !a.hasLabels() || len(m.hist.done) == 0 {
		a.setStatus("Nothing to undo")
		return
	}
	e := m.hist.done[len(m.hist.done)-1]
	m.hist.done = m.hist.done[:len(m.hist.done)-1]
	l := m.labels
	for k, i := range e.idx {
		l.IDs[i] = e.old[k]
	}
	for f, old := range e.oldProps {
		if old != nil && l.Props[f] != nil {
			for k, i := range e.idx {
				l.Props[f][i] = old[k]
			}
		}
	}
	m.recount()
	m.hist.undone = append(m.hist.undone, e)
	a.setStatus(fmt.Sprintf("Undone: %d Gaussians back to their old materials", len(e.idx)))
}

// redo applies the last undone edit again.
func (a *App) redo() {
	m := &a.mat
	if !a.hasLabels() || len(m.hist.undone) == 0 {
		a.setStatus("Nothing to redo")
		return
	}
	e := m.hist.undone[len(m.hist.undone)-1]
	m.hist.undone = m.hist.undone[:len(m.hist.undone)-1]
	m.applyEdit(e)
	m.hist.done = append(m.hist.done, e)
	a.setStatus(fmt.Sprintf("Redone: %d Gaussians are %s", len(e.idx), m.table.Materials[e.to].Name))
}

// clearSelection empties the selection.
func (a *App) clearSelection() {
	if a.mat.sel.count > 0 {
		a.mat.sel.clear()
		a.mat.color.dirty = true
	}
}
