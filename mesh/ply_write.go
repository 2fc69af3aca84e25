package mesh

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strconv"
)

// WritePLY writes m as a PLY file (binary little-endian, or ASCII), atomically, refusing to
// overwrite m.Source. Per-vertex normals, colours and texture coordinates are written as vertex
// properties; texture coordinates that are per corner are written as a face `texcoord` list.
func WritePLY(path string, m *Mesh, binaryBody bool) error {
	if err := CheckNotSource(path, m.Source); err != nil {
		return err
	}
	if err := checkTriangleIndices(m); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	normals := perVertex(len(m.Positions), len(m.Normals), m.TriNormals, m.Triangles)
	uvs := perVertex(len(m.Positions), len(m.UVs), m.TriUVs, m.Triangles)
	cornerUVs := !uvs && len(m.UVs) > 0 && len(m.TriUVs) == len(m.Triangles) && validCorners(m.TriUVs, len(m.UVs))
	colors := len(m.Colors) == len(m.Positions) && len(m.Colors) > 0
	return WriteFileAtomic(path, func(w io.Writer) error {
		bw, ok := w.(*bufio.Writer)
		if !ok {
			bw = bufio.NewWriter(w)
		}
		format := "ascii"
		if binaryBody {
			format = "binary_little_endian"
		}
		fmt.Fprintf(bw, "ply\nformat %s 1.0\ncomment written by splatscope\nelement vertex %d\n", format, len(m.Positions))
		bw.WriteString("property float x\nproperty float y\nproperty float z\n")
		if normals {
			bw.WriteString("property float nx\nproperty float ny\nproperty float nz\n")
		}
		if uvs {
			bw.WriteString("property float s\nproperty float t\n")
		}
		if colors {
			bw.WriteString("property uchar red\nproperty uchar green\nproperty uchar blue\n")
		}
		fmt.Fprintf(bw, "element face %d\nproperty list uchar int vertex_indices\n", len(m.Triangles))
		if cornerUVs {
			bw.WriteString("property list uchar float texcoord\n")
		}
		bw.WriteString("end_header\n")
		pw := plyWriter{w: bw, binary: binaryBody}
		for i, p := range m.Positions {
			pw.f32(p[0], p[1], p[2])
			if normals {
				pw.f32(m.Normals[i][0], m.Normals[i][1], m.Normals[i][2])
			}
			if uvs {
				pw.f32(m.UVs[i][0], m.UVs[i][1])
			}
			if colors {
				c := m.Colors[i]
				pw.u8(colorByte(c[0]), colorByte(c[1]), colorByte(c[2]))
			}
			pw.end()
		}
		for i, t := range m.Triangles {
			pw.u8(3)
			pw.i32(int32(t[0]), int32(t[1]), int32(t[2]))
			if cornerUVs {
				pw.u8(6)
				for _, k := range m.TriUVs[i] {
					pw.f32(m.UVs[k][0], m.UVs[k][1])
				}
			}
			pw.end()
		}
		return bw.Flush() // bufio.Writer latches the first write error and returns it here
	})
}

// perVertex reports whether an attribute pool of n items indexed by tri is really one item per
// position (as PLY stores them): tri is nil or equal to the triangles' position indices.
func perVertex(npos, n int, tri [][3]int32, tris [][3]uint32) bool {
	if n != npos || n == 0 {
		return false
	}
	if tri == nil {
		return true
	}
	if len(tri) != len(tris) {
		return false
	}
	for i, t := range tri {
		if uint32(t[0]) != tris[i][0] || uint32(t[1]) != tris[i][1] || uint32(t[2]) != tris[i][2] {
			return false
		}
	}
	return true
}

// validCorners reports whether every corner index is in [0, n).
func validCorners(tri [][3]int32, n int) bool {
	for _, t := range tri {
		for _, k := range t {
			if k < 0 || int(k) >= n {
				return false
			}
		}
	}
	return true
}

// colorByte encodes a linear colour channel as an 8-bit sRGB value.
func colorByte(v float32) uint8 {
	return uint8(math.Round(float64(srgbEncode(v)) * 255))
}

// plyWriter writes body values in binary little-endian or as ASCII fields, one item per line.
type plyWriter struct {
	w      *bufio.Writer
	binary bool
	sep    bool // a field was written on the current ASCII line
	buf    []byte
}

func (p *plyWriter) field(b []byte) {
	if p.sep {
		p.w.WriteByte(' ')
	}
	p.w.Write(b)
	p.sep = true
}

func (p *plyWriter) f32(vs ...float32) {
	for _, v := range vs {
		if p.binary {
			p.buf = binary.LittleEndian.AppendUint32(p.buf[:0], math.Float32bits(v))
			p.w.Write(p.buf)
		} else {
			// 'g' with -1 precision is the shortest text that reads back to the same float32.
			p.field(strconv.AppendFloat(p.buf[:0], float64(v), 'g', -1, 32))
		}
	}
}

func (p *plyWriter) i32(vs ...int32) {
	for _, v := range vs {
		if p.binary {
			p.buf = binary.LittleEndian.AppendUint32(p.buf[:0], uint32(v))
			p.w.Write(p.buf)
		} else {
			p.field(strconv.AppendInt(p.buf[:0], int64(v), 10))
		}
	}
}

func (p *plyWriter) u8(vs ...uint8) {
	for _, v := range vs {
		if p.binary {
			p.w.WriteByte(v)
		} else {
			p.field(strconv.AppendUint(p.buf[:0], uint64(v), 10))
		}
	}
}

// end finishes an item: a newline in ASCII.
func (p *plyWriter) end() {
	if !p.binary {
		p.w.WriteByte('\n')
		p.sep = false
	}
}
