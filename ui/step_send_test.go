package ui

import (
	"archive/zip"
	"bytes"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/pymetrics/sso-assistant/wizard"
	"github.com/pymetrics/sso-assistant/wizard/bundle"
)

// readyForBundle brings a harness to the send step with a valid name and
// good metadata.
func readyForBundle(t *testing.T, h *harness) {
	t.Helper()
	h.typeName("acme")
	h.drop(writeFile(t, "FederationMetadata.xml", goodMetadata(t).XML))
	h.goTo("send-to-support")
}

func TestSendStepWaitsForNameAndMetadata(t *testing.T) {
	h := newHarness(t, Options{})
	h.goTo("send-to-support")
	if !h.u.sendScreen().save.Disabled() {
		t.Error("Save onboarding bundle is enabled with nothing to put in it")
	}
	if !h.u.sendScreen().missing.object().Visible() || !strings.Contains(h.u.sendScreen().missing.text.Text, "customer name") {
		t.Errorf("missing-prerequisite banner: %q", h.u.sendScreen().missing.text.Text)
	}
	h.typeName("acme")
	h.goTo("send-to-support")
	if !strings.Contains(h.u.sendScreen().missing.text.Text, "Federation Metadata XML") {
		t.Errorf("after the name, the banner says %q", h.u.sendScreen().missing.text.Text)
	}
}

func TestExportWritesABundleAndAsksBeforeOverwriting(t *testing.T) {
	h := newHarness(t, Options{Version: "1.2.3-test"})
	readyForBundle(t, h)
	s := h.u.sendScreen()
	if s.save.Disabled() {
		t.Fatalf("Save is disabled: %q", s.missing.text.Text)
	}
	test.Tap(s.save)
	d := h.u.lastSave
	if d == nil {
		t.Fatal("no save dialog")
	}
	if want := bundle.DefaultFileName("acme", testNow); d.name.Text != want {
		t.Errorf("default file name %q, want %q", d.name.Text, want)
	}
	dir := t.TempDir()
	d.dir = dir
	test.Tap(d.saveBtn)
	h.wait()
	path := filepath.Join(dir, d.name.Text)
	res, err := bundle.VerifyFile(path, wizard.New(wizard.NewMemoryStore(), wizard.NewSession(), wizard.Options{}).CheckOptions(testNow))
	if err != nil {
		t.Fatalf("verify the saved bundle: %v", err)
	}
	if !res.OK {
		t.Errorf("the saved bundle does not verify: %+v", res)
	}
	if rec := h.u.wiz.Bundle(); rec == nil || rec.Path != path {
		t.Fatalf("the wizard did not record the bundle: %+v", rec)
	}
	if !h.u.wiz.StepComplete(wizard.StepSendToSupport) {
		t.Error("the step is not complete after saving the bundle")
	}
	if got := s.path.Text; got != path {
		t.Errorf("saved path shown as %q", got)
	}
	first := readFile(t, dir, d.name.Text)

	// Saving again under the same name asks first; keeping leaves the file.
	if err := os.WriteFile(path, []byte("the admin's earlier file"), 0o644); err != nil {
		t.Fatal(err)
	}
	test.Tap(s.save)
	d = h.u.lastSave
	d.dir = dir
	test.Tap(d.saveBtn)
	h.wait()
	if d.replace == nil || !strings.Contains(h.topDialogText(), "already exists") {
		t.Fatalf("no question before overwriting; on top: %s", h.topDialogText())
	}
	test.Tap(d.keepBtn)
	h.wait()
	if got := readFile(t, dir, d.name.Text); string(got) != "the admin's earlier file" {
		t.Error("keeping the existing file changed it")
	}

	// Replacing writes the bundle over it.
	test.Tap(d.saveBtn)
	h.wait()
	test.Tap(d.replBtn)
	h.wait()
	if got := readFile(t, dir, d.name.Text); !bytes.Equal(got, first) {
		t.Error("replacing did not write the same bundle (same inputs and time give the same bytes)")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the folder holds %d files, want only the bundle (no temporary files left)", len(entries))
	}
}

func TestEmailDraftAndFolder(t *testing.T) {
	h := newHarness(t, Options{})
	readyForBundle(t, h)
	dir := filepath.Dir(h.saveBundle())

	test.Tap(h.u.sendScreen().email)
	h.wait()
	if len(h.opened) != 1 || !strings.HasPrefix(h.opened[0], "mailto:"+wizard.SupportEmail+"?subject=") {
		t.Fatalf("opened %q, want a mailto: draft to support", h.opened)
	}
	if !strings.Contains(h.opened[0], "acme") {
		t.Errorf("the draft does not name the customer: %s", h.opened[0])
	}
	test.Tap(h.u.sendScreen().folder)
	if len(h.opened) != 2 || h.opened[1] != "file://"+filepath.ToSlash(dir) {
		t.Errorf("Open folder opened %q", h.opened[1:])
	}
}

func TestBundleBecomesStaleWhenTheNameChanges(t *testing.T) {
	h := newHarness(t, Options{})
	readyForBundle(t, h)
	h.saveBundle()
	h.typeName("acme2")
	h.goTo("send-to-support")
	if !h.u.sendScreen().stale.Visible() {
		t.Error("no note that the saved bundle is out of date")
	}
	if h.u.wiz.StepComplete(wizard.StepSendToSupport) {
		t.Error("a bundle for another name still completes the step")
	}
}

// Support's values that differ from the pattern go into the bundle as
// given; the step says that the bundle records how they differ, and
// verify-bundle accepts the saved file and lists the same deviations.
func TestExportWithSupportValuesOffThePattern(t *testing.T) {
	h := newHarness(t, Options{})
	h.typeName("https://www.pymetrics.com/saml2-sp/acme/acme-prod/?acs")
	test.Tap(h.u.basicScreen().useSupport)
	devs := h.u.wiz.Deviations()
	if len(devs) == 0 {
		t.Fatalf("no deviation recorded for support's URL; message %q", h.u.basicScreen().nameMsg.Text)
	}
	if !h.u.basicScreen().deviations.Visible() {
		t.Error("the deviations are not shown on Basic SAML configuration")
	}
	want, src, err := h.u.wiz.URLs()
	if err != nil || src != wizard.SourceSupport {
		t.Fatalf("active values from %q (%v), want support's", src, err)
	}
	// The bundle records how the three values differ from the pattern (the
	// rule verify-bundle applies again); notes about how they were pasted
	// stay on Basic SAML configuration.
	recorded, err := wizard.ValidateURLs(want)
	if err != nil || len(recorded) == 0 {
		t.Fatalf("ValidateURLs(support's values) = %+v, %v", recorded, err)
	}
	h.drop(writeFile(t, "FederationMetadata.xml", goodMetadata(t).XML))
	h.goTo("send-to-support")
	s := h.u.sendScreen()
	if s.save.Disabled() || s.missing.object().Visible() {
		t.Fatalf("Save is refused with support's values: %q", s.missing.text.Text)
	}
	if !s.support.object().Visible() || !strings.Contains(s.support.text.Text, "records how they differ") {
		t.Errorf("no word that the bundle records support's values: %q", s.support.text.Text)
	}
	for _, d := range recorded {
		if !strings.Contains(s.support.text.Text, d.Message) {
			t.Errorf("the step does not show the deviation %q: %q", d.Message, s.support.text.Text)
		}
	}

	test.Tap(s.save)
	d := h.u.lastSave
	d.dir = t.TempDir()
	test.Tap(d.saveBtn)
	h.wait()
	path := filepath.Join(d.dir, d.name.Text)
	res, err := bundle.VerifyFile(path, h.u.wiz.CheckOptions(testNow))
	if err != nil {
		t.Fatalf("verify the saved bundle: %v", err)
	}
	if !res.OK {
		t.Fatalf("the bundle with support's values does not verify: %+v", res.Problems)
	}
	ob := res.Onboarding
	if got := (wizard.URLs{Customer: ob.Customer, Identifier: ob.Identifier, ReplyURL: ob.ReplyURL, SignOnURL: ob.SignOnURL}); got != want {
		t.Errorf("onboarding.json carries %+v, want support's %+v", got, want)
	}
	if pattern, _ := wizard.URLsFor("acme"); ob.ReplyURL == pattern.ReplyURL {
		t.Errorf("the bundle carries the pattern's Reply URL %q, not support's", ob.ReplyURL)
	}
	if !sameCodes(res.URLDeviations, recorded) || !sameCodes(ob.URLDeviations, recorded) {
		t.Errorf("deviations in the bundle %+v (verified %+v), want %+v", ob.URLDeviations, res.URLDeviations, recorded)
	}
	if !h.u.wiz.StepComplete(wizard.StepSendToSupport) {
		t.Error("the step is not complete after saving the bundle")
	}
}

func sameCodes(a, b []wizard.Deviation) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Code != b[i].Code || a[i].Field != b[i].Field {
			return false
		}
	}
	return true
}

// A support set the bundle cannot carry (here, a saved session whose
// values were changed by hand so they no longer agree) is named on the step
// before Save, not reported as a failed Save.
func TestSendStepRefusesInconsistentSupportValues(t *testing.T) {
	dir := t.TempDir()
	st, err := wizard.OpenStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	urls, _ := wizard.URLsFor("acme")
	urls.SignOnURL = "https://www.pymetrics.com/saml2-sp/acme/other/?sso"
	sess := wizard.NewSession()
	sess.Customer = "acme"
	sess.Support = &wizard.SupportURLs{Pasted: urls.ReplyURL, URLs: urls}
	if err := st.Save(sess); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{ConfigDir: dir})
	h.drop(writeFile(t, "FederationMetadata.xml", goodMetadata(t).XML))
	h.goTo("send-to-support")
	s := h.u.sendScreen()
	if !s.save.Disabled() || !strings.Contains(s.missing.text.Text, "not a set the onboarding bundle can carry") {
		t.Errorf("save enabled=%v, banner %q", !s.save.Disabled(), s.missing.text.Text)
	}
	if s.support.object().Visible() {
		t.Error("the step claims the bundle records values it cannot carry")
	}
}

// saveBundle taps Save and saves into a fresh folder; it returns the path.
func (h *harness) saveBundle() string {
	h.t.Helper()
	test.Tap(h.u.sendScreen().save)
	d := h.u.lastSave
	if d == nil {
		h.t.Fatal("no save dialog")
	}
	d.dir = h.t.TempDir()
	test.Tap(d.saveBtn)
	h.wait()
	return filepath.Join(d.dir, d.name.Text)
}

// The contact is optional, saved in the session as typed, and goes into
// the bundle and the e-mail draft.
func TestContactGoesIntoBundleAndDraft(t *testing.T) {
	h := newHarness(t, Options{})
	readyForBundle(t, h)
	s := h.u.sendScreen()
	test.Type(s.contactName, "Ada Admin")
	test.Type(s.contactEmail, "ada.admin@acme.example ") // a pasted trailing space
	if n, e := h.u.wiz.Contact(); n != "Ada Admin" || e != "ada.admin@acme.example " {
		t.Errorf("session contact %q, %q", n, e)
	}
	if refused(s.nameMsg) || refused(s.emailMsg) || s.save.Disabled() {
		t.Fatalf("a good contact is refused: %q %q %q", s.nameMsg.Text, s.emailMsg.Text, s.missing.text.Text)
	}
	path := h.saveBundle()
	res, err := bundle.VerifyFile(path, h.u.wiz.CheckOptions(testNow))
	if err != nil || !res.OK {
		t.Fatalf("verify: %v %+v", err, res)
	}
	if c := res.Onboarding.Contact; c == nil || c.Name != "Ada Admin" || c.Email != "ada.admin@acme.example" {
		t.Errorf("contact in onboarding.json: %+v", c)
	}

	test.Tap(s.email)
	h.wait()
	if len(h.opened) != 1 {
		t.Fatalf("opened %q", h.opened)
	}
	draft, err := url.Parse(h.opened[0])
	if err != nil {
		t.Fatal(err)
	}
	if body := draft.Query().Get("body"); !strings.Contains(body, "Ada Admin <ada.admin@acme.example>") {
		t.Errorf("the draft does not name the contact:\n%s", body)
	}

	// Another contact makes the saved bundle out of date.
	s.contactEmail.SetText("ada@acme.example")
	if !s.stale.Visible() || h.u.wiz.StepComplete(wizard.StepSendToSupport) {
		t.Error("a bundle saved with the old contact still counts")
	}
}

// A contact the bundle would refuse gets a message under its field and
// holds Save back; nothing crashes and nothing typed is lost.
func TestContactRefusedUnderTheField(t *testing.T) {
	tests := []struct {
		name, contact, email string
		nameBad, emailBad    bool
	}{
		{"no at sign", "Ada", "ada at acme", false, true},
		{"display name in the address", "", "Ada <ada@acme.example>", false, true},
		{"half typed", "", "ada@", false, true},
		{"control character in the name", "Ada\tAdmin", "", true, false},
		{"both", "Ada\u2028Admin", "ada@localhost", true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			readyForBundle(t, h)
			s := h.u.sendScreen()
			s.contactName.SetText(tc.contact)
			s.contactEmail.SetText(tc.email)
			if refused(s.nameMsg) != tc.nameBad || refused(s.emailMsg) != tc.emailBad {
				t.Errorf("messages: name %v %q, e-mail %v %q", refused(s.nameMsg), s.nameMsg.Text, refused(s.emailMsg), s.emailMsg.Text)
			}
			if !s.save.Disabled() || !strings.Contains(s.missing.text.Text, "contact details") {
				t.Errorf("save enabled=%v with a refused contact; banner %q", !s.save.Disabled(), s.missing.text.Text)
			}
			if n, e := h.u.wiz.Contact(); n != tc.contact || e != tc.email {
				t.Errorf("session lost what was typed: %q, %q", n, e)
			}
			// Clearing the fields makes the bundle possible again.
			s.contactName.SetText("")
			s.contactEmail.SetText("")
			if refused(s.nameMsg) || refused(s.emailMsg) || s.save.Disabled() {
				t.Error("empty contact fields are refused")
			}
		})
	}
}

func TestContactIsRestored(t *testing.T) {
	dir := t.TempDir()
	func() {
		h := newHarness(t, Options{ConfigDir: dir})
		h.goTo("send-to-support")
		test.Type(h.u.sendScreen().contactName, "Ada Admin")
		test.Type(h.u.sendScreen().contactEmail, "ada at acme")
		h.quit() // as closing the window does: saved, lock released
	}()
	h := newHarness(t, Options{ConfigDir: dir})
	h.goTo("send-to-support")
	s := h.u.sendScreen()
	if s.contactName.Text != "Ada Admin" || s.contactEmail.Text != "ada at acme" {
		t.Errorf("restored fields %q, %q", s.contactName.Text, s.contactEmail.Text)
	}
	if n, e := h.u.wiz.Contact(); n != "Ada Admin" || e != "ada at acme" {
		t.Errorf("restoring changed the session: %q, %q", n, e)
	}
	if !refused(s.emailMsg) {
		t.Error("the restored address is not checked")
	}
}

// Copy e-mail text copies exactly the bundle's email.txt, for when the
// mail program opens no draft or shortens it.
func TestCopyEmailTextIsTheBundlesEmail(t *testing.T) {
	h := newHarness(t, Options{})
	readyForBundle(t, h)
	s := h.u.sendScreen()
	if s.saved.Visible() {
		t.Fatal("the saved-bundle buttons show before a bundle is saved")
	}
	path := h.saveBundle()
	if s.copyMail.Disabled() {
		t.Fatal("Copy e-mail text is disabled after saving")
	}
	test.Tap(s.copyMail)
	h.wait()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	f, err := zr.Open(bundle.EntryEmail)
	if err != nil {
		t.Fatal(err)
	}
	want, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	if got := h.clipboard(); got != string(want) {
		t.Errorf("copied:\n%s\nwant email.txt:\n%s", got, want)
	}
	if !strings.HasPrefix(h.clipboard(), "To: "+wizard.SupportEmail+"\nSubject: ") {
		t.Errorf("the copied text does not start with the address and subject:\n%s", h.clipboard())
	}
	if s.copyMail.Text != copiedText {
		t.Errorf("the button says %q after copying", s.copyMail.Text)
	}
	for _, f := range h.timers {
		f()
	}
	if s.copyMail.Text != copyMailText {
		t.Errorf("the button says %q after the confirmation", s.copyMail.Text)
	}
}

// refused reports whether a message line under a contact field shows a
// refusal (the line itself is always there, so the page does not jump).
func refused(l *widget.Label) bool {
	return l.Visible() && l.Importance == widget.DangerImportance
}

// With no mail program for mailto: links the draft is not handed to
// nothing: the admin gets the address and the text to copy, and can still
// try.
func TestEmailWithoutMailProgram(t *testing.T) {
	h := newHarness(t, Options{})
	h.u.mailProgram = func() bool { return false }
	readyForBundle(t, h)
	h.saveBundle()
	s := h.u.sendScreen()

	test.Tap(s.email)
	h.wait()
	if len(h.opened) != 0 {
		t.Fatalf("opened %q with no mail program", h.opened)
	}
	if s.noMailCopy == nil {
		t.Fatal("no dialog offering the text to copy")
	}
	test.Tap(s.noMailCopy)
	if !strings.HasPrefix(h.clipboard(), "To: "+wizard.SupportEmail+"\nSubject: ") {
		t.Errorf("copied %q, want the e-mail starting with the address and subject", h.clipboard())
	}
	test.Tap(s.noMailTry)
	if len(h.opened) != 1 || !strings.HasPrefix(h.opened[0], "mailto:"+wizard.SupportEmail) {
		t.Errorf("Try anyway opened %q", h.opened)
	}
}
