package gaussians

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/splatscope/splatscope/mesh"
)

// SPZWriteVersion is the SPZ version Save writes: 3 (gzip) is the one every SPZ reader knows.
var SPZWriteVersion = 3

// IsSplatFile reports whether Load understands the file's extension.
func IsSplatFile(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".ply", ".splat", ".spz":
		return true
	}
	return false
}

// Load reads a splat scene, choosing the format from the extension (.ply, .splat, .spz).
// progress (may be nil) receives bytes read out of the file size.
func Load(path string, progress func(done, total int64)) (*Scene, error) {
	var read func(io.Reader, string, int64) (*Scene, error)
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".ply":
		s, err := loadPLY(path, progress)
		if err != nil {
			return nil, err
		}
		s.Source = path
		return s, nil
	case ".splat":
		read = ReadSplat
	case ".spz":
		read = ReadSPZ
	default:
		return nil, fmt.Errorf("%s: unknown splat format %q (want .ply, .splat or .spz)", path, ext)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err // os errors already name the file
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s: is a directory", path)
	}
	s, err := read(mesh.NewProgressReader(f, st.Size(), progress), path, st.Size())
	if err != nil {
		return nil, err
	}
	s.Source = path
	return s, nil
}

// LoadRenderBuffers reads a splat file into activated render buffers; for .ply it decodes
// straight from the file (the fast path), other formats go through a Scene.
func LoadRenderBuffers(path string, progress func(done, total int64)) (*RenderBuffers, error) {
	if strings.ToLower(filepath.Ext(path)) != ".ply" {
		s, err := Load(path, progress)
		if err != nil {
			return nil, err
		}
		return RenderBuffersFromScene(s), nil
	}
	return DecodeRenderBuffersFile(path, progress)
}

// Save writes s to path in the format its extension names, through a temporary file in the same
// folder renamed into place, so a failed write never leaves a partial file. It refuses to
// overwrite the file s was loaded from.
func Save(path string, s *Scene) error {
	var write func(io.Writer, *Scene) error
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".ply":
		write = WritePLY
	case ".splat":
		write = WriteSplat
	case ".spz":
		write = func(w io.Writer, s *Scene) error { return WriteSPZ(w, s, SPZWriteVersion) }
	default:
		return fmt.Errorf("%s: unknown splat format %q (want .ply, .splat or .spz)", path, ext)
	}
	if s.Source != "" && sameFile(path, s.Source) {
		return fmt.Errorf("%s: refusing to overwrite the input file", path)
	}
	return mesh.WriteFileAtomic(path, func(w io.Writer) error { return write(w, s) })
}

// sameFile reports whether a and b name the same existing file.
func sameFile(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	if err1 != nil || err2 != nil {
		return filepath.Clean(a) == filepath.Clean(b)
	}
	return os.SameFile(sa, sb)
}
