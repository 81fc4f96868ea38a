package main

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

// flagBundles are the bundles every verify-bundle flag is tried on: an
// onboarding bundle, a rollover bundle made from it and signed by the
// certificate it trusts (vouched), and one signed by the new certificate
// that the admin confirmed by thumbprint.
type flagBundles struct {
	onboarding, rollover, confirmed string
	old, new                        cliCert
	oldCertFile                     string
}

func makeFlagBundles(t *testing.T) flagBundles {
	t.Helper()
	now := time.Now().UTC().Truncate(time.Second)
	keyA, err := samltest.Key(2048)
	if err != nil {
		t.Fatal(err)
	}
	keyB, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	b := flagBundles{
		old: newCLICert(t, keyA, now.AddDate(-1, 0, 0), now.AddDate(0, 0, 50)),
		new: newCLICert(t, keyB, now.AddDate(0, 0, -1), now.AddDate(3, 0, 0)),
	}
	dir := t.TempDir()
	first := writeSigned(t, dir, "first.xml", b.old, b.old)
	both := writeSigned(t, dir, "both.xml", b.old, b.old, b.new)
	early := writeSigned(t, dir, "early.xml", b.new, b.old, b.new)
	b.onboarding = filepath.Join(dir, "pymetrics-sso-acme-20260115.zip")
	b.rollover = filepath.Join(dir, "pymetrics-sso-acme-rollover-20260120.zip")
	b.confirmed = filepath.Join(dir, "confirmed.zip")
	created := now.Format(time.RFC3339)
	for _, args := range [][]string{
		{"bundle", "--customer", "acme", "--metadata", first, "--created", now.AddDate(0, -10, 0).Format(time.RFC3339), "--out", b.onboarding},
		{"rollover", "--previous", b.onboarding, "--metadata", both, "--created", created, "--out", b.rollover},
		{"rollover", "--previous", b.onboarding, "--metadata", early, "--thumbprint", b.new.tp, "--created", created, "--out", b.confirmed},
	} {
		if code, _, errOut := cli(t, "", args...); code != exitOK {
			t.Fatalf("%s: exit %d\n%s", args[0], code, errOut)
		}
	}
	b.oldCertFile = filepath.Join(dir, "entra.cer")
	if err := os.WriteFile(b.oldCertFile, b.old.der, 0o644); err != nil {
		t.Fatal(err)
	}
	return b
}

// TestVerifyBundleFlags tries every flag of verify-bundle on each kind of
// bundle: onboarding, rollover alone, and a rollover with --previous. A flag
// either changes the result or is refused (exit 2); none is ignored.
func TestVerifyBundleFlags(t *testing.T) {
	b := makeFlagBundles(t)
	onb, ro, conf := b.onboarding, b.rollover, b.confirmed
	otherTenant := "00000000-0000-4000-8000-000000000000"
	wrong := strings.Repeat("AB", 20)
	later := time.Now().AddDate(1, 0, 0).UTC().Format(time.RFC3339)
	const vouched, confirmed, notLinked = "\nROLLOVER VOUCHED: ", "\nROLLOVER CONFIRMED BY THUMBPRINT ONLY: ", "\nROLLOVER NOT LINKED: "
	const intact = "\nROLLOVER INTACT, LINK NOT CHECKED: "
	const nothing = "Nothing was extracted into "
	announced := "signing-certificate-announced-" + b.new.tp + ".pem"
	active := "signing-certificate-active-" + b.old.tp + ".pem"

	tests := []struct {
		name   string
		stdin  string // a file whose bytes are standard input
		args   []string
		code   int
		stdout string // expected in standard output
		stderr string // expected in standard error
		// extracted are the files expected in DIR (an argument replaced
		// by a fresh folder); nil means DIR must not exist.
		extracted []string
	}{
		{"customer: onboarding", "", []string{"--customer", "acme", onb}, exitOK, "\nINTACT", "", nil},
		{"customer: rollover", "", []string{"--customer", "acme", ro}, exitOK, intact, "", nil},
		{"customer: pair", "", []string{"--customer", "acme", "--previous", onb, ro}, exitOK, vouched, "", nil},
		{"other customer: onboarding", "", []string{"--customer", "globex", onb}, exitProblems, "[bundle.customer-mismatch] onboarding.json: the bundle is for customer \"acme\", not \"globex\"", "", nil},
		{"other customer: rollover", "", []string{"--customer", "globex", ro}, exitProblems, "[bundle.customer-mismatch] rollover.json: the bundle is for customer \"acme\", not \"globex\"", "", nil},
		{"other customer: rollover verdict", "", []string{"--customer", "globex", ro}, exitProblems, "\nNOT OK: 1 problem (bundle.customer-mismatch); do not configure pymetrics from this bundle. Check that this is the bundle you meant to open", "", nil},
		{"other customer: pair", "", []string{"--customer", "globex", "--previous", onb, ro}, exitProblems, notLinked + "the rollover bundle does not verify: the bundle is for customer \"acme\", not \"globex\"", "", nil},
		{"other customer: pair names the next step", "", []string{"--customer", "globex", "--previous", onb, ro}, exitProblems, "(bundle.customer-mismatch). Check that this is the bundle you meant to open", "", nil},
		{"other customer: pair, previous too", "", []string{"--customer", "globex", "--previous", onb, ro}, exitProblems, "[bundle.customer-mismatch] onboarding.json: the bundle is for customer \"acme\", not \"globex\"", "", nil},
		{"not a customer name: pair", "", []string{"--customer", "Acme Corp", "--previous", onb, ro}, exitUsage, "", "--customer \"Acme Corp\" is not a customer name", nil},
		{"not a customer name: rollover", "", []string{"--customer", "Acme Corp", ro}, exitUsage, "", "--customer \"Acme Corp\" is not a customer name", nil},

		{"tenant: rollover", "", []string{"--tenant", strings.ToUpper(samltest.DefaultTenantID), ro}, exitOK, intact, "", nil},
		{"tenant: pair", "", []string{"--tenant", "{" + samltest.DefaultTenantID + "}", "--previous", onb, ro}, exitOK, vouched, "", nil},
		{"other tenant: onboarding", "", []string{"--tenant", otherTenant, onb}, exitProblems, "[bundle.tenant-changed] FederationMetadata.xml: the metadata is from tenant", "", nil},
		{"other tenant: rollover", "", []string{"--tenant", otherTenant, ro}, exitProblems, "[bundle.tenant-changed] FederationMetadata.xml: the metadata is from tenant", "", nil},
		{"other tenant: pair", "", []string{"--tenant", otherTenant, "--previous", onb, ro}, exitProblems, "(bundle.tenant-changed). Ask the customer, by phone or another channel than the e-mail, whether they moved to another Entra tenant", "", nil},
		{"not a tenant ID: pair", "", []string{"--tenant", "contoso.onmicrosoft.com", "--previous", onb, ro}, exitUsage, "", "--tenant: not a tenant ID", nil},

		{"thumbprint: onboarding", "", []string{"--thumbprint", b.old.tp, onb}, exitOK, "\nINTACT AND SIGNER CONFIRMED: ", "", nil},
		{"thumbprint: rollover", "", []string{"--thumbprint", b.old.tp, ro}, exitOK, "signed by the certificate you confirmed (" + b.old.tp + ")", "", nil},
		{"thumbprint: pair", "", []string{"--thumbprint", b.old.tp, "--previous", onb, ro}, exitOK, vouched, "", nil},
		{"thumbprint of the new signer: pair", "", []string{"--thumbprint", b.new.tp, "--previous", onb, conf}, exitOK, confirmed, "", nil},
		{"wrong thumbprint: rollover", "", []string{"--thumbprint", wrong, ro}, exitProblems, "\nNOT OK: ", "", nil},
		{"wrong thumbprint: pair", "", []string{"--thumbprint", wrong, "--previous", onb, ro}, exitProblems, notLinked + "the rollover bundle does not verify", "", nil},
		{"thumbprint of the previous signer: new signer's pair", "", []string{"--thumbprint", b.old.tp, "--previous", onb, conf}, exitProblems, notLinked + "the rollover bundle does not verify", "", nil},
		{"cert: rollover", "", []string{"--cert", b.oldCertFile, ro}, exitOK, "signed by the certificate you confirmed (" + b.old.tp + ")", "", nil},
		{"cert: pair", "", []string{"--cert", b.oldCertFile, "--previous", onb, ro}, exitOK, vouched, "", nil},
		{"cert of the previous signer: new signer's pair", "", []string{"--cert", b.oldCertFile, "--previous", onb, conf}, exitProblems, notLinked, "", nil},

		{"now after the signer expires: onboarding", "", []string{"--now", later, onb}, exitProblems, "\nNOT OK: ", "", nil},
		{"now after the signer expires: rollover", "", []string{"--now", later, ro}, exitProblems, "\nNOT OK: ", "", nil},
		{"now after the signer expires: pair", "", []string{"--now", later, "--previous", onb, ro}, exitProblems, notLinked + "the rollover bundle does not verify", "", nil},

		{"extract: onboarding", "", []string{"--extract", "DIR", onb}, exitOK, "", "Wrote ", []string{"FederationMetadata.xml", active}},
		{"extract: rollover alone, the link unchecked", "", []string{"--extract", "DIR", ro}, exitOK, intact, "a rollover bundle's new certificate is trusted only through the bundle pymetrics already has, and no --previous was given", nil},
		{"extract: pair vouched", "", []string{"--extract", "DIR", "--previous", onb, ro}, exitOK, vouched, "Wrote ", []string{"FederationMetadata.xml", active, announced}},
		{"extract: pair confirmed", "", []string{"--extract", "DIR", "--previous", onb, conf}, exitOK, confirmed, "Wrote ", []string{"FederationMetadata.xml",
			"signing-certificate-announced-" + b.old.tp + ".pem", "signing-certificate-active-" + b.new.tp + ".pem"}},
		{"extract: pair swapped", "", []string{"--extract", "DIR", "--previous", ro, onb}, exitProblems, notLinked, nothing, nil},
		{"extract: pair of another customer", "", []string{"--extract", "DIR", "--customer", "globex", "--previous", onb, ro}, exitProblems, notLinked, nothing, nil},
		{"extract: pair, wrong thumbprint", "", []string{"--extract", "DIR", "--thumbprint", wrong, "--previous", onb, ro}, exitProblems, notLinked, "(ROLLOVER NOT LINKED), so none of its certificates may be added", nil},
		{"extract --json: pair", "", []string{"--json", "--extract", "DIR", "--previous", onb, ro}, exitOK, "\"link\": \"vouched\"", "Wrote ", []string{"FederationMetadata.xml", active, announced}},
		{"extract --json: rollover alone", "", []string{"--json", "--extract", "DIR", ro}, exitOK, "\"rollover\": {", "no --previous was given", nil},
		{"extract --json: pair not linked", "", []string{"--json", "--extract", "DIR", "--customer", "globex", "--previous", onb, ro}, exitProblems, "\"link\": \"not-linked\"", nothing, nil},
		{"a certificate as --previous", "", []string{"--previous", b.oldCertFile, ro}, exitUsage, "", "is a certificate, not a bundle (.zip), which --previous must name. Run instead:", nil},
		{"a certificate as the rollover bundle", "", []string{"--previous", onb, b.oldCertFile}, exitUsage, "", "is a certificate, not a rollover bundle (.zip), the file verify-bundle --previous checks", nil},
		{"extract into standard output", "", []string{"--extract", "-", ro}, exitUsage, "", "--extract - would make a folder named \"-\"", nil},

		{"standard input: rollover", ro, []string{"-"}, exitOK, intact, "", nil},
		{"standard input: previous", onb, []string{"--previous", "-", ro}, exitOK, vouched, "", nil},
		{"standard input: rollover with --previous", ro, []string{"--previous", onb, "-"}, exitOK, vouched, "", nil},
		{"standard input: rollover with --previous and --extract", ro, []string{"--extract", "DIR", "--customer", "acme", "--previous", onb, "-"}, exitOK, vouched, "Wrote ", []string{"FederationMetadata.xml", active, announced}},
		{"standard input twice", onb, []string{"--previous", "-", "-"}, exitUsage, "", "--previous - and - both ask for standard input", nil},

		{"empty customer", "", []string{"--customer", "", "--previous", onb, ro}, exitUsage, "", "--customer was given an empty value", nil},
		{"empty tenant", "", []string{"--tenant=", ro}, exitUsage, "", "--tenant was given an empty value", nil},
		{"empty previous", "", []string{"--previous", "", ro}, exitUsage, "", "--previous was given an empty value", nil},
		{"empty extract", "", []string{"--extract", "", onb}, exitUsage, "", "--extract was given an empty value", nil},
		{"empty thumbprint", "", []string{"--thumbprint", "", ro}, exitUsage, "", "--thumbprint was given an empty value", nil},
		{"empty cert", "", []string{"--cert", "", "--previous", onb, ro}, exitUsage, "", "--cert was given an empty value", nil},
		{"empty now", "", []string{"--now", "", "--previous", onb, ro}, exitUsage, "", "--now was given an empty value", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "extracted")
			args := []string{"verify-bundle"}
			for _, a := range tc.args {
				if a == "DIR" {
					a = dir
				}
				args = append(args, a)
			}
			var stdin string
			if tc.stdin != "" {
				data, err := os.ReadFile(tc.stdin)
				if err != nil {
					t.Fatal(err)
				}
				stdin = string(data)
			}
			code, stdout, stderr := cli(t, stdin, args...)
			if code != tc.code || !strings.Contains(stdout, tc.stdout) || !strings.Contains(stderr, tc.stderr) {
				t.Fatalf("exit %d, want %d; stdout should have %q, stderr %q\nstdout:\n%s\nstderr:\n%s", code, tc.code, tc.stdout, tc.stderr, stdout, stderr)
			}
			if tc.code == exitUsage && stdout != "" {
				t.Errorf("a usage error printed on standard output:\n%s", stdout)
			}
			if slices.Contains(tc.args, "--json") && tc.code != exitUsage && !json.Valid([]byte(stdout)) {
				t.Errorf("--json printed something else than one JSON document:\n%s", stdout)
			}
			entries, err := os.ReadDir(dir)
			if tc.extracted == nil {
				if err == nil {
					t.Errorf("%s was made, with %d files; nothing should be extracted", dir, len(entries))
				}
				return
			}
			var got []string
			for _, e := range entries {
				got = append(got, e.Name())
				if !strings.Contains(stderr, "Wrote "+filepath.Join(dir, e.Name())) {
					t.Errorf("%s written but not reported:\n%s", e.Name(), stderr)
				}
			}
			if len(got) != len(tc.extracted) {
				t.Fatalf("extracted %v, want %v", got, tc.extracted)
			}
			for _, want := range tc.extracted {
				if !slices.Contains(got, want) {
					t.Errorf("extracted %v, want %v", got, tc.extracted)
				}
			}
		})
	}
}

// TestVerifyBundlePairJSON: with --previous, a customer or tenant that is
// not the one expected is a finding of both bundles, with the codes of a
// bundle alone, and the pair is not linked.
func TestVerifyBundlePairJSON(t *testing.T) {
	b := makeFlagBundles(t)
	for _, tc := range []struct {
		name string
		args []string
		code string
	}{
		{"customer", []string{"--customer", "globex"}, "bundle.customer-mismatch"},
		{"tenant", []string{"--tenant", "00000000-0000-4000-8000-000000000000"}, "bundle.tenant-changed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append(append([]string{"verify-bundle", "--json"}, tc.args...), "--previous", b.onboarding, b.rollover)
			code, stdout, stderr := cli(t, "", args...)
			var res struct {
				OK        bool            `json:"ok"`
				Link      string          `json:"link"`
				Configure json.RawMessage `json:"configure"`
				Previous  struct {
					Findings []struct{ Code string } `json:"findings"`
				} `json:"previous"`
				Bundle struct {
					OK       bool                    `json:"ok"`
					Findings []struct{ Code string } `json:"findings"`
				} `json:"bundle"`
			}
			if err := json.Unmarshal([]byte(stdout), &res); err != nil || code != exitProblems {
				t.Fatalf("exit %d, %v\n%s\n%s", code, err, stdout, stderr)
			}
			has := func(fs []struct{ Code string }) bool {
				for _, f := range fs {
					if f.Code == tc.code {
						return true
					}
				}
				return false
			}
			if res.OK || res.Link != "not-linked" || res.Bundle.OK || string(res.Configure) != "null" || !has(res.Bundle.Findings) || !has(res.Previous.Findings) {
				t.Errorf("want not linked with %s in both bundles' findings:\n%s", tc.code, stdout)
			}
		})
	}
}
