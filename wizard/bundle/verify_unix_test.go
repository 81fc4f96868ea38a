//go:build unix

package bundle

import (
	"errors"
	"path/filepath"
	"syscall"
	"testing"
)

// A FIFO would block a reader until someone writes to it; VerifyFile must
// refuse it without opening it.
func TestVerifyFileFIFO(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bundle.zip")
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := VerifyFile(path, atCreated)
		done <- err
	}()
	if err := <-done; !errors.Is(err, ErrNotRegular) {
		t.Errorf("FIFO: error %v, want ErrNotRegular", err)
	}
}
