//go:build unix

package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/wizard"
)

// TestDropStalledFIFO: a FIFO whose writer stays open and writes nothing is
// given up on after the engine's 10-second stall timeout, with a message.
func TestDropStalledFIFO(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the 10-second stall timeout")
	}
	p := filepath.Join(t.TempDir(), "FederationMetadata.xml")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skip("cannot make a FIFO here:", err)
	}
	w, err := os.OpenFile(p, os.O_RDWR, 0) // a writer that never writes
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	h := newHarness(t, Options{})
	dropKeepsEarlierMetadata(t, h, p)
	if got := h.topDialogText(); !strings.Contains(got, "arrived from it for 10 seconds") {
		t.Errorf("dialog: %q", got)
	}
}

// TestDropFIFOWithWriter: a FIFO fed by a program that writes the file in
// pieces is read to its end and checked like the file itself.
func TestDropFIFOWithWriter(t *testing.T) {
	p := filepath.Join(t.TempDir(), "FederationMetadata.xml")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skip("cannot make a FIFO here:", err)
	}
	m := goodMetadata(t)
	w, err := os.OpenFile(p, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{})
	go func() {
		defer w.Close()
		// In pieces, with pauses: the drop opens the FIFO while the
		// writer is still writing (a FIFO nobody holds open any more
		// loses what was in it).
		for i := 0; i < len(m.XML); i += 1000 {
			w.Write(m.XML[i:min(i+1000, len(m.XML))])
			time.Sleep(20 * time.Millisecond)
		}
	}()
	h.drop(p)
	if got := h.u.wiz.Metadata(); got == nil || !bytes.Equal(got.Data, m.XML) || !h.u.wiz.StepComplete(wizard.StepSigningCertificate) {
		t.Errorf("the FIFO's metadata was not taken whole: %s", findingsText(h.u.certScreen()))
	}
}
