package materials

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/splatscope/splatscope/gaussians"
)

// dataDir holds the project's real splat scenes.
var dataDir = filepath.Join("..", "..", "shared", "data", "splats")

func TestParseIDMap(t *testing.T) {
	cases := []struct {
		name, file, text string
		want             IDMap
		err              string
	}{
		{"object", "m.json", `{"0": "wood", "3": "steel"}`, IDMap{0: "wood", 3: "steel"}, ""},
		{"list", "m.json", `["wood", "metal"]`, IDMap{0: "wood", 1: "metal"}, ""},
		{"csv", "m.csv", "id,name\n0,wood\n2, glass\n", IDMap{0: "wood", 2: "glass"}, ""},
		{"csv no header", "m.txt", "5,paper\n", IDMap{5: "paper"}, ""},
		{"bad key", "m.json", `{"x": "wood"}`, nil, `m.json: key "x" is not an integer id`},
		{"negative", "m.json", `{"-1": "wood"}`, nil, "out of range"},
		{"empty name", "m.json", `["wood", ""]`, nil, "entry 1: empty material name"},
		{"csv fields", "m.csv", "0,wood\n1,metal,extra\n", nil, "m.csv:2: want \"id,name\""},
		{"csv id", "m.csv", "0,wood\nx,metal\n", nil, "m.csv:2: id \"x\""},
		{"csv dup", "m.csv", "0,wood\n0,metal\n", nil, "id 0 given twice"},
		{"json syntax", "m.json", `{"0": "wood",}`, nil, "m.json"},
	}
	for _, c := range cases {
		got, err := ParseIDMap([]byte(c.text), c.file)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: error %v, want %q", c.name, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
		for k, v := range c.want {
			if got[k] != v {
				t.Errorf("%s: id %d = %q, want %q", c.name, k, got[k], v)
			}
		}
	}
}

// labelledScene is a small scene with labels in its extra properties.
func labelledScene(n int) *gaussians.Scene {
	s := gaussians.NewScene(n, 0)
	ids := make([]float32, n)
	dens := make([]float32, n)
	for i := range ids {
		ids[i] = float32(i % 4) // 0 wood, 1 metal, 2 aluminium, 3 steel
		dens[i] = 500 + float32(i)
		s.Positions[3*i] = float32(i) * 0.01
	}
	s.Extra = []gaussians.Property{{Name: "transform", Values: make([]float32, n)}, {Name: IDProperty, Values: ids}, {Name: "density", Values: dens}}
	return s
}

func TestFromSceneWarnings(t *testing.T) {
	tab := DefaultTable()
	s := labelledScene(10)
	ids := s.Prop(IDProperty)
	ids[0], ids[1], ids[2] = 99, 1.5, float32(math.NaN())
	d := s.Prop("density")
	d[3], d[4] = -1, float32(math.NaN())
	l, err := FromScene(s, IDMap{0: "wood", 1: "metal", 2: "aluminium", 3: "steel", 99: "unobtainium"}, tab)
	if err != nil {
		t.Fatal(err)
	}
	unk := int32(tab.Index(UnknownName))
	if l.IDs[0] != unk || l.IDs[1] != unk || l.IDs[2] != unk || l.IDs[3] != 3 {
		t.Errorf("ids %v", l.IDs[:4])
	}
	w := strings.Join(l.Warnings, "\n")
	for _, want := range []string{"1 Gaussians have material ids with no table entry (99 (unobtainium))", "2 Gaussians have ids that are not integers",
		"2 Gaussians have a negative, NaN or infinite density"} {
		if !strings.Contains(w, want) {
			t.Errorf("warnings %q lack %q", w, want)
		}
	}
	if l.Value(3, Density) != tab.Materials[3].Density || l.Value(5, Density) != 505 {
		t.Errorf("density: %v %v", l.Value(3, Density), l.Value(5, Density))
	}
	if l.Value(5, YoungsModulus) != tab.Materials[1].YoungsModulus {
		t.Error("table value not used where no override exists")
	}
	if _, err := FromScene(gaussians.NewScene(2, 0), nil, tab); err == nil || !strings.Contains(err.Error(), "no material_id") {
		t.Errorf("missing property: %v", err)
	}
}

func TestSavePLYRoundTrip(t *testing.T) {
	tab := DefaultTable()
	dir := t.TempDir()
	s := labelledScene(20)
	l, err := FromScene(s, nil, tab)
	if err != nil {
		t.Fatal(err)
	}
	l.IDs[7] = int32(tab.Index("water"))
	l.Confidence = make([]float32, 20)
	for i := range l.Confidence {
		l.Confidence[i] = float32(i) / 20
	}
	out := filepath.Join(dir, "labelled.ply")
	if err := SavePLY(out, s, l); err != nil {
		t.Fatal(err)
	}
	s2, l2, err := LoadPLY(out, "", tab, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s2.Prop("transform") == nil {
		t.Error("other extra properties lost")
	}
	for i := range l.IDs {
		if l2.IDs[i] != l.IDs[i] || l2.Confidence[i] != l.Confidence[i] || l2.Value(i, Density) != l.Value(i, Density) {
			t.Fatalf("Gaussian %d: %d/%v/%v, want %d/%v/%v", i, l2.IDs[i], l2.Confidence[i], l2.Value(i, Density), l.IDs[i], l.Confidence[i], l.Value(i, Density))
		}
	}
	if _, err := os.Stat(IDMapPath(out)); err != nil {
		t.Error("no id map written beside the PLY")
	}
	// Never over the input.
	if err := SavePLY(out, s2, l2); err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Errorf("overwrote the input: %v", err)
	}
}

func TestSaveNPYRoundTrip(t *testing.T) {
	tab := DefaultTable()
	dir := t.TempDir()
	l := NewLabels(tab, 5, 2)
	l.IDs[4] = 17
	l.Confidence = []float32{1, 0.5, 0.25, 0.75, 0}
	l.Props[Friction] = []float32{0.1, 0.2, 0.3, 0.4, 0.5}
	out := filepath.Join(dir, "labels.npy")
	if err := SaveNPY(out, l); err != nil {
		t.Fatal(err)
	}
	files := NPYFilesFor(out)
	if files.Confidence == "" || files.Props[Friction] == "" || files.Props[Density] != "" || files.IDMap == "" {
		t.Fatalf("siblings: %+v", files)
	}
	l2, err := LoadNPY(files, 5, tab)
	if err != nil {
		t.Fatal(err)
	}
	for i := range l.IDs {
		if l2.IDs[i] != l.IDs[i] || l2.Confidence[i] != l.Confidence[i] || l2.Props[Friction][i] != l.Props[Friction][i] {
			t.Fatalf("Gaussian %d differs", i)
		}
	}
	// Length mismatch: an error naming the file, its length and the count.
	if _, err := LoadNPY(files, 6, tab); err == nil || !strings.Contains(err.Error(), "labels.npy: 5 values, but the scene has 6 Gaussians") {
		t.Errorf("length mismatch: %v", err)
	}
	if err := SaveNPY(out, l2); err == nil {
		t.Error("overwrote the input .npy")
	}
	// No temporary files left behind.
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left", e.Name())
		}
	}
}

// TestRealSceneLabels labels the real fruit-drops PLY (it has a non-standard extra property),
// saves it with labels and reads it back.
func TestRealSceneLabels(t *testing.T) {
	path := filepath.Join(dataDir, "supersplat_fruit_drops_minimal_sh3.ply")
	s, err := gaussians.Load(path, nil)
	if err != nil {
		t.Skip("real data not available: ", err)
	}
	tab := DefaultTable()
	l := NewLabels(tab, s.N, int32(tab.Index("metal"))) // a tin lid
	for i := 0; i < s.N; i += 3 {
		l.IDs[i] = int32(tab.Index("paper")) // the printed label
	}
	out := filepath.Join(t.TempDir(), "lid.ply")
	if err := SavePLY(out, s, l); err != nil {
		t.Fatal(err)
	}
	s2, l2, err := LoadPLY(out, "", tab, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s2.N != s.N || s2.Prop("transform") == nil {
		t.Fatalf("scene changed: %d Gaussians, extras %v", s2.N, s2.ExtraNames())
	}
	c := l2.Counts()
	if c[tab.Index("paper")] != (s.N+2)/3 || c[tab.Index("metal")] != s.N-(s.N+2)/3 {
		t.Errorf("counts %v", c)
	}
}
