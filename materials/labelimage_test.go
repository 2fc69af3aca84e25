package materials

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

func TestDecodeLabelImageColours(t *testing.T) {
	tab := DefaultTable()
	wood, glass := tab.Materials[tab.Index("wood")].RGB(), tab.Materials[tab.Index("glass")].RGB()
	img := image.NewNRGBA(image.Rect(0, 0, 4, 1))
	img.Set(0, 0, color.NRGBA{wood[0], wood[1], wood[2], 255})
	img.Set(1, 0, color.NRGBA{glass[0] + 3, glass[1] - 2, glass[2], 255}) // within tolerance
	img.Set(2, 0, color.NRGBA{0, 0, 0, 255})                              // background
	img.Set(3, 0, color.NRGBA{1, 200, 1, 255})                            // no material
	var b bytes.Buffer
	png.Encode(&b, img)
	m, unmapped, err := DecodeLabelImage(bytes.NewReader(b.Bytes()), "rgb.png", tab, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []int32{int32(tab.Index("wood")), int32(tab.Index("glass")), NoLabel, NoLabel}
	for i, w := range want {
		if m.IDs[i] != w {
			t.Errorf("pixel %d: %d, want %d", i, m.IDs[i], w)
		}
	}
	if unmapped != 1 {
		t.Errorf("unmapped %d, want 1 (black is background)", unmapped)
	}
	// Grey through an id map: 7 → "steel", 9 is not in the map.
	g := image.NewGray(image.Rect(0, 0, 3, 1))
	g.Pix = []uint8{7, 9, 255}
	b.Reset()
	png.Encode(&b, g)
	m, unmapped, err = DecodeLabelImage(bytes.NewReader(b.Bytes()), "grey.png", tab, IDMap{7: "steel"})
	if err != nil || m.IDs[0] != int32(tab.Index("steel")) || m.IDs[1] != NoLabel || m.IDs[2] != NoLabel || unmapped != 1 {
		t.Errorf("grey: %v %v unmapped %d", err, m.IDs, unmapped)
	}
	if _, _, err := DecodeLabelImage(bytes.NewReader([]byte("not a png")), "x.png", tab, nil); err == nil {
		t.Error("garbage accepted")
	}
}
