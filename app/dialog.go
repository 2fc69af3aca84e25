package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"

	"github.com/ncruces/zenity"
	"github.com/splatscope/splatscope/mesh"
)

// dialogs says whether native file dialogs (zenity) can be used.
type dialogs struct{ native bool }

// meshPatterns are the extensions mesh.Load reads, for dialog filters.
var meshPatterns = []string{"*.obj", "*.off", "*.ply", "*.stl", "*.npy", "*.pt", "*.pth", "*.safetensors", "*.splat", "*.spz"}

// findDialogs checks for native dialogs. On Linux zenity runs an external program (zenity,
// qarma or matedialog); without one the in-app file browser is used. SPLATSCOPE_NO_NATIVE_DIALOG=1
// forces the in-app browser.
func findDialogs() dialogs {
	if os.Getenv("SPLATSCOPE_NO_NATIVE_DIALOG") != "" {
		return dialogs{}
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		return dialogs{native: true}
	}
	for _, prog := range []string{"zenity", "qarma", "matedialog"} {
		if _, err := exec.LookPath(prog); err == nil {
			return dialogs{native: zenity.IsAvailable()}
		}
	}
	return dialogs{}
}

// openDialog asks for a mesh file: the native dialog in a background job (it blocks), or the
// in-app browser.
func (a *App) openDialog() {
	if !a.dialogs.native {
		a.showBrowser()
		return
	}
	a.jobs.Start("Waiting for the Open dialog", func(ctx context.Context, _ func(float64)) (func() error, error) {
		path, err := zenity.SelectFile(zenity.Context(ctx), zenity.Title("Open mesh"),
			zenity.FileFilters{{Name: "Meshes and CSP fields", Patterns: meshPatterns, CaseFold: true}, {Name: "All files", Patterns: []string{"*"}}})
		if errors.Is(err, zenity.ErrCanceled) {
			return nil, nil
		}
		if err != nil { // the dialog program failed: fall back to the in-app browser
			return func() error { a.dialogs.native = false; a.showBrowser(); return nil }, nil
		}
		return func() error { a.openPaths([]string{path}); return nil }, nil
	})
}

// openPaths opens dropped or chosen paths: mesh files load (the last one shown), a folder
// opens as a ShapeNet root.
func (a *App) openPaths(paths []string) {
	for _, p := range paths {
		st, err := os.Stat(p)
		switch {
		case err != nil:
			a.setError(err)
		case st.IsDir():
			a.openShapeNet(p)
		case isAppearanceFile(p):
			a.openAppearance(p, "")
		case isSplatScene(p):
			a.openSplat(p)
		case mesh.IsMeshFile(p):
			a.openMesh(p)
		case isFieldFile(p):
			a.openField(p)
		default:
			a.setError(fmt.Errorf("%s: not a mesh, field or splat file (want .obj, .off, .ply, .stl, .npy, .pt, .pth, .safetensors, .splat or .spz)", p))
		}
	}
}
