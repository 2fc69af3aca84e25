package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/splatscope/splatscope/render"
)

// waitResults polls js until n results arrived or the deadline passes.
func waitResults(t *testing.T, js *Jobs, n int) []JobResult {
	t.Helper()
	var got []JobResult
	deadline := time.Now().Add(10 * time.Second)
	for len(got) < n && time.Now().Before(deadline) {
		got = append(got, js.Poll()...)
		time.Sleep(time.Millisecond)
	}
	if len(got) < n {
		t.Fatalf("got %d results, want %d", len(got), n)
	}
	return got
}

func TestJobProgressAndResult(t *testing.T) {
	js := NewJobs()
	step := make(chan struct{})
	applied := false
	j := js.Start("count", func(ctx context.Context, progress func(float64)) (func() error, error) {
		progress(0.25)
		step <- struct{}{} // let the test read the progress
		<-step
		progress(7) // clamped to 1
		return func() error { applied = true; return nil }, nil
	})
	<-step
	if p := j.Progress(); p != 0.25 {
		t.Errorf("progress %v, want 0.25", p)
	}
	if !js.Busy() {
		t.Errorf("job not listed as running")
	}
	step <- struct{}{}
	r := waitResults(t, js, 1)[0]
	if r.Err != nil || r.Apply == nil {
		t.Fatalf("result: %+v", r)
	}
	if applied {
		t.Errorf("applied on the worker goroutine; must wait for the main loop")
	}
	if err := r.Apply(); err != nil || !applied {
		t.Errorf("apply: %v, applied %v", err, applied)
	}
	if j.Progress() != 1 {
		t.Errorf("progress %v, want clamped to 1", j.Progress())
	}
	if js.Busy() {
		t.Errorf("finished job still running")
	}
}

func TestJobCancelDropsResult(t *testing.T) {
	js := NewJobs()
	release := make(chan struct{})
	sawCancel := make(chan bool, 1)
	j := js.Start("slow", func(ctx context.Context, progress func(float64)) (func() error, error) {
		<-release
		sawCancel <- ctx.Err() != nil
		return func() error { t.Error("cancelled job applied"); return nil }, nil
	})
	j.Cancel()
	if js.Busy() {
		t.Errorf("cancelled job still listed")
	}
	close(release)
	if !<-sawCancel {
		t.Errorf("work did not see its context cancelled")
	}
	time.Sleep(20 * time.Millisecond)
	if got := js.Poll(); len(got) != 0 {
		t.Errorf("cancelled job delivered %d results", len(got))
	}
}

func TestJobPanicBecomesError(t *testing.T) {
	js := NewJobs()
	js.Start("boom", func(ctx context.Context, progress func(float64)) (func() error, error) {
		panic("bad index")
	})
	r := waitResults(t, js, 1)[0]
	if r.Err == nil || !strings.Contains(r.Err.Error(), "bad index") {
		t.Errorf("err = %v, want the panic text", r.Err)
	}
}

// fakePass stands in for a GL mesh pass.
type fakePass struct{ deleted *int }

func (f fakePass) Draw(render.Frame, render.MeshStyle) {}
func (f fakePass) Delete()                             { *f.deleted++ }

// TestLoadErrorKeepsScene loads a good mesh, then a broken one and a missing one: the errors
// go to the status line as one line and the first scene stays on screen.
func TestLoadErrorKeepsScene(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "tri.off")
	bad := filepath.Join(dir, "bad.off")
	os.WriteFile(good, []byte("OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n"), 0o644)
	os.WriteFile(bad, []byte("OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 9\n"), 0o644)

	deleted := 0
	a := newApp(Options{})
	a.newPass = func(s *Scene) error { s.Pass = fakePass{&deleted}; return nil }

	a.openMesh(good)
	a.applyAll(t)
	if a.scene == nil || a.scene.Info.Triangles != 1 {
		t.Fatalf("good mesh not shown: scene %+v, status %q", a.scene, a.status)
	}
	first := a.scene

	for _, p := range []string{bad, filepath.Join(dir, "missing.obj")} {
		a.openMesh(p)
		a.applyAll(t)
		if a.scene != first {
			t.Errorf("%s: scene replaced after an error", p)
		}
		if !a.statusErr || !strings.Contains(a.status, filepath.Base(p)) || strings.Contains(a.status, "\n") {
			t.Errorf("%s: status %q (error %v), want one line naming the file", p, a.status, a.statusErr)
		}
	}
	if deleted != 0 {
		t.Errorf("the kept scene's pass was deleted %d times", deleted)
	}

	// A failing upload (GL) also keeps the scene.
	a.newPass = func(*Scene) error { return errors.New("render: out of memory") }
	a.openMesh(good)
	a.applyAll(t)
	if a.scene != first || !a.statusErr {
		t.Errorf("upload failure: scene replaced or no error (status %q)", a.status)
	}
}

// applyAll waits for the running jobs and applies their results as the frame loop does.
func (a *App) applyAll(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for len(a.jobs.running) > 0 && time.Now().Before(deadline) {
		a.applyResults()
		time.Sleep(time.Millisecond)
	}
	if len(a.jobs.running) > 0 {
		t.Fatal("jobs did not finish")
	}
}
