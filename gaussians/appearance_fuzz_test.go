package gaussians

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/splatscope/splatscope/safetensors"
)

// FuzzReadAppearanceFile feeds arbitrary and mutated bundle JSONs to the reader.
func FuzzReadAppearanceFile(f *testing.F) {
	for _, m := range []string{"wildgs", "wildgaussians"} {
		b, err := os.ReadFile(filepath.Join(appearanceDir, m+".json"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"format": "splatscope-appearance", "version": 1, "weights": "w", "photos": [{"name": "a"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		af, err := ReadAppearanceFile(bytes.NewReader(data), "f.json")
		if err != nil {
			return
		}
		for _, p := range af.Photos {
			if p.Width <= 0 || p.Height <= 0 || !(p.Camera.Fx > 0) {
				t.Fatalf("accepted photo %+v", p)
			}
		}
	})
}

// FuzzAppearanceBundle feeds corrupt weights files (mutated from both fixtures) to the bundle
// loader against the fixture scenes; whatever it accepts must recolour without panicking.
func FuzzAppearanceBundle(f *testing.F) {
	for i, m := range []string{"wildgs", "wildgaussians"} {
		b, err := os.ReadFile(filepath.Join(appearanceDir, m+".safetensors"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), b)
		f.Add(uint8(i), b[:len(b)/2])
	}
	var scenes [2]*Scene
	var photos [2][]Photo
	for i, m := range []string{"wildgs", "wildgaussians"} {
		scenes[i], _, _, photos[i] = fixtureParts(f, m)
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		ts, meta, err := safetensors.ReadBytes(data)
		if err != nil {
			return
		}
		i := int(which % 2)
		b, err := NewAppearanceBundle(scenes[i], ts, meta, photos[i])
		if err != nil {
			return
		}
		s, err := Recolor(context.Background(), b, 0, len(photos[i])-1, 0.5, nil)
		if err != nil {
			t.Fatalf("accepted bundle failed to recolour: %v", err)
		}
		if err := s.Check(); err != nil {
			t.Fatal(err)
		}
	})
}
