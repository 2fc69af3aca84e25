// Package ui is the app's thin layer over the Dear ImGui binding (imgui-go): the rest of the
// app calls ui.* only, so the binding can change in one place. It also holds the GLFW
// platform glue (platform.go); the GL renderer lives in package render.
package ui

import (
	"fmt"

	"github.com/inkyblackness/imgui-go/v4"
)

// Window flags used by the app's panels.
const (
	// Fixed is a panel the user can neither move nor resize (docked panels).
	Fixed = int(imgui.WindowFlagsNoMove | imgui.WindowFlagsNoResize | imgui.WindowFlagsNoCollapse |
		imgui.WindowFlagsNoSavedSettings)
	// AutoSize is a floating panel that fits its content.
	AutoSize = int(imgui.WindowFlagsAlwaysAutoResize | imgui.WindowFlagsNoSavedSettings)
	// Overlay is a borderless, title-less panel (status line).
	Overlay = int(imgui.WindowFlagsNoDecoration | imgui.WindowFlagsNoMove | imgui.WindowFlagsNoSavedSettings |
		imgui.WindowFlagsNoFocusOnAppearing | imgui.WindowFlagsNoNav)
)

// Colours for text.
var (
	Red    = [4]float32{1, 0.45, 0.4, 1}
	Yellow = [4]float32{1, 0.85, 0.3, 1}
	Green  = [4]float32{0.5, 0.9, 0.5, 1}
	Grey   = [4]float32{0.6, 0.6, 0.6, 1}
)

// DisplaySize is the window size in points.
func DisplaySize() (w, h float32) {
	v := imgui.MainViewport().Size()
	return v.X, v.Y
}

// SetNextWindow places the next window at (x, y) with size (w, h) every frame (docked).
// A zero h or w leaves that dimension to the content.
func SetNextWindow(x, y, w, h float32) {
	imgui.SetNextWindowPos(imgui.Vec2{X: x, Y: y})
	imgui.SetNextWindowSize(imgui.Vec2{X: w, Y: h})
}

// SetNextWindowOnce places the next window the first time it appears; the user may move it later.
func SetNextWindowOnce(x, y float32) {
	imgui.SetNextWindowPosV(imgui.Vec2{X: x, Y: y}, imgui.ConditionAppearing, imgui.Vec2{})
}

// Begin opens a window; open may be nil (no close button). Always call End.
func Begin(title string, open *bool, flags int) bool {
	return imgui.BeginV(title, open, imgui.WindowFlags(flags))
}

// End closes the window opened by Begin.
func End() { imgui.End() }

// WindowWidth is the current window's width.
func WindowWidth() float32 { return imgui.WindowWidth() }

// BeginChild opens a scrolling region of height h (0: fill the rest). Always call EndChild.
func BeginChild(id string, h float32) bool {
	return imgui.BeginChildV(id, imgui.Vec2{Y: h}, true, 0)
}

// EndChild closes the region opened by BeginChild.
func EndChild() { imgui.EndChild() }

// Header is a collapsing section header, open at first when open is true.
func Header(label string, open bool) bool {
	if open {
		imgui.SetNextItemOpen(true, imgui.ConditionOnce)
	}
	return imgui.CollapsingHeader(label)
}

// Text shows a line of text.
func Text(s string) { imgui.Text(s) }

// Textf shows formatted text.
func Textf(format string, args ...interface{}) { imgui.Text(fmt.Sprintf(format, args...)) }

// TextColored shows text in a colour.
func TextColored(c [4]float32, s string) {
	imgui.PushStyleColor(imgui.StyleColorText, imgui.Vec4{X: c[0], Y: c[1], Z: c[2], W: c[3]})
	imgui.Text(s)
	imgui.PopStyleColor()
}

// TextWrappedColored shows text in a colour, wrapped at the window edge.
func TextWrappedColored(c [4]float32, s string) {
	imgui.PushTextWrapPos()
	TextColored(c, s)
	imgui.PopTextWrapPos()
}

// TextWrapped shows text wrapped at the window edge.
func TextWrapped(s string) {
	imgui.PushTextWrapPos()
	imgui.Text(s)
	imgui.PopTextWrapPos()
}

// Button is a push button; it returns true when clicked.
func Button(label string) bool { return imgui.Button(label) }

// Checkbox toggles *v; it returns true when changed.
func Checkbox(label string, v *bool) bool { return imgui.Checkbox(label, v) }

// Combo chooses one of items into *v; it returns true when changed.
func Combo(label string, v *int, items []string) bool {
	i := int32(*v)
	changed := imgui.Combo(label, &i, items)
	*v = int(i)
	return changed
}

// ColorEdit3 edits an RGB colour.
func ColorEdit3(label string, c *[3]float32) bool {
	return imgui.ColorEdit3V(label, c, imgui.ColorEditFlagsNoInputs)
}

// InputText edits a one-line string; it returns true when Enter is pressed.
func InputText(label string, s *string) bool {
	return imgui.InputTextV(label, s, imgui.InputTextFlagsEnterReturnsTrue, nil)
}

// Selectable is a list row; clicked is a single click, double a double click.
func Selectable(label string, selected bool) (clicked, double bool) {
	clicked = imgui.SelectableV(label, selected, imgui.SelectableFlagsAllowDoubleClick, imgui.Vec2{})
	double = clicked && imgui.IsMouseDoubleClicked(0)
	return clicked, double
}

// ProgressBar shows a fraction in [0, 1] with an overlay label.
func ProgressBar(fraction float32, label string) {
	imgui.ProgressBarV(fraction, imgui.Vec2{X: -1, Y: 0}, label)
}

// Separator draws a horizontal line.
func Separator() { imgui.Separator() }

// SameLine keeps the next item on the current line.
func SameLine() { imgui.SameLine() }

// Spacing adds a small vertical gap.
func Spacing() { imgui.Spacing() }

// Tooltip shows s when the last item is hovered.
func Tooltip(s string) {
	if imgui.IsItemHovered() {
		imgui.SetTooltip(s)
	}
}

// ItemWidth sets the width of the following widgets (negative: leave that much room on the right).
func ItemWidth(w float32) { imgui.PushItemWidth(w) }

// PopItemWidth undoes ItemWidth.
func PopItemWidth() { imgui.PopItemWidth() }

// BeginTable starts a table of n columns with borders and row backgrounds. Call EndTable if true.
func BeginTable(id string, n int) bool {
	return imgui.BeginTableV(id, n, imgui.TableFlagsBordersInnerV|imgui.TableFlagsRowBg|imgui.TableFlagsSizingFixedFit,
		imgui.Vec2{}, 0)
}

// Row writes one table row of cells.
func Row(cells ...string) {
	imgui.TableNextRow()
	for _, c := range cells {
		imgui.TableNextColumn()
		imgui.Text(c)
	}
}

// RowValue writes a label/value row, the value in colour c when c is not nil.
func RowValue(label, value string, c *[4]float32) {
	imgui.TableNextRow()
	imgui.TableNextColumn()
	imgui.Text(label)
	imgui.TableNextColumn()
	if c != nil {
		TextColored(*c, value)
	} else {
		imgui.Text(value)
	}
}

// EndTable closes the table.
func EndTable() { imgui.EndTable() }

// LineHeight is the height of one line of text plus spacing.
func LineHeight() float32 { return imgui.TextLineHeightWithSpacing() }

// FrameHeight is the height of one widget row.
func FrameHeight() float32 { return imgui.FrameHeightWithSpacing() }

// NoSaved is a movable, resizable window whose layout is not saved.
const NoSaved = int(imgui.WindowFlagsNoSavedSettings)

// SetNextWindowSizeOnce sizes the next window the first time it appears.
func SetNextWindowSizeOnce(w, h float32) {
	imgui.SetNextWindowSizeV(imgui.Vec2{X: w, Y: h}, imgui.ConditionFirstUseEver)
}

// List draws n evenly spaced rows, calling row only for the visible ones (long model lists).
func List(n int, row func(i int)) {
	var c imgui.ListClipper
	c.Begin(n)
	for c.Step() {
		for i := c.DisplayStart; i < c.DisplayEnd; i++ {
			row(i)
		}
	}
	c.End()
}

// ScrollHere scrolls the current region so the last item is in view.
func ScrollHere() { imgui.SetScrollHereY(0.5) }

// disabledStack remembers, per BeginDisabled, whether it pushed anything.
var disabledStack []bool

// BeginDisabled greys out the following widgets and ignores clicks on them when disabled is
// true (imgui-go v4 leaves ImGui's BeginDisabled out). Call EndDisabled.
func BeginDisabled(disabled bool) {
	disabledStack = append(disabledStack, disabled)
	if disabled {
		imgui.PushItemFlag(imgui.ItemFlagsDisabled, true)
		imgui.PushStyleVarFloat(imgui.StyleVarAlpha, 0.5) // half-transparent: ImGui's own disabled look
	}
}

// EndDisabled ends BeginDisabled.
func EndDisabled() {
	n := len(disabledStack) - 1
	if n < 0 {
		return
	}
	if disabledStack[n] {
		imgui.PopStyleVar()
		imgui.PopItemFlag()
	}
	disabledStack = disabledStack[:n]
}
