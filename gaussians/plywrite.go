package gaussians

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strings"
)

// WritePLY writes s as a binary little-endian 3DGS PLY in the reference trainer's property order
// (x y z nx ny nz f_dc_0..2 f_rest_* opacity scale_0..2 rot_0..3, normals zero), followed by the
// extra properties in their order. f_rest is written channel-major, as the trainer does.
func WritePLY(w io.Writer, s *Scene) error {
	if err := s.Check(); err != nil {
		return err
	}
	k := SHRestCoeffs(s.SHDegree)
	var hb strings.Builder
	hb.WriteString("ply\nformat binary_little_endian 1.0\n")
	fmt.Fprintf(&hb, "element vertex %d\n", s.N)
	props := []string{"x", "y", "z", "nx", "ny", "nz", "f_dc_0", "f_dc_1", "f_dc_2"}
	for j := 0; j < 3*k; j++ {
		props = append(props, fmt.Sprintf("f_rest_%d", j))
	}
	props = append(props, "opacity", "scale_0", "scale_1", "scale_2", "rot_0", "rot_1", "rot_2", "rot_3")
	for _, p := range s.Extra {
		if strings.ContainsAny(p.Name, " \t\r\n") || p.Name == "" {
			return fmt.Errorf("extra property name %q cannot be written to a PLY header", p.Name)
		}
		props = append(props, p.Name)
	}
	for _, p := range props {
		fmt.Fprintf(&hb, "property float %s\n", p)
	}
	hb.WriteString("end_header\n")
	bw := bufio.NewWriterSize(w, 1<<16)
	if _, err := bw.WriteString(hb.String()); err != nil {
		return err
	}
	stride := 4 * len(props)
	rows := max(1, min(s.N, plyChunkBytes/stride))
	buf := make([]byte, rows*stride)
	for first := 0; first < s.N; first += rows {
		n := min(rows, s.N-first)
		parallelRows(n, func(lo, hi int) {
			for r := lo; r < hi; r++ {
				encodePLYRow(buf[r*stride:(r+1)*stride], s, first+r, k)
			}
		})
		if _, err := bw.Write(buf[:n*stride]); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// encodePLYRow writes Gaussian i of s as one row of WritePLY's layout.
func encodePLYRow(row []byte, s *Scene, i, k int) {
	o := 0
	put := func(v float32) {
		binary.LittleEndian.PutUint32(row[o:], math.Float32bits(v))
		o += 4
	}
	for a := 0; a < 3; a++ {
		put(s.Positions[3*i+a])
	}
	put(0) // nx, ny, nz: the trainer writes zero normals
	put(0)
	put(0)
	for c := 0; c < 3; c++ {
		put(s.SHDC[3*i+c])
	}
	rest := s.SHRest[3*k*i : 3*k*(i+1)]
	for c := 0; c < 3; c++ {
		for j := 0; j < k; j++ {
			put(rest[j*3+c])
		}
	}
	put(s.Opacities[i])
	for a := 0; a < 3; a++ {
		put(s.Scales[3*i+a])
	}
	for a := 0; a < 4; a++ {
		put(s.Rotations[4*i+a])
	}
	for _, p := range s.Extra {
		put(p.Values[i])
	}
}
