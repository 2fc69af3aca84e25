package mesh

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Progress reports bytes read so far out of total; it may be nil. Loaders call it from the
// loading goroutine, so the receiver must be safe to call from another goroutine than the UI's.
type Progress func(done, total int64)

// Load reads a mesh file, choosing the format from the extension (.obj, .off, .ply, .stl).
func Load(path string, progress Progress) (*Mesh, error) {
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".obj":
		return LoadOBJ(path, progress)
	case ".off":
		return loadWith(path, progress, ReadOFF)
	case ".ply":
		return loadWith(path, progress, ReadPLY)
	case ".stl":
		return loadWith(path, progress, ReadSTL)
	}
	return nil, fmt.Errorf("%s: unknown mesh format %q (want .obj, .off, .ply or .stl)", path, ext)
}

// IsMeshFile reports whether Load understands the file's extension.
func IsMeshFile(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".obj", ".off", ".ply", ".stl":
		return true
	}
	return false
}

// loadWith opens path and hands a progress-counting reader to a format's reader.
func loadWith(path string, progress Progress, read func(r io.Reader, name string) (*Mesh, error)) (*Mesh, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err // os errors already name the file
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	m, err := read(NewProgressReader(f, st.Size(), progress), path)
	if err != nil {
		return nil, err
	}
	m.Source = path
	return m, nil
}

// ProgressReader counts bytes read and reports them through a Progress callback.
type ProgressReader struct {
	r         io.Reader
	done, all int64
	progress  Progress
	lastShown int64
}

// NewProgressReader wraps r; total is the expected size (for the fraction shown).
func NewProgressReader(r io.Reader, total int64, p Progress) *ProgressReader {
	return &ProgressReader{r: r, all: total, progress: p}
}

// Read implements io.Reader, reporting progress about every 1 MiB so the callback stays cheap.
func (p *ProgressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.done += int64(n)
	if p.progress != nil && (p.done-p.lastShown >= 1<<20 || err == io.EOF) {
		p.lastShown = p.done
		p.progress(p.done, p.all)
	}
	return n, err
}

// Size returns the total size passed at construction; format readers use it to cap header counts.
func (p *ProgressReader) Size() int64 { return p.all }
