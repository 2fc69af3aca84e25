package gaussians

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// fuzzSeeds returns the small real files of the given extension plus truncated and corrupted
// variants of each, and of a small written scene.
func fuzzSeeds(f *testing.F, ext string, write func(*Scene) []byte) [][]byte {
	var seeds [][]byte
	paths, _ := filepath.Glob(filepath.Join(dataDir, "*"+ext))
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil && st.Size() <= 4096 { // keep the corpus small
			if b, err := os.ReadFile(p); err == nil {
				seeds = append(seeds, b)
			}
		}
	}
	seeds = append(seeds, write(randomScene(3, 1, 1)), write(randomScene(2, 3, 2)))
	var variants [][]byte
	for _, b := range seeds {
		variants = append(variants, b, b[:len(b)/2], b[:len(b)-1])
		c := bytes.Clone(b)
		for i := 7; i < len(c); i += 53 {
			c[i] ^= 0x5a
		}
		variants = append(variants, c)
	}
	return variants
}

// checkFuzzScene asserts the invariants every successful read must keep.
func checkFuzzScene(t *testing.T, s *Scene, err error) {
	if err != nil {
		return
	}
	if cerr := s.Check(); cerr != nil {
		t.Fatalf("reader returned an inconsistent scene: %v", cerr)
	}
	for i := 0; i < s.N; i++ {
		if !finite(s.Positions[3*i:3*i+3]) || !finite(s.Scales[3*i:3*i+3]) || !finite(s.Opacities[i:i+1]) {
			t.Fatalf("Gaussian %d has non-finite values after Sanitize", i)
		}
	}
}

func FuzzReadPLY(f *testing.F) {
	for _, b := range fuzzSeeds(f, ".ply", func(s *Scene) []byte {
		var b bytes.Buffer
		WritePLY(&b, s)
		return b.Bytes()
	}) {
		f.Add(b)
	}
	if b, err := os.ReadFile(filepath.Join("testdata", "metalsplatter_3points.compressed.ply")); err == nil {
		f.Add(b)
		f.Add(b[:len(b)-50])
	}
	f.Add(writeOtherPLY(randomScene(2, 1, 3), "ascii"))
	f.Add(writeOtherPLY(randomScene(2, 0, 4), "binary_big_endian"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ReadPLY(bytes.NewReader(data), "f.ply", int64(len(data)))
		checkFuzzScene(t, s, err)
		rb, err2 := DecodeRenderBuffers(bytes.NewReader(data), "f.ply", int64(len(data)))
		if (err == nil) != (err2 == nil) {
			t.Fatalf("ReadPLY error %v but DecodeRenderBuffers error %v", err, err2)
		}
		if err == nil && rb.N != s.N {
			t.Fatalf("ReadPLY kept %d Gaussians, DecodeRenderBuffers %d", s.N, rb.N)
		}
	})
}

func FuzzReadSplat(f *testing.F) {
	for _, b := range fuzzSeeds(f, ".splat", func(s *Scene) []byte {
		var b bytes.Buffer
		WriteSplat(&b, s)
		return b.Bytes()
	}) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ReadSplat(bytes.NewReader(data), "f.splat", int64(len(data)))
		checkFuzzScene(t, s, err)
	})
}

func FuzzReadSPZ(f *testing.F) {
	for _, v := range []int{3, 4} {
		for _, b := range fuzzSeeds(f, ".spz", func(s *Scene) []byte {
			b, _ := bytesOfSPZ(s, v)
			return b
		}) {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ReadSPZ(bytes.NewReader(data), "f.spz", int64(len(data)))
		checkFuzzScene(t, s, err)
	})
}
