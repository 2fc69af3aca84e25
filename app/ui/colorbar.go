package ui

import (
	"github.com/inkyblackness/imgui-go/v4"
)

// SliderFloat edits *v in [lo, hi] shown with format (printf style); it returns true when changed.
func SliderFloat(label string, v *float32, lo, hi float32, format string) bool {
	return imgui.SliderFloatV(label, v, lo, hi, format, imgui.SliderFlagsNone)
}

// SliderLog is SliderFloat on a logarithmic scale (ranges over decades, lo > 0).
func SliderLog(label string, v *float32, lo, hi float32, format string) bool {
	return imgui.SliderFloatV(label, v, lo, hi, format, imgui.SliderFlagsLogarithmic)
}

// SliderInt edits *v in [lo, hi]; it returns true when changed.
func SliderInt(label string, v *int, lo, hi int) bool {
	i := int32(*v)
	changed := imgui.SliderInt(label, &i, int32(lo), int32(hi))
	*v = int(i)
	return changed
}

// RadioButton is one choice of *v; it returns true when clicked.
func RadioButton(label string, v *int, value int) bool {
	return imgui.RadioButtonInt(label, v, value)
}

// colorBarSteps is the number of flat bands a colour bar is drawn with: enough that the
// five-stop ramps look continuous at panel width, few enough to cost nothing.
const colorBarSteps = 48

// ColorBar draws a horizontal colour bar of the panel's width and the given height (points):
// ramp(t) gives the display colour at t in [0, 1], left to right; the labels go under its
// ends and centre (empty ones are skipped).
func ColorBar(ramp func(t float32) [3]float32, height float32, left, mid, right string) {
	dl := imgui.WindowDrawList()
	p := imgui.CursorScreenPos()
	w := imgui.ContentRegionAvail().X
	if w <= 0 {
		return
	}
	step := w / colorBarSteps
	col := func(t float32) imgui.PackedColor {
		c := ramp(t)
		return imgui.PackedColorFromVec4(imgui.Vec4{X: c[0], Y: c[1], Z: c[2], W: 1})
	}
	for i := 0; i < colorBarSteps; i++ {
		x0 := p.X + float32(i)*step
		c0, c1 := col(float32(i)/colorBarSteps), col(float32(i+1)/colorBarSteps)
		dl.AddRectFilledMultiColor(imgui.Vec2{X: x0, Y: p.Y}, imgui.Vec2{X: x0 + step + 0.5, Y: p.Y + height}, c0, c1, c1, c0)
	}
	white := imgui.PackedColorFromVec4(imgui.Vec4{X: 0.9, Y: 0.9, Z: 0.9, W: 1})
	dl.AddRect(imgui.Vec2{X: p.X, Y: p.Y}, imgui.Vec2{X: p.X + w, Y: p.Y + height}, white)
	ty := p.Y + height + 2
	if left != "" {
		dl.AddText(imgui.Vec2{X: p.X, Y: ty}, white, left)
	}
	if mid != "" {
		tw := imgui.CalcTextSize(mid, false, 0).X
		dl.AddText(imgui.Vec2{X: p.X + (w-tw)/2, Y: ty}, white, mid)
	}
	if right != "" {
		tw := imgui.CalcTextSize(right, false, 0).X
		dl.AddText(imgui.Vec2{X: p.X + w - tw, Y: ty}, white, right)
	}
	imgui.Dummy(imgui.Vec2{X: w, Y: height + 2 + imgui.TextLineHeight()})
}
