package app

// shapeNetPanel is the ShapeNet browsing state.
type shapeNetPanel struct {
	centreFit bool
}

func (a *App) openShapeNet(root string) {}
func (a *App) shapeNetStep(d int)       {}
func (a *App) panelShapeNet()           {}
