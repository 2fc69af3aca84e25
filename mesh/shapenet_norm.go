package mesh

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/go-gl/mathgl/mgl32"
)

// ShapeNetV2Normalisation explains how ShapeNetCore v2 wrote model_normalized.obj.
const ShapeNetV2Normalisation = "ShapeNetCore v2 vertices are (v - centroid) / |max - min|, with min, max and " +
	"centroid from model_normalized.json in the aligned, unscaled frame: the bounding-box diagonal is exactly 1 " +
	"and the vertex mean is 0, but the box is not centred. Axes: +Y up, -Z front."

// ModelInfo is a ShapeNetCore v2 model_normalized.json.
type ModelInfo struct {
	ID          string     `json:"id"`
	Min         [3]float64 `json:"min"`
	Max         [3]float64 `json:"max"`
	Centroid    [3]float64 `json:"centroid"`
	NumVertices int        `json:"numVertices"`
}

// ReadModelInfo reads a model_normalized.json file.
func ReadModelInfo(path string) (*ModelInfo, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var mi ModelInfo
	if err := json.Unmarshal(b, &mi); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if !(mi.Scale() > 0) || math.IsInf(mi.Scale(), 0) {
		return nil, fmt.Errorf("%s: min %v and max %v give no box", path, mi.Min, mi.Max)
	}
	return &mi, nil
}

// ModelInfo reads a v2 model's models/model_normalized.json (on demand: opening the index does not).
func (ix *ShapeNetIndex) ModelInfo(m ShapeNetModel) (*ModelInfo, error) {
	if ix.Version != 2 {
		return nil, fmt.Errorf("%s: ShapeNetCore v%d has no model_normalized.json", m.Dir, ix.Version)
	}
	return ReadModelInfo(filepath.Join(m.Dir, "models", "model_normalized.json"))
}

// Scale is the length of the unscaled box diagonal, |max - min|, that v2 divides by.
func (mi *ModelInfo) Scale() float64 {
	var s float64
	for k := 0; k < 3; k++ {
		d := mi.Max[k] - mi.Min[k]
		s += d * d
	}
	return math.Sqrt(s)
}

// ToFile maps a point of the aligned, unscaled frame to the normalised frame of the OBJ file.
func (mi *ModelInfo) ToFile(p mgl32.Vec3) mgl32.Vec3 {
	s := mi.Scale()
	var out mgl32.Vec3
	for k := 0; k < 3; k++ {
		out[k] = float32((float64(p[k]) - mi.Centroid[k]) / s)
	}
	return out
}

// FromFile maps a vertex of model_normalized.obj back to the aligned, unscaled frame.
func (mi *ModelInfo) FromFile(p mgl32.Vec3) mgl32.Vec3 {
	s := mi.Scale()
	var out mgl32.Vec3
	for k := 0; k < 3; k++ {
		out[k] = float32(float64(p[k])*s + mi.Centroid[k])
	}
	return out
}

// FileBounds is the bounding box the normalised OBJ should have: (min - centroid)/scale to
// (max - centroid)/scale, generally not centred on the origin.
func (mi *ModelInfo) FileBounds() (lo, hi mgl32.Vec3) {
	s := mi.Scale()
	for k := 0; k < 3; k++ {
		lo[k] = float32((mi.Min[k] - mi.Centroid[k]) / s)
		hi[k] = float32((mi.Max[k] - mi.Centroid[k]) / s)
	}
	return lo, hi
}
