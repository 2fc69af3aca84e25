package mesh

import "github.com/go-gl/mathgl/mgl32"

// Fit is a uniform scale about a centre: p' = (p - Centre) * Scale.
type Fit struct {
	Centre mgl32.Vec3
	Scale  float32
}

// Apply maps a point through the fit.
func (f Fit) Apply(p mgl32.Vec3) mgl32.Vec3 { return p.Sub(f.Centre).Mul(f.Scale) }

// Invert maps a fitted point back to the original frame.
func (f Fit) Invert(p mgl32.Vec3) mgl32.Vec3 { return p.Mul(1 / f.Scale).Add(f.Centre) }

// Mat4 returns the fit as a matrix (scale after translation).
func (f Fit) Mat4() mgl32.Mat4 {
	return mgl32.Scale3D(f.Scale, f.Scale, f.Scale).Mul4(mgl32.Translate3D(-f.Centre[0], -f.Centre[1], -f.Centre[2]))
}

// CentreAndFit moves the bounding-box centre of m to the origin and scales the box diagonal to 1,
// in place, and returns the transform applied. A mesh of one point (zero diagonal) is only moved;
// an empty one is left alone. Normals keep their direction under the uniform scale.
func CentreAndFit(m *Mesh) Fit {
	lo, hi, ok := m.Bounds()
	if !ok {
		return Fit{Scale: 1}
	}
	f := Fit{Centre: lo.Add(hi).Mul(0.5), Scale: 1}
	if d := hi.Sub(lo).Len(); d > 0 && d < 3.4e38 {
		f.Scale = 1 / d
	}
	for i, p := range m.Positions {
		m.Positions[i] = f.Apply(p)
	}
	return f
}
