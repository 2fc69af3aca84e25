package app

import (
	"github.com/splatscope/splatscope/app/ui"
	"github.com/splatscope/splatscope/camera"
	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/physics"
)

// panelMPM is the physics preview's part of the side panel (issue 8).
func (a *App) panelMPM() {
	if a.splat.view == nil || !ui.Header("Physics (MPM)", false) {
		return
	}
	st := &a.sim
	set := st.settings()
	s := a.uiScale()
	if st.msg != "" {
		c := ui.Grey
		if st.bad {
			c = ui.Red
		}
		ui.TextColored(c, st.msg)
	}
	r := st.run
	active := a.simActive()
	label := "Start"
	if active && r.playing {
		label = "Pause"
	} else if active {
		label = "Play"
	}
	if ui.Button(label) {
		a.do(ActSimPlay)
	}
	shortcut(ActSimPlay)
	ui.SameLine()
	if ui.Button("Step") {
		a.do(ActSimStep)
	}
	shortcut(ActSimStep)
	ui.SameLine()
	if ui.Button("Reset") {
		a.do(ActSimReset)
	}
	shortcut(ActSimReset)
	ui.SameLine()
	if ui.Button("Stop") {
		a.stopSim()
	}
	if active {
		dt, maxE, t := r.dt, r.maxE, 0.0
		if r.shown != nil {
			dt, maxE, t = r.shown.dt, r.shown.maxE, r.shown.t
		}
		if r.baked != nil && r.bakeShown >= 0 {
			fr := r.baked[r.bakeShown]
			dt, maxE, t = fr.dt, fr.maxE, fr.t
		}
		ui.Textf("t = %.3f s   substep %.3g s   E cap %.3g Pa", t, dt, maxE)
	}
	ui.ItemWidth(150 * s)
	if ui.Combo("colour##sim", &st.mode, simColorNames) && active {
		r.recolour = true
	}
	ui.Combo("show##sim", &st.show, simShowNames)
	shortcut(ActSimShow)
	ui.SliderFloat("time scale", &set.timeScale, 0.05, 2, "%.2f")
	ui.SliderFloat("gravity (m/s²)", &set.gravity, 0, 20, "%.1f")
	ui.Combo("up##sim", &set.up, simUpNames)
	ui.Combo("ground", &set.ground, simGroundName)
	if set.ground == 2 {
		ui.SliderFloat("ground μ", &set.friction, 0, 2, "%.2f")
	}
	ui.SliderFloat("drop height (units, <0 auto)", &set.drop, -0.01, a.sceneDiagonal(), "%.3g")
	ui.SliderLog("E cap (Pa)", &set.maxE, 1e4, 1e9, "%.3g")
	ui.SliderLog("metres per unit##sim", &set.metres, 1e-3, 100, "%.3g")
	ui.SliderFloat("poke speed (m/s)", &set.pokeSpeed, 0.1, 20, "%.1f")
	if !a.hasLabels() {
		names := make([]string, len(a.mat.table.Materials))
		for i := range names {
			names[i] = a.mat.table.Materials[i].Name
		}
		ui.Combo("material (no labels)", &set.uniform, names)
	}
	ui.PopItemWidth()
	ui.TextColored(ui.Grey, binding(ActPoke).Label()+" (click): poke")
	v := a.splat.view
	if ui.Checkbox("Frozen box", &set.frozen) && set.frozen && set.fmin == set.fmax {
		set.fmin, set.fmax = v.RLo, v.RHi
		for k := range set.fmax {
			set.fmax[k] = set.fmin[k] + 0.2*(set.fmax[k]-set.fmin[k]) // a corner: pin one end
		}
	}
	if set.frozen {
		ui.ItemWidth(120 * s)
		for k, axis := range []string{"x", "y", "z"} {
			ui.SliderFloat("##fmin"+axis, &set.fmin[k], v.Lo[k], v.Hi[k], "%.3g")
			ui.SameLine()
			ui.SliderFloat(axis+"##fmax"+axis, &set.fmax[k], v.Lo[k], v.Hi[k], "%.3g")
		}
		ui.PopItemWidth()
	}
	ui.TextColored(ui.Grey, "Settings apply on Start / Reset")
	ui.Separator()
	ui.ItemWidth(120 * s)
	ui.SliderInt("frames to bake", &set.bake, 1, 600)
	ui.SliderFloat("fps##sim", &set.fps, 5, 60, "%.0f")
	ui.PopItemWidth()
	ui.ItemWidth(-1)
	ui.InputText("##simexport", &set.export)
	ui.PopItemWidth()
	ui.Tooltip("folder for the baked frames as frame_0001.ply … (empty: no export)")
	if ui.Button("Bake, then play") {
		a.bakeSim()
	}
	if active && r.baked != nil {
		a.panelSimExport(len(r.baked), r.fps)
	}
}

// panelSimExport chooses the size and output of the baked frames' export and starts it.
func (a *App) panelSimExport(n int, fps float32) {
	e := &a.sim.export
	if e.w == 0 {
		*e = newSimExport()
	}
	s := a.uiScale()
	ui.Separator()
	ui.Textf("Export the %d baked frames (%.0f fps, this camera)", n, fps)
	ui.ItemWidth(160 * s)
	ui.SliderInt("width##simx", &e.w, 64, 3840)
	ui.SliderInt("height##simx", &e.h, 64, 2160)
	ui.PopItemWidth()
	frameOutputUI("##simx", &e.mp4, &e.out, func(mp4 bool) string { return defaultSimExportOut(a.splat.view, mp4) })
	if !e.active() {
		if ui.Button("Export frames…") {
			a.startSimExport()
		}
		return
	}
	if ui.Button("Cancel export") {
		if a.jobs.isRunning(e.job) {
			e.job.Cancel() // even while ffmpeg finishes: a cancel keeps nothing
		}
		a.stopSimExport()
	}
	ui.SameLine()
	ui.Textf("frame %d of %d", e.next, e.total)
}

// openPhysicsDemo shows the embedded labelled demo (jelly, metal bar, sand; synthetic) with its
// labels and physics settings, ready to play.
func (a *App) openPhysicsDemo() {
	d := physics.DemoScene()
	b := gaussians.RenderBuffersFromScene(d.Scene)
	v := &SplatView{Name: "physics demo (synthetic: jelly, metal bar, sand)", Buffers: b, N: b.N, SHDegree: b.SHDegree}
	v.Format = "built-in"
	v.Lo, v.Hi = boundsOf(b.Positions)
	v.RLo, v.RHi = v.Lo, v.Hi
	if err := a.setSplat(v); err != nil {
		a.setError(err)
		return
	}
	a.sim.demo, a.sim.demoView = &d, v
	a.setUp(camera.YUp) // the demo is built y up, unlike trained (COLMAP) scenes
	a.frameAll()
	set := a.sim.settings()
	set.up, set.drop, set.ground, set.friction = 0, d.Options.Drop, int(d.Options.Ground), d.Options.Friction
	if len(d.Options.Frozen) > 0 {
		set.frozen, set.fmin, set.fmax = true, d.Options.Frozen[0].Min, d.Options.Frozen[0].Max
	}
	_ = a.setLabels(v, &loadedLabels{labels: d.Labels, scene: d.Scene, from: "the built-in demo"})
	a.setStatus("Physics demo (" + d.Label + "): F5 plays, " + binding(ActPoke).Label() + " pokes")
}
