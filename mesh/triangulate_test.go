package mesh

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
)

// polygon2D lifts 2D outline points into 3D: z = 0, or onto a tilted plane when tilt.
func polyLift(xy [][2]float32, tilt bool) []mgl32.Vec3 {
	rot := mgl32.Ident3()
	if tilt {
		rot = mgl32.Rotate3DX(0.7).Mul3(mgl32.Rotate3DY(-1.1))
	}
	pts := make([]mgl32.Vec3, len(xy))
	for i, p := range xy {
		pts[i] = rot.Mul3x1(mgl32.Vec3{p[0], p[1], 0}).Add(mgl32.Vec3{3, -2, 5})
	}
	return pts
}

// shoelace returns the signed area of a 2D polygon.
func polyArea(xy [][2]float32) float64 {
	a := 0.0
	for i := range xy {
		p, q := xy[i], xy[(i+1)%len(xy)]
		a += float64(p[0])*float64(q[1]) - float64(q[0])*float64(p[1])
	}
	return a / 2
}

// insidePolygon is the even-odd point-in-polygon test.
func polyContains(xy [][2]float32, x, y float64) bool {
	in := false
	for i, j := 0, len(xy)-1; i < len(xy); j, i = i, i+1 {
		xi, yi, xj, yj := float64(xy[i][0]), float64(xy[i][1]), float64(xy[j][0]), float64(xy[j][1])
		if (yi > y) != (yj > y) && x < (xj-xi)*(y-yi)/(yj-yi)+xi {
			in = !in
		}
	}
	return in
}

func polyReversed(xy [][2]float32) [][2]float32 {
	r := make([][2]float32, len(xy))
	for i := range xy {
		r[i] = xy[len(xy)-1-i]
	}
	return r
}

var concavePolygons = []struct {
	name string
	xy   [][2]float32
}{
	{"L", [][2]float32{{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}}},
	{"U", [][2]float32{{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}}},
	{"star", [][2]float32{{0, 3}, {0.7, 1}, {3, 1}, {1.2, -0.4}, {2, -3}, {0, -1.2}, {-2, -3}, {-1.2, -0.4}, {-3, 1}, {-0.7, 1}}},
	{"comb", [][2]float32{{0, 0}, {5, 0}, {5, 2}, {4.5, 2}, {4.5, 1}, {3.5, 1}, {3.5, 2}, {3, 2}, {3, 1}, {2, 1}, {2, 2}, {1.5, 2}, {1.5, 1}, {0.5, 1}, {0.5, 2}, {0, 2}}},
	{"spiral-ish", [][2]float32{{0, 0}, {4, 0}, {4, 4}, {1, 4}, {1, 2}, {2, 2}, {2, 3}, {3, 3}, {3, 1}, {0, 1}}},
	{"convex with collinear", [][2]float32{{0, 0}, {1, 0}, {2, 0}, {2, 1}, {2, 2}, {1, 2}, {0, 2}, {0, 1}}},
	{"arrow", [][2]float32{{0, 0}, {2, 1}, {4, 0}, {2, 4}}},
}

func TestTriangulateConcave(t *testing.T) {
	var ec earClipper
	for _, pc := range concavePolygons {
		for _, rev := range []bool{false, true} {
			for _, tilt := range []bool{false, true} {
				xy := pc.xy
				if rev {
					xy = polyReversed(xy)
				}
				t.Run(pc.name, func(t *testing.T) {
					pts := polyLift(xy, tilt)
					tris, ok := ec.triangulate(pts)
					if !ok || len(tris) != len(xy)-2 {
						t.Fatalf("ok=%v, %d triangles, want %d (rev=%v tilt=%v)", ok, len(tris), len(xy)-2, rev, tilt)
					}
					want := polyArea(xy)
					total := 0.0
					for _, tri := range tris {
						a, b, c := xy[tri[0]], xy[tri[1]], xy[tri[2]]
						area := polyArea([][2]float32{a, b, c})
						if area*want < 0 {
							t.Errorf("triangle %v winds against the polygon", tri)
						}
						total += area
						cx, cy := (float64(a[0])+float64(b[0])+float64(c[0]))/3, (float64(a[1])+float64(b[1])+float64(c[1]))/3
						if math.Abs(area) > 1e-9 && !polyContains(xy, cx, cy) {
							t.Errorf("triangle %v lies outside the polygon", tri)
						}
						// The 3D triangle faces the same way as the polygon.
						n := pts[tri[1]].Sub(pts[tri[0]]).Cross(pts[tri[2]].Sub(pts[tri[0]]))
						if area != 0 && n.Len() == 0 {
							t.Errorf("triangle %v is degenerate in 3D", tri)
						}
					}
					if math.Abs(total-want) > 1e-6*math.Abs(want) {
						t.Errorf("area %g, want %g (rev=%v tilt=%v)", total, want, rev, tilt)
					}
				})
			}
		}
	}
}

func TestTriangulateFallback(t *testing.T) {
	var ec earClipper
	tests := []struct {
		name string
		pts  []mgl32.Vec3
	}{
		{"collinear", []mgl32.Vec3{{0, 0, 0}, {1, 0, 0}, {2, 0, 0}, {3, 0, 0}, {4, 0, 0}}},
		{"all equal", []mgl32.Vec3{{1, 1, 1}, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}}},
		{"bow tie", []mgl32.Vec3{{0, 0, 0}, {2, 2, 0}, {2, 0, 0}, {0, 2, 0}, {-1, 1, 0}}},
		{"NaN", []mgl32.Vec3{{0, 0, 0}, {1, 0, 0}, {float32(math.NaN()), 1, 0}, {0, 1, 0}, {0, 0.5, 0}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tris, _ := ec.triangulate(tc.pts)
			if len(tris) != len(tc.pts)-2 {
				t.Fatalf("%d triangles, want %d", len(tris), len(tc.pts)-2)
			}
			for _, tri := range tris {
				for _, k := range tri {
					if k < 0 || int(k) >= len(tc.pts) {
						t.Fatalf("corner %d out of range", k)
					}
				}
			}
		})
	}
}

func TestQuadDiagonal(t *testing.T) {
	// The reflex corner moves around the quad; the diagonal must go through it.
	base := [][2]float32{{0, 0}, {2, 0}, {0.5, 0.5}, {0, 2}} // reflex at corner 2
	for shift := 0; shift < 4; shift++ {
		var p [4]mgl32.Vec3
		for i := range p {
			q := base[(i+shift)%4]
			p[i] = mgl32.Vec3{q[0], q[1], 0}
		}
		reflex := (2 - shift + 4) % 4
		want := reflex == 0 || reflex == 2
		if got := quadDiagonal02(p[0], p[1], p[2], p[3]); got != want {
			t.Errorf("reflex at %d: diagonal02 = %v, want %v", reflex, got, want)
		}
	}
}

func TestOBJConcavePolygonArea(t *testing.T) {
	// The U polygon as an OBJ face: fan triangulation would cover the notch; ear clipping must not.
	u := concavePolygons[1].xy
	var b strings.Builder
	for _, p := range u {
		b.WriteString("v " + objFtoa(p[0]) + " 0 " + objFtoa(-p[1]) + "\n") // in the XZ plane, like a floor
	}
	b.WriteString("f 1 2 3 4 5 6 7 8\n")
	m, err := readOBJString(b.String())
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Triangles) != 6 || len(m.Warnings) != 0 {
		t.Fatalf("%d triangles, warnings %q", len(m.Triangles), m.Warnings)
	}
	total := 0.0
	for i, tri := range m.Triangles {
		a, bb, c := m.Positions[tri[0]], m.Positions[tri[1]], m.Positions[tri[2]]
		total += float64(bb.Sub(a).Cross(c.Sub(a)).Len()) / 2
		if n := m.FaceNormal(i); n.Dot(mgl32.Vec3{0, 1, 0}) < 0.999 {
			t.Errorf("triangle %d normal %v, want +Y like the polygon", i, n)
		}
	}
	if want := math.Abs(polyArea(u)); math.Abs(total-want) > 1e-5 {
		t.Errorf("area %g, want %g", total, want)
	}
}

func objFtoa(f float32) string { return strconv.FormatFloat(float64(f), 'g', -1, 32) }
