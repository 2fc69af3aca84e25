package app

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/splatscope/splatscope/app/ui"
	"github.com/splatscope/splatscope/gaussians"
	"github.com/splatscope/splatscope/mesh"
)

// Entry is one row of the file browser.
type Entry struct {
	Name string
	Dir  bool
	Size int64
}

// Browser is the in-app file browser used when no native dialog exists.
type Browser struct {
	Dir      string
	Entries  []Entry
	Err      error
	Selected int  // index into Entries, -1 none
	All      bool // show every file, not only meshes
	open     bool
	dirField string
}

// NewBrowser starts a browser in dir (the working directory if empty).
func NewBrowser(dir string) *Browser {
	if dir == "" {
		dir, _ = os.Getwd()
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	b := &Browser{Dir: dir, open: true}
	b.Refresh()
	return b
}

// listDir lists dir: folders first, then files, each sorted by name; hidden entries are
// skipped; files are limited to meshes unless all is set.
func listDir(dir string, all bool) ([]Entry, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []Entry
	for _, de := range des {
		name := de.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		isDir := de.IsDir()
		if de.Type()&os.ModeSymlink != 0 { // follow links so linked dataset folders browse
			if st, err := os.Stat(filepath.Join(dir, name)); err == nil {
				isDir = st.IsDir()
			}
		}
		if !isDir && !all && !mesh.IsMeshFile(name) && !isFieldFile(name) && !gaussians.IsSplatFile(name) {
			continue
		}
		e := Entry{Name: name, Dir: isDir}
		if !isDir {
			if info, err := de.Info(); err == nil {
				e.Size = info.Size()
			}
		}
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Dir != out[j].Dir {
			return out[i].Dir
		}
		return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name)
	})
	return out, nil
}

// Refresh re-reads the current folder.
func (b *Browser) Refresh() {
	b.Entries, b.Err = listDir(b.Dir, b.All)
	b.Selected = -1
	b.dirField = b.Dir
}

// Up goes to the parent folder.
func (b *Browser) Up() {
	b.Dir = filepath.Dir(b.Dir)
	b.Refresh()
}

// Enter goes into a sub-folder (or any folder for an absolute path).
func (b *Browser) Enter(name string) {
	if filepath.IsAbs(name) {
		b.Dir = filepath.Clean(name)
	} else {
		b.Dir = filepath.Join(b.Dir, name)
	}
	b.Refresh()
}

// Path returns the full path of entry i.
func (b *Browser) Path(i int) string { return filepath.Join(b.Dir, b.Entries[i].Name) }

// showBrowser opens the in-app browser (in the last folder used).
func (a *App) showBrowser() {
	if a.browser == nil {
		a.browser = NewBrowser("")
	} else {
		a.browser.open = true
		a.browser.Refresh()
	}
}

// drawBrowser draws the browser window while it is open.
func (a *App) drawBrowser() {
	b := a.browser
	if b == nil || !b.open {
		return
	}
	w, h := ui.DisplaySize()
	s := a.uiScale()
	ui.SetNextWindowOnce(w/2-260*s, h/2-220*s)
	ui.SetNextWindowSizeOnce(520*s, 440*s)
	if ui.Begin("Open mesh or ShapeNet folder", &b.open, ui.NoSaved) {
		if ui.Button("Up") {
			b.Up()
		}
		ui.SameLine()
		ui.ItemWidth(-1)
		if ui.InputText("##dir", &b.dirField) {
			b.Enter(b.dirField)
		}
		ui.PopItemWidth()
		if b.Err != nil {
			ui.TextColored(ui.Red, oneLine(b.Err))
		}
		if ui.BeginChild("files", -2*ui.FrameHeight()) {
			for i, e := range b.Entries {
				label := e.Name
				if e.Dir {
					label += "/"
				} else {
					label = fmt.Sprintf("%s  (%s)", e.Name, humanSize(e.Size))
				}
				clicked, double := ui.Selectable(label+"##"+e.Name, i == b.Selected)
				if clicked {
					b.Selected = i
				}
				if double {
					a.browserOpen(i)
					break
				}
			}
		}
		ui.EndChild()
		if ui.Checkbox("All files", &b.All) {
			b.Refresh()
		}
		ui.SameLine()
		if ui.Button("Open") && b.Selected >= 0 && b.Selected < len(b.Entries) {
			a.browserOpen(b.Selected)
		}
		ui.SameLine()
		if ui.Button("Open folder as ShapeNet root") {
			a.openShapeNet(b.Dir)
			b.open = false
		}
		ui.Tooltip("Browse this folder's ShapeNet categories and models")
		ui.SameLine()
		if ui.Button("Cancel") {
			b.open = false
		}
	}
	ui.End()
}

// browserOpen opens entry i: a folder is entered, a file loaded (and the browser closed).
func (a *App) browserOpen(i int) {
	b := a.browser
	if b.Entries[i].Dir {
		b.Enter(b.Entries[i].Name)
		return
	}
	a.openPaths([]string{b.Path(i)})
	b.open = false
}

// humanSize formats a byte count: 812 B, 3.4 MB.
func humanSize(n int64) string {
	const unit = 1000 // SI units, as file managers on Linux show them
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}
