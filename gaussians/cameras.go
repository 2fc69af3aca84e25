package gaussians

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
)

// TrainingCamera is one view of the 3DGS cameras.json that the reference trainer writes beside
// its output (utils/camera_utils.py camera_to_JSON): Position is the camera centre in world
// space; Rotation is the camera-to-world rotation written row by row, so its columns are the
// camera's axes in world space: x right, y down, z forward (COLMAP). Fx, Fy are focal lengths in
// pixels of a Width×Height image whose principal point is the centre.
type TrainingCamera struct {
	ID       int           `json:"id"`
	ImgName  string        `json:"img_name"`
	Width    int           `json:"width"`
	Height   int           `json:"height"`
	Position [3]float64    `json:"position"`
	Rotation [3][3]float64 `json:"rotation"`
	Fx       float64       `json:"fx"`
	Fy       float64       `json:"fy"`
}

// maxCamerasFile caps cameras.json: about 400 bytes per view, so 64 MiB is over 100,000 views.
const maxCamerasFile = 64 << 20

// maxCameraSide bounds width and height: beyond any real sensor, small enough for an int32.
const maxCameraSide = 1 << 16

// CamerasFileName is the name the reference trainer gives the file.
const CamerasFileName = "cameras.json"

// LoadTrainingCameras reads a 3DGS cameras.json.
func LoadTrainingCameras(path string) ([]TrainingCamera, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxCamerasFile+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(b) > maxCamerasFile {
		return nil, fmt.Errorf("%s: larger than %d bytes: not a cameras.json", path, maxCamerasFile)
	}
	return ParseTrainingCameras(b, path)
}

// ParseTrainingCameras decodes and checks a cameras.json list; name is used in errors, which
// give the line and column of JSON syntax errors and the index of a bad camera.
func ParseTrainingCameras(b []byte, name string) ([]TrainingCamera, error) {
	var cams []TrainingCamera
	if err := json.Unmarshal(b, &cams); err != nil {
		return nil, fmt.Errorf("%s: %s", name, jsonError(b, err))
	}
	if len(cams) == 0 {
		return nil, fmt.Errorf("%s: no cameras in the list", name)
	}
	for i := range cams {
		if err := cams[i].check(); err != nil {
			return nil, fmt.Errorf("%s: camera %d (id %d, %q): %v", name, i, cams[i].ID, cams[i].ImgName, err)
		}
	}
	return cams, nil
}

// jsonError places a decoding error at its line and column.
func jsonError(b []byte, err error) string {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 || off > int64(len(b)) {
		return err.Error()
	}
	line := 1 + strings.Count(string(b[:off]), "\n")
	col := int(off) - strings.LastIndexByte(string(b[:off]), '\n')
	return fmt.Sprintf("line %d, column %d: %v", line, col, err)
}

// check rejects sizes and focal lengths that cannot describe a view, and non-rotations.
func (c *TrainingCamera) check() error {
	if c.Width <= 0 || c.Height <= 0 || c.Width > maxCameraSide || c.Height > maxCameraSide {
		return fmt.Errorf("image size %d×%d out of range 1..%d", c.Width, c.Height, maxCameraSide)
	}
	if !(c.Fx > 0) || !(c.Fy > 0) || math.IsInf(c.Fx, 0) || math.IsInf(c.Fy, 0) {
		return fmt.Errorf("focal lengths fx=%v fy=%v must be finite and positive", c.Fx, c.Fy)
	}
	for a := 0; a < 3; a++ {
		if math.IsNaN(c.Position[a]) || math.IsInf(c.Position[a], 0) {
			return fmt.Errorf("position %v is not finite", c.Position)
		}
	}
	// RᵀR = I and det R = +1 within what float32 exports keep (they round near 1e−7).
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
	det := r[0][0]*(r[1][1]*r[2][2]-r[1][2]*r[2][1]) - r[0][1]*(r[1][0]*r[2][2]-r[1][2]*r[2][0]) +
		r[0][2]*(r[1][0]*r[2][1]-r[1][1]*r[2][0])
	if !(det > 0) {
		return fmt.Errorf("rotation %v is a reflection (determinant %.3g)", r, det)
	}
	return nil
}

// Axis returns the camera's axis k (0 right, 1 down, 2 forward) in world space: column k.
func (c *TrainingCamera) Axis(k int) [3]float64 {
	return [3]float64{c.Rotation[0][k], c.Rotation[1][k], c.Rotation[2][k]}
}

// FovY is the vertical field of view in radians: 2·atan(height / (2·fy)).
func (c *TrainingCamera) FovY() float64 { return 2 * math.Atan(float64(c.Height)/(2*c.Fy)) }

// FovX is the horizontal field of view in radians.
func (c *TrainingCamera) FovX() float64 { return 2 * math.Atan(float64(c.Width)/(2*c.Fx)) }

// FindTrainingCameras looks for cameras.json beside a scene file and up to two folders above it
// (the 3DGS output layout: OUT/point_cloud/iteration_N/point_cloud.ply with OUT/cameras.json).
// It returns "" when there is none.
func FindTrainingCameras(scenePath string) string {
	dir := filepath.Dir(scenePath)
	for range 3 { // beside, one up, two up: the depth of the reference layout
		p := filepath.Join(dir, CamerasFileName)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
		up := filepath.Dir(dir)
		if up == dir {
			break
		}
		dir = up
	}
	return ""
}
