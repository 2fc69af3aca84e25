package csp

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/splatscope/splatscope/mesh"
)

// Kinds of field LoadFieldFile returns.
const (
	KindNeural = "neural" // *MLP from a PyTorch checkpoint or safetensors file
	KindGrid   = "grid"   // *Grid baked to .npy with its JSON sidecar
	KindMesh   = "mesh"   // *MeshField, the exact field of a triangle mesh
)

// IsFieldFile reports whether LoadFieldFile understands the file's extension.
func IsFieldFile(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".pt", ".pth", ".safetensors", ".npy":
		return true
	}
	return mesh.IsMeshFile(path)
}

// LoadFieldFile opens any CSP field by extension: a neural network (.pt, .pth,
// .safetensors), a baked grid (.npy beside its .json sidecar) or a mesh (.obj, .off, .ply,
// .stl, as its exact field). kind is one of KindNeural, KindGrid, KindMesh.
func LoadFieldFile(path string) (f Field, kind string, err error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".pt", ".pth", ".safetensors":
		m, err := LoadNeural(path)
		if err != nil {
			return nil, "", err
		}
		return m, KindNeural, nil
	case ".npy":
		g, _, err := LoadGrid(path)
		if err != nil {
			return nil, "", err
		}
		return g, KindGrid, nil
	}
	if !mesh.IsMeshFile(path) {
		return nil, "", fmt.Errorf("%s: not a field file (want .pt, .pth, .safetensors, .npy or a mesh: .obj, .off, .ply, .stl)", filepath.Base(path))
	}
	m, err := mesh.Load(path, nil)
	if err != nil {
		return nil, "", err
	}
	mf, err := NewMeshField(m)
	if err != nil {
		return nil, "", err
	}
	return mf, KindMesh, nil
}
