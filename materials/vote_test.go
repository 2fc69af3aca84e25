package materials

import (
	"os"
	"path/filepath"
	"testing"
)

// accuracy is the share of the counted Gaussians whose label is the truth.
func accuracy(ids, truth []int32, count []bool) float64 {
	ok, n := 0, 0
	for i := range ids {
		if count[i] {
			n++
			if ids[i] == truth[i] {
				ok++
			}
		}
	}
	return float64(ok) / float64(n)
}

func TestLabelSyntheticBoxes(t *testing.T) {
	tab := DefaultTable()
	boxes := testBoxes(tab)
	s, truth := boxScene(boxes, 0.05)
	cams := arcCameras(8, 5, 160, 120, 150)
	masks := make([]LabelImage, len(cams))
	for i := range cams {
		masks[i] = renderBoxLabels(&cams[i], boxes)
	}
	ids, conf, err := Label(s, cams, masks, LabelOptions{Table: tab})
	if err != nil {
		t.Fatal(err)
	}
	seen := observable(s, cams, boxes)
	nSeen := 0
	for _, v := range seen {
		if v {
			nSeen++
		}
	}
	acc := accuracy(ids, truth, seen)
	noIDs, _, err := Label(s, cams, masks, LabelOptions{Table: tab, NoDepthTest: true})
	if err != nil {
		t.Fatal(err)
	}
	accNo := accuracy(noIDs, truth, seen)
	meanConf := 0.0
	for _, c := range conf {
		meanConf += float64(c)
	}
	meanConf /= float64(len(conf))
	t.Logf("%d Gaussians (%d seen by some view), %d views: accuracy over the seen ones %.2f%% with the depth test, %.2f%% without; mean confidence %.3f",
		s.N, nSeen, len(cams), 100*acc, 100*accNo, meanConf)
	if acc < 0.95 {
		t.Errorf("accuracy with the depth test %.3f, want >= 0.95", acc)
	}
	if accNo > acc-0.05 {
		t.Errorf("accuracy without the depth test %.3f is not clearly below %.3f: the synthetic scene does not exercise occlusion", accNo, acc)
	}
	for i, c := range conf {
		if c < 0 || c > 1 {
			t.Fatalf("confidence[%d] = %v outside 0..1", i, c)
		}
	}
}

func TestLabelErrors(t *testing.T) {
	tab := DefaultTable()
	s, _ := boxScene(testBoxes(tab)[:1], 0.2)
	cams := arcCameras(2, 5, 16, 12, 15)
	if _, _, err := Label(s, cams, make([]LabelImage, 1), LabelOptions{Table: tab}); err == nil {
		t.Error("mask/camera count mismatch accepted")
	}
	bad := []LabelImage{{W: 1, H: 1, IDs: []int32{99}, Name: "bad.png"}, {}}
	if _, _, err := Label(s, cams, bad, LabelOptions{Table: tab}); err == nil {
		t.Error("out-of-range mask id accepted")
	}
	// No masks at all: every Gaussian is unknown with confidence 0.
	ids, conf, err := Label(s, cams, make([]LabelImage, 2), LabelOptions{Table: tab})
	if err != nil {
		t.Fatal(err)
	}
	if ids[0] != int32(tab.Index(UnknownName)) || conf[0] != 0 {
		t.Errorf("unseen Gaussian: id %d conf %v, want unknown and 0", ids[0], conf[0])
	}
}

func TestLoadMasks(t *testing.T) {
	tab := DefaultTable()
	boxes := testBoxes(tab)
	cams := arcCameras(3, 5, 32, 24, 30)
	dir := t.TempDir()
	for i := range cams[:2] { // the third view has no image
		m := renderBoxLabels(&cams[i], boxes)
		f, err := os.Create(filepath.Join(dir, cams[i].ImgName+".png"))
		if err != nil {
			t.Fatal(err)
		}
		if err := m.EncodeGray(f); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	masks, warns, err := LoadMasks(dir, cams, tab, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 1 || masks[2].W != 0 {
		t.Errorf("warnings %q, third mask %dx%d: want one warning about the missing view", warns, masks[2].W, masks[2].H)
	}
	want := renderBoxLabels(&cams[0], boxes)
	for i := range want.IDs {
		if masks[0].IDs[i] != want.IDs[i] {
			t.Fatalf("pixel %d: read %d, wrote %d", i, masks[0].IDs[i], want.IDs[i])
		}
	}
}
