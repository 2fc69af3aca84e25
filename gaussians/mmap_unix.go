//go:build unix

package gaussians

import (
	"os"
	"syscall"
)

// mapFile maps size bytes of f from offset off (a multiple of the page size) read-only.
func mapFile(f *os.File, off, size int64) (data []byte, release func(), err error) {
	if size <= 0 || int64(int(size)) != size {
		return nil, nil, errNoMmap
	}
	data, err = syscall.Mmap(int(f.Fd()), off, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, err
	}
	return data, func() { syscall.Munmap(data) }, nil
}
