package mesh

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// objSeeds are the quirky OBJ inputs the fuzzers start from (testdata/fuzz holds more).
var objSeeds = []string{
	objSquare + "f 1 2 3\nf 1 3 2\n", // twinned faces
	objSquare + "vn 0 0 0.0254\nvn 0.001 0 0\nvn 0 0 0\nf 1//1 2//2 3//3\n",
	objSquare + "vt 0.5 2.5 0.0\nvt -1 -7 0\nf 1/1 2/2 3/1\n",
	objSquare + "l 1 2 3 4 1\nl 2/1\n",
	objSquare + "vt 0 0\nvn 0 1 0\nf -4/-1/-1 -3/-1/-1 -2/-1/-1\n",
	"v 0 0 0\nv 3 0 0\nv 3 3 0\nv 2 3 0\nv 2 1 0\nv 1 1 0\nv 1 3 0\nv 0 3 0\nf 1 2 3 4 5 6 7 8\n",
	"v 0 0 0\r\nv 1 0 0\r\nv 0 1 0\r\nf  1  2  3\r\n",
	"mtllib missing.mtl\nusemtl caf\xe9\n" + objSquare + "f 1 2 3 4\n",
	"v 0 0 \\\n0\nv 1 0 0 1 0 0\nv 0 1 0\nf 1 2 \\\r\n3\n",
	"f 1 2 3\nv 0 0 0\nv 1 0 0\nv 0 1 0\n",
	objSquare + "f 1 2 999\n",
	"v 1e400 -nan 0x1p3\nvp 1\ncurv 0 1\n",
}

// checkMeshInvariants asserts every index of m points into its pool.
func checkMeshInvariants(t *testing.T, m *Mesh) {
	t.Helper()
	for i, tri := range m.Triangles {
		for _, v := range tri {
			if int(v) >= len(m.Positions) {
				t.Fatalf("triangle %d vertex %d of %d", i, v, len(m.Positions))
			}
		}
	}
	checkAttr := func(what string, tris [][3]int32, n int) {
		if tris != nil && len(tris) != len(m.Triangles) {
			t.Fatalf("%s: %d entries for %d triangles", what, len(tris), len(m.Triangles))
		}
		for _, tri := range tris {
			for _, k := range tri {
				if k < -1 || int(k) >= n {
					t.Fatalf("%s index %d of %d", what, k, n)
				}
			}
		}
	}
	checkAttr("uv", m.TriUVs, len(m.UVs))
	checkAttr("normal", m.TriNormals, len(m.Normals))
	if m.TriMaterial != nil && len(m.TriMaterial) != len(m.Triangles) {
		t.Fatalf("%d TriMaterial for %d triangles", len(m.TriMaterial), len(m.Triangles))
	}
	for _, k := range m.TriMaterial {
		if k < -1 || int(k) >= len(m.Materials) {
			t.Fatalf("material %d of %d", k, len(m.Materials))
		}
	}
	for _, l := range m.Lines {
		if int(l[0]) >= len(m.Positions) || int(l[1]) >= len(m.Positions) {
			t.Fatalf("line %v of %d", l, len(m.Positions))
		}
	}
	if m.Colors != nil && len(m.Colors) != len(m.Positions) {
		t.Fatalf("%d colours for %d positions", len(m.Colors), len(m.Positions))
	}
	for _, n := range m.Normals {
		if l := float64(n.Len()); math.Abs(l-1) > 1e-4 {
			t.Fatalf("normal %v has length %g", n, l)
		}
	}
}

func FuzzReadOBJ(f *testing.F) {
	for _, s := range objSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ReadOBJ(bytes.NewReader(data), "fuzz.obj")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.obj:") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error not one line naming the file: %q", err)
			}
			return
		}
		checkMeshInvariants(t, m)
	})
}

func FuzzReadMTL(f *testing.F) {
	f.Add([]byte("newmtl a\nKd 1 0 0\nKa 0.1\nd 0.5\nTr 0.3\nillum 2\nmap_Kd -s 1 1 1 ..\\images\\Texture0.JPG\n"))
	f.Add([]byte("newmtl caf\xe9\r\nKs 1 1 1\r\nNs 10\r\nKe 0 0 0\r\nmap_Kd -bm 0.3 -clamp on\r\nmap_Bump b.png\r\nfoo\r\n"))
	f.Add([]byte("Kd 1 1 1\nnewmtl x\nKd spectral file.rfl\nd -halo 0.2\nmap_Kd\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		mats, _, err := ReadMTL(bytes.NewReader(data), "fuzz.mtl")
		if err != nil && (!strings.HasPrefix(err.Error(), "fuzz.mtl:") || strings.Contains(err.Error(), "\n")) {
			t.Fatalf("error not one line naming the file: %q", err)
		}
		if len(mats) > bytes.Count(data, []byte("newmtl")) {
			t.Fatalf("%d materials from %d newmtl", len(mats), bytes.Count(data, []byte("newmtl")))
		}
	})
}
