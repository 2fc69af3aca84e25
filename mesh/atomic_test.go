package mesh

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sizedReader gives readers a sized input, as Load's ProgressReader does.
func sizedReader(b []byte) io.Reader { return bytes.NewReader(b) }

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	tests := []struct {
		name    string
		write   func(w io.Writer) error
		want    string
		wantErr error
	}{
		{"failing writer leaves the old file", func(w io.Writer) error { io.WriteString(w, "partial"); return boom }, "old", boom},
		{"success replaces it", func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }, "new", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := WriteFileAtomic(path, tc.write)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			got, _ := os.ReadFile(path)
			if string(got) != tc.want {
				t.Errorf("content = %q, want %q", got, tc.want)
			}
			ents, _ := os.ReadDir(dir)
			if len(ents) != 1 {
				t.Errorf("folder holds %d entries, want only out.txt (temp file left?)", len(ents))
			}
		})
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o644 {
		t.Errorf("mode = %v, want 0644", st.Mode().Perm())
	}
	// A replaced file keeps its permission bits; a new one is 0644 (CreateTemp alone gives 0600).
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(dir, "fresh.txt")
	for _, p := range []string{path, fresh} {
		if err := WriteFileAtomic(p, func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err }); err != nil {
			t.Fatal(err)
		}
	}
	for p, want := range map[string]os.FileMode{path: 0o600, fresh: 0o644} {
		if st, _ := os.Stat(p); st.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", filepath.Base(p), st.Mode().Perm(), want)
		}
	}
}

func TestWritersRefuseSource(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.stl")
	m := topoTetra()
	if err := WriteSTL(src, m, false); err != nil {
		t.Fatal(err)
	}
	m.Source = src
	before, _ := os.ReadFile(src)
	link := filepath.Join(dir, "link.stl")
	if err := os.Symlink(src, link); err != nil {
		t.Fatal(err)
	}
	writers := map[string]func(string) error{
		"stl": func(p string) error { return WriteSTL(p, m, true) },
		"ply": func(p string) error { return WritePLY(p, m, true) },
		"obj": func(p string) error { return WriteOBJ(p, m) },
	}
	for name, w := range writers {
		for _, target := range []string{src, link, filepath.Join(dir, ".", "src.stl")} {
			err := w(target)
			if err == nil || !strings.Contains(err.Error(), "refusing to overwrite") {
				t.Errorf("%s writer to %s: err = %v, want a refusal", name, target, err)
			}
		}
		if err := w(filepath.Join(dir, "other."+name)); err != nil {
			t.Errorf("%s writer to another file: %v", name, err)
		}
	}
	after, _ := os.ReadFile(src)
	if !bytes.Equal(before, after) {
		t.Error("source file changed")
	}
}
