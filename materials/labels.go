package materials

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/splatscope/splatscope/gaussians"
)

// IDProperty is the PLY property (and .npy file stem) holding per-Gaussian material ids.
const IDProperty = "material_id"

// ConfidenceProperty is the PLY property holding the winning vote share of each label.
const ConfidenceProperty = "confidence"

// fieldAliases are other names the per-Gaussian properties go by in PLY files.
var fieldAliases = map[string]Field{"E": YoungsModulus, "nu": PoissonRatio, "mu": Friction, "rho": Density}

// Labels are per-Gaussian material labels: ids into Table, with optional per-Gaussian
// property values (nil where the table's value applies) and an optional confidence.
type Labels struct {
	Table      *Table
	IDs        []int32              // per Gaussian: index into Table.Materials
	Confidence []float32            // per Gaussian: winning vote share 0..1; nil if unknown
	Props      [NumFields][]float32 // per-Gaussian overrides; nil where absent
	Warnings   []string             // non-fatal problems met while reading
	Sources    []string             // files the labels were read from (never written over)
}

// N is the number of labelled Gaussians.
func (l *Labels) N() int { return len(l.IDs) }

// Material returns Gaussian i's table row.
func (l *Labels) Material(i int) *Material { return &l.Table.Materials[l.IDs[i]] }

// Value returns Gaussian i's value of field f: its own if it has one, else its material's.
func (l *Labels) Value(i int, f Field) float64 {
	if p := l.Props[f]; p != nil {
		return float64(p[i])
	}
	return l.Material(i).Value(f)
}

// Counts returns the number of Gaussians of each material id.
func (l *Labels) Counts() []int {
	c := make([]int, len(l.Table.Materials))
	for _, id := range l.IDs {
		c[id]++
	}
	return c
}

// NewLabels returns n Gaussians all labelled id, with no confidence and no overrides.
func NewLabels(t *Table, n int, id int32) *Labels {
	ids := make([]int32, n)
	for i := range ids {
		ids[i] = id
	}
	return &Labels{Table: t, IDs: ids}
}

func (l *Labels) warnf(format string, args ...any) {
	l.Warnings = append(l.Warnings, fmt.Sprintf(format, args...))
}

// FromScene reads labels from the scene's extra properties: material_id (float32 holding an
// integer; required), and where present confidence and the per-Gaussian fields (by FieldNames
// or the aliases E, nu, mu, rho). ids maps stored ids to names; nil means table ids.
func FromScene(s *gaussians.Scene, ids IDMap, t *Table) (*Labels, error) {
	name := s.Source
	if name == "" {
		name = "scene"
	}
	raw := s.Prop(IDProperty)
	if raw == nil {
		return nil, fmt.Errorf("%s: no %s property (extra properties: %s)", name, IDProperty, strings.Join(s.ExtraNames(), ", "))
	}
	l := &Labels{Table: t, Sources: []string{s.Source}}
	l.IDs = l.resolveIDs(float32s(raw), ids, name+": "+IDProperty)
	if c := s.Prop(ConfidenceProperty); c != nil {
		l.Confidence = append([]float32(nil), c...)
	}
	for _, p := range s.Extra {
		f, ok := fieldByName(p.Name)
		if ok && l.Props[f] == nil {
			l.Props[f] = append([]float32(nil), p.Values...)
		}
	}
	l.sanitize(name)
	return l, nil
}

// fieldByName finds the Field a property name stands for.
func fieldByName(n string) (Field, bool) {
	for f, fn := range FieldNames {
		if fn == n {
			return Field(f), true
		}
	}
	f, ok := fieldAliases[n]
	return f, ok
}

func float32s(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

// resolveIDs maps stored ids through ids (nil: table ids) to table ids. Ids that are not
// integers, not in the map, or name no table material map to "unknown", with one warning.
func (l *Labels) resolveIDs(raw []float64, ids IDMap, where string) []int32 {
	t := l.Table
	toTable := map[int]int32{}
	if ids == nil {
		for i := range t.Materials {
			toTable[i] = int32(i)
		}
	} else {
		for id, n := range ids {
			if ti := t.Index(n); ti >= 0 {
				toTable[id] = int32(ti)
			}
		}
	}
	unknown := int32(-1)
	out := make([]int32, len(raw))
	missing := map[string]int{}
	bad := 0
	for i, v := range raw {
		if v != math.Trunc(v) || math.IsInf(v, 0) || v < 0 || v >= maxMaterialID {
			bad++
		} else if ti, ok := toTable[int(v)]; ok {
			out[i] = ti
			continue
		} else {
			key := fmt.Sprint(int(v))
			if ids != nil {
				if n, ok := ids[int(v)]; ok {
					key += " (" + n + ")"
				}
			}
			missing[key]++
		}
		if unknown < 0 {
			unknown = int32(t.UnknownID())
		}
		out[i] = unknown
	}
	if len(missing) > 0 {
		keys := make([]string, 0, len(missing))
		total := 0
		for k, c := range missing {
			keys = append(keys, k)
			total += c
		}
		sort.Strings(keys)
		if len(keys) > 8 { // enough to recognise the problem in one line
			keys = append(keys[:8], "...")
		}
		l.warnf("%s: %d Gaussians have material ids with no table entry (%s): labelled %q", where, total, strings.Join(keys, ", "), UnknownName)
	}
	if bad > 0 {
		l.warnf("%s: %d Gaussians have ids that are not integers in 0..%d: labelled %q", where, bad, maxMaterialID-1, UnknownName)
	}
	return out
}

// sanitize replaces negative or NaN property values (and Poisson's ratios above 0.5) by the
// material's table value, and invalid confidences by 0, warning with the counts.
func (l *Labels) sanitize(name string) {
	for f := Field(0); f < NumFields; f++ {
		p := l.Props[f]
		bad := 0
		for i, v := range p {
			if v >= 0 && !math.IsInf(float64(v), 0) && !(f == PoissonRatio && v > 0.5) {
				continue
			}
			bad++
			p[i] = float32(l.Material(i).Value(f))
		}
		if bad > 0 {
			l.warnf("%s: %d Gaussians have a negative, NaN or infinite %s: replaced by their material's table value", name, bad, FieldNames[f])
		}
	}
	bad := 0
	for i, c := range l.Confidence {
		if !(c >= 0 && c <= 1) {
			l.Confidence[i] = 0
			bad++
		}
	}
	if bad > 0 {
		l.warnf("%s: %d Gaussians have a confidence outside 0..1: set to 0", name, bad)
	}
}

// Check reports whether the arrays agree with each other and with n Gaussians.
func (l *Labels) Check(n int) error {
	if len(l.IDs) != n {
		return fmt.Errorf("labels cover %d Gaussians, the scene has %d", len(l.IDs), n)
	}
	if l.Confidence != nil && len(l.Confidence) != n {
		return fmt.Errorf("confidence has %d values, want %d", len(l.Confidence), n)
	}
	for f, p := range l.Props {
		if p != nil && len(p) != n {
			return fmt.Errorf("%s has %d values, want %d", FieldNames[f], len(p), n)
		}
	}
	for i, id := range l.IDs {
		if id < 0 || int(id) >= len(l.Table.Materials) {
			return fmt.Errorf("Gaussian %d: material id %d out of range (%d materials)", i, id, len(l.Table.Materials))
		}
	}
	return nil
}
