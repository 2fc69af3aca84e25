// Package physics couples Gaussian splat scenes to the MPM solver: the physics preview of
// labelled splats (PhysGaussian-style). It turns Gaussians into particles (dropping nearly
// transparent ones, optionally filling hollow interiors, one particle per voxel so large
// scenes simulate a subset), gives each particle the solver material of its label, and after
// each step deforms the splats: centres move with their particles, covariances become
// F·Σ₀·Fᵀ, and SH coefficients rotate with the polar rotation of F. Gaussians that are not
// particles follow their four nearest particles with inverse-square-distance weights fixed at
// setup.
//
// It lives above mpm, gaussians and materials (cmd -> app -> render -> physics -> {mpm,
// gaussians, materials}) so that the solver stays free of splat formats and label tables.
// Pure Go: no GL.
package physics
