package app

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/splatscope/splatscope/app/ui"
	"github.com/splatscope/splatscope/render"
)

var shDegreeNames = []string{"0 (flat colour)", "1", "2", "3"}

// panelSplat is the splat scene's part of the side panel: facts, drawing, filters, training
// cameras and the camera path. It shows nothing without a splat scene.
func (a *App) panelSplat() {
	v := a.splat.view
	if v == nil || !ui.Header("Splats", true) {
		return
	}
	s := a.uiScale()
	ui.TextWrapped(v.Name)
	if ui.BeginTable("splatinfo", 2) {
		ui.RowValue("Gaussians", fmt.Sprint(v.N), nil)
		if v.Pass != nil {
			ui.RowValue("drawn (sorted, filtered)", fmt.Sprint(v.Pass.Count()), nil)
			if p, ok := v.Pass.(*render.SplatPass); ok && p.Loading() {
				ui.RowValue("uploading to the GPU", fmt.Sprintf("%.0f%%", 100*float64(p.Uploaded)/float64(max(v.N, 1))), nil)
			}
		}
		ui.RowValue("SH degree", fmt.Sprint(v.SHDegree), nil)
		ui.RowValue("format", v.Format, nil)
		ui.RowValue("file size", humanSize(v.Bytes), nil)
		extra := "none"
		if len(v.Extra) > 0 {
			extra = strings.Join(v.Extra, " ")
		}
		ui.RowValue("extra properties", extra, nil)
		if v.Dropped > 0 {
			ui.RowValue("dropped (NaN/Inf)", fmt.Sprint(v.Dropped), &ui.Yellow)
		}
		if v.sorter != nil {
			took, kept := v.sorter.Stats()
			ui.RowValue("depth sort", fmt.Sprintf("%.1f ms", float64(took.Microseconds())/1000), nil)
			if a.splat.filter.Active() {
				ui.RowValue("kept by filters", fmt.Sprint(kept), nil)
			}
		}
		ui.RowValue("load time", fmt.Sprintf("%.2f s", v.Took.Seconds()), nil)
		ui.EndTable()
	}
	ui.Textf("x %.3g … %.3g", v.Lo[0], v.Hi[0])
	ui.Textf("y %.3g … %.3g", v.Lo[1], v.Hi[1])
	ui.Textf("z %.3g … %.3g", v.Lo[2], v.Hi[2])
	ui.ItemWidth(140 * s)
	ui.Combo("SH degree drawn", &a.splat.shDegree, shDegreeNames)
	ui.PopItemWidth()
	if ui.Button("Level horizon") {
		a.do(ActLevel)
	}
	shortcut(ActLevel)
	ui.SameLine()
	if ui.Button("Save scene as…") {
		a.do(ActSaveSplat)
	}
	shortcut(ActSaveSplat)
	ui.TextColored(ui.Grey, "Double-click a splat: orbit around it")
	a.panelSplatFilter()
	a.panelCameras()
	a.panelPath()
}

// panelSplatFilter edits the crop box and the floater filters; they apply live (the sorter
// leaves hidden Gaussians out) and to "Save scene as".
func (a *App) panelSplatFilter() {
	v := a.splat.view
	if !ui.Header("Crop and filters", false) {
		return
	}
	f := &a.splat.filter
	s := a.uiScale()
	ui.Checkbox("Crop box", &f.Box)
	ui.SameLine()
	ui.Checkbox("draw it", &a.splat.showBox)
	ui.BeginDisabled(!f.Box)
	ui.ItemWidth(120 * s)
	for k, axis := range []string{"x", "y", "z"} {
		ui.SliderFloat("##min"+axis, &f.Min[k], v.Lo[k], v.Hi[k], "%.3g")
		ui.SameLine()
		ui.SliderFloat(axis+"##max"+axis, &f.Max[k], v.Lo[k], v.Hi[k], "%.3g")
		if f.Min[k] > f.Max[k] {
			f.Min[k], f.Max[k] = f.Max[k], f.Min[k]
		}
	}
	ui.PopItemWidth()
	if ui.Button("Fit to the robust box (1–99%)") {
		f.Min, f.Max = v.RLo, v.RHi
	}
	ui.EndDisabled()
	ui.ItemWidth(160 * s)
	ui.SliderFloat("min opacity", &f.MinOpacity, 0, 1, "%.2f")
	ui.Tooltip("Hide Gaussians fainter than this (0: off)")
	diag := a.sceneDiagonal()
	// Log slider from a ten-thousandth of the scene to its size; 0 (the far left) is off.
	lo := diag * 1e-4
	ms := max(f.MaxScale, lo)
	if ui.SliderLog("max scale", &ms, lo, diag, "%.3g") {
		f.MaxScale = ms
		if ms <= lo {
			f.MaxScale = 0
		}
	}
	ui.Tooltip("Hide Gaussians whose largest axis (σ) is larger than this: big floaters (far left: off)")
	ui.PopItemWidth()
	if ui.Button("Reset filters") {
		*f = defaultSplatFilter(v)
	}
}

// panelCameras lists the training cameras and steps through them.
func (a *App) panelCameras() {
	cs := &a.splat.cams
	if !ui.Header("Training cameras", false) {
		return
	}
	switch {
	case cs.err != nil:
		ui.TextWrapped(oneLine(cs.err))
		return
	case len(cs.list) == 0:
		ui.TextColored(ui.Grey, "No cameras.json beside the scene or up to two folders above it.")
		return
	}
	ui.TextWrapped(fmt.Sprintf("%d cameras from %s", len(cs.list), filepath.Base(filepath.Dir(cs.path))+"/"+filepath.Base(cs.path)))
	ui.Checkbox("Show frusta", &cs.show)
	shortcut(ActFrusta)
	if ui.Button("Previous") {
		a.do(ActPrevCamera)
	}
	shortcut(ActPrevCamera)
	ui.SameLine()
	if ui.Button("Next") {
		a.do(ActNextCamera)
	}
	shortcut(ActNextCamera)
	k := max(cs.current, 0) + 1
	ui.ItemWidth(160 * a.uiScale())
	if ui.SliderInt("camera", &k, 1, len(cs.list)) {
		a.jumpToCamera(k - 1)
	}
	ui.PopItemWidth()
	if cs.current >= 0 {
		ui.TextColored(ui.Grey, cs.list[cs.current].ImgName)
	}
}

// panelPath records, plays, saves and renders the camera path.
func (a *App) panelPath() {
	ps := &a.splat.path
	if !ui.Header("Camera path", false) {
		return
	}
	s := a.uiScale()
	ui.Textf("%d keyframes, %.1f s", len(ps.path.Keys), ps.path.Duration())
	if ui.Button("Add keyframe") {
		a.do(ActAddKeyframe)
	}
	shortcut(ActAddKeyframe)
	ui.SameLine()
	label := "Play"
	if ps.playing {
		label = "Stop"
	}
	if ui.Button(label) {
		a.do(ActPlayPath)
	}
	shortcut(ActPlayPath)
	ui.SameLine()
	if ui.Button("Clear") {
		a.clearPath()
	}
	ui.Checkbox("Loop", &ps.loop)
	ui.SameLine()
	ui.Checkbox("Draw path", &ps.show)
	timing := 1
	if ps.path.EvenSpeed {
		timing = 0
	}
	if ui.RadioButton("even speed", &timing, 0) || ui.RadioButton("key times", &timing, 1) {
		ps.path.EvenSpeed, ps.player = timing == 0, nil
	}
	ui.ItemWidth(160 * s)
	if ps.path.EvenSpeed {
		d := a.sceneDiagonal()
		if ui.SliderLog("speed (units/s)", &ps.path.Speed, d/100, d, "%.3g") {
			ps.speedSet, ps.player = true, nil
		}
	} else {
		ui.SliderFloat("s between new keys", &ps.keyGap, 0.25, 10, "%.2f")
	}
	ui.PopItemWidth()
	ui.ItemWidth(200 * s)
	ui.InputText("##pathfile", &ps.file)
	ui.PopItemWidth()
	ui.SameLine()
	if ui.Button("Save##path") {
		a.savePath(ps.file)
	}
	ui.SameLine()
	if ui.Button("Load##path") {
		a.loadPath(ps.file)
	}
	a.panelPathRender()
}

// panelPathRender chooses the size, rate and output of a path render and starts it.
func (a *App) panelPathRender() {
	r := &a.splat.path.render
	s := a.uiScale()
	ui.Separator()
	ui.Text("Render the path")
	ui.ItemWidth(160 * s)
	ui.SliderInt("width", &r.w, 64, 3840)
	ui.SliderInt("height", &r.h, 64, 2160)
	ui.SliderInt("fps", &r.fps, 1, 120)
	ui.PopItemWidth()
	frameOutputUI("", &r.mp4, &r.out, func(mp4 bool) string { return defaultRenderOut(a.splat.view, mp4) })
	ui.BeginDisabled(r.active() || len(a.splat.path.path.Keys) < 2)
	if ui.Button("Render") {
		a.startPathRender()
	}
	ui.EndDisabled()
	if r.active() {
		ui.SameLine()
		ui.Textf("frame %d of %d", r.next, r.total)
	}
}
