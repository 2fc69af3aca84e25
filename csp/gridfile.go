package csp

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/mesh"
)

// Meta is the JSON sidecar of a baked grid (FIELD.json beside FIELD.npy): node [i, j, k] of
// the array is the closest point to Origin + Spacing·(i, j, k), in the source's coordinates.
type Meta struct {
	Origin       [3]float32 `json:"origin"`
	Spacing      float32    `json:"spacing"`
	Shape        [4]int     `json:"shape"`
	Source       string     `json:"source,omitempty"`
	SourceSHA256 string     `json:"source_sha256,omitempty"`
	Dtype        string     `json:"dtype"` // "float32" or "float16"
}

// SidecarPath returns the JSON sidecar's path for a .npy path.
func SidecarPath(npyPath string) string {
	return strings.TrimSuffix(npyPath, ".npy") + ".json"
}

// FileSHA256 returns the hex SHA-256 of a file (for Meta.SourceSHA256).
func FileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// SaveGrid writes g to path (.npy, float32 or float16 as the grid stores) and its sidecar,
// each atomically. meta's Source and SourceSHA256 are kept; the geometry fields are filled
// from g. It refuses to write over meta.Source.
func SaveGrid(path string, g *Grid, meta Meta) error {
	if err := mesh.CheckNotSource(path, meta.Source); err != nil {
		return err
	}
	meta.Origin = [3]float32(g.Origin)
	meta.Spacing = g.Spacing
	meta.Shape = [4]int{g.Dims[0], g.Dims[1], g.Dims[2], 3}
	shape := meta.Shape[:]
	write := func(w io.Writer) error { return WriteNPY(w, shape, g.f32) }
	meta.Dtype = "float32"
	if g.Half() {
		write = func(w io.Writer) error { return WriteNPYHalf(w, shape, g.f16) }
		meta.Dtype = "float16"
	}
	if err := mesh.WriteFileAtomic(path, write); err != nil {
		return err
	}
	js, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return err
	}
	return mesh.WriteFileAtomic(SidecarPath(path), func(w io.Writer) error {
		_, err := w.Write(append(js, '\n'))
		return err
	})
}

// LoadGrid reads a baked grid and its sidecar. Errors name the file: a missing or bad
// sidecar, a shape other than (nx, ny, nz, 3) or disagreeing with the sidecar, non-finite
// values (with the first bad node).
func LoadGrid(path string) (*Grid, Meta, error) {
	var meta Meta
	side := SidecarPath(path)
	js, err := os.ReadFile(side)
	if err != nil {
		return nil, meta, fmt.Errorf("%s: cannot read the sidecar with origin and spacing: %w", path, err)
	}
	if err := json.Unmarshal(js, &meta); err != nil {
		return nil, meta, fmt.Errorf("%s: %v", side, err)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, meta, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, meta, err
	}
	a, err := ReadNPY(f, st.Size(), path)
	if err != nil {
		return nil, meta, err
	}
	if len(a.Shape) != 4 || a.Shape[3] != 3 {
		return nil, meta, fmt.Errorf("%s: shape %v, want (nx, ny, nz, 3) closest points", path, a.Shape)
	}
	if [4]int(a.Shape) != meta.Shape {
		return nil, meta, fmt.Errorf("%s: shape %v, but %s says %v", path, a.Shape, side, meta.Shape)
	}
	o := mgl32.Vec3(meta.Origin)
	for _, v := range []float32{o[0], o[1], o[2], meta.Spacing} {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return nil, meta, fmt.Errorf("%s: origin %v or spacing %v is not finite", side, meta.Origin, meta.Spacing)
		}
	}
	g, err := NewGrid([3]int(a.Shape[:3]), o, meta.Spacing, a.Descr[2] == '2')
	if err != nil {
		return nil, meta, fmt.Errorf("%s: %v", path, err)
	}
	for i, v := range a.Data {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			n := i / 3
			return nil, meta, fmt.Errorf("%s: value at [%d, %d, %d, %d] is not finite (%v)", path,
				n/(g.Dims[1]*g.Dims[2]), n/g.Dims[2]%g.Dims[1], n%g.Dims[2], i%3, v)
		}
	}
	if g.Half() {
		for i, v := range a.Data {
			g.f16[i] = FloatToHalf(v) // exact: the values came from halves
		}
	} else {
		g.f32 = a.Data
	}
	return g, meta, nil
}
