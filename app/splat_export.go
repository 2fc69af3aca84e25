package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/ncruces/zenity"
	"github.com/splatscope/splatscope/app/ui"
	"github.com/splatscope/splatscope/gaussians"
)

// saveSplatState is the "Save scene as" form (when there is no native dialog).
type saveSplatState struct {
	open bool
	path string
}

// defaultSplatSaveName is NAME_cropped.EXT beside the scene: never the input itself.
func defaultSplatSaveName(v *SplatView) string {
	if v == nil {
		return "scene_cropped.ply"
	}
	ext := filepath.Ext(v.Name)
	return filepath.Join(filepath.Dir(v.Path), strings.TrimSuffix(v.Name, ext)+"_cropped"+ext)
}

// saveSplatDialog asks where to save the filtered scene: a native dialog or the in-app form.
func (a *App) saveSplatDialog() {
	v := a.splat.view
	if v == nil {
		a.setError(errors.New("save scene: no splat scene open"))
		return
	}
	a.saveDialog("Save splat scene as", defaultSplatSaveName(v),
		zenity.FileFilters{{Name: "Splat scenes", Patterns: []string{"*.ply", "*.splat", "*.spz"}, CaseFold: true}},
		&a.splat.save.open, &a.splat.save.path, a.saveSplat)
}

// saveSplat writes the open scene, cropped and filtered as shown, to out (format from the
// extension) in a background job: the file is read again in full (SH, extra properties), the
// filter applied, and the result written atomically; the input is never overwritten.
func (a *App) saveSplat(out string) {
	v := a.splat.view
	if v == nil {
		return
	}
	if !gaussians.IsSplatFile(out) {
		a.setError(fmt.Errorf("%s: unknown splat format %q (want .ply, .splat or .spz)", out, filepath.Ext(out)))
		return
	}
	in, opts := v.Path, a.splat.filter
	a.jobs.Start("Saving "+filepath.Base(out), func(ctx context.Context, progress func(float64)) (func() error, error) {
		n, removed, err := saveFiltered(in, out, opts, progress)
		if err != nil {
			return nil, err
		}
		return func() error {
			a.setStatus(fmt.Sprintf("Saved %s: %d Gaussians (%d removed: %s)", out, n, removed, opts))
			return nil
		}, nil
	})
}

// saveFiltered loads in, keeps what opts passes and saves it as out; it returns the counts kept
// and removed.
func saveFiltered(in, out string, opts gaussians.FilterOptions, progress func(float64)) (kept, removed int, err error) {
	s, err := gaussians.Load(in, func(done, total int64) {
		if total > 0 {
			progress(0.6 * float64(done) / float64(total)) // reading is the larger part; writing the rest
		}
	})
	if err != nil {
		return 0, 0, err
	}
	f, removed := gaussians.Filter(s, opts)
	f.Source = s.Source // Save refuses to write over the file it came from
	if f.N == 0 {
		return 0, removed, fmt.Errorf("%s: the filter removes every Gaussian; nothing saved", out)
	}
	if err := gaussians.Save(out, f); err != nil {
		return 0, 0, err
	}
	progress(1)
	return f.N, removed, nil
}

// drawSplatSaveForm is the in-app "Save scene as" form.
func (a *App) drawSplatSaveForm() {
	st := &a.splat.save
	a.drawSaveForm("Save splat scene as", "File (.ply, .splat or .spz; relative to the working directory):", "##splatpath",
		&st.open, &st.path, func() { ui.TextColored(ui.Grey, "Saved with the crop box and filters: "+a.splat.filter.String()) }, a.saveSplat)
}
