package main

import (
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

// supportBundle makes a bundle for customer acme with the command line, as
// an admin would, and returns its path, the metadata's path and signer.
func supportBundle(t *testing.T) (zipPath, metadata string, md *samltest.Metadata) {
	t.Helper()
	metadata, md = goodMetadata(t)
	zipPath = filepath.Join(t.TempDir(), "pymetrics-sso-acme-20260115.zip")
	if code, _, errOut := cli(t, "", "bundle", "--customer", "acme", "--metadata", metadata, "--out", zipPath); code != exitOK {
		t.Fatalf("bundle: exit %d\n%s", code, errOut)
	}
	return zipPath, metadata, md
}

func TestVerifyBundleForSupport(t *testing.T) {
	zipPath, metadata, md := supportBundle(t)
	signer := samltest.Thumbprint(md.CertDER)
	other := strings.Repeat("AB", 20)
	certFile := filepath.Join(t.TempDir(), "entra.cer")
	if err := os.WriteFile(certFile, md.CertDER, 0o644); err != nil {
		t.Fatal(err)
	}
	renamed := filepath.Join(t.TempDir(), "pymetrics-sso-globex-20260115.zip")
	if data, err := os.ReadFile(zipPath); err != nil {
		t.Fatal(err)
	} else if err := os.WriteFile(renamed, data, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stdout string // expected in standard output
		stderr string // expected in standard error
	}{
		{"no pin", []string{zipPath}, "", exitOK, "INTACT, SIGNER NOT CONFIRMED: ", ""},
		{"no pin names the thumbprint to confirm", []string{zipPath}, "", exitOK, "Confirm thumbprint " + signer + " with the customer by phone or another channel", ""},
		{"thumbprint pin", []string{"--thumbprint", strings.ToLower(signer), zipPath}, "", exitOK, "INTACT AND SIGNER CONFIRMED: ", ""},
		{"certificate pin", []string{"--cert", certFile, zipPath}, "", exitOK, "INTACT AND SIGNER CONFIRMED: ", ""},
		{"thumbprint and its certificate", []string{"--cert", certFile, "--thumbprint", signer, zipPath}, "", exitOK, "INTACT AND SIGNER CONFIRMED: ", ""},
		{"wrong pin", []string{"--thumbprint", other, zipPath}, "", exitProblems, "NOT OK: ", ""},
		{"certificate and a contradicting thumbprint", []string{"--cert", certFile, "--thumbprint", other, zipPath}, "", exitUsage, "", "name different certificates"},
		{"thumbprint given twice", []string{"--thumbprint", signer, "--thumbprint", other, zipPath}, "", exitUsage, "", "given twice"},
		{"expected customer", []string{"--customer", "acme", zipPath}, "", exitOK, "INTACT", ""},
		{"another customer", []string{"--customer", "globex", zipPath}, "", exitProblems, "[bundle.customer-mismatch]", ""},
		{"not a customer name", []string{"--customer", "Acme Corp", zipPath}, "", exitUsage, "", "--customer"},
		{"expected tenant", []string{"--tenant", strings.ToUpper(md.TenantID), zipPath}, "", exitOK, "INTACT", ""},
		{"another tenant", []string{"--tenant", "00000000-0000-4000-8000-000000000000", zipPath}, "", exitProblems, "[bundle.tenant-changed]", ""},
		{"not a tenant ID", []string{"--tenant", "contoso.onmicrosoft.com", zipPath}, "", exitUsage, "", "--tenant"},
		{"file named for another customer", []string{renamed}, "", exitOK, "warning [bundle.file-name-customer]", ""},
		{"configure section", []string{zipPath}, "", exitOK, "Configure pymetrics (from the signed metadata):\n  Entity ID (IdP issuer):  https://sts.windows.net/" + md.TenantID + "/", ""},
		{"certificate text", []string{zipPath}, "", exitOK, "-----BEGIN CERTIFICATE-----", ""},
		{"metadata given", []string{metadata}, "", exitUsage, "", "Run instead:\n\n    pymetrics-sso check " + metadata},
		{"certificate given", []string{certFile}, "", exitUsage, "", "pymetrics-sso verify-bundle --cert " + certFile},
		{"metadata on standard input", []string{"-"}, string(md.XML), exitUsage, "", "standard input is SAML metadata"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := cli(t, tc.stdin, append([]string{"verify-bundle"}, tc.args...)...)
			if code != tc.code || !strings.Contains(stdout, tc.stdout) || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("exit %d, want %d; stdout should have %q, stderr %q\nstdout:\n%s\nstderr:\n%s", code, tc.code, tc.stdout, tc.stderr, stdout, stderr)
			}
			if tc.code == exitUsage && stdout != "" {
				t.Errorf("a usage error printed on standard output:\n%s", stdout)
			}
		})
	}
}

func TestCheckRouting(t *testing.T) {
	zipPath, _, md := supportBundle(t)
	certFile := filepath.Join(t.TempDir(), "entra.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: md.CertDER}), 0o644); err != nil {
		t.Fatal(err)
	}
	zipData, _ := os.ReadFile(zipPath)
	tests := []struct {
		name, stdin, arg, says string
	}{
		{"bundle", "", zipPath, "Run instead:\n\n    pymetrics-sso verify-bundle " + zipPath},
		{"bundle on standard input", string(zipData), "-", "standard input is a zip archive"},
		{"certificate", "", certFile, "pymetrics-sso check --cert " + certFile + " FederationMetadata.xml"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := cli(t, tc.stdin, "check", tc.arg)
			if code != exitUsage || stdout != "" || !strings.Contains(stderr, tc.says) {
				t.Errorf("exit %d, want %d with %q on stderr\nstdout:\n%s\nstderr:\n%s", code, exitUsage, tc.says, stdout, stderr)
			}
		})
	}
}

func TestVerifyBundleExtract(t *testing.T) {
	zipPath, metadata, md := supportBundle(t)
	dir := filepath.Join(t.TempDir(), "acme")
	code, _, stderr := cli(t, "", "verify-bundle", "--extract", dir, zipPath)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	want, _ := os.ReadFile(metadata)
	if got, _ := os.ReadFile(filepath.Join(dir, "FederationMetadata.xml")); string(got) != string(want) {
		t.Errorf("extracted metadata differs from the customer's file")
	}
	cert := filepath.Join(dir, "signing-certificate-active-"+samltest.Thumbprint(md.CertDER)+".pem")
	if _, err := os.Stat(cert); err != nil || !strings.Contains(stderr, "Wrote "+cert) {
		t.Errorf("certificate not extracted or not reported: %v\n%s", err, stderr)
	}
	if code, _, stderr := cli(t, "", "verify-bundle", "--extract", dir, zipPath); code != exitUsage || !strings.Contains(stderr, "nothing was extracted") {
		t.Errorf("second extract into the same folder: exit %d\n%s", code, stderr)
	}
	elsewhere := filepath.Join(t.TempDir(), "x")
	if code, _, stderr := cli(t, "", "verify-bundle", "--extract", elsewhere, "--customer", "globex", zipPath); code != exitProblems || !strings.Contains(stderr, "Nothing was extracted") {
		t.Errorf("extract of a failing bundle: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(elsewhere); err == nil {
		t.Errorf("a failing bundle made its extract folder")
	}
}

func TestVerifyBundleJSON(t *testing.T) {
	zipPath, _, md := supportBundle(t)
	bad := filepath.Join(t.TempDir(), "bad.zip")
	os.WriteFile(bad, []byte("PK\x03\x04 not really"), 0o644)
	keys := []string{"schema_version", "ok", "verdict", "signer_confirmed", "confirm_thumbprint", "repacked", "file", "entries",
		"onboarding", "report", "url_deviations", "configure", "findings"}
	for _, tc := range []struct {
		name    string
		args    []string
		code    int
		verdict string
	}{
		{"confirmed", []string{"--thumbprint", samltest.Thumbprint(md.CertDER), zipPath}, exitOK, "intact-signer-confirmed"},
		{"not confirmed", []string{zipPath}, exitOK, "intact-signer-not-confirmed"},
		{"damaged", []string{bad}, exitProblems, "not-ok"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := cli(t, "", append([]string{"verify-bundle", "--json"}, tc.args...)...)
			if code != tc.code {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			var m map[string]any
			if err := json.Unmarshal([]byte(stdout), &m); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, stdout)
			}
			for _, k := range keys {
				if _, ok := m[k]; !ok {
					t.Errorf("no %q key", k)
				}
			}
			if m["verdict"] != tc.verdict || (m["signer_confirmed"] == true) != (tc.verdict == "intact-signer-confirmed") {
				t.Errorf("verdict %v, signer_confirmed %v", m["verdict"], m["signer_confirmed"])
			}
			if tc.code == exitOK {
				c := m["configure"].(map[string]any)
				certs := c["certificates"].([]any)
				first := certs[0].(map[string]any)
				if c["sso_url"] == "" || c["sso_binding"] == "" || first["active"] != true || !strings.HasPrefix(first["pem"].(string), "-----BEGIN CERTIFICATE-----") {
					t.Errorf("configure %v", c)
				}
			} else if m["onboarding"] != nil || m["configure"] != nil {
				t.Errorf("a damaged bundle has onboarding or configure: %v %v", m["onboarding"], m["configure"])
			}
		})
	}
}
