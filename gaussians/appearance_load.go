package gaussians

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/splatscope/splatscope/safetensors"
)

// AppearanceFile is the bundle's JSON (docs/formats.md): the photos and, relative to the JSON's
// folder, the scene PLY and the safetensors weights.
type AppearanceFile struct {
	Format  string  `json:"format"`  // "splatscope-appearance"
	Version int     `json:"version"` // 1
	Scene   string  `json:"scene,omitempty"`
	Weights string  `json:"weights"`
	Photos  []Photo `json:"photos"`
}

// appearanceFormat is the JSON's `format` value, so a stray JSON is not taken for a bundle.
const appearanceFormat = "splatscope-appearance"

// maxPhotos caps the photo count: photo collections hold thousands, not millions.
const maxPhotos = 1 << 20

// ReadAppearanceFile decodes and validates a bundle JSON; name labels errors.
func ReadAppearanceFile(r io.Reader, name string) (*AppearanceFile, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	var f AppearanceFile
	if err := json.Unmarshal(data, &f); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return nil, fmt.Errorf("%s:%d: %v", name, lineAt(data, se.Offset), err)
		case errors.As(err, &te):
			return nil, fmt.Errorf("%s:%d: %v", name, lineAt(data, te.Offset), err)
		}
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	switch {
	case f.Format != appearanceFormat:
		return nil, fmt.Errorf("%s: format %q, want %q", name, f.Format, appearanceFormat)
	case f.Version != 1:
		return nil, fmt.Errorf("%s: version %d, this reader knows 1", name, f.Version)
	case f.Weights == "":
		return nil, fmt.Errorf("%s: no \"weights\" file named", name)
	case len(f.Photos) == 0 || len(f.Photos) > maxPhotos:
		return nil, fmt.Errorf("%s: %d photos, want 1..%d", name, len(f.Photos), maxPhotos)
	}
	for i, p := range f.Photos {
		if err := p.check(); err != nil {
			return nil, fmt.Errorf("%s: photo %d (%q): %v", name, i, p.Name, err)
		}
	}
	return &f, nil
}

// lineAt is the 1-based line holding byte offset off of data.
func lineAt(data []byte, off int64) int {
	off = min(max(off, 0), int64(len(data)))
	return 1 + bytes.Count(data[:off], []byte{'\n'})
}

// check validates a photo's name, size and camera.
func (p *Photo) check() error {
	c := p.Camera
	vals := append([]float64{c.Fx, c.Fy}, c.Position[:]...)
	for _, row := range c.Rotation {
		vals = append(vals, row[:]...)
	}
	for _, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("camera value %v is not finite", v)
		}
	}
	switch {
	case p.Name == "":
		return fmt.Errorf("no name")
	case p.Width <= 0 || p.Height <= 0:
		return fmt.Errorf("image size %d×%d", p.Width, p.Height)
	case c.Fx <= 0 || c.Fy <= 0:
		return fmt.Errorf("focal lengths fx %v fy %v, want > 0", c.Fx, c.Fy)
	}
	// A rotation's rows are unit length and orthogonal; 1e-3 forgives float32 round trips.
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			dot := c.Rotation[i][0]*c.Rotation[j][0] + c.Rotation[i][1]*c.Rotation[j][1] + c.Rotation[i][2]*c.Rotation[j][2]
			if want := float64(b2i(i == j)); math.Abs(dot-want) > 1e-3 {
				return fmt.Errorf("camera rotation %v is not a rotation matrix", c.Rotation)
			}
		}
	}
	return nil
}

// b2i is 1 for true, 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// LoadAppearanceBundle reads a bundle from its JSON: the scene PLY it names (with its
// per-Gaussian features), the weights and the photos. progress receives the scene's bytes read.
func LoadAppearanceBundle(jsonPath string, progress func(done, total int64)) (*AppearanceBundle, error) {
	f, err := readAppearanceFilePath(jsonPath)
	if err != nil {
		return nil, err
	}
	if f.Scene == "" {
		return nil, fmt.Errorf("%s: no \"scene\" file named", jsonPath)
	}
	s, err := Load(bundlePath(jsonPath, f.Scene), progress)
	if err != nil {
		return nil, err
	}
	return loadWeights(s, f, jsonPath)
}

// LoadAppearance reads a bundle's JSON and weights for a scene already loaded (the PLY the
// JSON names is not read again). On error the scene is left untouched.
func LoadAppearance(s *Scene, jsonPath string) (*AppearanceBundle, error) {
	f, err := readAppearanceFilePath(jsonPath)
	if err != nil {
		return nil, err
	}
	return loadWeights(s, f, jsonPath)
}

// readAppearanceFilePath opens and decodes a bundle JSON.
func readAppearanceFilePath(path string) (*AppearanceFile, error) {
	r, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return ReadAppearanceFile(io.LimitReader(r, maxAppearanceJSON), path)
}

// maxAppearanceJSON caps the JSON read: a million photos at ~300 bytes each.
const maxAppearanceJSON = 512 << 20

// bundlePath resolves a path the JSON names relative to the JSON's folder.
func bundlePath(jsonPath, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(filepath.Dir(jsonPath), filepath.FromSlash(p))
}

// loadWeights reads the weights the JSON names and builds the bundle.
func loadWeights(s *Scene, f *AppearanceFile, jsonPath string) (*AppearanceBundle, error) {
	wp := bundlePath(jsonPath, f.Weights)
	ts, meta, err := safetensors.Read(wp)
	if err != nil {
		return nil, err
	}
	b, err := NewAppearanceBundle(s, ts, meta, f.Photos)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Base(wp), err)
	}
	b.Source = jsonPath
	for i := range b.Photos {
		if t := b.Photos[i].Thumbnail; t != "" {
			b.Photos[i].Thumbnail = bundlePath(jsonPath, t)
		}
	}
	return b, nil
}

// NewAppearanceBundle validates weights (safetensors tensors and metadata) and photos against
// scene s and returns the bundle; s is not modified. Errors name the tensor at fault.
func NewAppearanceBundle(s *Scene, ts map[string]safetensors.Tensor, meta map[string]string, photos []Photo) (*AppearanceBundle, error) {
	if err := s.Check(); err != nil {
		return nil, err
	}
	if len(photos) == 0 {
		return nil, fmt.Errorf("no photos")
	}
	b := &AppearanceBundle{Scene: s, Model: meta["model"], Photos: append([]Photo(nil), photos...)}
	var err error
	switch strings.ToLower(b.Model) {
	case ModelWildGS:
		b.wildgs, err = loadWildGS(s, ts, meta, len(photos))
	case ModelWildGaussians:
		b.wildg, err = loadWildGaussians(s, ts, meta, len(photos))
	default:
		return nil, fmt.Errorf("metadata model %q, want %q or %q", b.Model, ModelWildGS, ModelWildGaussians)
	}
	if err != nil {
		return nil, err
	}
	return b, nil
}
