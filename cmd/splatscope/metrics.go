package main

import (
	"flag"
	"fmt"

	"github.com/splatscope/splatscope/csp"
	"github.com/splatscope/splatscope/mesh"
)

func init() {
	register("metrics", "REF MESH [--samples N] [--seed S]   Chamfer-L1/L2, normal consistency and F-score of MESH against REF", runMetrics)
}

func runMetrics(args []string) error {
	fs := flag.NewFlagSet("metrics", flag.ContinueOnError)
	samples := fs.Int("samples", csp.DefaultMetricSamples, "area-weighted surface samples per mesh")
	seed := fs.Uint64("seed", csp.DefaultMetricSeed, "sampling seed (same seed, same figures)")
	if err := fs.Parse(reorderFlags(args, "samples", "seed")); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return fmt.Errorf("want REF and MESH, got %d arguments", fs.NArg())
	}
	a, err := mesh.Load(fs.Arg(0), nil)
	if err != nil {
		return err
	}
	b, err := mesh.Load(fs.Arg(1), nil)
	if err != nil {
		return err
	}
	m, err := csp.Compare(a, b, *samples, *seed)
	if err != nil {
		return err
	}
	fmt.Printf("reference %s, mesh %s: %d samples each, distances in units of the reference's box diagonal (%.6g)\n", fs.Arg(0), fs.Arg(1), m.Samples, m.Diagonal)
	fmt.Printf("chamfer_l1 %.6g\nchamfer_l2 %.6g\naccuracy %.6g\ncompleteness %.6g\nnormal_consistency %.6f\n", m.ChamferL1, m.ChamferL2, m.Accuracy, m.Completeness, m.NormalConsistency)
	for i, th := range csp.FScoreThresholds {
		fmt.Printf("fscore@%g %.6f (precision %.6f, recall %.6f)\n", th, m.FScore[i], m.Precision[i], m.Recall[i])
	}
	return nil
}
