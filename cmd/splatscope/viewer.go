package main

import (
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
