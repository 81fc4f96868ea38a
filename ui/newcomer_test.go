package ui

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pymetrics/sso-assistant/wizard"
)

// Dialogs are modal: Esc closes them and gives the focus back, and neither
// Enter nor a menu shortcut acts on the window behind them.
func TestDialogsAreModal(t *testing.T) {
	h := newHarness(t, Options{})
	h.enterBasicSAML("acme")
	name := h.u.basicScreen().name
	h.u.win.Canvas().Focus(name)
	menuItem(t, h.u, "Help", "Keyboard shortcuts").Action()
	if !h.u.modalOpen() || !strings.Contains(h.topDialogText(), "Close a dialog") {
		t.Fatalf("Keyboard shortcuts is not open as a dialog:\n%s", h.topDialogText())
	}
	if h.u.win.Canvas().Focused() == name {
		t.Fatal("the name field behind the dialog keeps the focus")
	}
	// Alt+5 must not act behind the dialog, nor Enter (the step is
	// complete): Enter presses the dialog's Close.
	menuItem(t, h.u, "Go", "5. SAML signing certificate").Action()
	h.u.onTypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if h.u.nav.current != wizard.StepBasicSAML || h.u.modalOpen() {
		t.Fatalf("a key acted behind the dialog (now on %s), or Enter did not close it", h.u.nav.current)
	}
	menuItem(t, h.u, "Help", "Keyboard shortcuts").Action()
	h.u.onTypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.u.modalOpen() || h.u.win.Canvas().Overlays().Top() != nil {
		t.Fatal("Esc did not close the dialog")
	}
	if h.u.win.Canvas().Focused() != name {
		t.Errorf("the focus did not go back to the name field: %T", h.u.win.Canvas().Focused())
	}
	// Esc also closes a dialog from a focused button in it.
	menuItem(t, h.u, "Help", "About").Action()
	var closeBtn *dialogButton
	for _, o := range test.LaidOutObjects(h.u.win.Canvas().Overlays().Top()) {
		if b, ok := o.(*dialogButton); ok && b.Text == "Close" {
			closeBtn = b
		}
	}
	if closeBtn == nil {
		t.Fatal("About has no Close button")
	}
	h.u.win.Canvas().Focus(closeBtn)
	closeBtn.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.u.modalOpen() {
		t.Fatal("Esc on the focused Close button did not close About")
	}
}

// Enter on a row of the step list opens its step.
func TestEnterOnAStepRowOpensIt(t *testing.T) {
	h := newHarness(t, Options{})
	h.u.nav.stepItems[wizard.StepTestUser].TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if h.u.nav.current != wizard.StepTestUser {
		t.Fatalf("Enter on step 6's row left the window on %s", h.u.nav.current)
	}
}

// The mail program that does not open: a short title, the reason, and the
// address and text to copy or save.
func TestOpenFailureOffersCopyAndSave(t *testing.T) {
	h := newHarness(t, Options{})
	h.u.openURL = func(*url.URL) error { return errors.New("no default mail program") }
	h.u.open("mailto:solutions-engineering@pymetrics.com?subject=SAML%20SSO&body=Hello%0D%0Athere")
	text := h.topDialogText()
	for _, want := range []string{"The mail program did not open", "no default mail program", "[Copy address]", "[Copy e-mail text]", "[Save e-mail as file…]"} {
		if !strings.Contains(text, want) {
			t.Errorf("open-failure dialog lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "try again") || strings.Contains(text, "mailto:") {
		t.Errorf("the dialog shows the link or says try again:\n%s", text)
	}
	h.tapDialogButton("Copy e-mail text")
	if got := h.clipboard(); got != "To: solutions-engineering@pymetrics.com\nSubject: SAML SSO\n\nHello\nthere" {
		t.Errorf("copied e-mail text %q", got)
	}
	h.tapDialogButton("Copy address")
	if got := h.clipboard(); got != "solutions-engineering@pymetrics.com" {
		t.Errorf("copied address %q", got)
	}
	h.tapDialogButton("Save e-mail as file…")
	if d := h.u.lastSave; d == nil || d.name.Text != "email-to-pymetrics-support.txt" {
		t.Fatal("Save e-mail as file… opens no save dialog")
	}
}

// A paste-back that differs takes back step 3's tick and holds the last
// step's "Done"; a reason, or a matching paste, gives it back.
func TestPasteBackDifferencesHoldTheJourney(t *testing.T) {
	h := newHarness(t, Options{Demo: true})
	for _, id := range wizard.StepIDs {
		st, _ := wizard.StepByID(id)
		for _, it := range st.Checklist {
			h.u.wiz.Tick(it.ID, true)
		}
	}
	h.goTo("test-sso")
	if s := h.u.nav.status.Text; strings.HasPrefix(s, "Done") {
		t.Fatalf("the last step says %q with the bundle not saved", s)
	}
	h.goTo("basic-saml")
	urls, _, _ := h.u.wiz.URLs()
	h.u.app.Clipboard().SetContent(strings.ReplaceAll(urls.Text(), demoCustomer, demoCustomer+"x"))
	menuItem(t, h.u, "Edit", "Paste values from Entra to check").Action()
	s := h.u.basicScreen()
	if h.u.win.Canvas().Focused() != s.paste || !strings.HasPrefix(s.pasteTitle.Text, "Differences") {
		t.Fatalf("Ctrl+Shift+V did not paste into the check: %q", s.pasteTitle.Text)
	}
	if h.u.wiz.Ticked(wizard.ItemBasicSAMLEntered) || h.u.wiz.StepComplete(wizard.StepBasicSAML) {
		t.Fatal("differences left step 3 ticked")
	}
	if !s.reasonBox.Visible() || !strings.Contains(h.u.nav.status.Text, "differ") {
		t.Errorf("no way to say why, or no word in the footer: %q", h.u.nav.status.Text)
	}
	h.goTo("test-sso")
	if s := h.u.nav.status.Text; !strings.Contains(s, "step 3 (Basic SAML configuration)") {
		t.Errorf("the last step does not name step 3: %q", s)
	}
	h.goTo("basic-saml")
	test.Type(s.reason, "support asked for it")
	h.u.wiz.Tick(wizard.ItemBasicSAMLEntered, true)
	if !h.u.wiz.StepComplete(wizard.StepBasicSAML) || h.u.wiz.PasteBackConfirmed() {
		t.Error("a reason must complete step 3 without confirming the values")
	}
}

// Support's URL in the name field is explained in one sentence, with one
// button that takes it.
func TestSupportURLInTheNameFieldIsExplained(t *testing.T) {
	h := newHarness(t, Options{})
	h.typeName("https://www.pymetrics.com/saml2-sp/acme/acme/?acs")
	s := h.u.basicScreen()
	if msg := s.nameMsg.Text; !strings.HasPrefix(msg, "This is a URL from pymetrics support") || strings.Count(msg, ". ") > 0 {
		t.Errorf("message %q", msg)
	}
	if !s.useSupport.Visible() || s.suggest.Visible() {
		t.Errorf("buttons: use support %v, suggest %v", s.useSupport.Visible(), s.suggest.Visible())
	}
}

// The thumbprint step asks for the portal's value before the file, shows
// no Copy button beside the file's own thumbprint, and keeps the line under
// the field in place while typing.
func TestThumbprintComesFirst(t *testing.T) {
	h := newHarness(t, Options{})
	h.goTo("signing-certificate")
	s := h.u.certScreen()
	text := h.screenText()
	if i, j := strings.Index(text, "Thumbprint shown in Entra"), strings.Index(text, "Federation Metadata XML\n"); i < 0 || j < 0 || i > j {
		t.Errorf("the portal's thumbprint is not asked for before the file:\n%s", text)
	}
	for _, typed := range []string{"", "1A2B", strings.Repeat("AB", 20)} {
		s.thumbprint.SetText(typed)
		h.wait()
		if !s.thumbMsg.Visible() || s.thumbMsg.Text == "" {
			t.Errorf("with %q typed the line under the field is gone", typed)
		}
	}
	m := goodMetadata(t)
	h.drop(writeFile(t, "FederationMetadata.xml", m.XML))
	if strings.Contains(allText(s.certs), "[Copy]") {
		t.Error("a Copy button beside the file's thumbprint")
	}
	if msg := s.thumbMsg.Text; !strings.HasPrefix(msg, "Does not match") || strings.Contains(msg, "Findings") {
		t.Errorf("a wrong thumbprint: %q", msg)
	}
}

// File > Open e-mail draft (Ctrl+E) opens the draft from any step once the
// bundle is saved; when the mail program does not open, Enter in the
// dialog copies the e-mail text and Esc closes it.
func TestEmailDraftFromTheMenu(t *testing.T) {
	h := newHarness(t, Options{})
	h.u.mailProgram = func() bool { return true }
	readyForBundle(t, h)
	h.saveBundle()
	h.goTo("prerequisites")
	h.u.openURL = func(*url.URL) error { return errors.New("no handler for mailto") }
	menuItem(t, h.u, "File", "Open e-mail draft").Action()
	h.wait()
	if h.u.nav.current != wizard.StepSendToSupport || !strings.Contains(h.topDialogText(), "The mail program did not open") {
		t.Fatalf("on %s, dialog:\n%s", h.u.nav.current, h.topDialogText())
	}
	h.u.onTypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !strings.HasPrefix(h.clipboard(), "To: "+wizard.SupportEmail+"\nSubject: ") || !h.u.modalOpen() {
		t.Errorf("Enter: clipboard %q, dialog open %v", h.clipboard(), h.u.modalOpen())
	}
	h.u.onTypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.u.modalOpen() {
		t.Error("Esc left the dialog open")
	}
}
