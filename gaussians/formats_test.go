package gaussians

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// Quantisation tolerances. .splat: float positions and scales, 8-bit colour/alpha/quaternion.
// SPZ: 12 fractional position bits, log scale in 1/16 steps, colour in steps of 1/(0.15·255) of
// f_dc, 9-bit smallest-three quaternions, SH in 1/16 (degree 1) and 1/8 (higher) steps.
var (
	splatTol = tolerances{pos: 1e-6, logScale: 1e-5, quat: 3e-4, opacity: 2.5 / 255, color: 0.6 / 255, sh: 0}
	spzTol   = tolerances{pos: 1.0 / 4096, logScale: 1.0 / 32, quat: 2e-5, opacity: 0.6 / 255, color: 0.6 / 255 * SHC0 / 0.15, sh: 1.0/16 + 1.0/128}
	// the three-point files were written by different tools from the same trained Gaussians
	crossTol = tolerances{pos: 2.0 / 4096, logScale: 1.0 / 32, quat: 2e-3, opacity: 4.0 / 255, color: 4.0 / 255, sh: 0}
)

func TestThreePointsAgree(t *testing.T) {
	ply := mustLoad(t, "metalsplatter_train_3points.ply")
	for _, name := range []string{"metalsplatter_train_3points.splat", "metalsplatter_train_3points.spz"} {
		t.Run(name, func(t *testing.T) {
			compareScenes(t, ply, mustLoad(t, name), crossTol)
		})
	}
	// The SPZ file's SH agree with the PLY's within SPZ's SH quantisation (after the RUB turn).
	spz := mustLoad(t, "metalsplatter_train_3points.spz")
	for j := range ply.SHRest {
		if !close32(ply.SHRest[j], spz.SHRest[j], 1.0/8+1.0/128) {
			t.Errorf("SH value %d: SPZ %v, PLY %v", j, spz.SHRest[j], ply.SHRest[j])
		}
	}
}

func TestSPZRoundTrips(t *testing.T) {
	for _, version := range []int{3, 4} {
		for deg := 0; deg <= 3; deg++ {
			s := randomScene(500, deg, uint64(10+deg))
			s.Antialiased = deg == 2
			var b bytes.Buffer
			if err := WriteSPZ(&b, s, version); err != nil {
				t.Fatal(err)
			}
			got, err := ReadSPZ(bytes.NewReader(b.Bytes()), "rt.spz", int64(b.Len()))
			if err != nil {
				t.Fatalf("v%d degree %d: %v", version, deg, err)
			}
			if got.SHDegree != deg || got.Antialiased != s.Antialiased {
				t.Errorf("v%d: degree %d antialiased %v", version, got.SHDegree, got.Antialiased)
			}
			compareScenes(t, s, got, spzTol)
		}
	}
}

func TestSPZRealRoundTrip(t *testing.T) {
	// PLY → SPZ → PLY on the SH-3 scene, and SPZ v4 → v3 → v4 on the biker (exact after the first pass).
	fruit := mustLoad(t, "supersplat_fruit_drops_minimal_sh3.ply")
	fruit.Extra = nil
	for _, v := range []int{3, 4} {
		var b bytes.Buffer
		if err := WriteSPZ(&b, fruit, v); err != nil {
			t.Fatal(err)
		}
		got, err := ReadSPZ(&b, "fruit.spz", -1)
		if err != nil {
			t.Fatal(err)
		}
		tol := spzTol
		tol.pos = 1.0 / 8192    // all within ±2048 units: 12 fractional bits, half-step rounding
		tol.logScale = 1.0 / 32 // values below −10 clamp: checked separately
		for i := range fruit.Scales {
			if fruit.Scales[i] < -10 {
				fruit.Scales[i] = -10
			}
		}
		compareScenes(t, fruit, got, tol)
	}
	biker := mustLoad(t, "playcanvas_biker_v4.spz")
	var b3 bytes.Buffer
	if err := WriteSPZ(&b3, biker, 3); err != nil {
		t.Fatal(err)
	}
	again, err := ReadSPZ(&b3, "biker.spz", -1)
	if err != nil {
		t.Fatal(err)
	}
	exact := tolerances{pos: 1e-7, logScale: 1e-6, quat: 1e-6, opacity: 1e-6, color: 1e-6}
	compareScenes(t, biker, again, exact)
}

// gz compresses b with gzip.
func gz(b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

func TestSPZErrors(t *testing.T) {
	hdr := func(version uint32, n uint32, deg, flags byte) []byte {
		b := make([]byte, 16)
		binary.LittleEndian.PutUint32(b, spzMagic)
		binary.LittleEndian.PutUint32(b[4:], version)
		binary.LittleEndian.PutUint32(b[8:], n)
		b[12], b[13], b[14] = deg, 12, flags
		return b
	}
	body := func(n int) []byte { return make([]byte, n*(9+1+3+3+4)) }
	good, _ := bytesOfSPZ(randomScene(10, 1, 3), 4)
	var truncV4 []byte
	truncV4 = append(truncV4, good[:len(good)-5]...)
	badTOC := append([]byte(nil), good...)
	binary.LittleEndian.PutUint64(badTOC[40:], 12345) // stream 0's uncompressed size
	bomb := gz(append(hdr(3, 1, 0, 0), make([]byte, 50<<20)...))
	// A one-point v4 file whose position stream claims 9 bytes but inflates to 50 MiB.
	zenc, _ := zstd.NewWriter(nil)
	zbomb := make([]byte, 32+16*5)
	copy(zbomb, hdr(4, 1, 0, 0))
	zbomb[15], zbomb[16] = 5, 32
	for i, size := range []int{9, 1, 3, 3, 4} {
		raw := make([]byte, size)
		if i == 0 {
			raw = make([]byte, 50<<20)
		}
		c := zenc.EncodeAll(raw, nil)
		binary.LittleEndian.PutUint64(zbomb[32+16*i:], uint64(len(c)))
		binary.LittleEndian.PutUint64(zbomb[40+16*i:], uint64(size))
		zbomb = append(zbomb, c...)
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "too short"},
		{"bad magic", []byte("PK\x03\x04rest"), "not an SPZ file"},
		{"bad magic in gzip", gz([]byte("XXXXxxxxxxxxxxxxxxxx")), "bad SPZ magic"},
		{"version 1", gz(hdr(1, 0, 0, 0)), "version 1 not supported"},
		{"version 9", gz(hdr(9, 0, 0, 0)), "version 9 not supported"},
		{"SH degree 4", gz(hdr(3, 0, 4, 0)), "SH degree 4"},
		{"extensions", gz(hdr(3, 0, 0, spzFlagExtensions)), "extensions"},
		{"truncated gzip body", gz(append(hdr(3, 10, 0, 0), body(9)...)), "truncated"},
		{"header count too large", gz(append(hdr(3, 4000000000, 0, 0), body(2)...)), "truncated"},
		{"gzip bomb", bomb, "larger than the 20 bytes the header claims"},
		{"corrupt gzip", gz(hdr(3, 0, 0, 0))[:12], "SPZ"},
		{"v4 truncated", truncV4, "runs past the end"},
		{"v4 TOC size", badTOC, "holds 12345 bytes"},
		{"v4 zstd bomb", zbomb, "larger than"},
		{"v4 short header", good[:20], "truncated SPZ v4 header"},
	}
	for _, tc := range tests {
		_, err := ReadSPZ(bytes.NewReader(tc.data), "t.spz", int64(len(tc.data)))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "t.spz") {
			t.Errorf("%s: error %v, want one starting t.spz and containing %q", tc.name, err, tc.want)
		}
	}
}

// bytesOfSPZ is the SPZ encoding of s in memory.
func bytesOfSPZ(s *Scene, version int) ([]byte, error) {
	var b bytes.Buffer
	err := WriteSPZ(&b, s, version)
	return b.Bytes(), err
}

func TestQuatSmallestThree(t *testing.T) {
	s := randomScene(2000, 0, 77)
	for i := 0; i < s.N; i++ {
		q := s.Rotation(i)
		xyzw := [4]float32{q[1], q[2], q[3], q[0]}
		got := unpackQuatSmallestThree(packQuatSmallestThree(xyzw))
		if !quatClose(xyzw, got, 2e-5) {
			t.Fatalf("quaternion %v came back as %v", xyzw, got)
		}
	}
}

func TestSplat(t *testing.T) {
	s := randomScene(200, 2, 21)
	var b bytes.Buffer
	if err := WriteSplat(&b, s); err != nil {
		t.Fatal(err)
	}
	if b.Len() != 200*32 {
		t.Fatalf("%d bytes, want %d", b.Len(), 200*32)
	}
	got, err := ReadSplat(bytes.NewReader(b.Bytes()), "rt.splat", int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	// colours outside [0, 1] clamp in .splat: compare against the clamped originals
	for i := range s.SHDC {
		s.SHDC[i] = DCFromColor(float32(math.Max(0, math.Min(1, float64(ColorFromDC(s.SHDC[i]))))))
	}
	compareScenes(t, s, got, splatTol)
	if got.SHDegree != 0 {
		t.Errorf("degree %d after .splat", got.SHDegree)
	}

	fountain := mustLoad(t, "swiftgraphics_winter_fountain.splat")
	var fb bytes.Buffer
	if err := WriteSplat(&fb, fountain); err != nil {
		t.Fatal(err)
	}
	orig, _ := os.ReadFile(dataFile(t, "swiftgraphics_winter_fountain.splat"))
	// Positions, colours and alphas come back byte for byte; floored zero scales and the
	// quaternion bytes (renormalised) may move.
	diff := 0
	for i := 0; i < len(orig); i += 32 {
		if !bytes.Equal(orig[i:i+12], fb.Bytes()[i:i+12]) || !bytes.Equal(orig[i+24:i+28], fb.Bytes()[i+24:i+28]) {
			diff++
		}
	}
	if diff > 0 {
		t.Errorf("%d of %d fountain records changed position, colour or alpha", diff, len(orig)/32)
	}
}

func TestSplatErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"not a multiple", make([]byte, 33), "size 33 bytes is not a multiple"},
		{"NaN position", append(make([]byte, 32), nanRecord()...), "1 Gaussians dropped"},
		{"zero scales", make([]byte, 64), "6 scale values were zero"},
	}
	for _, tc := range tests {
		s, err := ReadSplat(bytes.NewReader(tc.data), "t.splat", int64(len(tc.data)))
		msg := ""
		if err != nil {
			msg = err.Error()
		} else {
			msg = strings.Join(s.Warnings, ";")
		}
		if !strings.Contains(msg, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, msg, tc.want)
		}
	}
}

// nanRecord is a .splat record whose x is NaN.
func nanRecord() []byte {
	r := make([]byte, 32)
	binary.LittleEndian.PutUint32(r, math.Float32bits(float32(math.NaN())))
	return r
}

func TestLoadSave(t *testing.T) {
	dir := t.TempDir()
	s := randomScene(64, 3, 5)
	s.Extra = []Property{{Name: "transform", Values: make([]float32, 64)}}
	for _, ext := range []string{".ply", ".splat", ".spz"} {
		p := filepath.Join(dir, "scene"+ext)
		if err := Save(p, s); err != nil {
			t.Fatal(err)
		}
		got, err := Load(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got.N != 64 || got.Source != p {
			t.Errorf("%s: N=%d source=%q", ext, got.N, got.Source)
		}
		if err := Save(p, got); err == nil || !strings.Contains(err.Error(), "refusing to overwrite the input") {
			t.Errorf("%s: saving over the input: %v", ext, err)
		}
		if st, _ := os.Stat(p); st.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v", ext, st.Mode())
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("temporary files left behind: %d entries", len(entries))
	}
	var got []string
	Load(filepath.Join(dir, "scene.ply"), func(done, total int64) { got = append(got, "x") })
	if len(got) == 0 {
		t.Errorf("progress never called")
	}
	for _, bad := range []string{filepath.Join(dir, "x.obj"), filepath.Join(dir, "missing.ply"), dir + "/"} {
		if _, err := Load(bad, nil); err == nil {
			t.Errorf("Load(%q) succeeded", bad)
		}
	}
	if err := Save(filepath.Join(dir, "no", "such", "dir.ply"), s); err == nil {
		t.Errorf("Save into a missing folder succeeded")
	}
	rb, err := LoadRenderBuffers(filepath.Join(dir, "scene.spz"), nil)
	if err != nil || rb.N != 64 {
		t.Errorf("LoadRenderBuffers(.spz): %v %v", rb, err)
	}
	info := Describe(mustLoadPath(t, filepath.Join(dir, "scene.ply")))
	if info.Count != 64 || info.SHDegree != 3 || info.FileFormat != "3DGS PLY" || len(info.Extra) != 1 ||
		!strings.Contains(info.Format(), "extra props: transform") {
		t.Errorf("Describe: %+v\n%s", info, info.Format())
	}
}

// mustLoadPath loads a file by path or fails.
func mustLoadPath(t *testing.T, p string) *Scene {
	s, err := Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
