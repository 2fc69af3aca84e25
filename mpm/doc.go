// Package mpm is a 3D MLS-MPM solver (Hu et al. 2018, "A moving least squares material
// point method") with quadratic B-spline weights and APIC transfers, used for the physics
// preview of labelled Gaussian splats. It is pure Go: no GL, no window, no app state.
//
// # Model
//
// Particles (struct of arrays, Particles) carry position, velocity, the APIC matrix C, the
// deformation gradient F, the plastic volume ratio Jp (snow), mass, initial volume and a
// material index. Each Material picks a constitutive model: fixed-corotated elasticity
// (jelly, rubber, foam, fabric, leather, plastic, wood, food), Hencky elasticity with von
// Mises plasticity (metal), Drucker-Prager sand (Klár et al. 2016), a weakly compressible
// J-based fluid (water) and snow (Stomakhin et al. 2013). The Kirchhoff stress is computed
// at the end of each substep and stored per particle (for P2G, and for colouring by stress).
//
// # Time step and the E cap
//
// Real moduli (steel 200 GPa) need substeps far too small for a preview, so Options.MaxE
// caps Young's modulus (DefaultMaxE = 2e5 Pa; yield stresses scale with the cap so yield
// strains are kept). The substep is min(CFL·dx/c_p, VelocityCFL·dx/max|v|, MaxDt) with
// c_p = sqrt((λ+2μ)/ρ) the P-wave speed; ElasticDt and NextDt expose it for the panel.
//
// # Boundaries
//
// Options.Domain is the box the particles live in. Its face at the minimum of the up axis
// is the ground, with condition Options.Boundary (Sticky, Slip, Friction or Open); the
// other faces use Options.Walls. The grid extends 3 cells beyond every face. Frozen boxes
// hold particles and grid nodes still (clamps). A particle leaving the grid or turning NaN
// stops the run with ErrUnstable naming it.
//
// # Parallelism
//
// Every phase runs on Options.Workers goroutines over fixed ranges: P2G scatters into a
// private grid per worker, the grid update sums those grids in worker order, G2P gathers
// per particle. A run is therefore bit-for-bit reproducible for a given worker count and
// free of data races; the price is one grid copy per worker (4 floats per node).
//
// # Coupling with Gaussians
//
// FromPoints turns points (e.g. Gaussian centres, with FillInterior for hollow objects)
// into particles; particle i follows point i. Deformation(i) gives F for the covariance
// F·Σ₀·Fᵀ and Rotation(i) the polar rotation for rotating spherical harmonics.
package mpm
