package gaussians

import (
	"path/filepath"
	"slices"
	"testing"
)

// TestDecodeRenderSHMatchesScene checks the PLY fast path's SH layout (channel-major in the
// file, coefficient-major in memory) against the scene path, for every degree.
func TestDecodeRenderSHMatchesScene(t *testing.T) {
	for deg := 0; deg <= 3; deg++ {
		s := randomScene(257, deg, uint64(7+deg))
		s.Extra = nil
		path := filepath.Join(t.TempDir(), "sh.ply")
		if err := Save(path, s); err != nil {
			t.Fatal(err)
		}
		fast, err := DecodeRenderBuffersFile(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Load(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := RenderBuffersFromScene(back)
		if fast.N != want.N || !slices.Equal(fast.SHRest, want.SHRest) || !slices.Equal(fast.Colors, want.Colors) {
			t.Fatalf("degree %d: the fast decode's SH or colours differ from the scene path", deg)
		}
	}
}
