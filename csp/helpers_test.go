package csp

import (
	"bufio"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/mesh"
)

// dataDir is the shared real data laid beside the repository.
var dataDir = filepath.Join("..", "..", "shared", "data")

// bunnyPath is the Stanford bunny OBJ (1839 vertices, 3674 triangles).
var bunnyPath = filepath.Join(dataDir, "meshes", "stanford_bunny.obj")

// loadBunny reads the bunny by mesh.Load, or, while the OBJ reader is missing, by reading its
// plain `v` and `f` lines.
func loadBunny(t testing.TB) *mesh.Mesh {
	t.Helper()
	if m, err := mesh.Load(bunnyPath, nil); err == nil {
		return m
	}
	m, err := readSimpleOBJ(bunnyPath)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// readSimpleOBJ reads only `v x y z` and `f a b c` (1-based, optional /vt/vn) lines.
func readSimpleOBJ(path string) (*mesh.Mesh, error) {
	fd, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fd.Close()
	m := &mesh.Mesh{Source: path}
	sc := bufio.NewScanner(fd)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) == 4 && fs[0] == "v" {
			var p mgl32.Vec3
			for k := 0; k < 3; k++ {
				v, err := strconv.ParseFloat(fs[k+1], 32)
				if err != nil {
					return nil, err
				}
				p[k] = float32(v)
			}
			m.Positions = append(m.Positions, p)
		}
		if len(fs) >= 4 && fs[0] == "f" {
			var idx []uint32
			for _, f := range fs[1:] {
				v, err := strconv.Atoi(strings.SplitN(f, "/", 2)[0])
				if err != nil {
					return nil, err
				}
				idx = append(idx, uint32(v-1))
			}
			for i := 1; i+1 < len(idx); i++ {
				m.Triangles = append(m.Triangles, [3]uint32{idx[0], idx[i], idx[i+1]})
			}
		}
	}
	return m, sc.Err()
}

// randomMesh makes n random triangles in the unit cube, some of them degenerate.
func randomMesh(rng *rand.Rand, n int) *mesh.Mesh {
	m := &mesh.Mesh{}
	for i := 0; i < n; i++ {
		c := randVec(rng, 1)
		base := uint32(len(m.Positions))
		for k := 0; k < 3; k++ {
			m.Positions = append(m.Positions, c.Add(randVec(rng, 0.1)))
		}
		switch i % 7 { // every seventh triangle degenerate, of each kind in turn
		case 3:
			m.Positions[base+1] = m.Positions[base] // repeated vertex
		case 5:
			a, b := m.Positions[base], m.Positions[base+1]
			m.Positions[base+2] = a.Add(b.Sub(a).Mul(0.25)) // collinear
		}
		m.Triangles = append(m.Triangles, [3]uint32{base, base + 1, base + 2})
	}
	return m
}

func randVec(rng *rand.Rand, s float32) mgl32.Vec3 {
	return mgl32.Vec3{(rng.Float32()*2 - 1) * s, (rng.Float32()*2 - 1) * s, (rng.Float32()*2 - 1) * s}
}

// bruteClosest is the reference mesh query: every triangle by closestBrute.
func bruteClosest(m *mesh.Mesh, p mgl32.Vec3) (c vec, d2 float64) {
	q := f64(p)
	d2 = 1e300
	for _, t := range m.Triangles {
		x := closestBrute(q, f64(m.Positions[t[0]]), f64(m.Positions[t[1]]), f64(m.Positions[t[2]]))
		if d := dist2(q, x); d < d2 {
			c, d2 = x, d
		}
	}
	return c, d2
}
