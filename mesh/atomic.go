package mesh

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// atomicBufSize is the write buffer: 1 MiB turns millions of small record writes into few syscalls.
const atomicBufSize = 1 << 20

// WriteFileAtomic writes a file through write into a temporary file in path's folder, syncs it
// and renames it over path, so readers never see a half-written file; on error the temporary
// file is removed and path is left untouched. A replaced file keeps its permission bits.
func WriteFileAtomic(path string, write func(w io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	bw := bufio.NewWriterSize(f, atomicBufSize)
	if err = write(bw); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err = bw.Flush(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	// CreateTemp makes 0600 files; a saved file is an ordinary document: 0644, or the mode of the
	// file it replaces.
	mode := os.FileMode(0o644)
	if st, statErr := os.Stat(path); statErr == nil {
		mode = st.Mode().Perm()
	}
	if err = f.Chmod(mode); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// CheckNotSource returns an error when path names the same file as source (the file a mesh was
// read from), so that writers never overwrite their input. An empty source never matches.
func CheckNotSource(path, source string) error {
	if source == "" {
		return nil
	}
	dst, err := os.Stat(path)
	if err != nil {
		return nil // target does not exist yet (or cannot be statted): nothing to overwrite
	}
	src, err := os.Stat(source)
	if err != nil {
		return nil
	}
	if os.SameFile(dst, src) {
		return fmt.Errorf("%s: refusing to overwrite the source file of the mesh", path)
	}
	return nil
}
