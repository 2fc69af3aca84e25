package app

import (
	"strings"
	"testing"

	"github.com/go-gl/glfw/v3.3/glfw"
)

// TestEveryPressBindingDispatches checks, from the one table, that each listed key reaches its
// action and that the app handles every press action.
func TestEveryPressBindingDispatches(t *testing.T) {
	a := newApp(Options{})
	a.dialogs.native = false // Open/Export must not start a real dialog in a test
	for _, b := range Bindings {
		if b.Kind != Press {
			continue
		}
		if len(b.Keys) == 0 {
			t.Errorf("action %d (%s) has no key", b.Action, b.Help)
		}
		for _, c := range b.Keys {
			if got := pressAction(c.Key, c.Mods); got != b.Action {
				t.Errorf("%s: dispatches to action %d, want %d (%s)", c, got, b.Action, b.Help)
			}
			// Caps Lock / Num Lock must not break shortcuts.
			if got := pressAction(c.Key, c.Mods|glfw.ModCapsLock|glfw.ModNumLock); got != b.Action {
				t.Errorf("%s with Caps Lock: action %d, want %d", c, got, b.Action)
			}
		}
		if !a.do(b.Action) {
			t.Errorf("%s (%s): no handler in App.do", b.Label(), b.Help)
		}
	}
}

// TestBindingsDistinct: a chord means one thing, and every binding shows in the help panel.
func TestBindingsDistinct(t *testing.T) {
	seen := map[Chord]Action{}
	for _, b := range Bindings {
		for _, c := range b.Keys {
			if prev, ok := seen[c]; ok && b.Kind == Press {
				t.Errorf("%s bound to actions %d and %d", c, prev, b.Action)
			}
			if b.Kind == Press {
				seen[c] = b.Action
			}
		}
	}
	rows := helpRows()
	if len(rows) != len(Bindings) {
		t.Fatalf("help lists %d rows, table has %d bindings", len(rows), len(Bindings))
	}
	for i, r := range rows {
		if r[0] == "" || strings.Contains(r[0], "?key") || r[1] == "" {
			t.Errorf("help row %d is incomplete: %q", i, r)
		}
	}
}

// TestHeldAndMouseActionsHaveInputs: the camera code polls these through the table.
func TestHeldAndMouseActionsHaveInputs(t *testing.T) {
	for _, act := range []Action{ActForward, ActBack, ActLeft, ActRight, ActUp, ActDown, ActFast} {
		if len(binding(act).Keys) == 0 {
			t.Errorf("held action %d has no key", act)
		}
	}
	for _, act := range []Action{ActRotate, ActPan, ActLook} {
		if len(binding(act).Buttons) == 0 {
			t.Errorf("mouse action %d has no button", act)
		}
	}
	if pressAction(glfw.KeyW, 0) != ActNone {
		t.Errorf("W is a held fly key; it must not also be a press shortcut")
	}
}

func TestChordNames(t *testing.T) {
	for _, tc := range []struct {
		c    Chord
		want string
	}{
		{Chord{glfw.KeyO, glfw.ModControl}, "Ctrl+O"},
		{Chord{glfw.KeySlash, glfw.ModShift}, "?"},
		{Chord{glfw.KeyF12, 0}, "F12"},
		{Chord{glfw.Key3, 0}, "3"},
		{Chord{glfw.KeyU, glfw.ModShift}, "Shift+U"},
	} {
		if got := tc.c.String(); got != tc.want {
			t.Errorf("%v: got %q, want %q", tc.c, got, tc.want)
		}
	}
}
