package bundle

import (
	"bytes"
	"encoding/json"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

// esecdj is what the real metadata behind realInput says.
const (
	esecdjTenant = "caa69cfe-697b-4985-b9e0-3bcf1025bf45"
	esecdjSigner = "1BC4115475FA18C89AECFA8D7138580250769D21"
)

func verifyWith(data []byte, opts VerifyOptions) *VerifyResult {
	return VerifyWith(bytes.NewReader(data), int64(len(data)), opts)
}

func TestVerdicts(t *testing.T) {
	b := build(t, realInput(t))
	other := strings.Repeat("AB", 20)
	pinned := func(tps ...string) samlcheck.Options {
		o := atCreated
		o.Thumbprints = tps
		return o
	}
	certPEM := b.Entries[EntryCertificate]
	block, _ := pem.Decode(certPEM)
	tests := []struct {
		name      string
		opts      VerifyOptions
		verdict   Verdict
		confirmed bool
		want      []string
	}{
		{"no pin", VerifyOptions{Check: atCreated}, VerdictSignerNotConfirmed, false, nil},
		{"thumbprint pin", VerifyOptions{Check: pinned(esecdjSigner)}, VerdictSignerConfirmed, true, nil},
		{"thumbprint pin as the portal shows it", VerifyOptions{Check: pinned(strings.ToLower(esecdjSigner[:20]) + " " + esecdjSigner[20:])}, VerdictSignerConfirmed, true, nil},
		{"certificate pin", VerifyOptions{Check: samlcheck.Options{Now: realCreated, Certificates: [][]byte{block.Bytes}}}, VerdictSignerConfirmed, true, nil},
		{"wrong pin", VerifyOptions{Check: pinned(other)}, VerdictNotOK, false,
			[]string{"metadata.check-failed FederationMetadata.xml"}},
		{"one right pin and one wrong", VerifyOptions{Check: pinned(esecdjSigner, other)}, VerdictNotOK, false,
			[]string{"bundle.pin-mismatch FederationMetadata.xml"}},
		{"right certificate, wrong thumbprint", VerifyOptions{Check: samlcheck.Options{Now: realCreated, Thumbprints: []string{other}, Certificates: [][]byte{block.Bytes}}}, VerdictNotOK, false,
			[]string{"bundle.pin-mismatch FederationMetadata.xml"}},
		{"expected customer", VerifyOptions{Check: atCreated, Customer: "acme"}, VerdictSignerNotConfirmed, false, nil},
		{"another customer", VerifyOptions{Check: atCreated, Customer: "globex"}, VerdictNotOK, false,
			[]string{"bundle.customer-mismatch onboarding.json"}},
		{"expected tenant, upper case in braces", VerifyOptions{Check: atCreated, TenantID: "{" + strings.ToUpper(esecdjTenant) + "}"}, VerdictSignerNotConfirmed, false, nil},
		{"another tenant", VerifyOptions{Check: atCreated, TenantID: "00000000-0000-4000-8000-000000000000"}, VerdictNotOK, false,
			[]string{"bundle.tenant-changed FederationMetadata.xml"}},
		{"file named for the customer", VerifyOptions{Check: atCreated, FileName: "pymetrics-sso-acme-20260115.zip"}, VerdictSignerNotConfirmed, false, nil},
		{"file named for the customer, second download", VerifyOptions{Check: atCreated, FileName: "pymetrics-sso-acme-20260115 (1).zip"}, VerdictSignerNotConfirmed, false, nil},
		{"file named for another customer", VerifyOptions{Check: atCreated, FileName: "pymetrics-sso-globex-20260115.zip"}, VerdictSignerNotConfirmed, false,
			[]string{"bundle.file-name-customer "}},
		{"file with a name of its own", VerifyOptions{Check: atCreated, FileName: "sso for acme.zip"}, VerdictSignerNotConfirmed, false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := verifyWith(b.Zip, tc.opts)
			if got := codes(res); !slices.Equal(got, tc.want) {
				t.Errorf("problems %q, want %q%s", got, tc.want, problemsText(res))
			}
			if res.Verdict != tc.verdict || res.SignerConfirmed != tc.confirmed {
				t.Errorf("verdict %s (confirmed %v), want %s (%v)", res.Verdict, res.SignerConfirmed, tc.verdict, tc.confirmed)
			}
			line := res.VerdictLine()
			switch tc.verdict {
			case VerdictSignerNotConfirmed:
				if res.ConfirmThumbprint != esecdjSigner || !strings.HasPrefix(line, "INTACT, SIGNER NOT CONFIRMED:") || !strings.Contains(line, esecdjSigner) || !strings.Contains(line, "by phone or another channel") {
					t.Errorf("not-confirmed verdict without the thumbprint to confirm: %q", line)
				}
			case VerdictSignerConfirmed:
				if !strings.HasPrefix(line, "INTACT AND SIGNER CONFIRMED:") || res.ConfirmThumbprint != "" {
					t.Errorf("confirmed verdict line %q, confirm %q", line, res.ConfirmThumbprint)
				}
			case VerdictNotOK:
				if !strings.HasPrefix(line, "NOT OK:") || res.Configure != nil || !strings.Contains(line, string(res.Errors()[0].Code)) {
					t.Errorf("not-OK verdict line %q, configure %v", line, res.Configure != nil)
				}
			}
		})
	}
}

func TestCheckPins(t *testing.T) {
	b := build(t, realInput(t))
	block, _ := pem.Decode(b.Entries[EntryCertificate])
	tests := []struct {
		name string
		opts samlcheck.Options
		ok   bool
	}{
		{"none", samlcheck.Options{}, true},
		{"one thumbprint", samlcheck.Options{Thumbprints: []string{esecdjSigner}}, true},
		{"the same thumbprint written two ways", samlcheck.Options{Thumbprints: []string{esecdjSigner, strings.ToLower(esecdjSigner)}}, true},
		{"thumbprint and its certificate", samlcheck.Options{Thumbprints: []string{esecdjSigner}, Certificates: [][]byte{block.Bytes}}, true},
		{"two thumbprints", samlcheck.Options{Thumbprints: []string{esecdjSigner, strings.Repeat("0", 40)}}, false},
		{"a certificate and another thumbprint", samlcheck.Options{Thumbprints: []string{strings.Repeat("0", 40)}, Certificates: [][]byte{block.Bytes}}, false},
		{"not a thumbprint", samlcheck.Options{Thumbprints: []string{"12"}}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckPins(tc.opts)
			if (err == nil) != tc.ok || (err != nil && !errors.Is(err, ErrPinsDisagree)) {
				t.Errorf("CheckPins: %v, want ok %v", err, tc.ok)
			}
		})
	}
}

func TestNormalizeTenantID(t *testing.T) {
	for in, want := range map[string]string{
		esecdjTenant:                              esecdjTenant,
		" " + strings.ToUpper(esecdjTenant):       esecdjTenant,
		"{" + esecdjTenant + "}":                  esecdjTenant,
		"contoso.onmicrosoft.com":                 "",
		strings.ReplaceAll(esecdjTenant, "-", ""): "",
	} {
		got, err := NormalizeTenantID(in)
		if got != want || (want == "") != errors.Is(err, ErrTenantID) {
			t.Errorf("NormalizeTenantID(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestConfigure(t *testing.T) {
	t.Run("rollover: two signing certificates", func(t *testing.T) {
		in := goldenCases[1].in(t)
		res := verifyBytes(build(t, in).Zip, samlcheck.Options{Now: in.Created})
		c := res.Configure
		if c == nil {
			t.Fatalf("no configure section:%s", problemsText(res))
		}
		if len(c.Certificates) != 2 || !c.Certificates[0].Active || c.Certificates[1].Active {
			t.Fatalf("certificates %+v, want the active one first and one announced", c.Certificates)
		}
		for _, cert := range c.Certificates {
			block, rest := pem.Decode([]byte(cert.PEM))
			if block == nil || len(rest) != 0 || thumbprintOf(block.Bytes) != cert.SHA1Thumbprint {
				t.Errorf("PEM of %s does not hold that certificate", cert.SHA1Thumbprint)
			}
		}
		if c.Certificates[0].SHA1Thumbprint != res.Report.Signature.SignerSHA1Thumbprint {
			t.Errorf("active certificate %s is not the signer %s", c.Certificates[0].SHA1Thumbprint, res.Report.Signature.SignerSHA1Thumbprint)
		}
	})
	t.Run("values", func(t *testing.T) {
		b, m := generated(t, "initech", samltest.Options{Now: realCreated, LogoutURL: "https://login.microsoftonline.com/" + samltest.DefaultTenantID + "/saml2/logout"})
		res := verifyBytes(b.Zip, atCreated)
		c := res.Configure
		if c == nil {
			t.Fatalf("no configure section:%s", problemsText(res))
		}
		want := Configure{
			EntityID: "https://sts.windows.net/" + samltest.DefaultTenantID + "/", SSOURL: "https://login.microsoftonline.com/" + samltest.DefaultTenantID + "/saml2",
			SSOBinding: bindingRedirect, LogoutURL: "https://login.microsoftonline.com/" + samltest.DefaultTenantID + "/saml2/logout",
			Customer: "initech", Identifier: b.Onboarding.Identifier, ReplyURL: b.Onboarding.ReplyURL, SignOnURL: b.Onboarding.SignOnURL,
		}
		got := *c
		got.Certificates = nil
		if !reflect.DeepEqual(got, want) {
			t.Errorf("configure\n got %+v\nwant %+v", got, want)
		}
		if len(c.Certificates) != 1 || c.Certificates[0].SHA1Thumbprint != m.SHA1Thumbprint {
			t.Errorf("certificates %+v, want only the signer %s", c.Certificates, m.SHA1Thumbprint)
		}
	})
	t.Run("none when not OK", func(t *testing.T) {
		e := cloneEntries(build(t, realInput(t)).Entries)
		e[EntryEmail] = append(e[EntryEmail], '!')
		if res := verifyBytes(rezip(t, e), atCreated); res.Configure != nil {
			t.Errorf("a bundle that failed has a configure section")
		}
	})
}

func TestExtract(t *testing.T) {
	in := goldenCases[1].in(t)
	b := build(t, in)
	res := verifyBytes(b.Zip, samlcheck.Options{Now: in.Created})
	dir := filepath.Join(t.TempDir(), "acme")
	files, err := Extract(res, dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 {
		t.Fatalf("extracted %d files, want the metadata and two certificates: %+v", len(files), files)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, EntryMetadata)); !bytes.Equal(got, in.Metadata) {
		t.Errorf("extracted metadata is not the customer's file byte for byte")
	}
	for _, c := range res.Configure.Certificates {
		if got, _ := os.ReadFile(filepath.Join(dir, CertificateFileName(c))); string(got) != c.PEM {
			t.Errorf("%s: not the certificate's PEM", CertificateFileName(c))
		}
	}

	t.Run("never overwrites", func(t *testing.T) {
		victim := filepath.Join(dir, CertificateFileName(res.Configure.Certificates[1]))
		os.WriteFile(victim, []byte("mine"), 0o644)
		os.Remove(filepath.Join(dir, EntryMetadata))
		if _, err := Extract(res, dir); !errors.Is(err, ErrExists) {
			t.Fatalf("Extract over existing files: %v, want ErrExists", err)
		}
		if got, _ := os.ReadFile(victim); string(got) != "mine" {
			t.Errorf("an existing file was overwritten")
		}
		if _, err := os.Stat(filepath.Join(dir, EntryMetadata)); err == nil {
			t.Errorf("a file was written although another one existed")
		}
	})
	t.Run("refuses a bundle that did not verify", func(t *testing.T) {
		e := cloneEntries(b.Entries)
		e[EntryEmail] = append(e[EntryEmail], '!')
		bad := verifyBytes(rezip(t, e), samlcheck.Options{Now: in.Created})
		out := filepath.Join(t.TempDir(), "x")
		if _, err := Extract(bad, out); !errors.Is(err, ErrNotExtractable) {
			t.Errorf("Extract of a failed bundle: %v", err)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("the folder was made for a failed bundle")
		}
	})
}

// TestVerifyJSONKeys: every top-level key is present whatever the outcome,
// null when unknown.
func TestVerifyJSONKeys(t *testing.T) {
	keys := []string{"schema_version", "ok", "verdict", "signer_confirmed", "confirm_thumbprint", "repacked", "file",
		"entries", "onboarding", "rollover", "report", "url_deviations", "configure", "findings"}
	for name, data := range map[string][]byte{"good": build(t, realInput(t)).Zip, "not a zip": []byte("not a zip")} {
		out, err := json.Marshal(verifyBytes(data, atCreated))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(out, &m); err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			if _, ok := m[k]; !ok {
				t.Errorf("%s: JSON lacks %q", name, k)
			}
		}
		if len(m) != len(keys) {
			t.Errorf("%s: %d keys, want %d (update this list and docs/json.md together)", name, len(m), len(keys))
		}
		if m["schema_version"] != float64(ResultSchemaVersion) {
			t.Errorf("%s: schema_version %v", name, m["schema_version"])
		}
		if _, isList := m["findings"].([]any); !isList {
			t.Errorf("%s: findings is not a list", name)
		}
		if name == "not a zip" && (m["onboarding"] != nil || m["report"] != nil || m["configure"] != nil) {
			t.Errorf("not a zip: onboarding, report, configure not null")
		}
	}
}

func TestMetadataCheckCauses(t *testing.T) {
	b := build(t, realInput(t))
	res := verifyBytes(b.Zip, samlcheck.Options{Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
	for _, p := range res.Problems {
		if p.Code == ProblemMetadataCheck {
			if !slices.Contains(p.Causes, samlcheck.CodeCertExpired) {
				t.Errorf("causes %v, want %s", p.Causes, samlcheck.CodeCertExpired)
			}
			return
		}
	}
	t.Fatalf("an expired signer gave no %s:%s", ProblemMetadataCheck, problemsText(res))
}
