package ui

import (
	"strconv"

	"github.com/inkyblackness/imgui-go/v4"
)

func packed(c [4]float32) imgui.PackedColor {
	return imgui.PackedColorFromVec4(imgui.Vec4{X: c[0], Y: c[1], Z: c[2], W: c[3]})
}

// OverlayLabel draws text over the 3D view (the foreground draw list, above every window) at
// window point (x, y): a dark rounded box, a colour swatch, then the text, centred on x.
func OverlayLabel(x, y float32, text string, swatch [3]float32) {
	dl := imgui.ForegroundDrawList()
	ts := imgui.CalcTextSize(text, false, 0)
	h := ts.Y
	pad := h / 4
	w := h + pad + ts.X // swatch, gap, text
	x0, y0 := x-w/2-pad, y-h/2-pad
	dl.AddRectFilledV(imgui.Vec2{X: x0, Y: y0}, imgui.Vec2{X: x0 + w + 2*pad, Y: y0 + h + 2*pad},
		packed([4]float32{0.05, 0.05, 0.06, 0.72}), pad, imgui.DrawFlagsNone) // dark, see-through: readable over any splat
	sx, sy := x0+pad, y0+pad
	dl.AddRectFilled(imgui.Vec2{X: sx, Y: sy}, imgui.Vec2{X: sx + h, Y: sy + h}, packed([4]float32{swatch[0], swatch[1], swatch[2], 1}))
	dl.AddText(imgui.Vec2{X: sx + h + pad, Y: sy}, packed([4]float32{1, 1, 1, 1}), text)
}

// OverlayCircle outlines a circle of radius r (points) around (x, y) over the 3D view.
func OverlayCircle(x, y, r float32, c [4]float32) {
	imgui.ForegroundDrawList().AddCircleV(imgui.Vec2{X: x, Y: y}, r, packed(c), 0, 1.5)
}

// OverlayRect outlines the rectangle between two corners (points) over the 3D view.
func OverlayRect(x0, y0, x1, y1 float32, c [4]float32) {
	imgui.ForegroundDrawList().AddRectV(imgui.Vec2{X: min(x0, x1), Y: min(y0, y1)}, imgui.Vec2{X: max(x0, x1), Y: max(y0, y1)},
		packed(c), 0, imgui.DrawFlagsNone, 1.5)
	fill := c
	fill[3] *= 0.15 // a faint fill shows the inside without hiding the splats
	imgui.ForegroundDrawList().AddRectFilled(imgui.Vec2{X: min(x0, x1), Y: min(y0, y1)}, imgui.Vec2{X: max(x0, x1), Y: max(y0, y1)}, packed(fill))
}

// Swatch is a small square of colour c (no picker); it returns true when clicked.
func Swatch(id string, c [3]float32) bool {
	h := imgui.TextLineHeight()
	return imgui.ColorButton(id, imgui.Vec4{X: c[0], Y: c[1], Z: c[2], W: 1},
		imgui.ColorEditFlagsNoTooltip|imgui.ColorEditFlagsNoPicker|imgui.ColorEditFlagsNoDragDrop, imgui.Vec2{X: h, Y: h})
}

// InputNumber edits *v as text (scientific notation accepted), applied on Enter; it returns
// true when a number was entered (unparsable text leaves *v unchanged and returns false).
func InputNumber(label string, v *float64) bool {
	s := strconv.FormatFloat(*v, 'g', 4, 64)
	if !imgui.InputTextV(label, &s, imgui.InputTextFlagsEnterReturnsTrue|imgui.InputTextFlagsCharsScientific|imgui.InputTextFlagsAutoSelectAll, nil) {
		return false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return false
	}
	*v = f
	return true
}

// SliderFloat3 edits three floats in [lo, hi]; it returns true when changed.
func SliderFloat3(label string, v *[3]float32, lo, hi float32) bool {
	return imgui.SliderFloat3V(label, v, lo, hi, "%.3g", imgui.SliderFlagsNone)
}

// TableNextRow starts a row of the current table, in its first column.
func TableNextRow() {
	imgui.TableNextRow()
	imgui.TableNextColumn()
}

// TableNextColumn moves to the next column of the current row.
func TableNextColumn() { imgui.TableNextColumn() }

// LegendRow is one line of an overlay legend: a colour swatch, a name and a count.
type LegendRow struct {
	Color [3]float32
	Name  string
	Count int
}

// OverlayLegend draws a legend box over the 3D view whose top-right corner is (right, top)
// (window points): one row per entry, swatch, name and count.
func OverlayLegend(right, top float32, rows []LegendRow) {
	if len(rows) == 0 {
		return
	}
	dl := imgui.ForegroundDrawList()
	h := imgui.TextLineHeight()
	pad := h / 3
	nameW, countW := float32(0), float32(0)
	for _, r := range rows {
		nameW = max(nameW, imgui.CalcTextSize(r.Name, false, 0).X)
		countW = max(countW, imgui.CalcTextSize(strconv.Itoa(r.Count), false, 0).X)
	}
	w := pad + h + pad + nameW + 2*pad + countW + pad
	x0 := right - w
	dl.AddRectFilledV(imgui.Vec2{X: x0, Y: top}, imgui.Vec2{X: right, Y: top + float32(len(rows))*(h+pad) + pad},
		packed([4]float32{0.05, 0.05, 0.06, 0.8}), pad, imgui.DrawFlagsNone)
	white := packed([4]float32{1, 1, 1, 1})
	for i, r := range rows {
		y := top + pad + float32(i)*(h+pad)
		sx := x0 + pad
		dl.AddRectFilled(imgui.Vec2{X: sx, Y: y}, imgui.Vec2{X: sx + h, Y: y + h}, packed([4]float32{r.Color[0], r.Color[1], r.Color[2], 1}))
		dl.AddText(imgui.Vec2{X: sx + h + pad, Y: y}, white, r.Name)
		c := strconv.Itoa(r.Count)
		dl.AddText(imgui.Vec2{X: right - pad - imgui.CalcTextSize(c, false, 0).X, Y: y}, white, c)
	}
}
