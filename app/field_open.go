package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/splatscope/splatscope/csp"
)

// fieldExts are the CSP field files the app opens: baked grids and neural checkpoints.
var fieldExts = map[string]bool{".npy": true, ".pt": true, ".pth": true, ".safetensors": true}

// isFieldFile reports whether path names a CSP field file (by extension).
func isFieldFile(path string) bool { return fieldExts[strings.ToLower(filepath.Ext(path))] }

// openField loads a field file in a background job: a baked .npy grid shows as it is, a
// neural checkpoint is baked adaptively at the panel's N first. The mesh on screen stays
// only when the grid's sidecar names it as its source.
func (a *App) openField(path string) {
	name := filepath.Base(path)
	n := fieldResolutions[a.field.res]
	if a.field.job != nil {
		a.field.job.Cancel()
	}
	a.field.job = a.jobs.Start("Loading field "+name, func(ctx context.Context, progress func(float64)) (func() error, error) {
		v, err := loadFieldView(ctx, path, n, progress)
		if err != nil {
			return nil, err
		}
		return func() error {
			keep := a.scene != nil && a.scene.Mesh != nil && sameFile(a.scene.Mesh.Source, v.Meta.Source)
			if keep {
				v.Mesh = a.scene.Mesh
			}
			a.field.framed = true
			if err := a.setField(v); err != nil {
				a.field.framed = false
				return err
			}
			if !keep && a.scene != nil {
				a.scene.Delete()
				a.scene = nil
			}
			return nil
		}, nil
	})
}

// loadFieldView reads a field file into a FieldView (the CPU part of openField).
func loadFieldView(ctx context.Context, path string, n int, progress func(float64)) (*FieldView, error) {
	name := filepath.Base(path)
	if strings.EqualFold(filepath.Ext(path), ".npy") {
		g, meta, err := csp.LoadGrid(path)
		if err != nil {
			return nil, err
		}
		progress(1)
		return &FieldView{Name: name, Kind: "baked grid file", Grid: g, Source: csp.NewSafeGrid(g), Meta: meta,
			Note: sourceNote(meta)}, nil
	}
	return openNeural(ctx, path, n, progress)
}

// sourceNote says what a baked grid was made from, from its sidecar.
func sourceNote(m csp.Meta) string {
	if m.Source == "" {
		return ""
	}
	return "baked from " + filepath.Base(m.Source)
}

// sameFile reports whether two paths name the same existing file.
func sameFile(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}
