package gaussians

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/splatscope/splatscope/safetensors"
)

// fixtureParts loads a fixture bundle's scene, tensors, metadata and photos separately.
func fixtureParts(t testing.TB, model string) (*Scene, map[string]safetensors.Tensor, map[string]string, []Photo) {
	t.Helper()
	s, err := Load(filepath.Join(appearanceDir, model+".ply"), nil)
	if err != nil {
		t.Fatal(err)
	}
	ts, meta, err := safetensors.Read(filepath.Join(appearanceDir, model+".safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := readAppearanceFilePath(filepath.Join(appearanceDir, model+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return s, ts, meta, f.Photos
}

// TestNewAppearanceBundleErrors breaks one piece at a time and checks the error names it and
// the scene is left as it was.
func TestNewAppearanceBundleErrors(t *testing.T) {
	for _, tc := range []struct {
		name, model string
		edit        func(s *Scene, ts map[string]safetensors.Tensor, meta map[string]string, photos *[]Photo)
		errSub      string
	}{
		{"missing global", "wildgs", func(_ *Scene, ts map[string]safetensors.Tensor, _ map[string]string, _ *[]Photo) {
			delete(ts, "global_embeddings")
		}, `tensor "global_embeddings" missing`},
		{"triplane shape", "wildgs", func(_ *Scene, ts map[string]safetensors.Tensor, _ map[string]string, _ *[]Photo) {
			tp := ts["triplanes"]
			tp.Shape = []int{3, 3, 8, 36}
			ts["triplanes"] = tp
		}, `tensor "triplanes": shape [3 3 8 36], want [3 3 * * *]`},
		{"non-square planes", "wildgs", func(_ *Scene, ts map[string]safetensors.Tensor, _ map[string]string, _ *[]Photo) {
			tp := ts["triplanes"]
			tp.Shape = []int{3, 3, 8, 3, 12}
			ts["triplanes"] = tp
		}, "square planes"},
		{"NaN weight", "wildgs", func(_ *Scene, ts map[string]safetensors.Tensor, _ map[string]string, _ *[]Photo) {
			ts["mlp.2.weight"].Data[5] = float32(math.NaN())
		}, `tensor "mlp.2.weight": value 5 is NaN`},
		{"dtype", "wildgs", func(_ *Scene, ts map[string]safetensors.Tensor, _ map[string]string, _ *[]Photo) {
			w := ts["local_mlp.0.weight"]
			w.Dtype = "F16"
			ts["local_mlp.0.weight"] = w
		}, `tensor "local_mlp.0.weight": dtype F16, want F32`},
		{"missing bias", "wildgs", func(_ *Scene, ts map[string]safetensors.Tensor, _ map[string]string, _ *[]Photo) {
			delete(ts, "local_mlp.2.bias")
		}, `tensor "local_mlp.2.bias" missing`},
		{"layer chain", "wildgs", func(_ *Scene, ts map[string]safetensors.Tensor, _ map[string]string, _ *[]Photo) {
			ts["mlp.2.weight"] = safetensors.Tensor{Shape: []int{32, 20}, Dtype: "F32", Data: make([]float32, 640)}
		}, `tensor "mlp.2.weight": shape [32 20] takes 20 inputs, the previous layer gives 32`},
		{"stray name", "wildgs", func(_ *Scene, ts map[string]safetensors.Tensor, _ map[string]string, _ *[]Photo) {
			ts["mlp.x.weight"] = ts["mlp.0.weight"]
		}, `tensor "mlp.x.weight": not mlp.<layer>.weight`},
		{"model", "wildgs", func(_ *Scene, _ map[string]safetensors.Tensor, meta map[string]string, _ *[]Photo) {
			delete(meta, "model")
		}, `metadata model ""`},
		{"sh degree", "wildgs", func(_ *Scene, _ map[string]safetensors.Tensor, meta map[string]string, _ *[]Photo) {
			meta["sh_degree"] = "2"
		}, "last layer gives 12 outputs, SH degree 2 needs 27"},
		{"activation", "wildgs", func(_ *Scene, _ map[string]safetensors.Tensor, meta map[string]string, _ *[]Photo) {
			meta["activation"] = "gelu"
		}, `metadata activation "gelu"`},
		{"box", "wildgs", func(_ *Scene, ts map[string]safetensors.Tensor, _ map[string]string, _ *[]Photo) {
			ts["triplane_box_max"].Data[1] = -0.8
		}, "not above triplane_box_min"},
		{"photo count", "wildgs", func(_ *Scene, _ map[string]safetensors.Tensor, _ map[string]string, p *[]Photo) {
			*p = (*p)[:2]
		}, `tensor "global_embeddings": shape [3 16], want [2 *]`},
		{"no f_in", "wildgs", func(s *Scene, _ map[string]safetensors.Tensor, _ map[string]string, _ *[]Photo) {
			s.Extra = nil
		}, "the scene has 0 f_in_* properties"},
		{"NaN f_in", "wildgs", func(s *Scene, _ map[string]safetensors.Tensor, _ map[string]string, _ *[]Photo) {
			s.Prop("f_in_3")[17] = float32(math.Inf(1))
		}, "property f_in_3 of Gaussian 17 is +Inf"},
		{"default local", "wildgs", func(_ *Scene, ts map[string]safetensors.Tensor, _ map[string]string, _ *[]Photo) {
			d := ts["default_local"]
			d.Shape, d.Data = []int{8}, d.Data[:8]
			ts["default_local"] = d
		}, `tensor "default_local": shape [8], want [16]`},
		{"no Gaussian embeddings", "wildgaussians", func(s *Scene, _ map[string]safetensors.Tensor, _ map[string]string, _ *[]Photo) {
			s.Extra = nil
		}, `tensor "embeddings" missing`},
		{"embeddings shape", "wildgaussians", func(_ *Scene, ts map[string]safetensors.Tensor, _ map[string]string, _ *[]Photo) {
			ts["embeddings"] = safetensors.Tensor{Shape: []int{199, 24}, Dtype: "F32", Data: make([]float32, 199*24)}
		}, `tensor "embeddings": shape [199 24], want [200 *]`},
		{"mlp inputs", "wildgaussians", func(s *Scene, _ map[string]safetensors.Tensor, _ map[string]string, _ *[]Photo) {
			s.Extra = s.Extra[:20]
		}, "want 55 = 3 colour + 20 Gaussian embedding + 32 photo embedding"},
		{"photo embeddings", "wildgaussians", func(_ *Scene, ts map[string]safetensors.Tensor, _ map[string]string, _ *[]Photo) {
			ts["appearance_embeddings"].Data[40] = float32(math.NaN())
		}, `tensor "appearance_embeddings": value 40 is NaN`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, ts, meta, photos := fixtureParts(t, tc.model)
			tc.edit(s, ts, meta, &photos)
			dc := append([]float32(nil), s.SHDC...)
			b, err := NewAppearanceBundle(s, ts, meta, photos)
			if err == nil || b != nil || !strings.Contains(err.Error(), tc.errSub) {
				t.Fatalf("got %v, error %v, want %q", b, err, tc.errSub)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
			for i := range dc {
				if s.SHDC[i] != dc[i] {
					t.Fatal("scene colours changed")
				}
			}
		})
	}
}

// TestWildGaussiansEmbeddingTensor checks the [N, 24] tensor form gives what the PLY extras give.
func TestWildGaussiansEmbeddingTensor(t *testing.T) {
	s, ts, meta, photos := fixtureParts(t, "wildgaussians")
	want, err := NewAppearanceBundle(s, ts, meta, photos)
	if err != nil {
		t.Fatal(err)
	}
	e := make([]float32, s.N*24)
	cols, err := extraColumns(s, "app_emb_")
	if err != nil || cols.width != 24 {
		t.Fatalf("%v, width %d", err, cols.width)
	}
	cols.gather(0, s.N, e, 24, 0)
	s2 := *s
	s2.Extra = nil
	ts["embeddings"] = safetensors.Tensor{Shape: []int{s.N, 24}, Dtype: "F32", Data: e}
	got, err := NewAppearanceBundle(&s2, ts, meta, photos)
	if err != nil {
		t.Fatal(err)
	}
	a, err := Recolor(context.Background(), want, 1, 2, 0.5, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Recolor(context.Background(), got, 1, 2, 0.5, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.SHDC {
		if a.SHDC[i] != b.SHDC[i] {
			t.Fatalf("SHDC[%d]: extras %v, tensor %v", i, a.SHDC[i], b.SHDC[i])
		}
	}
}

// TestReadAppearanceFile covers the JSON's checks; errors name the file (and line for syntax).
func TestReadAppearanceFile(t *testing.T) {
	good, err := os.ReadFile(filepath.Join(appearanceDir, "wildgs.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, json, errSub string
	}{
		{"fixture", string(good), ""},
		{"syntax", "{\n\"format\": \"splatscope-appearance\",\n\"version\": 1,,\n}", "a.json:3: invalid character"},
		{"type", "{\n\"version\": \"1\"}", "a.json:2: json: cannot unmarshal"},
		{"format", `{"format": "x", "version": 1}`, `a.json: format "x"`},
		{"version", `{"format": "splatscope-appearance", "version": 2}`, "version 2"},
		{"weights", `{"format": "splatscope-appearance", "version": 1, "photos": [{}]}`, `no "weights"`},
		{"no photos", `{"format": "splatscope-appearance", "version": 1, "weights": "w", "photos": []}`, "0 photos"},
		{"photo size", `{"format": "splatscope-appearance", "version": 1, "weights": "w", "photos": [{"name": "a", "width": 0, "height": 3, "camera": {"fx": 1, "fy": 1, "rotation": [[1,0,0],[0,1,0],[0,0,1]]}}]}`, `photo 0 ("a"): image size 0×3`},
		{"focal", `{"format": "splatscope-appearance", "version": 1, "weights": "w", "photos": [{"name": "a", "width": 2, "height": 3, "camera": {"fx": -1, "fy": 1, "rotation": [[1,0,0],[0,1,0],[0,0,1]]}}]}`, "focal lengths"},
		{"rotation", `{"format": "splatscope-appearance", "version": 1, "weights": "w", "photos": [{"name": "a", "width": 2, "height": 3, "camera": {"fx": 1, "fy": 1, "rotation": [[2,0,0],[0,1,0],[0,0,1]]}}]}`, "not a rotation matrix"},
		{"name", `{"format": "splatscope-appearance", "version": 1, "weights": "w", "photos": [{"width": 2, "height": 3, "camera": {"fx": 1, "fy": 1, "rotation": [[1,0,0],[0,1,0],[0,0,1]]}}]}`, "no name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := ReadAppearanceFile(bytes.NewReader([]byte(tc.json)), "a.json")
			if tc.errSub == "" {
				if err != nil || len(f.Photos) != 3 || f.Photos[1].Camera.Fx != 500 {
					t.Fatalf("%+v, %v", f, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.errSub) {
				t.Fatalf("error %v, want %q", err, tc.errSub)
			}
		})
	}
}

// TestLoadAppearanceFiles covers the file-level paths: a missing weights file, corrupt weights
// and LoadAppearance on a scene already loaded.
func TestLoadAppearanceFiles(t *testing.T) {
	dir := t.TempDir()
	js, err := os.ReadFile(filepath.Join(appearanceDir, "wildgs.json"))
	if err != nil {
		t.Fatal(err)
	}
	jp := filepath.Join(dir, "b.json")
	if err := os.WriteFile(jp, js, 0o644); err != nil {
		t.Fatal(err)
	}
	s, _, _, _ := fixtureParts(t, "wildgs")
	if _, err := LoadAppearance(s, jp); err == nil || !strings.Contains(err.Error(), "wildgs.safetensors") {
		t.Fatalf("missing weights: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "wildgs.safetensors"), []byte("garbage!!"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadAppearance(s, jp); err == nil || !strings.Contains(err.Error(), "wildgs.safetensors: safetensors header") {
		t.Fatalf("corrupt weights: %v", err)
	}
	b, err := LoadAppearance(s, filepath.Join(appearanceDir, "wildgs.json"))
	if err != nil || b.Scene != s || b.Model != ModelWildGS || !strings.Contains(b.String(), "3 photos") {
		t.Fatalf("%v, %v", b, err)
	}
}
