package app

import (
	"fmt"
	"path/filepath"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/camera"
	"github.com/splatscope/splatscope/render"
)

// pathState is the camera path being recorded, played, saved or rendered.
type pathState struct {
	path     camera.Path
	playing  bool
	loop     bool
	t        float32 // playback time, seconds
	player   *camera.Player
	keyGap   float32 // seconds between keys recorded with per-key times
	show     bool    // draw the path
	file     string  // path file field of the panel
	render   pathRender
	speedSet bool // the speed was chosen by hand: new scenes keep it
}

// newPathState: even speed, drawn, two seconds between recorded keys.
func newPathState() pathState {
	return pathState{path: camera.Path{EvenSpeed: true, Speed: 1}, keyGap: 2, show: true, file: "camera_path.json",
		render: newPathRender()}
}

// addKeyframe appends the current view to the path.
func (a *App) addKeyframe() {
	ps := &a.splat.path
	if !ps.speedSet {
		// Crossing the scene in about eight seconds: slow enough to look, quick enough to watch.
		ps.path.Speed = a.sceneDiagonal() / 8
	}
	k := camera.Keyframe{Pose: camera.PoseOf(a.camera())}
	if n := len(ps.path.Keys); n > 0 {
		k.Time = ps.path.Keys[n-1].Time + ps.keyGap
	}
	ps.path.Keys = append(ps.path.Keys, k)
	ps.player = nil
	a.setStatus(fmt.Sprintf("Keyframe %d added (path %.1f s)", len(ps.path.Keys), ps.path.Duration()))
}

// togglePlay starts the path from the beginning, or stops it.
func (a *App) togglePlay() {
	ps := &a.splat.path
	if ps.playing {
		ps.playing = false
		a.setStatus("Path stopped.")
		return
	}
	if len(ps.path.Keys) < 2 {
		a.setStatus("A camera path needs two keyframes: " + binding(ActAddKeyframe).Label() + " adds the current view.")
		return
	}
	if err := ps.path.Check(); err != nil {
		a.setError(fmt.Errorf("camera path: %v", err))
		return
	}
	ps.player = camera.NewPlayer(&ps.path)
	ps.t, ps.playing = 0, true
	a.flyCamera()
}

// tickPath moves the fly camera along the playing path.
func (a *App) tickPath(dt float32) {
	ps := &a.splat.path
	if !ps.playing || ps.render.active() {
		return
	}
	if ps.player == nil {
		ps.player = camera.NewPlayer(&ps.path)
	}
	ps.t += dt
	if ps.t > ps.player.Duration() {
		if !ps.loop {
			ps.playing = false
			ps.t = ps.player.Duration()
		} else {
			ps.t = 0
		}
	}
	a.setPose(ps.player, ps.t)
}

// setPose puts the fly camera on the path at time t.
func (a *App) setPose(pl *camera.Player, t float32) {
	p, ok := pl.At(t)
	if !ok {
		return
	}
	f := a.flyCamera()
	f.SetPose(p)
	f.Proj.Near = min(f.Proj.Near, a.sceneDiagonal()/1000) // close flights keep their splats
}

// savePath writes the path to file (JSON, atomically).
func (a *App) savePath(file string) {
	if len(a.splat.path.path.Keys) == 0 {
		a.setError(fmt.Errorf("%s: the camera path is empty", file))
		return
	}
	if err := camera.SavePath(file, &a.splat.path.path); err != nil {
		a.setError(err)
		return
	}
	a.setStatus(fmt.Sprintf("Saved %d keyframes to %s", len(a.splat.path.path.Keys), file))
}

// loadPath replaces the path with the one in file; on error the path stays.
func (a *App) loadPath(file string) {
	p, err := camera.LoadPath(file)
	if err != nil {
		a.setError(err)
		return
	}
	ps := &a.splat.path
	ps.path, ps.player, ps.playing, ps.speedSet = *p, nil, false, true
	a.setStatus(fmt.Sprintf("Loaded %d keyframes (%.1f s) from %s", len(p.Keys), p.Duration(), filepath.Base(file)))
}

// clearPath removes every keyframe.
func (a *App) clearPath() {
	ps := &a.splat.path
	ps.path.Keys, ps.player, ps.playing = nil, nil, false
}

// pathSamples is how many points per second of path the drawn curve has: smooth at any speed
// a person would fly.
const pathSamples = 30

// pathLines draws the path as a polyline through its keyframes, each keyframe a small frustum.
func (a *App) pathLines() []render.LineVertex {
	ps := &a.splat.path
	if !ps.show || len(ps.path.Keys) == 0 || a.splat.view == nil {
		return nil
	}
	var v []render.LineVertex
	depth := 0.5 * frustumFraction * a.sceneDiagonal()
	for _, k := range ps.path.Keys {
		tan := float32(0.4) // a fixed small pyramid: the key's direction, not its lens
		v = append(v, render.FrustumLines(k.Eye, k.Rot.Rotate(mgl32.Vec3{1, 0, 0}), k.ScreenUp(), k.Forward(), tan, tan, depth, keyframeColour)...)
	}
	pl := camera.NewPlayer(&ps.path)
	d := pl.Duration()
	n := min(int(d*pathSamples)+1, 10000)
	prev, _ := pl.At(0)
	for i := 1; i <= n && d > 0; i++ {
		cur, _ := pl.At(d * float32(i) / float32(n))
		v = append(v, render.LineVertex{P: prev.Eye, C: pathColour}, render.LineVertex{P: cur.Eye, C: pathColour})
		prev = cur
	}
	return v
}
