package mesh

import (
	"errors"
	"io"
)

// STUB: replaced by off.go, ply.go, stl.go (helper "mesh-formats"). Delete when those exist.

// ReadOFF reads an OFF mesh.
func ReadOFF(r io.Reader, name string) (*Mesh, error) { return nil, errors.New(name + ": not written yet") }

// ReadPLY reads a PLY mesh (ASCII or binary).
func ReadPLY(r io.Reader, name string) (*Mesh, error) { return nil, errors.New(name + ": not written yet") }

// ReadSTL reads an STL mesh (ASCII or binary).
func ReadSTL(r io.Reader, name string) (*Mesh, error) { return nil, errors.New(name + ": not written yet") }
