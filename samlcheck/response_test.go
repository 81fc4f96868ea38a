package samlcheck_test

import (
	"bytes"
	"crypto"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

var responseNow = time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)

func hasCode(fs []samlcheck.Finding, code samlcheck.Code) bool {
	for _, f := range fs {
		if f.Code == code {
			return true
		}
	}
	return false
}

func codesOf(fs []samlcheck.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, string(f.Code))
	}
	return out
}

// mutate parses doc, lets f change it, and serialises it again.
func mutate(t *testing.T, doc []byte, f func(root *etree.Element)) []byte {
	t.Helper()
	d := etree.NewDocument()
	if err := d.ReadFromBytes(doc); err != nil {
		t.Fatal(err)
	}
	f(d.Root())
	out, err := d.WriteToBytes()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func findEl(root *etree.Element, tag string) *etree.Element {
	if root.Tag == tag {
		return root
	}
	for _, c := range root.ChildElements() {
		if e := findEl(c, tag); e != nil {
			return e
		}
	}
	return nil
}

func TestCheckResponseSigningOptions(t *testing.T) {
	otherKey, err := samltest.Key(3072)
	if err != nil {
		t.Fatal(err)
	}
	other := samltest.NewResponse(t, samltest.ResponseOptions{Now: responseNow, Key: otherKey}) // another signing certificate, as in a rollover
	for _, tc := range []struct {
		name    string
		signing string
		hash    crypto.Hash
		want    samlcheck.SignedElement
		weak    bool
	}{
		{"assertion (Entra default)", samltest.SignAssertion, 0, samlcheck.SignedAssertion, false},
		{"response only", samltest.SignResponse, 0, samlcheck.SignedResponse, false},
		{"both", samltest.SignBoth, 0, samlcheck.SignedBoth, false},
		{"assertion with SHA-1", samltest.SignAssertion, crypto.SHA1, samlcheck.SignedAssertion, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := samltest.NewResponse(t, samltest.ResponseOptions{Now: responseNow, Signing: tc.signing, Hash: tc.hash, InResponseTo: "_req1"})
			rep := samlcheck.CheckResponse(r.XML, samlcheck.ResponseOptions{Trusted: [][]byte{other.CertDER, r.CertDER}, At: responseNow})
			if rep.Signed != tc.want || !rep.Verified() {
				t.Fatalf("signed %q verified %v, want %q; findings %v", rep.Signed, rep.Verified(), tc.want, codesOf(rep.Findings))
			}
			if got := hasCode(rep.Findings, samlcheck.CodeSignInWeakAlgorithm); got != tc.weak {
				t.Errorf("weak-algorithm finding %v, want %v", got, tc.weak)
			}
			if rep.SignerSHA1Thumbprint != samltest.Thumbprint(r.CertDER) {
				t.Errorf("signer %s", rep.SignerSHA1Thumbprint)
			}
			a := rep.Assertion
			if a == nil || a.NameID != "ada.lovelace@contoso.example" || len(a.Attributes) != 3 || a.Audiences[0] != samltest.AcmeIdentifier || a.Recipient != samltest.AcmeReplyURL || a.InResponseTo != "_req1" {
				t.Fatalf("assertion %+v", a)
			}
			if rep.Status != "Success" {
				t.Errorf("status %q", rep.Status)
			}
			// Response-level values are shown only when the response itself
			// is signed.
			if (rep.Destination != "") != (tc.want != samlcheck.SignedAssertion) {
				t.Errorf("destination %q with %s signed", rep.Destination, tc.want)
			}
		})
	}
}

func TestCheckResponseRefusals(t *testing.T) {
	good := samltest.NewResponse(t, samltest.ResponseOptions{Now: responseNow, NameID: "ada@contoso.example.evil.example"})
	both := samltest.NewResponse(t, samltest.ResponseOptions{Now: responseNow, Signing: samltest.SignBoth})
	otherKey, err := samltest.Key(3072)
	if err != nil {
		t.Fatal(err)
	}
	otherCert, err := samltest.NewCertificate(otherKey, samltest.CertOptions{NotBefore: responseNow.Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	attacker := samltest.NewResponse(t, samltest.ResponseOptions{Now: responseNow, Key: otherKey, CertDER: otherCert, NameID: "evil@attacker.example"})
	const evil = "evil@attacker.example"

	// wrap puts an unsigned copy of the assertion, naming the attacker,
	// before or after the signed one.
	wrap := func(doc []byte, before bool) []byte {
		return mutate(t, doc, func(root *etree.Element) {
			a := findEl(root, "Assertion")
			fake := a.Copy()
			fake.RemoveAttr("ID")
			fake.CreateAttr("ID", "_evil")
			for _, c := range fake.ChildElements() {
				if c.Tag == "Signature" {
					fake.RemoveChild(c)
				}
			}
			findEl(fake, "NameID").SetText(evil)
			idx := a.Index()
			if !before {
				idx++
			}
			root.InsertChildAt(idx, fake)
		})
	}
	for _, tc := range []struct {
		name    string
		doc     []byte
		trusted []byte
		code    samlcheck.Code
	}{
		{"unsigned assertion before the signed one", wrap(good.XML, true), good.CertDER, samlcheck.CodeSignInStructure},
		{"unsigned assertion after the signed one", wrap(good.XML, false), good.CertDER, samlcheck.CodeSignInStructure},
		{"both signed, assertion wrapped before", wrap(both.XML, true), both.CertDER, samlcheck.CodeSignInStructure},
		{"signed assertion moved into Extensions", mutate(t, good.XML, func(root *etree.Element) {
			a := findEl(root, "Assertion")
			fake := a.Copy()
			findEl(fake, "NameID").SetText(evil)
			root.RemoveChild(a)
			ext := root.CreateElement("samlp:Extensions")
			ext.AddChild(a)
			root.AddChild(fake)
		}), good.CertDER, samlcheck.CodeSignInStructure},
		{"NameID changed after signing", bytes.Replace(good.XML, []byte("ada@contoso.example.evil.example"), []byte(evil), 1), good.CertDER, samlcheck.CodeSignInSignatureInvalid},
		{"whitespace added inside a signed value", bytes.Replace(good.XML, []byte(">Ada<"), []byte("> Ada<"), 1), good.CertDER, samlcheck.CodeSignInSignatureInvalid},
		{"signed by a certificate pymetrics was never given", attacker.XML, good.CertDER, samlcheck.CodeSignInUntrustedSigner},
		{"no signature", samltest.NewResponse(t, samltest.ResponseOptions{Now: responseNow, Signing: samltest.SignNone, NameID: evil}).XML, good.CertDER, samlcheck.CodeSignInUnsigned},
		{"DOCTYPE", append([]byte(`<!DOCTYPE r [<!ENTITY e "`+evil+`">]>`), good.XML...), good.CertDER, samlcheck.CodeInputDoctype},
		{"duplicate attribute", bytes.Replace(good.XML, []byte(`<NameID Format=`), []byte(`<NameID Format="x" Format=`), 1), good.CertDER, samlcheck.CodeInputDuplicateAttribute},
		{"an AuthnRequest, not a response", samltest.AuthnRequestXML("_r", "", "", responseNow), good.CertDER, samlcheck.CodeSignInNotResponse},
		{"not XML", []byte("hello"), good.CertDER, samlcheck.CodeInputMalformed},
		{"empty", nil, good.CertDER, samlcheck.CodeInputEmpty},
		{"too deep", []byte(strings.Repeat("<a>", 100) + strings.Repeat("</a>", 100)), good.CertDER, samlcheck.CodeInputTooDeep},
		{"two signatures on the assertion", mutate(t, good.XML, func(root *etree.Element) {
			a := findEl(root, "Assertion")
			a.AddChild(findEl(a, "Signature").Copy())
		}), good.CertDER, samlcheck.CodeSignInStructure},
		{"assertion hidden in the response signature", mutate(t, both.XML, func(root *etree.Element) {
			var sig *etree.Element
			for _, c := range root.ChildElements() {
				if c.Tag == "Signature" {
					sig = c
				}
			}
			fake := findEl(root, "Assertion").Copy()
			findEl(fake, "NameID").SetText(evil)
			sig.CreateElement("Object").AddChild(fake)
		}), both.CertDER, samlcheck.CodeSignInStructure},
		{"an encrypted assertion next to the signed one", mutate(t, good.XML, func(root *etree.Element) {
			enc := root.CreateElement("EncryptedAssertion")
			enc.CreateAttr("xmlns", "urn:oasis:names:tc:SAML:2.0:assertion")
		}), good.CertDER, samlcheck.CodeSignInStructure},
		{"the signed assertion wrapped in an unsigned one", mutate(t, good.XML, func(root *etree.Element) {
			a := findEl(root, "Assertion")
			outer := a.Copy()
			for _, c := range outer.ChildElements() {
				if c.Tag == "Signature" {
					outer.RemoveChild(c)
				}
			}
			findEl(outer, "NameID").SetText(evil)
			root.RemoveChild(a)
			findEl(outer, "Subject").AddChild(a)
			root.AddChild(outer)
		}), good.CertDER, samlcheck.CodeSignInStructure},
		{"stranger's key, no certificate in KeyInfo", mutate(t, attacker.XML, func(root *etree.Element) {
			ki := findEl(root, "KeyInfo")
			ki.Parent().RemoveChild(ki)
		}), good.CertDER, samlcheck.CodeSignInSignatureInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := samlcheck.CheckResponse(tc.doc, samlcheck.ResponseOptions{Trusted: [][]byte{tc.trusted}, At: responseNow})
			if !hasCode(rep.Findings, tc.code) {
				t.Fatalf("want %s, got %v", tc.code, codesOf(rep.Findings))
			}
			if rep.Verified() || rep.Assertion != nil || rep.Issuer != "" {
				t.Errorf("values read from a refused response: %+v", rep)
			}
			out, _ := json.Marshal(rep)
			if bytes.Contains(out, []byte(evil)) || bytes.Contains(out, []byte("evil.example")) {
				t.Errorf("the attacker's value reached the output: %s", out)
			}
		})
	}
}

// A comment inside a signed NameID does not change what was signed
// (exclusive canonicalisation drops comments), so the signature holds; the
// value read must be the whole signed text, not the part before the comment.
func TestCheckResponseCommentInSignedValue(t *testing.T) {
	r := samltest.NewResponse(t, samltest.ResponseOptions{Now: responseNow, NameID: "ada@contoso.example.evil.example"})
	doc := bytes.Replace(r.XML, []byte("ada@contoso.example.evil.example"), []byte("ada@contoso.example<!---->.evil.example"), 1)
	if bytes.Equal(doc, r.XML) {
		t.Fatal("comment not injected")
	}
	rep := samlcheck.CheckResponse(doc, samlcheck.ResponseOptions{Trusted: [][]byte{r.CertDER}, At: responseNow})
	if !rep.Verified() {
		t.Fatalf("not verified: %v", codesOf(rep.Findings))
	}
	if rep.Assertion.NameID != "ada@contoso.example.evil.example" {
		t.Fatalf("NameID %q, want the whole signed value", rep.Assertion.NameID)
	}
}

func TestCheckResponseFailedStatusAndEncryption(t *testing.T) {
	failed := samltest.NewResponse(t, samltest.ResponseOptions{Now: responseNow, Signing: samltest.SignResponse, Status: "Requester",
		StatusMessage: "AADSTS50105: Your administrator has configured the application to block users unless they are specifically granted access."})
	rep := samlcheck.CheckResponse(failed.XML, samlcheck.ResponseOptions{Trusted: [][]byte{failed.CertDER}, At: responseNow})
	if rep.Status != "Requester" || !rep.StatusVerified || rep.AADSTS != "AADSTS50105" || rep.Assertion != nil {
		t.Fatalf("failed status: %+v", rep)
	}
	// Unsigned, the status name and code are shown (a closed set), the
	// message is not.
	unsigned := samltest.NewResponse(t, samltest.ResponseOptions{Now: responseNow, Signing: samltest.SignNone, Status: "Responder", StatusMessage: "AADSTS700016: attacker text"})
	rep = samlcheck.CheckResponse(unsigned.XML, samlcheck.ResponseOptions{Trusted: [][]byte{failed.CertDER}, At: responseNow})
	if rep.Status != "Responder" || rep.StatusVerified || rep.AADSTS != "AADSTS700016" || rep.StatusMessage != "" {
		t.Fatalf("unsigned failed status: %+v", rep)
	}
	enc := samltest.NewResponse(t, samltest.ResponseOptions{Now: responseNow, Signing: samltest.SignResponse, Encrypted: true})
	rep = samlcheck.CheckResponse(enc.XML, samlcheck.ResponseOptions{Trusted: [][]byte{enc.CertDER}, At: responseNow})
	if !rep.Encrypted || !hasCode(rep.Findings, samlcheck.CodeSignInEncrypted) || !rep.Verified() {
		t.Fatalf("encrypted: %+v", rep)
	}
}

func TestReadAuthnRequest(t *testing.T) {
	r := samlcheck.ReadAuthnRequest(samltest.AuthnRequestXML("_abc", "", "", responseNow))
	if r.ID != "_abc" || r.Issuer != samltest.AcmeIdentifier || r.ACSURL != samltest.AcmeReplyURL || r.NameIDPolicy == "" || len(r.Findings) != 0 {
		t.Fatalf("%+v", r)
	}
	bad := samlcheck.ReadAuthnRequest([]byte(`<!DOCTYPE x><samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>`))
	if !hasCode(bad.Findings, samlcheck.CodeInputDoctype) || bad.ID != "" {
		t.Fatalf("%+v", bad)
	}
}
