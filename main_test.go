package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

// cli runs the command line in-process and returns its exit code and output.
func cli(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut})
	return code, out.String(), errOut.String()
}

// goodMetadata writes freshly signed Entra app metadata, valid for a year
// around now, and returns its path and signing certificate.
func goodMetadata(t *testing.T) (path string, md *samltest.Metadata) {
	t.Helper()
	now := time.Now()
	md = samltest.New(t, samltest.Options{NotBefore: now.AddDate(0, -1, 0), NotAfter: now.AddDate(1, 0, 0)})
	path = filepath.Join(t.TempDir(), "FederationMetadata.xml")
	if err := os.WriteFile(path, md.XML, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, md
}

func TestExitCodes(t *testing.T) {
	good, md := goodMetadata(t)
	dir := t.TempDir()
	tenant := filepath.Join("samlcheck", "testdata", "real", "entra-tenant-2025-diegonorman.xml")
	if _, err := os.Stat(tenant); err != nil {
		t.Fatalf("fixture: %v", err)
	}
	cases := []struct {
		name string
		args []string
		want int
		out  string // expected in stdout+stderr
	}{
		{"unknown command", []string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{"help", []string{"help"}, exitOK, "pymetrics-sso check FILE"},
		{"version", []string{"version"}, exitOK, "pymetrics-sso 0."},
		{"check -h", []string{"check", "-h"}, exitOK, "Usage: pymetrics-sso check"},
		{"check no file", []string{"check"}, exitUsage, "wants exactly one file"},
		{"check missing file", []string{"check", filepath.Join(dir, "nope.xml")}, exitUsage, "does not exist"},
		{"check directory", []string{"check", dir}, exitUsage, "is a folder"},
		{"check bad flag", []string{"check", "--bogus", good}, exitUsage, "flag provided but not defined"},
		{"check bad thumbprint", []string{"check", "--thumbprint", "xyz", good}, exitUsage, "--thumbprint"},
		{"check good", []string{"check", good}, exitOK, md.TenantID},
		{"check good flags after file", []string{"check", good, "--json"}, exitOK, `"ok": true`},
		{"check pinned right", []string{"check", "--thumbprint", strings.ToLower(samltest.Thumbprint(md.CertDER)), good}, exitOK, md.TenantID},
		{"check pinned wrong", []string{"check", "--thumbprint", strings.Repeat("AB", 20), good}, exitProblems, "signature.untrusted-signer"},
		{"check tenant-wide", []string{"check", tenant}, exitProblems, "metadata.tenant-wide"},
		{"urls", []string{"urls", "--customer", "acme"}, exitOK, "https://www.pymetrics.com/saml2-sp/acme/acme/?acs"},
		{"urls no customer", []string{"urls"}, exitUsage, "--customer NAME is required"},
		{"urls refused", []string{"urls", "--customer", "Acme Corp"}, exitProblems, "acme-corp"},
		{"urls support url", []string{"urls", "--support-url", "https://www.pymetrics.com/saml2-sp/acme/acme/?sso"}, exitOK, "https://www.pymetrics.com/saml2-sp/acme/acme/metadata/"},
		{"urls both", []string{"urls", "--customer", "a", "--support-url", "https://www.pymetrics.com/saml2-sp/a/a/?sso"}, exitUsage, "not both"},
		{"sp-metadata", []string{"sp-metadata", "--customer", "acme"}, exitOK, `entityID="https://www.pymetrics.com/saml2-sp/acme/acme/metadata/"`},
		{"verify-bundle given metadata", []string{"verify-bundle", good}, exitUsage, "pymetrics-sso check " + good},
		{"verify-bundle directory", []string{"verify-bundle", dir}, exitUsage, "not a regular file"},
		{"verify-bundle missing", []string{"verify-bundle", filepath.Join(dir, "nope.zip")}, exitUsage, "does not exist"},
		{"bundle missing metadata", []string{"bundle", "--customer", "acme", "--metadata", filepath.Join(dir, "nope.xml")}, exitUsage, "does not exist"},
		{"bundle without metadata", []string{"bundle", "--customer", "acme"}, exitUsage, "--metadata FILE is required"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := cli(t, "", tc.args...)
			if code != tc.want {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.want, out, errOut)
			}
			if !strings.Contains(out+errOut, tc.out) {
				t.Errorf("output lacks %q\nstdout:\n%s\nstderr:\n%s", tc.out, out, errOut)
			}
		})
	}
}

func TestCheckJSONKeys(t *testing.T) {
	good, md := goodMetadata(t)
	code, out, errOut := cli(t, "", "check", "--json", good)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	for _, k := range []string{"schema_version", "ok", "verdict", "kind", "signature", "entity_id", "tenant_id", "sso_urls", "logout_urls", "certificates", "findings"} {
		if _, ok := got[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	if got["kind"] != "entra-app-metadata" || got["tenant_id"] != md.TenantID {
		t.Errorf("kind %v tenant %v", got["kind"], got["tenant_id"])
	}
	sig := got["signature"].(map[string]any)
	if sig["valid"] != true || sig["signer_sha1_thumbprint"] != samltest.Thumbprint(md.CertDER) {
		t.Errorf("signature %v", sig)
	}
}

func TestURLsJSON(t *testing.T) {
	code, out, _ := cli(t, "", "urls", "--customer", "acme", "--json")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var got struct {
		Customer   string `json:"customer"`
		Identifier string `json:"identifier"`
		ReplyURL   string `json:"reply_url"`
		SignOnURL  string `json:"sign_on_url"`
		Attributes []struct{ Name, Source string }
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	base := "https://www.pymetrics.com/saml2-sp/acme/acme/"
	if got.Customer != "acme" || got.Identifier != base+"metadata/" || got.ReplyURL != base+"?acs" || got.SignOnURL != base+"?sso" {
		t.Errorf("got %+v", got)
	}
	if len(got.Attributes) != 3 || got.Attributes[2].Name != "UserEmail" || got.Attributes[2].Source != "user.userprincipalname" {
		t.Errorf("attributes %+v", got.Attributes)
	}
}

func TestURLsCompare(t *testing.T) {
	base := "https://www.pymetrics.com/saml2-sp/acme/acme/"
	exact := base + "metadata/\n" + base + "?acs\n" + base + "?sso\n"
	if code, out, _ := cli(t, exact, "urls", "--customer", "acme", "--compare", "-"); code != exitOK {
		t.Errorf("exact paste: exit %d\n%s", code, out)
	}
	wrong := base + "metadata\n" + base + "?acs\n" + base + "?sso\n"
	code, out, _ := cli(t, wrong, "urls", "--customer", "acme", "--compare", "-")
	if code != exitProblems || !strings.Contains(out, "DIFFER") {
		t.Errorf("trailing slash missing: exit %d\n%s", code, out)
	}
}

func TestSPMetadataIsRecognised(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sp.xml")
	if code, _, errOut := cli(t, "", "sp-metadata", "--customer", "acme", "--out", out); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if code, _, _ := cli(t, "", "sp-metadata", "--customer", "acme", "--out", out); code != exitUsage {
		t.Errorf("overwrite without --force: exit %d", code)
	}
	code, stdout, _ := cli(t, "", "check", "--json", out)
	if code != exitProblems || !strings.Contains(stdout, `"kind": "sp-metadata"`) {
		t.Errorf("check of SP metadata: exit %d\n%s", code, stdout)
	}
}

func TestBundleRoundTrip(t *testing.T) {
	good, _ := goodMetadata(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "b.zip")
	args := []string{"bundle", "--customer", "acme", "--metadata", good, "--created", "2026-11-29T10:00:00Z", "--out", out}
	code, stdout, errOut := cli(t, "", args...)
	if code != exitOK {
		t.Fatalf("bundle: exit %d\n%s\n%s", code, stdout, errOut)
	}
	first, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := cli(t, "", args...); code != exitUsage || !strings.Contains(errOut, "already exists") {
		t.Errorf("second bundle without --force: exit %d: %s", code, errOut)
	}
	if code, _, errOut := cli(t, "", append(args, "--force")...); code != exitOK {
		t.Fatalf("bundle --force: exit %d: %s", code, errOut)
	}
	second, _ := os.ReadFile(out)
	if !bytes.Equal(first, second) {
		t.Error("same inputs and --created gave different bytes")
	}
	if code, stdout, _ := cli(t, "", "verify-bundle", out); code != exitOK {
		t.Errorf("verify-bundle: exit %d\n%s", code, stdout)
	}
	if code, stdout, _ := cli(t, string(first), "verify-bundle", "--json", "-"); code != exitOK || !strings.Contains(stdout, `"ok": true`) {
		t.Errorf("verify-bundle from standard input: exit %d\n%s", code, stdout)
	}

	// Change one byte of one entry and write the zip again: verify names it.
	zr, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		var content bytes.Buffer
		content.ReadFrom(rc)
		rc.Close()
		data := content.Bytes()
		if f.Name == "email.txt" {
			data[0] ^= 0x20
		}
		w, _ := zw.Create(f.Name)
		w.Write(data)
	}
	zw.Close()
	tampered := filepath.Join(dir, "tampered.zip")
	os.WriteFile(tampered, buf.Bytes(), 0o644)
	code, stdout, _ = cli(t, "", "verify-bundle", tampered)
	if code != exitProblems || !strings.Contains(stdout, "email.txt") {
		t.Errorf("tampered bundle: exit %d\n%s", code, stdout)
	}
}

func TestBundleRefusesBrokenMetadata(t *testing.T) {
	_, md := goodMetadata(t)
	dir := t.TempDir()
	broken := filepath.Join(dir, "edited.xml")
	os.WriteFile(broken, bytes.Replace(md.XML, []byte(md.LoginURL), []byte("https://evil.example/saml2"), 1), 0o644)
	out := filepath.Join(dir, "b.zip")
	code, _, errOut := cli(t, "", "bundle", "--customer", "acme", "--metadata", broken, "--out", out)
	if code != exitProblems || !strings.Contains(errOut, "No bundle was written") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a bundle was written for broken metadata: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files left behind: %v", entries)
	}
}

// TestImportBoundaries keeps the architecture honest: the engine and the
// wizard core never pull in the UI toolkit or a network client (the
// assistant makes no network connection of its own), and only main.go
// creates the Fyne app, so the ui package tests run headless.
func TestImportBoundaries(t *testing.T) {
	deps := func(pkg string) []string {
		out, err := exec.Command("go", "list", "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		return strings.Fields(string(out))
	}
	for _, pkg := range []string{"./samlcheck/...", "./wizard/..."} {
		for _, d := range deps(pkg) {
			if strings.HasPrefix(d, "fyne.io/") || d == "net/http" {
				t.Errorf("%s depends on %s", pkg, d)
			}
		}
	}
	for _, d := range deps("./ui/...") {
		if d == "fyne.io/fyne/v2/app" {
			t.Errorf("ui depends on fyne.io/fyne/v2/app; only main.go may create the app")
		}
	}
}

// TestQuietUnderPOSIXLocale runs the real binary the way scripts and CI
// containers do (LANG=C.UTF-8)
// and expects nothing on stderr from a successful command: Fyne's complaint
// about the locale, logged while packages initialise, must not leak out.
func TestQuietUnderPOSIXLocale(t *testing.T) {
	cmd := exec.Command(binary(t), "version")
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "LC_") && !strings.HasPrefix(kv, "LANG") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, "LANG=C.UTF-8")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("version: %v", err)
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr not empty:\n%s", stderr.String())
	}
	if !strings.HasPrefix(stdout.String(), "pymetrics-sso ") {
		t.Errorf("stdout %q", stdout.String())
	}
}
