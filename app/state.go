package app

import (
	"time"

	"github.com/go-gl/glfw/v3.3/glfw"
	"github.com/splatscope/splatscope/app/ui"
	"github.com/splatscope/splatscope/camera"
	"github.com/splatscope/splatscope/render"
)

// App is the viewer's whole mutable state. Everything here is touched on the main thread only;
// background jobs hand their results over through Jobs.
type App struct {
	opts   Options
	win    *glfw.Window
	plat   *ui.Platform
	uir    *render.ImGuiRenderer
	glInfo render.Info
	jobs   *Jobs

	scene   *Scene
	newPass func(*Scene) error // uploads a scene's mesh (a fake in tests)

	field        fieldState
	fieldSave    fieldSaveState
	newFieldPass func(*FieldView) error // uploads a field's grid (a fake in tests)

	orbit   *camera.Orbit
	fly     *camera.Fly
	flyMode bool
	drag    [3]bool // mouse buttons whose drag began over the 3D view
	lastX   float64
	lastY   float64
	wheel   float32

	style render.MeshStyle
	bg    [3]float32

	status            string
	statusErr         bool
	statusAt          time.Time
	showHelp          bool
	hidePanels        bool
	screenshotPending bool
	quit              bool
	stats             frameStats

	browser  *Browser
	dialogs  dialogs
	export   exportState
	shapenet shapeNetPanel
	splat    splatState      // splat scenes: view, filters, training cameras, camera path
	extract  extractState    // mesh extraction from the field, its preview (extract.go)
	appear   appearanceState // per-photo appearance of the splat scene (appearance.go)
	mat      matState        // material labels of the splat scene (materials*.go)
	sim      simState        // the MPM physics preview (mpm*.go)
}

// newApp builds the state with defaults; it touches neither GLFW nor GL.
func newApp(opts Options) *App {
	a := &App{
		opts:  opts,
		jobs:  NewJobs(),
		orbit: camera.NewOrbit(),
		style: render.DefaultMeshStyle,
		bg:    [3]float32{0.16, 0.17, 0.19}, // dark grey: light meshes and white edges both read well on it
	}
	a.newPass = uploadScene
	a.field = newFieldState()
	a.newFieldPass = uploadField
	a.dialogs = findDialogs()
	a.shapenet.centreFit = true
	a.export.path = ""
	a.splat = newSplatState()
	a.extract = newExtractState()
	a.mat = newMatState()
	return a
}

// startup opens what the options ask for.
func (a *App) startup() {
	if a.opts.Demo && a.opts.DemoScene == DemoAppearance {
		a.openDemoAppearance()
	} else if a.opts.Demo {
		a.openDemo()
	}
	a.openPaths(a.opts.Files)
	if a.opts.ShapeNetRoot != "" {
		a.openShapeNet(a.opts.ShapeNetRoot)
	}
	if !a.opts.Demo && len(a.opts.Files) == 0 && a.opts.ShapeNetRoot == "" {
		a.setStatus("Open a mesh: Ctrl+O, File > Open…, or drop a file on the window. F1: help.")
	}
}

// shutdown cancels running jobs and frees the scene.
func (a *App) shutdown() {
	a.jobs.CancelAll()
	a.dropField()
	a.field.errMap.free()
	a.field.slice.reset(nil)
	a.dropAppearance()
	a.freeSplats()
	a.discardPreview()
	if a.scene != nil {
		a.scene.Delete()
		a.scene = nil
	}
}

// setStatus shows an informational message in the status line.
func (a *App) setStatus(msg string) {
	a.status, a.statusErr, a.statusAt = msg, false, time.Now()
}

// setError shows an error in the status line (one line); the scene stays as it was.
func (a *App) setError(err error) {
	a.status, a.statusErr, a.statusAt = oneLine(err), true, time.Now()
}

// applyResults applies finished jobs on the main thread; failures only set the status line.
func (a *App) applyResults() {
	for _, r := range a.jobs.Poll() {
		if r.Err != nil {
			a.setError(r.Err)
			continue
		}
		if r.Apply != nil {
			if err := r.Apply(); err != nil {
				a.setError(err)
			}
		}
	}
}

// camera returns the active camera.
func (a *App) camera() camera.Camera {
	if a.flyMode && a.fly != nil {
		return a.fly
	}
	return a.orbit
}

// do performs a press action; it reports false for actions it does not handle (held keys, mouse).
func (a *App) do(act Action) bool {
	switch act {
	case ActHelp:
		a.showHelp = !a.showHelp
	case ActOpen:
		a.openDialog()
	case ActExport:
		a.exportDialog()
	case ActScreenshot:
		a.screenshotPending = true
	case ActQuit:
		a.quit = true
	case ActTogglePanel:
		a.hidePanels = !a.hidePanels
	case ActFrameAll:
		a.frameAll()
	case ActToggleCamera:
		a.toggleCamera()
	case ActUpAxis:
		up := camera.ZUp
		if a.orbit.Up == camera.ZUp || a.orbit.Up == camera.NegZUp {
			up = camera.YUp
		}
		a.setUp(up)
	case ActFlipUp:
		a.setUp(a.orbit.Up.Flip())
	case ActShading:
		a.style.Shading = 1 - a.style.Shading
	case ActWireframe:
		a.style.Wireframe = !a.style.Wireframe
	case ActBoundary:
		a.style.Boundary = !a.style.Boundary
	case ActBBox:
		a.style.BBox = !a.style.BBox
	case ActAxes:
		a.style.Axes = !a.style.Axes
	case ActTextures:
		a.style.Textures = !a.style.Textures
	case ActNextModel:
		a.shapeNetStep(1)
	case ActPrevModel:
		a.shapeNetStep(-1)
	case ActBakeField:
		a.bakeField()
	case ActFieldMode:
		a.cycleFieldMode(1)
	case ActFieldModeBack:
		a.cycleFieldMode(-1)
	case ActFieldShow:
		a.field.show = (a.field.show + 1) % len(showNames)
		a.frameAll()
	case ActSlice:
		a.field.slice.on = !a.field.slice.on
	case ActExtract:
		a.extractMesh()
	case ActCancelJob:
		a.jobs.CancelAll()
		a.setStatus("Cancelled.")
	default:
		return a.doSplat(act) || a.doMaterials(act)
	}
	return true
}

// frameAll fits the scene in view (orbit camera; the fly camera restarts from it).
func (a *App) frameAll() {
	if lo, hi, ok := a.sceneBounds(); ok {
		a.orbit.Frame(lo, hi)
	}
	if a.flyMode {
		a.fly = camera.FlyFromOrbit(a.orbit)
	}
}

// toggleCamera switches between orbit and fly, the fly camera starting where the orbit one is.
func (a *App) toggleCamera() {
	a.flyMode = !a.flyMode
	if a.flyMode {
		a.fly = camera.FlyFromOrbit(a.orbit)
	}
}

// setUp changes the up axis of both cameras.
func (a *App) setUp(up camera.UpAxis) {
	a.orbit.Up = up
	if a.fly != nil {
		a.fly.Up = up
	}
}
