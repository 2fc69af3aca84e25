package app

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestNativeDialogs runs the zenity path against a fake `zenity` program that answers the Open
// dialog with a mesh and the Save dialog with an STL path, as the real one prints them.
func TestNativeDialogs(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the fake dialog program is a shell script")
	}
	for _, prog := range []string{"zenity", "qarma", "matedialog"} {
		if _, err := exec.LookPath(prog); err == nil {
			t.Skip("a real " + prog + " is installed: it would open a window")
		}
	}
	dir := t.TempDir()
	mesh := filepath.Join(dir, "tri.off")
	out := filepath.Join(dir, "out.stl")
	os.WriteFile(mesh, []byte("OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n"), 0o644)
	script := "#!/bin/sh\ncase \"$*\" in *--save*) echo '" + out + "';; *) echo '" + mesh + "';; esac\n"
	bin := filepath.Join(dir, "bin")
	os.Mkdir(bin, 0o755)
	if err := os.WriteFile(filepath.Join(bin, "zenity"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("SPLATSCOPE_NO_NATIVE_DIALOG", "")

	deleted := 0
	a := newApp(Options{})
	if !a.dialogs.native {
		t.Fatal("fake zenity on PATH not detected")
	}
	a.newPass = func(s *Scene) error { s.Pass = fakePass{&deleted}; return nil }
	a.do(ActOpen)
	a.applyAll(t) // the dialog job, which starts the load job
	a.applyAll(t)
	if a.scene == nil || a.scene.Mesh.Source != mesh {
		t.Fatalf("Open dialog did not load %s: status %q", mesh, a.status)
	}
	a.do(ActExport)
	a.applyAll(t)
	a.applyAll(t)
	st, err := os.Stat(out)
	if err != nil || st.Size() != 84+50 { // binary STL: 80-byte header, count, one 50-byte triangle
		t.Fatalf("export: %v (status %q)", err, a.status)
	}
	if !strings.Contains(a.status, "out.stl") || a.statusErr {
		t.Errorf("status %q", a.status)
	}
}

// TestInAppExportForm: without native dialogs Export opens the form, ASCII is honoured, and
// the mesh's own file is never overwritten.
func TestInAppExportForm(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "tri.stl")
	a := newApp(Options{})
	a.dialogs.native = false
	deleted := 0
	a.newPass = func(s *Scene) error { s.Pass = fakePass{&deleted}; return nil }
	os.WriteFile(filepath.Join(dir, "tri.off"), []byte("OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n"), 0o644)
	a.openMesh(filepath.Join(dir, "tri.off"))
	a.applyAll(t)
	a.do(ActExport)
	if !a.export.open || a.export.path != "tri.stl" {
		t.Fatalf("form open %v, path %q", a.export.open, a.export.path)
	}
	a.export.ascii = true
	a.exportSTL(src)
	a.applyAll(t)
	b, err := os.ReadFile(src)
	if err != nil || !strings.HasPrefix(string(b), "solid") {
		t.Fatalf("ASCII export: %v %.20q", err, b)
	}
	// Exporting over the loaded file is refused and keeps it.
	a.scene.Mesh.Source = src
	a.exportSTL(src)
	a.applyAll(t)
	if !a.statusErr {
		t.Errorf("overwriting the source: no error (status %q)", a.status)
	}
	if b2, _ := os.ReadFile(src); string(b2) != string(b) {
		t.Errorf("source file changed")
	}
}
