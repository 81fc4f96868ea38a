//go:build !windows

// Windows has no Unix file modes (a 0o000 file stays readable there);
// input_locked_windows_test.go holds its equivalent.

package samlcheck_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/pymetrics/sso-assistant/internal/unprivileged"
	"github.com/pymetrics/sso-assistant/samlcheck"
)

// TestCheckFilePermissionDenied: a file the user may not read is an
// ErrUnreadable carrying fs.ErrPermission. Under root, for whom permission
// bits do not apply, it runs as the user nobody.
func TestCheckFilePermissionDenied(t *testing.T) {
	if unprivileged.Rerun(t) {
		return
	}
	p := filepath.Join(t.TempDir(), "FederationMetadata.xml")
	if err := os.WriteFile(p, []byte("<EntityDescriptor/>"), 0o000); err != nil {
		t.Fatal(err)
	}
	r, data, err := samlcheck.CheckFile(p, samlcheck.Options{Now: fixedNow})
	if !errors.Is(err, samlcheck.ErrUnreadable) || !errors.Is(err, fs.ErrPermission) || r != nil || data != nil {
		t.Errorf("err = %v, report %v, %d bytes; want ErrUnreadable and fs.ErrPermission only", err, r, len(data))
	}
}
