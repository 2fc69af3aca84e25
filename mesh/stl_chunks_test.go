package mesh

import (
	"path/filepath"
	"testing"
)

// TestWriteSTLChunksInOrder writes a mesh spanning several encoding chunks and rounds and checks
// every triangle reads back in its place (the chunks are encoded in parallel).
func TestWriteSTLChunksInOrder(t *testing.T) {
	m := benchGridMesh(5*stlChunk + 123) // more than two rounds of two workers, with a ragged end
	path := filepath.Join(t.TempDir(), "chunks.stl")
	if err := WriteSTL(path, m, false); err != nil {
		t.Fatal(err)
	}
	back, err := Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Triangles) != len(m.Triangles) {
		t.Fatalf("read %d triangles, wrote %d", len(back.Triangles), len(m.Triangles))
	}
	for i, tri := range m.Triangles {
		for c := 0; c < 3; c++ {
			if got, want := back.Positions[back.Triangles[i][c]], m.Positions[tri[c]]; got != want {
				t.Fatalf("triangle %d corner %d: %v, want %v", i, c, got, want)
			}
		}
	}
}
