package app

import (
	"fmt"
	"math"
	"runtime"
	"sync"

	"github.com/splatscope/splatscope/csp"
	"github.com/splatscope/splatscope/materials"
)

// colorMode is what the splats' colours show.
type colorMode int

// Colour modes, in colorModeNames order.
const (
	colorOriginal colorMode = iota
	colorMaterial
	colorDensity
	colorE
	colorNu
	colorFriction
	colorHardness
	colorConfidence
)

var colorModeNames = []string{"original colours", "material", "density ρ", "Young's modulus E (log)", "Poisson's ratio ν",
	"friction μ", "hardness", "confidence"}

// modeField is the per-Gaussian property a property mode shows.
var modeField = map[colorMode]materials.Field{colorDensity: materials.Density, colorE: materials.YoungsModulus,
	colorNu: materials.PoissonRatio, colorFriction: materials.Friction, colorHardness: materials.Hardness}

// modeUnit is the unit printed under the colour bar.
var modeUnit = map[colorMode]string{colorDensity: "kg/m³", colorE: "Pa", colorNu: "", colorFriction: "", colorHardness: "", colorConfidence: "vote share"}

// colorState is the colour coding uploaded to the splat pass.
type colorState struct {
	mode       colorMode
	dirty      bool      // the codes must be recomputed and uploaded
	orig       []float32 // the scene's own colours, read back before the first override
	overridden bool      // the pass holds codes, not the original colours
	lo, hi     float64   // range of the property shown (log10 for E)
	note       string    // why a mode shows grey (no confidence stored)
}

// selectionTint is the colour selected Gaussians lean to: a saturated yellow that no material
// colour and neither end of the heat ramp uses.
var selectionTint = [3]float32{1, 0.9, 0.1}

// colorSetter is a pass whose base colours can be replaced and read back (render.SplatPass).
type colorSetter interface {
	SetColors(rgb []float32) error
	Colors() ([]float32, error)
}

// codesShown reports whether the splats show colour codes, which are drawn without SH.
func (a *App) codesShown() bool { return a.mat.color.overridden && a.mat.color.mode != colorOriginal }

// splatSHDegree is the SH degree splats are drawn with: 0 under colour codes.
func (a *App) splatSHDegree() int {
	if a.codesShown() || a.simCodesShown() {
		return 0
	}
	return a.splat.shDegree
}

// cycleColor steps the colour mode (original → material → properties → original).
func (a *App) cycleColor() {
	if !a.hasLabels() {
		a.setStatus("Materials: no labels for this scene (Materials panel: Load labels…)")
		return
	}
	a.setColorMode((a.mat.color.mode + 1) % colorMode(len(colorModeNames)))
	a.setStatus("Colour: " + colorModeNames[a.mat.color.mode])
}

// setColorMode chooses what the colours show.
func (a *App) setColorMode(m colorMode) {
	a.mat.color.mode = m
	a.mat.color.dirty = true
}

// applyColors uploads the colour codes when they are stale (the GL thread).
func (a *App) applyColors() {
	c := &a.mat.color
	v := a.splat.view
	if !c.dirty || v == nil || v.Pass == nil {
		return
	}
	cs, ok := v.Pass.(colorSetter)
	if !ok {
		c.dirty = false
		return
	}
	if l, ok := v.Pass.(interface{ Loading() bool }); ok && l.Loading() {
		return // try again once the upload is complete
	}
	c.dirty = false
	sel := a.mat.sel.mask
	if a.mat.sel.count == 0 {
		sel = nil
	}
	if !a.hasLabels() || c.mode == colorOriginal && sel == nil {
		if c.overridden && c.orig != nil {
			if err := cs.SetColors(c.orig); err != nil {
				a.setError(err)
				return
			}
		}
		c.overridden = false
		return
	}
	if c.orig == nil {
		orig, err := cs.Colors()
		if err != nil {
			a.setError(err)
			return
		}
		c.orig = orig
	}
	rgb, lo, hi, note := colorCodes(a.mat.labels, c.mode, c.orig, sel)
	c.lo, c.hi, c.note = lo, hi, note
	if err := cs.SetColors(rgb); err != nil {
		a.setError(err)
		return
	}
	c.overridden = true
}

// colorCodes computes the display colour of every Gaussian for mode: the material colour, a
// property on the heat ramp over its range [lo, hi] (log10 for E), or orig; selected Gaussians
// (sel[i]) lean to the selection tint. note says why a mode has nothing to show.
func colorCodes(l *materials.Labels, mode colorMode, orig []float32, sel []bool) (rgb []float32, lo, hi float64, note string) {
	n := l.N()
	rgb = make([]float32, 3*n)
	var pal [][3]float32
	for i := range l.Table.Materials {
		c := l.Table.Materials[i].RGB()
		pal = append(pal, [3]float32{float32(c[0]) / 255, float32(c[1]) / 255, float32(c[2]) / 255})
	}
	value := func(i int) float64 { return math.NaN() }
	switch {
	case mode == colorConfidence && l.Confidence == nil:
		note = "these labels carry no confidence"
	case mode == colorConfidence:
		value = func(i int) float64 { return float64(l.Confidence[i]) }
	case mode == colorE:
		value = func(i int) float64 { return math.Log10(l.Value(i, materials.YoungsModulus)) }
	default:
		if f, ok := modeField[mode]; ok {
			value = func(i int) float64 { return l.Value(i, f) }
		}
	}
	isProp := mode >= colorDensity
	if isProp {
		lo, hi = math.Inf(1), math.Inf(-1)
		for i := 0; i < n; i++ {
			if v := value(i); !math.IsNaN(v) && !math.IsInf(v, 0) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
		if lo > hi {
			lo, hi = 0, 0
		}
	}
	grey := [3]float32{0.5, 0.5, 0.5}
	parallelFor(n, func(from, to int) {
		for i := from; i < to; i++ {
			var c [3]float32
			switch {
			case mode == colorMaterial:
				c = pal[l.IDs[i]]
			case isProp:
				v := value(i)
				switch {
				case math.IsNaN(v) || math.IsInf(v, 0):
					c = grey
				case hi > lo:
					c = csp.Heat(float32((v - lo) / (hi - lo)))
				default:
					c = csp.Heat(0.5)
				}
			case len(orig) == 3*n:
				c = [3]float32(orig[3*i : 3*i+3])
			default:
				c = grey
			}
			if sel != nil && sel[i] {
				for k := range c {
					c[k] = 0.35*c[k] + 0.65*selectionTint[k] // strong enough to read over any code
				}
			}
			copy(rgb[3*i:3*i+3], c[:])
		}
	})
	return rgb, lo, hi, note
}

// parallelFor splits [0, n) over the cores.
func parallelFor(n int, body func(from, to int)) {
	workers := runtime.GOMAXPROCS(0)
	const minChunk = 1 << 14 // below this, a goroutine costs more than the work
	if workers <= 1 || n < 2*minChunk {
		body(0, n)
		return
	}
	per := (n + workers - 1) / workers
	var wg sync.WaitGroup
	for from := 0; from < n; from += per {
		wg.Add(1)
		go func(from, to int) {
			defer wg.Done()
			body(from, to)
		}(from, min(from+per, n))
	}
	wg.Wait()
}

// colorBarLabels are the texts under the colour bar of a property mode.
func (c *colorState) colorBarLabels() (left, mid, right string) {
	f := func(v float64) string {
		if c.mode == colorE {
			return fmt.Sprintf("%.3g", math.Pow(10, v))
		}
		return fmt.Sprintf("%.3g", v)
	}
	mid = modeUnit[c.mode]
	if c.mode == colorE {
		mid += " (log scale)"
	}
	return f(c.lo), mid, f(c.hi)
}
