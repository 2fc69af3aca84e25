package app

import (
	"time"

	"github.com/splatscope/splatscope/app/ui"
)

// helpRows is the help panel's content, straight from Bindings: keys, what they do, and when.
func helpRows() [][3]string {
	rows := make([][3]string, 0, len(Bindings))
	for _, b := range Bindings {
		mode := ""
		switch b.Mode {
		case "orbit":
			mode = "orbit camera"
		case "fly":
			mode = "fly camera"
		}
		rows = append(rows, [3]string{b.Label(), b.Help, mode})
	}
	return rows
}

// drawHelp lists every shortcut.
func (a *App) drawHelp() {
	w, h := ui.DisplaySize()
	s := a.uiScale()
	// 520 points fits the three columns; the height stops above the status line and scrolls.
	ui.SetNextWindowOnce(w-530*s, 10*s)
	ui.SetNextWindowSizeOnce(520*s, h-a.statusHeight()-20*s)
	if ui.Begin("Help", &a.showHelp, ui.NoSaved) {
		if ui.BeginTable("keys", 3) {
			ui.Row("Keys / mouse", "Action", "When")
			for _, r := range helpRows() {
				ui.Row(r[0], r[1], r[2])
			}
			ui.EndTable()
		}
		ui.TextColored(ui.Grey, "Keys are ignored while a text field has focus; the mouse while over a panel.")
		ui.TextColored(ui.Grey, "Drop mesh files (or a ShapeNet folder) on the window to open them.")
	}
	ui.End()
}

// statusHeight is the height of the status line at the bottom.
func (a *App) statusHeight() float32 { return ui.FrameHeight() + 8*a.uiScale() }

// drawStatus draws the one-line status at the bottom of the window.
func (a *App) drawStatus() {
	w, h := ui.DisplaySize()
	sh := a.statusHeight()
	ui.SetNextWindow(0, h-sh, w, sh)
	if ui.Begin("##status", nil, ui.Overlay) {
		switch {
		case a.status == "":
		case a.statusErr:
			ui.TextColored(ui.Red, "Error: "+a.status)
		case time.Since(a.statusAt) < 10*time.Second: // messages fade to grey after ten seconds
			ui.Text(a.status)
		default:
			ui.TextColored(ui.Grey, a.status)
		}
	}
	ui.End()
}
