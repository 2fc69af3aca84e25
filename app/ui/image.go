package ui

import "github.com/inkyblackness/imgui-go/v4"

// Image shows a GL texture (by name) at w×h points.
func Image(tex uint32, w, h float32) {
	imgui.Image(imgui.TextureID(tex), imgui.Vec2{X: w, Y: h})
}

// ImageTooltip shows a GL texture in a tooltip while the last item is hovered.
func ImageTooltip(tex uint32, w, h float32) {
	if imgui.IsItemHovered() {
		imgui.BeginTooltip()
		Image(tex, w, h)
		imgui.EndTooltip()
	}
}
