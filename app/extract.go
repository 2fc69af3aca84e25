package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/ncruces/zenity"
	"github.com/splatscope/splatscope/csp"
	"github.com/splatscope/splatscope/mesh"
	"github.com/splatscope/splatscope/render"
)

// Mesh extraction from the current CSP field: a background job runs csp.Extract, the result
// is shown over the scene as a preview in its own colour, then saved (STL, OBJ or PLY by
// extension) or discarded.

var (
	extractResolutions = []int{64, 128, 256}
	extractResNames    = []string{"64³", "128³", "256³"}
	extractModeNames   = []string{"open (one sheet)", "shell (closed solid)"}
	extractModes       = []csp.ExtractMode{csp.ExtractOpen, csp.ExtractShell}
)

// previewColor is the preview's base colour: orange, apart from the grey mesh and the
// field's normal colours.
var previewColor = mgl32.Vec3{0.95, 0.55, 0.15}

// extractState is the "Extract mesh" section's state.
type extractState struct {
	res      int     // index into extractResolutions
	mode     int     // index into extractModes
	thickVox float32 // shell thickness in voxels
	job      *Job
	stage    *atomic.Pointer[string] // the job's current stage, for the progress bar
	preview  *extractPreview
	ascii    bool   // ASCII STL instead of binary
	path     string // the in-app save form's path
	formOpen bool
}

// extractPreview is an extracted mesh on screen, not yet saved.
type extractPreview struct {
	Scene *Scene // the mesh, its GPU pass (through App.newPass) and description
	Topo  mesh.Topology
	Stats csp.ExtractStats
	Mode  csp.ExtractMode
	From  string // the field's name
	Took  time.Duration
}

// newExtractState returns the section's defaults: 128³, open mode, a one-voxel shell.
func newExtractState() extractState {
	return extractState{res: 1, thickVox: 1}
}

// extractSource is the field to mesh: the loaded field's continuous source (exact mesh,
// network, or the grid itself), else the open mesh's exact field.
func (a *App) extractSource() (f csp.Field, name string, err error) {
	if v := a.field.view; v != nil && v.Source != nil {
		if sg, ok := v.Source.(csp.SafeGrid); ok { // a grid file: mesh its own nodes
			return sg.Grid, v.Name, nil
		}
		return v.Source, v.Name, nil
	}
	if a.scene != nil && a.scene.Mesh != nil {
		f, err := csp.NewMeshField(a.scene.Mesh)
		if err != nil {
			return nil, "", fmt.Errorf("extract mesh: %s: %v", a.scene.Name, err)
		}
		return f, a.scene.Name + " (exact field)", nil
	}
	return nil, "", errors.New("extract mesh: no field or mesh open")
}

// extractMesh starts the extraction job; a running one is cancelled (the newer request wins).
// Errors (no surface, memory refusal) end in the status line and leave the scene as it was.
func (a *App) extractMesh() {
	x := &a.extract
	f, name, err := a.extractSource()
	if err != nil {
		a.setError(err)
		return
	}
	if x.job != nil {
		x.job.Cancel()
	}
	res, mode, thick := extractResolutions[x.res], extractModes[x.mode], x.thickVox
	stage := &atomic.Pointer[string]{}
	x.stage = stage
	var job *Job
	job = a.jobs.Start(fmt.Sprintf("Extracting a %s mesh at %d³", mode, res),
		func(ctx context.Context, progress func(float64)) (func() error, error) {
			p, err := runExtract(ctx, f, name, res, mode, thick, progress, stage)
			if err != nil {
				return nil, err
			}
			return func() error { return a.setPreview(p) }, nil
		})
	x.job = job
}

// runExtract is the job's body: extraction, analysis and GPU arrays, off the GL thread.
func runExtract(ctx context.Context, f csp.Field, name string, res int, mode csp.ExtractMode, thickVox float32,
	progress func(float64), stage *atomic.Pointer[string]) (*extractPreview, error) {
	t0 := time.Now()
	o := csp.ExtractOptions{Mode: mode, Res: res}
	if mode == csp.ExtractShell && thickVox > 0 {
		o.Thickness = thickVox * extractVoxel(f, res)
	}
	o.Progress = func(st string, done, total int) {
		if cur := stage.Load(); cur == nil || *cur != st {
			stage.Store(&st)
		}
		frac := float64(done) / float64(max(total, 1))
		switch st {
		case "sampling": // most of the work on continuous fields
			progress(0.6 * frac)
		case "directions": // open mode on a network: its standoff queries
			progress(0.6 + 0.1*frac)
		default:
			progress(0.7 + 0.25*frac)
		}
	}
	m, st, err := csp.Extract(ctx, f, o)
	if err != nil {
		return nil, fmt.Errorf("extract mesh from %s: %w", name, err)
	}
	m.Source = name
	sc, err := prepareScene(fmt.Sprintf("%s mesh of %s", mode, name), m)
	if err != nil {
		return nil, err
	}
	progress(1)
	return &extractPreview{Scene: sc, Topo: mesh.Analyze(m), Stats: st, Mode: mode, From: name, Took: time.Since(t0)}, nil
}

// extractVoxel is the lattice spacing Extract uses for f at res (a grid at its own
// resolution keeps its spacing).
func extractVoxel(f csp.Field, res int) float32 {
	if g, ok := f.(*csp.Grid); ok && g.Dims[0] == res && g.Dims[1] == res && g.Dims[2] == res {
		return g.Spacing
	}
	lo, hi := f.Bounds()
	blo, bhi := csp.BakeBox(lo, hi, res)
	return (bhi[0] - blo[0]) / float32(res-1)
}

// setPreview uploads p and shows it, replacing an earlier preview (the GL thread only).
func (a *App) setPreview(p *extractPreview) error {
	if err := a.newPass(p.Scene); err != nil {
		return fmt.Errorf("extract mesh: %w", err)
	}
	a.discardPreview()
	a.extract.preview = p
	a.extract.job = nil
	a.setStatus(fmt.Sprintf("Extracted %d triangles (%s mode, %d³) in %.1fs: Save… or Discard", len(p.Scene.Mesh.Triangles), p.Mode, p.Stats.Res, p.Took.Seconds()))
	return nil
}

// discardPreview drops the preview and frees its GPU objects.
func (a *App) discardPreview() {
	if p := a.extract.preview; p != nil {
		p.Scene.Delete()
		a.extract.preview = nil
	}
}

// drawExtractPreview draws the preview over the scene in its own colour, boundary edges lit.
func (a *App) drawExtractPreview(f render.Frame) {
	p := a.extract.preview
	if p == nil || p.Scene.Pass == nil {
		return
	}
	st := a.style
	st.Color, st.Textures, st.Boundary = previewColor, false, true
	p.Scene.Pass.Draw(f, st)
}

// extractFileName is the default name for saving the preview: the field's base name, the
// mode, and .stl.
func extractFileName(p *extractPreview) string {
	base := strings.TrimSuffix(filepath.Base(p.From), filepath.Ext(p.From))
	base = strings.Trim(strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|() ³`, r) {
			return '_'
		}
		return r
	}, base), "_")
	if base == "" {
		base = "field"
	}
	return fmt.Sprintf("%s_%s.stl", base, p.Mode)
}

// saveDialog asks where to save the preview: a native dialog or the in-app form.
func (a *App) extractSaveDialog() {
	p := a.extract.preview
	if p == nil {
		a.setError(errors.New("save mesh: nothing extracted yet"))
		return
	}
	a.saveDialog("Save the extracted mesh", extractFileName(p), zenity.FileFilters{
		{Name: "STL", Patterns: []string{"*.stl"}, CaseFold: true},
		{Name: "OBJ", Patterns: []string{"*.obj"}, CaseFold: true},
		{Name: "PLY", Patterns: []string{"*.ply"}, CaseFold: true},
	}, &a.extract.formOpen, &a.extract.path, a.saveExtracted)
}

// saveExtracted writes the preview to path in a background job, by extension (.obj, .ply,
// else STL, adding .stl when there is no known extension); writes are atomic (mesh.Write*).
func (a *App) saveExtracted(path string) {
	p := a.extract.preview
	if p == nil {
		return
	}
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".obj" && ext != ".ply" && ext != ".stl" {
		path, ext = path+".stl", ".stl"
	}
	m, ascii := p.Scene.Mesh, a.extract.ascii
	a.jobs.Start("Saving "+filepath.Base(path), func(ctx context.Context, _ func(float64)) (func() error, error) {
		var err error
		kind := strings.ToUpper(ext[1:])
		switch ext {
		case ".obj":
			err = mesh.WriteOBJ(path, m)
		case ".ply":
			err = mesh.WritePLY(path, m, true)
		default:
			err = mesh.WriteSTL(path, m, ascii)
			if ascii {
				kind = "ASCII STL"
			} else {
				kind = "binary STL"
			}
		}
		if err != nil {
			return nil, err
		}
		return func() error {
			a.setStatus(fmt.Sprintf("Saved %s: %s (%d triangles)", kind, path, len(m.Triangles)))
			return nil
		}, nil
	})
}
