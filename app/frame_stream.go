package app

import (
	"context"
	"errors"
	"fmt"
	"image"
	"path/filepath"
	"strings"

	"github.com/splatscope/splatscope/app/ui"
)

// frameStream carries offscreen frames from the GL thread to a writer job (camera path renders
// and physics exports). Two frames of slack let the GL thread render ahead while the writer
// encodes; the GL thread checks full() and never blocks a frame on the writer.
type frameStream struct {
	frames chan *image.RGBA
	closed bool
}

func newFrameStream() frameStream { return frameStream{frames: make(chan *image.RGBA, 2)} }

// full reports that the writer is busy.
func (s *frameStream) full() bool { return len(s.frames) == cap(s.frames) }

// closeFrames tells the writer no more frames come.
func (s *frameStream) closeFrames() {
	if s.frames != nil && !s.closed {
		close(s.frames)
		s.closed = true
	}
}

// errNoFFmpeg is returned by frameOutput when MP4 is asked for without ffmpeg.
var errNoFFmpeg = errors.New("ffmpeg is not installed (Debian: apt install ffmpeg)")

// frameOutput resolves where a frame render goes: MP4 needs ffmpeg (its path is returned) and a
// .mp4 name; PNG frames go to the folder as given.
func frameOutput(out string, mp4 bool) (ffmpeg, path string, err error) {
	if !mp4 {
		return "", out, nil
	}
	if ffmpeg = ffmpegPath(); ffmpeg == "" {
		return "", "", errNoFFmpeg
	}
	if !strings.EqualFold(filepath.Ext(out), ".mp4") {
		out += ".mp4"
	}
	return ffmpeg, out, nil
}

// writeFrames drains the stream into fw until total frames are written and finishes it; on a
// cancel, a short stream or an error it aborts the writer and runs cleanup. stopped names the
// work in the error ("render", "export").
func writeFrames(ctx context.Context, frames <-chan *image.RGBA, fw frameWriter, cleanup func(),
	total int, progress func(float64), out, stopped, suffix string) (int, error) {
	n := 0
	for img := range frames {
		if ctx.Err() != nil {
			break
		}
		if err := fw.write(img); err != nil {
			fw.abort()
			cleanup()
			return n, err
		}
		n++
		progress(float64(n) / float64(total))
	}
	if ctx.Err() != nil || n < total {
		fw.abort()
		cleanup()
		return n, fmt.Errorf("%s: %s stopped after %d of %d frames%s", out, stopped, n, total, suffix)
	}
	if err := fw.finish(); err != nil {
		cleanup()
		return n, err
	}
	return n, nil
}

// frameOutputUI draws the PNG-frames / MP4 choice and the output path of a frame render; MP4 is
// greyed out without ffmpeg, and switching kind resets the path to defaultOut's for that kind.
// id keeps the widgets apart when several forms are open at once.
func frameOutputUI(id string, mp4 *bool, out *string, defaultOut func(mp4 bool) string) {
	kind := 0
	if *mp4 {
		kind = 1
	}
	hasFF := ffmpegPath() != ""
	ui.RadioButton("PNG frames"+id, &kind, 0)
	ui.SameLine()
	ui.BeginDisabled(!hasFF)
	ui.RadioButton("MP4 (ffmpeg)"+id, &kind, 1)
	ui.EndDisabled()
	if !hasFF {
		ui.Tooltip("ffmpeg is not installed (Debian: apt install ffmpeg)")
	}
	if (kind == 1) != *mp4 {
		*mp4, *out = kind == 1, ""
	}
	if *out == "" {
		*out = defaultOut(*mp4)
	}
	ui.ItemWidth(-1)
	ui.InputText("##out"+id, out)
	ui.PopItemWidth()
}
