package app

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/render"
)

// simExport renders the baked physics frames offscreen from the current camera, one per viewer
// frame on the GL thread, and hands the images to a background job that writes them with the
// camera path's frame writers: PNG files in a folder, or an MP4 through ffmpeg. A cancelled or
// failed export leaves nothing behind.
type simExport struct {
	w, h int
	mp4  bool
	out  string // a folder for PNG frames, or a .mp4 file

	job *Job
	run *simRun // the baked run being exported
	frameStream
	next, total int
	target      *render.Offscreen
	done        chan struct{} // closed when the writer has finished or cleaned up
}

// newSimExport: 1280×720, a video's common size.
func newSimExport() simExport { return simExport{w: 1280, h: 720} }

// active reports whether an export is under way.
func (e *simExport) active() bool { return e.job != nil }

// defaultSimExportOut names the export beside the scene: NAME_physics (frames) or
// NAME_physics.mp4; the built-in demo, which has no file, writes into the working folder.
func defaultSimExportOut(v *SplatView, mp4 bool) string {
	base, dir := "physics_demo", "."
	if v != nil && v.Path != "" {
		base = strings.TrimSuffix(filepath.Base(v.Path), filepath.Ext(v.Path))
		dir = filepath.Dir(v.Path)
	}
	if mp4 {
		return filepath.Join(dir, base+"_physics.mp4")
	}
	return filepath.Join(dir, base+"_physics")
}

// startSimExport begins writing the baked frames at the chosen size to the chosen output.
func (a *App) startSimExport() {
	e := &a.sim.export
	if e.w == 0 {
		*e = newSimExport()
	}
	r := a.sim.run
	switch {
	case e.active():
		return
	case !a.simActive() || r.baked == nil:
		a.simError(errors.New("export frames: bake the simulation first (Bake, then play)"))
		return
	}
	// H.264 in 4:2:0 needs even sides; one rule for both kinds keeps them alike.
	w, h := max(2, e.w&^1), max(2, e.h&^1)
	fps := max(1, int(math.Round(float64(r.fps))))
	out := e.out
	if out == "" {
		out = defaultSimExportOut(a.splat.view, e.mp4)
	}
	ff, out, err := frameOutput(out, e.mp4)
	if err != nil {
		a.simError(fmt.Errorf("export frames: %v; export PNG frames instead", err))
		return
	}
	total := len(r.baked)
	stream := newFrameStream()
	frames := stream.frames
	done := make(chan struct{})
	mp4 := e.mp4
	*e = simExport{w: e.w, h: e.h, mp4: e.mp4, out: e.out, run: r, frameStream: stream, total: total, done: done}
	e.job = a.jobs.Start(fmt.Sprintf("Exporting %d physics frames to %s", total, filepath.Base(out)),
		func(ctx context.Context, progress func(float64)) (func() error, error) {
			defer close(done)
			fw, cleanup, err := openFrameWriter(ff, out, mp4, w, h, fps)
			if err != nil {
				return nil, err
			}
			n, err := writeFrames(ctx, frames, fw, cleanup, total, progress, out, "export", " (nothing kept)")
			if err != nil {
				return nil, err
			}
			return func() error {
				a.setStatus(fmt.Sprintf("Exported %d physics frames (%d×%d, %d fps) to %s", n, w, h, fps, out))
				return nil
			}, nil
		})
}

// openFrameWriter opens the PNG or MP4 writer of the camera path renders; cleanup removes the
// PNG folder again if this export made it (after the writer's abort emptied it).
func openFrameWriter(ffmpeg, out string, mp4 bool, w, h, fps int) (frameWriter, func(), error) {
	if mp4 {
		fw, err := newMP4Writer(ffmpeg, out, w, h, fps)
		return fw, func() {}, err
	}
	_, statErr := os.Stat(out)
	fw, err := newPNGWriter(out)
	if err != nil {
		return nil, nil, err
	}
	cleanup := func() {}
	if os.IsNotExist(statErr) {
		cleanup = func() { os.Remove(out) } // only removes it empty: never someone's files
	}
	return fw, cleanup, nil
}

// tickSimExport renders the next baked frame when the writer has room for it: the view shows
// that frame, sorted for the current camera, drawn as the physics view draws it (splats,
// particles or both) into an offscreen target of the export's size.
func (a *App) tickSimExport() {
	e := &a.sim.export
	if !a.jobs.isRunning(e.job) {
		a.stopSimExport()
		return
	}
	v := a.splat.view
	if v == nil || v.sorter == nil || e.run != a.sim.run {
		a.stopSimExport()
		return
	}
	if e.next >= e.total {
		e.closeFrames()
		return
	}
	if e.full() {
		return // the writer is busy: never block the frame on it
	}
	w, h := max(2, e.w&^1), max(2, e.h&^1)
	if e.target == nil {
		t, err := render.NewOffscreen(w, h)
		if err != nil {
			a.stopSimExport()
			a.simError(fmt.Errorf("export frames: %v", err))
			return
		}
		e.target = t
	}
	fr := e.run.baked[e.next]
	a.showSimFrame(v, fr.b, fr)
	e.run.bakeAt, e.run.bakeShown = e.next, e.next
	cam := a.camera()
	f := render.Frame{View: cam.View(), Proj: cam.Projection().Matrix(float32(w) / float32(h)),
		Eye: cam.Position(), Width: w, Height: h}
	a.sortSplatsNow(v, f.View)
	e.target.Bind()
	render.Clear(w, h, mgl32.Vec3(a.bg))
	if a.simShowsSplats() {
		v.Pass.Draw(f, render.SplatStyle{SHDegree: a.splatSHDegree()})
	}
	a.drawSimParticles(f)
	img := e.target.Image()
	e.target.Unbind()
	e.frames <- img
	e.next++
}

// stopSimExport ends an export on the GL side (cancelling its job if it still runs), frees the
// target and lets playback show its own frame again.
func (a *App) stopSimExport() {
	e := &a.sim.export
	if e.job == nil {
		return
	}
	if a.jobs.isRunning(e.job) && !e.closed {
		e.job.Cancel()
	}
	e.closeFrames()
	if e.target != nil {
		e.target.Delete()
		e.target = nil
	}
	if r := e.run; r != nil {
		r.bakeShown, r.lastTick = -1, time.Time{}
	}
	e.job, e.run = nil, nil
}
