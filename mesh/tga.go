package mesh

import (
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
)

// tgaHeaderSize is the fixed size of a TGA file header.
const tgaHeaderSize = 18

// maxTGAPixels caps the image size a header may claim (256 Mpixel, 1 GiB as NRGBA), beyond
// any texture a mesh viewer shows; the data-size cap below is usually tighter.
const maxTGAPixels = 1 << 28

// tgaMaxRun is the most pixels one RLE packet can encode (7-bit count plus one).
const tgaMaxRun = 128

func init() {
	// TGA has no magic number; byte 1 (colour-map type) and byte 2 (image type) are the
	// closest thing. "?" matches the ID length in byte 0.
	for _, magic := range []string{"?\x00\x02", "?\x00\x03", "?\x00\x0a", "?\x00\x0b", "?\x01\x01", "?\x01\x09"} {
		image.RegisterFormat("tga", magic, DecodeTGA, DecodeTGAConfig)
	}
}

// tgaHeader is the parsed TGA header.
type tgaHeader struct {
	idLen, cmType, imgType byte
	cmFirst, cmLen, cmBits int
	w, h, bits             int
	desc                   byte
}

// base returns the image type without the RLE flag: 1 colour-mapped, 2 true-colour, 3 grey.
func (h *tgaHeader) base() byte { return h.imgType &^ 8 }

// rle reports whether pixel data is run-length encoded (types 9, 10, 11).
func (h *tgaHeader) rle() bool { return h.imgType&8 != 0 }

func readTGAHeader(r io.Reader) (tgaHeader, error) {
	var b [tgaHeaderSize]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return tgaHeader{}, fmt.Errorf("tga: short header: %w", err)
	}
	le := binary.LittleEndian
	h := tgaHeader{idLen: b[0], cmType: b[1], imgType: b[2],
		cmFirst: int(le.Uint16(b[3:])), cmLen: int(le.Uint16(b[5:])), cmBits: int(b[7]),
		w: int(le.Uint16(b[12:])), h: int(le.Uint16(b[14:])), bits: int(b[16]), desc: b[17]}
	if h.cmType > 1 {
		return h, fmt.Errorf("tga: bad colour-map type %d", h.cmType)
	}
	ok := false
	switch h.imgType {
	case 1, 9:
		ok = h.cmType == 1 && (h.bits == 8 || h.bits == 16) && validTrueBits(h.cmBits)
	case 2, 10:
		ok = validTrueBits(h.bits)
	case 3, 11:
		ok = h.bits == 8 || h.bits == 16
	default:
		return h, fmt.Errorf("tga: unsupported image type %d", h.imgType)
	}
	if !ok {
		return h, fmt.Errorf("tga: unsupported pixel depth %d for image type %d", h.bits, h.imgType)
	}
	if h.cmType == 1 && !validTrueBits(h.cmBits) {
		return h, fmt.Errorf("tga: unsupported colour-map entry size %d", h.cmBits)
	}
	if h.w == 0 || h.h == 0 {
		return h, errors.New("tga: empty image")
	}
	return h, nil
}

func validTrueBits(b int) bool { return b == 15 || b == 16 || b == 24 || b == 32 }

// DecodeTGAConfig returns the size and colour model of a TGA image.
func DecodeTGAConfig(r io.Reader) (image.Config, error) {
	h, err := readTGAHeader(r)
	if err != nil {
		return image.Config{}, err
	}
	cm := color.NRGBAModel
	if h.base() == 3 && h.bits == 8 {
		cm = color.GrayModel
	}
	return image.Config{ColorModel: cm, Width: h.w, Height: h.h}, nil
}

// DecodeTGA decodes a Truevision TGA image: uncompressed or RLE; true-colour 15/16/24/32-bit,
// grey 8-bit (16-bit with alpha) and colour-mapped; the origin bits of the descriptor are
// honoured. Grey images decode to *image.Gray, the others to *image.NRGBA.
func DecodeTGA(r io.Reader) (image.Image, error) {
	h, err := readTGAHeader(r)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("tga: %w", err)
	}
	if len(data) < int(h.idLen) {
		return nil, errors.New("tga: truncated image ID")
	}
	data = data[h.idLen:]
	var palette [][4]byte
	if h.cmType == 1 {
		eb := (h.cmBits + 7) / 8
		if len(data) < h.cmLen*eb {
			return nil, errors.New("tga: truncated colour map")
		}
		palette = make([][4]byte, h.cmLen)
		for i := range palette {
			palette[i] = tgaTrueColor(data[i*eb:], h.cmBits, h.cmBits == 32 || h.desc&0x0f != 0)
		}
		data = data[h.cmLen*eb:]
	}
	bpp := (h.bits + 7) / 8
	n := h.w * h.h
	// Cap the claimed size by what the data can hold before allocating.
	maxPixels := len(data) / bpp
	if h.rle() {
		maxPixels = len(data) / (1 + bpp) * tgaMaxRun
	}
	if n > maxTGAPixels || n > maxPixels {
		return nil, fmt.Errorf("tga: %dx%d image does not fit in %d bytes of data", h.w, h.h, len(data))
	}
	raw := data
	if h.rle() {
		if raw, err = tgaUnRLE(data, n, bpp); err != nil {
			return nil, err
		}
	}
	return tgaImage(&h, raw[:n*bpp], bpp, palette)
}

// tgaUnRLE expands run-length packets into n pixels of bpp bytes.
func tgaUnRLE(data []byte, n, bpp int) ([]byte, error) {
	out := make([]byte, 0, n*bpp)
	for len(out) < n*bpp {
		if len(data) == 0 {
			return nil, errors.New("tga: truncated RLE data")
		}
		hdr := data[0]
		data = data[1:]
		count := int(hdr&0x7f) + 1 // low 7 bits: pixel count minus one; bit 7: run packet
		if rem := n - len(out)/bpp; count > rem {
			count = rem // a packet may not run past the image; clip it
		}
		if hdr&0x80 != 0 {
			if len(data) < bpp {
				return nil, errors.New("tga: truncated RLE data")
			}
			for k := 0; k < count; k++ {
				out = append(out, data[:bpp]...)
			}
			data = data[bpp:]
		} else {
			if len(data) < count*bpp {
				return nil, errors.New("tga: truncated RLE data")
			}
			out = append(out, data[:count*bpp]...)
			data = data[count*bpp:]
		}
	}
	return out, nil
}

// tgaImage converts decoded pixel bytes (file order) into an image, honouring the origin.
func tgaImage(h *tgaHeader, raw []byte, bpp int, palette [][4]byte) (image.Image, error) {
	topDown := h.desc&0x20 != 0   // bit 5: first row is the top one
	rightLeft := h.desc&0x10 != 0 // bit 4: rows run right to left
	pos := func(i int) (x, y int) {
		x, y = i%h.w, i/h.w
		if !topDown {
			y = h.h - 1 - y
		}
		if rightLeft {
			x = h.w - 1 - x
		}
		return x, y
	}
	n := h.w * h.h
	if h.base() == 3 && h.bits == 8 {
		g := image.NewGray(image.Rect(0, 0, h.w, h.h))
		for i := 0; i < n; i++ {
			x, y := pos(i)
			g.Pix[y*g.Stride+x] = raw[i]
		}
		return g, nil
	}
	img := image.NewNRGBA(image.Rect(0, 0, h.w, h.h))
	alphaBits := h.desc & 0x0f // descriptor bits 0-3: alpha bits per pixel
	anyAlpha := false
	for i := 0; i < n; i++ {
		px := raw[i*bpp : (i+1)*bpp]
		var c [4]byte
		switch h.base() {
		case 1:
			idx := int(px[0])
			if bpp == 2 {
				idx = int(binary.LittleEndian.Uint16(px))
			}
			idx -= h.cmFirst
			if idx >= 0 && idx < len(palette) {
				c = palette[idx]
			} else {
				c = [4]byte{0, 0, 0, 255} // index outside the map: black, as other readers do
			}
		case 2:
			c = tgaTrueColor(px, h.bits, h.bits == 32 || alphaBits != 0)
		case 3:
			c = [4]byte{px[0], px[0], px[0], px[1]} // 16-bit grey: grey then alpha
		}
		anyAlpha = anyAlpha || c[3] != 0
		x, y := pos(i)
		o := y*img.Stride + x*4
		copy(img.Pix[o:o+4], c[:])
	}
	if !anyAlpha && alphaBits == 0 {
		// Writers often leave the alpha channel zero without declaring alpha bits; an all
		// transparent texture is never what they meant.
		for o := 3; o < len(img.Pix); o += 4 {
			img.Pix[o] = 255
		}
	}
	return img, nil
}

// tgaTrueColor decodes one little-endian BGR(A) or 5-5-5(-1) pixel into RGBA bytes; alpha
// is used only when withAlpha (else opaque).
func tgaTrueColor(px []byte, bits int, withAlpha bool) [4]byte {
	switch bits {
	case 15, 16:
		v := binary.LittleEndian.Uint16(px)
		// 5-bit channels expanded to 8 bits by copying the top bits into the low ones.
		r, g, b := byte(v>>10&31), byte(v>>5&31), byte(v&31)
		a := byte(255)
		if bits == 16 && withAlpha && v&0x8000 == 0 { // top bit: the 1-bit alpha
			a = 0
		}
		return [4]byte{r<<3 | r>>2, g<<3 | g>>2, b<<3 | b>>2, a}
	case 24:
		return [4]byte{px[2], px[1], px[0], 255}
	default: // 32
		a := px[3]
		if !withAlpha {
			a = 255
		}
		return [4]byte{px[2], px[1], px[0], a}
	}
}
