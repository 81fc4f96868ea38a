package main

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

type cliCert struct {
	key *rsa.PrivateKey
	der []byte
	tp  string
}

func newCLICert(t *testing.T, key *rsa.PrivateKey, notBefore, notAfter time.Time) cliCert {
	t.Helper()
	der, err := samltest.NewCertificate(key, samltest.CertOptions{NotBefore: notBefore, NotAfter: notAfter})
	if err != nil {
		t.Fatal(err)
	}
	return cliCert{key: key, der: der, tp: samltest.Thumbprint(der)}
}

// writeSigned writes Entra app metadata listing certs, signed by signer.
func writeSigned(t *testing.T, dir, name string, signer cliCert, certs ...cliCert) string {
	t.Helper()
	var ders [][]byte
	for _, c := range certs {
		ders = append(ders, c.der)
	}
	unsigned, err := samltest.UnsignedXML(samltest.Options{}, "_cli-"+name, ders...)
	if err != nil {
		t.Fatal(err)
	}
	signed := (&samltest.Signer{Key: signer.key, CertDER: signer.der}).SignXML(t, unsigned, samltest.SignOptions{})
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, signed, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRolloverCommand(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	keyA, err := samltest.Key(2048)
	if err != nil {
		t.Fatal(err)
	}
	keyB, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	a := newCLICert(t, keyA, now.AddDate(-1, 0, 0), now.AddDate(0, 0, 50))
	b := newCLICert(t, keyB, now.AddDate(0, 0, -1), now.AddDate(3, 0, 0))
	dir := t.TempDir()
	first := writeSigned(t, dir, "first.xml", a, a)
	both := writeSigned(t, dir, "both.xml", a, a, b)
	early := writeSigned(t, dir, "early.xml", b, a, b)
	onboarding := filepath.Join(dir, "onboarding.zip")
	if code, _, errOut := cli(t, "", "bundle", "--customer", "acme", "--metadata", first, "--created", now.AddDate(0, -10, 0).Format(time.RFC3339), "--out", onboarding); code != exitOK {
		t.Fatalf("bundle: %d %s", code, errOut)
	}
	out := filepath.Join(dir, "rollover.zip")
	created := now.Format(time.RFC3339)

	for _, tc := range []struct {
		name string
		args []string
		want int
		text string // expected in stdout+stderr
	}{
		{"no --previous", []string{"rollover", "--metadata", both}, exitUsage, "--previous BUNDLE.zip is required"},
		{"no --metadata", []string{"rollover", "--previous", onboarding}, exitUsage, "--metadata FILE|URL is required"},
		{"bad --switch", []string{"rollover", "--previous", onboarding, "--metadata", both, "--switch", "soon"}, exitUsage, "--switch wants a day"},
		{"bad --thumbprint", []string{"rollover", "--previous", onboarding, "--metadata", both, "--thumbprint", "xyz"}, exitUsage, "--thumbprint"},
		{"missing previous", []string{"rollover", "--previous", filepath.Join(dir, "nope.zip"), "--metadata", both}, exitUsage, "does not exist"},
		{"URL refused before connecting", []string{"rollover", "--previous", onboarding, "--metadata", "http://login.microsoftonline.com/x/federationmetadata.xml"}, exitUsage, "login.microsoftonline.us"},
		{"no new certificate", []string{"rollover", "--previous", onboarding, "--metadata", first, "--created", created, "--out", out}, exitProblems, "rollover.no-new-certificate"},
		{"signer not vouched", []string{"rollover", "--previous", onboarding, "--metadata", early, "--created", created, "--out", out}, exitProblems, "rollover.signer-not-vouched"},
		{"vouched", []string{"rollover", "--previous", onboarding, "--metadata", both, "--created", created, "--out", out}, exitOK, "Vouched for"},
		{"no overwrite", []string{"rollover", "--previous", onboarding, "--metadata", both, "--created", created, "--out", out}, exitUsage, "already exists"},
		{"verify alone", []string{"verify-bundle", out}, exitOK, "NEW, ADD IT NOW"},
		{"verify alone says the link is not checked", []string{"verify-bundle", out}, exitOK, "\nROLLOVER INTACT, LINK NOT CHECKED: "},
		{"verify --previous", []string{"verify-bundle", "--previous", onboarding, out}, exitOK, "ROLLOVER VOUCHED: both bundles verify, and new certificate " + b.tp},
		{"verify swapped", []string{"verify-bundle", "--previous", out, onboarding}, exitProblems, "NOT LINKED"},
		{"confirmed by thumbprint", []string{"rollover", "--previous", onboarding, "--metadata", early, "--thumbprint", strings.ToLower(b.tp), "--created", created, "--out", filepath.Join(dir, "confirmed.zip")}, exitOK, "Confirmed by thumbprint only"},
		{"verify confirmed", []string{"verify-bundle", "--previous", onboarding, filepath.Join(dir, "confirmed.zip")}, exitOK, "CONFIRMED BY THUMBPRINT ONLY"},
		{"check URL refused", []string{"check", "https://login.example.com/0b5f2c3e-7d41-4a8e-9c6b-2f1d8e4a7b90/federationmetadata/2007-06/federationmetadata.xml"}, exitUsage, "input.url-refused"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := os.Stat(out)
			code, stdout, stderr := cli(t, "", tc.args...)
			if code != tc.want || !strings.Contains(stdout+stderr, tc.text) {
				t.Fatalf("exit %d, want %d, output without %q:\n%s\n%s", code, tc.want, tc.text, stdout, stderr)
			}
			if tc.want != exitOK && tc.args[0] == "rollover" {
				after, _ := os.Stat(out)
				if (before == nil) != (after == nil) || (after != nil && !after.ModTime().Equal(before.ModTime())) {
					t.Fatal("a refused rollover wrote the bundle")
				}
			}
		})
	}

	code, stdout, _ := cli(t, "", "verify-bundle", "--json", "--previous", onboarding, out)
	var res struct {
		OK        bool   `json:"ok"`
		Link      string `json:"link"`
		Verdict   string `json:"verdict"`
		Configure struct {
			Rollover struct {
				Add string `json:"add_sha1_thumbprint"`
			} `json:"rollover"`
		} `json:"configure"`
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil || code != exitOK || !res.OK || res.Link != "vouched" || res.Configure.Rollover.Add != b.tp {
		t.Fatalf("--json: %d %v %+v\n%s", code, err, res, stdout)
	}
	// With --previous given, the text must not ask for it again.
	if _, stdout, _ := cli(t, "", "verify-bundle", "--previous", onboarding, out); strings.Contains(stdout, "run verify-bundle --previous") {
		t.Errorf("verify-bundle --previous asks for --previous:\n%s", stdout)
	}
	code, stdout, _ = cli(t, "", "check", "--json", "ftp://login.microsoftonline.com/x")
	var rep struct {
		OK       bool `json:"ok"`
		Findings []struct {
			Code string `json:"code"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil || code != exitUsage || rep.OK || len(rep.Findings) != 1 || rep.Findings[0].Code != "input.url-refused" {
		t.Fatalf("check --json URL: %d %v %+v\n%s", code, err, rep, stdout)
	}
}
