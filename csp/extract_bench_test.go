package csp

import (
	"context"
	"math"
	"os"
	"testing"
	"time"
)

// benchGrid loads the baked grid named by EXTRACT_GRID (bench/extract_vs_vtk.sh sets it).
func benchGrid(b *testing.B) *Grid {
	path := os.Getenv("EXTRACT_GRID")
	if path == "" {
		b.Skip("EXTRACT_GRID not set (a baked .npy; see bench/extract_vs_vtk.sh)")
	}
	g, _, err := LoadGrid(path)
	if err != nil {
		b.Fatal(err)
	}
	return g
}

// BenchmarkExtractGridShell meshes a baked grid's offset surface at one voxel, from the
// closest points (u computed per node, marching, projection onto the offset surface).
func BenchmarkExtractGridShell(b *testing.B) { benchExtractGrid(b, ExtractShell) }

// BenchmarkExtractGridOpen meshes a baked grid's surface as one sheet.
func BenchmarkExtractGridOpen(b *testing.B) { benchExtractGrid(b, ExtractOpen) }

// benchExtractGrid also reports the best single run ("best-ns"), as the Python side of
// bench/extract_vs_vtk.sh reports the best of its runs: on a shared machine the mean mixes in
// other processes' load.
func benchExtractGrid(b *testing.B, mode ExtractMode) {
	g := benchGrid(b)
	best := time.Duration(math.MaxInt64)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		m, _, err := Extract(context.Background(), g, ExtractOptions{Mode: mode})
		if err != nil {
			b.Fatal(err)
		}
		best = min(best, time.Since(t0))
		b.ReportMetric(float64(len(m.Triangles)), "triangles")
	}
	b.ReportMetric(float64(best.Nanoseconds()), "best-ns")
}

// BenchmarkExtractBunnyField meshes the bunny's exact field at 128³ through the octree.
func BenchmarkExtractBunnyField(b *testing.B) {
	f, err := NewMeshField(loadBunny(b))
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		dense bool
	}{{"octree", false}, {"dense", true}} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, _, err := Extract(context.Background(), f, ExtractOptions{Mode: ExtractShell, Res: 128, Dense: c.dense}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
