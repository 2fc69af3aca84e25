package mesh

import (
	"bytes"
	"testing"
)

func FuzzDecodeTGA(f *testing.F) {
	px := [][][4]byte{tgaRef[0][:], tgaRef[1][:]}
	bgra := func(c [4]byte) []byte { return []byte{c[2], c[1], c[0], c[3]} }
	grey := func(c [4]byte) []byte { return []byte{c[0]} }
	for _, s := range []struct {
		spec  tgaSpec
		pixel func([4]byte) []byte
	}{
		{tgaSpec{2, 32, 0x28, false}, bgra},
		{tgaSpec{10, 32, 0x08, false}, bgra},
		{tgaSpec{11, 8, 0x20, false}, grey},
		{tgaSpec{9, 8, 0x10, true}, grey},
	} {
		f.Add(encodeTGA(s.spec, px, s.pixel))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, cerr := DecodeTGAConfig(bytes.NewReader(data))
		img, err := DecodeTGA(bytes.NewReader(data))
		if err != nil {
			return
		}
		if cerr != nil {
			t.Fatalf("image decodes but config fails: %v", cerr)
		}
		b := img.Bounds()
		if b.Dx() != cfg.Width || b.Dy() != cfg.Height {
			t.Fatalf("bounds %v, config %dx%d", b, cfg.Width, cfg.Height)
		}
		if b.Dx()*b.Dy() > len(data)*tgaMaxRun {
			t.Fatalf("%v image from %d bytes", b, len(data))
		}
	})
}
