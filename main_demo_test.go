package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/wizard"
	"github.com/pymetrics/sso-assistant/wizard/bundle"
)

// The demo's sample file is marked wherever it turns up: check reports it
// as the built-in demo file (metadata.demo, exit 1), bundle refuses it, and
// verify-bundle fails a bundle the window made in the demo (bundle.demo).
// The recognition is samlcheck.IsDemo; the commands only report it.
func TestDemoFileIsMarked(t *testing.T) {
	demo := filepath.Join("assets", "demo", "FederationMetadata-demo.xml")
	data, err := os.ReadFile(demo)
	if err != nil {
		t.Fatal(err)
	}
	urls, err := wizard.URLsFor("contoso")
	if err != nil {
		t.Fatal(err)
	}
	b, err := bundle.Build(bundle.Input{URLs: urls, Metadata: data, MetadataName: "FederationMetadata-demo.xml",
		Created: time.Now(), ToolVersion: "test", Demo: true})
	if err != nil {
		t.Fatalf("the window's demo bundle: %v", err)
	}
	demoZip := filepath.Join(t.TempDir(), b.FileName)
	if err := os.WriteFile(demoZip, b.Zip, 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"check", []string{"check", demo}, []string{"metadata.demo", "built-in demo file", "active (signed this file)"}},
		{"check --json", []string{"check", "--json", demo}, []string{`"code": "metadata.demo"`, `"status": "active"`}},
		{"bundle", []string{"bundle", "--customer", "contoso", "--metadata", demo, "--out", filepath.Join(t.TempDir(), "b.zip")}, []string{"metadata.demo"}},
		{"verify-bundle", []string{"verify-bundle", demoZip}, []string{"[bundle.demo]", "NOT OK"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := cli(t, "", tc.args...)
			if code != exitProblems {
				t.Errorf("exit %d, want %d\n%s\n%s", code, exitProblems, out, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(out+errOut, w) {
					t.Errorf("output lacks %q:\n%s\n%s", w, out, errOut)
				}
			}
		})
	}
	if !strings.Contains(b.FileName, "DEMO") || !strings.HasPrefix(b.Email.Subject, "DEMO") {
		t.Errorf("demo bundle %q, subject %q", b.FileName, b.Email.Subject)
	}
}
