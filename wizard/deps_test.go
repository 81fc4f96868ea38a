package wizard

import (
	"os/exec"
	"strings"
	"testing"
)

// The wizard is pure Go: the UI renders it, it never draws. A Fyne import
// here would also make every wizard test need cgo and a display.
func TestNoUIToolkitImport(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Skipf("go list unavailable: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, "fyne.io/") || strings.Contains(dep, "/ui") && strings.HasPrefix(dep, "github.com/pymetrics/sso-assistant/") {
			t.Errorf("wizard depends on %s", dep)
		}
	}
}
