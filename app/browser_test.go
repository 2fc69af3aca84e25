package app

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestBrowserListing(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"b.obj", "A.STL", "notes.txt", ".hidden.obj", "c.ply", "d.off", "e.mtl"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []string{"zeta", "Alpha", ".git"} {
		os.Mkdir(filepath.Join(dir, d), 0o755)
	}
	os.Symlink(filepath.Join(dir, "zeta"), filepath.Join(dir, "link"))

	names := func(es []Entry) (out []string) {
		for _, e := range es {
			n := e.Name
			if e.Dir {
				n += "/"
			}
			out = append(out, n)
		}
		return out
	}
	for _, tc := range []struct {
		all  bool
		want []string
	}{
		{false, []string{"Alpha/", "link/", "zeta/", "A.STL", "b.obj", "c.ply", "d.off"}},
		{true, []string{"Alpha/", "link/", "zeta/", "A.STL", "b.obj", "c.ply", "d.off", "e.mtl", "notes.txt"}},
	} {
		es, err := listDir(dir, tc.all)
		if err != nil {
			t.Fatal(err)
		}
		if got := names(es); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("all=%v: got %v, want %v", tc.all, got, tc.want)
		}
	}

	b := NewBrowser(dir)
	b.Enter("Alpha")
	if b.Dir != filepath.Join(dir, "Alpha") || len(b.Entries) != 0 || b.Err != nil {
		t.Errorf("enter: dir %q entries %v err %v", b.Dir, b.Entries, b.Err)
	}
	b.Up()
	if b.Dir != dir || len(b.Entries) != 7 {
		t.Errorf("up: dir %q, %d entries", b.Dir, len(b.Entries))
	}
	b.Enter("missing")
	if b.Err == nil {
		t.Errorf("listing a missing folder gave no error")
	}
}

func TestHumanSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 999: "999 B", 1000: "1.0 kB", 3_400_000: "3.4 MB"} {
		if got := humanSize(n); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
}
