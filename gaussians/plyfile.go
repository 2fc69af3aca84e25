package gaussians

import (
	"bufio"
	"errors"
	"fmt"
	"os"

	"github.com/splatscope/splatscope/mesh"
)

// errNoMmap says the platform or file cannot be memory-mapped; readers fall back to read calls.
var errNoMmap = errors.New("memory mapping not available")

// openPLYFile opens a PLY file for decoding; when its rows are little-endian floats it maps the
// file so the decoders read the page cache directly instead of copying it first.
func openPLYFile(path string, progress func(done, total int64)) (*plyVertexReader, func(), error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if st.IsDir() {
		f.Close()
		return nil, nil, fmt.Errorf("%s: is a directory", path)
	}
	size := st.Size()
	p, err := openPLY(bufio.NewReaderSize(mesh.NewProgressReader(f, size, progress), plyBufSize), path, size)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if p.native {
		p.file, p.progress, p.fileSize = f, progress, size
	}
	return p, func() { f.Close() }, nil
}

// decodePLYFile opens the PLY file at path (memory-mapped where possible) and decodes its rows
// with read.
func decodePLYFile[T any](path string, progress func(done, total int64), read func(*plyVertexReader) (T, error)) (T, error) {
	p, done, err := openPLYFile(path, progress)
	if err != nil {
		var zero T
		return zero, err
	}
	defer done()
	return read(p)
}

// mapWindow is how much of the file is mapped at a time: the decoders read the page cache in
// place, and unmapping each window when it is done keeps the process's resident memory near the
// decoded scene's size instead of adding the whole file to it.
const mapWindow = 8 * plyChunkBytes

// eachMapped hands fn the rows window by window straight from memory-mapped file pages.
// It returns errNoMmap, having called fn for nothing, when the file cannot be mapped.
func (p *plyVertexReader) eachMapped(rows int, fn func(src []byte, first, n int)) error {
	stride := int64(p.layout.stride)
	page := int64(os.Getpagesize())
	perWindow := max(1, mapWindow/stride/int64(rows)) * int64(rows)
	for first := int64(0); first < int64(p.count); first += perWindow {
		n := min(perWindow, int64(p.count)-first)
		start := p.dataOff + first*stride
		base := start / page * page
		data, unmap, err := mapFile(p.file, base, start+n*stride-base)
		if err != nil {
			if first == 0 {
				return errNoMmap
			}
			return fmt.Errorf("%s: %v", p.name, err)
		}
		win := data[start-base:]
		for r := int64(0); r < n; r += int64(rows) {
			m := min(int64(rows), n-r)
			fn(win[r*stride:(r+m)*stride], int(first+r), int(m))
			if p.progress != nil {
				p.progress(start+(r+m)*stride, p.fileSize)
			}
		}
		unmap()
	}
	return nil
}
