package samlcheck_test

import (
	"bytes"
	"encoding/base64"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

// allCerts returns every X509Certificate in a document, found without the
// engine: the test trusts them all, so that what is judged is the signature
// alone.
func allCerts(t *testing.T, data []byte) [][]byte {
	t.Helper()
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(data); err != nil || doc.Root() == nil {
		return nil
	}
	var out [][]byte
	for _, el := range doc.FindElements("//X509Certificate") {
		der, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(el.Text()), ""))
		if err == nil {
			out = append(out, der)
		}
	}
	return out
}

// xmlsecVerifies runs xmlsec1 on the signature of the Response (what =
// "response") or of its Assertion, with cert as the only key.
func xmlsecVerifies(t *testing.T, bin string, data, cert []byte, what string) bool {
	t.Helper()
	dir := t.TempDir()
	certPath, docPath := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "doc.xml")
	if err := os.WriteFile(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(docPath, data, 0o600); err != nil {
		t.Fatal(err)
	}
	idAttr, xpath := "urn:oasis:names:tc:SAML:2.0:protocol:Response", `/*/*[local-name()="Signature"]`
	if what == "assertion" {
		idAttr, xpath = "urn:oasis:names:tc:SAML:2.0:assertion:Assertion", `/*/*[local-name()="Assertion"]/*[local-name()="Signature"]`
	}
	out, err := exec.Command(bin, "--verify", "--id-attr:ID", idAttr, "--node-xpath", xpath, "--pubkey-cert-pem", certPath, docPath).CombinedOutput()
	if err == nil && !bytes.Contains(out, []byte("OK")) {
		t.Fatalf("xmlsec1 succeeded without saying OK:\n%s", out)
	}
	return err == nil
}

// TestRealResponsesAgainstXMLSec checks the real signed responses and the
// published attack files (crewjam/saml's XSW permutations, goxmldsig's
// spoofing cases; see testdata/real/SOURCES.tsv): no response is ever
// called verified where xmlsec1 refuses the signature it rests on.
func TestRealResponsesAgainstXMLSec(t *testing.T) {
	bin := xmlsecPath(t)
	sources := readSources(t)
	google := allCerts(t, mustRead(t, filepath.Join(realDir, "crewjam-google-idp-metadata.xml")))
	// Verdicts expected from the assistant, independent of xmlsec1: the
	// wrapping files are refused by shape before any cryptography.
	wantVerified := map[string]bool{
		"crewjam-signedassertions-base.xml":           true,
		"response-azureshaped-auth0resigned-2021.xml": true,
		"goxmldsig-validExample.xml":                  true,
		"bad-crewjam-injected-comment.xml":            true, // the signature holds; the reader must not be fooled
	}
	checked := 0
	for name, src := range sources {
		if src.root != "Response" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			data := mustRead(t, filepath.Join(realDir, name))
			trusted := append(allCerts(t, data), google...)
			rep := samlcheck.CheckResponse(data, samlcheck.ResponseOptions{Trusted: trusted, At: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)})
			checked++
			if rep.Verified() != wantVerified[name] {
				t.Errorf("verified = %v, want %v (%s); findings %v", rep.Verified(), wantVerified[name], src.note, codesOf(rep.Findings))
			}
			if name == "bad-crewjam-injected-comment.xml" && rep.Assertion != nil && !strings.Contains(rep.Assertion.NameID, "@") {
				t.Errorf("NameID %q", rep.Assertion.NameID)
			}
			if !rep.Verified() || bin == "" {
				return
			}
			var signer []byte
			for _, c := range trusted {
				if samltest.Thumbprint(c) == rep.SignerSHA1Thumbprint {
					signer = c
				}
			}
			parts := map[samlcheck.SignedElement][]string{
				samlcheck.SignedAssertion: {"assertion"}, samlcheck.SignedResponse: {"response"}, samlcheck.SignedBoth: {"assertion", "response"},
			}[rep.Signed]
			for _, p := range parts {
				if !xmlsecVerifies(t, bin, data, signer, p) {
					t.Errorf("the %s is called verified, but xmlsec1 refuses its signature", p)
				}
			}
		})
	}
	if checked < 12 {
		t.Fatalf("only %d real responses checked", checked)
	}
}

// TestGeneratedResponsesAgainstXMLSec holds the generator and the engine to
// xmlsec1: each signing option verifies there as here.
func TestGeneratedResponsesAgainstXMLSec(t *testing.T) {
	bin := xmlsecPath(t)
	if bin == "" {
		t.Skip("xmlsec1 not installed")
	}
	for _, signing := range []string{samltest.SignAssertion, samltest.SignResponse, samltest.SignBoth} {
		r := samltest.NewResponse(t, samltest.ResponseOptions{Now: responseNow, Signing: signing})
		rep := samlcheck.CheckResponse(r.XML, samlcheck.ResponseOptions{Trusted: [][]byte{r.CertDER}, At: responseNow})
		if !rep.Verified() {
			t.Fatalf("%s: not verified: %v", signing, codesOf(rep.Findings))
		}
		for _, p := range map[string][]string{samltest.SignAssertion: {"assertion"}, samltest.SignResponse: {"response"}, samltest.SignBoth: {"assertion", "response"}}[signing] {
			if !xmlsecVerifies(t, bin, r.XML, r.CertDER, p) {
				t.Errorf("%s: xmlsec1 refuses the %s signature", signing, p)
			}
		}
		tampered := bytes.Replace(r.XML, []byte(">Ada<"), []byte(">Eve<"), 1)
		if samlcheck.CheckResponse(tampered, samlcheck.ResponseOptions{Trusted: [][]byte{r.CertDER}, At: responseNow}).Verified() {
			t.Errorf("%s: tampered response verified", signing)
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// FuzzCheckResponse throws arbitrary bytes at CheckResponse and
// ReadAuthnRequest, trusting the generated key's certificate. Seeds: the
// real responses and generated ones of each signing option.
func FuzzCheckResponse(f *testing.F) {
	for name, src := range readSources(f) {
		if src.root == "Response" || src.root == "Assertion" {
			if data, err := os.ReadFile(filepath.Join(realDir, name)); err == nil {
				f.Add(data)
			}
		}
	}
	var cert []byte
	for _, s := range []string{samltest.SignAssertion, samltest.SignResponse, samltest.SignBoth} {
		r := samltest.NewResponse(f, samltest.ResponseOptions{Now: responseNow, Signing: s, InResponseTo: "_r"})
		cert = r.CertDER
		f.Add(r.XML)
	}
	f.Add(samltest.AuthnRequestXML("_r", "", "", responseNow))
	f.Fuzz(func(t *testing.T, data []byte) {
		rep := samlcheck.CheckResponse(data, samlcheck.ResponseOptions{Trusted: [][]byte{cert}, At: responseNow})
		if !rep.Verified() && (rep.Assertion != nil || rep.Issuer != "" || rep.StatusMessage != "" || rep.Destination != "") {
			t.Fatalf("values from an unverified response: %+v", rep)
		}
		if rep.Verified() && rep.Signed == samlcheck.SignedNone {
			t.Fatal("verified without a signed element")
		}
		_ = samlcheck.ReadAuthnRequest(data)
	})
}

// BenchmarkCheckResponse times CheckResponse on a generated Entra response
// for each signing option, with the signer among two trusted certificates
// (a rollover); scripts/bench.sh times check-signin as a whole process
// against xmlsec1.
func BenchmarkCheckResponse(b *testing.B) {
	otherKey, err := samltest.Key(3072)
	if err != nil {
		b.Fatal(err)
	}
	other, err := samltest.NewCertificate(otherKey, samltest.CertOptions{})
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range []string{samltest.SignAssertion, samltest.SignResponse, samltest.SignBoth} {
		b.Run(s, func(b *testing.B) {
			r := samltest.NewResponse(b, samltest.ResponseOptions{Now: responseNow, Signing: s, InResponseTo: "_r"})
			opts := samlcheck.ResponseOptions{Trusted: [][]byte{other, r.CertDER}, At: responseNow}
			if !samlcheck.CheckResponse(r.XML, opts).Verified() {
				b.Fatal("the response does not verify, so this would time a refusal")
			}
			b.SetBytes(int64(len(r.XML)))
			b.ReportAllocs()
			for b.Loop() {
				samlcheck.CheckResponse(r.XML, opts)
			}
		})
	}
}
