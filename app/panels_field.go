package app

import (
	"fmt"

	"github.com/splatscope/splatscope/app/ui"
	"github.com/splatscope/splatscope/csp"
)

// Field display modes: csp's trace modes (same numbers) and the two maps against the mesh.
const (
	modeDepthError = int(csp.Residual) + 1 + iota
	modeNormalCos
)

// fieldModeNames name the display modes, csp.TraceMode first.
var fieldModeNames = []string{
	csp.Shaded.String(), csp.Normals.String(), csp.MeanCurvature.String(), csp.GaussianCurvature.String(),
	"steps heat map", "residual u", "depth error vs mesh", "normal cosine vs mesh",
}

// panelField is the "CSP field" section: bake, show, display mode and tracing knobs.
func (a *App) panelField() {
	if !ui.Header("CSP field", true) {
		return
	}
	f := &a.field
	s := a.uiScale()
	ui.ItemWidth(120 * s)
	ui.Combo("N", &f.res, fieldResNames)
	ui.Tooltip("grid nodes per axis of the baked field")
	ui.PopItemWidth()
	ui.SameLine()
	ui.BeginDisabled(a.scene == nil || a.scene.Mesh == nil)
	if ui.Button("Bake field") {
		a.do(ActBakeField)
	}
	shortcut(ActBakeField)
	ui.EndDisabled()

	v := f.view
	if v == nil {
		ui.TextColored(ui.Grey, "No field: bake the mesh, or open a .npy grid or a .pt/.pth/.safetensors network.")
		return
	}
	ui.TextWrapped(v.Name)
	ui.TextColored(ui.Grey, v.Kind)
	if v.Note != "" {
		ui.TextWrapped(v.Note)
	}
	g := v.Grid
	ui.TextColored(ui.Grey, fmt.Sprintf("%d×%d×%d nodes, voxel %.3g", g.Dims[0], g.Dims[1], g.Dims[2], g.Spacing))

	if a.scene != nil {
		ui.ItemWidth(160 * s)
		ui.Combo("Show", &f.show, showNames)
		shortcut(ActFieldShow)
		ui.PopItemWidth()
		ui.BeginDisabled(f.show != showBoth)
		if ui.Checkbox("Beside the mesh (else over it)", &f.beside) {
			a.frameAll()
		}
		ui.EndDisabled()
	}
	ui.ItemWidth(180 * s)
	ui.Combo("Mode", &f.mode, fieldModeNames)
	shortcut(ActFieldMode)
	ui.SliderLog("Epsilon (voxels)", &f.epsVox, 0.05, 2, "%.2f")
	ui.Tooltip("the march stops where the distance u drops below ε")
	ui.SliderInt("Max steps", &f.maxSteps, 8, 1024)
	if f.mode == int(csp.MeanCurvature) || f.mode == int(csp.GaussianCurvature) {
		auto := a.autoCurvRange()
		if f.curvRange <= 0 {
			f.curvRange = auto
		}
		ui.SliderLog("Curvature range", &f.curvRange, auto/50, auto*50, "%.3g")
		ui.Tooltip("curvature (1/length) at the colour map's ends")
	}
	if f.mode == modeDepthError {
		ui.SliderLog("Error range", &f.errRange, 1e-4, 0.2, "%.4f")
		ui.Tooltip("depth error at the top of the colour map, as a fraction of the box diagonal")
	}
	ui.PopItemWidth()
	a.fieldColorBar()
	a.panelErrorMap()
	a.panelSlice()
	if ui.Button("Save field…") {
		a.saveFieldDialog()
	}
	ui.Tooltip("write the baked grid as .npy (float32, N×N×N×3) with a JSON sidecar")
}

// autoCurvRange is the curvature range the tracer picks by default: 8 / box diagonal.
func (a *App) autoCurvRange() float32 {
	v := a.field.view
	if v == nil {
		return 1
	}
	return csp.TraceOptions{}.Resolved(v.Grid).CurvatureRange
}

// fieldColorBar draws the colour map of the modes that have one, with its range.
func (a *App) fieldColorBar() {
	f := &a.field
	h := 14 * a.uiScale() // points: a readable band that leaves room in the panel
	heat := func(t float32) [3]float32 { return [3]float32(csp.Heat(t)) }
	div := func(t float32) [3]float32 { return [3]float32(csp.Diverging(2*t - 1)) }
	o := a.fieldStyle().Options().Resolved(f.view.Grid)
	switch f.mode {
	case int(csp.MeanCurvature):
		r := o.CurvatureRange
		ui.ColorBar(div, h, fmt.Sprintf("H −%.3g", r), "0", fmt.Sprintf("+%.3g", r))
	case int(csp.GaussianCurvature):
		r := o.CurvatureRange * o.CurvatureRange
		ui.ColorBar(div, h, fmt.Sprintf("K −%.3g", r), "0", fmt.Sprintf("+%.3g", r))
	case int(csp.Steps):
		ui.ColorBar(heat, h, "1 step", "(log scale)", fmt.Sprintf("%d", o.MaxSteps))
	case int(csp.Residual):
		ui.ColorBar(heat, h, "u = 0", "", fmt.Sprintf("ε = %.3g", o.Epsilon))
	case modeDepthError:
		ui.ColorBar(heat, h, "0", "|Δdepth| / diagonal", fmt.Sprintf("%.2g", f.errRange))
	case modeNormalCos:
		ui.ColorBar(heat, h, fmt.Sprintf("cos %.2f", normalCosLow), "n_field·n_mesh", "1")
	}
}

// normalCosLow is the normal cosine at the bottom of its colour map: 0.9 is about 26°, where
// a baked field's normals are clearly wrong; agreement within a degree or two shows near 1.
const normalCosLow = 0.9
