package app

import (
	"strings"

	"github.com/go-gl/glfw/v3.3/glfw"
)

// Action is something the user can ask for from the keyboard or the mouse.
type Action int

// Actions. Press actions fire once per key press; held actions and mouse gestures are polled
// every frame by the camera code, which finds their keys and buttons in the same table.
const (
	ActNone Action = iota
	ActHelp
	ActOpen
	ActExport
	ActScreenshot
	ActQuit
	ActTogglePanel
	ActFrameAll
	ActToggleCamera
	ActUpAxis
	ActFlipUp
	ActShading
	ActWireframe
	ActBoundary
	ActBBox
	ActAxes
	ActTextures
	ActNextModel
	ActPrevModel
	ActCancelJob
	ActBakeField
	ActFieldMode
	ActFieldModeBack
	ActFieldShow
	ActSlice
	ActLevel
	ActFrusta
	ActNextCamera
	ActPrevCamera
	ActAddKeyframe
	ActPlayPath
	ActSaveSplat
	ActExtract
	ActNextPhoto
	ActPrevPhoto
	ActBaseColours
	ActMatColor
	ActMatLabels
	ActUndo
	ActRedo
	ActClearSelection
	ActSimPlay
	ActSimStep
	ActSimReset
	ActSimShow
	// Held keys (fly camera).
	ActForward
	ActBack
	ActLeft
	ActRight
	ActDown
	ActUp
	ActFast
	ActRollLeft
	ActRollRight
	// Mouse gestures.
	ActRotate
	ActPan
	ActZoom
	ActLook
	ActSpeed
	ActPickPivot
	ActSelectBrush
	ActSelectRect
	ActPoke
)

// Kind says how a binding is triggered.
type Kind int

// Binding kinds.
const (
	Press Kind = iota // once per key press
	Held              // polled while down
	Mouse             // mouse gesture
)

// Chord is a key with the modifiers that must be down.
type Chord struct {
	Key  glfw.Key
	Mods glfw.ModifierKey
}

// Binding is one line of the help panel and one entry of the key handling: they cannot drift.
type Binding struct {
	Action  Action
	Kind    Kind
	Keys    []Chord
	Buttons []glfw.MouseButton // mouse gestures: buttons that drive it (none: the wheel)
	Mode    string             // "" (always), "orbit" or "fly"
	Help    string
	Double  bool // mouse: a double-click of the button, not a drag
	// ButtonMods are the modifiers that must be down when a mouse gesture starts (exactly).
	ButtonMods glfw.ModifierKey
}

// Bindings is the one table of shortcuts: the help panel lists it and input.go dispatches from it.
var Bindings = []Binding{
	{Action: ActHelp, Keys: []Chord{{glfw.KeyF1, 0}, {glfw.KeySlash, glfw.ModShift}}, Help: "show/hide this help"},
	{Action: ActOpen, Keys: []Chord{{glfw.KeyO, glfw.ModControl}}, Help: "open a mesh (or a ShapeNet folder)"},
	{Action: ActExport, Keys: []Chord{{glfw.KeyE, glfw.ModControl}}, Help: "export the mesh as STL"},
	{Action: ActScreenshot, Keys: []Chord{{glfw.KeyF12, 0}}, Help: "save a PNG screenshot of the 3D view"},
	{Action: ActQuit, Keys: []Chord{{glfw.KeyQ, glfw.ModControl}}, Help: "quit"},
	{Action: ActTogglePanel, Keys: []Chord{{glfw.KeyH, 0}}, Help: "hide/show the panels"},
	{Action: ActFrameAll, Keys: []Chord{{glfw.KeyF, 0}}, Help: "frame all (fit the mesh in view)"},
	{Action: ActToggleCamera, Keys: []Chord{{glfw.KeyTab, 0}, {glfw.KeyC, 0}}, Help: "toggle orbit / fly camera"},
	{Action: ActUpAxis, Keys: []Chord{{glfw.KeyU, 0}}, Help: "up axis: switch Y-up / Z-up"},
	{Action: ActFlipUp, Keys: []Chord{{glfw.KeyU, glfw.ModShift}}, Help: "up axis: flip (upside-down scenes)"},
	{Action: ActShading, Keys: []Chord{{glfw.Key1, 0}}, Help: "shading: smooth / flat"},
	{Action: ActWireframe, Keys: []Chord{{glfw.Key2, 0}}, Help: "wireframe on/off"},
	{Action: ActBoundary, Keys: []Chord{{glfw.Key3, 0}}, Help: "boundary edges on/off"},
	{Action: ActBBox, Keys: []Chord{{glfw.Key4, 0}}, Help: "bounding box on/off"},
	{Action: ActAxes, Keys: []Chord{{glfw.Key5, 0}}, Help: "axes on/off"},
	{Action: ActTextures, Keys: []Chord{{glfw.Key6, 0}}, Help: "textures on/off"},
	{Action: ActNextModel, Keys: []Chord{{glfw.KeyPageDown, 0}, {glfw.KeyN, 0}}, Help: "ShapeNet: next model"},
	{Action: ActPrevModel, Keys: []Chord{{glfw.KeyPageUp, 0}, {glfw.KeyP, 0}}, Help: "ShapeNet: previous model"},
	{Action: ActCancelJob, Keys: []Chord{{glfw.KeyEscape, 0}}, Help: "cancel loading / export"},
	{Action: ActBakeField, Keys: []Chord{{glfw.KeyB, 0}}, Help: "CSP field: bake the mesh's field at the chosen N"},
	{Action: ActFieldMode, Keys: []Chord{{glfw.KeyM, 0}}, Help: "CSP field: next display mode"},
	{Action: ActFieldModeBack, Keys: []Chord{{glfw.KeyM, glfw.ModShift}}, Help: "CSP field: previous display mode"},
	{Action: ActFieldShow, Keys: []Chord{{glfw.KeyV, 0}}, Help: "CSP field: show field and mesh / field / mesh"},
	{Action: ActSlice, Keys: []Chord{{glfw.KeyL, 0}}, Help: "CSP field: slice plane on/off"},
	{Action: ActExtract, Keys: []Chord{{glfw.KeyX, glfw.ModControl}}, Help: "CSP field: extract a mesh (preview, then Save…)"},
	{Action: ActLevel, Keys: []Chord{{glfw.KeyR, 0}}, Help: "level the horizon (remove the fly camera's roll)"},
	{Action: ActFrusta, Keys: []Chord{{glfw.KeyT, 0}}, Help: "splats: training camera frusta on/off"},
	{Action: ActNextCamera, Keys: []Chord{{glfw.KeyRightBracket, 0}}, Help: "splats: jump to the next training camera"},
	{Action: ActPrevCamera, Keys: []Chord{{glfw.KeyLeftBracket, 0}}, Help: "splats: jump to the previous training camera"},
	{Action: ActAddKeyframe, Keys: []Chord{{glfw.KeyK, 0}}, Help: "camera path: add the current view as a keyframe"},
	{Action: ActPlayPath, Keys: []Chord{{glfw.KeySpace, 0}}, Help: "camera path: play / stop"},
	{Action: ActSaveSplat, Keys: []Chord{{glfw.KeyS, glfw.ModControl}}, Help: "splats: save the scene (cropped, filtered) as…"},
	{Action: ActNextPhoto, Keys: []Chord{{glfw.KeyPeriod, 0}}, Help: "appearance: show the next training photo's appearance"},
	{Action: ActPrevPhoto, Keys: []Chord{{glfw.KeyComma, 0}}, Help: "appearance: show the previous training photo's appearance"},
	{Action: ActBaseColours, Keys: []Chord{{glfw.KeyG, 0}}, Help: "appearance: base colours (no appearance) / the chosen photo"},
	{Action: ActMatColor, Keys: []Chord{{glfw.Key7, 0}}, Help: "materials: colour by the next mode (original / material / properties)"},
	{Action: ActMatLabels, Keys: []Chord{{glfw.Key8, 0}}, Help: "materials: floating labels on/off"},
	{Action: ActUndo, Keys: []Chord{{glfw.KeyZ, glfw.ModControl}}, Help: "materials: undo the last assignment"},
	{Action: ActRedo, Keys: []Chord{{glfw.KeyY, glfw.ModControl}, {glfw.KeyZ, glfw.ModControl | glfw.ModShift}}, Help: "materials: redo"},
	{Action: ActClearSelection, Keys: []Chord{{glfw.KeyD, glfw.ModControl}}, Help: "materials: clear the selection"},
	{Action: ActSimPlay, Keys: []Chord{{glfw.KeyF5, 0}}, Help: "physics: start / play / pause"},
	{Action: ActSimStep, Keys: []Chord{{glfw.KeyF6, 0}}, Help: "physics: step one frame (paused)"},
	{Action: ActSimReset, Keys: []Chord{{glfw.KeyF7, 0}}, Help: "physics: reset to the rest pose"},
	{Action: ActSimShow, Keys: []Chord{{glfw.KeyF8, 0}}, Help: "physics: show deformed splats / particles / both"},

	{Action: ActForward, Kind: Held, Keys: []Chord{{glfw.KeyW, 0}}, Mode: "fly", Help: "move forward"},
	{Action: ActBack, Kind: Held, Keys: []Chord{{glfw.KeyS, 0}}, Mode: "fly", Help: "move back"},
	{Action: ActLeft, Kind: Held, Keys: []Chord{{glfw.KeyA, 0}}, Mode: "fly", Help: "move left"},
	{Action: ActRight, Kind: Held, Keys: []Chord{{glfw.KeyD, 0}}, Mode: "fly", Help: "move right"},
	{Action: ActDown, Kind: Held, Keys: []Chord{{glfw.KeyQ, 0}}, Mode: "fly", Help: "move down"},
	{Action: ActUp, Kind: Held, Keys: []Chord{{glfw.KeyE, 0}}, Mode: "fly", Help: "move up"},
	{Action: ActRollLeft, Kind: Held, Keys: []Chord{{glfw.KeyZ, 0}}, Mode: "fly", Help: "roll left"},
	{Action: ActRollRight, Kind: Held, Keys: []Chord{{glfw.KeyX, 0}}, Mode: "fly", Help: "roll right"},
	{Action: ActFast, Kind: Held, Keys: []Chord{{glfw.KeyLeftShift, 0}, {glfw.KeyRightShift, 0}}, Mode: "fly", Help: "hold: move 4x faster"},

	{Action: ActRotate, Kind: Mouse, Buttons: []glfw.MouseButton{glfw.MouseButtonLeft}, Mode: "orbit", Help: "rotate"},
	{Action: ActPan, Kind: Mouse, Buttons: []glfw.MouseButton{glfw.MouseButtonRight, glfw.MouseButtonMiddle}, Mode: "orbit", Help: "pan"},
	{Action: ActZoom, Kind: Mouse, Mode: "orbit", Help: "zoom"},
	{Action: ActLook, Kind: Mouse, Buttons: []glfw.MouseButton{glfw.MouseButtonRight, glfw.MouseButtonLeft}, Mode: "fly", Help: "look around"},
	{Action: ActSpeed, Kind: Mouse, Mode: "fly", Help: "change move speed"},
	{Action: ActPickPivot, Kind: Mouse, Buttons: []glfw.MouseButton{glfw.MouseButtonLeft}, Double: true, Help: "splats: orbit around the splat under the cursor (and show its material)"},
	{Action: ActSelectBrush, Kind: Mouse, Buttons: []glfw.MouseButton{glfw.MouseButtonLeft}, ButtonMods: glfw.ModShift, Help: "materials: paint the selection (brush)"},
	{Action: ActSelectRect, Kind: Mouse, Buttons: []glfw.MouseButton{glfw.MouseButtonLeft}, ButtonMods: glfw.ModControl, Help: "materials: select in a rectangle"},
	{Action: ActPoke, Kind: Mouse, Buttons: []glfw.MouseButton{glfw.MouseButtonLeft}, ButtonMods: glfw.ModControl | glfw.ModShift, Help: "physics: poke (an impulse at the clicked splat)"},
}

// modMask is the modifiers that distinguish shortcuts (Caps/Num Lock are ignored).
const modMask = glfw.ModShift | glfw.ModControl | glfw.ModAlt | glfw.ModSuper

// pressAction returns the press action bound to key with exactly mods down, or ActNone.
func pressAction(key glfw.Key, mods glfw.ModifierKey) Action {
	mods &= modMask
	for _, b := range Bindings {
		if b.Kind != Press {
			continue
		}
		for _, c := range b.Keys {
			if c.Key == key && c.Mods == mods {
				return b.Action
			}
		}
	}
	return ActNone
}

// binding returns the table entry for an action.
func binding(a Action) Binding {
	for _, b := range Bindings {
		if b.Action == a {
			return b
		}
	}
	return Binding{}
}

// Label is the human form of the binding's keys or buttons: "Ctrl+O", "PageDown / N", "Left drag".
func (b Binding) Label() string {
	var parts []string
	for _, c := range b.Keys {
		parts = append(parts, c.String())
	}
	mods := Chord{Mods: b.ButtonMods}.modPrefix()
	for _, m := range b.Buttons {
		if b.Double {
			parts = append(parts, mods+buttonNames[m]+" double-click")
			continue
		}
		parts = append(parts, mods+buttonNames[m]+" drag")
	}
	if b.Kind == Mouse && len(b.Buttons) == 0 {
		parts = append(parts, "Wheel")
	}
	return strings.Join(parts, " / ")
}

var buttonNames = map[glfw.MouseButton]string{
	glfw.MouseButtonLeft: "Left", glfw.MouseButtonRight: "Right", glfw.MouseButtonMiddle: "Middle",
}

var keyNames = map[glfw.Key]string{
	glfw.KeyF1: "F1", glfw.KeyF12: "F12", glfw.KeyTab: "Tab", glfw.KeyEscape: "Esc",
	glfw.KeyPageUp: "PageUp", glfw.KeyPageDown: "PageDown", glfw.KeyLeftShift: "Shift",
	glfw.KeyRightShift: "Right Shift", glfw.KeySlash: "/", glfw.KeySpace: "Space",
	glfw.KeyLeftBracket: "[", glfw.KeyRightBracket: "]",
	glfw.KeyComma: ",", glfw.KeyPeriod: ".",
	glfw.KeyF5: "F5", glfw.KeyF6: "F6", glfw.KeyF7: "F7", glfw.KeyF8: "F8",
}

// String names a chord: "Ctrl+O", "?", "F12".
func (c Chord) String() string {
	if c.Key == glfw.KeySlash && c.Mods == glfw.ModShift {
		return "?" // Shift+/ is "?" on US layouts: name it as typed
	}
	name, ok := keyNames[c.Key]
	if !ok {
		switch {
		case c.Key >= glfw.KeyA && c.Key <= glfw.KeyZ:
			name = string(rune('A' + c.Key - glfw.KeyA))
		case c.Key >= glfw.Key0 && c.Key <= glfw.Key9:
			name = string(rune('0' + c.Key - glfw.Key0))
		default:
			name = "?key"
		}
	}
	return c.modPrefix() + name
}

// modPrefix names the chord's modifiers: "Ctrl+Shift+".
func (c Chord) modPrefix() string {
	var mods string
	if c.Mods&glfw.ModControl != 0 {
		mods += "Ctrl+"
	}
	if c.Mods&glfw.ModAlt != 0 {
		mods += "Alt+"
	}
	if c.Mods&glfw.ModShift != 0 {
		mods += "Shift+"
	}
	return mods
}
