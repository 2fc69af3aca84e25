package mpm

import (
	"fmt"

	"github.com/go-gl/mathgl/mgl32"
)

// FromPoints makes a solver with one particle per position (xyz triples, in the order
// given, so particle i follows point i). Each particle gets volume dx³/PerCell and mass ρ·V
// of its material. A material index outside materials, or a material failing Validate,
// falls back to the default material with a warning (see Solver.Warnings).
func FromPoints(positions []float32, materialIndex []int, materials []Material, opts Options) (*Solver, error) {
	if len(positions)%3 != 0 {
		return nil, fmt.Errorf("mpm: %d position floats is not a multiple of 3", len(positions))
	}
	n := len(positions) / 3
	if materialIndex != nil && len(materialIndex) != n {
		return nil, fmt.Errorf("mpm: %d material indices for %d points", len(materialIndex), n)
	}
	if !(opts.Dx > 0) {
		return nil, fmt.Errorf("mpm: grid spacing %g must be positive", opts.Dx)
	}
	perCell := opts.PerCell
	if perCell <= 0 {
		perCell = 8
	}
	mats := append([]Material(nil), materials...)
	def := -1 // index of the appended default material, if needed
	var warnings []string
	unknown := 0
	p := NewParticles(n)
	copy(p.X, positions)
	vol := opts.Dx * opts.Dx * opts.Dx / float32(perCell)
	for i := 0; i < n; i++ {
		mi := 0
		if materialIndex != nil {
			mi = materialIndex[i]
		}
		if mi < 0 || mi >= len(materials) {
			if def < 0 {
				def = len(mats)
				mats = append(mats, Presets[DefaultMaterialName])
			}
			if unknown == 0 {
				warnings = append(warnings, fmt.Sprintf("mpm: point %d: material index %d unknown (%d materials), using %q",
					i, mi, len(materials), DefaultMaterialName))
			}
			unknown++
			mi = def
		}
		if mi > 0xffff {
			return nil, fmt.Errorf("mpm: point %d: material index %d too large", i, mi)
		}
		p.Mat[i] = uint16(mi)
		p.Vol0[i] = vol
	}
	dens := make([]float32, len(mats))
	for k, m := range mats {
		if m.Validate() != nil {
			m = Presets[DefaultMaterialName] // New substitutes it the same way and warns
		}
		dens[k] = m.Density
	}
	for i := 0; i < n; i++ {
		p.Mass[i] = dens[p.Mat[i]] * vol
	}
	if unknown > 1 {
		warnings = append(warnings, fmt.Sprintf("mpm: %d points in all had an unknown material", unknown))
	}
	s, err := New(p, mats, opts)
	if err != nil {
		return nil, err
	}
	s.warnings = append(warnings, s.warnings...)
	return s, nil
}

// Position returns particle i's position.
func (s *Solver) Position(i int) mgl32.Vec3 {
	return mgl32.Vec3{s.P.X[3*i], s.P.X[3*i+1], s.P.X[3*i+2]}
}

// Deformation returns particle i's deformation gradient F (mgl32 is column-major).
// A Gaussian attached to the particle has covariance F·Σ₀·Fᵀ.
func (s *Solver) Deformation(i int) mgl32.Mat3 {
	f := s.P.F[9*i : 9*i+9]
	return mgl32.Mat3{f[0], f[3], f[6], f[1], f[4], f[7], f[2], f[5], f[8]}
}

// Rotation returns the rotation R of F's polar decomposition F = R·S (a proper rotation
// even for inverted F), for rotating spherical harmonics with the material.
func (s *Solver) Rotation(i int) mgl32.Mat3 {
	var r mat3
	if s.params[s.P.Mat[i]].model == FixedCorotated && s.steps > 0 {
		// The solver keeps this particle's polar rotation as a quaternion, refined every substep.
		q := s.P.Rot[4*i : 4*i+4]
		r = quatMat(float64(q[0]), float64(q[1]), float64(q[2]), float64(q[3]))
	} else {
		var f mat3
		for k := range f {
			f[k] = float64(s.P.F[9*i+k])
		}
		r = polar(&f)
	}
	return mgl32.Mat3{
		float32(r[0]), float32(r[3]), float32(r[6]),
		float32(r[1]), float32(r[4]), float32(r[7]),
		float32(r[2]), float32(r[5]), float32(r[8]),
	}
}
