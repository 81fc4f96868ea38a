package main

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

// signInFiles writes the customer's metadata and a captured response signed
// with its key, and returns their paths.
func signInFiles(t *testing.T, o samltest.ResponseOptions) (metadata, capturePath string, md *samltest.Metadata) {
	t.Helper()
	metadata, md = goodMetadata(t)
	o.Key, o.CertDER = md.Key, md.CertDER
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	r := samltest.NewResponse(t, o)
	capturePath = filepath.Join(t.TempDir(), "capture.txt")
	form := "SAMLResponse=" + url.QueryEscape(base64.StdEncoding.EncodeToString(r.XML)) + "&RelayState=x"
	if err := os.WriteFile(capturePath, []byte(form), 0o600); err != nil {
		t.Fatal(err)
	}
	return metadata, capturePath, md
}

func TestCheckSignInCommand(t *testing.T) {
	at := time.Now().UTC().Format(time.RFC3339)
	md, good, _ := signInFiles(t, samltest.ResponseOptions{InResponseTo: "_r1"})
	_, namespaced, _ := signInFiles(t, samltest.ResponseOptions{InResponseTo: "_r1", Attrs: []samltest.Attr{
		{Name: "UserFirstName", Values: []string{"Ada"}}, {Name: "UserLastName", Values: []string{"Lovelace"}},
		{Name: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/UserEmail", Values: []string{"ada@contoso.example"}}}})
	// A response the customer's metadata did not sign: the other files' key
	// is the same cached key, so make one with a key of its own.
	otherKey, _ := samltest.Key(3072)
	otherCert, _ := samltest.NewCertificate(otherKey, samltest.CertOptions{})
	r := samltest.NewResponse(t, samltest.ResponseOptions{InResponseTo: "_r1", Key: otherKey, CertDER: otherCert})
	stranger := filepath.Join(t.TempDir(), "stranger.b64")
	os.WriteFile(stranger, []byte(base64.StdEncoding.EncodeToString(r.XML)), 0o600)

	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"good capture", []string{"--customer", "acme", "--metadata", md, "--at", at, good}, exitOK, "OK: nothing"},
		{"namespaced claim", []string{"--customer", "acme", "--metadata", md, "--at", at, namespaced}, exitProblems, "signin.claim-namespaced"},
		{"another customer", []string{"--customer", "contoso", "--metadata", md, "--at", at, good}, exitProblems, "signin.audience-mismatch"},
		{"untrusted signer", []string{"--customer", "acme", "--metadata", md, "--at", at, stranger}, exitProblems, "signin.untrusted-signer"},
		{"no capture", []string{"--customer", "acme", "--metadata", md}, exitUsage, "exactly one capture"},
		{"no metadata", []string{"--customer", "acme", good}, exitUsage, "--metadata FILE is required"},
		{"bad --at", []string{"--customer", "acme", "--metadata", md, "--at", "yesterday", good}, exitUsage, "--at"},
		{"capture missing", []string{"--customer", "acme", "--metadata", md, filepath.Join(t.TempDir(), "nope.har")}, exitUsage, "nope.har"},
		{"not a capture", []string{"--customer", "acme", "--metadata", md, md}, exitUsage, "no SAML message"},
		{"metadata not verified", []string{"--customer", "acme", "--metadata", good, good}, exitUsage, "was not verified"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := cli(t, "", append([]string{"check-signin"}, tc.args...)...)
			if code != tc.code || !strings.Contains(stdout+stderr, tc.want) {
				t.Fatalf("exit %d (want %d), output lacks %q:\n%s\n%s", code, tc.code, tc.want, stdout, stderr)
			}
		})
	}

	// JSON from standard input has the keys the issue names.
	data, _ := os.ReadFile(good)
	code, stdout, stderr := cli(t, string(data), "check-signin", "--json", "--customer", "acme", "--metadata", md, "--at", at, "-")
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"ok", "customer", "captured_at", "request", "response", "findings"} {
		if _, ok := got[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	resp := got["response"].(map[string]any)
	for _, k := range []string{"present", "status", "issuer", "in_response_to", "signed_element", "signature_valid", "signature_algorithm",
		"signer_sha1_thumbprint", "audience", "recipient", "name_id", "name_id_format", "attributes", "encrypted"} {
		if _, ok := resp[k]; !ok {
			t.Errorf("JSON response lacks %q", k)
		}
	}

	req := got["request"].(map[string]any)
	for _, k := range []string{"present", "id", "issuer", "acs_url", "name_id_policy"} {
		if _, ok := req[k]; !ok {
			t.Errorf("JSON request lacks %q", k)
		}
	}

	code, stdout, _ = cli(t, "", "check-signin", "-h")
	if code != exitOK || !strings.Contains(stdout, "Save all as HAR") || !strings.Contains(stdout, "SAML-tracer") || !strings.Contains(stdout, "--metadata") {
		t.Errorf("-h does not say how to capture (exit %d):\n%s", code, stdout)
	}
}

func TestCheckSignInCommandBundle(t *testing.T) {
	md, good, _ := signInFiles(t, samltest.ResponseOptions{InResponseTo: "_r1"})
	zip := filepath.Join(t.TempDir(), "b.zip")
	if code, _, stderr := cli(t, "", "bundle", "--customer", "acme", "--metadata", md, "--out", zip); code != exitOK {
		t.Fatalf("bundle: %d %s", code, stderr)
	}
	code, stdout, stderr := cli(t, "", "check-signin", "--bundle", zip, "--at", time.Now().UTC().Format(time.RFC3339), good)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if code, _, stderr := cli(t, "", "check-signin", "--bundle", zip, "--metadata", md, good); code != exitUsage || !strings.Contains(stderr, "not both") {
		t.Errorf("--bundle with --metadata: exit %d %s", code, stderr)
	}
}

// A whole sign-in captured as a HAR file: the request and the response are
// both found, linked, and judged at the time the HAR records.
func TestCheckSignInCommandHAR(t *testing.T) {
	md, m := goodMetadata(t)
	now := time.Now().UTC().Truncate(time.Second)
	r := samltest.NewResponse(t, samltest.ResponseOptions{Now: now, InResponseTo: "_har1", Key: m.Key, CertDER: m.CertDER})
	har := filepath.Join(t.TempDir(), "session.har")
	os.WriteFile(har, samltest.SignInHAR(r.XML, samltest.AuthnRequestXML("_har1", "", "", now), 50, now), 0o600)
	code, stdout, stderr := cli(t, "", "check-signin", "--json", "--customer", "acme", "--metadata", md, har)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	var got struct {
		Source  string `json:"captured_at_source"`
		Request struct {
			ID string `json:"id"`
		} `json:"request"`
		Response struct {
			InResponseTo string `json:"in_response_to"`
		} `json:"response"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	if got.Request.ID != "_har1" || got.Response.InResponseTo != "_har1" || got.Source != "date-header" {
		t.Errorf("%+v", got)
	}
	if strings.Contains(stdout, "hunter2") || strings.Contains(stdout, "ESTSAUTH") {
		t.Error("the output carries something of the capture other than its SAML messages")
	}
	// Judged two hours later (--at), the same capture has expired.
	code, stdout, _ = cli(t, "", "check-signin", "--customer", "acme", "--metadata", md, "--at", now.Add(2*time.Hour).Format(time.RFC3339), har)
	if code != exitProblems || !strings.Contains(stdout, "signin.expired") {
		t.Errorf("exit %d\n%s", code, stdout)
	}
}
