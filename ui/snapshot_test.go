package ui

import (
	"bytes"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/pymetrics/sso-assistant/assets"
	"github.com/pymetrics/sso-assistant/internal/golden"
	"github.com/pymetrics/sso-assistant/wizard"
)

// assertMarkup compares the window with testdata/<name>; -update rewrites
// the master first. A mismatch leaves the actual markup in testdata/failed/.
func (h *harness) assertMarkup(name string) {
	h.t.Helper()
	c := h.u.win.Canvas()
	if golden.Update() {
		golden.Write(h.t, filepath.Join("testdata", name), []byte(test.RenderToMarkup(c)))
	}
	test.AssertRendersToMarkup(h.t, name, c)
}

// The demo walks every step with fixed data (the embedded sample file, the
// fixed test clock), so each screen has a stable snapshot.
func TestSnapshotsOfEveryStep(t *testing.T) {
	h := newHarness(t, Options{Demo: true})
	for i, id := range wizard.StepIDs {
		h.goTo(string(id))
		h.assertMarkup(filepathSafe(i+1, string(id)))
	}
}

func TestSnapshotRefusedName(t *testing.T) {
	h := newHarness(t, Options{})
	h.typeName("Acme Corp")
	h.assertMarkup("basic-saml-refused-name.xml")
}

func TestSnapshotTamperedFile(t *testing.T) {
	h := newHarness(t, Options{})
	data := bytes.Replace(assets.DemoMetadata, []byte("login.microsoftonline.com/dec0de00"), []byte("login.microsoftonline.com/dec0de01"), 1)
	if bytes.Equal(data, assets.DemoMetadata) {
		t.Fatal("nothing was changed in the demo file")
	}
	h.drop(writeFile(t, "FederationMetadata.xml", data))
	h.assertMarkup("signing-certificate-tampered.xml")
}

// After a good file, a wrong one: the verdict on the wrong file, with the
// way back to the good one under it.
func TestSnapshotWrongFileAfterGood(t *testing.T) {
	// In the demo, where its sample file is the good one (outside the
	// demo the sample file is refused as the demo's: metadata.demo).
	h := newHarness(t, Options{Demo: true})
	h.drop(writeFile(t, "FederationMetadata.xml", assets.DemoMetadata))
	data := bytes.Replace(assets.DemoMetadata, []byte("login.microsoftonline.com/dec0de00"), []byte("login.microsoftonline.com/dec0de01"), 1)
	h.drop(writeFile(t, "FederationMetadata (1).xml", data))
	if !h.u.certScreen().useGood.Visible() {
		t.Fatal("no way back to the good file")
	}
	h.assertMarkup("signing-certificate-previous-good.xml")
}

func filepathSafe(n int, id string) string {
	return "step-" + string(rune('0'+n)) + "-" + id + ".xml"
}
