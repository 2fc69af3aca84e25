package app

import (
	"context"
	"fmt"
	"math"

	"github.com/splatscope/splatscope/materials"
)

// graspState is the grasp estimate of the selection (materials.Estimate) with its inputs.
type graspState struct {
	areaMM2   float32 // pad contact area A in mm²
	kappa     float32 // κ_max in 1/m
	thetaDeg  float32 // θ in degrees
	metres    float32 // metres per scene unit
	ellipsoid bool    // volume from 1σ ellipsoids instead of voxels
	result    *materials.Grasp
	err       string
	job       *Job
	stale     bool // the selection or the table changed since the estimate
}

// newGraspState returns GaussianProperty's defaults: A = 110 mm², κ_max = 0.5, θ = 0, 1 m/unit.
func newGraspState() graspState {
	return graspState{areaMM2: float32(materials.DefaultContactArea * 1e6), kappa: materials.DefaultKappaMax, metres: 1}
}

// estimateGrasp runs materials.Estimate on the selection in a background job (the full scene
// is read from its file the first time).
func (a *App) estimateGrasp() {
	m := &a.mat
	if !a.hasLabels() || m.sel.count == 0 {
		m.grasp.err = "select the part to grasp first"
		return
	}
	if m.grasp.job != nil {
		m.grasp.job.Cancel()
	}
	g := &m.grasp
	opts := materials.GraspOptions{ContactArea: float64(g.areaMM2) * 1e-6, KappaMax: float64(g.kappa),
		Theta: float64(g.thetaDeg) * math.Pi / 180, MetresPerUnit: float64(g.metres)}
	if g.ellipsoid {
		opts.Volume = materials.VolumeEllipsoid
	}
	l := snapshotLabels(m.labels)
	sel := m.sel.indices()
	v, have := m.view, m.scene
	g.err = ""
	g.job = a.jobs.Start("Grasp estimate", func(ctx context.Context, progress func(float64)) (func() error, error) {
		s, err := fullScene(ctx, have, v.Path, l.N(), progress)
		var res *materials.Grasp
		if err == nil {
			res, err = materials.Estimate(s, l, sel, opts)
		}
		return func() error {
			if a.mat.view != v {
				return nil
			}
			a.mat.grasp.job = nil
			if s != nil {
				a.mat.scene = s
			}
			if err != nil {
				a.mat.grasp.err = oneLine(err)
				return nil
			}
			a.mat.grasp.result, a.mat.grasp.stale = res, false
			return nil
		}, nil
	})
}

// graspLines formats an estimate for the panel: the inputs, then the forces.
func graspLines(g *materials.Grasp) []string {
	feasible := "feasible"
	if !g.Feasible() {
		feasible = "NOT feasible: F_min > F_max"
	}
	return []string{
		fmt.Sprintf("%d Gaussians, V = %.4g m³, m = %.4g kg", g.Count, g.Volume, g.Mass),
		fmt.Sprintf("μ = %.3g, E = %.3g Pa, σ_y = %.3g Pa", g.Friction, g.YoungsModulus, g.YieldStress),
		fmt.Sprintf("d = %.4g m along (%.2g, %.2g, %.2g)", g.Thickness, g.Axis[0], g.Axis[1], g.Axis[2]),
		fmt.Sprintf("A = %.4g mm², κ_max = %.3g 1/m, θ = %.3g°, g = %.4g m/s²", g.ContactArea*1e6, g.KappaMax, g.Theta*180/math.Pi, g.Gravity),
		fmt.Sprintf("F_min = ½·m·g·(cos θ/μ − sin θ) = %.4g N", g.FMin),
		fmt.Sprintf("F_max = min(A·σ_y, ½·A·E·d·κ_max) = min(%.4g, %.4g) = %.4g N", g.FYield, g.FBend, g.FMax),
		feasible,
	}
}
