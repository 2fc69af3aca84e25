// Package mesh holds indexed triangle meshes and their file formats (OBJ+MTL, OFF, PLY, STL),
// topology checks and the ShapeNet dataset index. It is pure Go: no GL, no window.
package mesh

import (
	"image"
	"math"

	"github.com/go-gl/mathgl/mgl32"
)

// Mesh is an indexed triangle mesh. Triangles index Positions; the optional per-corner
// attribute indices (TriUVs, TriNormals) index the UVs and Normals pools, as OBJ stores them,
// so topology (edges, twins) is always read from position indices alone.
type Mesh struct {
	Positions []mgl32.Vec3
	Triangles [][3]uint32

	// UVs is the texture-coordinate pool; TriUVs is nil or len(Triangles), -1 meaning none.
	UVs    []mgl32.Vec2
	TriUVs [][3]int32
	// Normals is the normal pool (unit length after loading); TriNormals is nil or len(Triangles).
	Normals    []mgl32.Vec3
	TriNormals [][3]int32
	// Colors is nil or one linear RGB colour per position (PLY vertex colours).
	Colors []mgl32.Vec3

	// Materials is the material table; TriMaterial is nil or len(Triangles), -1 meaning none.
	Materials   []Material
	TriMaterial []int32

	// Lines are OBJ `l` records split into segments; they are kept but not triangulated.
	Lines [][2]uint32

	// Source is the path the mesh was read from ("" when built in memory).
	Source string
	// Warnings are non-fatal problems met while loading (missing textures, unknown records).
	Warnings []string
}

// Material is one MTL material (or a default one for formats without materials).
type Material struct {
	Name string
	// Kd is the diffuse colour; Ka, Ks the ambient and specular colours; Ns the shininess.
	Kd, Ka, Ks [3]float32
	Ns         float32
	// D is the opacity (MTL `d`, or 1 − `Tr`).
	D float32
	// Ke is the emissive colour (MTL `Ke`); Illum the MTL illumination model number.
	Ke    [3]float32
	Illum int
	// MapKd is the texture path as written in the MTL; TexturePath the file found on disk ("" if missing).
	MapKd       string
	TexturePath string
	// Texture is the decoded map_Kd image, nil when absent or missing.
	Texture image.Image
}

// Bounds returns the axis-aligned bounding box of the positions; ok is false for an empty mesh.
func (m *Mesh) Bounds() (lo, hi mgl32.Vec3, ok bool) {
	if len(m.Positions) == 0 {
		return lo, hi, false
	}
	lo, hi = m.Positions[0], m.Positions[0]
	for _, p := range m.Positions[1:] {
		for k := 0; k < 3; k++ {
			if p[k] < lo[k] {
				lo[k] = p[k]
			}
			if p[k] > hi[k] {
				hi[k] = p[k]
			}
		}
	}
	return lo, hi, true
}

// FaceNormal returns the unit geometric normal of triangle t (zero for a degenerate triangle).
func (m *Mesh) FaceNormal(t int) mgl32.Vec3 {
	// Scalars, not Vec3 methods: Go keeps small arrays in memory, and their element stores
	// followed by whole-array copies stall store forwarding (STL export runs this per
	// triangle). The arithmetic is mgl32's: (b − a) × (c − a), normalised.
	tri := m.Triangles[t]
	a, b, c := &m.Positions[tri[0]], &m.Positions[tri[1]], &m.Positions[tri[2]]
	ux, uy, uz := b[0]-a[0], b[1]-a[1], b[2]-a[2]
	vx, vy, vz := c[0]-a[0], c[1]-a[1], c[2]-a[2]
	nx, ny, nz := uy*vz-uz*vy, uz*vx-ux*vz, ux*vy-uy*vx
	l := float32(math.Sqrt(float64(nx*nx + ny*ny + nz*nz)))
	if l == 0 || l != l {
		return mgl32.Vec3{}
	}
	r := 1 / l
	return mgl32.Vec3{nx * r, ny * r, nz * r}
}
