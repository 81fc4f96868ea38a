package ui

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/capture"
	"github.com/pymetrics/sso-assistant/wizard"
)

// captureSteps say how to capture a sign-in, per browser.
var captureSteps = []string{
	`Edge or Chrome: press F12, open the Network tab and tick "Preserve log". Open the pymetrics sign-on page and sign in. When pymetrics has opened (or shown an error), right-click the list and choose "Save all as HAR with content".`,
	`Firefox: press F12, open the Network tab, click the gear icon and tick "Persist Logs". Sign in, then right-click the list and choose "Save All As HAR".`,
	`SAML-tracer add-on (Firefox, Chrome, Edge): open it, sign in, then Export (any cookie option).`,
	`Or copy Entra's error page (from "Sorry, but we're having trouble signing you in" to the Timestamp) and press Paste.`,
}

const copyResultText = "Copy the result for pymetrics support"

// privacyNote is shown next to the drop area.
const privacyNote = "A HAR file holds your session cookies and anything typed into forms. The assistant reads only the SAML messages in it, never stores, prints or exports the capture, and forgets it once the check is done. Delete the file afterwards and never send it to anyone."

// signInPanel is the sign-in check on "Test sign-in": how to capture, a
// drop area with Open file… and Paste, and the verdict table. Capture files
// are read in the background and never kept; only the result stays, until
// another capture is checked.
type signInPanel struct {
	u   *UI
	gen int

	box       *fyne.Container
	msg       *widget.Label
	activity  *widget.Activity
	result    *fyne.Container
	verdict   *banner
	user      *widget.Label
	rows      *fyne.Container
	sent      *fyne.Container
	sentTitle *widget.Label
	copyBtn   *widget.Button

	last *wizard.SignInCheck
}

func (u *UI) newSignInPanel() *signInPanel {
	p := &signInPanel{u: u}
	steps := make([]fyne.CanvasObject, 0, len(captureSteps))
	for _, s := range captureSteps {
		steps = append(steps, paragraph("• "+s))
	}
	open := &widget.Button{Text: "Open file…", Icon: theme.FolderOpenIcon(), Importance: widget.HighImportance, OnTapped: p.onOpen}
	paste := &widget.Button{Text: "Paste", Icon: theme.ContentPasteIcon(), OnTapped: p.onPaste}
	drop := newTintBox(theme.ColorNamePrimary, 0x14, container.NewVBox(
		&widget.Label{Text: "Drop the HAR file or SAML-tracer export here", Alignment: fyne.TextAlignCenter, TextStyle: fyne.TextStyle{Bold: true}},
		container.NewCenter(container.NewHBox(open, paste)),
	))
	p.msg = hidden(&widget.Label{Wrapping: fyne.TextWrapWord})
	p.activity = hidden(widget.NewActivity())
	p.verdict = newBanner(levelInfo, "", "")
	p.user = &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}
	p.rows = container.New(layout.NewFormLayout())
	p.sent = container.New(layout.NewFormLayout())
	p.sentTitle = &widget.Label{Text: "What Entra sent (from the verified assertion)", TextStyle: fyne.TextStyle{Bold: true}}
	p.copyBtn = &widget.Button{Text: copyResultText, Icon: theme.ContentCopyIcon(), OnTapped: p.onCopy}
	p.result = hidden(container.NewVBox(
		p.verdict.object(), p.user, p.rows, p.sentTitle, p.sent,
		note("Only this result is copied (the checks and what to fix), never the capture. Paste it into your e-mail to pymetrics support."),
		container.NewHBox(p.copyBtn),
	))
	p.box = container.NewVBox(
		heading("Check what Entra sent (optional)"),
		paragraph("If the sign-in fails, or to be sure before you tell your users, capture one sign-in and let the assistant check it against this customer's values and the signed metadata, offline."),
		note(privacyNote),
		drop,
		container.NewHBox(p.activity, p.msg),
		p.result,
		&widget.Label{Text: "How to capture a sign-in", TextStyle: fyne.TextStyle{Bold: true}},
		container.NewVBox(steps...),
	)
	return p
}

func (p *signInPanel) object() fyne.CanvasObject { return p.box }

// onOpen is "Open file…".
func (p *signInPanel) onOpen() {
	p.u.browseFile(func(path string) { p.checkPath(path) })
}

// onPaste checks what is on the clipboard.
func (p *signInPanel) onPaste() {
	text := p.u.app.Clipboard().Content()
	if strings.TrimSpace(text) == "" {
		p.show("The clipboard is empty. Copy the SAMLResponse value, the decoded message, the redirect URL or Entra's error text first.", widget.DangerImportance)
		return
	}
	p.run("the pasted text", func() (*capture.Capture, error) { return capture.ReadBytes([]byte(text)) })
}

// onDropped takes a capture dropped on the window while "Test sign-in" is
// shown.
func (p *signInPanel) onDropped(uris []fyne.URI) {
	switch {
	case len(uris) > 1:
		p.show(fmt.Sprintf("You dropped %d files. Drop only one capture (a HAR file or a SAML-tracer export). Nothing was checked.", len(uris)), widget.DangerImportance)
	case uris[0].Scheme() != "file":
		p.show("That was a link, not a file. Save the capture first, then drop the saved file.", widget.DangerImportance)
	default:
		p.checkPath(uris[0].Path())
	}
}

// checkPath checks a dropped or opened file.
func (p *signInPanel) checkPath(path string) {
	p.u.lastDir = filepath.Dir(path)
	p.run(filepath.Base(path), func() (*capture.Capture, error) {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return capture.Read(f)
	})
}

// run reads the capture and checks it in the background; the newest wins.
func (p *signInPanel) run(name string, read func() (*capture.Capture, error)) {
	p.gen++
	gen := p.gen
	urls, _, urlErr := p.u.wiz.URLs()
	m := p.u.wiz.Metadata()
	opts := p.u.wiz.CheckOptions(p.u.now())
	p.show("Checking "+name+"…", widget.MediumImportance)
	p.activity.Show()
	p.activity.Start()
	type outcome struct {
		check *wizard.SignInCheck
		msg   string
	}
	runInBackground(&p.u.bg, job[outcome]{
		what: "checking " + name,
		work: func() (outcome, error) {
			if urlErr != nil {
				return outcome{msg: "Enter the customer name first (step Basic SAML Configuration): the sign-in is checked against its values."}, nil
			}
			if m == nil || len(m.Data) == 0 {
				return outcome{msg: "Check the Federation Metadata XML first (step SAML signing certificate): its signing certificate is what the sign-in must be signed with."}, nil
			}
			exp, err := wizard.SignInExpectedFrom(urls, samlcheck.Check(m.Data, opts))
			if err != nil {
				return outcome{msg: "The Federation Metadata XML did not verify, so there is no certificate to check the sign-in with. Fix it on the SAML signing certificate step first."}, nil
			}
			c, err := read()
			if err != nil {
				return outcome{msg: name + ": " + captureMessage(err)}, nil
			}
			return outcome{check: wizard.CheckSignIn(c, exp)}, nil
		},
		stale: func() bool { return gen != p.gen },
		settle: func() {
			p.activity.Stop()
			p.activity.Hide()
		},
		apply: func(o outcome) {
			if o.check == nil {
				// The earlier result is not this capture's: take it away.
				p.last = nil
				p.result.Hide()
				p.show(o.msg, widget.DangerImportance)
				return
			}
			p.msg.Hide()
			p.render(o.check)
		},
	})
}

func (p *signInPanel) show(text string, imp widget.Importance) {
	setLabel(p.msg, text, imp)
	p.msg.Show()
}

// captureMessage says why a capture could not be read.
func captureMessage(err error) string {
	switch {
	case errors.Is(err, capture.ErrUnknownFormat):
		return "this is not a capture the assistant reads. Use a HAR file, a SAML-tracer export, a SAMLResponse value or Entra's error text (see the steps above)."
	case errors.Is(err, capture.ErrNoSAML):
		return "the capture holds no SAML message. Start recording before opening the pymetrics sign-on page and stop only when pymetrics has opened; in SAML-tracer, export without hashing the values. (A Federation Metadata XML is checked on step 5, SAML signing certificate.)"
	case errors.Is(err, capture.ErrTooLarge):
		return "too large to be a capture of one sign-in."
	case errors.Is(err, capture.ErrMalformed):
		return "the capture is damaged or cut off. Save it again."
	}
	return explain(err)
}

// stateLevels map a row's state to the banner levels the window uses.
var stateLevels = map[wizard.RowState]level{
	wizard.RowPass: levelOK, wizard.RowFail: levelError, wizard.RowWarn: levelWarning, wizard.RowNotChecked: levelInfo,
}

// render shows the verdict, who signed in, and one row per check; a failed
// row names the Entra blade and field to fix.
func (p *signInPanel) render(c *wizard.SignInCheck) {
	p.last = c
	if c.OK {
		p.verdict.set(levelOK, "The sign-in works as far as the capture shows", "Entra sent pymetrics what it needs, signed with the certificate pymetrics has.")
	} else {
		p.verdict.set(levelError, "Something stops the sign-in", "Each red row below says what and where to fix it in Entra. Fix it, then sign in again and check the new capture.")
	}
	switch {
	case c.User != nil:
		p.user.SetText("Signed in: " + c.User.String())
		p.user.Show()
	default:
		p.user.Hide()
	}
	// One line per check: icon and name on the left, what was found (and
	// for a failed row where to fix it) on the right.
	objs := make([]fyne.CanvasObject, 0, 2*len(c.Rows))
	for _, r := range c.Rows {
		lv := stateLevels[r.State]
		right := []fyne.CanvasObject{&widget.Label{Text: r.Detail, Wrapping: fyne.TextWrapWord, Selectable: true}}
		if r.Fix != "" && (r.State == wizard.RowFail || r.State == wizard.RowWarn) {
			right = append(right, &widget.Label{Text: "Fix: " + r.Fix, Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}, Importance: widget.DangerImportance})
		}
		// The VBox keeps icon and name at the top of a row whose detail
		// wraps onto several lines: in the bare HBox the icon stretched to
		// the row's height and sat centred, lines below its name.
		objs = append(objs,
			container.NewVBox(container.NewHBox(widget.NewIcon(lv.icon()), &widget.Label{Text: r.Label, TextStyle: fyne.TextStyle{Bold: true}})),
			container.NewVBox(right...))
	}
	setObjects(p.rows, objs...)
	// Every claim as Entra sent it, read from the verified assertion only.
	var sent []fyne.CanvasObject
	if r := c.Response; r.SignatureValid && (r.NameID != "" || len(r.Attributes) > 0) {
		sent = append(sent, &widget.Label{Text: "NameID", TextStyle: fyne.TextStyle{Bold: true}},
			&widget.Label{Text: strings.TrimSpace(r.NameID + "  " + r.NameIDFormat), Wrapping: fyne.TextWrapBreak, Selectable: true})
		for _, a := range r.Attributes {
			sent = append(sent, &widget.Label{Text: a.Name, Wrapping: fyne.TextWrapBreak, TextStyle: fyne.TextStyle{Bold: true}},
				&widget.Label{Text: strings.Join(a.Values, "; "), Wrapping: fyne.TextWrapBreak, Selectable: true})
		}
	}
	setObjects(p.sent, sent...)
	showIf(len(sent) > 0, p.sentTitle, p.sent)
	p.result.Show()
	p.box.Refresh()
}

// onCopy puts the check's result (never the capture) on the clipboard.
func (p *signInPanel) onCopy() {
	if p.last == nil {
		return
	}
	var b bytes.Buffer
	b.WriteString("pymetrics SSO Assistant: sign-in check for " + p.last.Customer + "\n\n")
	if err := p.last.WriteText(&b); err != nil {
		p.u.showError("copying the result", err)
		return
	}
	p.u.copyAndConfirm(p.copyBtn, copyResultText, b.String())
}
