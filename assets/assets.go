// Package assets embeds the demo scene shipped inside the binary.
package assets

import (
	"bytes"
	_ "embed"

	"github.com/splatscope/splatscope/mesh"
)

// teapotOBJ is the Utah teapot (public domain), copied from shared/data/meshes/utah_teapot.obj.
//
//go:embed teapot.obj
var teapotOBJ []byte

// DemoName is the name shown for the embedded demo scene.
const DemoName = "demo: Utah teapot (embedded)"

// DemoMesh parses the embedded teapot. It is an open surface (no bottom lid, open spout),
// so it also shows off two-sided lighting and boundary edges.
func DemoMesh() (*mesh.Mesh, error) {
	m, err := mesh.ReadOBJ(bytes.NewReader(teapotOBJ), "teapot.obj")
	if err != nil {
		return nil, err
	}
	m.Source = DemoName
	return m, nil
}
