package gaussians

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// camerasJSON is two views as the reference trainer writes them (camera_to_JSON): the first at
// (0, 0, −4) looking down +z with image y down (−y world up, COLMAP), identity rotation.
const camerasJSON = `[
 {"id": 0, "img_name": "00000", "width": 800, "height": 600, "position": [0.0, 0.0, -4.0],
  "rotation": [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]], "fy": 600.0, "fx": 600.0},
 {"id": 1, "img_name": "00001", "width": 800, "height": 600, "position": [4.0, 0.0, 0.0],
  "rotation": [[0.0, 0.0, -1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], "fy": 300.0, "fx": 300.0}
]`

func TestParseTrainingCameras(t *testing.T) {
	cams, err := ParseTrainingCameras([]byte(camerasJSON), "cameras.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(cams) != 2 || cams[1].ImgName != "00001" || cams[1].Position[0] != 4 {
		t.Fatalf("got %+v", cams)
	}
	// Camera 1 at +x: its forward axis (column 2 of camera-to-world) points at the origin (−x).
	if f := cams[1].Axis(2); f != [3]float64{-1, 0, 0} {
		t.Errorf("camera 1 forward %v, want [-1 0 0]", f)
	}
	if r := cams[1].Axis(0); r != [3]float64{0, 0, 1} {
		t.Errorf("camera 1 right %v, want [0 0 1]", r)
	}
	// fy = 600 for 600 rows: tan(fov/2) = 0.5.
	if got, want := cams[0].FovY(), 2*math.Atan(0.5); math.Abs(got-want) > 1e-12 {
		t.Errorf("FovY %v, want %v", got, want)
	}
}

func TestParseTrainingCamerasBad(t *testing.T) {
	good := `{"id": 3, "img_name": "a", "width": 10, "height": 10, "position": [0,0,0], "rotation": [[1,0,0],[0,1,0],[0,0,1]], "fx": 5, "fy": 5}`
	cases := []struct{ name, in, want string }{
		{"empty file", ``, "unexpected end"},
		{"empty list", `[]`, "no cameras"},
		{"not a list", `{"id": 0}`, "line 1, column"},
		{"syntax error placed", "[\n" + good + ",\n  {\"id\": }]", "line 3"},
		{"wrong type", `[{"width": "wide"}]`, "line 1"},
		{"zero size", "[" + strings.Replace(good, `"width": 10`, `"width": 0`, 1) + "]", "image size 0×10"},
		{"negative focal", "[" + strings.Replace(good, `"fx": 5`, `"fx": -5`, 1) + "]", "focal lengths"},
		{"not a rotation", "[" + strings.Replace(good, `[[1,0,0]`, `[[2,0,0]`, 1) + "]", "not orthonormal"},
		{"reflection", "[" + strings.Replace(good, `[0,0,1]]`, `[0,0,-1]]`, 1) + "]", "reflection"},
		{"huge size", "[" + strings.Replace(good, `"height": 10`, `"height": 1000000`, 1) + "]", "out of range"},
	}
	for _, c := range cases {
		_, err := ParseTrainingCameras([]byte(c.in), "out/cameras.json")
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "out/cameras.json: ") || !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") {
			t.Errorf("%s: error %q, want one line naming the file and %q", c.name, msg, c.want)
		}
	}
	// A bad camera is named by its index and id.
	_, err := ParseTrainingCameras([]byte("["+good+","+strings.Replace(good, `"fy": 5`, `"fy": 0`, 1)+"]"), "c.json")
	if err == nil || !strings.Contains(err.Error(), "camera 1 (id 3") {
		t.Errorf("bad second camera: %v", err)
	}
}

func TestFindTrainingCameras(t *testing.T) {
	root := t.TempDir()
	ply := filepath.Join(root, "point_cloud", "iteration_30000", "point_cloud.ply")
	if err := os.MkdirAll(filepath.Dir(ply), 0o755); err != nil {
		t.Fatal(err)
	}
	if got := FindTrainingCameras(ply); got != "" {
		t.Errorf("found %q with no cameras.json", got)
	}
	want := filepath.Join(root, CamerasFileName)
	if err := os.WriteFile(want, []byte(camerasJSON), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := FindTrainingCameras(ply); got != want {
		t.Errorf("3DGS layout: found %q, want %q", got, want)
	}
	beside := filepath.Join(filepath.Dir(ply), CamerasFileName)
	os.WriteFile(beside, []byte(camerasJSON), 0o644)
	if got := FindTrainingCameras(ply); got != beside {
		t.Errorf("beside: found %q, want %q", got, beside)
	}
	cams, err := LoadTrainingCameras(want)
	if err != nil || len(cams) != 2 {
		t.Errorf("LoadTrainingCameras: %v, %d cameras", err, len(cams))
	}
	if _, err := LoadTrainingCameras(filepath.Join(root, "missing.json")); err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("missing file: %v", err)
	}
}

// FuzzParseTrainingCameras: any input gives cameras that pass the checks, or an error; never a panic.
func FuzzParseTrainingCameras(f *testing.F) {
	f.Add([]byte(camerasJSON))
	f.Add([]byte(`[]`))
	f.Add([]byte(`[{"id":1,"width":1e99}]`))
	f.Add([]byte(`[{"rotation":[[1,0,0],[0,1,0]],"width":4,"height":4,"fx":1,"fy":1}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		cams, err := ParseTrainingCameras(data, "cameras.json")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "cameras.json: ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for i := range cams {
			if cams[i].check() != nil || !(cams[i].FovY() > 0) {
				t.Fatalf("camera %d passed but is bad: %+v", i, cams[i])
			}
		}
	})
}

func TestIsSplatScene(t *testing.T) {
	dir := t.TempDir()
	mesh := filepath.Join(dir, "mesh.ply")
	os.WriteFile(mesh, []byte("ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\nproperty float opacity\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n"), 0o644)
	cloud := filepath.Join(dir, "cloud.ply")
	os.WriteFile(cloud, []byte("ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n0 0 0\n"), 0o644)
	cases := []struct {
		path  string
		want  bool
		extra []string
	}{
		{dataFile(t, "v3dg_donut_sh0.ply"), true, nil},
		{dataFile(t, "supersplat_fruit_drops_minimal_sh3.ply"), true, []string{"transform"}},
		{dataFile(t, "swiftgraphics_winter_fountain.splat"), true, nil},
		{dataFile(t, "playcanvas_biker_v4.spz"), true, nil},
		{mesh, false, nil},
		{cloud, false, nil},
		{filepath.Join(dir, "missing.ply"), false, nil},
		{filepath.Join(dir, "model.obj"), false, nil},
	}
	for _, c := range cases {
		if got := IsSplatScene(c.path); got != c.want {
			t.Errorf("IsSplatScene(%s) = %v, want %v", filepath.Base(c.path), got, c.want)
		}
		if strings.HasSuffix(c.path, ".ply") && c.want {
			_, extra, err := SniffPLY(c.path)
			if err != nil || strings.Join(extra, " ") != strings.Join(c.extra, " ") {
				t.Errorf("SniffPLY(%s): extra %v, %v; want %v", filepath.Base(c.path), extra, err, c.extra)
			}
		}
	}
}
