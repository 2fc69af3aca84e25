package mesh

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

// snFile writes a file under root, creating folders.
func snFile(t *testing.T, root, rel, text string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

const snTaxonomy = `[
 {"synsetId": "02958343", "name": "car,auto,automobile,machine,motorcar", "children": ["02814533", "02930766"], "numInstances": 3514},
 {"synsetId": "02814533", "name": "beach wagon,station wagon,wagon,estate car", "children": [], "numInstances": 80},
 {"synsetId": "03001627", "name": "chair", "children": [], "numInstances": 6778}
]`

// snModelJSON is a model_normalized.json as ShapeNetCore v2 writes it.
const snModelJSON = `{"max": [0.5, 0.25, 1.0], "centroid": [0.1, 0.05, 0.2], "id": "1a0bc9ab92c915167ae33d942430658c", "numVertices": 3, "min": [-0.5, -0.25, -1.0]}`

// buildShapeNetV2 makes a mini ShapeNetCore v2 tree in the real layout.
func buildShapeNetV2(t *testing.T) string {
	root := t.TempDir()
	snFile(t, root, "taxonomy.json", snTaxonomy)
	cars := []string{"1a0bc9ab92c915167ae33d942430658c", "1a1dcd236a1e6133860800e6696b8284", "1a3782ae4bd711b66b418c7d9fedcaa9",
		"2a0bc9ab92c91516ae33d942430658c"} // the last one has 31 characters, as some real ids do
	for _, id := range cars {
		d := "02958343/" + id + "/models/"
		snFile(t, root, d+"model_normalized.obj", "mtllib model_normalized.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nusemtl m\nf 1 2 3\nf 1 3 2\n")
		snFile(t, root, d+"model_normalized.mtl", "newmtl m\nKd 1 0 0\nmap_Kd ../images/texture0.jpg\n")
		snFile(t, root, d+"model_normalized.json", snModelJSON)
		snFile(t, root, "02958343/"+id+"/images/texture0.jpg", "not really a jpeg")
	}
	snFile(t, root, "02958343/0f0bc9ab92c915167ae33d942430658c/images/texture0.jpg", "x")        // images/ but no models/
	snFile(t, root, "02958343/ffffc9ab92c915167ae33d942430658c/models/model_normalized.mtl", "") // models/ but no obj
	snFile(t, root, "03001627/1a6f615e8b1b5ae4dbbc9440457e303e/models/model_normalized.obj", "v 0 0 0\n")
	snFile(t, root, "04379243/1a00aa6b75362cc5b324368d54a7416f/models/model_normalized.obj", "v 0 0 0\n") // not in taxonomy
	snFile(t, root, "04379243/.DS_Store", "")
	snFile(t, root, "README.txt", "not a synset")
	snFile(t, root, "123/notasynset/models/model_normalized.obj", "")
	return root
}

func TestShapeNetV2(t *testing.T) {
	ix, err := OpenShapeNet(buildShapeNetV2(t))
	if err != nil {
		t.Fatal(err)
	}
	if ix.Version != 2 {
		t.Errorf("version %d, want 2", ix.Version)
	}
	tests := []struct {
		synset, name, full string
		models, usable     int
		inTax              bool
	}{
		{"02958343", "car", "car,auto,automobile,machine,motorcar", 6, 4, true},
		{"03001627", "chair", "chair", 1, 1, true},
		{"04379243", "04379243", "04379243", 1, 1, false},
	}
	if len(ix.Categories) != len(tests) {
		t.Fatalf("%d categories, want %d: %+v", len(ix.Categories), len(tests), ix.Categories)
	}
	for i, tc := range tests {
		c := ix.Categories[i]
		if c.SynsetID != tc.synset || c.Name != tc.name || c.FullName != tc.full || len(c.Models) != tc.models ||
			c.Usable != tc.usable || c.InTaxonomy != tc.inTax {
			t.Errorf("category %d = %s %q %q %d models %d usable tax=%v; want %+v", i, c.SynsetID, c.Name, c.FullName, len(c.Models), c.Usable, c.InTaxonomy, tc)
		}
	}
	cars := ix.Category("02958343")
	if cars.NumInstances != 3514 {
		t.Errorf("NumInstances = %d", cars.NumInstances)
	}
	reasons := map[string]string{}
	for i, m := range cars.Models {
		if i > 0 && cars.Models[i-1].ID >= m.ID {
			t.Errorf("models not sorted: %s before %s", cars.Models[i-1].ID, m.ID)
		}
		if !m.IsUsable() {
			reasons[m.ID] = m.Reason
		} else if _, err := os.Stat(m.OBJ); err != nil || !strings.HasSuffix(m.OBJ, filepath.FromSlash("models/model_normalized.obj")) {
			t.Errorf("OBJ path %q: %v", m.OBJ, err)
		}
	}
	want := map[string]string{
		"0f0bc9ab92c915167ae33d942430658c": "no models/ folder",
		"ffffc9ab92c915167ae33d942430658c": "no models/model_normalized.obj",
	}
	if len(reasons) != len(want) || reasons["0f0bc9ab92c915167ae33d942430658c"] != want["0f0bc9ab92c915167ae33d942430658c"] ||
		reasons["ffffc9ab92c915167ae33d942430658c"] != want["ffffc9ab92c915167ae33d942430658c"] {
		t.Errorf("unusable = %v, want %v", reasons, want)
	}

	// Next and Prev step over unusable folders and wrap around.
	steps := []struct {
		next bool
		from string
		want string
	}{
		{true, "0f0bc9ab92c915167ae33d942430658c", "1a0bc9ab92c915167ae33d942430658c"},
		{true, "1a0bc9ab92c915167ae33d942430658c", "1a1dcd236a1e6133860800e6696b8284"},
		{true, "2a0bc9ab92c91516ae33d942430658c", "1a0bc9ab92c915167ae33d942430658c"},  // skips ffff…, wraps
		{false, "1a0bc9ab92c915167ae33d942430658c", "2a0bc9ab92c91516ae33d942430658c"}, // skips 0f0b…, wraps
		{false, "1a3782ae4bd711b66b418c7d9fedcaa9", "1a1dcd236a1e6133860800e6696b8284"},
		{true, "", "1a0bc9ab92c915167ae33d942430658c"},
		{false, "zzz", "2a0bc9ab92c91516ae33d942430658c"},
	}
	for _, s := range steps {
		var got ShapeNetModel
		var ok bool
		if s.next {
			got, ok = ix.Next("02958343", s.from)
		} else {
			got, ok = ix.Prev("02958343", s.from)
		}
		if !ok || got.ID != s.want {
			t.Errorf("next=%v from %q = %q, %v; want %q", s.next, s.from, got.ID, ok, s.want)
		}
	}
	if _, ok := ix.Next("99999999", ""); ok {
		t.Error("Next in a missing category succeeded")
	}
	if one, ok := ix.Next("03001627", "1a6f615e8b1b5ae4dbbc9440457e303e"); !ok || one.ID != "1a6f615e8b1b5ae4dbbc9440457e303e" {
		t.Errorf("Next in a one-model category = %q, %v", one.ID, ok)
	}

	// model_normalized.json is read on demand; the OBJ opens through Load.
	m0, _ := ix.Model("02958343", "1a0bc9ab92c915167ae33d942430658c")
	mi, err := ix.ModelInfo(m0)
	if err != nil {
		t.Fatal(err)
	}
	if mi.NumVertices != 3 || mi.Centroid != [3]float64{0.1, 0.05, 0.2} {
		t.Errorf("ModelInfo = %+v", mi)
	}
	if m, err := Load(m0.OBJ, nil); err != nil || len(m.Triangles) != 2 {
		t.Errorf("Load(%s) = %v", m0.OBJ, err)
	} else if tp := Analyze(m); tp.ReversedTwins != 1 || tp.NonManifoldEdges != 0 {
		t.Errorf("v2-style doubled face: %+v", tp)
	}
}

func TestShapeNetV2Normalisation(t *testing.T) {
	var mi ModelInfo
	if err := jsonUnmarshalString(snModelJSON, &mi); err != nil {
		t.Fatal(err)
	}
	// |max - min| = |(1, 0.5, 2)| = sqrt(5.25).
	if s := mi.Scale(); math.Abs(s-math.Sqrt(5.25)) > 1e-12 {
		t.Errorf("Scale = %v", s)
	}
	lo, hi := mi.FileBounds()
	if d := hi.Sub(lo).Len(); math.Abs(float64(d)-1) > 1e-6 {
		t.Errorf("file box diagonal = %v, want 1", d)
	}
	if c := lo.Add(hi).Mul(0.5); c.Len() < 1e-3 {
		t.Errorf("file box centre %v: v2 boxes are not centred", c)
	}
	p := mgl32.Vec3{0.3, -0.2, 0.9}
	if q := mi.FromFile(mi.ToFile(p)); q.Sub(p).Len() > 1e-6 {
		t.Errorf("round trip %v -> %v", p, q)
	}
	if c := mi.ToFile(mgl32.Vec3{0.1, 0.05, 0.2}); c.Len() > 1e-7 {
		t.Errorf("centroid maps to %v, want the origin", c)
	}
	bad := filepath.Join(t.TempDir(), "model_normalized.json")
	os.WriteFile(bad, []byte(`{"min":[0,0,0],"max":[0,0,0]}`), 0o644)
	if _, err := ReadModelInfo(bad); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("zero box: err = %v", err)
	}
}

func TestShapeNetV1(t *testing.T) {
	root := t.TempDir()
	snFile(t, root, "taxonomy.json", snTaxonomy)
	snFile(t, root, "02958343.csv", "fullId,wnsynset,wnlemmas,up,front,name,tags\n")
	for _, id := range []string{"b", "a", "c"} {
		snFile(t, root, "02958343/"+id+"/model.obj", "v 0 0 0\n")
	}
	snFile(t, root, "02958343/d/model.mtl", "")
	ix, err := OpenShapeNet(root)
	if err != nil {
		t.Fatal(err)
	}
	c := ix.Category("02958343")
	if ix.Version != 1 || len(ix.Categories) != 1 || c == nil || len(c.Models) != 4 || c.Usable != 3 {
		t.Fatalf("v1 index: version %d, %+v", ix.Version, ix.Categories)
	}
	if c.Models[0].ID != "a" || c.Models[3].Reason != "no model.obj" || !strings.HasSuffix(c.Models[0].OBJ, "model.obj") {
		t.Errorf("models %+v", c.Models)
	}
	if m, ok := ix.Prev("02958343", "a"); !ok || m.ID != "c" {
		t.Errorf("Prev(a) = %q", m.ID)
	}
	if _, err := ix.ModelInfo(c.Models[0]); err == nil {
		t.Error("ModelInfo on v1 succeeded")
	}
}

func TestShapeNetErrors(t *testing.T) {
	empty := t.TempDir()
	if _, err := OpenShapeNet(empty); err == nil || !strings.Contains(err.Error(), "no ShapeNet synset folders") {
		t.Errorf("empty root: %v", err)
	}
	if _, err := OpenShapeNet(filepath.Join(empty, "missing")); err == nil {
		t.Error("missing root opened")
	}
	root := t.TempDir()
	snFile(t, root, "02958343/x/models/model_normalized.obj", "")
	snFile(t, root, "taxonomy.json", "{broken")
	ix, err := OpenShapeNet(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(ix.Warnings) != 1 || ix.Categories[0].Name != "02958343" {
		t.Errorf("broken taxonomy: warnings %q, name %q", ix.Warnings, ix.Categories[0].Name)
	}
}

// BenchmarkOpenShapeNet indexes a tree of 55 categories × 200 models (a fifth of the real count).
func BenchmarkOpenShapeNet(b *testing.B) {
	root := b.TempDir()
	for c := 0; c < 55; c++ {
		for m := 0; m < 200; m++ {
			d := filepath.Join(root, "0"+strings.Repeat("1", 6)+string(rune('0'+c%10)), strings.Repeat("a", 28)+string(rune('a'+c/10))+string(rune('a'+m%26))+string(rune('a'+m/26))+"x", "models")
			os.MkdirAll(d, 0o755)
			os.WriteFile(filepath.Join(d, "model_normalized.obj"), nil, 0o644)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := OpenShapeNet(root); err != nil {
			b.Fatal(err)
		}
	}
}
