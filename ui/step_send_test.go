package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

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
	if !h.u.send.save.Disabled() {
		t.Error("Save onboarding bundle is enabled with nothing to put in it")
	}
	if !h.u.send.missing.object().Visible() || !strings.Contains(h.u.send.missing.text.Text, "customer name") {
		t.Errorf("missing-prerequisite banner: %q", h.u.send.missing.text.Text)
	}
	h.typeName("acme")
	h.goTo("send-to-support")
	if !strings.Contains(h.u.send.missing.text.Text, "Federation Metadata XML") {
		t.Errorf("after the name, the banner says %q", h.u.send.missing.text.Text)
	}
}

func TestExportWritesABundleAndAsksBeforeOverwriting(t *testing.T) {
	h := newHarness(t, Options{Version: "1.2.3-test"})
	readyForBundle(t, h)
	s := h.u.send
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
	test.Tap(h.u.send.save)
	d := h.u.lastSave
	d.dir = t.TempDir()
	test.Tap(d.saveBtn)
	h.wait()

	test.Tap(h.u.send.email)
	h.wait()
	if len(h.opened) != 1 || !strings.HasPrefix(h.opened[0], "mailto:"+wizard.SupportEmail+"?subject=") {
		t.Fatalf("opened %q, want a mailto: draft to support", h.opened)
	}
	if !strings.Contains(h.opened[0], "acme") {
		t.Errorf("the draft does not name the customer: %s", h.opened[0])
	}
	test.Tap(h.u.send.folder)
	if len(h.opened) != 2 || h.opened[1] != "file://"+filepath.ToSlash(d.dir) {
		t.Errorf("Open folder opened %q", h.opened[1:])
	}
}

func TestBundleBecomesStaleWhenTheNameChanges(t *testing.T) {
	h := newHarness(t, Options{})
	readyForBundle(t, h)
	test.Tap(h.u.send.save)
	d := h.u.lastSave
	d.dir = t.TempDir()
	test.Tap(d.saveBtn)
	h.wait()
	h.typeName("acme2")
	h.goTo("send-to-support")
	if !h.u.send.stale.Visible() {
		t.Error("no note that the saved bundle is out of date")
	}
	if h.u.wiz.StepComplete(wizard.StepSendToSupport) {
		t.Error("a bundle for another name still completes the step")
	}
}

// Support's values that differ from the pattern cannot go into a bundle
// (verify-bundle derives the pattern again); the step says so instead of
// failing on Save.
func TestSendStepWithSupportValuesOffThePattern(t *testing.T) {
	h := newHarness(t, Options{})
	h.typeName("https://www.pymetrics.com/saml2-sp/acme/acme-prod/?acs")
	test.Tap(h.u.basic.useSupport)
	if len(h.u.wiz.Deviations()) == 0 {
		t.Fatalf("no deviation recorded for support's URL; message %q", h.u.basic.nameMsg.Text)
	}
	if !h.u.basic.deviations.Visible() {
		t.Error("the deviations are not shown on Basic SAML configuration")
	}
	h.drop(writeFile(t, "FederationMetadata.xml", goodMetadata(t).XML))
	h.goTo("send-to-support")
	if !h.u.send.save.Disabled() || !strings.Contains(h.u.send.missing.text.Text, "differ from the usual pattern") {
		t.Errorf("save enabled=%v, banner %q", !h.u.send.save.Disabled(), h.u.send.missing.text.Text)
	}
}
