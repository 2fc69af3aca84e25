package physics

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/splatscope/splatscope/materials"
	"github.com/splatscope/splatscope/mpm"
)

// Assignment gives every Gaussian of a scene a simulation material.
type Assignment struct {
	Materials []mpm.Material
	Index     []int    // per Gaussian: index into Materials; nil means every Gaussian uses Materials[0]
	Names     []string // per material: the name the labels gave it (for messages and the panel)
	Warnings  []string // substitutions made (each says how many Gaussians it concerns)
}

// tableModels maps the materials table's model names to the solver's models.
var tableModels = map[string]mpm.Model{
	"fixed_corotated": mpm.FixedCorotated,
	"von_mises":       mpm.VonMises,
	"drucker_prager":  mpm.DruckerPrager,
	"fluid":           mpm.Fluid,
	"snow":            mpm.Snow,
}

// defaultFrictionAngle (degrees) is used for granular materials whose table friction
// coefficient is missing: 30° is the angle of repose of dry sand.
const defaultFrictionAngle = 30

// fluidNu is the Poisson ratio given to fluids: the solver needs ν < 0.5 and the fluid model
// only uses the bulk modulus K = E / (3(1 − 2ν)), which MaterialFor keeps.
const fluidNu = 0.3

// maxSolidNu keeps ν below the incompressible limit 0.5, where λ is infinite.
const maxSolidNu = 0.49

// MaterialFor converts a materials-table row to a solver material. The table's model name
// picks the constitutive model; the friction coefficient μ becomes the Drucker-Prager friction
// angle atan(μ); water's tabulated bulk modulus is kept as the fluid's K. For the "unknown" row
// or a row the solver rejects it returns the default material and the reason (else "").
func MaterialFor(m *materials.Material) (mm mpm.Material, why string) {
	def := mpm.Presets[mpm.DefaultMaterialName]
	if m.Name == materials.UnknownName {
		return def, "its material is unknown"
	}
	model, ok := tableModels[m.Model]
	if !ok {
		return def, fmt.Sprintf("model %q is not one the solver knows", m.Model)
	}
	mm = mpm.Material{Name: m.Name, Model: model, Density: float32(m.Density), E: float32(m.YoungsModulus),
		Nu: float32(min(m.PoissonRatio, maxSolidNu)), YieldStress: float32(m.YieldStress)}
	switch model {
	case mpm.Fluid:
		mm.Nu = fluidNu
		mm.E = float32(m.YoungsModulus * 3 * (1 - 2*fluidNu))
	case mpm.DruckerPrager:
		mm.FrictionAngle = defaultFrictionAngle
		if m.Friction > 0 {
			mm.FrictionAngle = float32(math.Atan(m.Friction) * 180 / math.Pi)
		}
	case mpm.Snow:
		snow := mpm.Presets["snow"]
		mm.Hardening, mm.CritCompress, mm.CritStretch = snow.Hardening, snow.CritCompress, snow.CritStretch
	}
	if err := mm.Validate(); err != nil {
		return def, err.Error()
	}
	return mm, ""
}

// FromLabels assigns each Gaussian the solver material of its label. Rows that cannot be
// simulated (the "unknown" material, invalid parameters) fall back to the default material
// (mpm.DefaultMaterialName) with one warning per row saying how many Gaussians it concerns.
// Per-Gaussian property overrides are not simulated (the table values are), with a warning.
func FromLabels(l *materials.Labels) Assignment {
	var a Assignment
	slot := map[int32]int{} // table id -> material index
	def := -1
	counts := l.Counts()
	var why []string
	a.Index = make([]int, len(l.IDs))
	for i, id := range l.IDs {
		k, ok := slot[id]
		if !ok {
			mm, reason := MaterialFor(&l.Table.Materials[id])
			if reason != "" {
				why = append(why, fmt.Sprintf("%d Gaussians labelled %q: %s; simulated as %q",
					counts[id], l.Table.Materials[id].Name, reason, mpm.DefaultMaterialName))
				if def < 0 {
					def = len(a.Materials)
					a.Materials = append(a.Materials, mm)
					a.Names = append(a.Names, mpm.DefaultMaterialName)
				}
				k = def
			} else {
				k = len(a.Materials)
				a.Materials = append(a.Materials, mm)
				a.Names = append(a.Names, mm.Name)
			}
			slot[id] = k
		}
		a.Index[i] = k
	}
	sort.Strings(why)
	a.Warnings = append(a.Warnings, why...)
	var over []string
	for f, p := range l.Props {
		if p != nil && materials.Field(f) != materials.Hardness {
			over = append(over, materials.FieldNames[f])
		}
	}
	if len(over) > 0 {
		a.Warnings = append(a.Warnings, fmt.Sprintf("per-Gaussian %s values are not simulated: each material's table values are used",
			strings.Join(over, ", ")))
	}
	if len(a.Materials) == 0 {
		a.Materials = []mpm.Material{mpm.Presets[mpm.DefaultMaterialName]}
		a.Names = []string{mpm.DefaultMaterialName}
	}
	return a
}

// Uniform gives all n Gaussians the material called name: a row of the table t (if t is not
// nil) or else a solver preset (mpm.PresetNames). An unknown name is an error listing both.
func Uniform(name string, t *materials.Table) (Assignment, error) {
	if t != nil {
		if i := t.Index(name); i >= 0 {
			mm, why := MaterialFor(&t.Materials[i])
			if why != "" {
				return Assignment{}, fmt.Errorf("material %q cannot be simulated: %s", name, why)
			}
			return Assignment{Materials: []mpm.Material{mm}, Names: []string{name}}, nil
		}
	}
	if m, ok := mpm.Presets[strings.ToLower(name)]; ok {
		return Assignment{Materials: []mpm.Material{m}, Names: []string{m.Name}}, nil
	}
	var names []string
	if t != nil {
		for _, m := range t.Materials {
			names = append(names, m.Name)
		}
	}
	for _, n := range mpm.PresetNames() {
		if t == nil || t.Index(n) < 0 {
			names = append(names, n)
		}
	}
	return Assignment{}, fmt.Errorf("unknown material %q (want one of %s)", name, strings.Join(names, ", "))
}

// check verifies the assignment against n Gaussians.
func (a *Assignment) check(n int) error {
	if len(a.Materials) == 0 {
		return fmt.Errorf("physics: no materials")
	}
	if a.Index != nil && len(a.Index) != n {
		return fmt.Errorf("physics: %d material indices for %d Gaussians", len(a.Index), n)
	}
	for i, k := range a.Index {
		if k < 0 || k >= len(a.Materials) {
			return fmt.Errorf("physics: Gaussian %d: material index %d out of range (%d materials)", i, k, len(a.Materials))
		}
	}
	return nil
}

// of returns Gaussian i's material index.
func (a *Assignment) of(i int) int {
	if a.Index == nil {
		return 0
	}
	return a.Index[i]
}
