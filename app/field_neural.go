package app

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/splatscope/splatscope/csp"
)

// openNeural reads a neural CSP checkpoint and bakes it adaptively at n³ over its frame's box
// (plus the bake margin), on all cores with progress.
func openNeural(ctx context.Context, path string, n int, progress func(float64)) (*FieldView, error) {
	t0 := time.Now()
	m, err := csp.LoadNeural(path)
	if err != nil {
		return nil, err
	}
	lo, hi := m.Bounds()
	blo, bhi := csp.BakeBox(lo, hi, n)
	g, err := csp.BakeAdaptive(ctx, m, blo, bhi, n, func(done, total int) {
		progress(float64(done) / float64(max(total, 1)))
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Base(path), err)
	}
	return &FieldView{
		Name: fmt.Sprintf("%s (baked adaptively %d³)", filepath.Base(path), n),
		Kind: fmt.Sprintf("neural network, widths %v", m.Widths()),
		Note: m.Frame, Grid: g, Source: m, Took: time.Since(t0),
		Meta: csp.Meta{Source: path},
	}, nil
}
