package mesh

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/hschendel/stl"
)

// stlBinaryHeader is written in binary STL headers. It must not start with "solid": readers that
// sniff the first bytes would take the file for ASCII.
const stlBinaryHeader = "binary STL written by splatscope"

// WriteSTL writes m's triangles as a binary (or ASCII) STL file with face normals, atomically, and
// refuses to overwrite m.Source.
func WriteSTL(path string, m *Mesh, ascii bool) error {
	if err := CheckNotSource(path, m.Source); err != nil {
		return err
	}
	if len(m.Triangles) > 1<<32-1 { // binary STL counts triangles in a uint32
		return fmt.Errorf("%s: %d triangles do not fit an STL file", path, len(m.Triangles))
	}
	if err := checkTriangleIndices(m); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	if ascii {
		solid := &stl.Solid{Name: name, IsAscii: true, Triangles: make([]stl.Triangle, len(m.Triangles))}
		fillTriangles(solid.Triangles, m, 0)
		return WriteFileAtomic(path, func(w io.Writer) error { return solid.WriteAll(w) })
	}
	return WriteFileAtomic(path, func(w io.Writer) error { return writeBinarySTL(w, m) })
}

// stlChunk is the number of triangles encoded per job: 64k triangles are 3.2 MB of output,
// large enough that scheduling is noise and small enough that memory stays bounded.
const stlChunk = 1 << 16

// writeBinarySTL encodes the triangles through hschendel/stl in chunks on all cores and writes
// the chunks in order. Each chunk is a small stl.Solid whose own 84-byte header is dropped: the
// library allocates per triangle, so one core alone runs at about half of Open3D's speed.
func writeBinarySTL(w io.Writer, m *Mesh) error {
	header := make([]byte, 84)
	copy(header, stlBinaryHeader)
	binary.LittleEndian.PutUint32(header[80:], uint32(len(m.Triangles)))
	if _, err := w.Write(header); err != nil {
		return err
	}
	workers := runtime.GOMAXPROCS(0)
	type job struct {
		tris []stl.Triangle
		buf  bytes.Buffer
		err  error
	}
	jobs := make([]job, workers)
	for round := 0; round < len(m.Triangles); round += workers * stlChunk {
		var wg sync.WaitGroup
		for k := range jobs {
			lo := round + k*stlChunk
			hi := min(lo+stlChunk, len(m.Triangles))
			j := &jobs[k]
			j.buf.Reset()
			if lo >= hi {
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				if cap(j.tris) < hi-lo {
					j.tris = make([]stl.Triangle, stlChunk)
				}
				j.tris = j.tris[:hi-lo]
				fillTriangles(j.tris, m, lo)
				j.err = (&stl.Solid{Triangles: j.tris}).WriteAll(&j.buf)
			}()
		}
		wg.Wait()
		for k := range jobs {
			if jobs[k].err != nil {
				return jobs[k].err
			}
			if b := jobs[k].buf.Bytes(); len(b) > 84 {
				if _, err := w.Write(b[84:]); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// fillTriangles converts m's triangles from index first on, with their face normals.
func fillTriangles(out []stl.Triangle, m *Mesh, first int) {
	for k := range out {
		i := first + k
		t := m.Triangles[i]
		st := &out[k]
		st.Normal = stl.Vec3(m.FaceNormal(i))
		for c := 0; c < 3; c++ {
			st.Vertices[c] = stl.Vec3(m.Positions[t[c]])
		}
	}
}

// checkTriangleIndices reports the first triangle that indexes past the positions.
func checkTriangleIndices(m *Mesh) error {
	n := uint32(len(m.Positions))
	for i, t := range m.Triangles {
		if t[0] >= n || t[1] >= n || t[2] >= n {
			return fmt.Errorf("triangle %d indexes vertex %v of %d", i, t, n)
		}
	}
	return nil
}
