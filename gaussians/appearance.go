package gaussians

import "fmt"

// Appearance model names, as the bundle's `model` metadata spells them (docs/formats.md).
const (
	ModelWildGS        = "wild-gs"       // Wild-GS: SH = M_F(Emb_g ⊕ Emb_l ⊕ f_in)
	ModelWildGaussians = "wildgaussians" // WildGaussians: an affine transform of the SH colour
)

// AppearanceBundle is a per-photo appearance model over a splat scene (docs/formats.md): the
// scene with its per-Gaussian features, the photos and the trained weights. It is read-only
// once loaded, so several Recolor calls may use it at once.
type AppearanceBundle struct {
	Scene  *Scene  // the base scene (its own colours are the "base colours")
	Model  string  // ModelWildGS or ModelWildGaussians
	Photos []Photo // one per trained photo, in tensor order
	Source string  // the bundle's JSON path, if any

	wildgs *wildGS
	wildg  *wildGaussians
}

// Photo is one training photo of an appearance bundle.
type Photo struct {
	Name      string      `json:"name"`
	Width     int         `json:"width"`
	Height    int         `json:"height"`
	Camera    PhotoCamera `json:"camera"`
	Thumbnail string      `json:"thumbnail,omitempty"` // path relative to the JSON, or empty
}

// PhotoCamera is a pinhole camera as in 3DGS cameras.json: the centre in world space, the
// camera-to-world rotation (rows of the 3×3 matrix; its columns are the camera's x right,
// y down and z forward axes in world space) and the focal lengths in pixels.
type PhotoCamera struct {
	Position [3]float64    `json:"position"`
	Rotation [3][3]float64 `json:"rotation"`
	Fx       float64       `json:"fx"`
	Fy       float64       `json:"fy"`
}

// OutputSHDegree is the SH degree of the scenes Recolor returns.
func (b *AppearanceBundle) OutputSHDegree() int {
	if b.wildgs != nil {
		return b.wildgs.degree
	}
	return b.Scene.SHDegree
}

// String summarises the bundle for logs and panels.
func (b *AppearanceBundle) String() string {
	switch {
	case b.wildgs != nil:
		w := b.wildgs
		return fmt.Sprintf("%s: %d photos, %d Gaussians, global %d, triplanes %d×%d×%d, f_in %d, MLP %v, SH degree %d",
			b.Model, len(b.Photos), b.Scene.N, w.g, w.c, w.r, w.r, w.k, w.main.widths(), w.degree)
	case b.wildg != nil:
		w := b.wildg
		return fmt.Sprintf("%s: %d photos, %d Gaussians, photo embedding %d, Gaussian embedding %d, MLP %v",
			b.Model, len(b.Photos), b.Scene.N, w.a, w.e.width, w.main.widths())
	}
	return "empty appearance bundle"
}
