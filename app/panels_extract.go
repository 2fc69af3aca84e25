package app

import (
	"fmt"
	"math"

	"github.com/splatscope/splatscope/app/ui"
	"github.com/splatscope/splatscope/csp"
)

// panelExtract is the "Extract mesh" section: resolution, mode, thickness, Extract (a job
// with progress and cancel), then the preview's figures with Save… and Discard.
func (a *App) panelExtract() {
	if !ui.Header("Extract mesh", true) {
		return
	}
	x := &a.extract
	s := a.uiScale()
	ui.ItemWidth(120 * s)
	ui.Combo("N##extract", &x.res, extractResNames)
	ui.Tooltip("lattice nodes per axis")
	ui.PopItemWidth()
	ui.ItemWidth(180 * s)
	ui.Combo("Mode##extract", &x.mode, extractModeNames)
	ui.Tooltip("open: one sheet, for open and closed shapes; shell: a closed printable solid around the surface")
	ui.PopItemWidth()
	if extractModes[x.mode] == csp.ExtractShell {
		ui.ItemWidth(180 * s)
		ui.SliderFloat("Thickness (voxels)", &x.thickVox, 0.5, 16, "%.1f")
		ui.PopItemWidth()
	}
	noSource := a.field.view == nil && (a.scene == nil || a.scene.Mesh == nil)
	running := a.jobs.isRunning(x.job)
	ui.BeginDisabled(noSource || running)
	if ui.Button("Extract") {
		a.do(ActExtract)
	}
	shortcut(ActExtract)
	ui.EndDisabled()
	if noSource {
		ui.TextColored(ui.Grey, "Open a mesh or a field to extract from.")
	}
	if running {
		label := "starting"
		if x.stage != nil {
			if st := x.stage.Load(); st != nil {
				label = *st
			}
		}
		ui.ProgressBar(float32(x.job.Progress()), label)
		if ui.Button("Cancel##extract") {
			x.job.Cancel()
			x.job = nil
		}
	}
	p := x.preview
	if p == nil {
		return
	}
	ui.Separator()
	ui.TextWrapped(p.Scene.Name)
	tp := p.Topo
	if ui.BeginTable("extractfacts", 2) {
		ui.Row("triangles", fmt.Sprint(tp.Triangles))
		ui.Row("vertices", fmt.Sprint(tp.Vertices))
		warn := func(label string, n int) {
			var c *[4]float32
			if n > 0 {
				c = &ui.Yellow
			}
			ui.RowValue(label, fmt.Sprint(n), c)
		}
		warn("boundary edges", tp.BoundaryEdges)
		warn("non-manifold edges", tp.NonManifoldEdges)
		warn("edges wound both one way", tp.InconsistentEdges)
		warn("degenerate triangles", tp.DegenerateTriangles)
		ui.Row("lattice", fmt.Sprintf("%d³, voxel %.3g", p.Stats.Res, p.Stats.Voxel))
		ui.Row("took", fmt.Sprintf("%.2f s", p.Took.Seconds()))
		ui.EndTable()
	}
	if p.Stats.Warning != "" {
		ui.TextWrappedColored(ui.Yellow, p.Stats.Warning)
		if v := suggestedThickVox(p.Stats); v > 0 && ui.Button(fmt.Sprintf("Use %.1f voxels and extract again", v)) {
			x.thickVox = v
			a.do(ActExtract)
		}
	}
	if p.Mode == csp.ExtractOpen && tp.BoundaryEdges > 0 {
		ui.TextColored(ui.Grey, "Open mode keeps the shape's rims as boundary edges.")
	}
	if ui.Button("Save…##extract") {
		a.extractSaveDialog()
	}
	ui.Tooltip("STL (binary, or ASCII below), OBJ or PLY by the file's extension")
	ui.SameLine()
	if ui.Button("Discard##extract") {
		a.discardPreview()
		a.setStatus("Extracted mesh discarded")
	}
	ui.Checkbox("ASCII STL##extract", &x.ascii)
}

// drawExtractForm is the in-app save form (when there is no native dialog).
func (a *App) drawExtractForm() {
	x := &a.extract
	a.drawSaveForm("Save the extracted mesh", "File (.stl, .obj or .ply; relative to the working directory):", "##extractpath",
		&x.formOpen, &x.path, func() { ui.Checkbox("ASCII STL##form", &x.ascii) }, a.saveExtracted)
}

// suggestedThickVox is the shell thickness, in voxels, that a thin-shell warning suggests,
// rounded up to the slider's tenths and kept on it (0: none).
func suggestedThickVox(st csp.ExtractStats) float32 {
	if !(st.MinThickness > 0) || !(st.Voxel > 0) {
		return 0
	}
	v := float32(math.Ceil(float64(st.MinThickness/st.Voxel)*10) / 10)
	return min(max(v, 0.5), 16)
}
