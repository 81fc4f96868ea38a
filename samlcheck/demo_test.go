package samlcheck_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/internal/golden"
	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

// TestDemoGolden: the built-in demo file (a copy in testdata/demo) is
// recognised wherever it is checked. Outside the demo it is an error
// (metadata.demo), so `check` exits 1 and no bundle is made from it; inside
// the demo (AllowDemo) it is a warning that keeps the journey marked.
func TestDemoGolden(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "demo", "FederationMetadata-demo.xml"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name      string
		allowDemo bool
		wantOK    bool
		severity  samlcheck.Severity
		golden    string
	}{
		{"outside the demo", false, false, samlcheck.SeverityError, "check"},
		{"inside the demo", true, true, samlcheck.SeverityWarning, "check-in-demo"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := samlcheck.Check(data, samlcheck.Options{Now: now, AllowDemo: tc.allowDemo})
			if !samlcheck.IsDemo(r) {
				t.Fatal("IsDemo is false for the demo file")
			}
			if r.OK != tc.wantOK {
				t.Errorf("OK = %v, want %v", r.OK, tc.wantOK)
			}
			found := false
			for _, f := range r.Findings {
				if f.Code == samlcheck.CodeMetadataDemo {
					found = true
					if f.Severity != tc.severity {
						t.Errorf("severity %s, want %s", f.Severity, tc.severity)
					}
				}
			}
			if !found {
				t.Fatalf("no %s finding: %+v", samlcheck.CodeMetadataDemo, r.Findings)
			}
			gotJSON, _ := json.MarshalIndent(r, "", "  ")
			gotJSON = append(gotJSON, '\n')
			var text bytes.Buffer
			if err := r.WriteText(&text); err != nil {
				t.Fatal(err)
			}
			base := filepath.Join("testdata", "demo", tc.golden)
			for path, got := range map[string][]byte{base + ".json": gotJSON, base + ".txt": text.Bytes()} {
				golden.Check(t, path, got)
			}
		})
	}
}

// TestNotDemo: a file signed with any other key is not the demo, even with
// the demo's tenant and subject words.
func TestNotDemo(t *testing.T) {
	md := samltest.New(t, samltest.Options{})
	r := samlcheck.Check(md.XML, samlcheck.Options{})
	if samlcheck.IsDemo(r) || r.Has(samlcheck.CodeMetadataDemo) {
		t.Errorf("a generated file is taken for the demo: %+v", r.Findings)
	}
	if samlcheck.IsDemo(nil) {
		t.Error("IsDemo(nil) is true")
	}
}

// TestCertificateStatus: the table's words follow the clock and the
// signer, so an expired signer is never called active.
func TestCertificateStatus(t *testing.T) {
	nb := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	na := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	md := samltest.New(t, samltest.Options{NotBefore: nb, NotAfter: na})
	cases := []struct {
		name string
		now  time.Time
		want samlcheck.CertStatus
		text string
	}{
		{"valid signer", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), samlcheck.CertActive, "active (signed this file)"},
		{"expired signer", time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC), samlcheck.CertExpired, "expired (signed this file)"},
		{"signer not yet valid", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), samlcheck.CertNotYetValid, "not yet valid (signed this file)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := samlcheck.Check(md.XML, samlcheck.Options{Now: tc.now})
			s := r.SignerCertificate()
			if s == nil {
				t.Fatalf("no signer: %+v", r.Findings)
			}
			if s.Status != tc.want || s.StatusText() != tc.text {
				t.Errorf("status %q %q, want %q %q", s.Status, s.StatusText(), tc.want, tc.text)
			}
		})
	}
	listed := samlcheck.Certificate{Status: samlcheck.CertListed}
	if listed.StatusText() != "listed" {
		t.Errorf("listed: %q", listed.StatusText())
	}
}
