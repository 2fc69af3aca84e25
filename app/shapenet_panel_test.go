package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeShapeNetV2 makes a two-category ShapeNetCore v2 tree: car has models a, b (usable) and
// c (no models/ folder: unusable); chair has one model.
func writeShapeNetV2(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	write := func(p, s string) {
		p = filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("taxonomy.json", `[{"synsetId":"02958343","name":"car,auto","children":[],"numInstances":3},
		{"synsetId":"03001627","name":"chair","children":[],"numInstances":1}]`)
	// A triangle whose box is not centred, as v2 files are.
	obj := "v 0 0 0\nv 2 0 0\nv 0 1 0\nf 1 2 3\n"
	info := `{"id":"x","min":[-1,-1,-1],"max":[1,1,1],"centroid":[0.1,0.2,0.3],"numVertices":3}`
	for _, m := range []string{"02958343/a", "02958343/b", "03001627/k"} {
		write(m+"/models/model_normalized.obj", obj)
		write(m+"/models/model_normalized.json", info)
	}
	write("02958343/c/images/texture0.jpg", "not a model")
	return root
}

func TestShapeNetBrowse(t *testing.T) {
	root := writeShapeNetV2(t)
	deleted := 0
	a := newApp(Options{})
	a.newPass = func(s *Scene) error { s.Pass = fakePass{&deleted}; return nil }
	a.openShapeNet(root)
	a.applyAll(t)
	p := &a.shapenet
	if p.index == nil || len(p.index.Categories) != 2 || p.cat != "02958343" {
		t.Fatalf("index not opened: %+v, status %q", p.index, a.status)
	}
	if !strings.Contains(a.status, "v2") || !strings.Contains(a.status, "1 unusable") {
		t.Errorf("status %q should give the version and the unusable count", a.status)
	}
	for _, step := range []struct {
		act  Action
		want string
	}{
		{ActNextModel, "a"}, {ActNextModel, "b"}, {ActNextModel, "a"}, // c is skipped, the list wraps
		{ActPrevModel, "b"},
	} {
		a.do(step.act)
		a.applyAll(t)
		if p.model != step.want || a.scene == nil || a.scene.Name != "02958343/"+step.want {
			t.Fatalf("after action %d: model %q (scene %v), want %q; status %q", step.act, p.model, a.scene, step.want, a.status)
		}
	}
	if p.info == nil || p.info.Centroid[1] != 0.2 {
		t.Errorf("v2 model info not read: %+v (%s)", p.info, p.infoErr)
	}
	// Centre and fit (on by default): box centred at the origin, diagonal 1.
	lo, hi, _ := a.scene.Mesh.Bounds()
	if c := lo.Add(hi).Mul(0.5); c.Len() > 1e-6 {
		t.Errorf("centre %v, want origin", c)
	}
	if d := hi.Sub(lo).Len(); d < 0.999 || d > 1.001 {
		t.Errorf("diagonal %v, want 1", d)
	}
	if p.fit == nil {
		t.Errorf("fit not recorded")
	}
	// Off: the file's own coordinates.
	p.centreFit = false
	a.do(ActNextModel)
	a.applyAll(t)
	if _, hi, _ := a.scene.Mesh.Bounds(); hi[0] != 2 || p.fit != nil {
		t.Errorf("centre-and-fit off: max %v, fit %v", hi, p.fit)
	}
}

func TestShapeNetStepWithoutIndex(t *testing.T) {
	a := newApp(Options{})
	a.do(ActNextModel)
	if !a.statusErr || !strings.Contains(a.status, "ShapeNet") {
		t.Errorf("status %q, want an error about no ShapeNet folder", a.status)
	}
}
