package render

import (
	"image"
	"image/draw"

	"github.com/go-gl/gl/v4.1-core/gl"
)

// uploadTexture makes a mipmapped, repeating sRGB texture from img (map_Kd). ShapeNet's uv
// coordinates run far outside [0, 1], so REPEAT wrapping is what the models were made with.
func uploadTexture(img image.Image) uint32 {
	b := img.Bounds()
	var pix []byte
	stride := 0
	switch im := img.(type) {
	case *image.NRGBA:
		pix, stride = im.Pix[im.PixOffset(b.Min.X, b.Min.Y):], im.Stride
	case *image.RGBA:
		// Opaque textures (the usual map_Kd) are the same premultiplied or straight.
		pix, stride = im.Pix[im.PixOffset(b.Min.X, b.Min.Y):], im.Stride
	default:
		n := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		draw.Draw(n, n.Bounds(), img, b.Min, draw.Src)
		pix, stride, b = n.Pix, n.Stride, n.Bounds()
	}
	w, h := b.Dx(), b.Dy()
	var tex uint32
	gl.GenTextures(1, &tex)
	gl.BindTexture(gl.TEXTURE_2D, tex)
	gl.PixelStorei(gl.UNPACK_ALIGNMENT, 1)
	gl.PixelStorei(gl.UNPACK_ROW_LENGTH, int32(stride/4))
	if w > 0 && h > 0 {
		// SRGB8_ALPHA8: the hardware decodes to linear on sampling, so lighting stays linear.
		gl.TexImage2D(gl.TEXTURE_2D, 0, gl.SRGB8_ALPHA8, int32(w), int32(h), 0, gl.RGBA, gl.UNSIGNED_BYTE, gl.Ptr(pix))
	} else {
		white := []byte{255, 255, 255, 255}
		gl.TexImage2D(gl.TEXTURE_2D, 0, gl.SRGB8_ALPHA8, 1, 1, 0, gl.RGBA, gl.UNSIGNED_BYTE, gl.Ptr(white))
	}
	gl.PixelStorei(gl.UNPACK_ROW_LENGTH, 0)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.REPEAT)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.REPEAT)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR_MIPMAP_LINEAR)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR)
	gl.GenerateMipmap(gl.TEXTURE_2D)
	gl.BindTexture(gl.TEXTURE_2D, 0)
	return tex
}
