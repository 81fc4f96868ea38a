package mailhandler

import (
	"testing"

	"golang.org/x/sys/windows/registry"
)

// TestRegisteredFollowsTheRegistry registers a mailto: handler for the
// current user (HKCU\Software\Classes, which HKEY_CLASSES_ROOT merges in)
// and removes it again. Under Wine, scripts/test-windows.sh removes the
// prefix's own handler first, so both answers are seen there; on a machine
// with a mail program only the registered one can be.
func TestRegisteredFollowsTheRegistry(t *testing.T) {
	const path = `Software\Classes\mailto`
	if k, err := registry.OpenKey(registry.CURRENT_USER, path, registry.QUERY_VALUE); err == nil {
		k.Close()
		t.Skip("this user already has a mailto: class; the test leaves it alone")
	}
	before := Registered()
	k, _, err := registry.CreateKey(registry.CURRENT_USER, path+`\shell\open\command`, registry.SET_VALUE)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, p := range []string{path + `\shell\open\command`, path + `\shell\open`, path + `\shell`, path} {
			if err := registry.DeleteKey(registry.CURRENT_USER, p); err != nil {
				t.Errorf("removing the test's key %s: %v", p, err)
			}
		}
	})
	if err := k.SetStringValue("", `"C:\Program Files\Mail\mail.exe" "%1"`); err != nil {
		t.Fatal(err)
	}
	k.Close()
	if !Registered() {
		t.Error("Registered() = false with a mailto: open command registered")
	}
	if before {
		t.Log("a mail program was registered before the test: the unregistered case is not seen here")
	}
}

// An empty open command is no mail program.
func TestRegisteredIgnoresAnEmptyCommand(t *testing.T) {
	const path = `Software\Classes\mailto`
	if k, err := registry.OpenKey(registry.CURRENT_USER, path, registry.QUERY_VALUE); err == nil {
		k.Close()
		t.Skip("this user already has a mailto: class; the test leaves it alone")
	}
	if Registered() {
		t.Skip("a mail program is registered on this machine")
	}
	k, _, err := registry.CreateKey(registry.CURRENT_USER, path+`\shell\open\command`, registry.SET_VALUE)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, p := range []string{path + `\shell\open\command`, path + `\shell\open`, path + `\shell`, path} {
			_ = registry.DeleteKey(registry.CURRENT_USER, p)
		}
	})
	if err := k.SetStringValue("", ""); err != nil {
		t.Fatal(err)
	}
	k.Close()
	if Registered() {
		t.Error("Registered() = true for an empty open command")
	}
}
