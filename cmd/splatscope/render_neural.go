package main

import (
	"context"
	"fmt"

	"github.com/splatscope/splatscope/csp"
)

// openNetwork reads a neural CSP checkpoint (.pt, .pth, .safetensors).
func openNetwork(path string) (csp.Field, error) {
	f, kind, err := csp.LoadFieldFile(path)
	if err != nil {
		return nil, err
	}
	if kind != csp.KindNeural {
		return nil, fmt.Errorf("%s: a %s field, not a network", path, kind)
	}
	return f, nil
}

// bakeNetwork bakes a network's field adaptively on res³ nodes over its frame's box plus the
// bake margin: a network is never traced per pixel (one query costs millions of multiply-adds).
func bakeNetwork(ctx context.Context, f csp.Field, res int, progress func(done, total int)) (*csp.Grid, error) {
	lo, hi := f.Bounds()
	blo, bhi := csp.BakeBox(lo, hi, res)
	return csp.BakeAdaptive(ctx, f, blo, bhi, res, progress)
}
