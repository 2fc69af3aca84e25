package app

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/splatscope/splatscope/assets"
	"github.com/splatscope/splatscope/mesh"
	"github.com/splatscope/splatscope/render"
)

// drawable is what the scene draws: a render.MeshPass, or a fake in tests.
type drawable interface {
	Draw(render.Frame, render.MeshStyle)
	Delete()
}

// Scene is the mesh on screen with its GPU pass and its description.
type Scene struct {
	Name string
	Mesh *mesh.Mesh
	Data *render.MeshData // prepared off the GL thread, uploaded by newPass
	Pass drawable
	Info mesh.Info
}

// Delete frees the scene's GPU objects.
func (s *Scene) Delete() {
	if s.Pass != nil {
		s.Pass.Delete()
		s.Pass = nil
	}
}

// uploadScene creates the GL pass of a prepared scene (the GL thread only).
func uploadScene(s *Scene) error {
	p, err := render.UploadMesh(s.Data)
	if err != nil {
		return err
	}
	s.Pass = p
	return nil
}

// prepareScene does the CPU work for showing m: GPU arrays and the mesh description.
func prepareScene(name string, m *mesh.Mesh) (*Scene, error) {
	d, err := render.PrepareMesh(m)
	if err != nil {
		return nil, err
	}
	return &Scene{Name: name, Mesh: m, Data: d, Info: mesh.Describe(m, "")}, nil
}

// openMesh loads a mesh file in a background job; on success it replaces the scene.
func (a *App) openMesh(path string) {
	name := filepath.Base(path)
	a.jobs.Start("Loading "+name, func(ctx context.Context, progress func(float64)) (func() error, error) {
		s, err := loadScene(ctx, path, nil, progress)
		if err != nil {
			return nil, err
		}
		return func() error { return a.setScene(s, true) }, nil
	})
}

// loadScene reads path with progress and prepares it; edit, if not nil, changes the mesh first.
func loadScene(ctx context.Context, path string, edit func(*mesh.Mesh), progress func(float64)) (*Scene, error) {
	m, err := mesh.Load(path, func(done, total int64) {
		if total > 0 {
			progress(0.9 * float64(done) / float64(total)) // reading is ~90% of the time; preparing the rest
		}
	})
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if edit != nil {
		edit(m)
	}
	s, err := prepareScene(filepath.Base(path), m)
	progress(1)
	return s, err
}

// openDemo loads the embedded teapot.
func (a *App) openDemo() {
	a.jobs.Start("Loading demo", func(ctx context.Context, progress func(float64)) (func() error, error) {
		m, err := assets.DemoMesh()
		if err != nil {
			return nil, err
		}
		s, err := prepareScene(assets.DemoName, m)
		if err != nil {
			return nil, err
		}
		return func() error {
			if err := a.setScene(s, true); err != nil {
				return err
			}
			a.demoField()
			return nil
		}, nil
	})
}

// setScene uploads s and makes it current; on failure the previous scene stays.
func (a *App) setScene(s *Scene, frame bool) error {
	if err := a.newPass(s); err != nil {
		return fmt.Errorf("%s: %s", s.Name, oneLine(err))
	}
	s.Data = nil // uploaded: let the CPU copy go
	if a.scene != nil {
		a.scene.Delete()
	}
	a.dropField() // a field belongs to the mesh it was baked from (or stood alone)
	a.dropSplat()
	a.scene = s
	if frame {
		a.frameAll()
	}
	msg := fmt.Sprintf("Opened %s: %d vertices, %d triangles", s.Name, s.Info.Vertices, s.Info.Triangles)
	if n := len(s.Mesh.Warnings); n > 0 {
		msg += fmt.Sprintf(" (%d warnings: %s)", n, s.Mesh.Warnings[0])
	}
	a.setStatus(msg)
	return nil
}
