package materials

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
)

// Per-view label images are PNGs in which each pixel names a material:
//   - 8- or 16-bit grey and paletted PNGs hold the material id itself (the grey value or the
//     palette index), mapped through the id map when one is given, else a table id; the largest
//     value (255, or 65535) means "no label" (background), as do ids with no table material;
//   - RGB(A) PNGs hold the material's display colour from the table; a pixel within colourTol of
//     a table colour takes that material, any other colour (and alpha 0) means "no label".

// NoLabel marks a pixel that votes for nothing.
const NoLabel = -1

// colourTol is the largest per-channel difference accepted as a table colour: exact PNG
// colours match; anti-aliased edge pixels (blends of two colours) mostly do not.
const colourTol = 8

// maxLabelPixels caps a label image (64 Mpx: above any training view) so a forged header cannot
// make the decoder allocate gigabytes.
const maxLabelPixels = 1 << 26

// maxImageSide bounds a label image's width and height (beyond any real sensor) so label rasters
// stay allocatable.
const maxImageSide = 1 << 15

// LabelImage is a per-view raster of table material ids (NoLabel where unlabelled).
type LabelImage struct {
	W, H int
	IDs  []int32 // row-major, W·H
	Name string  // file it was read from
}

// At returns the id at pixel (x, y).
func (m *LabelImage) At(x, y int) int32 { return m.IDs[y*m.W+x] }

// DecodeLabelImage reads a label PNG from r (see the format note above); ids maps stored ids to
// names (nil: table ids). unmapped counts labelled pixels whose id or colour names no material.
func DecodeLabelImage(r io.ReadSeeker, name string, t *Table, ids IDMap) (img *LabelImage, unmapped int, err error) {
	cfg, err := png.DecodeConfig(r)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %v", name, err)
	}
	if cfg.Width > maxImageSide || cfg.Height > maxImageSide || cfg.Width*cfg.Height > maxLabelPixels {
		return nil, 0, fmt.Errorf("%s: label image %dx%d is too large (at most %d pixels a side, %d in all)", name, cfg.Width, cfg.Height, maxImageSide, maxLabelPixels)
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, 0, fmt.Errorf("%s: %v", name, err)
	}
	src, err := png.Decode(r)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %v", name, err)
	}
	b := src.Bounds()
	img = &LabelImage{W: b.Dx(), H: b.Dy(), IDs: make([]int32, b.Dx()*b.Dy()), Name: name}
	toTable := func(v int) int32 {
		if ids == nil {
			if v < len(t.Materials) {
				return int32(v)
			}
			return NoLabel
		}
		if n, ok := ids[v]; ok {
			if ti := t.Index(n); ti >= 0 {
				return int32(ti)
			}
		}
		return NoLabel
	}
	var index func(x, y int) (int, bool) // the stored id, or false for "no label"
	switch s := src.(type) {
	case *image.Gray:
		index = func(x, y int) (int, bool) { v := s.GrayAt(x, y).Y; return int(v), v != 255 }
	case *image.Gray16:
		index = func(x, y int) (int, bool) { v := s.Gray16At(x, y).Y; return int(v), v != 65535 }
	case *image.Paletted:
		index = func(x, y int) (int, bool) { v := s.ColorIndexAt(x, y); return int(v), v != 255 }
	}
	var palette [][3]uint8
	for i := range t.Materials {
		palette = append(palette, t.Materials[i].RGB())
	}
	k := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			id := int32(NoLabel)
			if index != nil {
				if v, ok := index(x, y); ok {
					if id = toTable(v); id == NoLabel {
						unmapped++
					}
				}
			} else if c := color.NRGBAModel.Convert(src.At(x, y)).(color.NRGBA); c.A != 0 {
				id = nearestColour(palette, c)
				if id == NoLabel && (c.R|c.G|c.B) != 0 { // black is background, not an error
					unmapped++
				}
			}
			img.IDs[k] = id
			k++
		}
	}
	return img, unmapped, nil
}

// nearestColour returns the table id whose colour is within colourTol of c, or NoLabel.
func nearestColour(palette [][3]uint8, c color.NRGBA) int32 {
	best, bestD := int32(NoLabel), colourTol+1
	for i, p := range palette {
		d := max(absDiff(p[0], c.R), absDiff(p[1], c.G), absDiff(p[2], c.B))
		if d < bestD {
			best, bestD = int32(i), d
		}
	}
	return best
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// ReadLabelImage reads a label PNG file.
func ReadLabelImage(path string, t *Table, ids IDMap) (*LabelImage, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	return DecodeLabelImage(f, path, t, ids)
}

// EncodeGray writes the image as an 8-bit grey PNG of table ids (255 for NoLabel); ids above 254
// cannot be stored this way.
func (m *LabelImage) EncodeGray(w io.Writer) error {
	g := image.NewGray(image.Rect(0, 0, m.W, m.H))
	for i, id := range m.IDs {
		switch {
		case id == NoLabel:
			g.Pix[i] = 255
		case id < 0 || id > 254:
			return fmt.Errorf("material id %d does not fit an 8-bit label image", id)
		default:
			g.Pix[i] = uint8(id)
		}
	}
	return png.Encode(w, g)
}
