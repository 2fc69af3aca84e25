package render

import (
	"image"
	"image/color"
	"math"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/mesh"
)

// quad returns a unit square in the z = 0 plane facing +z, with uv running over [u0, u1]².
func quad(u0, u1 float32) *mesh.Mesh {
	return &mesh.Mesh{
		Positions: []mgl32.Vec3{{-1, -1, 0}, {1, -1, 0}, {1, 1, 0}, {-1, 1, 0}},
		Triangles: [][3]uint32{{0, 1, 2}, {0, 2, 3}},
		UVs:       []mgl32.Vec2{{u0, u0}, {u1, u0}, {u1, u1}, {u0, u1}},
		TriUVs:    [][3]int32{{0, 1, 2}, {0, 2, 3}},
	}
}

// twinnedQuad is quad with a reversed copy of each triangle on repeated positions, the way
// ShapeNet makes single-sided walls double-sided.
func twinnedQuad() *mesh.Mesh {
	m := quad(0, 1)
	m.Positions = append(m.Positions, m.Positions[:4]...)
	m.Triangles = append(m.Triangles, [3]uint32{4, 6, 5}, [3]uint32{4, 7, 6})
	m.TriUVs = append(m.TriUVs, [3]int32{0, 2, 1}, [3]int32{0, 3, 2})
	return m
}

// sphere returns a UV sphere of radius 1 with the given rings and segments, outward winding.
func sphere(rings, segs int, hemisphere bool) *mesh.Mesh {
	m := &mesh.Mesh{}
	maxRing := rings
	if hemisphere {
		maxRing = rings / 2
	}
	for r := 0; r <= maxRing; r++ {
		th := math.Pi * float64(r) / float64(rings)
		for s := 0; s <= segs; s++ {
			ph := 2 * math.Pi * float64(s) / float64(segs)
			m.Positions = append(m.Positions, mgl32.Vec3{
				float32(math.Sin(th) * math.Cos(ph)), float32(math.Cos(th)), float32(math.Sin(th) * math.Sin(ph)),
			})
		}
	}
	row := uint32(segs + 1)
	for r := 0; r < maxRing; r++ {
		for s := 0; s < segs; s++ {
			a := uint32(r)*row + uint32(s)
			b, c, d := a+row, a+row+1, a+1
			if r > 0 {
				m.Triangles = append(m.Triangles, [3]uint32{a, d, b})
			}
			if r < rings-1 {
				m.Triangles = append(m.Triangles, [3]uint32{d, c, b})
			}
		}
	}
	return m
}

// grid returns an n×n-cell height-field grid over [-1, 1]², 2n² triangles.
func grid(n int) *mesh.Mesh {
	m := &mesh.Mesh{Positions: make([]mgl32.Vec3, 0, (n+1)*(n+1)), Triangles: make([][3]uint32, 0, 2*n*n)}
	for j := 0; j <= n; j++ {
		for i := 0; i <= n; i++ {
			x, y := 2*float64(i)/float64(n)-1, 2*float64(j)/float64(n)-1
			m.Positions = append(m.Positions, mgl32.Vec3{float32(x), float32(y), float32(0.15 * math.Sin(4*x) * math.Cos(3*y))})
		}
	}
	w := uint32(n + 1)
	for j := uint32(0); j < uint32(n); j++ {
		for i := uint32(0); i < uint32(n); i++ {
			a := j*w + i
			m.Triangles = append(m.Triangles, [3]uint32{a, a + 1, a + w + 1}, [3]uint32{a, a + w + 1, a + w})
		}
	}
	return m
}

// checker returns an n×n image of 8×8 black and white squares.
func checker(n int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			c := color.NRGBA{30, 30, 30, 255}
			if (x/8+y/8)%2 == 0 {
				c = color.NRGBA{235, 235, 235, 255}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

// texturedQuad is a quad with uv over [-1, 3]² and a 4×4-square checker texture: with REPEAT
// wrapping it shows 16×16 squares, with clamping mostly smeared edge texels.
func texturedQuad() *mesh.Mesh {
	m := quad(-1, 3)
	m.Materials = []mesh.Material{{Name: "checker", Kd: [3]float32{1, 1, 1}, D: 1, Texture: checker(32)}}
	m.TriMaterial = []int32{0, 0}
	return m
}

// twoMaterials is a sphere whose upper half uses a red and lower half a blue material.
func twoMaterials() *mesh.Mesh {
	m := sphere(16, 32, false)
	m.Materials = []mesh.Material{{Name: "red", Kd: [3]float32{0.8, 0.15, 0.1}, D: 1}, {Name: "blue", Kd: [3]float32{0.15, 0.3, 0.85}, D: 1}}
	for _, tri := range m.Triangles {
		mat := int32(0)
		if m.Positions[tri[0]][1]+m.Positions[tri[1]][1]+m.Positions[tri[2]][1] < 0 {
			mat = 1
		}
		m.TriMaterial = append(m.TriMaterial, mat)
	}
	return m
}
