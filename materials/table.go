// Package materials holds per-Gaussian physical material labels as GaussianProperty produces
// them: a materials table (density, Young's modulus, Poisson's ratio, friction, hardness,
// yield stress, constitutive model), per-Gaussian labels read from PLY properties or .npy
// arrays, labelling from per-view label images by depth-tested majority vote, and the grasp
// force estimate. Pure Go: no GL.
package materials

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

//go:embed default_table.json
var defaultTableJSON []byte

// Models are the constitutive models the physics preview knows.
var Models = []string{"fixed_corotated", "von_mises", "drucker_prager", "fluid", "snow"}

// HardnessScales are the hardness scales a table may use ("" means none applies).
var HardnessScales = []string{"", "mohs", "shore_a", "shore_d", "shore_00"}

// UnknownName is the material that ids with no table entry map to.
const UnknownName = "unknown"

// Material is one row of the materials table; SI units.
type Material struct {
	Name          string  `json:"name"`
	Density       float64 `json:"density"`        // kg/m³
	YoungsModulus float64 `json:"youngs_modulus"` // Pa
	PoissonRatio  float64 `json:"poisson_ratio"`  // dimensionless, 0..0.5
	Friction      float64 `json:"friction"`       // static coefficient, dimensionless
	Hardness      float64 `json:"hardness"`       // on HardnessScale
	HardnessScale string  `json:"hardness_scale"` // mohs, shore_a, shore_d, shore_00 or ""
	YieldStress   float64 `json:"yield_stress"`   // Pa (tensile strength for brittle materials)
	Model         string  `json:"model"`          // one of Models
	Color         string  `json:"color"`          // "#rrggbb" display colour
	// Sources names where each value comes from, by field (json) name.
	Sources map[string]string `json:"sources,omitempty"`
}

// Table is a materials table; a material's id is its index in Materials.
type Table struct {
	Version   int        `json:"version"`
	Notes     []string   `json:"notes,omitempty"`
	Materials []Material `json:"materials"`
	Source    string     `json:"-"` // file the table was read from ("" for the default)
}

// Field names a per-Gaussian physical property.
type Field int

// The per-Gaussian properties a label set may carry (besides the material id).
const (
	Density Field = iota
	YoungsModulus
	PoissonRatio
	Friction
	Hardness
	NumFields
)

// FieldNames are the json / file names of the fields, in Field order.
var FieldNames = [NumFields]string{"density", "youngs_modulus", "poisson_ratio", "friction", "hardness"}

// Value returns the material's value of field f.
func (m *Material) Value(f Field) float64 {
	switch f {
	case Density:
		return m.Density
	case YoungsModulus:
		return m.YoungsModulus
	case PoissonRatio:
		return m.PoissonRatio
	case Friction:
		return m.Friction
	case Hardness:
		return m.Hardness
	}
	return math.NaN()
}

// RGB returns the display colour as 8-bit channels (grey if the colour does not parse).
func (m *Material) RGB() [3]uint8 {
	c, err := parseColor(m.Color)
	if err != nil {
		return [3]uint8{128, 128, 128}
	}
	return c
}

// DefaultTable returns a fresh copy of the embedded default table.
func DefaultTable() *Table {
	t, err := ParseTable(defaultTableJSON, "default_table.json")
	if err != nil {
		panic("materials: embedded default table is invalid: " + err.Error()) // caught by tests
	}
	return t
}

// LoadTable reads and validates a materials table JSON file.
func LoadTable(path string) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	const maxTable = 16 << 20 // a table is a few KB; refuse absurd files before reading them
	b, err := io.ReadAll(io.LimitReader(f, maxTable+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(b) > maxTable {
		return nil, fmt.Errorf("%s: materials table larger than %d bytes", path, maxTable)
	}
	t, err := ParseTable(b, path)
	if err != nil {
		return nil, err
	}
	t.Source = path
	return t, nil
}

// ParseTable decodes and validates a materials table; name is used in errors.
func ParseTable(b []byte, name string) (*Table, error) {
	var t Table
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("%s: %s", name, jsonErr(b, err))
	}
	if err := t.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return &t, nil
}

// jsonErr turns a decoding error into one line with a line number where the decoder gives an offset.
func jsonErr(b []byte, err error) string {
	var off int64 = -1
	switch e := err.(type) {
	case *json.SyntaxError:
		off = e.Offset
	case *json.UnmarshalTypeError:
		off = e.Offset
	}
	if off >= 0 && off <= int64(len(b)) {
		return fmt.Sprintf("line %d: %v", 1+bytes.Count(b[:off], []byte("\n")), err)
	}
	return err.Error()
}

// Validate checks every material: a unique non-empty name, finite non-negative values,
// Poisson's ratio at most 0.5, a known model and hardness scale, and a #rrggbb colour.
func (t *Table) Validate() error {
	if len(t.Materials) == 0 {
		return fmt.Errorf("materials table has no materials")
	}
	seen := map[string]bool{}
	for i, m := range t.Materials {
		where := fmt.Sprintf("material %d %q", i, m.Name)
		if strings.TrimSpace(m.Name) == "" {
			return fmt.Errorf("material %d: empty name", i)
		}
		if seen[m.Name] {
			return fmt.Errorf("%s: duplicate name", where)
		}
		seen[m.Name] = true
		vals := []struct {
			field string
			v     float64
		}{{"density", m.Density}, {"youngs_modulus", m.YoungsModulus}, {"poisson_ratio", m.PoissonRatio},
			{"friction", m.Friction}, {"hardness", m.Hardness}, {"yield_stress", m.YieldStress}}
		for _, f := range vals {
			if math.IsNaN(f.v) || math.IsInf(f.v, 0) || f.v < 0 {
				return fmt.Errorf("%s: %s = %v (want a finite value >= 0)", where, f.field, f.v)
			}
		}
		if m.PoissonRatio > 0.5 {
			return fmt.Errorf("%s: poisson_ratio = %v (want <= 0.5)", where, m.PoissonRatio)
		}
		if !contains(Models, m.Model) {
			return fmt.Errorf("%s: unknown model %q (want one of %s)", where, m.Model, strings.Join(Models, ", "))
		}
		if !contains(HardnessScales, m.HardnessScale) {
			return fmt.Errorf("%s: unknown hardness_scale %q (want mohs, shore_a, shore_d, shore_00 or empty)", where, m.HardnessScale)
		}
		if _, err := parseColor(m.Color); err != nil {
			return fmt.Errorf("%s: color: %v", where, err)
		}
	}
	return nil
}

// Index returns the id of the material called name, or −1.
func (t *Table) Index(name string) int {
	for i := range t.Materials {
		if t.Materials[i].Name == name {
			return i
		}
	}
	return -1
}

// UnknownID returns the id of the "unknown" material, adding one (grey, plastic-like values) if
// the table has none.
func (t *Table) UnknownID() int {
	if i := t.Index(UnknownName); i >= 0 {
		return i
	}
	d := DefaultTable()
	t.Materials = append(t.Materials, d.Materials[d.Index(UnknownName)])
	return len(t.Materials) - 1
}

// Encode writes the table as indented JSON.
func (t *Table) Encode(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(t)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// parseColor reads "#rrggbb".
func parseColor(s string) ([3]uint8, error) {
	if len(s) != 7 || s[0] != '#' {
		return [3]uint8{}, fmt.Errorf("%q is not #rrggbb", s)
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return [3]uint8{}, fmt.Errorf("%q is not #rrggbb", s)
	}
	return [3]uint8{uint8(v >> 16), uint8(v >> 8), uint8(v)}, nil
}
