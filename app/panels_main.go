package app

import (
	"fmt"
	"time"

	"github.com/splatscope/splatscope/app/ui"
	"github.com/splatscope/splatscope/camera"
	"github.com/splatscope/splatscope/render"
)

// Panel widths in points at UI scale 1: wide enough for "non-manifold edges  123456" and the
// combo boxes without wrapping.
const panelWidth = 330

// uiScale is the UI scale factor (1 without a platform, as in tests).
func (a *App) uiScale() float32 {
	if a.plat == nil {
		return 1
	}
	return a.plat.Scale()
}

// drawPanels builds this frame's UI.
func (a *App) drawPanels() {
	a.drawStatus()
	if a.showHelp {
		a.drawHelp()
	}
	a.drawBrowser()
	a.drawExportForm()
	a.drawFieldSaveForm()
	a.drawSplatSaveForm()
	a.drawExtractForm()
	a.drawMaterialOverlay()
	if a.hidePanels {
		return
	}
	_, h := ui.DisplaySize()
	ui.SetNextWindow(0, 0, panelWidth*a.uiScale(), h-a.statusHeight())
	if ui.Begin("Splatscope", nil, ui.Fixed) {
		a.panelFile()
		a.panelJobs()
		a.panelView()
		a.panelShapeNet()
		a.panelAppearance() // first when a bundle is open: it is what the user came for
		a.panelField()
		a.panelExtract()
		a.panelSplat()
		a.panelDemos()
		a.panelMaterials()
		a.panelMPM()
		a.panelMesh()
		a.panelStats()
		ui.Spacing()
		ui.TextColored(ui.Grey, binding(ActHelp).Label()+": help and shortcuts")
	}
	ui.End()
}

// shortcut is the tooltip naming an action's keys.
func shortcut(act Action) {
	ui.Tooltip("Shortcut: " + binding(act).Label())
}

func (a *App) panelFile() {
	if !ui.Header("File", true) {
		return
	}
	if ui.Button("Open…") {
		a.do(ActOpen)
	}
	shortcut(ActOpen)
	ui.SameLine()
	if ui.Button("Export STL…") {
		a.do(ActExport)
	}
	shortcut(ActExport)
	ui.SameLine()
	if ui.Button("Screenshot") {
		a.do(ActScreenshot)
	}
	shortcut(ActScreenshot)
	ui.Checkbox("ASCII STL (default binary)", &a.export.ascii)
}

func (a *App) panelJobs() {
	for i, j := range a.jobs.Running() {
		ui.Text(j.Name + "…")
		ui.ProgressBar(float32(j.Progress()), fmt.Sprintf("%.0f%%", 100*j.Progress()))
		if ui.Button(fmt.Sprintf("Cancel##job%d", i)) {
			j.Cancel()
			a.setStatus("Cancelled: " + j.Name)
		}
		shortcut(ActCancelJob)
	}
}

var (
	shadingNames = []string{"Smooth", "Flat"}
	cameraNames  = []string{"Orbit", "Fly"}
	upNames      = []string{camera.YUp.String(), camera.ZUp.String(), camera.NegYUp.String(), camera.NegZUp.String()}
)

func (a *App) panelView() {
	if !ui.Header("View", true) {
		return
	}
	s := a.uiScale()
	ui.ItemWidth(140 * s)
	sh := int(a.style.Shading)
	if ui.Combo("Shading", &sh, shadingNames) {
		a.style.Shading = render.Shading(sh)
	}
	shortcut(ActShading)
	up := int(a.orbit.Up)
	if ui.Combo("Up axis", &up, upNames) {
		a.setUp(camera.UpAxis(up))
	}
	ui.Tooltip(binding(ActUpAxis).Label() + ": Y/Z up, " + binding(ActFlipUp).Label() + ": flip")
	mode := 0
	if a.flyMode {
		mode = 1
	}
	if ui.Combo("Camera", &mode, cameraNames) && (mode == 1) != a.flyMode {
		a.toggleCamera()
	}
	shortcut(ActToggleCamera)
	ui.PopItemWidth()
	check := func(label string, v *bool, act Action) {
		ui.Checkbox(label, v)
		shortcut(act)
	}
	check("Wireframe", &a.style.Wireframe, ActWireframe)
	ui.SameLine()
	check("Boundary edges", &a.style.Boundary, ActBoundary)
	check("Bounding box", &a.style.BBox, ActBBox)
	ui.SameLine()
	check("Axes", &a.style.Axes, ActAxes)
	check("Textures", &a.style.Textures, ActTextures)
	ui.ItemWidth(180 * s)
	ui.ColorEdit3("Background", &a.bg)
	ui.PopItemWidth()
	if ui.Button("Frame all") {
		a.do(ActFrameAll)
	}
	shortcut(ActFrameAll)
}

func (a *App) panelMesh() {
	if !ui.Header("Mesh", true) {
		return
	}
	if a.scene == nil {
		ui.TextColored(ui.Grey, "No mesh open.")
		return
	}
	in := a.scene.Info
	ui.TextWrapped(a.scene.Name)
	if ui.BeginTable("meshinfo", 2) {
		row := func(k string, v int, warn bool) {
			var c *[4]float32
			if warn && v > 0 {
				c = &ui.Yellow
			}
			ui.RowValue(k, fmt.Sprint(v), c)
		}
		row("vertices", in.Vertices, false)
		row("triangles", in.Triangles, false)
		row("materials", in.Materials, false)
		row("textures found", in.TexturesFound, false)
		row("textures missing", len(in.TexturesMissing), true)
		row("boundary edges", in.BoundaryEdges, false)
		row("non-manifold edges", in.NonManifoldEdges, true)
		row("reversed twins", in.ReversedTwins, false)
		row("duplicate triangles", in.DuplicateTriangles, true)
		row("degenerate triangles", in.DegenerateTriangles, true)
		row("parts", in.Parts, false)
		row("warnings", len(in.Warnings), true)
		ui.EndTable()
	}
	size := [3]float32{in.BBoxMax[0] - in.BBoxMin[0], in.BBoxMax[1] - in.BBoxMin[1], in.BBoxMax[2] - in.BBoxMin[2]}
	ui.Textf("size %.3g × %.3g × %.3g", size[0], size[1], size[2])
	for _, t := range in.TexturesMissing {
		ui.TextColored(ui.Yellow, "missing texture: "+t)
	}
	for i, w := range in.Warnings {
		if i == 3 { // a long list would push the rest of the panel away; the CLI prints them all
			ui.TextColored(ui.Grey, fmt.Sprintf("… %d more warnings (splatscope info)", len(in.Warnings)-3))
			break
		}
		ui.TextColored(ui.Yellow, w)
	}
}

func (a *App) panelStats() {
	if !ui.Header("Performance", false) {
		return
	}
	ms := a.stats.mean()
	fps := 0.0
	if ms > 0 {
		fps = 1000 / ms
	}
	ui.Textf("frame %.2f ms   %.0f FPS", ms, fps)
	if a.glInfo.Renderer != "" {
		ui.TextWrapped(fmt.Sprintf("GL %s, %s", a.glInfo.Version, a.glInfo.Renderer))
	}
}

// frameStats averages the frame time over the last frames.
type frameStats struct {
	times [60]time.Duration // one second at 60 Hz: steady, yet follows changes quickly
	n, i  int
}

func (f *frameStats) add(d time.Duration) {
	f.times[f.i] = d
	f.i = (f.i + 1) % len(f.times)
	if f.n < len(f.times) {
		f.n++
	}
}

// mean is the average frame time in milliseconds.
func (f *frameStats) mean() float64 {
	if f.n == 0 {
		return 0
	}
	var sum time.Duration
	for _, d := range f.times[:f.n] {
		sum += d
	}
	return float64(sum.Microseconds()) / 1000 / float64(f.n)
}
