package app

import (
	"fmt"
	"math"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/camera"
	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/render"
)

// camState holds the training cameras of the open splat scene (3DGS cameras.json).
type camState struct {
	list    []gaussians.TrainingCamera
	path    string // the cameras.json they came from
	err     error  // a cameras.json that was found but could not be read
	show    bool   // draw the frusta
	current int    // index of the camera last jumped to (−1: none)
}

// findCameras looks for the scene's cameras.json (beside it or up to two folders up) and reads
// it; no file is not an error.
func findCameras(scenePath string) ([]gaussians.TrainingCamera, string, error) {
	p := gaussians.FindTrainingCameras(scenePath)
	if p == "" {
		return nil, "", nil
	}
	cams, err := gaussians.LoadTrainingCameras(p)
	return cams, p, err
}

// setCameras makes cams the scene's training cameras; a read error shows in the status line
// and the panel while the scene stays. With cameras the up axis follows their mean screen-up.
func (a *App) setCameras(cams []gaussians.TrainingCamera, path string, err error) {
	a.splat.cams = camState{list: cams, path: path, err: err, show: a.splat.cams.show, current: -1}
	if err != nil {
		a.setError(err)
		return
	}
	if len(cams) > 0 {
		up := upFromCameras(cams)
		a.setUp(up)
		a.frameAll()
		a.setStatus(fmt.Sprintf("%s: %d training cameras, up axis %s", path, len(cams), up))
	}
}

// dropCameras forgets the training cameras.
func (a *App) dropCameras() {
	a.splat.cams = camState{show: a.splat.cams.show, current: -1}
}

// upFromCameras is the up axis nearest the cameras' mean screen-up (minus their image y axis):
// photographers hold cameras level, so the mean is the world's up even when the capture's
// frame is tilted or upside down.
func upFromCameras(cams []gaussians.TrainingCamera) camera.UpAxis {
	var sum [3]float64
	for i := range cams {
		d := cams[i].Axis(1)
		for k := range sum {
			sum[k] -= d[k]
		}
	}
	best, bestDot := camera.NegYUp, math.Inf(-1)
	for _, u := range []camera.UpAxis{camera.YUp, camera.ZUp, camera.NegYUp, camera.NegZUp} {
		v := u.Vector()
		if d := sum[0]*float64(v[0]) + sum[1]*float64(v[1]) + sum[2]*float64(v[2]); d > bestDot {
			best, bestDot = u, d
		}
	}
	return best
}

// trainingPose is the pose of training camera c: its centre, axes and vertical field of view.
func trainingPose(c *gaussians.TrainingCamera) camera.Pose {
	v := func(a [3]float64) mgl32.Vec3 { return mgl32.Vec3{float32(a[0]), float32(a[1]), float32(a[2])} }
	return camera.PoseFromAxes(v(c.Position), v(c.Axis(0)), v(c.Axis(1)), v(c.Axis(2)), float32(c.FovY()))
}

// jumpToCamera puts the fly camera at training camera k, with its field of view.
func (a *App) jumpToCamera(k int) {
	cams := a.splat.cams.list
	if k < 0 || k >= len(cams) {
		return
	}
	a.splat.path.playing = false
	f := a.flyCamera()
	f.SetPose(trainingPose(&cams[k]))
	// Near plane: a small fraction of the scene, so close splats are not clipped away.
	f.Proj.Near = a.sceneDiagonal() / 1000
	f.Proj.Far = 100 * a.sceneDiagonal()
	a.splat.cams.current = k
	c := cams[k]
	a.setStatus(fmt.Sprintf("Camera %d of %d: %s (id %d, %d×%d, fov %.1f°)", k+1, len(cams), c.ImgName, c.ID,
		c.Width, c.Height, mgl32.RadToDeg(float32(c.FovY()))))
}

// stepCamera jumps to the next (d = 1) or previous (d = −1) training camera, wrapping.
func (a *App) stepCamera(d int) {
	n := len(a.splat.cams.list)
	if n == 0 {
		a.setStatus("No training cameras (cameras.json beside the scene or up to two folders above it).")
		return
	}
	k := a.splat.cams.current
	if k < 0 {
		k = map[bool]int{true: 0, false: n - 1}[d > 0]
	} else {
		k = ((k+d)%n + n) % n
	}
	a.jumpToCamera(k)
}

// cameraLines are the frusta of the training cameras (the current one highlighted).
func (a *App) cameraLines() []render.LineVertex {
	cs := &a.splat.cams
	if !cs.show || len(cs.list) == 0 {
		return nil
	}
	depth := frustumFraction * a.sceneDiagonal()
	var v []render.LineVertex
	for i := range cs.list {
		c := &cs.list[i]
		p := trainingPose(c)
		col := frustumColour
		if i == cs.current {
			col = currentColour
		}
		tanX := float32(c.Width) / float32(2*c.Fx)
		tanY := float32(c.Height) / float32(2*c.Fy)
		v = append(v, render.FrustumLines(p.Eye, p.Rot.Rotate(mgl32.Vec3{1, 0, 0}), p.ScreenUp(), p.Forward(), tanX, tanY, depth, col)...)
	}
	return v
}
