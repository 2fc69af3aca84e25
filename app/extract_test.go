package app

import (
	"math"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/csp"
	"github.com/splatscope/splatscope/mesh"
)

// farField has no surface in its box: every closest point is far outside it.
type farField struct{}

func (farField) Bounds() (lo, hi mgl32.Vec3) { return mgl32.Vec3{-1, -1, -1}, mgl32.Vec3{1, 1, 1} }
func (farField) ClosestPoints(ps, out []mgl32.Vec3) {
	for i := range ps {
		out[i] = mgl32.Vec3{100, 100, 100}
	}
}

// slowField is a sphere that answers slowly and counts the queries, to cancel mid-way.
type slowField struct {
	csp.Sphere
	calls *atomic.Int64
}

func (f slowField) ClosestPoints(ps, out []mgl32.Vec3) {
	f.calls.Add(1)
	time.Sleep(5 * time.Millisecond)
	f.Sphere.ClosestPoints(ps, out)
}

// TestExtractJobPreviewSave runs the panel's flow: Extract → job with progress → preview
// (uploaded, analysed) → Save in each format, read back with the same triangle count → Discard.
func TestExtractJobPreviewSave(t *testing.T) {
	cases := []struct {
		name   string
		mode   int
		closed bool
	}{
		{"open", 0, true}, // a sphere is closed: one sheet without rims
		{"shell", 1, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, deleted := fieldTestApp(t)
			scene := a.scene
			a.field.view = &FieldView{Name: "sphere", Source: csp.Sphere{Radius: 0.5}}
			a.extract.res, a.extract.mode = 0, c.mode // 64³
			if !a.do(ActExtract) {
				t.Fatal("ActExtract not handled")
			}
			job := a.extract.job
			if job == nil || !a.jobs.isRunning(job) {
				t.Fatalf("no extraction job running (status %q)", a.status)
			}
			a.applyAll(t)
			if job.Progress() != 1 {
				t.Errorf("progress %v at the end, want 1", job.Progress())
			}
			p := a.extract.preview
			if p == nil {
				t.Fatalf("no preview: status %q", a.status)
			}
			if a.scene != scene {
				t.Error("the extraction replaced the scene")
			}
			if p.Scene.Pass == nil || p.Topo.Triangles == 0 || p.Topo.Triangles != len(p.Scene.Mesh.Triangles) {
				t.Fatalf("preview not uploaded or empty: %+v", p.Topo)
			}
			if c.closed && (p.Topo.BoundaryEdges != 0 || p.Topo.NonManifoldEdges != 0) {
				t.Errorf("sphere preview has %d boundary, %d non-manifold edges", p.Topo.BoundaryEdges, p.Topo.NonManifoldEdges)
			}
			dir := t.TempDir()
			for _, name := range []string{"out.stl", "out.obj", "out.ply", "ascii.stl", "noext"} {
				a.extract.ascii = name == "ascii.stl"
				path := filepath.Join(dir, name)
				a.saveExtracted(path)
				a.applyAll(t)
				if name == "noext" {
					path += ".stl"
				}
				if a.statusErr || !strings.Contains(a.status, "Saved") {
					t.Fatalf("%s: status %q", name, a.status)
				}
				m, err := mesh.Load(path, nil)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if len(m.Triangles) != p.Topo.Triangles {
					t.Errorf("%s: read back %d triangles, saved %d", name, len(m.Triangles), p.Topo.Triangles)
				}
			}
			before := *deleted
			a.discardPreview()
			if a.extract.preview != nil || *deleted != before+1 {
				t.Errorf("discard: preview %v, passes deleted %d (want %d)", a.extract.preview, *deleted, before+1)
			}
		})
	}
}

// TestExtractErrorKeepsScene: a field with no surface ends in one status line; the scene and
// an earlier preview stay.
func TestExtractErrorKeepsScene(t *testing.T) {
	a, _ := fieldTestApp(t)
	scene := a.scene
	a.field.view = &FieldView{Name: "sphere", Source: csp.Sphere{Radius: 0.5}}
	a.extract.res = 0
	a.extractMesh()
	a.applyAll(t)
	prev := a.extract.preview
	if prev == nil {
		t.Fatalf("no first preview: %q", a.status)
	}
	a.field.view = &FieldView{Name: "empty", Source: farField{}}
	a.extractMesh()
	a.applyAll(t)
	if !a.statusErr || !strings.Contains(a.status, "no surface found") || strings.Contains(a.status, "\n") {
		t.Errorf("status %q (error %v), want one line saying no surface found", a.status, a.statusErr)
	}
	if a.scene != scene || a.extract.preview != prev {
		t.Error("an extraction error changed the scene or the preview")
	}
	// Nothing to mesh at all.
	b := newApp(Options{})
	b.extractMesh()
	if !b.statusErr || !strings.Contains(b.status, "no field or mesh") {
		t.Errorf("no source: status %q", b.status)
	}
}

// TestExtractCancel: cancelling stops the field queries and leaves no preview and no error.
func TestExtractCancel(t *testing.T) {
	a, _ := fieldTestApp(t)
	calls := &atomic.Int64{}
	a.field.view = &FieldView{Name: "slow", Source: slowField{csp.Sphere{Radius: 0.5}, calls}}
	a.extract.res = 2 // 256³: minutes at this speed
	a.extractMesh()
	for calls.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
	a.extract.job.Cancel()
	a.applyAll(t)
	n := calls.Load()
	time.Sleep(100 * time.Millisecond)
	if m := calls.Load(); m > n+4 { // chunks already in flight may finish
		t.Errorf("queries went on after cancel: %d → %d", n, m)
	}
	if a.extract.preview != nil || a.statusErr {
		t.Errorf("after cancel: preview %v, status %q", a.extract.preview, a.status)
	}
}

// TestSuggestedThickVox: the panel's "Use N voxels" button takes the warning's thickness in
// voxels, rounded up to the slider's tenths and kept on the slider.
func TestSuggestedThickVox(t *testing.T) {
	for _, c := range []struct {
		min, voxel, want float32
	}{
		{0, 0.01, 0},          // no warning
		{0.0382, 0.0046, 8.4}, // 8.30… → 8.4
		{0.1, 0.0046, 16},     // 21.7 voxels: the slider's end
		{0.0382, 0.0186, 2.1}, // 2.05 → 2.1
		{0.001, 0.0186, 0.5},  // under the slider's start
		{0.0382, 0, 0},        // no lattice
	} {
		got := suggestedThickVox(csp.ExtractStats{MinThickness: c.min, Voxel: c.voxel})
		if math.Abs(float64(got-c.want)) > 1e-5 {
			t.Errorf("min %v voxel %v: %v, want %v", c.min, c.voxel, got, c.want)
		}
	}
}
