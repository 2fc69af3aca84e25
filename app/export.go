package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/ncruces/zenity"
	"github.com/splatscope/splatscope/app/ui"
	"github.com/splatscope/splatscope/mesh"
)

// exportState is the STL export form.
type exportState struct {
	ascii bool   // ASCII STL instead of binary
	path  string // the path field of the in-app form
	open  bool   // the in-app form is shown
}

// defaultExportName is the scene's base name with .stl, in the working directory.
func defaultExportName(s *Scene) string {
	base := "mesh"
	if s != nil && s.Mesh != nil && s.Mesh.Source != "" {
		base = strings.TrimSuffix(filepath.Base(s.Mesh.Source), filepath.Ext(s.Mesh.Source))
		base = strings.Trim(strings.Map(func(r rune) rune {
			if strings.ContainsRune(`/\:*?"<>| `, r) { // the demo's name has spaces and a colon
				return '_'
			}
			return r
		}, base), "_")
	}
	if base == "" {
		base = "mesh"
	}
	return base + ".stl"
}

// exportDialog asks where to write the STL: a native save dialog or the in-app form.
func (a *App) exportDialog() {
	if a.scene == nil {
		a.setError(errors.New("export STL: no mesh open"))
		return
	}
	name := defaultExportName(a.scene)
	if !a.dialogs.native {
		a.export.open = true
		if a.export.path == "" {
			a.export.path = name
		}
		return
	}
	a.jobs.Start("Waiting for the Save dialog", func(ctx context.Context, _ func(float64)) (func() error, error) {
		path, err := zenity.SelectFileSave(zenity.Context(ctx), zenity.Title("Export STL"), zenity.Filename(name),
			zenity.ConfirmOverwrite(), zenity.FileFilters{{Name: "STL", Patterns: []string{"*.stl"}, CaseFold: true}})
		if errors.Is(err, zenity.ErrCanceled) {
			return nil, nil
		}
		if err != nil {
			return func() error { a.dialogs.native = false; a.export.open = true; a.export.path = name; return nil }, nil
		}
		return func() error { a.exportSTL(path); return nil }, nil
	})
}

// exportSTL writes the current mesh to path in a background job (binary unless ASCII is ticked).
func (a *App) exportSTL(path string) {
	if a.scene == nil {
		return
	}
	if !strings.EqualFold(filepath.Ext(path), ".stl") {
		path += ".stl"
	}
	m, ascii := a.scene.Mesh, a.export.ascii
	a.jobs.Start("Exporting "+filepath.Base(path), func(ctx context.Context, progress func(float64)) (func() error, error) {
		if err := mesh.WriteSTL(path, m, ascii); err != nil {
			return nil, err
		}
		kind := "binary"
		if ascii {
			kind = "ASCII"
		}
		return func() error {
			a.setStatus(fmt.Sprintf("Exported %s STL: %s (%d triangles)", kind, path, len(m.Triangles)))
			return nil
		}, nil
	})
}

// drawExportForm is the in-app export form (when there is no native dialog).
func (a *App) drawExportForm() {
	if !a.export.open {
		return
	}
	w, h := ui.DisplaySize()
	s := a.uiScale()
	ui.SetNextWindowOnce(w/2-220*s, h/2-60*s)
	if ui.Begin("Export STL", &a.export.open, ui.AutoSize) {
		ui.Text("File (relative to the working directory):")
		ui.ItemWidth(400 * s)
		enter := ui.InputText("##stlpath", &a.export.path)
		ui.PopItemWidth()
		ui.Checkbox("ASCII STL", &a.export.ascii)
		if ui.Button("Save") || enter {
			a.exportSTL(a.export.path)
			a.export.open = false
		}
		ui.SameLine()
		if ui.Button("Cancel") {
			a.export.open = false
		}
	}
	ui.End()
}
