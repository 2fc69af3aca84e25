package app

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/materials"
)

// snapshotLabels copies what edits change (ids, per-Gaussian values, the table), so a
// background save or estimate reads a stable copy while the user keeps editing.
func snapshotLabels(l *materials.Labels) *materials.Labels {
	t := *l.Table
	t.Materials = append([]materials.Material(nil), l.Table.Materials...)
	c := &materials.Labels{Table: &t, IDs: append([]int32(nil), l.IDs...), Confidence: l.Confidence,
		Sources: append([]string(nil), l.Sources...)}
	for f, p := range l.Props {
		if p != nil {
			c.Props[f] = append([]float32(nil), p...)
		}
	}
	return c
}

// fullScene returns the labelled scene's full data (read again from its file the first time:
// the viewer keeps only render buffers), checked against the labels' count.
func fullScene(ctx context.Context, have *gaussians.Scene, path string, n int, progress func(float64)) (*gaussians.Scene, error) {
	if have != nil {
		return have, nil
	}
	s, err := gaussians.Load(path, func(done, total int64) {
		if total > 0 {
			progress(0.8 * float64(done) / float64(total)) // reading is most of a save or estimate
		}
	})
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.N != n {
		return nil, fmt.Errorf("%s: %d Gaussians in the file, %d labelled (rows with NaN values were dropped on opening)", path, s.N, n)
	}
	return s, nil
}

// saveLabels writes the labels to path in a background job: a .npy path gets the id array and
// its siblings (materials.SaveNPY), a .ply path the scene with the labels as properties
// (materials.SavePLY); both atomic, never over an input file.
func (a *App) saveLabels(path string) {
	if !a.hasLabels() {
		a.matError(fmt.Errorf("save labels: no labels to save"))
		return
	}
	path = strings.TrimSpace(path)
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".npy" && ext != ".ply" {
		a.matError(fmt.Errorf("save labels: %q: use a .ply (scene with a material_id property) or .npy (id array) name", path))
		return
	}
	l := snapshotLabels(a.mat.labels)
	v := a.mat.view
	have := a.mat.scene
	a.jobs.Start("Saving labels to "+filepath.Base(path), func(ctx context.Context, progress func(float64)) (func() error, error) {
		var s *gaussians.Scene
		var err error
		if ext == ".npy" {
			err = materials.SaveNPY(path, l)
		} else if s, err = fullScene(ctx, have, v.Path, l.N(), progress); err == nil {
			err = materials.SavePLY(path, s, l)
		}
		return func() error {
			if err != nil {
				a.matError(fmt.Errorf("save labels: %s", oneLine(err)))
				return nil
			}
			if s != nil && a.mat.view == v {
				a.mat.scene = s
			}
			a.mat.msg, a.mat.msgErr = fmt.Sprintf("Saved %d labels to %s (+ %s)", l.N(), filepath.Base(path), filepath.Base(materials.IDMapPath(path))), false
			a.setStatus(a.mat.msg)
			return nil
		}, nil
	})
}

// saveTable writes the (edited) materials table as JSON, atomically.
func (a *App) saveTable(path string) {
	t := a.mat.table
	if err := writeFileAtomic(path, t.Encode); err != nil {
		a.matError(fmt.Errorf("save table: %v", err))
		return
	}
	a.mat.msg, a.mat.msgErr = "Saved the materials table to "+filepath.Base(path), false
	a.setStatus(a.mat.msg)
}

// writeFileAtomic writes through a temporary file in path's folder, then renames it into place.
func writeFileAtomic(path string, write func(w io.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriter(tmp)
	if err = write(bw); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = tmp.Chmod(0o644); err != nil { // CreateTemp makes 0600; tables are ordinary files
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// tableFields are the editable columns of the materials table: name, unit, how to read and
// write the value.
var tableFields = []struct {
	name, unit string
	get        func(*materials.Material) float64
	set        func(*materials.Material, float64)
}{
	{"density", "kg/m³", func(m *materials.Material) float64 { return m.Density }, func(m *materials.Material, v float64) { m.Density = v }},
	{"E", "Pa", func(m *materials.Material) float64 { return m.YoungsModulus }, func(m *materials.Material, v float64) { m.YoungsModulus = v }},
	{"ν", "", func(m *materials.Material) float64 { return m.PoissonRatio }, func(m *materials.Material, v float64) { m.PoissonRatio = v }},
	{"μ", "", func(m *materials.Material) float64 { return m.Friction }, func(m *materials.Material, v float64) { m.Friction = v }},
	{"hardness", "", func(m *materials.Material) float64 { return m.Hardness }, func(m *materials.Material, v float64) { m.Hardness = v }},
	{"σ_y", "Pa", func(m *materials.Material) float64 { return m.YieldStress }, func(m *materials.Material, v float64) { m.YieldStress = v }},
}

// setTableValue edits column col of material id; an invalid value (negative, NaN, ν > 0.5) is
// refused with a one-line reason and the table stays as it was. Property colours follow.
func (a *App) setTableValue(id, col int, v float64) error {
	t := a.mat.table
	if id < 0 || id >= len(t.Materials) || col < 0 || col >= len(tableFields) {
		return fmt.Errorf("no such table cell")
	}
	m := &t.Materials[id]
	f := tableFields[col]
	old := f.get(m)
	f.set(m, v)
	if err := t.Validate(); err != nil {
		f.set(m, old)
		err = fmt.Errorf("materials table: %v: kept %g", err, old)
		a.matError(err)
		return err
	}
	a.mat.color.dirty = true
	a.mat.grasp.stale = true
	return nil
}
