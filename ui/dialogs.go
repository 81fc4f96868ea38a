package ui

import (
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
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
	var m *modal
	ok := u.closeButton("OK", &m)
	m = u.modalDialog("Problem while "+what, content, 560, nil, ok, ok)
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
	case errors.Is(err, bundle.ErrRolloverRefused):
		return "The rollover bundle was not made: the new metadata no longer meets the rules of a rollover. Go back to step 2 of the renewal to see why."
	case errors.Is(err, bundle.ErrInvalidInput):
		return "The bundle could not be made from the current values. Check the customer name in Basic SAML configuration and your contact details on the Send to pymetrics support step."
	}
	return "Something went wrong. Nothing you entered is lost; try again, and if it keeps happening, send the detail below to pymetrics support."
}

// toast is a short confirmation that needs no decision.
func (u *UI) toast(text string) {
	var m *modal
	ok := u.closeButton("OK", &m)
	m = u.modalDialog("Done", &widget.Label{Text: text, Wrapping: fyne.TextWrapWord}, 520, nil, ok, ok)
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

	dlg     *modal
	folder  *widget.Label
	name    *dialogEntry
	saveBtn *dialogButton
	cancel  *dialogButton
	problem *widget.Label
	replace *modal
	replBtn *dialogButton
	keepBtn *dialogButton
}

// askSavePath opens the save dialog for req.
func (u *UI) askSavePath(req saveRequest) *saveDialog {
	d := &saveDialog{u: u, req: req, dir: u.startDir()}
	d.folder = &widget.Label{Text: d.dir, Wrapping: fyne.TextWrapBreak, TextStyle: fyne.TextStyle{Monospace: true}}
	d.name = u.newDialogEntry(&widget.Entry{Text: req.defaultName, OnSubmitted: func(string) { d.onSave() }})
	d.problem = hidden(&widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance})
	d.saveBtn = u.newDialogButton(&widget.Button{Text: "Save", Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: d.onSave})
	d.cancel = u.newDialogButton(&widget.Button{Text: "Cancel", OnTapped: func() { d.dlg.d.Hide() }})
	choose := u.newDialogButton(&widget.Button{Text: "Choose folder…", Icon: theme.FolderOpenIcon(), OnTapped: d.onChooseFolder})
	content := container.NewVBox(
		&widget.Label{Text: "Folder", TextStyle: fyne.TextStyle{Bold: true}},
		container.NewBorder(nil, nil, nil, choose, d.folder),
		&widget.Label{Text: "File name", TextStyle: fyne.TextStyle{Bold: true}},
		d.name,
		d.problem,
	)
	d.dlg = u.modalDialog(req.title, content, 600, d.name, d.saveBtn, d.cancel, d.saveBtn)
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
	d.u.showModal(fd, nil, nil)
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
			d.dlg.d.Hide()
			if d.req.saved != nil {
				d.req.saved(p)
			}
		},
	})
}

// askReplace asks before overwriting: the existing file is kept unless the
// admin says otherwise.
func (d *saveDialog) askReplace(p string) {
	d.replBtn = d.u.newDialogButton(&widget.Button{Text: "Replace", Importance: widget.DangerImportance, OnTapped: func() {
		d.replace.d.Hide()
		d.write(p, true)
	}})
	// Keep is the default and closing the question returns to the file
	// name (the focus goes back there), so a hurried Enter or Esc loses
	// nothing.
	d.keepBtn = d.u.newDialogButton(&widget.Button{Text: "Keep the existing file", OnTapped: func() { d.replace.d.Hide() }})
	msg := &widget.Label{Wrapping: fyne.TextWrapWord,
		Text: "\"" + filepath.Base(p) + "\" already exists in " + filepath.Dir(p) + ". Replace it? The existing file cannot be recovered. To keep it, choose Keep and change the file name."}
	d.replace = d.u.modalDialog("Replace the existing file?", msg, 520, nil, d.keepBtn, d.keepBtn, d.replBtn)
}

// openMetadataDialog is "Open file…": a field for a typed or pasted path
// (an admin often has the path, or the browser's download bar gives it),
// and Browse…, the file dialog listing every file. Entra's download is
// .xml, but admins also have it saved without an extension, or have the
// certificate (.cer, .pem); the check says what a file is, so the dialog
// hides nothing.
func (u *UI) openMetadataDialog() {
	var m *modal
	problem := hidden(&widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance})
	var path *dialogEntry
	open := func() {
		p := cleanTypedPath(path.Text)
		if p == "" {
			problem.SetText("Type or paste the path of the file, or choose it with Browse….")
			problem.Show()
			return
		}
		m.d.Hide()
		u.checkMetadataFile(p)
	}
	path = u.newDialogEntry(&widget.Entry{PlaceHolder: "e.g. " + filepath.Join(u.startDir(), "pymetrics.xml"), OnSubmitted: func(string) { open() }})
	openBtn := u.newDialogButton(&widget.Button{Text: "Open", Icon: theme.FolderOpenIcon(), Importance: widget.HighImportance, OnTapped: open})
	browse := u.newDialogButton(&widget.Button{Text: "Browse…", OnTapped: func() {
		u.browseFile(func(p string) {
			m.d.Hide()
			u.checkMetadataFile(p)
		})
	}})
	cancel := u.closeButton("Cancel", &m)
	content := container.NewVBox(
		&widget.Label{Text: "Path of the Federation Metadata XML", TextStyle: fyne.TextStyle{Bold: true}},
		container.NewBorder(nil, nil, nil, browse, path),
		problem,
		note("Type or paste the path, or choose Browse… to pick the file; every file is listed, whatever its name ends with."),
	)
	m = u.modalDialog("Open metadata file", content, 640, path, openBtn, cancel, openBtn)
}

// cleanTypedPath turns what an admin pastes as a path into one: the quotes
// Windows' "Copy as path" adds, a file:// URL, surrounding spaces, and ~
// for the home folder.
func cleanTypedPath(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
		s = s[1 : len(s)-1]
	}
	if strings.HasPrefix(s, "file://") {
		if uri, err := storage.ParseURI(s); err == nil {
			s = uri.Path()
		}
	}
	if s == "~" || strings.HasPrefix(s, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			s = filepath.Join(home, strings.TrimPrefix(s, "~"))
		}
	}
	return s
}

// showOpenFailed says that the browser or the mail program did not open,
// with a short title, the system's reason, and what to do instead: copy
// the address, and for an e-mail copy its text or save it as a file to
// send from any mail program or webmail. e is the e-mail behind a mailto:
// link, when the caller has it; otherwise it is read from the link.
func (u *UI) showOpenFailed(raw string, e *bundle.Email, err error) {
	link, perr := url.Parse(raw)
	mail := perr == nil && strings.EqualFold(link.Scheme, "mailto")
	if !mail {
		var m *modal
		closeBtn := u.closeButton("Close", &m)
		copyAddr := u.newDialogButton(&widget.Button{Text: "Copy address", Icon: theme.ContentCopyIcon()})
		copyAddr.OnTapped = func() { u.copyAndConfirm(&copyAddr.Button, "Copy address", raw) }
		content := container.NewVBox(
			paragraph("Your system did not open the web browser ("+err.Error()+")."),
			paragraph("Copy the address and paste it into your browser's address bar:"),
			valueLabel(raw),
		)
		m = u.modalDialog("The browser did not open", content, 600, nil, closeBtn, copyAddr, closeBtn)
		return
	}
	if e == nil {
		q := link.Query()
		e = &bundle.Email{To: link.Opaque, Subject: q.Get("subject"), Body: strings.ReplaceAll(q.Get("body"), "\r\n", "\n")}
	}
	u.showMailDialog("The mail program did not open", "Your system did not open a new e-mail ("+err.Error()+"); usually no mail program is set as the default.", *e, nil)
}

// showMailDialog offers an e-mail that no mail program took: the reason,
// the address and subject, and Copy address, Copy e-mail text and Save
// e-mail as file…, to send it from any mail program or web mail. With try,
// a Try anyway button runs it (for a mail program a check did not see).
func (u *UI) showMailDialog(title, reason string, email bundle.Email, try func()) (copyText, tryBtn *dialogButton) {
	var m *modal
	closeBtn := u.closeButton("Close", &m)
	copyAddr := u.newDialogButton(&widget.Button{Text: "Copy address", Icon: theme.ContentCopyIcon()})
	copyAddr.OnTapped = func() { u.copyAndConfirm(&copyAddr.Button, "Copy address", email.To) }
	copyText = u.newDialogButton(&widget.Button{Text: copyMailText, Icon: theme.ContentCopyIcon(), Importance: widget.HighImportance})
	copyText.OnTapped = func() { u.copyAndConfirm(&copyText.Button, copyMailText, email.Text()) }
	saveText := u.newDialogButton(&widget.Button{Text: "Save e-mail as file…", Icon: theme.DocumentSaveIcon(), OnTapped: func() {
		m.d.Hide()
		u.askSavePath(saveRequest{
			title:       "Save e-mail as file",
			what:        "e-mail text",
			defaultName: "email-to-pymetrics-support.txt",
			write:       func(path string, force bool) error { return bundle.WriteFile(path, []byte(email.Text()), force) },
			saved: func(path string) {
				u.toast("Saved " + path + ". Open it, and send its text from your mail program or web mail to " + email.To + ", with the bundle attached.")
			},
		})
	}})
	buttons := []*dialogButton{copyAddr, copyText, saveText}
	if try != nil {
		tryBtn = u.newDialogButton(&widget.Button{Text: "Try anyway", OnTapped: func() {
			m.d.Hide()
			try()
		}})
		buttons = append(buttons, tryBtn)
	}
	buttons = append(buttons, closeBtn)
	content := container.NewVBox(
		paragraph(reason),
		paragraph("Write the e-mail in your usual mail program or web mail instead: copy the address and the text (it starts with the subject) or save them as a file, and attach the bundle."),
		container.New(layout.NewFormLayout(),
			&widget.Label{Text: "To", TextStyle: fyne.TextStyle{Bold: true}}, valueLabel(email.To),
			&widget.Label{Text: "Subject", TextStyle: fyne.TextStyle{Bold: true}}, &widget.Label{Text: email.Subject, Wrapping: fyne.TextWrapWord, Selectable: true},
		),
	)
	width := float32(640)
	if try != nil {
		width = 760
	}
	// Enter copies the text, the one thing every admin here needs; the
	// dialog stays open for the address, and Esc or Close ends it.
	m = u.modalDialog(title, content, width, nil, copyText, buttons...)
	return copyText, tryBtn
}

// showFolderFailed says that the file manager did not open, and gives the
// folder to copy.
func (u *UI) showFolderFailed(dir string, err error) {
	var m *modal
	closeBtn := u.closeButton("Close", &m)
	copyPath := u.newDialogButton(&widget.Button{Text: "Copy folder path", Icon: theme.ContentCopyIcon()})
	copyPath.OnTapped = func() { u.copyAndConfirm(&copyPath.Button, "Copy folder path", dir) }
	content := container.NewVBox(
		paragraph("Your system did not open the file manager ("+err.Error()+")."),
		paragraph("The file is in this folder; copy its path and open it in your file manager:"),
		valueLabel(dir),
	)
	m = u.modalDialog("The folder did not open", content, 600, nil, closeBtn, copyPath, closeBtn)
}

// browseFile is every Browse… and Open file… of the window: Fyne's file
// dialog, modal, starting in the usual folder and listing every file
// whatever its name ends with (admins save files without extensions, or as
// .cer or .txt); use gets the chosen path, and nothing on cancel. The
// dialog's reader is closed unread: each caller reads the file itself, in
// the background, with its own size cap and handling of odd files.
func (u *UI) browseFile(use func(path string)) {
	fd := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError("opening a file", err)
			return
		}
		if r == nil {
			return
		}
		p := r.URI().Path()
		_ = r.Close()
		use(p)
	}, u.win)
	if l, err := storage.ListerForURI(storage.NewFileURI(u.startDir())); err == nil {
		fd.SetLocation(l)
	}
	fd.Resize(fyne.NewSize(900, 600))
	u.showModal(fd, nil, nil)
}
