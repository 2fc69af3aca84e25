package gaussians

import (
	"fmt"
	"math"
	"sync/atomic"
)

// FilterOptions choose the Gaussians kept by a crop box and floater filters. The zero value
// keeps everything.
type FilterOptions struct {
	Box        bool       // crop to [Min, Max] (centres inside, bounds included)
	Min, Max   [3]float32 // the crop box, world units
	MinOpacity float32    // hide Gaussians whose opacity (activated, 0..1) is below this; 0: off
	MaxScale   float32    // hide Gaussians whose largest axis (linear σ) exceeds this; 0: off
	// Mask, when set, hides Gaussians by index (material isolation in the viewer). Options
	// compare by the pointer: build a new mask rather than editing one in use.
	Mask *HideMask
}

// HideMask hides Gaussians by index: Hidden[i] true hides Gaussian i (indices past the end are kept).
type HideMask struct{ Hidden []bool }

// Hides reports whether the mask (possibly nil) hides Gaussian i.
func (m *HideMask) Hides(i int) bool { return m != nil && i >= 0 && i < len(m.Hidden) && m.Hidden[i] }

// Active reports whether the options hide anything at all.
func (o FilterOptions) Active() bool {
	return o.Box || o.MinOpacity > 0 || o.MaxScale > 0 || o.Mask != nil
}

// String describes the options in one line, for status messages and the CLI.
func (o FilterOptions) String() string {
	if !o.Active() {
		return "no filter"
	}
	s := ""
	if o.Box {
		s = fmt.Sprintf("box %g,%g,%g..%g,%g,%g", o.Min[0], o.Min[1], o.Min[2], o.Max[0], o.Max[1], o.Max[2])
	}
	add := func(t string) {
		if s != "" {
			s += ", "
		}
		s += t
	}
	if o.MinOpacity > 0 {
		add(fmt.Sprintf("opacity >= %g", o.MinOpacity))
	}
	if o.MaxScale > 0 {
		add(fmt.Sprintf("scale <= %g", o.MaxScale))
	}
	if o.Mask != nil {
		add("index mask")
	}
	return s
}

// Keep reports whether a Gaussian with centre p, activated opacity and largest linear scale
// passes the filter. NaN values fail every active test.
func (o FilterOptions) Keep(p [3]float32, opacity, maxScale float32) bool {
	if o.Box {
		for a := 0; a < 3; a++ {
			if !(p[a] >= o.Min[a] && p[a] <= o.Max[a]) {
				return false
			}
		}
	}
	if o.MinOpacity > 0 && !(opacity >= o.MinOpacity) {
		return false
	}
	if o.MaxScale > 0 && !(maxScale <= o.MaxScale) {
		return false
	}
	return true
}

// FilterMask marks with true the Gaussians of b that the options hide, writing into dst (reused
// when its capacity allows), and returns it with the number kept. Inactive options return nil
// and b.N: nothing hidden.
func FilterMask(b *RenderBuffers, o FilterOptions, dst []bool) (hidden []bool, kept int) {
	if !o.Active() {
		return nil, b.N
	}
	dst = grow(dst, b.N)
	var n atomic.Int64
	parallelRows(b.N, func(lo, hi int) {
		k := 0
		for i := lo; i < hi; i++ {
			s := b.Scales[3*i : 3*i+3]
			keep := o.Keep([3]float32(b.Positions[3*i:3*i+3]), b.Opacities[i], max(s[0], s[1], s[2])) && !o.Mask.Hides(i)
			dst[i] = !keep
			if keep {
				k++
			}
		}
		n.Add(int64(k))
	})
	kept = int(n.Load())
	return dst, kept
}

// Filter returns a new scene holding the Gaussians of s that pass o (all of them for inactive
// options), with every array (SH, extra properties) carried along; Source and Warnings are
// not copied. removed is the number left out.
func Filter(s *Scene, o FilterOptions) (out *Scene, removed int) {
	keep := make([]int, 0, s.N)
	for i := 0; i < s.N; i++ {
		sc := s.Scales[3*i : 3*i+3]
		// Stored scales are logs: the largest linear axis is exp of the largest log.
		maxScale := float32(math.Exp(float64(max(sc[0], sc[1], sc[2]))))
		if o.Keep(s.Position(i), s.Opacity(i), maxScale) && !o.Mask.Hides(i) {
			keep = append(keep, i)
		}
	}
	n := len(keep)
	out = NewScene(n, s.SHDegree)
	out.Antialiased = s.Antialiased
	k3 := 3 * SHRestCoeffs(s.SHDegree)
	for j, i := range keep {
		copy(out.Positions[3*j:3*j+3], s.Positions[3*i:3*i+3])
		copy(out.Scales[3*j:3*j+3], s.Scales[3*i:3*i+3])
		copy(out.Rotations[4*j:4*j+4], s.Rotations[4*i:4*i+4])
		out.Opacities[j] = s.Opacities[i]
		copy(out.SHDC[3*j:3*j+3], s.SHDC[3*i:3*i+3])
		copy(out.SHRest[k3*j:k3*j+k3], s.SHRest[k3*i:k3*i+k3])
	}
	for _, p := range s.Extra {
		v := make([]float32, n)
		for j, i := range keep {
			v[j] = p.Values[i]
		}
		out.Extra = append(out.Extra, Property{Name: p.Name, Values: v})
	}
	return out, s.N - n
}
