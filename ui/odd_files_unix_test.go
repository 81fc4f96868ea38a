//go:build unix

package ui

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A FIFO nobody writes to must not block the check (and with it the
// window's state) forever.
func TestFIFODoesNotHang(t *testing.T) {
	p := filepath.Join(t.TempDir(), "FederationMetadata.xml")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skip(err)
	}
	h := newHarness(t, Options{})
	h.drop(p)
	if got := h.u.certScreen().verdict.title.Text; got != "Problem: this file cannot be used" {
		t.Errorf("verdict %q; findings:\n%s", got, findingsText(h.u.certScreen()))
	}
	if h.u.certScreen().activity.Visible() || !strings.Contains(h.u.certScreen().file.Text, "FederationMetadata.xml") {
		t.Errorf("file line %q", h.u.certScreen().file.Text)
	}
}
