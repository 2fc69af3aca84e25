package materials

import (
	"bytes"
	"testing"

	"github.com/splatscope/splatscope/gaussians"
)

// Fuzz targets for every reader: .npy arrays, id maps (JSON and CSV), camera views, materials
// tables and label PNGs. Each must return a value or an error naming the file, never panic.

func FuzzReadNPY1D(f *testing.F) {
	var b bytes.Buffer
	WriteNPYInt32(&b, []int32{1, 2, 3})
	f.Add(b.Bytes())
	b.Reset()
	WriteNPYFloat32(&b, []float32{0.5})
	f.Add(b.Bytes())
	f.Add(npyBytes("{'descr': '>i8', 'fortran_order': False, 'shape': (1, 1), }", make([]byte, 8)))
	f.Add(npyBytes("{'descr': '<f2', 'fortran_order': True, 'shape': (2,), }", []byte{0, 0x7c, 1, 0xfc}))
	f.Add([]byte("\x93NUMPY\x02\x00\xff\xff\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, size := range []int64{int64(len(data)), -1} {
			a, err := ReadNPY1D(bytes.NewReader(data), size, "f.npy")
			if err == nil && (a == nil || len(a.Descr) != 3 && len(a.Descr) != 4) {
				t.Fatalf("bad array %+v", a)
			}
			if err != nil && !bytes.HasPrefix([]byte(err.Error()), []byte("f.npy: ")) {
				t.Fatalf("error does not name the file: %v", err)
			}
		}
	})
}

func FuzzParseIDMap(f *testing.F) {
	f.Add([]byte(`{"0": "wood", "1": "metal"}`), false)
	f.Add([]byte(`["wood", "glass"]`), true)
	f.Add([]byte("id,name\n0,wood\n1,\"metal, bare\"\n"), false)
	f.Add([]byte("# comment\n3,paper\n"), false)
	f.Fuzz(func(t *testing.T, data []byte, asJSON bool) {
		name := "map.csv"
		if asJSON {
			name = "map.json"
		}
		m, err := ParseIDMap(data, name)
		if err != nil {
			return
		}
		for id, n := range m {
			if id < 0 || id >= maxMaterialID || n == "" {
				t.Fatalf("accepted id %d name %q", id, n)
			}
		}
		var b bytes.Buffer
		if err := m.EncodeJSON(&b); err != nil {
			t.Fatal(err)
		}
		again, err := ParseIDMap(b.Bytes(), "again.json")
		if err != nil || len(again) != len(m) {
			t.Fatalf("re-encoded map does not parse: %v\n%s", err, b.Bytes())
		}
	})
}

// FuzzCameraViews: whatever the cameras reader accepts projects without panicking.
func FuzzCameraViews(f *testing.F) {
	f.Add([]byte(`[{"id": 0, "img_name": "a", "width": 8, "height": 6, "position": [0, 0, -4], "rotation": [[1, 0, 0], [0, 1, 0], [0, 0, 1]], "fy": 7, "fx": 7}]`))
	f.Add([]byte(`[{"width": 1e9, "height": 1, "fx": 1e308, "fy": 1}]`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		cams, err := gaussians.ParseTrainingCameras(data, "cameras.json")
		if err != nil {
			return
		}
		for i := range cams {
			v := ViewFor(&cams[i], cams[i].Width, cams[i].Height)
			v.Project([3]float64{0, 0, 0})
		}
	})
}

func FuzzParseTable(f *testing.F) {
	f.Add(defaultTableJSON)
	f.Add([]byte(`{"materials": [{"name": "x", "model": "snow", "color": "#000000"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := ParseTable(data, "t.json")
		if err != nil {
			return
		}
		if err := tab.Validate(); err != nil {
			t.Fatalf("parsed table fails validation: %v", err)
		}
		for i := range tab.Materials {
			tab.Materials[i].RGB()
		}
	})
}

func FuzzDecodeLabelImage(f *testing.F) {
	tab := DefaultTable()
	img := LabelImage{W: 3, H: 2, IDs: []int32{0, 1, NoLabel, 3, 18, 2}}
	var b bytes.Buffer
	img.EncodeGray(&b)
	f.Add(b.Bytes())
	f.Add(b.Bytes()[:b.Len()/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		m, _, err := DecodeLabelImage(bytes.NewReader(data), "mask.png", tab, nil)
		if err != nil {
			return
		}
		for _, id := range m.IDs {
			if id != NoLabel && (id < 0 || int(id) >= len(tab.Materials)) {
				t.Fatalf("id %d out of range", id)
			}
		}
	})
}
