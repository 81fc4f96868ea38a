package ui

import (
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pymetrics/sso-assistant/wizard"
	"github.com/pymetrics/sso-assistant/wizard/bundle"
)

// sendScreen is "Send to pymetrics support": save the onboarding bundle,
// open a ready e-mail draft, and find the saved file again.
type sendScreen struct {
	*frame
	u *UI

	missing *banner
	// support says that the bundle carries support's values and records
	// how they differ from the pattern.
	support *banner
	save    *widget.Button
	saved   *fyne.Container
	path    *widget.Label
	stale   *widget.Label
	folder  *widget.Button
	email   *widget.Button
}

func (u *UI) newSendScreen(st wizard.Step) *sendScreen {
	s := &sendScreen{u: u}
	s.missing = newBanner(levelWarning, "", "")
	s.support = newBanner(levelInfo, "Values from pymetrics support", "")
	s.support.object().Hide()
	s.save = &widget.Button{Text: "Save onboarding bundle…", Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: s.onSave}
	s.path = valueLabel("")
	s.stale = hidden(&widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance,
		Text: "Saved before the customer name or the metadata file changed: save the bundle again so support gets the current values."})
	s.folder = &widget.Button{Text: "Open folder", Icon: theme.FolderOpenIcon(), OnTapped: func() {
		if b := u.wiz.Bundle(); b != nil {
			u.openFolder(filepath.Dir(b.Path))
		}
	}}
	s.email = &widget.Button{Text: "Open e-mail draft", Icon: theme.MailComposeIcon(), OnTapped: s.onEmail}
	s.saved = container.NewVBox(
		heading("Saved bundle"),
		s.path,
		s.stale,
		container.NewHBox(s.folder, s.email),
		note("The draft is addressed to "+wizard.SupportEmail+" with the values in its text. Attach the bundle file yourself: mail programs do not let other programs attach files."),
	)
	body := container.NewVBox(s.missing.object(), s.support.object(), container.NewHBox(s.save), s.saved)
	s.frame = u.newFrame(st, frameParts{top: body})
	return s
}

// input is what the bundle is made from; ok is false with the reason when
// the journey is not that far yet.
func (s *sendScreen) input(created time.Time, fileName string) (bundle.Input, string, bool) {
	w := s.u.wiz
	urls, _, err := w.URLs()
	if err != nil {
		return bundle.Input{}, "Go back to Basic SAML configuration and enter the customer name first.", false
	}
	// Values pymetrics support gave go into the bundle as given, with how
	// they differ from the pattern; the bundle and verify-bundle accept
	// exactly the sets wizard.ValidateURLs accepts, so a set it refuses is
	// caught here, in words, rather than as a failed Save.
	if _, err := wizard.ValidateURLs(urls); err != nil {
		return bundle.Input{}, "The values pymetrics support gave you are not a set the onboarding bundle can carry (" + err.Error() + "). Go back to Basic SAML configuration and paste all three URLs support gave you, or choose \"Use the tutorial's pattern instead\" if support agrees.", false
	}
	m := w.Metadata()
	if m == nil || !w.StepComplete(wizard.StepSigningCertificate) {
		return bundle.Input{}, "Go back to SAML signing certificate and add the Federation Metadata XML; it must pass the check.", false
	}
	return bundle.Input{
		URLs:         urls,
		Metadata:     m.Data,
		MetadataName: m.Name,
		Check:        w.CheckOptions(time.Time{}),
		Created:      created,
		ToolVersion:  s.u.opts.Version,
		FileName:     fileName,
	}, "", true
}

func (s *sendScreen) onSave() {
	now := s.u.now()
	in, why, ok := s.input(now, "")
	if !ok {
		s.u.showError("saving the onboarding bundle", errNotReady(why))
		return
	}
	name := bundle.DefaultFileName(in.URLs.Customer, now)
	s.u.askSavePath(saveRequest{
		title:       "Save onboarding bundle",
		what:        "onboarding bundle",
		defaultName: name,
		write: func(path string, force bool) error {
			in.FileName = filepath.Base(path)
			b, err := bundle.Build(in)
			if err != nil {
				return err
			}
			return bundle.WriteFile(path, b.Zip, force)
		},
		saved: func(path string) { s.u.wiz.SetBundle(path) },
	})
}

// onEmail opens the e-mail draft for the saved bundle. The draft is made
// from the same inputs, time and file name as the saved bundle, so it
// quotes exactly what was saved.
func (s *sendScreen) onEmail() {
	rec := s.u.wiz.Bundle()
	if rec == nil {
		return
	}
	in, why, ok := s.input(rec.At, filepath.Base(rec.Path))
	if !ok {
		s.u.showError("opening the e-mail draft", errNotReady(why))
		return
	}
	runInBackground(&s.u.bg, job[string]{
		what: "preparing the e-mail draft",
		work: func() (string, error) {
			b, err := bundle.Build(in)
			if err != nil {
				return "", err
			}
			return b.Mailto, nil
		},
		apply: s.u.open,
	})
}

func (s *sendScreen) refresh() {
	s.frame.refresh()
	_, why, ok := s.input(time.Time{}, "")
	if ok {
		s.missing.object().Hide()
		s.save.Enable()
	} else {
		s.missing.set(levelWarning, "Not ready to make the bundle", why)
		s.missing.object().Show()
		s.save.Disable()
	}
	s.refreshSupport()
	rec := s.u.wiz.Bundle()
	if rec == nil {
		s.saved.Hide()
		return
	}
	s.saved.Show()
	s.path.SetText(rec.Path)
	s.stale.Hidden = s.u.wiz.BundleCurrent()
	s.stale.Refresh()
	if ok {
		s.email.Enable()
	} else {
		s.email.Disable()
	}
}

// refreshSupport shows how support's values differ from the pattern: the
// bundle records exactly these deviations (wizard.ValidateURLs is the
// bundle's own rule), so support recognises the values as theirs.
func (s *sendScreen) refreshSupport() {
	urls, src, err := s.u.wiz.URLs()
	var devs []wizard.Deviation
	if err == nil && src == wizard.SourceSupport {
		devs, err = wizard.ValidateURLs(urls)
	}
	if err != nil || len(devs) == 0 {
		s.support.object().Hide()
		return
	}
	lines := []string{"The bundle carries the values pymetrics support gave you, exactly as given, and records how they differ from the usual pattern so that support recognises them:"}
	for _, d := range devs {
		lines = append(lines, "•  "+d.Message)
	}
	s.support.set(levelInfo, "Values from pymetrics support", strings.Join(lines, "\n"))
	s.support.object().Show()
}

// notReady is an action the journey is not ready for; its text is the
// message.
type notReady string

func (e notReady) Error() string { return string(e) }

func errNotReady(why string) error { return notReady(why) }
