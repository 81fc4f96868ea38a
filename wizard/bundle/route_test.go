package bundle

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pymetrics/sso-assistant/samlcheck"
)

func TestRouting(t *testing.T) {
	b := build(t, realInput(t))
	meta := fixture(t, "entra-app-2025-esecdj.xml")
	cert := b.Entries[EntryCertificate]
	t.Run("to check", func(t *testing.T) {
		tests := []struct {
			name    string
			data    []byte
			instead string // "" when check is the right command
		}{
			{"bundle", b.Zip, `pymetrics-sso verify-bundle "my bundle.zip"`},
			{"certificate", cert, `pymetrics-sso check --cert "my bundle.zip" FederationMetadata.xml`},
			{"metadata", meta, ""},
			{"text", []byte("hello"), ""},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				err := MisroutedToCheck("my bundle.zip", tc.data, samlcheck.Check(tc.data, atCreated))
				var wrong *WrongCommandError
				switch {
				case tc.instead == "" && err != nil:
					t.Errorf("routed away: %v", err)
				case tc.instead != "" && (!errors.As(err, &wrong) || !errors.Is(err, ErrWrongCommand) || !strings.HasPrefix(wrong.Instead, tc.instead)):
					t.Errorf("got %v, want a pointer to %q", err, tc.instead)
				}
			})
		}
	})
	t.Run("to verify-bundle", func(t *testing.T) {
		tests := []struct {
			name    string
			data    []byte
			instead string
		}{
			{"metadata", meta, "pymetrics-sso check FederationMetadata.xml"},
			{"certificate", cert, "pymetrics-sso verify-bundle --cert FederationMetadata.xml BUNDLE.zip"},
			{"bundle", b.Zip, ""},
			{"text", []byte("hello"), ""},
			{"damaged zip", b.Zip[:len(b.Zip)/2], ""},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "FederationMetadata.xml")
				os.WriteFile(path, tc.data, 0o644)
				res, err := VerifyFile(path, atCreated)
				if tc.instead == "" {
					if err != nil || res == nil {
						t.Errorf("routed away: %v", err)
					}
					return
				}
				var wrong *WrongCommandError
				if !errors.As(err, &wrong) || !strings.HasPrefix(wrong.Instead, strings.ReplaceAll(tc.instead, "FederationMetadata.xml", CommandWord(path))) {
					t.Errorf("got %v, want a pointer to %q", err, tc.instead)
				}
			})
		}
	})
}

func TestCommandWord(t *testing.T) {
	for _, tc := range []struct{ in, command, posix string }{
		{"bundle.zip", "bundle.zip", "bundle.zip"},
		{"/tmp/a-b_c.zip", "/tmp/a-b_c.zip", "/tmp/a-b_c.zip"},
		{"my bundle.zip", `"my bundle.zip"`, "'my bundle.zip'"},
		{"pymetrics-sso-acme-20261207 (1).zip", `"pymetrics-sso-acme-20261207 (1).zip"`, "'pymetrics-sso-acme-20261207 (1).zip'"},
		{"it's.zip", `"it's.zip"`, `'it'\''s.zip'`},
		{"", `""`, "''"},
		{`C:\Users\Ada Admin\bundle.zip`, `"C:\Users\Ada Admin\bundle.zip"`, `'C:\Users\Ada Admin\bundle.zip'`},
		// Characters that double quotes do not protect alike in cmd.exe,
		// PowerShell and POSIX shells: POSIX single quotes.
		{"50% off.zip", "'50% off.zip'", "'50% off.zip'"},
		{"$HOME.zip", "'$HOME.zip'", "'$HOME.zip'"},
		{"wow!.zip", "'wow!.zip'", "'wow!.zip'"},
		{`a "b".zip`, `'a "b".zip'`, `'a "b".zip'`},
		{`C:\dir\`, `'C:\dir\'`, `'C:\dir\'`},
	} {
		if got := CommandWord(tc.in); got != tc.command {
			t.Errorf("CommandWord(%q) = %s, want %s", tc.in, got, tc.command)
		}
		if got := posixWord(tc.in); got != tc.posix {
			t.Errorf("posixWord(%q) = %s, want %s", tc.in, got, tc.posix)
		}
	}
}
