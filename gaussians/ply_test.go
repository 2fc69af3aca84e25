package gaussians

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestRealScenes(t *testing.T) {
	tests := []struct {
		file   string
		n, deg int
		lo, hi [3]float32 // from shared/data/splats/README.md (4 digits)
		extra  []string
	}{
		{"v3dg_donut_sh0.ply", 45624, 0, [3]float32{-0.1032, -0.0976, -0.0091}, [3]float32{0.1053, 0.1095, 0.0862}, nil},
		{"supersplat_fruit_drops_minimal_sh3.ply", 4721, 3, [3]float32{0.4861, -0.0116, -2.2490}, [3]float32{1.0022, 0.2497, -2.0200}, []string{"transform"}},
		{"swiftgraphics_winter_fountain.splat", 93713, 0, [3]float32{-1.2129, -1.6186, -1.4789}, [3]float32{1.4348, 2.5335, 1.1527}, nil},
		{"metalsplatter_train_3points.ply", 3, 3, [3]float32{-2.7481, -1.0124, -1.3971}, [3]float32{2.0079, 0.0810, 1.3285}, nil},
		{"metalsplatter_train_3points.spz", 3, 3, [3]float32{-2.7481, -1.0124, -1.3971}, [3]float32{2.0079, 0.0810, 1.3285}, nil},
		// The biker's bounds are measured here (RUB file turned to RDF: y is down, the wheels at y = 0).
		{"playcanvas_biker_v4.spz", 152746, 0, [3]float32{-0.6213, -3.1802, -0.5322}, [3]float32{0.4143, 0, 0.6133}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			s := mustLoad(t, tc.file)
			if s.N != tc.n || s.SHDegree != tc.deg {
				t.Fatalf("N=%d degree=%d, want %d and %d", s.N, s.SHDegree, tc.n, tc.deg)
			}
			if err := s.Check(); err != nil {
				t.Fatal(err)
			}
			lo, hi := s.Bounds()
			for a := 0; a < 3; a++ {
				if !close32(lo[a], tc.lo[a], 2e-4) || !close32(hi[a], tc.hi[a], 2e-4) {
					t.Errorf("bounds %v … %v, want %v … %v", lo, hi, tc.lo, tc.hi)
					break
				}
			}
			if !slices.Equal(s.ExtraNames(), tc.extra) {
				t.Errorf("extra properties %v, want %v", s.ExtraNames(), tc.extra)
			}
			if len(s.Warnings) > 0 {
				t.Logf("warnings: %v", s.Warnings)
			}
		})
	}
}

// rawPLYColumns decodes a binary little-endian all-float PLY naively, column by name: an
// independent reference for the fast reader.
func rawPLYColumns(t *testing.T, path string) map[string][]float32 {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	end := bytes.Index(data, []byte("end_header\n")) + len("end_header\n")
	var names []string
	for _, line := range strings.Split(string(data[:end]), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "property" {
			names = append(names, f[2])
		}
	}
	body := data[end:]
	n := len(body) / (4 * len(names))
	cols := map[string][]float32{}
	for j, nm := range names {
		for i := 0; i < n; i++ {
			cols[nm] = append(cols[nm], math.Float32frombits(binary.LittleEndian.Uint32(body[4*(i*len(names)+j):])))
		}
	}
	return cols
}

func TestPLYChannelMajorSH(t *testing.T) {
	path := dataFile(t, "supersplat_fruit_drops_minimal_sh3.ply")
	s := mustLoad(t, "supersplat_fruit_drops_minimal_sh3.ply")
	cols := rawPLYColumns(t, path)
	const k = 15
	for i := 0; i < s.N; i += 97 {
		for c := 0; c < 3; c++ {
			for j := 0; j < k; j++ {
				want := cols[fmt.Sprintf("f_rest_%d", c*k+j)][i]
				if got := s.SHRest[(i*k+j)*3+c]; got != want {
					t.Fatalf("Gaussian %d channel %d coefficient %d = %v, want f_rest_%d = %v", i, c, j, got, c*k+j, want)
				}
			}
		}
		if s.Rotations[4*i+1] != cols["rot_1"][i] || s.Opacities[i] != cols["opacity"][i] || s.Prop("transform")[i] != cols["transform"][i] {
			t.Fatalf("Gaussian %d: rotation/opacity/transform differ from the file", i)
		}
	}
}

func TestPLYRoundTrip(t *testing.T) {
	for deg := 0; deg <= 3; deg++ {
		s := randomScene(300, deg, uint64(deg))
		s.Extra = []Property{{Name: "material_id", Values: make([]float32, 300)}, {Name: "f_in_0", Values: make([]float32, 300)}}
		for i := range 300 {
			s.Extra[0].Values[i], s.Extra[1].Values[i] = float32(i%7), float32(i)*0.5
		}
		var b bytes.Buffer
		if err := WritePLY(&b, s); err != nil {
			t.Fatal(err)
		}
		got, err := ReadPLY(bytes.NewReader(b.Bytes()), "rt.ply", int64(b.Len()))
		if err != nil {
			t.Fatal(err)
		}
		if got.SHDegree != deg || !slices.Equal(got.SHRest, s.SHRest) || !slices.Equal(got.Positions, s.Positions) ||
			!slices.Equal(got.Rotations, s.Rotations) || !slices.Equal(got.Opacities, s.Opacities) ||
			!slices.Equal(got.Scales, s.Scales) || !slices.Equal(got.SHDC, s.SHDC) {
			t.Errorf("degree %d: round trip changed values", deg)
		}
		if !slices.Equal(got.ExtraNames(), []string{"material_id", "f_in_0"}) || !slices.Equal(got.Prop("f_in_0"), s.Prop("f_in_0")) {
			t.Errorf("degree %d: extras %v", deg, got.ExtraNames())
		}
	}
}

// writeOtherPLY writes s (degree ≤ 3, no extras) as ascii, big endian, or little endian with
// doubles for positions and a uchar extra: encodings the fast path does not take.
func writeOtherPLY(s *Scene, format string) []byte {
	var b bytes.Buffer
	k := SHRestCoeffs(s.SHDegree)
	fmt.Fprintf(&b, "ply\nformat %s 1.0\ncomment made by a test\nelement camera 1\nproperty float fx\n", format)
	fmt.Fprintf(&b, "element vertex %d\n", s.N)
	posType := "float"
	if format == "binary_little_endian" {
		posType = "double"
	}
	fmt.Fprintf(&b, "property %s x\nproperty %s y\nproperty %s z\nproperty uchar label\n", posType, posType, posType)
	names := []string{"f_dc_0", "f_dc_1", "f_dc_2"}
	for j := 0; j < 3*k; j++ {
		names = append(names, fmt.Sprintf("f_rest_%d", j))
	}
	names = append(names, "opacity", "scale_0", "scale_1", "scale_2", "rot_0", "rot_1", "rot_2", "rot_3")
	for _, n := range names {
		fmt.Fprintf(&b, "property float %s\n", n)
	}
	b.WriteString("element face 0\nproperty list uchar int vertex_indices\nend_header\n")
	var order binary.ByteOrder = binary.LittleEndian
	if format == "binary_big_endian" {
		order = binary.BigEndian
	}
	if format == "ascii" {
		b.WriteString("1.5\n")
	} else {
		binary.Write(&b, order, float32(1.5))
	}
	for i := 0; i < s.N; i++ {
		row := []float32{s.SHDC[3*i], s.SHDC[3*i+1], s.SHDC[3*i+2]}
		for c := 0; c < 3; c++ {
			for j := 0; j < k; j++ {
				row = append(row, s.SHRest[(i*k+j)*3+c])
			}
		}
		row = append(row, s.Opacities[i], s.Scales[3*i], s.Scales[3*i+1], s.Scales[3*i+2])
		row = append(row, s.Rotations[4*i:4*i+4]...)
		label := byte(i % 200)
		switch format {
		case "ascii":
			for a := 0; a < 3; a++ {
				b.WriteString(strconv.FormatFloat(float64(s.Positions[3*i+a]), 'g', -1, 32) + " ")
			}
			b.WriteString(strconv.Itoa(int(label)))
			for _, v := range row {
				b.WriteString(" " + strconv.FormatFloat(float64(v), 'g', -1, 32))
			}
			b.WriteString("\n")
		case "binary_little_endian":
			for a := 0; a < 3; a++ {
				binary.Write(&b, order, float64(s.Positions[3*i+a]))
			}
			b.WriteByte(label)
			binary.Write(&b, order, row)
		default:
			binary.Write(&b, order, s.Positions[3*i:3*i+3])
			b.WriteByte(label)
			binary.Write(&b, order, row)
		}
	}
	return b.Bytes()
}

func TestPLYOtherEncodings(t *testing.T) {
	for _, format := range []string{"ascii", "binary_big_endian", "binary_little_endian"} {
		s := randomScene(50, 2, 9)
		data := writeOtherPLY(s, format)
		got, err := ReadPLY(bytes.NewReader(data), format+".ply", int64(len(data)))
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if !slices.Equal(got.Positions, s.Positions) || !slices.Equal(got.SHRest, s.SHRest) || !slices.Equal(got.Rotations, s.Rotations) {
			t.Errorf("%s: values differ", format)
		}
		if l := got.Prop("label"); len(l) != 50 || l[49] != 49 {
			t.Errorf("%s: label extra %v", format, l)
		}
		// Unknown size takes the read-it-all path.
		if got2, err := ReadPLY(bytes.NewBuffer(data), format+".ply", -1); err != nil || got2.N != 50 {
			t.Errorf("%s unsized: %v", format, err)
		}
	}
}

func TestPLYErrors(t *testing.T) {
	var good bytes.Buffer
	if err := WritePLY(&good, randomScene(10, 1, 2)); err != nil {
		t.Fatal(err)
	}
	g := good.String()
	hdrEnd := strings.Index(g, "end_header\n") + len("end_header\n")
	tests := []struct {
		name, data, want string
	}{
		{"not ply", "hello\n", "not a PLY file"},
		{"no end_header", "ply\nformat ascii 1.0\nelement vertex 1\n", "without end_header"},
		{"bad format", "ply\nformat binary_middle_endian 1.0\nend_header\n", "unknown PLY format"},
		{"no vertex", "ply\nformat ascii 1.0\nelement face 0\nend_header\n", "no vertex element"},
		{"bad count", "ply\nformat ascii 1.0\nelement vertex -3\nend_header\n", "bad element count"},
		{"bad type", "ply\nformat ascii 1.0\nelement vertex 1\nproperty quad x\nend_header\n", "unknown property type"},
		{"missing opacity", strings.Replace(g, "property float opacity\n", "property float opacityx\n", 1), `"opacity" missing`},
		{"f_rest count", strings.Replace(g, "property float f_rest_8\n", "", 1), "8 f_rest properties"},
		{"duplicate", strings.Replace(g, "property float nz\n", "property float nx\n", 1), "declared twice"},
		{"truncated", g[:len(g)-7], "header claims 10 vertices"},
		{"count larger than data", strings.Replace(g, "element vertex 10\n", "element vertex 1000000000\n", 1), "header claims 1000000000 vertices"},
		{"compressed ascii", "ply\nformat ascii 1.0\nelement chunk 1\nproperty float min_x\nelement vertex 1\nproperty uint packed_position\nend_header\n", "compressed PLY variant not supported"},
		{"compressed missing", "ply\nformat binary_little_endian 1.0\nelement chunk 1\nproperty float min_x\nelement vertex 1\nproperty uint packed_position\nend_header\n", `chunk element lacks property "min_y"`},
		{"compressed chunk count", "ply\nformat binary_little_endian 1.0\nelement chunk 3\nproperty float min_x\nelement vertex 1\nproperty uint packed_position\nend_header\n", "3 chunks for 1 vertices"},
		{"vertex list", "ply\nformat binary_little_endian 1.0\nelement vertex 1\nproperty list uchar float x\nend_header\n", "list property"},
		{"ascii bad number", "ply\nformat ascii 1.0\nelement vertex 1\n" + g[strings.Index(g, "property float x"):hdrEnd] + strings.Repeat("0.0 ", 20) + "zz\n", "bad number"},
		{"ascii truncated", "ply\nformat ascii 1.0\nelement vertex 2\n" + g[strings.Index(g, "property float x"):hdrEnd] + strings.Repeat("0.000 ", 30), "truncated"},
	}
	for _, tc := range tests {
		_, err := ReadPLY(strings.NewReader(tc.data), "t.ply", int64(len(tc.data)))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "t.ply") {
			t.Errorf("%s: error %v, want one starting t.ply and containing %q", tc.name, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error spans lines: %q", tc.name, err)
		}
	}
	_, err := ReadPLY(strings.NewReader(tests[11].data), "c.ply", -1) // the ascii compressed one
	if !errors.Is(err, ErrCompressedPLY) {
		t.Errorf("compressed PLY error %v does not wrap ErrCompressedPLY", err)
	}
	// A stream shorter than the header claims, read without a known size, is caught while reading.
	_, err = ReadPLY(strings.NewReader(g[:len(g)-7]), "t.ply", -1)
	if err == nil {
		t.Errorf("truncated unsized stream read without error")
	}
}

func TestPLYNonFiniteDropped(t *testing.T) {
	s := randomScene(20, 1, 4)
	s.Positions[3*5] = float32(math.Inf(-1))
	s.Scales[3*7+2] = float32(math.NaN())
	var b bytes.Buffer
	if err := WritePLY(&b, s); err != nil {
		t.Fatal(err)
	}
	got, err := ReadPLY(bytes.NewReader(b.Bytes()), "nan.ply", int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if got.N != 18 || len(got.Warnings) != 1 || !strings.Contains(got.Warnings[0], "2 Gaussians dropped") {
		t.Errorf("N=%d warnings=%v, want 18 and one warning about 2 dropped", got.N, got.Warnings)
	}
	rb, err := DecodeRenderBuffers(bytes.NewReader(b.Bytes()), "nan.ply", int64(b.Len()))
	if err != nil || rb.N != 18 || rb.Dropped != 2 {
		t.Errorf("render buffers %v, %v; want 18 kept, 2 dropped", rb, err)
	}
}

func TestDecodeRenderBuffersMatchesScene(t *testing.T) {
	for _, name := range []string{"supersplat_fruit_drops_minimal_sh3.ply", "v3dg_donut_sh0.ply"} {
		path := dataFile(t, name)
		s := mustLoad(t, name)
		want := RenderBuffersFromScene(s)
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		st, _ := f.Stat()
		got, err := DecodeRenderBuffers(f, path, st.Size())
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			what      string
			got, want []float32
		}{{"positions", got.Positions, want.Positions}, {"scales", got.Scales, want.Scales},
			{"rotations", got.Rotations, want.Rotations}, {"opacities", got.Opacities, want.Opacities},
			{"colours", got.Colors, want.Colors}, {"SH", got.SHRest, want.SHRest}} {
			if len(c.got) != len(c.want) {
				t.Fatalf("%s: %s length %d, want %d", name, c.what, len(c.got), len(c.want))
			}
			for i := range c.got {
				if !close32(c.got[i], c.want[i], 2e-6*max(1, abs32(c.want[i]))) {
					t.Fatalf("%s: %s[%d] = %v, want %v", name, c.what, i, c.got[i], c.want[i])
				}
			}
		}
	}
}

func TestCompressedPLYFixture(t *testing.T) {
	// testdata/metalsplatter_3points.compressed.ply was written by splat-transform 2.7.1 from
	// ../shared/data/splats/metalsplatter_train_3points.ply (one chunk, colour ranges, SH 3).
	got, err := Load(filepath.Join("testdata", "metalsplatter_3points.compressed.ply"), nil)
	if err != nil {
		t.Fatal(err)
	}
	compareUnordered(t, mustLoad(t, "metalsplatter_train_3points.ply"), got)
	data, _ := os.ReadFile(filepath.Join("testdata", "metalsplatter_3points.compressed.ply"))
	for _, cut := range []int{len(data) - 1, len(data) - 140} {
		if _, err := ReadPLY(bytes.NewReader(data[:cut]), "c.ply", int64(cut)); err == nil || !strings.Contains(err.Error(), "c.ply: ") {
			t.Errorf("compressed PLY cut to %d bytes: error %v", cut, err)
		}
	}
	if rb, err := DecodeRenderBuffers(bytes.NewReader(data), "c.ply", int64(len(data))); err != nil || rb.N != 3 || rb.SHDegree != 3 {
		t.Errorf("DecodeRenderBuffers of a compressed PLY: %v %v", rb, err)
	}
}
