package app

import "github.com/splatscope/splatscope/render"

// errorMapState holds the depth-error / normal-cosine map against the mesh's raster.
type errorMapState struct{}

// invalidate forgets the map (the field or the mesh changed).
func (e *errorMapState) invalidate() {}

// errorMapShown reports whether the view shows the error map instead of field and mesh.
func (a *App) errorMapShown() bool {
	return a.field.view != nil && a.field.mode >= modeDepthError && a.scene != nil && a.scene.Pass != nil
}

// drawErrorMap draws the map of the field against the mesh.
func (a *App) drawErrorMap(f render.Frame) {}

// panelErrorMap shows the error map's figures.
func (a *App) panelErrorMap() {}
