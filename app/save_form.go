package app

import (
	"context"
	"errors"

	"github.com/ncruces/zenity"
	"github.com/splatscope/splatscope/app/ui"
)

// saveDialog asks where to save: a native save dialog titled title with filters, or, without one,
// the in-app form whose state is open and path, prefilled with name when path is empty. When the
// native dialog fails, native dialogs are turned off and the form opens with name; save gets the
// chosen path on the GL thread.
func (a *App) saveDialog(title, name string, filters zenity.FileFilters, open *bool, path *string, save func(string)) {
	if !a.dialogs.native {
		*open = true
		if *path == "" {
			*path = name
		}
		return
	}
	a.jobs.Start("Waiting for the Save dialog", func(ctx context.Context, _ func(float64)) (func() error, error) {
		chosen, err := zenity.SelectFileSave(zenity.Context(ctx), zenity.Title(title), zenity.Filename(name),
			zenity.ConfirmOverwrite(), filters)
		if errors.Is(err, zenity.ErrCanceled) {
			return nil, nil
		}
		if err != nil {
			return func() error { a.dialogs.native = false; *open = true; *path = name; return nil }, nil
		}
		return func() error { save(chosen); return nil }, nil
	})
}

// drawSaveForm draws an in-app save form while *open: hint above the path field (ImGui id),
// extra widgets below it (nil: none), then Save (or Enter), which calls save with the path, and
// Cancel; both close the form.
func (a *App) drawSaveForm(title, hint, id string, open *bool, path *string, extra func(), save func(string)) {
	if !*open {
		return
	}
	w, h := ui.DisplaySize()
	s := a.uiScale()
	ui.SetNextWindowOnce(w/2-220*s, h/2-60*s)
	if ui.Begin(title, open, ui.AutoSize) {
		ui.Text(hint)
		ui.ItemWidth(400 * s)
		enter := ui.InputText(id, path)
		ui.PopItemWidth()
		if extra != nil {
			extra()
		}
		if ui.Button("Save") || enter {
			save(*path)
			*open = false
		}
		ui.SameLine()
		if ui.Button("Cancel") {
			*open = false
		}
	}
	ui.End()
}
