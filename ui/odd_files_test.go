package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/wizard"
)

// Files that are not what they seem get a message, never a hang, a crash or
// a read of the whole thing: the size cap holds before reading.
func TestOddFiles(t *testing.T) {
	for _, c := range []struct {
		name string
		path func(t *testing.T) string
		code samlcheck.Code
	}{
		{"endless device", func(t *testing.T) string { return "/dev/zero" }, samlcheck.CodeInputTooLarge},
		{"1 GB file", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "FederationMetadata.xml")
			f, err := os.Create(p)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := f.Truncate(1 << 30); err != nil { // sparse: no disk used
				t.Fatal(err)
			}
			return p
		}, samlcheck.CodeInputTooLarge},
		{"empty file", func(t *testing.T) string { return writeFile(t, "FederationMetadata.xml", nil) }, samlcheck.CodeInputEmpty},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := os.Stat(c.path(t)); err != nil {
				t.Skip(err)
			}
			h := newHarness(t, Options{})
			start := time.Now()
			h.drop(c.path(t))
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			if got := h.u.certScreen().verdict.title.Text; got != "Problem: this file cannot be used" {
				t.Errorf("verdict %q", got)
			}
			if !strings.Contains(findingsText(h.u.certScreen()), "("+string(c.code)+")") {
				t.Errorf("no %s finding:\n%s", c.code, findingsText(h.u.certScreen()))
			}
			if h.u.wiz.StepComplete(wizard.StepSigningCertificate) {
				t.Error("the step is complete")
			}
		})
	}
}

func TestFiftyFilesDroppedAtOnce(t *testing.T) {
	h := newHarness(t, Options{})
	dir := t.TempDir()
	var paths []string
	for i := 0; i < 50; i++ {
		p := filepath.Join(dir, fmt.Sprintf("f%02d.xml", i))
		if err := os.WriteFile(p, []byte("<x/>"), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	h.drop(paths...)
	if !strings.Contains(h.u.certScreen().dropMsg.Text, "You dropped 50 files") {
		t.Errorf("message: %q", h.u.certScreen().dropMsg.Text)
	}
	if h.u.wiz.Metadata() != nil {
		t.Error("one of the 50 files was taken as the metadata")
	}
}
