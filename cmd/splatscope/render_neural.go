package main

import (
	"context"
	"fmt"

	"github.com/splatscope/splatscope/csp"
)

// openNetwork reads a neural CSP checkpoint.
func openNetwork(path string) (csp.Field, error) {
	return nil, fmt.Errorf("%s: neural CSP checkpoints are not supported by this build", path)
}

// bakeNetwork bakes a network's field adaptively on a res³ grid.
func bakeNetwork(ctx context.Context, f csp.Field, res int, progress func(done, total int)) (*csp.Grid, error) {
	lo, hi := f.Bounds()
	return csp.Bake(ctx, f, lo, hi, res, progress)
}
