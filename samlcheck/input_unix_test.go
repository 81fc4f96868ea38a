//go:build unix

package samlcheck_test

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck"
)

// TestCheckFileFIFO: a FIFO nobody writes to must give a message, not hang.
func TestCheckFileFIFO(t *testing.T) {
	p := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skip("cannot make a FIFO here:", err)
	}
	done := make(chan *samlcheck.Report, 1)
	go func() {
		r, _, err := samlcheck.CheckFile(p, samlcheck.Options{Now: fixedNow})
		if err != nil {
			t.Error(err)
		}
		done <- r
	}()
	select {
	case r := <-done:
		if r != nil && !r.Has(samlcheck.CodeInputEmpty) {
			t.Errorf("codes %v", codes(r))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("CheckFile hangs on a FIFO without a writer")
	}
}
