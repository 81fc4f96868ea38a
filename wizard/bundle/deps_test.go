package bundle

import (
	"os/exec"
	"strings"
	"testing"
)

// The bundle is made and verified offline and without a UI toolkit: the
// assistant opens no network connection of its own, and the UI only calls
// this package.
func TestImports(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Skipf("go list unavailable: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		switch {
		case strings.HasPrefix(dep, "fyne.io/"),
			dep == "net/http", strings.HasPrefix(dep, "net/http/"), dep == "net/rpc", dep == "net/smtp", dep == "net/mail",
			dep == "github.com/pymetrics/sso-assistant/ui", strings.HasPrefix(dep, "github.com/pymetrics/sso-assistant/ui/"):
			t.Errorf("wizard/bundle depends on %s", dep)
		}
	}
}

func TestPlausibleAddress(t *testing.T) {
	for s, want := range map[string]bool{
		"ada@acme.example":            true,
		"ada.admin+sso@mail.acme.com": true,
		"o'neil@acme.co.uk":           true,
		"ada@acme":                    false,
		"ada@@acme.example":           false,
		"@acme.example":               false,
		"ada@":                        false,
		"ada@acme..example":           false,
		"ada@-acme.example":           false,
		"Ada <ada@acme.example>":      false,
		"ada@acme.example, b@c.d":     false,
		"ada admin@acme.example":      false,
	} {
		if got := plausibleAddress(s); got != want {
			t.Errorf("plausibleAddress(%q) = %v, want %v", s, got, want)
		}
	}
}
