package csp

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/splatscope/splatscope/mesh"
)

// loadTeapotForTrace bakes the Utah teapot at 64³ (nil when the shared data or OBJ reader is absent).
func loadTeapotForTrace(t testing.TB) *Grid { return loadTeapotForTraceN(t, 64) }

// loadTeapotForTraceN bakes the Utah teapot at n³.
func loadTeapotForTraceN(t testing.TB, n int) *Grid {
	m, err := mesh.Load(filepath.Join(dataDir, "meshes", "utah_teapot.obj"), nil)
	if err != nil {
		t.Logf("teapot: %v", err)
		return nil
	}
	g, err := BakeMesh(context.Background(), m, n, nil)
	if err != nil {
		t.Fatal(err)
	}
	return g
}
