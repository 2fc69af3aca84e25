package render

import (
	"strings"
	"testing"

	"github.com/splatscope/splatscope/mesh"
)

// TestShaderErrors checks that compile errors name the shader file and carry the driver log
// on one line, and that every embedded program builds.
func TestShaderErrors(t *testing.T) {
	var badErr, stageErr error
	var progErrs []error
	onGL(t, func(Info) {
		_, badErr = compileShader("broken.frag.glsl", "#version 410 core\nvoid main() { undefined_thing = 1.0; }\n")
		_, stageErr = compileShader("nostage.glsl", "")
		for _, files := range [][]string{
			{"mesh.vert.glsl", "mesh.geom.glsl", "mesh.frag.glsl"},
			{"line.vert.glsl", "line.frag.glsl"},
			{"background.vert.glsl", "background.frag.glsl"},
		} {
			p, err := newProgram(files...)
			progErrs = append(progErrs, err)
			p.delete()
		}
	})
	if badErr == nil || !strings.Contains(badErr.Error(), "shaders/broken.frag.glsl") || strings.Contains(badErr.Error(), "\n") {
		t.Errorf("compile error %q: want one line naming shaders/broken.frag.glsl", badErr)
	}
	if stageErr == nil || !strings.Contains(stageErr.Error(), "nostage.glsl") {
		t.Errorf("stage error %v: want one naming the file", stageErr)
	}
	for _, err := range progErrs {
		if err != nil {
			t.Error(err)
		}
	}
}

func TestOffscreenErrors(t *testing.T) {
	var errs []error
	onGL(t, func(Info) {
		for _, s := range [][2]int{{0, 10}, {10, -1}, {1 << 20, 4}} {
			o, err := NewOffscreen(s[0], s[1])
			o.Delete()
			errs = append(errs, err)
		}
	})
	for i, err := range errs {
		if err == nil {
			t.Errorf("case %d: no error for a bad offscreen size", i)
		}
	}
}

// shapeNetLike is an OBJ in ShapeNet v2's layout: every face repeated with reversed winding in
// a separate chunk, with another material, on repeated vertices; non-unit normals; uv far
// outside [0, 1].
const shapeNetLike = `
mtllib none.mtl
v -1 -1 0
v 1 -1 0
v 1 1 0
v -1 1 0
vt 0 0 0
vt 5 0 0
vt 5 5 0
vt 0 5 0
vn 0 0 0.0254
usemtl outside
f 1/1/1 2/2/1 3/3/1
f 1/1/1 3/3/1 4/4/1
v -1 -1 0
v 1 -1 0
v 1 1 0
v -1 1 0
vn 0 0 -0.0254
usemtl inside
f 5/1/2 7/3/2 6/2/2
f 5/1/2 8/4/2 7/3/2
`

// TestShapeNetTwins reads a ShapeNet-style OBJ and checks the twins are drawn once and the
// picture equals the single-sided quad's from both sides.
func TestShapeNetTwins(t *testing.T) {
	m, err := mesh.ReadOBJ(strings.NewReader(shapeNetLike), "twins.obj")
	if err != nil {
		t.Fatal(err)
	}
	d, err := PrepareMesh(m)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Indices)/3 != 2 || d.Dropped != 2 || d.BoundaryEdges != 4 {
		t.Fatalf("drawn %d, dropped %d, boundary %d; want 2, 2, 4", len(d.Indices)/3, d.Dropped, d.BoundaryEdges)
	}
	// Undefined materials read as the loader's default grey: draw the single quad in it.
	if len(m.Materials) == 0 {
		t.Fatal("no materials read for the usemtl records")
	}
	grey := DefaultMeshStyle
	grey.Color = m.Materials[0].Kd
	single := quad(0, 1)
	for _, view := range []string{"front", "back"} {
		a := renderOne(t, m, view, DefaultMeshStyle, goldenW, goldenH)
		b := renderOne(t, single, view, grey, goldenW, goldenH)
		if frac := diffFractionTol(a, b, 3); frac > 0.001 {
			t.Errorf("%s: %.2f%% of pixels differ from the single quad", view, 100*frac)
		}
	}
}
