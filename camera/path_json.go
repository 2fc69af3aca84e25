package camera

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/go-gl/mathgl/mgl32"
)

// pathFile is the JSON form of a camera path: human-readable units (degrees, seconds).
type pathFile struct {
	Version   int            `json:"version"`
	Timing    string         `json:"timing"`          // "speed" (even speed) or "keys" (per-key times)
	Speed     float32        `json:"speed,omitempty"` // scene units per second, for "speed"
	Keyframes []pathFileKeys `json:"keyframes"`
}

type pathFileKeys struct {
	Position [3]float32 `json:"position"`
	Rotation [4]float32 `json:"rotation"` // camera-to-world quaternion w, x, y, z (GL camera: looks down −Z)
	FovY     float32    `json:"fov_y_deg"`
	Time     float32    `json:"time"` // seconds from the start
}

// pathVersion is the file version written; readers refuse newer ones.
const pathVersion = 1

// maxPathFile caps a path file: about 150 bytes a key, so 16 MiB is 100,000 keys.
const maxPathFile = 16 << 20

// MarshalPath encodes a path as indented JSON.
func MarshalPath(p *Path) ([]byte, error) {
	f := pathFile{Version: pathVersion, Timing: "keys", Keyframes: []pathFileKeys{}}
	if p.EvenSpeed {
		f.Timing, f.Speed = "speed", p.Speed
	}
	times := p.Times()
	for i, k := range p.Keys {
		f.Keyframes = append(f.Keyframes, pathFileKeys{
			Position: k.Eye, Rotation: [4]float32{k.Rot.W, k.Rot.V[0], k.Rot.V[1], k.Rot.V[2]},
			FovY: mgl32.RadToDeg(k.FovY), Time: times[i],
		})
	}
	return json.MarshalIndent(f, "", "  ")
}

// UnmarshalPath decodes and checks a path file's bytes; name is used in errors.
func UnmarshalPath(b []byte, name string) (*Path, error) {
	var f pathFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: not a camera path: %v", name, err)
	}
	if f.Version < 1 || f.Version > pathVersion {
		return nil, fmt.Errorf("%s: camera path version %d (this build reads 1..%d)", name, f.Version, pathVersion)
	}
	p := &Path{}
	switch f.Timing {
	case "speed":
		p.EvenSpeed, p.Speed = true, f.Speed
		if !(f.Speed > 0) || f.Speed > 1e30 {
			return nil, fmt.Errorf("%s: speed %v must be positive", name, f.Speed)
		}
	case "keys":
	default:
		return nil, fmt.Errorf("%s: timing %q (want \"speed\" or \"keys\")", name, f.Timing)
	}
	for i, k := range f.Keyframes {
		q := mgl32.Quat{W: k.Rotation[0], V: mgl32.Vec3{k.Rotation[1], k.Rotation[2], k.Rotation[3]}}
		if !(q.Len() > 1e-6) {
			return nil, fmt.Errorf("%s: keyframe %d: zero rotation quaternion", name, i+1)
		}
		p.Keys = append(p.Keys, Keyframe{Pose: Pose{
			Eye: k.Position, Rot: q.Normalize(),
			FovY: mgl32.DegToRad(k.FovY)}, Time: k.Time})
	}
	if err := p.Check(); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return p, nil
}

// SavePath writes p as JSON to path through a temporary file renamed into place.
func SavePath(path string, p *Path) error {
	b, err := MarshalPath(p)
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	return WriteFileAtomic(path, append(b, '\n'))
}

// LoadPath reads a camera path JSON file.
func LoadPath(path string) (*Path, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxPathFile+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(b) > maxPathFile {
		return nil, fmt.Errorf("%s: larger than %d bytes: not a camera path", path, maxPathFile)
	}
	return UnmarshalPath(b, path)
}

// WriteFileAtomic writes data to a temporary file beside path and renames it over path, so a
// failed write never leaves a partial file; errors name path.
func WriteFileAtomic(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	if err = tmp.Chmod(0o644); err != nil { // CreateTemp makes 0600; a saved path is an ordinary file
		return fmt.Errorf("%s: %v", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	return nil
}
