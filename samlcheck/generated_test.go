package samlcheck_test

import (
	"bytes"
	"crypto"
	"strings"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

// fixedNow is the clock every test judges certificates against.
var fixedNow = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)

func codes(r *samlcheck.Report) []samlcheck.Code {
	var out []samlcheck.Code
	for _, f := range r.Findings {
		out = append(out, f.Code)
	}
	return out
}

// TestGeneratedGood checks freshly signed Entra app metadata under the
// conditions that change the verdict: validity, algorithm, rollover, pins.
func TestGeneratedGood(t *testing.T) {
	other := samltest.New(t, samltest.Options{Now: fixedNow, TenantID: "99999999-8888-4777-8666-555555555555", KeyBits: 3072})
	tests := []struct {
		name      string
		opts      samltest.Options
		check     samlcheck.Options
		pinSigner bool // pin the generated signer's thumbprint
		wantOK    bool
		want      []samlcheck.Code // codes that must be present
		notWant   []samlcheck.Code
	}{
		{name: "fresh", opts: samltest.Options{Now: fixedNow}, wantOK: true,
			want: []samlcheck.Code{samlcheck.CodeSignatureSelfSignedOnly}, notWant: []samlcheck.Code{samlcheck.CodeCertExpiringSoon}},
		{name: "pinned", opts: samltest.Options{Now: fixedNow}, pinSigner: true, wantOK: true,
			want: []samlcheck.Code{samlcheck.CodeSignaturePinnedSigner}, notWant: []samlcheck.Code{samlcheck.CodeSignatureSelfSignedOnly}},
		{name: "pinned-by-certificate", opts: samltest.Options{Now: fixedNow}, wantOK: true,
			want: []samlcheck.Code{samlcheck.CodeSignaturePinnedSigner}},
		{name: "pinned-to-another-signer", opts: samltest.Options{Now: fixedNow}, check: samlcheck.Options{Thumbprints: []string{other.SHA1Thumbprint}},
			want: []samlcheck.Code{samlcheck.CodeSignatureUntrustedSigner}},
		{name: "expired", opts: samltest.Options{NotBefore: fixedNow.AddDate(-3, 0, 0), NotAfter: fixedNow.AddDate(0, 0, -1)},
			want: []samlcheck.Code{samlcheck.CodeCertExpired}},
		{name: "expiring-in-30-days", opts: samltest.Options{NotBefore: fixedNow.AddDate(-3, 0, 0), NotAfter: fixedNow.AddDate(0, 0, 30)}, wantOK: true,
			want: []samlcheck.Code{samlcheck.CodeCertExpiringSoon}},
		{name: "not-yet-valid", opts: samltest.Options{NotBefore: fixedNow.AddDate(0, 0, 2), NotAfter: fixedNow.AddDate(3, 0, 0)}, wantOK: true,
			want: []samlcheck.Code{samlcheck.CodeCertNotYetValid}},
		{name: "sha1", opts: samltest.Options{Now: fixedNow, Hash: crypto.SHA1}, wantOK: true,
			want: []samlcheck.Code{samlcheck.CodeSignatureWeakAlgorithm}},
		{name: "rsa-1024", opts: samltest.Options{Now: fixedNow, KeyBits: 1024}, wantOK: true,
			want: []samlcheck.Code{samlcheck.CodeCertWeakKey}},
		{name: "no-keyinfo", opts: samltest.Options{Now: fixedNow, OmitKeyInfo: true}, wantOK: true},
		{name: "rollover", opts: samltest.Options{Now: fixedNow, ExtraSigningCerts: [][]byte{other.CertDER}}, wantOK: true,
			want: []samlcheck.Code{samlcheck.CodeCertMultiple}},
		{name: "endpoint-other-tenant", opts: samltest.Options{Now: fixedNow, LoginURL: "https://login.microsoftonline.com/99999999-8888-4777-8666-555555555555/saml2"},
			want: []samlcheck.Code{samlcheck.CodeMetadataEndpointMismatch}},
		{name: "endpoint-old-host", opts: samltest.Options{Now: fixedNow, LoginURL: "https://login.windows.net/" + samltest.DefaultTenantID + "/saml2"}, wantOK: true,
			want: []samlcheck.Code{samlcheck.CodeMetadataEndpointHost}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := samltest.New(t, tc.opts)
			opts := tc.check
			opts.Now = fixedNow
			if tc.pinSigner {
				opts.Thumbprints = []string{strings.ToLower(spaced(m.SHA1Thumbprint))}
			}
			if tc.name == "pinned-by-certificate" {
				opts.Certificates = [][]byte{m.CertDER}
			}
			r := samlcheck.Check(m.XML, opts)
			if r.OK != tc.wantOK {
				t.Errorf("OK = %v, want %v; findings %v", r.OK, tc.wantOK, r.Findings)
			}
			if r.Kind != samlcheck.KindEntraApp || !r.Signature.Valid {
				t.Fatalf("kind %s valid %v, want a valid entra app file; findings %v", r.Kind, r.Signature.Valid, r.Findings)
			}
			if r.TenantID != m.TenantID || r.EntityID != m.EntityID {
				t.Errorf("tenant %q entity %q, want %q %q", r.TenantID, r.EntityID, m.TenantID, m.EntityID)
			}
			if len(r.SSOURLs) != 2 || r.SSOURLs[0].Location != m.LoginURL || len(r.LogoutURLs) != 1 || r.LogoutURLs[0].Location != m.LogoutURL {
				t.Errorf("endpoints %v %v", r.SSOURLs, r.LogoutURLs)
			}
			s := r.SignerCertificate()
			if s == nil || s.SHA1Thumbprint != m.SHA1Thumbprint || r.Signature.SignerSHA1Thumbprint != m.SHA1Thumbprint {
				t.Errorf("signer %+v, want thumbprint %s", s, m.SHA1Thumbprint)
			}
			for _, c := range tc.want {
				if !r.Has(c) {
					t.Errorf("missing finding %s; got %v", c, codes(r))
				}
			}
			for _, c := range tc.notWant {
				if r.Has(c) {
					t.Errorf("unexpected finding %s", c)
				}
			}
			var buf bytes.Buffer
			if err := r.WriteText(&buf); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(buf.String(), m.TenantID) || !strings.HasPrefix(buf.String(), r.Verdict()) {
				t.Errorf("text output lacks the verdict first or the tenant:\n%s", buf.String())
			}
		})
	}
}

// spaced writes a thumbprint the way Windows shows it: pairs separated by spaces.
func spaced(h string) string {
	var b strings.Builder
	for i := 0; i < len(h); i += 2 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(h[i : i+2])
	}
	return b.String()
}
