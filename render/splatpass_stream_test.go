package render

import (
	"bytes"
	"testing"
)

// TestSplatStreamingUpload streams the donut in over several steps: part-way it draws only
// what has arrived (a different, emptier picture), and once complete it draws exactly what
// the one-shot upload draws.
func TestSplatStreamingUpload(t *testing.T) {
	b := splatFile("v3dg_donut_sh0.ply")(t)
	c := splatCases[0]
	for _, sc := range splatCases {
		if sc.name == "donut" {
			c = sc
		}
	}
	f := FrameFor(splatCamera(b, c), splatW, splatH)
	onGL(t, func(Info) {
		whole, err := renderSplatFrame(b, f, DefaultSplatStyle, splatBackground)
		if err != nil {
			t.Fatal(err)
		}
		p, err := NewSplatPassStreaming(b)
		if err != nil {
			t.Fatal(err)
		}
		defer p.Delete()
		if !p.Loading() {
			t.Fatal("a streamed pass reports no pending upload")
		}
		p.UploadStep(b.N / 3)
		part, err := drawSplatImage(p, b, f, DefaultSplatStyle, splatBackground)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(part.Pix, whole.Pix) {
			t.Fatal("a third of the upload draws the whole donut")
		}
		bg := splatBackgroundImage()
		if _, fracPart := splatImageDiff(part, bg, 8); fracPart == 0 {
			t.Fatal("the uploaded third draws nothing")
		}
		steps := 1
		for !p.UploadStep(b.N / 4) {
			steps++
		}
		if steps < 2 || p.Loading() || p.Uploaded != b.N {
			t.Fatalf("upload took %d steps, loading %v, %d of %d uploaded", steps, p.Loading(), p.Uploaded, b.N)
		}
		done, err := drawSplatImage(p, b, f, DefaultSplatStyle, splatBackground)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(done.Pix, whole.Pix) {
			mean, frac := splatImageDiff(done, whole, 0)
			t.Fatalf("streamed upload draws differently from the one-shot upload: mean %.3f, %.4f of pixels", mean, frac)
		}
	})
}
