package csp

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/splatscope/splatscope/mesh"
)

// gridMesh tessellates a parametric surface on an (nu+1)×(nv+1) vertex grid.
func gridMesh(nu, nv int, at func(u, v float64) mgl32.Vec3) *mesh.Mesh {
	m := &mesh.Mesh{}
	for i := 0; i <= nu; i++ {
		for j := 0; j <= nv; j++ {
			m.Positions = append(m.Positions, at(float64(i)/float64(nu), float64(j)/float64(nv)))
		}
	}
	for i := 0; i < nu; i++ {
		for j := 0; j < nv; j++ {
			a := uint32(i*(nv+1) + j)
			b, c, d := a+uint32(nv+1), a+uint32(nv+2), a+1
			m.Triangles = append(m.Triangles, [3]uint32{a, b, c}, [3]uint32{a, c, d})
		}
	}
	return m
}

// qualityShape is a field and the reference mesh its extraction is measured against.
type qualityShape struct {
	name string
	f    Field
	ref  *mesh.Mesh
}

func qualityShapes(t *testing.T) []qualityShape {
	// Reference tessellations fine enough (≤ 1e-5 of the diagonal in chord error) to be exact.
	const fine = 720
	disk := Disk{Normal: mgl32.Vec3{0, 0, 1}, Radius: 0.5}
	cyl := Cylinder{Axis: mgl32.Vec3{0, 0, 1}, Radius: 0.3, HalfHeight: 0.4}
	plates := Plates{Normal: mgl32.Vec3{0, 0, 1}, Gap: 0.2, HalfSize: 0.4}
	plateMesh := gridMesh(200, 200, func(u, v float64) mgl32.Vec3 {
		return mgl32.Vec3{float32(0.8*u - 0.4), float32(0.8*v - 0.4), 0.1}
	})
	lower := gridMesh(200, 200, func(u, v float64) mgl32.Vec3 {
		return mgl32.Vec3{float32(0.8*u - 0.4), float32(0.8*v - 0.4), -0.1}
	})
	n := uint32(len(plateMesh.Positions))
	plateMesh.Positions = append(plateMesh.Positions, lower.Positions...)
	for _, tr := range lower.Triangles {
		plateMesh.Triangles = append(plateMesh.Triangles, [3]uint32{tr[0] + n, tr[1] + n, tr[2] + n})
	}
	shapes := []qualityShape{
		{"disk", disk, gridMesh(200, fine, func(u, v float64) mgl32.Vec3 {
			a := 2 * math.Pi * v
			return mgl32.Vec3{float32(0.5 * u * math.Cos(a)), float32(0.5 * u * math.Sin(a)), 0}
		})},
		{"open cylinder", cyl, gridMesh(fine, 200, func(u, v float64) mgl32.Vec3 {
			a := 2 * math.Pi * u
			return mgl32.Vec3{float32(0.3 * math.Cos(a)), float32(0.3 * math.Sin(a)), float32(0.8*v - 0.4)}
		})},
		{"plates", plates, plateMesh},
	}
	for _, name := range []string{"stanford_bunny", "utah_teapot"} {
		m, err := mesh.Load(filepath.Join(dataDir, "meshes", name+".obj"), nil)
		if err != nil {
			t.Fatal(err)
		}
		f, err := NewMeshField(m)
		if err != nil {
			t.Fatal(err)
		}
		shapes = append(shapes, qualityShape{name, f, m})
	}
	return shapes
}

// TestExtractQuality prints the quality table of open mode against marching at u = ε and
// fails unless open mode wins on every metric. By default it runs at 48³ (seconds); with
// EXTRACT_QUALITY=1 (bench/extract_quality.sh) at 128³ and 256³ (minutes);
// EXTRACT_QUALITY_RES overrides the resolutions (comma-separated).
func TestExtractQuality(t *testing.T) {
	resList := []int{48} // the smallest grid where every shape, the bunny's ears included, is resolved
	if os.Getenv("EXTRACT_QUALITY") == "1" {
		resList = []int{128, 256}
	}
	if s := os.Getenv("EXTRACT_QUALITY_RES"); s != "" {
		resList = nil
		for _, f := range strings.Split(s, ",") {
			r, err := strconv.Atoi(f)
			if err != nil {
				t.Fatal(err)
			}
			resList = append(resList, r)
		}
	}
	fmt.Printf("%-15s %4s %-6s %9s %9s %10s %7s %8s %8s %6s %6s\n", "shape", "N", "mode", "triangles", "CD-L1", "CD-L2", "NC", "F@0.005", "F@0.01", "bound", "nonman")
	for _, sh := range qualityShapes(t) {
		for _, res := range resList {
			var got [3]Metrics
			runs := []struct {
				label string
				o     ExtractOptions
			}{
				{"open", ExtractOptions{Mode: ExtractOpen, Res: res}},
				{"mc.1", ExtractOptions{Mode: ExtractMCEpsilon, Res: res}},
				{"mc1", ExtractOptions{Mode: ExtractMCEpsilon, Res: res, Thickness: -1}},
			}
			for mi, r := range runs {
				if r.o.Thickness < 0 { // one voxel: ε ≥ √3/2 voxel leaves no holes
					lo, hi := sh.f.Bounds()
					blo, bhi := BakeBox(lo, hi, res)
					r.o.Thickness = (bhi[0] - blo[0]) / float32(res-1)
				}
				m, _, err := Extract(context.Background(), sh.f, r.o)
				if errors.Is(err, ErrNoSurface) {
					got[mi] = Metrics{ChamferL1: math.Inf(1), ChamferL2: math.Inf(1), FScore: []float64{0, 0}}
					fmt.Printf("%-15s %4d %-6s %9d %9s %10s %7s %8s %8s  %s\n", sh.name, res, r.label, 0, "inf", "inf", "-", "0", "0", "(no surface found)")
					continue
				}
				if err != nil {
					t.Fatalf("%s %d %v: %v", sh.name, res, r.label, err)
				}
				mt, err := Compare(sh.ref, m, DefaultMetricSamples, DefaultMetricSeed)
				if err != nil {
					t.Fatal(err)
				}
				got[mi] = mt
				tp := mesh.Analyze(m)
				fmt.Printf("%-15s %4d %-6s %9d %9.3g %10.3g %7.4f %8.4f %8.4f %6d %6d\n", sh.name, res, r.label, len(m.Triangles),
					mt.ChamferL1, mt.ChamferL2, mt.NormalConsistency, mt.FScore[0], mt.FScore[1], tp.BoundaryEdges, tp.NonManifoldEdges)
				if mi == 0 && (tp.DegenerateTriangles != 0 || tp.DuplicateTriangles != 0) {
					t.Errorf("%s at %d: open mode left %d degenerate and %d duplicate triangles",
						sh.name, res, tp.DegenerateTriangles, tp.DuplicateTriangles)
				}
			}
			o := got[0]
			for _, b := range got[1:] {
				if !(o.ChamferL1 < b.ChamferL1 && o.ChamferL2 < b.ChamferL2 && o.NormalConsistency >= b.NormalConsistency && o.FScore[0] >= b.FScore[0] && o.FScore[1] >= b.FScore[1]) {
					t.Errorf("%s at %d: open mode does not beat marching at u = ε on every metric", sh.name, res)
				}
			}
		}
	}
	fmt.Printf("metrics against the reference, distances in units of its box diagonal; mc.1 / mc1 = marching at u = ε = %.1f / 1 voxel (vertices on u = ε)\n", DefaultEpsilonVoxels)
}
