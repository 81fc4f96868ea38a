package samlcheck_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImports keeps the engine pure: no UI toolkit, no network client. The
// assistant promises to work offline and to make no connection of its own.
func TestImports(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not found")
	}
	out, err := exec.Command(gobin, "list", "-deps", "github.com/pymetrics/sso-assistant/samlcheck", "github.com/pymetrics/sso-assistant/samlcheck/capture").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		// Package net itself comes in through crypto/x509 (IP addresses in
		// certificates) and is not a client; net/http would be.
		if strings.HasPrefix(dep, "fyne.io/") || dep == "net/http" || strings.HasPrefix(dep, "net/http/") {
			t.Errorf("samlcheck depends on %s", dep)
		}
	}
}
