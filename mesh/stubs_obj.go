package mesh

import (
	"errors"
	"io"
)

// STUB: replaced by obj.go (helper "mesh-obj"). Delete this file when obj.go exists.

// LoadOBJ reads an OBJ file with its MTL and textures.
func LoadOBJ(path string, progress Progress) (*Mesh, error) {
	return nil, errors.New(path + ": OBJ reader not written yet")
}

// ReadOBJ reads OBJ text from r; name is used in error messages and to resolve mtllib
// relative paths (dir of name). Materials are loaded when name is a real file path.
func ReadOBJ(r io.Reader, name string) (*Mesh, error) {
	return nil, errors.New(name + ": OBJ reader not written yet")
}
