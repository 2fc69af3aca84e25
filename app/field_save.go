package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/splatscope/splatscope/csp"
)

// fieldSaveState is the in-app "Save field" form.
type fieldSaveState struct {
	path string
	open bool
}

// defaultFieldName is NAME-N.npy in the working directory, NAME the field's source without
// extension and with characters file systems dislike replaced.
func defaultFieldName(v *FieldView) string {
	base := "field"
	switch {
	case v.Mesh != nil && v.Mesh.Source != "":
		base = filepath.Base(v.Mesh.Source)
	case v.Meta.Source != "":
		base = filepath.Base(v.Meta.Source)
	case v.Name != "":
		base = strings.Fields(v.Name)[0]
	}
	base = strings.TrimSuffix(base, filepath.Ext(base))
	base = strings.Trim(strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>| `, r) {
			return '_'
		}
		return r
	}, base), "_")
	if base == "" {
		base = "field"
	}
	return fmt.Sprintf("%s-%d.npy", base, v.Grid.Dims[0])
}

// saveFieldDialog opens the save form with a default name.
func (a *App) saveFieldDialog() {
	if a.field.view == nil {
		return
	}
	a.fieldSave.path = defaultFieldName(a.field.view)
	a.fieldSave.open = true
}

// saveField writes the shown field's grid (.npy + JSON sidecar) in a background job.
func (a *App) saveField(path string) {
	v := a.field.view
	if v == nil {
		return
	}
	if !strings.EqualFold(filepath.Ext(path), ".npy") {
		path += ".npy"
	}
	g, meta := v.Grid, v.Meta
	if v.Mesh != nil && v.Mesh.Source != "" {
		meta.Source = v.Mesh.Source
	}
	a.jobs.Start("Saving "+filepath.Base(path), func(ctx context.Context, progress func(float64)) (func() error, error) {
		if meta.Source != "" && meta.SourceSHA256 == "" {
			if abs, err := filepath.Abs(meta.Source); err == nil {
				meta.Source = abs
			}
			if sum, err := csp.FileSHA256(meta.Source); err == nil {
				meta.SourceSHA256 = sum
			}
		}
		if err := csp.SaveGrid(path, g, meta); err != nil {
			return nil, err
		}
		return func() error {
			a.setStatus(fmt.Sprintf("Saved field %s (+ %s): %d³ closest points", path, filepath.Base(csp.SidecarPath(path)), g.Dims[0]))
			return nil
		}, nil
	})
}

// drawFieldSaveForm is the in-app save form.
func (a *App) drawFieldSaveForm() {
	a.drawSaveForm("Save field", "File (.npy, relative to the working directory; a .json sidecar goes beside it):", "##fieldpath",
		&a.fieldSave.open, &a.fieldSave.path, nil, a.saveField)
}
