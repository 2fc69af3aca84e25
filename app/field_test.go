package app

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/csp"
	"github.com/splatscope/splatscope/render"
)

// fakeFieldPass stands in for a GL field pass.
type fakeFieldPass struct{ deleted *int }

func (f fakeFieldPass) Draw(render.Frame, render.FieldStyle) {}
func (f fakeFieldPass) Delete()                              { *f.deleted++ }

// fieldTestApp is an app with fake GL uploads, showing a one-triangle mesh.
func fieldTestApp(t *testing.T) (a *App, deleted *int) {
	t.Helper()
	deleted = new(int)
	dir := t.TempDir()
	tri := filepath.Join(dir, "tri.off")
	os.WriteFile(tri, []byte("OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n"), 0o644)
	a = newApp(Options{})
	a.newPass = func(s *Scene) error { s.Pass = fakePass{deleted}; return nil }
	a.newFieldPass = func(v *FieldView) error { v.Pass = fakeFieldPass{deleted}; return nil }
	a.openMesh(tri)
	a.applyAll(t)
	if a.scene == nil {
		t.Fatalf("mesh not shown: %q", a.status)
	}
	return a, deleted
}

// TestBakeFieldJob bakes the open mesh's field in the background: a job with progress that
// ends in a field of the chosen N, baked from the mesh.
func TestBakeFieldJob(t *testing.T) {
	a, _ := fieldTestApp(t)
	a.field.res = 0 // 32³
	a.do(ActBakeField)
	j := a.field.job
	if j == nil || !a.jobs.Busy() {
		t.Fatal("bake did not start a job")
	}
	a.applyAll(t)
	if j.Progress() != 1 {
		t.Errorf("progress at the end %v, want 1", j.Progress())
	}
	v := a.field.view
	if v == nil || v.Pass == nil {
		t.Fatalf("no field after the bake: status %q", a.status)
	}
	if v.Grid.Dims != [3]int{32, 32, 32} || v.Mesh != a.scene.Mesh {
		t.Errorf("field %v from %p, want 32³ from the open mesh", v.Grid.Dims, v.Mesh)
	}
	// The baked grid's closest point to a point above the triangle is its foot on the triangle.
	out := make([]mgl32.Vec3, 1)
	v.Grid.ClosestPoints([]mgl32.Vec3{{0.25, 0.25, 0.3}}, out)
	if d := out[0].Sub(mgl32.Vec3{0.25, 0.25, 0}).Len(); d > 0.02 {
		t.Errorf("closest point %v, want about (0.25, 0.25, 0)", out[0])
	}
	if !a.showsField() || !a.showsMesh() {
		t.Errorf("default show: field %v mesh %v, want both", a.showsField(), a.showsMesh())
	}
	a.do(ActFieldShow)
	if !a.showsField() || a.showsMesh() {
		t.Errorf("after V: field %v mesh %v, want the field only", a.showsField(), a.showsMesh())
	}
}

// TestBakeFieldCancel cancels a 256³ bake: no field arrives, the mesh stays, the status says so.
func TestBakeFieldCancel(t *testing.T) {
	a, deleted := fieldTestApp(t)
	a.field.res = len(fieldResolutions) - 1
	a.bakeField()
	time.Sleep(20 * time.Millisecond)
	a.do(ActCancelJob)
	if a.jobs.Busy() {
		t.Error("job still running after cancel")
	}
	time.Sleep(50 * time.Millisecond)
	a.applyResults()
	if a.field.view != nil {
		t.Error("a cancelled bake delivered a field")
	}
	if a.scene == nil || *deleted != 0 {
		t.Errorf("scene %v, %d deletions: the mesh must stay", a.scene, *deleted)
	}
}

// TestFieldErrorsKeepScene: a failing upload, a bad grid file and a bake with no mesh leave
// what is on screen and put one line in the status.
func TestFieldErrorsKeepScene(t *testing.T) {
	a, deleted := fieldTestApp(t)
	a.field.res = 0
	a.bakeField()
	a.applyAll(t)
	first := a.field.view
	mesh0 := a.scene

	a.newFieldPass = func(*FieldView) error { return errors.New("render: out of memory") }
	a.bakeField()
	a.applyAll(t)
	if a.field.view != first || !a.statusErr || !strings.Contains(a.status, "out of memory") {
		t.Errorf("upload failure: field replaced or no error (status %q)", a.status)
	}

	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.npy")
	os.WriteFile(bad, []byte("not a numpy file"), 0o644)
	os.WriteFile(csp.SidecarPath(bad), []byte(`{"origin":[0,0,0],"spacing":1,"shape":[2,2,2,3],"dtype":"float32"}`), 0o644)
	for _, p := range []string{bad, filepath.Join(dir, "missing.npy"), filepath.Join(dir, "net.pt")} {
		a.openPaths([]string{p})
		a.applyAll(t)
		if a.field.view != first || a.scene != mesh0 {
			t.Errorf("%s: field or mesh replaced after an error", p)
		}
		if !a.statusErr || !strings.Contains(a.status, filepath.Base(p)) || strings.Contains(a.status, "\n") {
			t.Errorf("%s: status %q, want one error line naming the file", p, a.status)
		}
	}
	if *deleted != 0 {
		t.Errorf("%d passes deleted while errors kept the scene", *deleted)
	}

	b := newApp(Options{})
	b.bakeField()
	if !b.statusErr || b.jobs.Busy() {
		t.Errorf("bake with no mesh: status %q, busy %v", b.status, b.jobs.Busy())
	}
}

// TestFieldFileReplacesMesh opens a saved grid: it shows alone unless its sidecar names the
// open mesh as its source; saving from the panel writes .npy and sidecar.
func TestFieldFileReplacesMesh(t *testing.T) {
	a, _ := fieldTestApp(t)
	a.field.res = 0
	a.bakeField()
	a.applyAll(t)
	dir := t.TempDir()
	npy := filepath.Join(dir, "tri-32.npy")
	a.saveField(npy)
	a.applyAll(t)
	if _, err := os.Stat(csp.SidecarPath(npy)); err != nil || a.statusErr {
		t.Fatalf("save: %v, status %q", err, a.status)
	}
	mesh0 := a.scene
	a.openPaths([]string{npy})
	a.applyAll(t)
	if a.scene != mesh0 || a.field.view == nil || a.field.view.Mesh != mesh0.Mesh {
		t.Errorf("own field file: mesh kept %v, field %+v", a.scene == mesh0, a.field.view)
	}
	g, _, _ := csp.LoadGrid(npy)
	other := filepath.Join(dir, "other.npy")
	if err := csp.SaveGrid(other, g, csp.Meta{}); err != nil {
		t.Fatal(err)
	}
	a.openPaths([]string{other})
	a.applyAll(t)
	if a.scene != nil || a.field.view == nil || a.field.view.Name != "other.npy" {
		t.Errorf("foreign field file: scene %v, field %+v; want the field alone", a.scene, a.field.view)
	}
	if !a.showsField() || a.showsMesh() {
		t.Error("field alone is not drawn")
	}
}

// TestFieldModeCycle steps through the display modes with M and Shift+M.
func TestFieldModeCycle(t *testing.T) {
	a := newApp(Options{})
	for range int(csp.Residual) {
		a.do(ActFieldMode)
	}
	if a.field.mode != int(csp.Residual) {
		t.Fatalf("mode %d after %d presses, want residual", a.field.mode, csp.Residual)
	}
	// Without a mesh the two maps against it are skipped.
	a.do(ActFieldMode)
	if a.field.mode != int(csp.Shaded) {
		t.Errorf("mode %d after residual without a mesh, want shaded", a.field.mode)
	}
	a.do(ActFieldModeBack)
	if a.field.mode != int(csp.Residual) {
		t.Errorf("back: mode %d, want residual", a.field.mode)
	}
	a.scene = &Scene{}
	a.do(ActFieldMode)
	if a.field.mode != modeDepthError {
		t.Errorf("with a mesh: mode %d after residual, want the depth error map", a.field.mode)
	}
	if len(fieldModeNames) != modeNormalCos+1 {
		t.Errorf("%d mode names for %d modes", len(fieldModeNames), modeNormalCos+1)
	}
}

// TestOpenNeuralField opens the PyTorch fixture: it is baked adaptively in the background and
// shown with its network frame stated.
func TestOpenNeuralField(t *testing.T) {
	a := newApp(Options{})
	deleted := 0
	a.newFieldPass = func(v *FieldView) error { v.Pass = fakeFieldPass{&deleted}; return nil }
	a.field.res = 0 // 32³
	a.openPaths([]string{filepath.Join("..", "csp", "testdata", "neural_sphere.pt")})
	a.applyAll(t)
	v := a.field.view
	if v == nil {
		t.Fatalf("no field: status %q", a.status)
	}
	if !strings.Contains(v.Kind, "neural") || v.Note != csp.NeuralFrame || v.Grid.Dims[0] != 32 {
		t.Errorf("field %q kind %q note %q dims %v", v.Name, v.Kind, v.Note, v.Grid.Dims)
	}
	if _, ok := v.Source.(*csp.MLP); !ok {
		t.Errorf("source %T, want the network", v.Source)
	}
}
