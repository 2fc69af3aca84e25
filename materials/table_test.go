package materials

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// vocabulary is GaussianProperty's material list plus the extras the issue asks for.
var vocabulary = []string{"wood", "metal", "aluminium", "steel", "copper", "plastic", "glass", "fabric", "foam",
	"food", "ceramic", "paper", "leather", "marble", "concrete", "rubber", "sand", "water", UnknownName}

func TestDefaultTable(t *testing.T) {
	tab := DefaultTable()
	for i, n := range vocabulary {
		if got := tab.Index(n); got != i {
			t.Errorf("%s: id %d, want %d (ids are positions in the vocabulary)", n, got, i)
		}
	}
	for _, m := range tab.Materials {
		for _, f := range append(FieldNames[:], "yield_stress") {
			if strings.TrimSpace(m.Sources[f]) == "" {
				t.Errorf("%s: no source for %s", m.Name, f)
			}
		}
	}
	// Spot checks against the handbooks cited in the file.
	checks := []struct {
		name  string
		field Field
		lo    float64
		hi    float64
	}{
		{"steel", Density, 7750, 8050}, {"aluminium", YoungsModulus, 6.8e10, 7.0e10}, {"water", Density, 997, 1000},
		{"rubber", PoissonRatio, 0.45, 0.5}, {"glass", Hardness, 5, 6}, {"copper", Density, 8900, 9000},
	}
	for _, c := range checks {
		m := tab.Materials[tab.Index(c.name)]
		if v := m.Value(c.field); v < c.lo || v > c.hi {
			t.Errorf("%s %s = %v, want %v..%v", c.name, FieldNames[c.field], v, c.lo, c.hi)
		}
	}
	var buf bytes.Buffer
	if err := tab.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	again, err := ParseTable(buf.Bytes(), "re-encoded")
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Materials) != len(tab.Materials) || again.Materials[3].YoungsModulus != tab.Materials[3].YoungsModulus {
		t.Error("table does not survive encode/parse")
	}
}

func TestParseTableErrors(t *testing.T) {
	good := `{"name": "x", "density": 1, "youngs_modulus": 1, "poisson_ratio": 0.3, "friction": 0.5, "hardness": 1, "hardness_scale": "mohs", "yield_stress": 1, "model": "von_mises", "color": "#010203"}`
	cases := []struct {
		name, json, want string
	}{
		{"ok", `{"materials": [` + good + `]}`, ""},
		{"negative", `{"materials": [` + strings.Replace(good, `"density": 1`, `"density": -5`, 1) + `]}`, `material 0 "x": density = -5`},
		{"poisson", `{"materials": [` + strings.Replace(good, `0.3`, `0.7`, 1) + `]}`, `poisson_ratio = 0.7`},
		{"model", `{"materials": [` + strings.Replace(good, `von_mises`, `jelly`, 1) + `]}`, `unknown model "jelly"`},
		{"scale", `{"materials": [` + strings.Replace(good, `"mohs"`, `"brinell"`, 1) + `]}`, `unknown hardness_scale`},
		{"colour", `{"materials": [` + strings.Replace(good, `#010203`, `red`, 1) + `]}`, `color`},
		{"dup", `{"materials": [` + good + `,` + good + `]}`, `duplicate name`},
		{"empty", `{"materials": []}`, `no materials`},
		{"field", `{"materials": [` + strings.Replace(good, `"density"`, `"densty"`, 1) + `]}`, `unknown field`},
		{"syntax", "{\n\"materials\": [,]}", `t.json: line 2`},
		{"nan", `{"materials": [` + strings.Replace(good, `"density": 1`, `"density": NaN`, 1) + `]}`, `t.json`},
	}
	for _, c := range cases {
		_, err := ParseTable([]byte(c.json), "t.json")
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

func TestLoadTableFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "table.json")
	if err := os.WriteFile(p, defaultTableJSON, 0o644); err != nil {
		t.Fatal(err)
	}
	tab, err := LoadTable(p)
	if err != nil || tab.Source != p {
		t.Fatalf("LoadTable: %v (source %q)", err, tab.Source)
	}
	if _, err := LoadTable(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("missing file accepted")
	}
}
