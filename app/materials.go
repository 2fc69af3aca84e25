package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/materials"
)

// matState is the material labels of the shown splat scene (issue 7): the labels, how they
// are shown (colour codes, hidden materials, floating labels), the selection and its edit
// history, and the panel's forms.
type matState struct {
	table  *materials.Table
	labels *materials.Labels // nil: no labels for this scene
	view   *SplatView        // the scene the labels belong to
	scene  *gaussians.Scene  // the full scene (grasp estimate, saving as PLY); nil until needed
	job    *Job
	msg    string // one-line outcome of the last load or save: counts, warnings
	msgErr bool

	counts   []int  // Gaussians per material id
	hidden   []bool // per material: hidden from view
	maskVer  int    // bumped when hidden or the ids change; the mask is rebuilt from it
	builtVer int    // maskVer the mask was built at
	mask     *gaussians.HideMask

	color  colorState
	picked int // the Gaussian last clicked, −1 for none
	sel    selection
	hist   history
	tool   toolState

	showLabels bool
	centroids  []centroid
	centDirty  bool
	centFilter gaussians.FilterOptions // the filter the centroids were computed under

	form  matForm
	grasp graspState
}

// matForm holds the text fields of the materials panel.
type matForm struct {
	npy, idMap, table string // "Load labels…": ids .npy, optional id map, optional table
	save              string // where "Save labels" writes (.ply or .npy)
	assign            int    // material chosen for "Assign"
}

// newMatState returns the defaults: the embedded table, floating labels on.
func newMatState() matState {
	return matState{table: materials.DefaultTable(), picked: -1, showLabels: true,
		sel: selection{brush: defaultBrush, replace: true}, grasp: newGraspState()}
}

// loadedLabels is what a label job hands to the main thread.
type loadedLabels struct {
	labels *materials.Labels
	scene  *gaussians.Scene // when the job read it anyway (labels in the PLY)
	from   string
}

// labelsForSplat looks for labels of a just opened scene: a material_id property in the PLY,
// or SCENE_material_id.npy / material_id.npy beside it; found ones load in a background job.
func (a *App) labelsForSplat(v *SplatView) {
	a.dropMaterials()
	if v == nil || v.Path == "" {
		return
	}
	hasProp := false
	for _, e := range v.Extra {
		hasProp = hasProp || e == materials.IDProperty
	}
	if hasProp {
		path, table := v.Path, a.mat.table
		a.startLabelJob(v, "Reading material labels", func(ctx context.Context, progress func(float64)) (*loadedLabels, error) {
			s, l, err := materials.LoadPLY(path, "", table, func(done, total int64) {
				if total > 0 {
					progress(float64(done) / float64(total))
				}
			})
			if err != nil {
				return nil, err
			}
			return &loadedLabels{labels: l, scene: s, from: filepath.Base(path)}, nil
		})
		return
	}
	if npy := siblingLabels(v.Path); npy != "" {
		a.mat.form.npy = npy
		a.loadNPYLabels(materials.NPYFilesFor(npy), "")
	}
}

// siblingLabels finds an ids array beside a scene: SCENE_material_id.npy, then material_id.npy.
func siblingLabels(scenePath string) string {
	stem := strings.TrimSuffix(scenePath, filepath.Ext(scenePath))
	for _, p := range []string{stem + "_" + materials.IDProperty + ".npy", filepath.Join(filepath.Dir(scenePath), materials.IDProperty+".npy")} {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	return ""
}

// loadNPYLabels reads labels from .npy arrays (and a table file, if given) for the shown scene.
func (a *App) loadNPYLabels(files materials.NPYFiles, tablePath string) {
	v := a.splat.view
	if v == nil {
		a.matError(fmt.Errorf("load labels: open a splat scene first"))
		return
	}
	table := a.mat.table
	n := v.N
	a.startLabelJob(v, "Reading material labels", func(ctx context.Context, progress func(float64)) (*loadedLabels, error) {
		t := table
		if tablePath != "" {
			var err error
			if t, err = materials.LoadTable(tablePath); err != nil {
				return nil, err
			}
		}
		l, err := materials.LoadNPY(files, n, t)
		if err != nil {
			return nil, err
		}
		return &loadedLabels{labels: l, from: filepath.Base(files.IDs)}, nil
	})
}

// startLabelJob runs a label load for view v; its result replaces the labels if v is still
// shown. A failure keeps the scene and shows one line.
func (a *App) startLabelJob(v *SplatView, name string, load func(context.Context, func(float64)) (*loadedLabels, error)) {
	if a.mat.job != nil {
		a.mat.job.Cancel()
	}
	a.mat.job = a.jobs.Start(name, func(ctx context.Context, progress func(float64)) (func() error, error) {
		got, err := load(ctx, progress)
		return func() error {
			a.mat.job = nil
			if a.splat.view != v {
				return nil // another scene was opened meanwhile
			}
			if err != nil {
				a.matError(fmt.Errorf("labels: %s (the scene stays shown without them)", oneLine(err)))
				return nil
			}
			return a.setLabels(v, got)
		}, nil
	})
}

// matError shows a label problem in the panel and the status line.
func (a *App) matError(err error) {
	a.mat.msg, a.mat.msgErr = oneLine(err), true
	a.setError(err)
}

// setLabels makes loaded labels the shown ones, after checking they fit the scene.
func (a *App) setLabels(v *SplatView, got *loadedLabels) error {
	l := got.labels
	if l.N() != v.N {
		msg := fmt.Sprintf("labels: %s has %d labels, the scene shows %d Gaussians", got.from, l.N(), v.N)
		if v.Dropped > 0 {
			msg += fmt.Sprintf(" (%d dropped for NaN/Inf values)", v.Dropped)
		}
		a.matError(fmt.Errorf("%s: not shown", msg))
		return nil
	}
	if err := l.Check(v.N); err != nil {
		a.matError(fmt.Errorf("labels: %s: %v", got.from, err))
		return nil
	}
	m := &a.mat
	keepForm := m.form
	*m = newMatState()
	m.form = keepForm
	m.table, m.labels, m.view, m.scene = l.Table, l, v, got.scene
	if got.scene != nil && got.scene.N != v.N {
		m.scene = nil // NaN rows were dropped from the view: indices differ; reload when needed
	}
	m.hidden = make([]bool, len(l.Table.Materials))
	m.recount()
	m.color.mode = colorMaterial
	m.color.dirty = true
	if m.form.save == "" {
		m.form.save = defaultLabelSave(v.Path)
	}
	used := 0
	for _, c := range m.counts {
		if c > 0 {
			used++
		}
	}
	m.msg = fmt.Sprintf("%d Gaussians labelled, %d materials, from %s", l.N(), used, got.from)
	if len(l.Warnings) > 0 {
		m.msg += "; " + l.Warnings[0]
		if len(l.Warnings) > 1 {
			m.msg += fmt.Sprintf(" (+%d more warnings)", len(l.Warnings)-1)
		}
		a.setError(fmt.Errorf("%s", m.msg))
	} else {
		a.setStatus("Material labels: " + m.msg)
	}
	return nil
}

// defaultLabelSave is SCENE_labels.ply beside the scene (never the input file).
func defaultLabelSave(scenePath string) string {
	return strings.TrimSuffix(scenePath, filepath.Ext(scenePath)) + "_labels.ply"
}

// recount refreshes the per-material counts and marks what depends on the ids as stale.
func (m *matState) recount() {
	if m.labels == nil {
		return
	}
	m.counts = m.labels.Counts()
	if len(m.hidden) < len(m.counts) {
		m.hidden = append(m.hidden, make([]bool, len(m.counts)-len(m.hidden))...)
	}
	m.maskVer++
	m.centDirty = true
	m.color.dirty = true
}

// dropMaterials forgets the labels (a new scene, or the scene closed); the GPU colours go with
// the scene's pass.
func (a *App) dropMaterials() {
	if a.mat.job != nil {
		a.mat.job.Cancel()
	}
	a.stopSim()
	form := a.mat.form
	table := a.mat.table
	a.mat = newMatState()
	a.mat.form = matForm{save: "", assign: form.assign}
	if table != nil && table.Source != "" {
		a.mat.table = table // a table the user loaded stays for the next scene
	}
}

// hasLabels reports whether the shown scene has labels.
func (a *App) hasLabels() bool {
	return a.mat.labels != nil && a.splat.view != nil && a.mat.view == a.splat.view
}

// updateMask rebuilds the hide mask after hidden materials changed and puts it in the splat
// filter (the background sorter then leaves those Gaussians out); it also restores the mask
// after "Reset filters".
func (a *App) updateMask() {
	m := &a.mat
	if !a.hasLabels() {
		if a.splat.filter.Mask != nil {
			a.splat.filter.Mask = nil
		}
		return
	}
	if m.mask == nil || m.builtVer != m.maskVer {
		m.mask = buildHideMask(m.labels.IDs, m.hidden)
		m.builtVer = m.maskVer
	}
	if m.mask.Hidden == nil {
		a.splat.filter.Mask = nil
	} else {
		a.splat.filter.Mask = m.mask
	}
}

// buildHideMask marks the Gaussians of hidden materials; with none hidden its Hidden is nil.
func buildHideMask(ids []int32, hidden []bool) *gaussians.HideMask {
	any := false
	for _, h := range hidden {
		any = any || h
	}
	if !any {
		return &gaussians.HideMask{}
	}
	out := make([]bool, len(ids))
	for i, id := range ids {
		out[i] = int(id) < len(hidden) && hidden[id]
	}
	return &gaussians.HideMask{Hidden: out}
}

// setHidden hides or shows material id.
func (a *App) setHidden(id int, hide bool) {
	m := &a.mat
	if id < 0 || id >= len(m.hidden) || m.hidden[id] == hide {
		return
	}
	m.hidden[id] = hide
	m.maskVer++
	m.centDirty = true
}

// isolate shows only material id (all of them again when it is the only one shown already).
func (a *App) isolate(id int) {
	m := &a.mat
	if id < 0 || id >= len(m.hidden) {
		return
	}
	only := !m.hidden[id]
	for k, h := range m.hidden {
		only = only && (k == id || h || m.counts[k] == 0)
	}
	for k := range m.hidden {
		m.hidden[k] = !only && k != id
	}
	m.maskVer++
	m.centDirty = true
}
