package app

import (
	"github.com/go-gl/glfw/v3.3/glfw"
	"github.com/splatscope/splatscope/app/ui"
	"github.com/splatscope/splatscope/camera"
)

// installCallbacks routes GLFW events to ImGui first, then to the viewer unless ImGui uses them.
func (a *App) installCallbacks() {
	a.win.SetKeyCallback(func(_ *glfw.Window, key glfw.Key, _ int, action glfw.Action, mods glfw.ModifierKey) {
		a.plat.Key(key, action)
		if action == glfw.Press && !ui.WantKeyboard() {
			a.do(pressAction(key, mods))
		}
	})
	a.win.SetCharCallback(func(_ *glfw.Window, r rune) { a.plat.Char(r) })
	a.win.SetMouseButtonCallback(func(w *glfw.Window, b glfw.MouseButton, action glfw.Action, mods glfw.ModifierKey) {
		a.plat.MouseButton(b, action)
		if int(b) >= len(a.drag) {
			return
		}
		switch action {
		case glfw.Press:
			// A drag belongs to the 3D view only if it starts there, not on a panel.
			a.drag[b] = !ui.WantMouse()
			a.lastX, a.lastY = w.GetCursorPos()
			if a.drag[b] && a.mouseTool(b, mods, a.lastX, a.lastY) {
				a.drag[b] = false // a materials or physics tool took the press: the camera stays
			}
			if a.drag[b] {
				a.clickPress(b, a.lastX, a.lastY)
			}
		case glfw.Release:
			a.drag[b] = false
		}
	})
	a.win.SetScrollCallback(func(_ *glfw.Window, dx, dy float64) {
		a.plat.Scroll(dx, dy)
		if !ui.WantMouse() {
			a.wheel += float32(dy)
		}
	})
	a.win.SetDropCallback(func(_ *glfw.Window, names []string) { a.openPaths(names) })
}

// dragging reports whether any of the action's mouse buttons is dragging over the 3D view.
func (a *App) dragging(act Action) bool {
	for _, b := range binding(act).Buttons {
		if int(b) < len(a.drag) && a.drag[b] {
			return true
		}
	}
	return false
}

// held reports whether one of the action's keys is down.
func (a *App) held(act Action) bool {
	for _, c := range binding(act).Keys {
		if a.win.GetKey(c.Key) == glfw.Press {
			return true
		}
	}
	return false
}

// updateCamera applies this frame's mouse motion, wheel and held keys to the active camera.
// Motion is measured in window points and divided by the window height, so a drag turns the
// view by the same amount at any size and pixel density.
func (a *App) updateCamera(dt float32) {
	x, y := a.win.GetCursorPos()
	_, h := a.win.GetSize()
	dx, dy := float32(x-a.lastX), float32(y-a.lastY)
	a.lastX, a.lastY = x, y
	wheel := a.wheel
	a.wheel = 0
	if h <= 0 {
		return
	}
	nx, ny := dx/float32(h), dy/float32(h)
	const turn = 3.0 // radians per window height of drag: a full-height drag turns about half a circle

	if !a.flyMode {
		switch {
		case a.dragging(ActRotate):
			a.orbit.Rotate(nx*turn, ny*turn)
		case a.dragging(ActPan):
			a.orbit.Pan(nx, ny)
		}
		if wheel != 0 {
			a.orbit.Zoom(wheel)
		}
		return
	}
	if a.fly == nil {
		a.fly = camera.FlyFromOrbit(a.orbit)
	}
	if a.dragging(ActLook) {
		// One window height of motion turns by the field of view: the scene follows the cursor.
		fov := a.fly.Proj.FovY
		a.fly.Look(nx*fov, ny*fov)
	}
	if wheel != 0 {
		a.fly.AdjustSpeed(wheel)
	}
	if ui.WantKeyboard() || a.win.GetKey(glfw.KeyLeftControl) == glfw.Press || a.win.GetKey(glfw.KeyRightControl) == glfw.Press {
		return // typing, or Ctrl+Q / Ctrl+E: not a move
	}
	axis := func(plus, minus Action) float32 {
		v := float32(0)
		if a.held(plus) {
			v++
		}
		if a.held(minus) {
			v--
		}
		return v
	}
	a.rollFly(dt)
	right, up, fwd := axis(ActRight, ActLeft), axis(ActUp, ActDown), axis(ActForward, ActBack)
	if right != 0 || up != 0 || fwd != 0 {
		a.fly.Move(right, up, fwd, dt, a.held(ActFast))
	}
}
