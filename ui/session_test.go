package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/pymetrics/sso-assistant/wizard"
)

func TestSessionIsRestored(t *testing.T) {
	dir := t.TempDir()
	m := goodMetadata(t)
	func() {
		h := newHarness(t, Options{ConfigDir: dir})
		h.typeName("acme")
		h.drop(writeFile(t, "FederationMetadata.xml", m.XML))
		test.Type(h.u.certScreen().thumbprint, m.SHA1Thumbprint)
		h.wait()
		h.goTo("test-user")
		test.Tap(h.u.screen(wizard.StepTestUser).(*testUserScreen).checks["test-user.created"])
		h.quit() // as closing the window does: saved, lock released
	}()

	h := newHarness(t, Options{ConfigDir: dir})
	if got := h.u.nav.current; got != wizard.StepTestUser {
		t.Errorf("restored at step %s, want test-user", got)
	}
	notices := allText(h.u.notices)
	if !strings.Contains(notices, "Continue where you left off") || !strings.Contains(notices, `for customer "acme"`) {
		t.Errorf("no restore notice:\n%s", notices)
	}
	if !h.u.screen(wizard.StepTestUser).(*testUserScreen).checks["test-user.created"].Checked {
		t.Error("the tick was not restored")
	}
	h.assertMarkup("restored.xml")
	h.goTo("basic-saml")
	if strings.Contains(allText(h.u.notices), "Continue where you left off") {
		t.Error("the welcome back stays after the admin moved on")
	}
	if h.u.basicScreen().name.Text != "acme" {
		t.Errorf("restored name %q", h.u.basicScreen().name.Text)
	}
	h.goTo("signing-certificate")
	if got := h.u.certScreen().verdict.title.Text; got != "Intact and from your tenant" {
		t.Errorf("restored verdict %q (the file is checked again on start, with the thumbprint)", got)
	}
	if got := h.u.certScreen().thumbprint.Text; got != m.SHA1Thumbprint {
		t.Errorf("restored thumbprint %q", got)
	}
	if md := h.u.wiz.Metadata(); md == nil || string(md.Data) != string(m.XML) {
		t.Error("the metadata bytes did not come back unchanged")
	}
}

func TestCorruptSessionIsMovedAsideAndReported(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, wizard.SessionFileName), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{ConfigDir: dir})
	notices := allText(h.u.notices)
	if !strings.Contains(notices, "Your previous session could not be restored") {
		t.Errorf("no notice about the unreadable session:\n%s", notices)
	}
	kept, _ := filepath.Glob(filepath.Join(dir, "session-unreadable-*.json"))
	if len(kept) != 1 {
		t.Fatalf("the unreadable session was not kept aside: %v", kept)
	}
	if b, _ := os.ReadFile(kept[0]); string(b) != "{not json" {
		t.Error("the kept file is not the original")
	}
	if h.u.nav.current != wizard.StepPrerequisites {
		t.Errorf("a fresh session starts at %s", h.u.nav.current)
	}
}

func TestStartOverKeepsABackup(t *testing.T) {
	dir := t.TempDir()
	h := newHarness(t, Options{ConfigDir: dir})
	h.typeName("acme")
	if err := h.u.wiz.Flush(); err != nil {
		t.Fatal(err)
	}
	menuItem(t, h.u, "File", "Start over…").Action()
	if !strings.Contains(h.topDialogText(), "Start a new setup") {
		t.Fatalf("no confirmation:\n%s", h.topDialogText())
	}
	h.tapDialogButton("Start over")
	if h.u.wiz.Customer() != "" || h.u.basicScreen().name.Text != "" {
		t.Errorf("after starting over the name is %q / %q", h.u.wiz.Customer(), h.u.basicScreen().name.Text)
	}
	if h.u.nav.current != wizard.StepPrerequisites {
		t.Errorf("after starting over the step is %s", h.u.nav.current)
	}
	backups, _ := filepath.Glob(filepath.Join(dir, "session-start-over-*.json"))
	if len(backups) != 1 {
		t.Fatalf("backups: %v", backups)
	}
	if b, _ := os.ReadFile(backups[0]); !strings.Contains(string(b), `"customer": "acme"`) {
		t.Errorf("the backup does not hold the old session:\n%s", b)
	}
	if !strings.Contains(allText(h.u.notices), backups[0]) {
		t.Error("the backup's path is not shown")
	}
}

func TestDemoNeverTouchesTheSavedSession(t *testing.T) {
	dir := t.TempDir()
	saved := filepath.Join(dir, wizard.SessionFileName)
	// A real session is saved...
	func() {
		h := newHarness(t, Options{ConfigDir: dir})
		h.typeName("real-customer")
		h.quit() // as closing the window does: saved, lock released
	}()
	before, err := os.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	// ...and the demo, run with the same folder and changed a lot, leaves it.
	h := newHarness(t, Options{ConfigDir: dir, Demo: true})
	if !strings.HasSuffix(h.u.win.Title(), "(demo)") {
		t.Errorf("demo title %q", h.u.win.Title())
	}
	if h.u.wiz.Customer() != demoCustomer {
		t.Errorf("demo customer %q", h.u.wiz.Customer())
	}
	h.goTo("signing-certificate")
	// The demo's file passes inside the demo, marked as the demo's.
	if got := h.u.certScreen().verdict.title.Text; got != "Intact, with warnings" || !strings.Contains(findingsText(h.u.certScreen()), "Demo: this is the SSO Assistant's built-in sample file") {
		t.Errorf("demo metadata verdict %q:\n%s", got, findingsText(h.u.certScreen()))
	}
	if !strings.Contains(allText(h.u.nav.sidebar), "Demo") {
		t.Error("the demo is not labelled")
	}
	h.typeName("demo-changed")
	if err := h.u.wiz.Flush(); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(saved)
	if string(after) != string(before) {
		t.Error("the demo changed the saved session")
	}
	if h.u.wiz.Store().Persistent() {
		t.Error("the demo saves to disk")
	}
}

// A second window on the same session folder starts empty, says why, and
// saves nothing: the first window's progress survives both.
func TestSecondWindowSavesNothing(t *testing.T) {
	dir := t.TempDir()
	first := newHarness(t, Options{ConfigDir: dir})
	first.typeName("acme")
	if err := first.u.wiz.Flush(); err != nil {
		t.Fatal(err)
	}

	second := newHarness(t, Options{ConfigDir: dir})
	if second.u.load.Status != wizard.LoadInUse {
		t.Fatalf("second window: load status %q", second.u.load.Status)
	}
	notices := allText(second.u.notices)
	if !strings.Contains(notices, "Already open in another window") || !strings.Contains(notices, "saves nothing") {
		t.Errorf("second window's notice:\n%s", notices)
	}
	if second.u.wiz.Customer() != "" {
		t.Errorf("the second window starts with %q", second.u.wiz.Customer())
	}
	second.typeName("globex")
	second.quit()

	saved, err := os.ReadFile(filepath.Join(dir, wizard.SessionFileName))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(saved), `"customer": "acme"`) || strings.Contains(string(saved), "globex") {
		t.Errorf("the saved session was touched by the second window:\n%s", saved)
	}

	// Once the first window has closed, a new one restores its work.
	first.quit()
	third := newHarness(t, Options{ConfigDir: dir})
	if third.u.load.Status != wizard.LoadRestored || third.u.wiz.Customer() != "acme" {
		t.Errorf("after the first window closed: %q, customer %q", third.u.load.Status, third.u.wiz.Customer())
	}
}
