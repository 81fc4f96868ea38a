package ui

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"fyne.io/fyne/v2/test"

	"github.com/pymetrics/sso-assistant/internal/unprivileged"
	"github.com/pymetrics/sso-assistant/wizard"
	"github.com/pymetrics/sso-assistant/wizard/bundle"
)

// Drops that are not a metadata file: each ends in a message the admin can
// act on, the window keeps working, and nothing the admin added before is
// replaced.

// dropKeepsEarlierMetadata drops path on a window that already holds good
// metadata, and checks that the earlier file is still held unchanged.
func dropKeepsEarlierMetadata(t *testing.T, h *harness, path string) {
	t.Helper()
	m := goodMetadata(t)
	h.drop(writeFile(t, "FederationMetadata.xml", m.XML))
	h.drop(path)
	if got := h.u.wiz.Metadata(); got == nil || !bytes.Equal(got.Data, m.XML) {
		t.Error("the metadata added before is no longer held unchanged")
	}
	if h.u.certScreen().activity.Visible() {
		t.Error("the activity indicator is still shown")
	}
}

func TestDropFolderKeepsEarlierMetadata(t *testing.T) {
	h := newHarness(t, Options{})
	dropKeepsEarlierMetadata(t, h, t.TempDir())
	if got := h.topDialogText(); !strings.Contains(got, "is a folder, not a file") {
		t.Errorf("dialog: %q", got)
	}
}

// TestDropUnreadableFile runs as the user nobody when the tests run as
// root, for whom permission bits do not apply (TestUnreadableFileExplainsIt
// skips there).
func TestDropUnreadableFile(t *testing.T) {
	if unprivileged.Rerun(t) {
		return
	}
	p := writeFile(t, "FederationMetadata.xml", goodMetadata(t).XML)
	if err := os.Chmod(p, 0); err != nil {
		t.Fatal(err)
	}
	if f, err := os.Open(p); err == nil {
		f.Close()
		t.Skip("this user can read a file with mode 000")
	}
	h := newHarness(t, Options{})
	dropKeepsEarlierMetadata(t, h, p)
	if got := h.topDialogText(); !strings.Contains(got, "Permission denied") {
		t.Errorf("dialog: %q", got)
	}
}

// TestMetadataBytesKeptEverywhere: metadata in a form that still verifies
// but that a careless layer would "clean up" (a byte-order mark, CR LF line
// ends, UTF-16) is held, saved, restored and exported byte for byte.
func TestMetadataBytesKeptEverywhere(t *testing.T) {
	m := goodMetadata(t)
	crlf := append([]byte{0xEF, 0xBB, 0xBF}, bytes.ReplaceAll(m.XML, []byte("\n"), []byte("\r\n"))...)
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"utf8-bom-crlf", crlf},
		{"utf16le-bom", utf16LE(string(m.XML))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := t.TempDir()
			func() {
				h := newHarness(t, Options{ConfigDir: cfg})
				h.typeName("acme")
				h.drop(writeFile(t, "FederationMetadata.xml", tc.data))
				if !h.u.wiz.StepComplete(wizard.StepSigningCertificate) {
					t.Fatalf("the file does not check out: %s", findingsText(h.u.certScreen()))
				}
				h.quit() // as closing the window does: saved, lock released
			}()

			h := newHarness(t, Options{ConfigDir: cfg})
			if got := h.u.wiz.Metadata(); got == nil || !bytes.Equal(got.Data, tc.data) {
				t.Fatal("the restored session does not hold the bytes unchanged")
			}
			h.goTo("send-to-support")
			test.Tap(h.u.sendScreen().save)
			d := h.u.lastSave
			if d == nil {
				t.Fatal("no save dialog")
			}
			out := t.TempDir()
			d.dir = out
			test.Tap(d.saveBtn)
			h.wait()
			zr, err := zip.OpenReader(filepath.Join(out, d.name.Text))
			if err != nil {
				t.Fatalf("no bundle saved: %v (dialog: %s)", err, h.topDialogText())
			}
			defer zr.Close()
			for _, f := range zr.File {
				if f.Name != bundle.EntryMetadata {
					continue
				}
				rc, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				got, err := io.ReadAll(rc)
				rc.Close()
				if err != nil || !bytes.Equal(got, tc.data) {
					t.Errorf("the bundle's %s differs from the dropped file (%v)", f.Name, err)
				}
				return
			}
			t.Errorf("the bundle has no %s", bundle.EntryMetadata)
		})
	}
}

func utf16LE(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}
