package mesh

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
)

// WriteOBJ writes m as a Wavefront OBJ file (positions, texture coordinates, normals, triangles
// and line segments; no materials), atomically, refusing to overwrite m.Source.
func WriteOBJ(path string, m *Mesh) error {
	if err := CheckNotSource(path, m.Source); err != nil {
		return err
	}
	if err := checkTriangleIndices(m); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	uvs := len(m.TriUVs) == len(m.Triangles) && len(m.UVs) > 0 && validCorners(m.TriUVs, len(m.UVs))
	nrm := len(m.TriNormals) == len(m.Triangles) && len(m.Normals) > 0 && validCorners(m.TriNormals, len(m.Normals))
	return WriteFileAtomic(path, func(w io.Writer) error {
		bw, ok := w.(*bufio.Writer)
		if !ok {
			bw = bufio.NewWriter(w)
		}
		var b []byte
		num := func(v float32) {
			b = append(b, ' ')
			// 'g' with -1 precision is the shortest text that reads back to the same float32.
			b = strconv.AppendFloat(b, float64(v), 'g', -1, 32)
		}
		bw.WriteString("# written by splatscope\n")
		for _, p := range m.Positions {
			b = append(b[:0], 'v')
			num(p[0])
			num(p[1])
			num(p[2])
			bw.Write(append(b, '\n'))
		}
		if uvs {
			for _, t := range m.UVs {
				b = append(b[:0], 'v', 't')
				num(t[0])
				num(t[1])
				bw.Write(append(b, '\n'))
			}
		}
		if nrm {
			for _, n := range m.Normals {
				b = append(b[:0], 'v', 'n')
				num(n[0])
				num(n[1])
				num(n[2])
				bw.Write(append(b, '\n'))
			}
		}
		for i, t := range m.Triangles {
			b = append(b[:0], 'f')
			for c := 0; c < 3; c++ {
				b = append(b, ' ')
				b = strconv.AppendUint(b, uint64(t[c])+1, 10) // OBJ indices are 1-based
				switch {
				case uvs && nrm:
					b = append(b, '/')
					b = strconv.AppendInt(b, int64(m.TriUVs[i][c])+1, 10)
					b = append(b, '/')
					b = strconv.AppendInt(b, int64(m.TriNormals[i][c])+1, 10)
				case uvs:
					b = append(b, '/')
					b = strconv.AppendInt(b, int64(m.TriUVs[i][c])+1, 10)
				case nrm:
					b = append(b, '/', '/')
					b = strconv.AppendInt(b, int64(m.TriNormals[i][c])+1, 10)
				}
			}
			bw.Write(append(b, '\n'))
		}
		n := uint32(len(m.Positions))
		for _, l := range m.Lines {
			if l[0] < n && l[1] < n {
				b = append(b[:0], 'l', ' ')
				b = strconv.AppendUint(b, uint64(l[0])+1, 10)
				b = append(b, ' ')
				b = strconv.AppendUint(b, uint64(l[1])+1, 10)
				bw.Write(append(b, '\n'))
			}
		}
		return bw.Flush()
	})
}
