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
	a.saveDialog("Export STL", defaultExportName(a.scene),
		zenity.FileFilters{{Name: "STL", Patterns: []string{"*.stl"}, CaseFold: true}},
		&a.export.open, &a.export.path, a.exportSTL)
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
	a.drawSaveForm("Export STL", "File (relative to the working directory):", "##stlpath",
		&a.export.open, &a.export.path, func() { ui.Checkbox("ASCII STL", &a.export.ascii) }, a.exportSTL)
}
