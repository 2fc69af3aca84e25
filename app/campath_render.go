package app

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/camera"
	"github.com/splatscope/splatscope/render"
)

// pathRender renders the camera path offscreen, one path frame per viewer frame on the GL
// thread, handing the images to a background job that writes PNG files or pipes them to ffmpeg.
type pathRender struct {
	w, h, fps int
	out       string // a folder for PNG frames, or a .mp4 file
	mp4       bool

	job *Job
	frameStream
	player  *camera.Player
	next    int
	total   int
	target  *render.Offscreen
	tw, th  int // target size
	lastErr string
}

// newPathRender: 1280×720 at 30 frames a second, a video's common size and rate.
func newPathRender() pathRender {
	return pathRender{w: 1280, h: 720, fps: 30}
}

// active reports whether a render is under way.
func (r *pathRender) active() bool { return r.job != nil }

// ffmpegPath is the ffmpeg program, or "" when none is installed; looked up once (the panel
// asks every frame).
var ffmpegPath = sync.OnceValue(func() string {
	p, err := exec.LookPath("ffmpeg")
	if err != nil {
		return ""
	}
	return p
})

// defaultRenderOut names the render output beside the scene: NAME_path (frames) or NAME_path.mp4.
func defaultRenderOut(v *SplatView, mp4 bool) string {
	base := "splats"
	dir := "."
	if v != nil {
		base = strings.TrimSuffix(v.Name, filepath.Ext(v.Name))
		dir = filepath.Dir(v.Path)
	}
	if mp4 {
		return filepath.Join(dir, base+"_path.mp4")
	}
	return filepath.Join(dir, base+"_path")
}

// startPathRender begins rendering the path at the chosen size and rate to r.out.
func (a *App) startPathRender() {
	r := &a.splat.path.render
	ps := &a.splat.path
	switch {
	case r.active():
		return
	case a.splat.view == nil:
		a.setError(errors.New("render path: no splat scene open"))
		return
	case len(ps.path.Keys) < 2:
		a.setError(errors.New("render path: the camera path needs two keyframes"))
		return
	}
	if err := ps.path.Check(); err != nil {
		a.setError(fmt.Errorf("render path: %v", err))
		return
	}
	// H.264 in 4:2:0 needs even sides; PNG does not care, but one rule keeps them alike.
	w, h, fps := max(2, r.w&^1), max(2, r.h&^1), max(1, r.fps)
	out := r.out
	if out == "" {
		out = defaultRenderOut(a.splat.view, r.mp4)
	}
	ff, out, err := frameOutput(out, r.mp4)
	if err != nil {
		a.setError(fmt.Errorf("render path: %v; render PNG frames instead", err))
		return
	}
	pl := camera.NewPlayer(&ps.path)
	total := int(pl.Duration()*float32(fps)) + 1
	stream := newFrameStream()
	frames := stream.frames
	ps.playing = false
	*r = pathRender{w: r.w, h: r.h, fps: r.fps, out: r.out, mp4: r.mp4, frameStream: stream, player: pl, total: total}
	mp4 := r.mp4
	r.job = a.jobs.Start(fmt.Sprintf("Rendering %d path frames to %s", total, filepath.Base(out)),
		func(ctx context.Context, progress func(float64)) (func() error, error) {
			var fw frameWriter
			var err error
			if mp4 {
				fw, err = newMP4Writer(ff, out, w, h, fps)
			} else {
				fw, err = newPNGWriter(out)
			}
			if err != nil {
				return nil, err
			}
			n, err := writeFrames(ctx, frames, fw, func() {}, total, progress, out, "render", "")
			if err != nil {
				return nil, err
			}
			return func() error {
				a.setStatus(fmt.Sprintf("Rendered %d frames (%d×%d, %d fps) to %s", n, w, h, fps, out))
				return nil
			}, nil
		})
	r.tw, r.th = w, h
}

// tickPathRender renders the next path frame when the writer has room for it; it stops and
// frees the target when the job is over or cancelled.
func (a *App) tickPathRender() {
	r := &a.splat.path.render
	if r.job == nil {
		return
	}
	if !a.jobs.isRunning(r.job) {
		r.stop()
		return
	}
	v := a.splat.view
	if v == nil || v.sorter == nil {
		r.job.Cancel()
		r.stop()
		return
	}
	if r.next >= r.total {
		r.closeFrames()
		return
	}
	if r.full() {
		return // the writer is busy: never block the frame on it
	}
	if r.target == nil {
		t, err := render.NewOffscreen(r.tw, r.th)
		if err != nil {
			r.job.Cancel()
			r.stop()
			a.setError(fmt.Errorf("render path: %v", err))
			return
		}
		r.target = t
	}
	// The viewer follows the render: the window shows the frame being written.
	a.setPose(r.player, float32(r.next)/float32(r.fps))
	cam := a.camera()
	f := render.Frame{View: cam.View(), Proj: cam.Projection().Matrix(float32(r.tw) / float32(r.th)),
		Eye: cam.Position(), Width: r.tw, Height: r.th}
	a.sortSplatsNow(v, f.View)
	r.target.Bind()
	render.Clear(r.tw, r.th, mgl32.Vec3(a.bg))
	v.Pass.Draw(f, render.SplatStyle{SHDegree: a.splat.shDegree})
	img := r.target.Image()
	r.target.Unbind()
	r.frames <- img
	r.next++
}

// stop ends the render on the GL side: frees the target and closes the frame channel.
func (r *pathRender) stop() {
	r.closeFrames()
	if r.target != nil {
		r.target.Delete()
		r.target = nil
	}
	r.job = nil
}
