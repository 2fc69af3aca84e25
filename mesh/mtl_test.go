package mesh

import (
	"strings"
	"testing"
)

func TestReadMTL(t *testing.T) {
	in := "# ShapeNet-like\r\n" +
		"newmtl mat_a\r\n" +
		"Kd 0.1 0.2 0.3\r\nKa 0.5\r\nKs 1 1 1\r\nKe 0.0 0.25 0\r\nNs 96.078431\r\nd 0.5\r\nTr 0.9\r\nillum 2\r\n" +
		"map_Kd ../images/texture0.jpg\r\nmap_Bump bump.png\r\nNi 1.5\r\n" +
		"newmtl  b  with spaces \n" +
		"Tr 0.25\nmap_Kd -s 1 1 1 -o 0 0 -bm 0.5 -clamp on textures\\Wood Grain.JPG\n" +
		"newmtl caf\xe9\nmap_Kd -blendu off tex.tga\nfoo 1\nbar\nfoo 2\n"
	mats, warns, err := ReadMTL(strings.NewReader(in), "m.mtl")
	if err != nil {
		t.Fatal(err)
	}
	if len(mats) != 3 {
		t.Fatalf("%d materials, want 3", len(mats))
	}
	a, b, c := mats[0], mats[1], mats[2]
	checks := []struct {
		what      string
		got, want any
	}{
		{"a name", a.Name, "mat_a"},
		{"a Kd", a.Kd, [3]float32{0.1, 0.2, 0.3}},
		{"a Ka grey", a.Ka, [3]float32{0.5, 0.5, 0.5}},
		{"a Ks", a.Ks, [3]float32{1, 1, 1}},
		{"a Ke", a.Ke, [3]float32{0, 0.25, 0}},
		{"a Ns", a.Ns, float32(96.078431)},
		{"a d wins over Tr", a.D, float32(0.5)},
		{"a illum", a.Illum, 2},
		{"a map_Kd", a.MapKd, "../images/texture0.jpg"},
		{"b name keeps inner spaces", b.Name, "b  with spaces"},
		{"b Tr", b.D, float32(0.75)},
		{"b default Kd", b.Kd, [3]float32{defaultGrey, defaultGrey, defaultGrey}},
		{"b map_Kd after options", b.MapKd, `textures\Wood Grain.JPG`},
		{"c raw name", c.Name, "caf\xe9"},
		{"c map_Kd", c.MapKd, "tex.tga"},
		{"c default D", c.D, float32(1)},
	}
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("%s = %v, want %v", ck.what, ck.got, ck.want)
		}
	}
	if len(warns) != 1 || !strings.Contains(warns[0], "3 unknown records") {
		t.Errorf("warnings = %q, want one about 3 unknown records", warns)
	}
}

func TestMapPath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"texture.png", "texture.png"},
		{"-s 1 1 1 texture.png", "texture.png"},
		{"-o 0.5 tex.jpg", "tex.jpg"},
		{"-mm 0 1 -t 1 1 tex.jpg", "tex.jpg"},
		{"-imfchan r -type sphere tex.jpg", "tex.jpg"},
		{`-bm 1.0 C:\Users\me\My Textures\wood.jpg`, `C:\Users\me\My Textures\wood.jpg`},
		{"-clamp on", "on"},
		{"-zz 1 2 tex.png", "tex.png"},
	}
	for _, tc := range tests {
		if got := mapPath([]byte(tc.in)); got != tc.want {
			t.Errorf("mapPath(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestReadMTLErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"bad Kd", "newmtl a\nKd 1 x 0\n", `m.mtl:2: bad number "x"`},
		{"bad Ns", "newmtl a\n\nNs\n", `m.mtl:3: bad number ""`},
		{"empty Kd", "newmtl a\nKd\n", "m.mtl:2: colour needs 1 or 3 numbers"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := ReadMTL(strings.NewReader(tc.in), "m.mtl")
			if err == nil || err.Error() != tc.want {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
	_, warns, err := ReadMTL(strings.NewReader("Kd 1 1 1\nnewmtl a\n"), "m.mtl")
	if err != nil || len(warns) != 1 || !strings.Contains(warns[0], "before the first newmtl") {
		t.Errorf("orphan records: err %v warnings %q", err, warns)
	}
}
