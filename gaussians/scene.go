// Package gaussians holds 3D Gaussian splat scenes (struct of arrays), their file formats
// (3DGS PLY, antimatter15 .splat, Niantic .spz) and pure-Go helpers for rendering them.
package gaussians

import (
	"fmt"
	"math"
)

// SHC0 is the zeroth spherical-harmonics basis constant 1/(2·sqrt(π)); the 3DGS colour of a
// Gaussian seen from any direction at degree 0 is 0.5 + SHC0·f_dc.
const SHC0 = 0.28209479177387814

// MaxSHDegree is the highest spherical-harmonics degree the 3DGS formats store.
const MaxSHDegree = 3

// Scene is a set of N Gaussians stored as a struct of arrays, with values as the 3DGS trainer
// stores them (log scales, logit opacities, un-normalised w-x-y-z quaternions).
//
// Spherical harmonics layout: SHDC holds the degree-0 coefficient, 3 per Gaussian (R, G, B).
// SHRest holds the K = (SHDegree+1)²−1 higher coefficients, coefficient-major per Gaussian:
// SHRest[(i*K+k)*3+c] is coefficient k+1 (k = 0..K−1) of channel c (0 R, 1 G, 2 B) of
// Gaussian i, so each coefficient's RGB triple is contiguous (what a shader reads). The 3DGS
// PLY stores f_rest channel-major instead: f_rest_{c*K+k} is the same value.
type Scene struct {
	N         int       // number of Gaussians
	Positions []float32 // 3N: x, y, z
	Scales    []float32 // 3N: log of the standard deviations along the local axes (as stored)
	Rotations []float32 // 4N: w, x, y, z, not necessarily unit length (as stored)
	Opacities []float32 // N: logit of opacity (as stored)
	SHDegree  int       // 0..3
	SHDC      []float32 // 3N: f_dc_0..2
	SHRest    []float32 // N·K·3, coefficient-major per Gaussian (see the type comment)
	Extra     []Property
	// Antialiased marks scenes trained with antialiasing (SPZ flag; Mip-Splatting-style 2D
	// filter), which a renderer should compensate for.
	Antialiased bool
	Source      string   // path the scene was read from, if any
	Warnings    []string // non-fatal problems met while reading (dropped Gaussians, clamped values)
}

// Property is a named per-Gaussian float32 value kept from a file (N values), e.g. `transform`.
type Property struct {
	Name   string
	Values []float32
}

// NewScene allocates a zeroed scene of n Gaussians at the given SH degree, with identity rotations.
func NewScene(n, shDegree int) *Scene {
	s := &Scene{
		N:         n,
		Positions: make([]float32, 3*n),
		Scales:    make([]float32, 3*n),
		Rotations: make([]float32, 4*n),
		Opacities: make([]float32, n),
		SHDegree:  shDegree,
		SHDC:      make([]float32, 3*n),
		SHRest:    make([]float32, 3*n*SHRestCoeffs(shDegree)),
	}
	for i := 0; i < n; i++ {
		s.Rotations[4*i] = 1
	}
	return s
}

// SHRestCoeffs is K = (degree+1)²−1, the number of SH coefficients per channel above degree 0.
func SHRestCoeffs(degree int) int {
	if degree <= 0 {
		return 0
	}
	return (degree+1)*(degree+1) - 1
}

// Prop returns the extra property called name, or nil if the scene has none.
func (s *Scene) Prop(name string) []float32 {
	for _, p := range s.Extra {
		if p.Name == name {
			return p.Values
		}
	}
	return nil
}

// ExtraNames lists the extra property names in file order.
func (s *Scene) ExtraNames() []string {
	names := make([]string, len(s.Extra))
	for i, p := range s.Extra {
		names[i] = p.Name
	}
	return names
}

// Warnf appends a warning to the scene.
func (s *Scene) Warnf(format string, args ...any) {
	s.Warnings = append(s.Warnings, fmt.Sprintf(format, args...))
}

// Sigmoid is the logistic function 1/(1+e^−x) that turns a stored opacity logit into opacity.
func Sigmoid(x float32) float32 {
	return float32(1 / (1 + math.Exp(-float64(x))))
}

// Logit is the inverse of Sigmoid; p is clamped to [eps, 1−eps] so the result stays finite.
func Logit(p, eps float32) float32 {
	if p < eps {
		p = eps
	}
	if p > 1-eps {
		p = 1 - eps
	}
	return float32(math.Log(float64(p) / (1 - float64(p))))
}

// ColorFromDC is the 3DGS degree-0 colour 0.5 + SHC0·f_dc (not clamped).
func ColorFromDC(dc float32) float32 { return 0.5 + float32(SHC0)*dc }

// DCFromColor is the inverse of ColorFromDC.
func DCFromColor(c float32) float32 { return (c - 0.5) / float32(SHC0) }

// NormalizeQuat returns q/|q| (w, x, y, z); a zero or non-finite quaternion gives the identity.
func NormalizeQuat(q [4]float32) [4]float32 {
	n := math.Sqrt(float64(q[0])*float64(q[0]) + float64(q[1])*float64(q[1]) +
		float64(q[2])*float64(q[2]) + float64(q[3])*float64(q[3]))
	if n == 0 || math.IsNaN(n) || math.IsInf(n, 0) {
		return [4]float32{1, 0, 0, 0}
	}
	inv := 1 / n
	return [4]float32{float32(float64(q[0]) * inv), float32(float64(q[1]) * inv),
		float32(float64(q[2]) * inv), float32(float64(q[3]) * inv)}
}

// Position returns Gaussian i's centre.
func (s *Scene) Position(i int) [3]float32 {
	return [3]float32{s.Positions[3*i], s.Positions[3*i+1], s.Positions[3*i+2]}
}

// Scale returns Gaussian i's activated scale exp(stored log scale) per local axis.
func (s *Scene) Scale(i int) [3]float32 {
	return [3]float32{float32(math.Exp(float64(s.Scales[3*i]))), float32(math.Exp(float64(s.Scales[3*i+1]))),
		float32(math.Exp(float64(s.Scales[3*i+2])))}
}

// Rotation returns Gaussian i's normalised quaternion (w, x, y, z).
func (s *Scene) Rotation(i int) [4]float32 {
	return NormalizeQuat([4]float32{s.Rotations[4*i], s.Rotations[4*i+1], s.Rotations[4*i+2], s.Rotations[4*i+3]})
}

// Opacity returns Gaussian i's activated opacity sigmoid(stored logit).
func (s *Scene) Opacity(i int) float32 { return Sigmoid(s.Opacities[i]) }

// Color returns Gaussian i's degree-0 colour 0.5 + SHC0·f_dc (RGB, not clamped).
func (s *Scene) Color(i int) [3]float32 {
	return [3]float32{ColorFromDC(s.SHDC[3*i]), ColorFromDC(s.SHDC[3*i+1]), ColorFromDC(s.SHDC[3*i+2])}
}

// Bounds returns the axis-aligned box of the Gaussian centres (zero box for an empty scene).
func (s *Scene) Bounds() (lo, hi [3]float32) {
	if s.N == 0 {
		return
	}
	lo = s.Position(0)
	hi = lo
	for i := 1; i < s.N; i++ {
		for a := 0; a < 3; a++ {
			v := s.Positions[3*i+a]
			if v < lo[a] {
				lo[a] = v
			}
			if v > hi[a] {
				hi[a] = v
			}
		}
	}
	return
}

// Check reports whether the array lengths agree with N and SHDegree.
func (s *Scene) Check() error {
	k := SHRestCoeffs(s.SHDegree)
	switch {
	case s.SHDegree < 0 || s.SHDegree > MaxSHDegree:
		return fmt.Errorf("SH degree %d out of range 0..%d", s.SHDegree, MaxSHDegree)
	case len(s.Positions) != 3*s.N, len(s.Scales) != 3*s.N, len(s.Rotations) != 4*s.N,
		len(s.Opacities) != s.N, len(s.SHDC) != 3*s.N, len(s.SHRest) != 3*k*s.N:
		return fmt.Errorf("scene arrays do not match N=%d and SH degree %d", s.N, s.SHDegree)
	}
	for _, p := range s.Extra {
		if len(p.Values) != s.N {
			return fmt.Errorf("extra property %q has %d values, want %d", p.Name, len(p.Values), s.N)
		}
	}
	return nil
}
