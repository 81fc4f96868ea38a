package ui

import (
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pymetrics/sso-assistant/wizard"
	"github.com/pymetrics/sso-assistant/wizard/bundle"
)

// sendScreen is "Send to pymetrics support": the admin's optional contact,
// save the onboarding bundle, open a ready e-mail draft, and find the saved
// file again.
type sendScreen struct {
	*frame
	u *UI

	// contactName and contactEmail go into the bundle and the e-mail; the
	// messages under them apply the bundle's own rules as the admin types.
	contactName  *widget.Entry
	contactEmail *widget.Entry
	nameMsg      *widget.Label
	emailMsg     *widget.Label

	missing *banner
	// support says that the bundle carries support's values and records
	// how they differ from the pattern.
	support  *banner
	save     *widget.Button
	saved    *fyne.Container
	path     *widget.Label
	stale    *widget.Label
	folder   *widget.Button
	email    *widget.Button
	copyMail *widget.Button
	// noMailCopy and noMailTry are the buttons of the last "No mail
	// program" dialog (showNoMailProgram), for tests.
	noMailCopy, noMailTry *widget.Button
}

func (u *UI) newSendScreen(st wizard.Step) *sendScreen {
	s := &sendScreen{u: u}
	s.contactName = &widget.Entry{PlaceHolder: "e.g. Ada Admin", OnChanged: s.onContactName, OnSubmitted: func(string) { u.next() }}
	s.contactEmail = &widget.Entry{PlaceHolder: "e.g. ada.admin@yourcompany.com", OnChanged: s.onContactEmail, OnSubmitted: func(string) { u.next() }}
	// The lines under the fields are always there, holding a hint until
	// there is a problem to say: a line that appeared and vanished while
	// typing made the page jump.
	s.nameMsg = &widget.Label{Text: contactNameHint, Wrapping: fyne.TextWrapWord}
	s.emailMsg = &widget.Label{Text: contactEmailHint, Wrapping: fyne.TextWrapWord}
	contact := container.NewVBox(
		heading("Your contact details (optional)"),
		note("They go into the bundle and the e-mail, so pymetrics support knows whom to answer. Leave them empty if the e-mail comes from you anyway."),
		container.New(layout.NewFormLayout(),
			&widget.Label{Text: "Your name", TextStyle: fyne.TextStyle{Bold: true}}, container.NewVBox(s.contactName, s.nameMsg),
			&widget.Label{Text: "Your e-mail", TextStyle: fyne.TextStyle{Bold: true}}, container.NewVBox(s.contactEmail, s.emailMsg),
		),
	)
	s.missing = newBanner(levelWarning, "", "")
	s.support = newBanner(levelInfo, "Values from pymetrics support", "")
	s.support.object().Hide()
	s.save = &widget.Button{Text: "Save onboarding bundle…", Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: s.onSave}
	s.path = valueLabel("")
	s.stale = hidden(&widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance,
		Text: "Saved before the customer name, the metadata file or your contact details changed: save the bundle again so support gets the current values."})
	s.folder = &widget.Button{Text: "Open folder", Icon: theme.FolderOpenIcon(), OnTapped: func() {
		if b := u.wiz.Bundle(); b != nil {
			u.openFolder(filepath.Dir(b.Path))
		}
	}}
	s.email = &widget.Button{Text: "Open e-mail draft", Icon: theme.MailComposeIcon(), OnTapped: s.onEmail}
	s.copyMail = &widget.Button{Text: copyMailText, Icon: theme.ContentCopyIcon(), OnTapped: s.onCopyEmail}
	s.saved = container.NewVBox(
		heading("Saved bundle"),
		s.path,
		s.stale,
		container.NewHBox(s.folder, s.email, s.copyMail),
		note("The draft is addressed to "+wizard.SupportEmail+" with the values in its text. Attach the bundle file yourself: mail programs do not let other programs attach files."),
		note("If no draft opens, or its text arrives cut short (some mail programs shorten long drafts), use "+copyMailText+" and paste it into a new message: it starts with the address and the subject to use, as email.txt in the bundle does."),
	)
	body := container.NewVBox(s.missing.object(), s.support.object(), contact, container.NewHBox(s.save), s.saved)
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
	name, email := s.contact()
	if bundle.CheckContact(name, email) != nil {
		return bundle.Input{}, "Correct your contact details below, or leave them empty: the message under the field says what is wrong.", false
	}
	var source *bundle.MetadataSource
	if m.SourceURL != "" {
		source = &bundle.MetadataSource{URL: m.SourceURL, FetchedAt: m.FetchedAt}
	}
	return bundle.Input{
		Source:       source,
		URLs:         urls,
		Metadata:     m.Data,
		MetadataName: m.Name,
		ContactName:  name,
		ContactEmail: email,
		Check:        w.CheckOptions(time.Time{}),
		Created:      created,
		ToolVersion:  s.u.opts.Version,
		FileName:     fileName,
		// The e-mail says "as entered in Entra" only after a paste-back
		// that matched; a demo bundle says DEMO.
		ConfirmedInEntra: w.PasteBackConfirmed(),
		Demo:             w.Demo(),
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
	if in.Demo {
		name = bundle.DemoFileName(in.URLs.Customer, now)
	}
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

// onEmail opens the e-mail draft for the saved bundle, or, with no mail
// program set up, says so and offers the text to copy.
func (s *sendScreen) onEmail() {
	s.withEmail("opening the e-mail draft", func(e bundle.Email) {
		if !s.u.mailProgram() {
			s.showNoMailProgram(e)
			return
		}
		s.u.openMail(e)
	})
}

// noMailProgramTitle is the title of the dialog shown by showNoMailProgram.
const noMailProgramTitle = "No mail program is set up"

// showNoMailProgram is for a computer where mailto: links go nowhere (web
// mail only): Windows would show its app picker and the admin would be left
// without the address. It is the dialog of a mail program that did not
// open (showMailDialog), with "Try anyway" for a mail program the check
// did not see.
func (s *sendScreen) showNoMailProgram(e bundle.Email) {
	copyText, try := s.u.showMailDialog(noMailProgramTitle, "This computer has no mail program for e-mail links.", e, func() { s.u.openMail(e) })
	s.noMailCopy, s.noMailTry = &copyText.Button, &try.Button
}

// copyMailText is the Copy e-mail text button's label.
const copyMailText = "Copy e-mail text"

// onCopyEmail copies the e-mail for the saved bundle as email.txt holds it
// (To, Subject, a blank line, the message): for when no draft opens, or
// the mail program shortens it.
func (s *sendScreen) onCopyEmail() {
	s.withEmail("copying the e-mail text", func(e bundle.Email) {
		s.u.copyAndConfirm(s.copyMail, copyMailText, e.Text())
	})
}

// withEmail makes the saved bundle's e-mail in the background from the same
// inputs, time and file name as the saved bundle, so it quotes exactly what
// was saved, and hands it to use on the UI goroutine.
func (s *sendScreen) withEmail(what string, use func(bundle.Email)) {
	rec := s.u.wiz.Bundle()
	if rec == nil {
		return
	}
	in, why, ok := s.input(rec.At, filepath.Base(rec.Path))
	if !ok {
		s.u.showError(what, errNotReady(why))
		return
	}
	runInBackground(&s.u.bg, job[bundle.Email]{
		what: what,
		work: func() (bundle.Email, error) {
			b, err := bundle.Build(in)
			if err != nil {
				return bundle.Email{}, err
			}
			return b.Email, nil
		},
		apply: use,
	})
}

// contact is the admin's name and e-mail address as the bundle gets them:
// as typed, without the spaces a copy and paste brings along.
func (s *sendScreen) contact() (name, email string) {
	name, email = s.u.wiz.Contact()
	return strings.TrimSpace(name), strings.TrimSpace(email)
}

// onContactName and onContactEmail store a field as typed; the wizard's
// change refreshes the screen, and with it the messages. Each keeps the
// other field as the wizard has it, not as its entry shows it: while a
// restored session fills the entries one after the other, the second entry
// still shows nothing.
func (s *sendScreen) onContactName(text string) {
	_, email := s.u.wiz.Contact()
	s.u.wiz.SetContact(text, email)
}

func (s *sendScreen) onContactEmail(text string) {
	name, _ := s.u.wiz.Contact()
	s.u.wiz.SetContact(name, text)
}

// refreshContact shows the typed contact and, under each field, why the
// bundle would refuse it. Each field is checked on its own with the
// bundle's rules, so the message lands under the field that is wrong.
func (s *sendScreen) refreshContact() {
	typedName, typedEmail := s.u.wiz.Contact()
	if s.contactName.Text != typedName {
		s.contactName.SetText(typedName)
	}
	if s.contactEmail.Text != typedEmail {
		s.contactEmail.SetText(typedEmail)
	}
	name, email := s.contact()
	nameErr := bundle.CheckContact(name, "")
	emailErr := bundle.CheckContact("", email)
	if nameErr != nil {
		setLabel(s.nameMsg, "Not accepted: a line break or control character; type the name on one line.", widget.DangerImportance)
	} else {
		setLabel(s.nameMsg, contactNameHint, widget.MediumImportance)
	}
	if emailErr != nil {
		setLabel(s.emailMsg, "Not accepted yet: an address like name@example.com, alone, or nothing.", widget.DangerImportance)
	} else {
		setLabel(s.emailMsg, contactEmailHint, widget.MediumImportance)
	}
}

// The hints under the contact fields, one line each like the messages that
// replace them.
const (
	contactNameHint  = "As support should address you."
	contactEmailHint = "An address like name@example.com, or leave it empty."
)

func (s *sendScreen) refresh() {
	s.frame.refresh()
	s.refreshContact()
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
		s.copyMail.Enable()
	} else {
		s.email.Disable()
		s.copyMail.Disable()
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
