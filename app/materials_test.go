package app

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/materials"
)

// fakeColorPass is a fake splat pass whose colours can be set and read back, as SplatPass's.
type fakeColorPass struct {
	fakeSplatPass
	rgb  []float32
	sets int
}

func (p *fakeColorPass) SetColors(rgb []float32) error {
	p.rgb = append(p.rgb[:0], rgb...)
	p.sets++
	return nil
}
func (p *fakeColorPass) Colors() ([]float32, error) { return append([]float32(nil), p.rgb...), nil }

// labelledApp is testApp whose fake passes keep colours (starting all 0.25 grey).
func labelledApp(t *testing.T) *App {
	a := testApp(t)
	a.splat.upload = func(v *SplatView) error {
		p := &fakeColorPass{rgb: make([]float32, 3*v.N)}
		for i := range p.rgb {
			p.rgb[i] = 0.25
		}
		v.Pass = p
		return nil
	}
	return a
}

// writeLabelledScene writes a PLY of n Gaussians on a line along x: the left half wood (id 0),
// the right half metal (id 1), with a confidence property; ids overrides the stored ids.
func writeLabelledScene(t *testing.T, dir string, n int, ids []float32) string {
	t.Helper()
	s := gaussians.NewScene(n, 0)
	conf := make([]float32, n)
	if ids == nil {
		ids = make([]float32, n)
		for i := n / 2; i < n; i++ {
			ids[i] = 1
		}
	}
	for i := 0; i < n; i++ {
		s.Positions[3*i] = float32(i)/float32(n) - 0.5
		s.Positions[3*i+2] = 3
		for k := 0; k < 3; k++ {
			s.Scales[3*i+k] = float32(math.Log(0.01))
		}
		s.Rotations[4*i] = 1
		s.Opacities[i] = 4 // sigmoid ≈ 0.98
		conf[i] = 0.9
	}
	s.Extra = []gaussians.Property{{Name: materials.IDProperty, Values: ids}, {Name: materials.ConfidenceProperty, Values: conf}}
	p := filepath.Join(dir, "labelled.ply")
	if err := gaussians.Save(p, s); err != nil {
		t.Fatal(err)
	}
	return p
}

func openLabelled(t *testing.T, a *App, path string) {
	t.Helper()
	a.openPaths([]string{path})
	settle(t, a)
	if a.splat.view == nil {
		t.Fatalf("scene not open: %q", a.status)
	}
}

// TestLabelsOpenWithScene: a PLY with material_id opens with its labels, coloured by material,
// the legend counts right, and the colours uploaded are the table's.
func TestLabelsOpenWithScene(t *testing.T) {
	a := labelledApp(t)
	openLabelled(t, a, writeLabelledScene(t, t.TempDir(), 300, nil))
	if !a.hasLabels() {
		t.Fatalf("no labels: %q / %q", a.mat.msg, a.status)
	}
	if a.mat.counts[0] != 150 || a.mat.counts[1] != 150 {
		t.Fatalf("counts %v, want 150 wood and 150 metal", a.mat.counts[:3])
	}
	if a.mat.color.mode != colorMaterial {
		t.Errorf("colour mode %d, want material", a.mat.color.mode)
	}
	a.tickMaterials()
	p := a.splat.view.Pass.(*fakeColorPass)
	wood := a.mat.table.Materials[0].RGB()
	metal := a.mat.table.Materials[1].RGB()
	if got := p.rgb[0:3]; !near8(got, wood) {
		t.Errorf("Gaussian 0 colour %v, want wood %v", got, wood)
	}
	if got := p.rgb[3*299 : 3*300]; !near8(got, metal) {
		t.Errorf("Gaussian 299 colour %v, want metal %v", got, metal)
	}
	if a.splatSHDegree() != 0 {
		t.Errorf("colour codes drawn with SH degree %d, want 0", a.splatSHDegree())
	}
	// Back to the original colours: the read-back copy is restored.
	a.setColorMode(colorOriginal)
	a.tickMaterials()
	if p.rgb[0] != 0.25 || a.codesShown() {
		t.Errorf("original colours not restored: %v", p.rgb[0:3])
	}
	// Confidence on the heat ramp: all 0.9, so a flat range.
	a.setColorMode(colorConfidence)
	a.tickMaterials()
	if a.mat.color.lo != a.mat.color.hi || math.Abs(a.mat.color.lo-0.9) > 1e-6 {
		t.Errorf("confidence range %g..%g, want 0.9", a.mat.color.lo, a.mat.color.hi)
	}
}

func near8(c []float32, want [3]uint8) bool {
	for k := 0; k < 3; k++ {
		if math.Abs(float64(c[k])-float64(want[k])/255) > 1e-6 {
			return false
		}
	}
	return true
}

// TestLabelLoadErrors: bad label files keep the scene, and the one-line message names the
// file and the counts.
func TestLabelLoadErrors(t *testing.T) {
	dir := t.TempDir()
	a := labelledApp(t)
	// Ids 99 have no table entry: labelled "unknown", with a warning counting them.
	ids := make([]float32, 200)
	for i := 0; i < 7; i++ {
		ids[i] = 99
	}
	openLabelled(t, a, writeLabelledScene(t, dir, 200, ids))
	if !a.hasLabels() || !strings.Contains(a.status, "7 Gaussians have material ids with no table entry") {
		t.Fatalf("unknown ids: labels %v, status %q", a.hasLabels(), a.status)
	}
	if unk := a.mat.table.Index(materials.UnknownName); a.mat.counts[unk] != 7 {
		t.Errorf("%d unknown, want 7", a.mat.counts[unk])
	}
	// An ids array of the wrong length: the scene stays, the labels are not replaced.
	short := filepath.Join(dir, "short.npy")
	f, err := os.Create(short)
	if err != nil {
		t.Fatal(err)
	}
	if err := materials.WriteNPYInt32(f, make([]int32, 150)); err != nil {
		t.Fatal(err)
	}
	f.Close()
	v := a.splat.view
	a.loadNPYLabels(materials.NPYFilesFor(short), "")
	settle(t, a)
	if a.splat.view != v || !a.mat.msgErr || !a.statusErr {
		t.Fatalf("short array: view kept %v, msg %q", a.splat.view == v, a.mat.msg)
	}
	if !strings.Contains(a.mat.msg, "short.npy: 150 values, but the scene has 200 Gaussians") || strings.Contains(a.mat.msg, "\n") {
		t.Errorf("message %q does not name the file and counts in one line", a.mat.msg)
	}
	// A missing file: same.
	a.loadNPYLabels(materials.NPYFilesFor(filepath.Join(dir, "nope.npy")), "")
	settle(t, a)
	if a.splat.view != v || !strings.Contains(a.mat.msg, "nope.npy") {
		t.Errorf("missing file: message %q", a.mat.msg)
	}
}

// TestEditUndoRedo assigns a material to a selection and walks the history back and forth;
// hiding and isolating materials goes through the sorter's filter.
func TestEditUndoRedo(t *testing.T) {
	a := labelledApp(t)
	openLabelled(t, a, writeLabelledScene(t, t.TempDir(), 100, nil))
	glass := a.mat.table.Index("glass")
	// Box: the 20 leftmost Gaussians (x from -0.5 to -0.31).
	a.mat.sel.min, a.mat.sel.max = [3]float32{-1, -1, -1}, [3]float32{-0.305, 1, 5}
	a.selectBox()
	if a.mat.sel.count != 20 {
		t.Fatalf("box selected %d, want 20", a.mat.sel.count)
	}
	a.assign(glass)
	if a.mat.counts[glass] != 20 || a.mat.counts[0] != 30 {
		t.Fatalf("after assign: glass %d wood %d", a.mat.counts[glass], a.mat.counts[0])
	}
	// Add all metal by material (add mode), assign wood.
	a.mat.sel.replace = false
	a.selectMaterial(1)
	if a.mat.sel.count != 70 {
		t.Fatalf("selection %d, want 20 + 50", a.mat.sel.count)
	}
	a.assign(0)
	if a.mat.counts[0] != 100 {
		t.Fatalf("all wood expected, counts %v", a.mat.counts[:3])
	}
	a.do(ActUndo)
	if a.mat.counts[0] != 30 || a.mat.counts[1] != 50 || a.mat.counts[glass] != 20 {
		t.Fatalf("undo 1: counts wood %d metal %d glass %d", a.mat.counts[0], a.mat.counts[1], a.mat.counts[glass])
	}
	a.do(ActUndo)
	if a.mat.counts[0] != 50 || a.mat.counts[glass] != 0 {
		t.Fatalf("undo 2: wood %d glass %d", a.mat.counts[0], a.mat.counts[glass])
	}
	a.do(ActRedo)
	if a.mat.counts[glass] != 20 || a.mat.labels.IDs[0] != int32(glass) || a.mat.labels.IDs[99] != 1 {
		t.Fatalf("redo: glass %d ids %d %d", a.mat.counts[glass], a.mat.labels.IDs[0], a.mat.labels.IDs[99])
	}
	// Hide metal: the filter mask hides exactly the 50 metal Gaussians.
	a.setHidden(1, true)
	a.tickMaterials()
	_, kept := gaussians.FilterMask(a.splat.view.Buffers, a.splat.filter, nil)
	if a.splat.filter.Mask == nil || kept != 50 {
		t.Fatalf("hide metal: mask %v, kept %d want 50", a.splat.filter.Mask != nil, kept)
	}
	// Isolate glass, then isolating it again shows all.
	a.isolate(glass)
	a.tickMaterials()
	if _, kept = gaussians.FilterMask(a.splat.view.Buffers, a.splat.filter, nil); kept != 20 {
		t.Errorf("isolate glass kept %d, want 20", kept)
	}
	a.isolate(glass)
	a.tickMaterials()
	if a.splat.filter.Mask != nil {
		t.Errorf("isolating again should show everything")
	}
	// "Reset filters" drops the mask; the next frame puts it back.
	a.setHidden(0, true)
	a.tickMaterials()
	a.splat.filter = defaultSplatFilter(a.splat.view)
	a.tickMaterials()
	if a.splat.filter.Mask == nil {
		t.Errorf("mask lost after a filter reset")
	}
}

// TestSaveLabelsRoundTrip saves edited labels as .npy and as .ply and reads them back; the
// input file itself is refused.
func TestSaveLabelsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	a := labelledApp(t)
	src := writeLabelledScene(t, dir, 64, nil)
	openLabelled(t, a, src)
	rubber := a.mat.table.Index("rubber")
	a.selectMaterial(0)
	a.assign(rubber)
	want := append([]int32(nil), a.mat.labels.IDs...)

	npy := filepath.Join(dir, "out.npy")
	a.saveLabels(npy)
	settle(t, a)
	l, err := materials.LoadNPY(materials.NPYFilesFor(npy), 64, materials.DefaultTable())
	if err != nil || a.mat.msgErr {
		t.Fatalf("npy: %v / %q", err, a.mat.msg)
	}
	if l.Confidence == nil || len(l.Confidence) != 64 {
		t.Errorf("npy: confidence not saved beside the ids")
	}
	for i := range want {
		if l.IDs[i] != want[i] {
			t.Fatalf("npy: Gaussian %d id %d, want %d", i, l.IDs[i], want[i])
		}
	}
	ply := filepath.Join(dir, "out.ply")
	a.saveLabels(ply)
	settle(t, a)
	s, l2, err := materials.LoadPLY(ply, "", materials.DefaultTable(), nil)
	if err != nil || a.mat.msgErr {
		t.Fatalf("ply: %v / %q", err, a.mat.msg)
	}
	if s.N != 64 || l2.IDs[0] != int32(rubber) || l2.IDs[63] != 1 {
		t.Errorf("ply: %d Gaussians, ids %d %d", s.N, l2.IDs[0], l2.IDs[63])
	}
	before, _ := os.ReadFile(src)
	a.saveLabels(src)
	settle(t, a)
	after, _ := os.ReadFile(src)
	if !a.mat.msgErr || !strings.Contains(a.mat.msg, "refusing to overwrite") || string(before) != string(after) {
		t.Errorf("saving over the input: %q", a.mat.msg)
	}
	a.saveLabels(filepath.Join(dir, "out.txt"))
	if !a.mat.msgErr {
		t.Errorf("a .txt name should be refused")
	}
}

// TestTableEdit: invalid values are refused and leave the table as it was; a valid one
// recolours the property views.
func TestTableEdit(t *testing.T) {
	a := labelledApp(t)
	openLabelled(t, a, writeLabelledScene(t, t.TempDir(), 10, nil))
	a.setColorMode(colorDensity)
	a.tickMaterials()
	nuCol, rhoCol := 2, 0
	for _, bad := range []float64{0.7, -0.1, math.NaN()} {
		if err := a.setTableValue(0, nuCol, bad); err == nil {
			t.Errorf("ν = %v accepted", bad)
		}
	}
	if a.mat.table.Materials[0].PoissonRatio != 0.3 {
		t.Errorf("ν changed to %v", a.mat.table.Materials[0].PoissonRatio)
	}
	if err := a.setTableValue(0, rhoCol, 7800); err != nil || !a.mat.color.dirty {
		t.Fatalf("density edit: %v, dirty %v", err, a.mat.color.dirty)
	}
	a.tickMaterials()
	if a.mat.color.lo != 7800 || a.mat.color.hi != 7800 {
		t.Errorf("density range %g..%g, want 7800 (wood now as dense as metal)", a.mat.color.lo, a.mat.color.hi)
	}
}

// TestColorCodesLogE: E is shown on a log scale between the smallest and largest value.
func TestColorCodesLogE(t *testing.T) {
	tab := materials.DefaultTable()
	l := &materials.Labels{Table: tab, IDs: []int32{int32(tab.Index("foam")), int32(tab.Index("steel")), int32(tab.Index("wood"))}}
	rgb, lo, hi, _ := colorCodes(l, colorE, nil, []bool{false, false, true})
	if math.Abs(math.Pow(10, lo)-tab.Materials[tab.Index("foam")].YoungsModulus) > 1 || math.Abs(math.Pow(10, hi)-tab.Materials[tab.Index("steel")].YoungsModulus) > 1e3 {
		t.Errorf("range 10^%g..10^%g", lo, hi)
	}
	if rgb[0] == rgb[3] && rgb[1] == rgb[4] {
		t.Errorf("the two ends of the ramp look alike")
	}
	// The selected third Gaussian leans to the selection tint.
	if rgb[6] < 0.6 || rgb[7] < 0.55 {
		t.Errorf("selected Gaussian colour %v not tinted", rgb[6:9])
	}
}
