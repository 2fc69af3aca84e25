package main

import (
	"fmt"
	"os"

	"github.com/splatscope/splatscope/app"
)

// runViewer opens the desktop viewer: no argument opens the embedded demo, a folder is browsed
// as a ShapeNetCore root, files are opened as meshes.
func runViewer(args []string) error {
	opts := app.Options{Demo: len(args) == 0}
	for _, a := range args {
		if st, err := os.Stat(a); err == nil && st.IsDir() {
			opts.ShapeNetRoot = a
			continue
		}
		opts.Files = append(opts.Files, a)
	}
	return app.Run(opts)
}

func init() {
	register("demo", "[teapot|appearance]   open the viewer on an embedded demo scene (appearance: a synthetic house, day/sunset/night)", runDemo)
}

// runDemo opens the viewer on one of the embedded demo scenes.
func runDemo(args []string) error {
	scene := app.DemoTeapot
	if len(args) > 0 {
		scene = args[0]
	}
	if len(args) > 1 || scene != app.DemoTeapot && scene != app.DemoAppearance {
		return fmt.Errorf("demo %q: want %s or %s", scene, app.DemoTeapot, app.DemoAppearance)
	}
	return app.Run(app.Options{Demo: true, DemoScene: scene})
}
