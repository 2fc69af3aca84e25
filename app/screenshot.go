package app

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"time"

	"github.com/splatscope/splatscope/mesh"
)

// screenshotName is a timestamped PNG name in the working directory that does not exist yet.
func screenshotName(t time.Time) string {
	base := "splatscope-" + t.Format("20060102-150405")
	name := base + ".png"
	for i := 2; fileExists(name); i++ { // several shots in one second get -2, -3, …
		name = fmt.Sprintf("%s-%d.png", base, i)
	}
	return name
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// writePNG encodes img and writes it atomically (temp file + rename).
func writePNG(path string, img image.Image) error {
	if img == nil || img.Bounds().Empty() {
		return errors.New(path + ": nothing to save (empty framebuffer)")
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	return mesh.WriteFileAtomic(path, func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	})
}

// saveScreenshot writes the 3D view to a timestamped PNG and reports it in the status line.
func (a *App) saveScreenshot(img *image.RGBA) {
	name := screenshotName(time.Now())
	if err := writePNG(name, img); err != nil {
		a.setError(err)
		return
	}
	a.setStatus(fmt.Sprintf("Screenshot saved: %s (%d×%d)", name, img.Bounds().Dx(), img.Bounds().Dy()))
}
