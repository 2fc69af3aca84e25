//go:build !unix

package gaussians

import "os"

// mapFile is not available on this platform; callers fall back to read calls.
func mapFile(f *os.File, off, size int64) ([]byte, func(), error) { return nil, nil, errNoMmap }
