//go:build !linux

package unprivileged

import (
	"os"
	"testing"
)

// Rerun returns false: the test goes on in this process. Switching users is
// implemented on Linux only; elsewhere a test running as root (where
// permission bits do not apply) is skipped.
func Rerun(t *testing.T) bool {
	t.Helper()
	if os.Geteuid() == 0 && os.Getenv(marker) == "" {
		t.Skip("running as root: permission bits do not apply")
	}
	return false
}
