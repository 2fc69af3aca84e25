package app

import (
	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/camera"
	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/render"
)

// splatState is everything the viewer holds about splat scenes: the scene, its filters, its
// training cameras, the camera path and the forms of the splat panel.
type splatState struct {
	view     *SplatView
	job      *Job
	upload   func(*SplatView) error // uploads a scene (a fake in tests)
	filter   gaussians.FilterOptions
	shDegree int  // SH degree drawn (clamped to the stored one by the pass)
	showBox  bool // draw the crop box while it is on
	lines    *render.LinePass
	click    clickState
	cams     camState
	path     pathState
	save     saveSplatState
}

// newSplatState returns the defaults: all SH bands, crop box drawn when on.
func newSplatState() splatState {
	return splatState{upload: uploadSplats, shDegree: gaussians.MaxSHDegree, showBox: true,
		cams: camState{current: -1, show: true}, path: newPathState()}
}

// defaultSplatFilter starts the crop box at the scene's full box, off.
func defaultSplatFilter(v *SplatView) gaussians.FilterOptions {
	return gaussians.FilterOptions{Min: v.Lo, Max: v.Hi}
}

// Overlay colours of splat scenes, display-encoded, readable over dark and bright splats.
var (
	cropBoxColour   = mgl32.Vec3{1, 0.55, 0.1}
	frustumColour   = mgl32.Vec3{0.35, 0.75, 1}
	currentColour   = mgl32.Vec3{1, 1, 0.3}
	pathColour      = mgl32.Vec3{0.9, 0.3, 0.9}
	keyframeColour  = mgl32.Vec3{1, 0.6, 1}
	frustumFraction = float32(0.04) // frustum depth as a fraction of the scene's diagonal: visible, not cluttering
)

// doSplat performs the splat scenes' press actions; false for actions it does not know.
func (a *App) doSplat(act Action) bool {
	switch act {
	case ActLevel:
		a.levelHorizon()
	case ActFrusta:
		a.splat.cams.show = !a.splat.cams.show
	case ActNextCamera:
		a.stepCamera(1)
	case ActPrevCamera:
		a.stepCamera(-1)
	case ActAddKeyframe:
		a.addKeyframe()
	case ActPlayPath:
		a.togglePlay()
	case ActSaveSplat:
		a.saveSplatDialog()
	default:
		return a.doAppearance(act)
	}
	return true
}

// levelHorizon removes the fly camera's roll, so the scene's up axis is up on screen (the
// orbit camera is always level).
func (a *App) levelHorizon() {
	if a.fly != nil {
		a.fly.Level()
	}
	a.setStatus("Horizon levelled to " + a.orbit.Up.String())
}

// rollRate is how fast Z/X roll the fly camera: 60° a second is quick yet controllable.
const rollRate = 60 * 3.14159265 / 180

// rollFly applies the held roll keys to the fly camera.
func (a *App) rollFly(dt float32) {
	if a.fly == nil {
		return
	}
	if a.held(ActRollLeft) {
		a.fly.Roll -= rollRate * dt
	}
	if a.held(ActRollRight) {
		a.fly.Roll += rollRate * dt
	}
}

// tickSplats advances what moves by itself each frame: path playback and path renders.
func (a *App) tickSplats(dt float32) {
	a.tickPath(dt)
	a.tickPathRender()
	a.tickAppearance()
	a.tickMaterials()
}

// drawSplatOverlays draws the crop box, the training cameras and the camera path as lines.
func (a *App) drawSplatOverlays(f render.Frame) {
	var v []render.LineVertex
	if a.splat.filter.Box && a.splat.showBox {
		v = append(v, render.BoxLines(a.splat.filter.Min, a.splat.filter.Max, cropBoxColour)...)
	}
	v = append(v, a.cameraLines()...)
	v = append(v, a.pathLines()...)
	v = append(v, a.materialLines()...)
	if len(v) == 0 && a.splat.lines == nil {
		return
	}
	if a.splat.lines == nil {
		l, err := render.NewLinePass()
		if err != nil {
			a.setError(err)
			return
		}
		a.splat.lines = l
	}
	a.splat.lines.Set(v)
	a.splat.lines.Draw(f)
}

// freeSplats releases everything splat scenes hold (at shutdown).
func (a *App) freeSplats() {
	a.splat.path.render.stop()
	a.dropSplat()
	a.splat.lines.Delete()
	a.splat.lines = nil
}

// sceneDiagonal is the robust box diagonal of the splat scene (1 without one).
func (a *App) sceneDiagonal() float32 {
	if v := a.splat.view; v != nil {
		if d := v.RHi.Sub(v.RLo).Len(); d > 0 {
			return d
		}
	}
	return 1
}

// flyCamera switches to the fly camera (starting where the orbit one is) and returns it.
func (a *App) flyCamera() *camera.Fly {
	if !a.flyMode || a.fly == nil {
		a.flyMode = true
		a.fly = camera.FlyFromOrbit(a.orbit)
	}
	return a.fly
}
