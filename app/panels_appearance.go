package app

import (
	"fmt"

	"github.com/splatscope/splatscope/app/ui"
	"github.com/splatscope/splatscope/render"
)

// panelDemos offers the embedded demo scenes.
func (a *App) panelDemos() {
	if !ui.Header("Demo scenes", false) {
		return
	}
	if ui.Button("Utah teapot") {
		a.openDemo()
	}
	ui.Tooltip("The embedded teapot mesh with its CSP field (the default demo)")
	ui.SameLine()
	if ui.Button("House: day, sunset, night") {
		a.openDemoAppearance()
	}
	ui.Tooltip("A synthetic splat scene with three appearances from a hand-made Wild-GS model (splatscope demo appearance)")
	if ui.Button("Physics: jelly, metal bar, sand") {
		a.openPhysicsDemo()
	}
	ui.Tooltip("A labelled synthetic splat scene for the MPM physics preview (F5 plays)")
}

// appearanceListThumbs is the most photos listed with a thumbnail on every row; longer lists
// show names only (clipped, so thousands of photos cost nothing) and the chosen photo's picture.
const appearanceListThumbs = 64

// panelAppearance lists the bundle's photos, recolours the scene for the one chosen, blends two,
// and switches to the base colours. It shows nothing without a bundle.
func (a *App) panelAppearance() {
	ap := &a.appear
	if ap.bundle == nil || ap.view != a.splat.view || !ui.Header("Appearance (per photo)", true) {
		return
	}
	s := a.uiScale()
	b := ap.bundle
	if ap.demo {
		ui.TextColored(ui.Yellow, "Synthetic: a hand-made model")
		ui.Tooltip("The demo's three appearances come from a Wild-GS model built by code, not trained on photos")
	}
	ui.TextWrapped(b.String())
	ui.TextWrapped("Showing: " + ap.shown)
	base := ap.showBase
	if ui.Checkbox("Base colours", &base) {
		a.toggleBaseColours()
	}
	shortcut(ActBaseColours)
	ui.Tooltip("The scene's own colours, without any photo's appearance (" + binding(ActBaseColours).Label() + ")")
	ui.Checkbox("Move camera to photo", &ap.moveCamera)
	ui.Tooltip("Choosing a photo also puts the camera at that photo's view (pose and field of view)")
	compute := a.win != nil && render.ComputeSupported()
	ui.BeginDisabled(!compute)
	ui.Checkbox("GPU (compute shader)", &ap.useGPU)
	ui.EndDisabled()
	switch {
	case !compute:
		ui.Tooltip("Needs OpenGL 4.3; recolouring runs on all CPU cores")
	case ap.gpuErr != nil:
		ui.Tooltip("Using the CPU: " + oneLine(ap.gpuErr))
	default:
		ui.Tooltip("Recolour with a GL compute shader instead of the CPU (software GL: slower than the CPU)")
	}
	ui.Textf("%d photos", len(b.Photos))
	if ui.Button("Previous photo") {
		a.do(ActPrevPhoto)
	}
	shortcut(ActPrevPhoto)
	ui.SameLine()
	if ui.Button("Next photo") {
		a.do(ActNextPhoto)
	}
	shortcut(ActNextPhoto)
	thumbH := 40 * s // a row's thumbnail height: recognisable, a few rows in view
	rows := len(b.Photos) <= appearanceListThumbs
	rowH := float32(0)
	if rows && hasThumbs(ap.thumbs) {
		rowH = thumbH + 4*s // the image plus item spacing
	}
	if !rows && !ap.showBase && ap.photoA < len(ap.thumbs) {
		if t := ap.thumbs[ap.photoA]; t != nil {
			w := min(float32(t.W), 300*s)
			ui.Image(t.ID, w, w*float32(t.H)/float32(t.W))
		}
	}
	// The list is as tall as its rows, up to 6 (then it scrolls): short lists waste no room.
	listH := float32(min(len(b.Photos), 6))*max(ui.LineHeight(), rowH) + 12*s
	if ui.BeginChild("photos", listH) {
		row := func(i int) {
			p := b.Photos[i]
			if rows && i < len(ap.thumbs) && ap.thumbs[i] != nil {
				t := ap.thumbs[i]
				ui.Image(t.ID, thumbH*float32(t.W)/float32(t.H), thumbH)
				ui.ImageTooltip(t.ID, float32(t.W), float32(t.H))
				ui.SameLine()
			}
			label := fmt.Sprintf("%d  %s##photo%d", i+1, p.Name, i)
			if c, _ := ui.Selectable(label, !ap.showBase && ap.blendT == 0 && ap.photoA == i); c {
				a.choosePhoto(i)
			}
			ui.Tooltip(fmt.Sprintf("%s: %d×%d, fx %.0f", p.Name, p.Width, p.Height, p.Camera.Fx))
		}
		if rows {
			for i := range b.Photos {
				row(i)
			}
		} else {
			ui.List(len(b.Photos), row)
		}
	}
	ui.EndChild()
	a.panelBlend()
}

// panelBlend blends two photos: an interpolation the model was never trained on, said so.
func (a *App) panelBlend() {
	ap := &a.appear
	n := len(ap.bundle.Photos)
	if n < 2 {
		return
	}
	ui.Separator()
	ui.Text("Blend two photos")
	ui.TextWrapped("An interpolation of the two photos' embeddings and triplane samples, not a real photo.")
	ui.ItemWidth(160 * a.uiScale())
	pa, pb := ap.photoA+1, ap.photoB+1
	changed := ui.SliderInt("photo A", &pa, 1, n)
	changed = ui.SliderInt("photo B", &pb, 1, n) || changed
	t := ap.blendT
	changed = ui.SliderFloat("A → B", &t, 0, 1, "%.2f") || changed
	ui.PopItemWidth()
	if changed {
		ap.photoA, ap.photoB, ap.blendT = pa-1, pb-1, t
		a.recolor(ap.photoA, ap.photoB, ap.blendT)
	}
}

// hasThumbs says whether any photo has a thumbnail.
func hasThumbs(ts []*render.Image) bool {
	for _, t := range ts {
		if t != nil {
			return true
		}
	}
	return false
}
