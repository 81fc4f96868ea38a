package samlcheck_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/windows"

	"github.com/pymetrics/sso-assistant/samlcheck"
)

// TestCheckFileOpenedExclusively is the Windows form of an unreadable file:
// one that another program holds open without sharing it (a download still
// in progress, an editor that locks what it opens). Windows refuses every
// other open with a sharing violation, whichever process asks, so a handle
// held by the test itself stands for the other program. CheckFile must say
// ErrUnreadable with the reason, and return neither report nor bytes.
func TestCheckFileOpenedExclusively(t *testing.T) {
	p := filepath.Join(t.TempDir(), "Société Générale metadata.xml")
	if err := os.WriteFile(p, []byte("<EntityDescriptor/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	name, err := windows.UTF16PtrFromString(p)
	if err != nil {
		t.Fatal(err)
	}
	h, err := windows.CreateFile(name, windows.GENERIC_READ, 0 /* share nothing */, nil, windows.OPEN_EXISTING, windows.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer windows.CloseHandle(h)
	r, data, err := samlcheck.CheckFile(p, samlcheck.Options{Now: fixedNow})
	if !errors.Is(err, samlcheck.ErrUnreadable) || !errors.Is(err, windows.ERROR_SHARING_VIOLATION) || r != nil || data != nil {
		t.Errorf("err = %v, report %v, %d bytes; want ErrUnreadable and a sharing violation only", err, r, len(data))
	}
}
