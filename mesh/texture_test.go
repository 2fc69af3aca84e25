package mesh

import (
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeImage writes a small real image file (JPEG or PNG by extension) of colour c.
func objTestImage(t *testing.T, path string, c color.RGBA) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	img := image.NewRGBA(image.Rect(0, 0, 8, 4))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, c.A
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png":
		err = png.Encode(f, img)
	case ".tga":
		_, err = f.Write(encodeTGA(tgaSpec{2, 24, 0x20, false}, [][][4]byte{{{c.R, c.G, c.B, 255}}},
			func(p [4]byte) []byte { return []byte{p[2], p[1], p[0]} }))
	default:
		err = jpeg.Encode(f, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
}

func objTestFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestResolveTexture(t *testing.T) {
	root := t.TempDir()
	models := filepath.Join(root, "models")
	for _, f := range []string{"images/texture0.jpg", "images/texture1.jpg", "Images2/Sub/Tex.PNG",
		"images/texture3.png", "models/Wood.TGA", "models/local.png", "models/with space.jpg"} {
		objTestFile(t, filepath.Join(root, f), "x")
	}
	tests := []struct{ ref, want string }{
		{"../images/texture0.jpg", "images/texture0.jpg"},
		{`..\images\texture0.jpg`, "images/texture0.jpg"},
		{"../IMAGES/Texture1.JPG", "images/texture1.jpg"},
		{`..\images2\sub\tex.png`, "Images2/Sub/Tex.PNG"},
		{"../images/texture3.jpg", "images/texture3.png"},
		{"wood.tga", "models/Wood.TGA"},
		{"wood.jpeg", "models/Wood.TGA"},
		{`C:\Users\artist\Desktop\local.png`, "models/local.png"},
		{"with space.jpg", "models/with space.jpg"},
		{" ../images/texture0.jpg ", "images/texture0.jpg"},
		{filepath.Join(root, "images", "texture1.jpg"), "images/texture1.jpg"},
		{"../images/missing.jpg", ""},
		{"", ""},
	}
	for _, tc := range tests {
		got, ok := resolveTexture(models, tc.ref)
		if tc.want == "" {
			if ok {
				t.Errorf("resolveTexture(%q) = %q, want not found", tc.ref, got)
			}
			continue
		}
		want := filepath.Join(root, filepath.FromSlash(tc.want))
		if !ok || got != want {
			t.Errorf("resolveTexture(%q) = %q %v, want %q", tc.ref, got, ok, want)
		}
	}
}

// shapeNetOBJ is a ShapeNet-v2-like model: twinned faces in a second chunk with another
// material, non-unit normals, 3-component vt outside [0,1], an l record, `f  a/b/c` with two
// spaces and repeated group names.
const shapeNetOBJ = `# ShapeNet-like
mtllib model_normalized.mtl
v -0.5 0 0
v 0.5 0 0
v 0.5 0.5 0
v -0.5 0.5 0
vt 0 0 0
vt 2.5 0 0
vt 2.5 -1.5 0
vt 0 -1.5 0
vn 0 0 0.0254
vn 0 0 -0.0254
g mesh1
usemtl wood
f  1/1/1 2/2/1 3/3/1
usemtl metal
f  1/1/1 3/3/1 4/4/1
usemtl ghost
f 2/2/1 3/3/1 4/4/1
g mesh1
usemtl wood_back
f  3/3/2 2/2/2 1/1/2
usemtl nomat
f  4/4/2 3/3/2 1/1/2
` + "usemtl caf\xe9" + `
f 4 1 2
l 1 2
`

const shapeNetMTL = `newmtl wood
Kd 0.5 0.4 0.3
map_Kd ../images/texture0.jpg

newmtl metal
Ka 0 0 0
Kd 0.7 0.7 0.7
Ks 0.3 0.3 0.3
Ns 10
d 0.5
illum 2
map_Kd ../images/Texture1.JPG

newmtl ghost
map_Kd ../images/texture9.jpg

newmtl wood_back
map_Kd ..\images\texture0.jpg

` + "newmtl caf\xe9" + `
Kd 1 0 0
`

func TestLoadShapeNetFolder(t *testing.T) {
	root := filepath.Join(t.TempDir(), "02958343", "1a0bc9ab92c915167ae33d942430658c")
	obj := filepath.Join(root, "models", "model_normalized.obj")
	objTestFile(t, obj, shapeNetOBJ)
	objTestFile(t, filepath.Join(root, "models", "model_normalized.mtl"), shapeNetMTL)
	objTestImage(t, filepath.Join(root, "images", "texture0.jpg"), color.RGBA{200, 30, 30, 255})
	objTestImage(t, filepath.Join(root, "images", "texture1.jpg"), color.RGBA{30, 30, 200, 255})

	m, err := Load(obj, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Triangles) != 6 || len(m.Lines) != 1 || m.Source != obj {
		t.Fatalf("%d triangles %d lines source %q", len(m.Triangles), len(m.Lines), m.Source)
	}
	names := []string{}
	for _, mat := range m.Materials {
		names = append(names, mat.Name)
	}
	// Latin-1 names match byte for byte, then read as UTF-8; undefined names come last.
	if got := strings.Join(names, ","); got != "wood,metal,ghost,wood_back,café,nomat" {
		t.Fatalf("materials %s", got)
	}
	wantTri := []int32{0, 1, 2, 3, 5, 4}
	for i, k := range m.TriMaterial {
		if k != wantTri[i] {
			t.Errorf("TriMaterial = %v, want %v", m.TriMaterial, wantTri)
			break
		}
	}
	wood, metal, ghost, back := m.Materials[0], m.Materials[1], m.Materials[2], m.Materials[3]
	if m.Materials[4].Kd != [3]float32{1, 0, 0} {
		t.Errorf("café Kd = %v, want red from the MTL", m.Materials[4].Kd)
	}
	if wood.Texture == nil || back.Texture == nil || metal.Texture == nil {
		t.Fatalf("textures not loaded: wood %v metal %v back %v", wood.TexturePath, metal.TexturePath, back.TexturePath)
	}
	if wood.Texture.Bounds().Dx() != 8 || wood.TexturePath != back.TexturePath {
		t.Errorf("wood texture %v at %q, back at %q", wood.Texture.Bounds(), wood.TexturePath, back.TexturePath)
	}
	if r, _, b, _ := metal.Texture.At(1, 1).RGBA(); b>>8 < 150 || r>>8 > 80 {
		t.Errorf("metal texture (wrong-case name) decoded to the wrong image: r=%d b=%d", r>>8, b>>8)
	}
	if metal.D != 0.5 || metal.Ns != 10 || metal.Illum != 2 {
		t.Errorf("metal = %+v", metal)
	}
	if ghost.Texture != nil || ghost.TexturePath != "" || ghost.MapKd != "../images/texture9.jpg" {
		t.Errorf("ghost = %+v, want missing texture", ghost)
	}
	if len(m.Warnings) != 2 ||
		!strings.Contains(m.Warnings[0], `material "ghost": texture "../images/texture9.jpg" not found`) ||
		!strings.Contains(m.Warnings[1], `1 materials used but not defined`) {
		t.Errorf("warnings = %q", m.Warnings)
	}
	for i, n := range m.Normals {
		if l := n.Len(); l < 0.9999 || l > 1.0001 {
			t.Errorf("normal %d has length %g", i, l)
		}
	}
	if m.UVs[2][0] != 2.5 || m.UVs[2][1] != -1.5 {
		t.Errorf("uv 2 = %v, want (2.5, -1.5) kept as written", m.UVs[2])
	}
}

func TestLoadOBJMissingMtllib(t *testing.T) {
	dir := t.TempDir()
	objTestFile(t, filepath.Join(dir, "a.mtl"), "newmtl red\nKd 1 0 0\n")
	objTestFile(t, filepath.Join(dir, "B.MTL"), "newmtl blue\nKd 0 0 1\nmap_Kd blue.tga\n")
	objTestImage(t, filepath.Join(dir, "blue.tga"), color.RGBA{0, 0, 255, 255})
	tests := []struct {
		name, mtllib string
		mats         []string
		warn         string
	}{
		{"missing", "mtllib gone.mtl\n", []string{"red"}, `mtllib "gone.mtl" not found`},
		{"several on one line, wrong case", "mtllib a.mtl b.mtl\n", []string{"red", "blue"}, ""},
		{"several records", "mtllib a.mtl\nmtllib b.mtl\n", []string{"red", "blue"}, ""},
		{"one of two missing", "mtllib a.mtl nope.mtl\n", []string{"red"}, `mtllib "nope.mtl" not found`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			obj := filepath.Join(dir, "m.obj")
			objTestFile(t, obj, tc.mtllib+objSquare+"usemtl red\nf 1 2 3\n")
			m, err := LoadOBJ(obj, nil)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, mat := range m.Materials {
				names = append(names, mat.Name)
				if mat.Name == "blue" && (mat.Texture == nil || mat.Texture.Bounds().Dx() != 1) {
					t.Errorf("blue TGA texture not loaded: %+v", mat)
				}
			}
			if strings.Join(names, ",") != strings.Join(tc.mats, ",") || m.TriMaterial[0] != 0 {
				t.Errorf("materials %v TriMaterial %v, want %v", names, m.TriMaterial, tc.mats)
			}
			checkOBJWarning(t, m.Warnings, tc.warn)
		})
	}
}
