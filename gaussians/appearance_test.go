package gaussians

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// appearanceDir holds the fixture tools/appearance_reference.py writes.
var appearanceDir = filepath.Join("testdata", "appearance")

// readNPY reads a little-endian float32 C-order .npy file (what the reference script saves).
func readNPY(t *testing.T, path string) (shape []int, data []float32) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 10 || string(b[1:6]) != "NUMPY" {
		t.Fatalf("%s: not an npy file", path)
	}
	hl, off := int(binary.LittleEndian.Uint16(b[8:])), 10
	if b[6] >= 2 {
		hl, off = int(binary.LittleEndian.Uint32(b[8:])), 12
	}
	hdr := string(b[off : off+hl])
	if !strings.Contains(hdr, "'<f4'") || strings.Contains(hdr, "'fortran_order': True") {
		t.Fatalf("%s: header %s, want little-endian float32 in C order", path, hdr)
	}
	dims := hdr[strings.Index(hdr, "(")+1 : strings.Index(hdr, ")")]
	n := 1
	for _, d := range strings.Split(dims, ",") {
		if d = strings.TrimSpace(d); d != "" {
			v, err := strconv.Atoi(d)
			if err != nil {
				t.Fatalf("%s: shape %q", path, dims)
			}
			shape = append(shape, v)
			n *= v
		}
	}
	raw := b[off+hl:]
	if len(raw) != 4*n {
		t.Fatalf("%s: %d data bytes for shape %v", path, len(raw), shape)
	}
	data = make([]float32, n)
	for i := range data {
		data[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
	}
	return shape, data
}

// TestRecolorMatchesTorch evaluates the fixture bundles of both models for photo 0, photo 2 and
// the blend 0→1 at t = 0.3 and compares them with the PyTorch reference within 1e-4.
func TestRecolorMatchesTorch(t *testing.T) {
	for _, model := range []string{"wildgs", "wildgaussians"} {
		b, err := LoadAppearanceBundle(filepath.Join(appearanceDir, model+".json"), nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Photos) != 3 || !strings.HasSuffix(b.Photos[0].Thumbnail, filepath.Join("appearance", "thumbs", "photo_0.jpg")) {
			t.Fatalf("%s: photos %+v", model, b.Photos)
		}
		for _, tc := range []struct {
			name string
			a, b int
			t    float32
		}{{"photo0", 0, 0, 0}, {"photo2", 2, 2, 0}, {"blend01_t0.3", 0, 1, 0.3}} {
			t.Run(model+"/"+tc.name, func(t *testing.T) {
				shape, want := readNPY(t, filepath.Join(appearanceDir, fmt.Sprintf("%s_%s.npy", model, tc.name)))
				got, err := Recolor(context.Background(), b, tc.a, tc.b, tc.t, nil)
				if err != nil {
					t.Fatal(err)
				}
				k3 := 3 * SHRestCoeffs(got.SHDegree)
				if len(shape) != 2 || shape[0] != got.N || shape[1] != 3+k3 {
					t.Fatalf("reference shape %v, Go scene N %d degree %d", shape, got.N, got.SHDegree)
				}
				worst := 0.0
				for i := 0; i < got.N; i++ {
					row := append(append([]float32{}, got.SHDC[3*i:3*i+3]...), got.SHRest[k3*i:k3*(i+1)]...)
					for j, v := range row {
						w := want[i*(3+k3)+j]
						d := math.Abs(float64(v - w))
						worst = max(worst, d)
						if !(d <= 1e-4*max(1, math.Abs(float64(w)))) {
							t.Fatalf("Gaussian %d coefficient %d: %v, torch %v", i, j, v, w)
						}
					}
				}
				t.Logf("largest difference %.2g", worst)
			})
		}
		// The base scene keeps its colours.
		if b.Scene.SHDegree != 1 || &b.Scene.SHDC[0] == nil {
			t.Fatal("base scene changed")
		}
	}
}

// TestRecolorIntoReuses checks RecolorInto writes into the earlier result, never into the base.
func TestRecolorIntoReuses(t *testing.T) {
	b, err := LoadAppearanceBundle(filepath.Join(appearanceDir, "wildgs.json"), nil)
	if err != nil {
		t.Fatal(err)
	}
	base := append([]float32(nil), b.Scene.SHDC...)
	first, err := Recolor(context.Background(), b, 0, 0, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	var calls int
	second, err := RecolorInto(context.Background(), b, first, 2, 2, 0, func(done, total int64) {
		calls++
		if done > total || total != int64(b.Scene.N) {
			t.Errorf("progress %d/%d", done, total)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if &second.SHDC[0] != &first.SHDC[0] || calls == 0 {
		t.Errorf("RecolorInto did not reuse the arrays (or reported no progress: %d calls)", calls)
	}
	for i, v := range b.Scene.SHDC {
		if v != base[i] {
			t.Fatalf("base SHDC[%d] changed", i)
		}
	}
	if _, err := RecolorInto(context.Background(), b, b.Scene, 0, 0, 0, nil); err != nil {
		t.Fatal(err)
	}
	if b.Scene.SHDC[0] != base[0] {
		t.Fatal("RecolorInto wrote into the base scene")
	}
}

// TestRecolorArguments covers bad photo indices, blend weights and cancellation.
func TestRecolorArguments(t *testing.T) {
	b, err := LoadAppearanceBundle(filepath.Join(appearanceDir, "wildgaussians.json"), nil)
	if err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name   string
		ctx    context.Context
		a, b   int
		t      float32
		errSub string
	}{
		{"photo A", context.Background(), 3, 0, 0, "photo 3 out of range (3 photos)"},
		{"photo B", context.Background(), 0, -1, 0, "photo -1 out of range"},
		{"t", context.Background(), 0, 1, 1.5, "blend weight 1.5"},
		{"NaN t", context.Background(), 0, 1, float32(math.NaN()), "blend weight NaN"},
		{"cancelled", cancelled, 0, 1, 0.5, "context canceled"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Recolor(tc.ctx, b, tc.a, tc.b, tc.t, nil)
			if err == nil || s != nil || !strings.Contains(err.Error(), tc.errSub) {
				t.Fatalf("got %v, %v, want error %q", s, err, tc.errSub)
			}
		})
	}
}
