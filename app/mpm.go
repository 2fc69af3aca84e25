package app

import "github.com/splatscope/splatscope/render"

// simState is the physics preview (issue 8).
type simState struct{}

func (a *App) simActive() bool               { return false }
func (a *App) simCodesShown() bool           { return false }
func (a *App) poke(x, y float64)             {}
func (a *App) tickSim()                      {}
func (a *App) simLines() []render.LineVertex { return nil }
func (a *App) stopSim()                      {}
func (a *App) simTogglePlay()                {}
func (a *App) simStepOnce()                  {}
func (a *App) simReset()                     {}
func (a *App) panelMPM()                     {}
