package ui

import (
	"errors"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pymetrics/sso-assistant/internal/fileproblem"
	"github.com/pymetrics/sso-assistant/wizard/bundle"
)

// showError is the one place a failed action becomes a message: what the
// assistant was doing, what went wrong in words an admin can act on, and
// the technical detail for support.
func (u *UI) showError(what string, err error) {
	msg := explain(err)
	content := container.NewVBox(&widget.Label{Text: msg, Wrapping: fyne.TextWrapWord})
	if msg != err.Error() {
		content.Add(&widget.Label{Text: "Detail: " + err.Error(), Wrapping: fyne.TextWrapBreak, TextStyle: fyne.TextStyle{Italic: true}})
	}
	d := dialog.NewCustom("Problem while "+what, "OK", content, u.win)
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
}

// explain turns the errors the assistant's packages return into sentences.
// Matching is on sentinels and types, never on message text.
func explain(err error) string {
	var refused *bundle.RefusedError
	var nr notReady
	if errors.As(err, &nr) {
		return string(nr)
	}
	// Files that cannot be read or written are explained from the same
	// table as on the command line.
	if s, ok := fileproblem.Sentence(fileproblem.Use, err); ok {
		return s
	}
	switch {
	case errors.As(err, &refused):
		if refused.Reason != "" {
			return "The metadata file cannot go into a bundle: " + refused.Reason
		}
		return "The metadata file did not pass the check, so no bundle was made. Go to the SAML signing certificate step to see why."
	case errors.Is(err, bundle.ErrInvalidInput):
		return "The bundle could not be made from the current values. Check the customer name in Basic SAML configuration and your contact details on the Send to pymetrics support step."
	}
	return "Something went wrong. Nothing you entered is lost; try again, and if it keeps happening, send the detail below to pymetrics support."
}

// toast is a short confirmation that needs no decision.
func (u *UI) toast(text string) {
	d := dialog.NewCustom("Done", "OK", &widget.Label{Text: text, Wrapping: fyne.TextWrapWord}, u.win)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}

// saveRequest describes one "Save …" action.
type saveRequest struct {
	title       string // dialog title, "Save onboarding bundle"
	what        string // "onboarding bundle", for messages
	defaultName string
	// write writes the file; without force it must fail with an error
	// wrapping bundle.ErrExists when the file is there.
	write func(path string, force bool) error
	// saved runs on the UI goroutine after a successful write.
	saved func(path string)
}

// saveDialog is the assistant's save dialog: a folder, a file name filled
// with the default, and Save. It writes through the request's write, which
// replaces a file only after the admin confirmed it; Fyne's own save dialog
// would have opened (and so emptied) an existing file before the admin's
// new one was safely written.
type saveDialog struct {
	u   *UI
	req saveRequest
	dir string

	dlg     *dialog.CustomDialog
	folder  *widget.Label
	name    *widget.Entry
	saveBtn *widget.Button
	cancel  *widget.Button
	problem *widget.Label
	replace *dialog.CustomDialog
	replBtn *widget.Button
	keepBtn *widget.Button
}

// askSavePath opens the save dialog for req.
func (u *UI) askSavePath(req saveRequest) *saveDialog {
	d := &saveDialog{u: u, req: req, dir: u.startDir()}
	d.folder = &widget.Label{Text: d.dir, Wrapping: fyne.TextWrapBreak, TextStyle: fyne.TextStyle{Monospace: true}}
	d.name = &widget.Entry{Text: req.defaultName, OnSubmitted: func(string) { d.onSave() }}
	d.problem = hidden(&widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance})
	d.saveBtn = &widget.Button{Text: "Save", Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: d.onSave}
	d.cancel = &widget.Button{Text: "Cancel", OnTapped: func() { d.dlg.Hide() }}
	choose := &widget.Button{Text: "Choose folder…", Icon: theme.FolderOpenIcon(), OnTapped: d.onChooseFolder}
	content := container.NewVBox(
		&widget.Label{Text: "Folder", TextStyle: fyne.TextStyle{Bold: true}},
		container.NewBorder(nil, nil, nil, choose, d.folder),
		&widget.Label{Text: "File name", TextStyle: fyne.TextStyle{Bold: true}},
		d.name,
		d.problem,
	)
	d.dlg = dialog.NewCustomWithoutButtons(req.title, content, u.win)
	d.dlg.SetButtons([]fyne.CanvasObject{d.cancel, d.saveBtn})
	d.dlg.Resize(fyne.NewSize(600, 0))
	d.dlg.Show()
	u.win.Canvas().Focus(d.name)
	u.lastSave = d
	return d
}

func (d *saveDialog) onChooseFolder() {
	fd := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil || dir == nil {
			return
		}
		d.dir = dir.Path()
		d.folder.SetText(d.dir)
	}, d.u.win)
	if l, err := storage.ListerForURI(storage.NewFileURI(d.dir)); err == nil {
		fd.SetLocation(l)
	}
	fd.Resize(fyne.NewSize(900, 600))
	fd.Show()
}

// path is the chosen file, or a message saying why the name is not usable.
func (d *saveDialog) path() (string, string) {
	name := strings.TrimSpace(d.name.Text)
	switch {
	case name == "":
		return "", "Type a file name."
	case strings.ContainsAny(name, `/\`):
		return "", "The file name cannot contain / or \\; choose the folder with Choose folder…."
	}
	return filepath.Join(d.dir, name), ""
}

func (d *saveDialog) onSave() {
	p, problem := d.path()
	if problem != "" {
		d.showProblem(problem)
		return
	}
	d.write(p, false)
}

func (d *saveDialog) showProblem(text string) {
	d.problem.SetText(text)
	d.problem.Show()
}

// write runs the write in the background; an existing file leads to the
// question whether to replace it.
func (d *saveDialog) write(p string, force bool) {
	d.saveBtn.Disable()
	runInBackground(&d.u.bg, job[bool]{
		what: "saving the " + d.req.what,
		work: func() (bool, error) {
			err := d.req.write(p, force)
			if errors.Is(err, bundle.ErrExists) {
				return true, nil
			}
			return false, err
		},
		settle: func() { d.saveBtn.Enable() },
		apply: func(exists bool) {
			if exists {
				d.askReplace(p)
				return
			}
			d.dlg.Hide()
			if d.req.saved != nil {
				d.req.saved(p)
			}
		},
	})
}

// askReplace asks before overwriting: the existing file is kept unless the
// admin says otherwise.
func (d *saveDialog) askReplace(p string) {
	d.replBtn = &widget.Button{Text: "Replace", Importance: widget.DangerImportance, OnTapped: func() {
		d.replace.Hide()
		d.write(p, true)
	}}
	d.keepBtn = &widget.Button{Text: "Keep the existing file", OnTapped: func() {
		d.replace.Hide()
		d.u.win.Canvas().Focus(d.name)
	}}
	msg := &widget.Label{Wrapping: fyne.TextWrapWord,
		Text: "\"" + filepath.Base(p) + "\" already exists in " + filepath.Dir(p) + ". Replace it? The existing file cannot be recovered. To keep it, choose Keep and change the file name."}
	d.replace = dialog.NewCustomWithoutButtons("Replace the existing file?", msg, d.u.win)
	d.replace.SetButtons([]fyne.CanvasObject{d.keepBtn, d.replBtn})
	d.replace.Resize(fyne.NewSize(520, 0))
	d.replace.Show()
}

// openMetadataDialog is "Open file…": Fyne's file dialog filtered to XML.
func (u *UI) openMetadataDialog() {
	fd := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError("opening a file", err)
			return
		}
		if r == nil {
			return // cancelled
		}
		// The check reads the file itself (with its size cap and its
		// handling of odd files); the dialog's reader is not needed.
		p := r.URI().Path()
		_ = r.Close()
		u.checkMetadataFile(p)
	}, u.win)
	fd.SetFilter(storage.NewExtensionFileFilter([]string{".xml", ".XML"}))
	if l, err := storage.ListerForURI(storage.NewFileURI(u.startDir())); err == nil {
		fd.SetLocation(l)
	}
	fd.Resize(fyne.NewSize(900, 600))
	fd.Show()
}
