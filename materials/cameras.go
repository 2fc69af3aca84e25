package materials

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
)

// The 3DGS cameras.json (the reference trainer's utils/camera_utils.py camera_to_JSON): a list
// of {id, img_name, width, height, position [3], rotation [3][3], fx, fy}. position is the camera
// centre in world space and rotation the camera-to-world rotation written row by row; the camera
// looks down its +z axis with +x right and +y down (COLMAP). The principal point is the image
// centre. Written to move to gaussians/cameras.go unchanged once other packages need it.

// Camera is one pinhole view from a 3DGS cameras.json.
type Camera struct {
	ID       int           `json:"id"`
	ImgName  string        `json:"img_name"`
	Width    int           `json:"width"`
	Height   int           `json:"height"`
	Position [3]float64    `json:"position"`
	Rotation [3][3]float64 `json:"rotation"` // camera-to-world, rows
	Fx       float64       `json:"fx"`
	Fy       float64       `json:"fy"`
}

// maxCamerasBytes caps cameras.json: a few hundred bytes per view, a few thousand views at most.
const maxCamerasBytes = 64 << 20

// maxImageSide bounds a camera's width and height (beyond any real sensor) so label rasters stay allocatable.
const maxImageSide = 1 << 15

// LoadCameras reads a 3DGS cameras.json.
func LoadCameras(path string) ([]Camera, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxCamerasBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(b) > maxCamerasBytes {
		return nil, fmt.Errorf("%s: cameras file larger than %d bytes", path, maxCamerasBytes)
	}
	return ParseCameras(b, path)
}

// ParseCameras decodes and checks a cameras.json list; name is used in errors.
func ParseCameras(b []byte, name string) ([]Camera, error) {
	var cams []Camera
	if err := json.Unmarshal(b, &cams); err != nil {
		return nil, fmt.Errorf("%s: %s", name, jsonErr(b, err))
	}
	if len(cams) == 0 {
		return nil, fmt.Errorf("%s: no cameras", name)
	}
	for i := range cams {
		if err := cams[i].check(); err != nil {
			return nil, fmt.Errorf("%s: camera %d (%q): %v", name, i, cams[i].ImgName, err)
		}
	}
	return cams, nil
}

// check rejects sizes and focal lengths that cannot describe a view, and non-rotations.
func (c *Camera) check() error {
	if c.Width <= 0 || c.Height <= 0 || c.Width > maxImageSide || c.Height > maxImageSide {
		return fmt.Errorf("size %dx%d out of range 1..%d", c.Width, c.Height, maxImageSide)
	}
	if !(c.Fx > 0) || !(c.Fy > 0) || math.IsInf(c.Fx, 0) || math.IsInf(c.Fy, 0) {
		return fmt.Errorf("focal lengths fx=%v fy=%v must be finite and > 0", c.Fx, c.Fy)
	}
	for a := 0; a < 3; a++ {
		if math.IsNaN(c.Position[a]) || math.IsInf(c.Position[a], 0) {
			return fmt.Errorf("position %v is not finite", c.Position)
		}
	}
	// RᵀR = I within a tolerance that float32 exports pass (they round at about 1e−7).
	const tol = 1e-3
	r := c.Rotation
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			d := r[0][i]*r[0][j] + r[1][i]*r[1][j] + r[2][i]*r[2][j]
			if i == j {
				d--
			}
			if !(math.Abs(d) <= tol) {
				return fmt.Errorf("rotation %v is not orthonormal", r)
			}
		}
	}
	return nil
}

// View is a camera prepared for projection into an image of a given size (label images may be
// stored smaller or larger than the camera's width and height: the intrinsics scale with them).
type View struct {
	W, H           int
	Fx, Fy, Cx, Cy float64
	R              [3][3]float64 // world-to-camera rotation (the transpose of Camera.Rotation)
	T              [3]float64    // camera centre in world space
}

// ViewFor returns the camera's projection into a w×h image.
func (c *Camera) ViewFor(w, h int) View {
	sx, sy := float64(w)/float64(c.Width), float64(h)/float64(c.Height)
	v := View{W: w, H: h, Fx: c.Fx * sx, Fy: c.Fy * sy, Cx: float64(w) / 2, Cy: float64(h) / 2, T: c.Position}
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			v.R[i][j] = c.Rotation[j][i]
		}
	}
	return v
}

// ToCamera returns the point p in camera coordinates (z is the depth along the view axis).
func (v *View) ToCamera(p [3]float64) [3]float64 {
	d := [3]float64{p[0] - v.T[0], p[1] - v.T[1], p[2] - v.T[2]}
	return [3]float64{
		v.R[0][0]*d[0] + v.R[0][1]*d[1] + v.R[0][2]*d[2],
		v.R[1][0]*d[0] + v.R[1][1]*d[1] + v.R[1][2]*d[2],
		v.R[2][0]*d[0] + v.R[2][1]*d[1] + v.R[2][2]*d[2],
	}
}

// Project returns the pixel coordinates (pixel (i, j) covers [i, i+1)×[j, j+1)) and the depth of
// p; ok is false behind the near plane.
func (v *View) Project(p [3]float64) (u, w, z float64, ok bool) {
	c := v.ToCamera(p)
	if !(c[2] > nearPlane) {
		return 0, 0, c[2], false
	}
	return v.Fx*c[0]/c[2] + v.Cx, v.Fy*c[1]/c[2] + v.Cy, c[2], true
}

// nearPlane keeps projection away from the z = 0 singularity. It is far below the 3DGS
// rasteriser's 0.2-unit cut so that tiny scenes (the donut sample is 0.2 units across) project.
const nearPlane = 1e-3

// LookAt builds a camera at eye looking at target with the given world up (COLMAP axes: +y of
// the image points away from up); used by tests and synthetic data.
func LookAt(eye, target, up [3]float64, width, height int, fx, fy float64) Camera {
	f := norm(sub(target, eye))
	r := norm(cross(f, up)) // image +x
	d := cross(f, r)        // image +y (down)
	c := Camera{Width: width, Height: height, Position: eye, Fx: fx, Fy: fy}
	for i := 0; i < 3; i++ { // columns of camera-to-world are the camera axes in world space
		c.Rotation[i] = [3]float64{r[i], d[i], f[i]}
	}
	return c
}

func sub(a, b [3]float64) [3]float64 { return [3]float64{a[0] - b[0], a[1] - b[1], a[2] - b[2]} }
func cross(a, b [3]float64) [3]float64 {
	return [3]float64{a[1]*b[2] - a[2]*b[1], a[2]*b[0] - a[0]*b[2], a[0]*b[1] - a[1]*b[0]}
}
func norm(a [3]float64) [3]float64 {
	n := math.Sqrt(a[0]*a[0] + a[1]*a[1] + a[2]*a[2])
	if n == 0 {
		return a
	}
	return [3]float64{a[0] / n, a[1] / n, a[2] / n}
}
