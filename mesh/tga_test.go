package mesh

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"strings"
	"testing"
)

// tgaRef is the 3×2 test picture, rows top to bottom, as RGBA.
var tgaRef = [2][3][4]byte{
	{{255, 0, 0, 255}, {0, 255, 0, 128}, {0, 0, 255, 0}},
	{{10, 20, 30, 255}, {10, 20, 30, 255}, {10, 20, 30, 255}},
}

// tgaSpec describes one encoding of a test image.
type tgaSpec struct {
	imgType, bits, desc byte
	palette             bool // colour-mapped with a 24-bit palette
}

// encodeTGA writes picture px (rows top to bottom) in the layout spec asks for: rows
// bottom-up unless descriptor bit 5, right-to-left when bit 4, RLE for types 9-11 (a run
// packet for repeated pixels, raw packets otherwise).
func encodeTGA(spec tgaSpec, px [][][4]byte, pixel func(c [4]byte) []byte) []byte {
	h, w := len(px), len(px[0])
	var hdr [tgaHeaderSize]byte
	hdr[0] = 3 // an image ID, which the decoder must skip
	hdr[2] = spec.imgType
	var pal []byte
	if spec.palette {
		hdr[1] = 1
		binary.LittleEndian.PutUint16(hdr[3:], 2) // first index 2: indices are offset
		binary.LittleEndian.PutUint16(hdr[5:], 256)
		hdr[7] = 24
		pal = make([]byte, 256*3)
		for i := 0; i < 256; i++ {
			pal[i*3], pal[i*3+1], pal[i*3+2] = byte(i), byte(255-i), byte(i/2) // BGR
		}
	}
	binary.LittleEndian.PutUint16(hdr[12:], uint16(w))
	binary.LittleEndian.PutUint16(hdr[14:], uint16(h))
	hdr[16], hdr[17] = spec.bits, spec.desc
	var pixels [][]byte
	for r := 0; r < h; r++ {
		row := h - 1 - r
		if spec.desc&0x20 != 0 {
			row = r
		}
		for c := 0; c < w; c++ {
			col := c
			if spec.desc&0x10 != 0 {
				col = w - 1 - c
			}
			pixels = append(pixels, pixel(px[row][col]))
		}
	}
	out := append(append(hdr[:], "id!"...), pal...)
	if spec.imgType&8 == 0 {
		for _, p := range pixels {
			out = append(out, p...)
		}
		return out
	}
	for i := 0; i < len(pixels); {
		j := i + 1
		for j < len(pixels) && bytes.Equal(pixels[j], pixels[i]) {
			j++
		}
		if j-i > 1 {
			out = append(append(out, byte(0x80|(j-i-1))), pixels[i]...)
		} else {
			out = append(out, 0)
			out = append(out, pixels[i]...)
		}
		i = j
	}
	return out
}

func TestDecodeTGA(t *testing.T) {
	ref := [][][4]byte{tgaRef[0][:], tgaRef[1][:]}
	bgr := func(c [4]byte) []byte { return []byte{c[2], c[1], c[0]} }
	bgra := func(c [4]byte) []byte { return []byte{c[2], c[1], c[0], c[3]} }
	grey := func(c [4]byte) []byte { return []byte{c[0]} }
	greyA := func(c [4]byte) []byte { return []byte{c[0], c[3]} }
	rgb555 := func(c [4]byte) []byte {
		v := uint16(c[0]>>3)<<10 | uint16(c[1]>>3)<<5 | uint16(c[2]>>3)
		if c[3] >= 128 {
			v |= 0x8000
		}
		return []byte{byte(v), byte(v >> 8)}
	}
	index := func(c [4]byte) []byte { return []byte{c[0]/2 + 2} } // palette entry e = c[0]/2 is at index e+2
	tests := []struct {
		name  string
		spec  tgaSpec
		pixel func([4]byte) []byte
		want  func(c [4]byte) [4]byte
	}{
		{"24-bit bottom-up", tgaSpec{2, 24, 0, false}, bgr, tgaOpaque},
		{"24-bit top-down", tgaSpec{2, 24, 0x20, false}, bgr, tgaOpaque},
		{"24-bit right-to-left", tgaSpec{2, 24, 0x10, false}, bgr, tgaOpaque},
		{"32-bit alpha", tgaSpec{2, 32, 8, false}, bgra, tgaSame},
		{"32-bit RLE top-down", tgaSpec{10, 32, 0x28, false}, bgra, tgaSame},
		{"24-bit RLE", tgaSpec{10, 24, 0, false}, bgr, tgaOpaque},
		{"16-bit 5-5-5-1", tgaSpec{2, 16, 1, false}, rgb555, func(c [4]byte) [4]byte {
			x := func(v byte) byte { v >>= 3; return v<<3 | v>>2 }
			a := byte(0)
			if c[3] >= 128 {
				a = 255
			}
			return [4]byte{x(c[0]), x(c[1]), x(c[2]), a}
		}},
		{"grey 8-bit", tgaSpec{3, 8, 0, false}, grey, tgaGreyOf},
		{"grey 8-bit RLE", tgaSpec{11, 8, 0x20, false}, grey, tgaGreyOf},
		{"grey 16-bit with alpha", tgaSpec{3, 16, 8, false}, greyA, func(c [4]byte) [4]byte { return [4]byte{c[0], c[0], c[0], c[3]} }},
		{"colour-mapped", tgaSpec{1, 8, 0, true}, index, tgaPalEntry},
		{"colour-mapped RLE", tgaSpec{9, 8, 0x20, true}, index, tgaPalEntry},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := encodeTGA(tc.spec, ref, tc.pixel)
			for _, sniff := range []bool{false, true} {
				var img image.Image
				var err error
				if sniff {
					var format string
					img, format, err = image.Decode(bytes.NewReader(data))
					if err == nil && format != "tga" {
						t.Fatalf("sniffed format %q", format)
					}
				} else {
					img, err = DecodeTGA(bytes.NewReader(data))
				}
				if err != nil {
					t.Fatal(err)
				}
				if img.Bounds() != image.Rect(0, 0, 3, 2) {
					t.Fatalf("bounds %v", img.Bounds())
				}
				for y := 0; y < 2; y++ {
					for x := 0; x < 3; x++ {
						got := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
						w := tc.want(tgaRef[y][x])
						if [4]byte{got.R, got.G, got.B, got.A} != w {
							t.Errorf("pixel (%d,%d) = %v, want %v", x, y, got, w)
						}
					}
				}
			}
		})
	}
}

func tgaOpaque(c [4]byte) [4]byte   { return [4]byte{c[0], c[1], c[2], 255} }
func tgaSame(c [4]byte) [4]byte     { return c }
func tgaGreyOf(c [4]byte) [4]byte   { return [4]byte{c[0], c[0], c[0], 255} }
func tgaPalEntry(c [4]byte) [4]byte { e := c[0] / 2; return [4]byte{e / 2, 255 - e, e, 255} }

func TestDecodeTGAZeroAlphaIsOpaque(t *testing.T) {
	// A 32-bit image that declares no alpha bits and stores alpha 0 everywhere is tgaOpaque.
	px := [][][4]byte{{{1, 2, 3, 0}, {4, 5, 6, 0}}}
	data := encodeTGA(tgaSpec{2, 32, 0, false}, px, func(c [4]byte) []byte { return []byte{c[2], c[1], c[0], c[3]} })
	img, err := DecodeTGA(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if got := img.(*image.NRGBA).NRGBAAt(1, 0); got != (color.NRGBA{4, 5, 6, 255}) {
		t.Errorf("pixel = %v, want tgaOpaque {4 5 6 255}", got)
	}
}

func TestDecodeTGAErrors(t *testing.T) {
	good := encodeTGA(tgaSpec{10, 24, 0, false}, [][][4]byte{tgaRef[0][:], tgaRef[1][:]},
		func(c [4]byte) []byte { return []byte{c[2], c[1], c[0]} })
	huge := append([]byte(nil), good...)
	binary.LittleEndian.PutUint16(huge[12:], 65535)
	binary.LittleEndian.PutUint16(huge[14:], 65535)
	badType := append([]byte(nil), good...)
	badType[2] = 4
	badDepth := append([]byte(nil), good...)
	badDepth[16] = 7
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"short header", good[:10], "short header"},
		{"truncated RLE", good[:len(good)-2], "truncated RLE"},
		{"size beyond data", huge, "does not fit"},
		{"bad type", badType, "unsupported image type 4"},
		{"bad depth", badDepth, "unsupported pixel depth 7"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeTGA(bytes.NewReader(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
	cfg, err := DecodeTGAConfig(bytes.NewReader(good))
	if err != nil || cfg.Width != 3 || cfg.Height != 2 {
		t.Errorf("config %+v, %v", cfg, err)
	}
}
