// Package shaders holds the GLSL sources of the render package, embedded at build time so the
// binary needs no files beside it.
package shaders

import (
	"embed"
	"fmt"
)

// FS holds every *.glsl file of this folder.
//
//go:embed *.glsl
var FS embed.FS

// Source returns the text of one embedded shader file, e.g. "mesh.frag.glsl".
func Source(name string) (string, error) {
	b, err := FS.ReadFile(name)
	if err != nil {
		return "", fmt.Errorf("shaders: %s: no such embedded shader", name)
	}
	return string(b), nil
}
