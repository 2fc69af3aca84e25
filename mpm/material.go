package mpm

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Model selects the constitutive model of a material.
type Model int

// The constitutive models.
const (
	// FixedCorotated is hyperelastic fixed-corotated elasticity (Stomakhin et al. 2012).
	FixedCorotated Model = iota
	// VonMises is Hencky-strain St. Venant-Kirchhoff elasticity with von Mises plasticity (metals).
	VonMises
	// DruckerPrager is Hencky elasticity with Drucker-Prager plasticity (Klár et al. 2016; sand, soil).
	DruckerPrager
	// Fluid is a weakly compressible fluid whose pressure depends on J only (water).
	Fluid
	// Snow is fixed-corotated elasticity with singular-value clamping and hardening (Stomakhin et al. 2013).
	Snow
	numModels
)

var modelNames = [...]string{"fixed-corotated", "von-mises", "drucker-prager", "fluid", "snow"}

// String names the model.
func (m Model) String() string {
	if m < 0 || m >= numModels {
		return fmt.Sprintf("model(%d)", int(m))
	}
	return modelNames[m]
}

// Material holds the physical parameters of one material.
type Material struct {
	Name          string  // label, e.g. "rubber"
	Model         Model   // constitutive model
	Density       float32 // ρ in kg/m³
	E             float32 // Young's modulus in Pa (capped by Options.MaxE in the solver)
	Nu            float32 // Poisson ratio, in [0, 0.5)
	YieldStress   float32 // von Mises yield stress in Pa (VonMises)
	FrictionAngle float32 // Drucker-Prager friction angle in degrees (DruckerPrager)
	Hardening     float32 // snow hardening coefficient ξ (Snow)
	CritCompress  float32 // snow critical compression θc (Snow)
	CritStretch   float32 // snow critical stretch θs (Snow)
}

// DefaultMaterialName is the material used for a missing or unknown material.
const DefaultMaterialName = "jelly"

// Presets lists the built-in materials by name. Moduli and yield stresses are real-world
// orders of magnitude; the solver caps E (and scales the yield stress with it) for preview.
var Presets = map[string]Material{
	"jelly":   {Name: "jelly", Model: FixedCorotated, Density: 1000, E: 5e4, Nu: 0.3},
	"food":    {Name: "food", Model: FixedCorotated, Density: 1000, E: 5e4, Nu: 0.3},
	"rubber":  {Name: "rubber", Model: FixedCorotated, Density: 1100, E: 1e7, Nu: 0.45},
	"foam":    {Name: "foam", Model: FixedCorotated, Density: 100, E: 1e5, Nu: 0.1},
	"fabric":  {Name: "fabric", Model: FixedCorotated, Density: 300, E: 1e6, Nu: 0.3},
	"leather": {Name: "leather", Model: FixedCorotated, Density: 900, E: 1e8, Nu: 0.4},
	"plastic": {Name: "plastic", Model: FixedCorotated, Density: 1200, E: 2e9, Nu: 0.35},
	"wood":    {Name: "wood", Model: FixedCorotated, Density: 600, E: 1e10, Nu: 0.3},
	"metal":   {Name: "metal", Model: VonMises, Density: 7800, E: 2e11, Nu: 0.3, YieldStress: 2.5e8},
	"sand":    {Name: "sand", Model: DruckerPrager, Density: 1600, E: 3.5e7, Nu: 0.3, FrictionAngle: 30},
	"soil":    {Name: "soil", Model: DruckerPrager, Density: 1800, E: 1e7, Nu: 0.3, FrictionAngle: 35},
	"water":   {Name: "water", Model: Fluid, Density: 1000, E: 2.2e9, Nu: 0.3},
	"snow": {Name: "snow", Model: Snow, Density: 400, E: 1.4e5, Nu: 0.2,
		Hardening: 10, CritCompress: 2.5e-2, CritStretch: 7.5e-3}, // Stomakhin et al. 2013, table 2
}

// PresetNames returns the preset names, sorted.
func PresetNames() []string {
	names := make([]string, 0, len(Presets))
	for n := range Presets {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Lookup returns the preset called name (case-insensitive); for an unknown name it returns
// the default material and a warning naming both.
func Lookup(name string) (Material, string) {
	if m, ok := Presets[strings.ToLower(strings.TrimSpace(name))]; ok {
		return m, ""
	}
	return Presets[DefaultMaterialName], fmt.Sprintf("mpm: unknown material %q, using %q", name, DefaultMaterialName)
}

// Validate reports the first physically meaningless parameter of m, or nil.
func (m Material) Validate() error {
	bad := func(what string, v float32) error {
		return fmt.Errorf("material %q: %s %g out of range", m.Name, what, v)
	}
	switch {
	case m.Model < 0 || m.Model >= numModels:
		return fmt.Errorf("material %q: unknown model %d", m.Name, int(m.Model))
	case !(m.Density > 0) || math.IsInf(float64(m.Density), 0):
		return bad("density", m.Density)
	case !(m.E > 0) || math.IsInf(float64(m.E), 0):
		return bad("E", m.E)
	case !(m.Nu >= 0 && m.Nu < 0.5):
		return bad("Poisson ratio", m.Nu)
	case m.Model == VonMises && !(m.YieldStress > 0):
		return bad("yield stress", m.YieldStress)
	case m.Model == DruckerPrager && !(m.FrictionAngle > 0 && m.FrictionAngle < 90):
		return bad("friction angle", m.FrictionAngle)
	case m.Model == Snow && !(m.CritCompress > 0 && m.CritCompress < 1 && m.CritStretch > 0 && m.Hardening >= 0):
		return fmt.Errorf("material %q: snow parameters θc=%g θs=%g ξ=%g out of range", m.Name, m.CritCompress, m.CritStretch, m.Hardening)
	}
	return nil
}

// Capped returns m with E limited to maxE; the yield stress is scaled by the same factor so
// the yield strain (σy/E) and hence the plastic behaviour is preserved. maxE <= 0 means no cap.
func (m Material) Capped(maxE float32) Material {
	if maxE > 0 && m.E > maxE {
		f := maxE / m.E
		m.E = maxE
		m.YieldStress *= f
	}
	return m
}

// Lame returns the Lamé parameters μ and λ.
func (m Material) Lame() (mu, lambda float32) {
	mu = m.E / (2 * (1 + m.Nu))
	lambda = m.E * m.Nu / ((1 + m.Nu) * (1 - 2*m.Nu))
	return mu, lambda
}

// WaveSpeed returns the P-wave speed sqrt((λ+2μ)/ρ) in m/s (for snow, unhardened: the
// solver scales it by the square root of the largest current hardening factor).
func (m Material) WaveSpeed() float32 {
	mu, lambda := m.Lame()
	return float32(math.Sqrt(float64(lambda+2*mu) / float64(m.Density)))
}

// snowMaxHardening caps the snow hardening factor exp(ξ(1−Jp)) so the CFL time step
// stays above sqrt(1/10) ≈ 0.3 of the unhardened one.
const snowMaxHardening = 10

// matParams are the per-material constants the inner loops need, precomputed once.
type matParams struct {
	model      Model
	mu, lambda float32
	yield      float32 // von Mises: sqrt(2/3)·σy / (2μ), the deviatoric Hencky strain radius
	alpha      float32 // Drucker-Prager: sqrt(2/3)·2 sinφ / (3 − sinφ)
	dpRatio    float32 // Drucker-Prager: (3λ + 2μ) / (2μ)
	xi, tc, ts float32 // snow
}

func newMatParams(m Material) matParams {
	mu, lambda := m.Lame()
	p := matParams{model: m.Model, mu: mu, lambda: lambda, xi: m.Hardening, tc: m.CritCompress, ts: m.CritStretch}
	if m.Model == VonMises {
		p.yield = float32(math.Sqrt(2.0/3.0)) * m.YieldStress / (2 * mu)
	}
	if m.Model == DruckerPrager {
		s := math.Sin(float64(m.FrictionAngle) * math.Pi / 180)
		p.alpha = float32(math.Sqrt(2.0/3.0) * 2 * s / (3 - s))
		p.dpRatio = (3*lambda + 2*mu) / (2 * mu)
	}
	return p
}
