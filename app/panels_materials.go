package app

import (
	"fmt"
	"strings"

	"github.com/splatscope/splatscope/app/ui"
	"github.com/splatscope/splatscope/csp"
	"github.com/splatscope/splatscope/materials"
)

// panelMaterials is the materials part of the side panel (issue 7): loading, colour coding
// with legend or colour bar, the picked Gaussian, selection and editing, the table, saving and
// the grasp estimate. It shows nothing without a splat scene.
func (a *App) panelMaterials() {
	if a.splat.view == nil || !ui.Header("Materials", true) {
		return
	}
	m := &a.mat
	if m.msg != "" {
		if m.msgErr {
			ui.TextColored(ui.Red, m.msg)
		} else {
			ui.TextColored(ui.Grey, m.msg)
		}
	}
	a.panelLabelLoad()
	if !a.hasLabels() {
		return
	}
	s := a.uiScale()
	ui.ItemWidth(190 * s)
	mode := int(m.color.mode)
	if ui.Combo("colour", &mode, colorModeNames) {
		a.setColorMode(colorMode(mode))
	}
	shortcut(ActMatColor)
	ui.PopItemWidth()
	ui.Checkbox("Floating labels", &m.showLabels)
	shortcut(ActMatLabels)
	if m.color.mode >= colorDensity {
		if m.color.note != "" {
			ui.TextColored(ui.Yellow, m.color.note)
		} else {
			l, mid, r := m.color.colorBarLabels()
			ui.ColorBar(func(t float32) [3]float32 { return [3]float32(csp.Heat(t)) }, 14*s, l, mid, r)
		}
	}
	a.panelLegend()
	a.panelPicked()
	a.panelSelection()
	a.panelTable()
	a.panelGrasp()
}

// panelLabelLoad loads labels from .npy arrays, an id map and a table, by path.
func (a *App) panelLabelLoad() {
	f := &a.mat.form
	open := !a.hasLabels()
	if !ui.Header("Load labels…", open) {
		return
	}
	ui.ItemWidth(-1)
	ui.InputText("##npy", &f.npy)
	ui.Tooltip("material ids: X.npy (X_confidence.npy, X_density.npy, … and X_names.json beside it are read too)")
	ui.InputText("##idmap", &f.idMap)
	ui.Tooltip("optional id → name map (JSON or CSV); empty: X_names.json beside the ids, else table order")
	ui.InputText("##table", &f.table)
	ui.Tooltip("optional materials table (JSON); empty: the built-in table")
	ui.PopItemWidth()
	if ui.Button("Load labels") {
		files := materials.NPYFilesFor(strings.TrimSpace(f.npy))
		if p := strings.TrimSpace(f.idMap); p != "" {
			files.IDMap = p
		}
		a.loadNPYLabels(files, strings.TrimSpace(f.table))
	}
	ui.TextColored(ui.Grey, "Fields: ids .npy, id map, table")
}

// panelLegend lists the materials present: swatch, name, count, hide and isolate.
func (a *App) panelLegend() {
	m := &a.mat
	if !ui.BeginTable("legend", 4) {
		return
	}
	for id, c := range m.counts {
		if c == 0 {
			continue
		}
		mat := &m.table.Materials[id]
		rgb := mat.RGB()
		ui.TableNextRow()
		ui.Swatch(fmt.Sprintf("##sw%d", id), [3]float32{float32(rgb[0]) / 255, float32(rgb[1]) / 255, float32(rgb[2]) / 255})
		ui.SameLine()
		ui.Text(mat.Name)
		ui.TableNextColumn()
		ui.Text(fmt.Sprint(c))
		ui.TableNextColumn()
		shown := !m.hidden[id]
		if ui.Checkbox(fmt.Sprintf("##show%d", id), &shown) {
			a.setHidden(id, !shown)
		}
		ui.Tooltip("show / hide " + mat.Name)
		ui.TableNextColumn()
		if ui.Button(fmt.Sprintf("only##iso%d", id)) {
			a.isolate(id)
		}
		ui.Tooltip("isolate " + mat.Name + " (again: show all)")
		ui.SameLine()
		if ui.Button(fmt.Sprintf("sel##sel%d", id)) {
			a.selectMaterial(id)
		}
		ui.Tooltip("select the shown Gaussians of " + mat.Name)
	}
	ui.EndTable()
}

// panelPicked shows the material and properties of the double-clicked Gaussian.
func (a *App) panelPicked() {
	m := &a.mat
	i := m.picked
	if i < 0 || i >= m.labels.N() {
		ui.TextColored(ui.Grey, "Double-click a splat: its material and properties")
		return
	}
	mat := m.labels.Material(i)
	ui.Textf("Gaussian %d: %s (%s)", i, mat.Name, mat.Model)
	if ui.BeginTable("picked", 2) {
		for f := materials.Field(0); f < materials.NumFields; f++ {
			own := ""
			if m.labels.Props[f] != nil {
				own = " (own)"
			}
			ui.RowValue(materials.FieldNames[f]+own, fmt.Sprintf("%.4g", m.labels.Value(i, f)), nil)
		}
		ui.RowValue("yield_stress", fmt.Sprintf("%.4g", mat.YieldStress), nil)
		if m.labels.Confidence != nil {
			ui.RowValue("confidence", fmt.Sprintf("%.2f", m.labels.Confidence[i]), nil)
		}
		ui.EndTable()
	}
}

// panelSelection selects (box, brush, rectangle, by material), assigns, undoes and saves.
func (a *App) panelSelection() {
	m := &a.mat
	if !ui.Header("Select and edit", true) {
		return
	}
	s := a.uiScale()
	v := a.splat.view
	ui.Textf("%d selected", m.sel.count)
	ui.SameLine()
	if ui.Button("Clear##sel") {
		a.do(ActClearSelection)
	}
	shortcut(ActClearSelection)
	ui.Checkbox("replace (else add to) the selection", &m.sel.replace)
	ui.TextColored(ui.Grey, binding(ActSelectBrush).Label()+": brush, "+binding(ActSelectRect).Label()+": rectangle")
	ui.ItemWidth(160 * s)
	ui.SliderFloat("brush radius (pt)", &m.sel.brush, 2, 200, "%.0f")
	ui.PopItemWidth()
	if ui.Checkbox("Selection box", &m.sel.box) && m.sel.box && m.sel.min == m.sel.max {
		m.sel.min, m.sel.max = v.RLo, v.RHi
	}
	if m.sel.box {
		ui.ItemWidth(120 * s)
		for k, axis := range []string{"x", "y", "z"} {
			ui.SliderFloat("##smin"+axis, &m.sel.min[k], v.Lo[k], v.Hi[k], "%.3g")
			ui.SameLine()
			ui.SliderFloat(axis+"##smax"+axis, &m.sel.max[k], v.Lo[k], v.Hi[k], "%.3g")
			if m.sel.min[k] > m.sel.max[k] {
				m.sel.min[k], m.sel.max[k] = m.sel.max[k], m.sel.min[k]
			}
		}
		ui.PopItemWidth()
		if ui.Button("Select in box") {
			a.selectBox()
		}
	}
	names := make([]string, len(m.table.Materials))
	for i := range names {
		names[i] = m.table.Materials[i].Name
	}
	ui.ItemWidth(140 * s)
	ui.Combo("##assign", &m.form.assign, names)
	ui.PopItemWidth()
	ui.SameLine()
	ui.BeginDisabled(m.sel.count == 0)
	if ui.Button("Assign") {
		a.assign(m.form.assign)
	}
	ui.EndDisabled()
	ui.BeginDisabled(len(m.hist.done) == 0)
	if ui.Button(fmt.Sprintf("Undo (%d)", len(m.hist.done))) {
		a.do(ActUndo)
	}
	shortcut(ActUndo)
	ui.EndDisabled()
	ui.SameLine()
	ui.BeginDisabled(len(m.hist.undone) == 0)
	if ui.Button(fmt.Sprintf("Redo (%d)", len(m.hist.undone))) {
		a.do(ActRedo)
	}
	shortcut(ActRedo)
	ui.EndDisabled()
	ui.ItemWidth(-1)
	ui.InputText("##savelabels", &m.form.save)
	ui.PopItemWidth()
	if ui.Button("Save labels") {
		a.saveLabels(m.form.save)
	}
	ui.Tooltip(".ply: the scene with a material_id property; .npy: the id array (+ X_names.json); written atomically")
}

// panelTable edits the materials table: Enter applies a value, invalid ones are refused.
func (a *App) panelTable() {
	m := &a.mat
	if !ui.Header("Materials table", false) {
		return
	}
	ui.TextColored(ui.Grey, "Enter applies; negative, NaN or ν > 0.5 are refused")
	if !ui.BeginTable("mattable", 1+len(tableFields)) {
		return
	}
	head := []string{"material"}
	for _, f := range tableFields {
		h := f.name
		if f.unit != "" {
			h += " " + f.unit
		}
		head = append(head, h)
	}
	ui.Row(head...)
	for id := range m.table.Materials {
		if id >= len(m.counts) || m.counts[id] == 0 {
			continue
		}
		mat := &m.table.Materials[id]
		ui.TableNextRow()
		ui.Text(mat.Name)
		for col, f := range tableFields {
			ui.TableNextColumn()
			val := f.get(mat)
			ui.ItemWidth(-1)
			if ui.InputNumber(fmt.Sprintf("##t%d_%d", id, col), &val) {
				a.setTableValue(id, col, val)
			}
			ui.PopItemWidth()
		}
	}
	ui.EndTable()
	ui.ItemWidth(-1)
	ui.InputText("##tablepath", &m.form.table)
	ui.PopItemWidth()
	if ui.Button("Save table") {
		if p := strings.TrimSpace(m.form.table); p != "" {
			a.saveTable(p)
		} else {
			a.matError(fmt.Errorf("save table: type a .json path above"))
		}
	}
}

// panelGrasp shows the grasp estimate of the selection with its inputs.
func (a *App) panelGrasp() {
	g := &a.mat.grasp
	if !ui.Header("Grasp estimate", false) {
		return
	}
	s := a.uiScale()
	ui.ItemWidth(140 * s)
	ui.SliderFloat("pad area A (mm²)", &g.areaMM2, 1, 1000, "%.0f")
	ui.SliderFloat("κ_max (1/m)", &g.kappa, 0.01, 5, "%.2f")
	ui.SliderFloat("θ (°)", &g.thetaDeg, 0, 89, "%.0f")
	ui.SliderLog("metres per unit", &g.metres, 1e-3, 100, "%.3g")
	ui.PopItemWidth()
	ui.Checkbox("volume from 1σ ellipsoids (else voxels)", &g.ellipsoid)
	ui.BeginDisabled(a.mat.sel.count == 0)
	if ui.Button("Estimate for the selection") {
		a.estimateGrasp()
	}
	ui.EndDisabled()
	if g.err != "" {
		ui.TextColored(ui.Red, g.err)
	}
	if g.result != nil {
		if g.stale {
			ui.TextColored(ui.Yellow, "(inputs changed since: estimate again)")
		}
		for _, line := range graspLines(g.result) {
			ui.TextWrapped(line)
		}
		for _, n := range g.result.Notes {
			ui.TextColored(ui.Grey, n)
		}
	}
}
