package app

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/splatscope/splatscope/camera"
)

// frameWriter takes rendered frames in order: write each, then finish (or abort on failure or
// cancel, which leaves no partial output behind).
type frameWriter interface {
	write(img *image.RGBA) error
	finish() error
	abort()
}

// pngWriter writes frame_00000.png, frame_00001.png, … into a folder, each file atomically.
type pngWriter struct {
	dir     string
	n       int
	written []string
}

// newPNGWriter makes the folder (and its parents) if needed.
func newPNGWriter(dir string) (*pngWriter, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err // os errors name the path
	}
	return &pngWriter{dir: dir}, nil
}

func (p *pngWriter) write(img *image.RGBA) error {
	name := filepath.Join(p.dir, fmt.Sprintf("frame_%05d.png", p.n))
	var buf bytes.Buffer
	// Speed over size: frames are an intermediate for a video tool.
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	if err := camera.WriteFileAtomic(name, buf.Bytes()); err != nil {
		return err
	}
	p.n++
	p.written = append(p.written, name)
	return nil
}

func (p *pngWriter) finish() error { return nil }

// abort removes the frames written so far: a cancelled render leaves no half sequence.
func (p *pngWriter) abort() {
	for _, f := range p.written {
		os.Remove(f)
	}
}

// mp4Writer pipes raw RGBA frames to ffmpeg, which encodes H.264 into a temporary file beside
// the output; finish renames it into place.
type mp4Writer struct {
	out, tmp string
	cmd      *exec.Cmd
	stdin    io.WriteCloser
	stderr   bytes.Buffer
	w, h     int
	waited   bool // ffmpeg has exited and been waited for
}

// newMP4Writer starts `ffmpeg -f rawvideo -pix_fmt rgba -s WxH -r FPS -i - -c:v libx264
// -pix_fmt yuv420p` writing to a temporary .mp4 in out's folder.
func newMP4Writer(ffmpeg, out string, w, h, fps int) (*mp4Writer, error) {
	f, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".tmp-*.mp4")
	if err != nil {
		return nil, fmt.Errorf("%s: %v", out, err)
	}
	tmp := f.Name()
	f.Close()
	m := &mp4Writer{out: out, tmp: tmp, w: w, h: h}
	m.cmd = exec.Command(ffmpeg, "-hide_banner", "-loglevel", "error", "-y",
		"-f", "rawvideo", "-pix_fmt", "rgba", "-s", fmt.Sprintf("%dx%d", w, h), "-r", strconv.Itoa(fps), "-i", "-",
		"-c:v", "libx264", "-pix_fmt", "yuv420p", "-f", "mp4", tmp)
	m.cmd.Stderr = &m.stderr
	if m.stdin, err = m.cmd.StdinPipe(); err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("%s: ffmpeg: %v", out, err)
	}
	if err := m.cmd.Start(); err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("%s: starting ffmpeg: %v", out, err)
	}
	return m, nil
}

func (m *mp4Writer) write(img *image.RGBA) error {
	b := img.Bounds()
	if b.Dx() != m.w || b.Dy() != m.h || img.Stride != 4*m.w {
		return fmt.Errorf("%s: frame is %v, want %d×%d", m.out, b, m.w, m.h)
	}
	if _, err := m.stdin.Write(img.Pix[:4*m.w*m.h]); err != nil {
		m.stdin.Close()
		m.cmd.Wait() // ffmpeg stopped reading: let it exit, then its stderr is safe to read
		m.waited = true
		return fmt.Errorf("%s: ffmpeg: %v %s", m.out, err, m.ffmpegSaid())
	}
	return nil
}

func (m *mp4Writer) finish() error {
	m.stdin.Close()
	m.waited = true
	if err := m.cmd.Wait(); err != nil {
		os.Remove(m.tmp)
		return fmt.Errorf("%s: ffmpeg: %v %s", m.out, err, m.ffmpegSaid())
	}
	if err := os.Rename(m.tmp, m.out); err != nil {
		os.Remove(m.tmp)
		return fmt.Errorf("%s: %v", m.out, err)
	}
	return nil
}

func (m *mp4Writer) abort() {
	m.stdin.Close()
	if !m.waited {
		m.cmd.Process.Kill()
		m.cmd.Wait()
	}
	os.Remove(m.tmp)
}

// ffmpegSaid is ffmpeg's first error line, if it printed one.
func (m *mp4Writer) ffmpegSaid() string {
	s := strings.TrimSpace(m.stderr.String())
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if s == "" {
		return ""
	}
	return "(" + s + ")"
}
