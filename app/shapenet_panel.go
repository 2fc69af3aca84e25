package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/splatscope/splatscope/app/ui"
	"github.com/splatscope/splatscope/mesh"
)

// shapeNetPanel is the ShapeNet browsing state: the index, the selected category and the
// model on screen with its v2 normalisation record.
type shapeNetPanel struct {
	index     *mesh.ShapeNetIndex
	cat       string // selected synset id
	model     string // id of the model on screen
	centreFit bool   // centre and fit each model on load (mesh.CentreAndFit)
	fit       *mesh.Fit
	info      *mesh.ModelInfo
	infoErr   string
	scrollTo  bool // bring the current model row into view after Next/Prev
}

// openShapeNet indexes a ShapeNetCore folder in a background job.
func (a *App) openShapeNet(root string) {
	a.jobs.Start("Indexing ShapeNet "+filepath.Base(root), func(ctx context.Context, progress func(float64)) (func() error, error) {
		ix, err := mesh.OpenShapeNet(root)
		if err != nil {
			return nil, err
		}
		return func() error {
			p := &a.shapenet
			p.index, p.cat, p.model, p.info, p.fit, p.infoErr = ix, "", "", nil, nil, ""
			models, usable := 0, 0
			for _, c := range ix.Categories {
				models += len(c.Models)
				usable += c.Usable
				if p.cat == "" && c.Usable > 0 {
					p.cat = c.SynsetID
				}
			}
			msg := fmt.Sprintf("ShapeNetCore v%d at %s: %d categories, %d models (%d unusable)", ix.Version, root,
				len(ix.Categories), models, models-usable)
			if len(ix.Warnings) > 0 {
				msg += "; " + ix.Warnings[0]
			}
			a.setStatus(msg + ". PageDown/PageUp: next/previous model.")
			return nil
		}, nil
	})
}

// shapeNetStep loads the next (d > 0) or previous usable model of the selected category.
func (a *App) shapeNetStep(d int) {
	p := &a.shapenet
	if p.index == nil {
		a.setError(errors.New("no ShapeNet folder open (File > Open…, then \"Open folder as ShapeNet root\")"))
		return
	}
	var m mesh.ShapeNetModel
	var ok bool
	if d > 0 {
		m, ok = p.index.Next(p.cat, p.model)
	} else {
		m, ok = p.index.Prev(p.cat, p.model)
	}
	if !ok {
		a.setError(fmt.Errorf("ShapeNet %s: no usable model", p.cat))
		return
	}
	p.scrollTo = true
	a.loadShapeNetModel(m)
}

// loadShapeNetModel loads one model in a job, centring and fitting it if asked, with its v2 record.
func (a *App) loadShapeNetModel(sm mesh.ShapeNetModel) {
	ix, centreFit := a.shapenet.index, a.shapenet.centreFit
	a.jobs.Start("Loading "+sm.Synset+"/"+sm.ID, func(ctx context.Context, progress func(float64)) (func() error, error) {
		var fit *mesh.Fit
		edit := func(m *mesh.Mesh) {
			if centreFit {
				f := mesh.CentreAndFit(m)
				fit = &f
			}
		}
		s, err := loadScene(ctx, sm.OBJ, edit, progress)
		if err != nil {
			return nil, err
		}
		s.Name = sm.Synset + "/" + sm.ID
		var info *mesh.ModelInfo
		infoErr := ""
		if ix.Version == 2 {
			if info, err = ix.ModelInfo(sm); err != nil {
				infoErr = oneLine(err)
			}
		}
		return func() error {
			if err := a.setScene(s, true); err != nil {
				return err
			}
			p := &a.shapenet
			p.cat, p.model, p.fit, p.info, p.infoErr = sm.Synset, sm.ID, fit, info, infoErr
			return nil
		}, nil
	})
}

// panelShapeNet shows categories with counts, the models of the selected one and the
// normalisation of the model on screen.
func (a *App) panelShapeNet() {
	p := &a.shapenet
	if p.index == nil || !ui.Header("ShapeNet", true) {
		return
	}
	ix := p.index
	ui.TextWrapped(fmt.Sprintf("v%d: %s", ix.Version, ix.Root))
	ui.Checkbox("Centre and fit (box diagonal 1)", &p.centreFit)
	ui.Tooltip("mesh.CentreAndFit on load: box centre to the origin, diagonal scaled to 1")
	rows := 6 * ui.LineHeight() // six categories visible: the rest scrolls
	if ui.BeginChild("categories", rows) {
		for _, c := range ix.Categories {
			label := fmt.Sprintf("%s  %d/%d##%s", c.Name, c.Usable, len(c.Models), c.SynsetID)
			if clicked, _ := ui.Selectable(label, c.SynsetID == p.cat); clicked {
				p.cat = c.SynsetID
			}
			ui.Tooltip(fmt.Sprintf("%s (%s): %d usable of %d folders; taxonomy.json lists %d",
				c.FullName, c.SynsetID, c.Usable, len(c.Models), c.NumInstances))
		}
	}
	ui.EndChild()
	if ui.Button("< Prev") {
		a.do(ActPrevModel)
	}
	shortcut(ActPrevModel)
	ui.SameLine()
	if ui.Button("Next >") {
		a.do(ActNextModel)
	}
	shortcut(ActNextModel)
	if c := ix.Category(p.cat); c != nil {
		if ui.BeginChild("models", 8*ui.LineHeight()) { // eight model rows visible
			ui.List(len(c.Models), func(i int) {
				m := c.Models[i]
				ui.BeginDisabled(!m.IsUsable())
				if clicked, _ := ui.Selectable(m.ID, m.ID == p.model); clicked && m.IsUsable() {
					a.loadShapeNetModel(m)
				}
				ui.EndDisabled()
				if !m.IsUsable() {
					ui.Tooltip("unusable: " + m.Reason)
				}
				if m.ID == p.model && p.scrollTo {
					ui.ScrollHere()
					p.scrollTo = false
				}
			})
		}
		ui.EndChild()
	}
	a.shapeNetNormalisation()
}

// shapeNetNormalisation reports how the model on screen was normalised.
func (a *App) shapeNetNormalisation() {
	p := &a.shapenet
	if p.model == "" {
		return
	}
	if p.info != nil {
		mi := p.info
		ui.Textf("v2 normalised: diagonal %.4g, centroid (%.3g, %.3g, %.3g)", mi.Scale(), mi.Centroid[0], mi.Centroid[1], mi.Centroid[2])
		ui.Tooltip(mesh.ShapeNetV2Normalisation)
	} else if p.infoErr != "" {
		ui.TextColored(ui.Yellow, p.infoErr)
	}
	if p.fit != nil {
		ui.Textf("centred and fitted: scale %.4g", p.fit.Scale)
	}
}
