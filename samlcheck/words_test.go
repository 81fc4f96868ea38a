package samlcheck_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pymetrics/sso-assistant/internal/golden"
	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

// The words the report uses for each class of file issue 16 found
// described wrongly among signed SAML files from public repositories. Each
// case is a file of the same shape, made here with test keys (samltest), so
// no outside file is needed; its findings (code, severity, message, hint,
// with thumbprints and dates replaced by placeholders) are kept as golden
// text in testdata/golden/words/, and the case asserts the point in words.
func TestWordsForEveryClass(t *testing.T) {
	for _, tc := range wordCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			r := samlcheck.Check(tc.input, samlcheck.Options{Now: fixedNow})
			checkInvariants(t, r)
			if r.Kind != tc.kind {
				t.Errorf("kind %s, want %s", r.Kind, tc.kind)
			}
			if r.Signature.Present != tc.present || r.Signature.Valid != tc.valid {
				t.Errorf("signature present=%v valid=%v, want %v %v (%s)", r.Signature.Present, r.Signature.Valid, tc.present, tc.valid, r.Signature.Reason)
			}
			if tc.code != "" && !r.Has(tc.code) {
				t.Errorf("want %s, got %v", tc.code, codes(r))
			}
			var text bytes.Buffer
			if err := r.WriteText(&text); err != nil {
				t.Fatal(err)
			}
			// The report wraps its lines; the words are looked for in
			// the unwrapped text.
			said := strings.Join(strings.Fields(text.String()), " ")
			for _, w := range tc.says {
				if !strings.Contains(said, w) {
					t.Errorf("the report does not say %q:\n%s", w, text.String())
				}
			}
			for _, w := range tc.never {
				if strings.Contains(said, w) {
					t.Errorf("the report says %q:\n%s", w, text.String())
				}
			}
			if tc.xmlsec {
				agreeWithXMLSec(t, tc.input, r)
			}
			golden.Check(t, filepath.Join("testdata", "golden", "words", tc.name+".txt"), findingsText(r, tc.placeholders))
		})
	}
}

type wordCase struct {
	name           string
	input          []byte
	kind           samlcheck.Kind
	present, valid bool
	code           samlcheck.Code
	says, never    []string
	// placeholders replace values that change with every test key.
	placeholders map[string]string
	// xmlsec: the verdict on the signature must be xmlsec1's (the file
	// carries its signer in KeyInfo and references the root's ID).
	xmlsec bool
}

// agreeWithXMLSec checks the engine's verdict on the signature against
// root-anchored xmlsec1, when it is installed (in CI it must be).
func agreeWithXMLSec(t *testing.T, data []byte, r *samlcheck.Report) {
	t.Helper()
	bin := xmlsecPath(t)
	if bin == "" {
		return
	}
	root := "EntityDescriptor"
	if r.Kind == samlcheck.KindAggregate {
		root = "EntitiesDescriptor"
	}
	valid, ran := runXMLSec(t, bin, data, root)
	if !ran {
		t.Fatal("xmlsec1 did not run: the file carries no KeyInfo certificate")
	}
	if valid != r.Signature.Valid {
		t.Errorf("xmlsec1 says valid=%v, the engine %v (%s)", valid, r.Signature.Valid, r.Signature.Reason)
	}
}

// findingsText is the report's verdict, signature line and findings, with
// every placeholder's value replaced by its name.
func findingsText(r *samlcheck.Report, placeholders map[string]string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "kind: %s\nverdict: %s\nsignature: present=%v valid=%v\n", r.Kind, r.Verdict(), r.Signature.Present, r.Signature.Valid)
	for _, f := range r.Findings {
		fmt.Fprintf(&b, "\n%s %s\n  %s\n", f.Severity, f.Code, f.Message)
		if f.Hint != "" {
			fmt.Fprintf(&b, "  hint: %s\n", f.Hint)
		}
	}
	out := b.String()
	for value, name := range placeholders {
		out = strings.ReplaceAll(out, value, name)
	}
	return []byte(out)
}

const (
	nsMD     = `urn:oasis:names:tc:SAML:2.0:metadata`
	otherIdP = "https://idp.example.org/saml"
)

// idpMetadata is another identity provider's metadata (not Entra's),
// listing certs for signing in its IDPSSODescriptor.
func idpMetadata(id string, certs ...[]byte) string {
	var kds strings.Builder
	for _, c := range certs {
		fmt.Fprintf(&kds, `<KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>%s</ds:X509Certificate></ds:X509Data></ds:KeyInfo></KeyDescriptor>`, base64.StdEncoding.EncodeToString(c))
	}
	return `<EntityDescriptor xmlns="` + nsMD + `" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ID="` + id + `" entityID="` + otherIdP + `">` +
		`<IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` + kds.String() +
		`<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.org/sso"/>` +
		`</IDPSSODescriptor></EntityDescriptor>`
}

// spMetadata is a service provider's metadata listing cert with use.
func spMetadata(id, use string, cert []byte) string {
	return `<EntityDescriptor xmlns="` + nsMD + `" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ID="` + id + `" entityID="https://sp.example.org/">` +
		`<SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
		`<KeyDescriptor use="` + use + `"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>` + base64.StdEncoding.EncodeToString(cert) + `</ds:X509Certificate></ds:X509Data></ds:KeyInfo></KeyDescriptor>` +
		`<AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://sp.example.org/acs" index="0"/>` +
		`</SPSSODescriptor></EntityDescriptor>`
}

// samlMessage is a SAML protocol message (root in the protocol namespace)
// issued by issuer, with an assertion inside when withAssertion.
func samlMessage(root, id, issuer string, withAssertion bool) string {
	inner := `<saml:Issuer>` + issuer + `</saml:Issuer>`
	if withAssertion {
		inner += `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
			`<saml:Assertion ID="_a` + id + `" Version="2.0" IssueInstant="2026-11-29T00:00:00Z"><saml:Issuer>` + issuer + `</saml:Issuer>` +
			`<saml:Subject><saml:NameID>someone@example.org</saml:NameID></saml:Subject></saml:Assertion>`
	}
	return `<samlp:` + root + ` xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="` + id + `" Version="2.0" IssueInstant="2026-11-29T00:00:00Z">` +
		inner + `</samlp:` + root + `>`
}

func wordCases(t testing.TB) []wordCase {
	t.Helper()
	signer := samltest.NewSigner(t, 2048, fixedNow, samltest.CertOptions{Subject: "metadata signer"})
	token := samltest.NewSigner(t, 3072, fixedNow, samltest.CertOptions{Subject: "token signer"})
	expiredToken := samltest.NewSigner(t, 3072, fixedNow, samltest.CertOptions{Subject: "old token signer", NotBefore: fixedNow.AddDate(-3, 0, 0), NotAfter: fixedNow.AddDate(0, -1, 0)})
	sign := func(unsigned string, o samltest.SignOptions) []byte { return signer.SignXML(t, unsigned, o) }
	ph := map[string]string{
		samltest.Thumbprint(signer.CertDER):       "SIGNER-THUMBPRINT",
		samltest.Thumbprint(token.CertDER):        "TOKEN-THUMBPRINT",
		samltest.Thumbprint(expiredToken.CertDER): "EXPIRED-TOKEN-THUMBPRINT",
	}

	aggregate, err := samltest.GenerateAggregate(samltest.AggregateOptions{Size: 150_000, Now: fixedNow, ExtraNamespaces: 40})
	if err != nil {
		t.Fatal(err)
	}
	entra := samltest.New(t, samltest.Options{Now: fixedNow})
	ph[entra.SHA1Thumbprint] = "ENTRA-THUMBPRINT"
	entraTampered := bytes.Replace(entra.XML, []byte("/saml2"), []byte("/saml3"), 1)
	entraNoID := bytes.Replace(entra.XML, []byte(` ID="`+entra.ID+`"`), nil, 1)
	entraUnsigned, err := samltest.UnsignedXML(samltest.Options{Now: fixedNow}, "", entra.CertDER)
	if err != nil {
		t.Fatal(err)
	}
	entraUnsigned = strings.Replace(entraUnsigned, ` ID=""`, "", 1)
	otherSigned := sign(idpMetadata("_idp", signer.CertDER), samltest.SignOptions{})
	half := entra.XML[:len(entra.XML)/2]
	insideTag := entra.XML[:bytes.Index(entra.XML, []byte("<IDPSSODescriptor"))+8]

	return []wordCase{
		{name: "aggregate-with-many-namespaces", xmlsec: true, input: aggregate.XML, kind: samlcheck.KindAggregate, present: true, valid: true,
			code: samlcheck.CodeMetadataAggregate, never: []string{"too many XML namespaces", "handful"},
			placeholders: map[string]string{samltest.Thumbprint(aggregate.CertDER): "AGGREGATE-THUMBPRINT"}},
		{name: "whole-document-reference-entra", input: entraSignedWithoutID(t, entraUnsigned, entra), kind: samlcheck.KindEntraApp, present: true,
			code: samlcheck.CodeSignatureReference, says: []string{`URI=""`, "Entra writes a reference to the root element's ID"}, never: []string{"refers to another element"}},
		{name: "whole-document-reference-other-idp", input: sign(idpMetadata("", signer.CertDER), samltest.SignOptions{}), kind: samlcheck.KindIdP, present: true,
			code: samlcheck.CodeSignatureReference, says: []string{`URI=""`, "XML Signature allows"}, never: []string{"refers to another element", "changed after Entra", "not as Entra produced it"}},
		{name: "root-id-removed-after-signing", input: entraNoID, kind: samlcheck.KindEntraApp, present: true,
			code: samlcheck.CodeSignatureReference, says: []string{"refers to another element"}},
		{name: "no-keyinfo-sp-lists-its-signer", input: sign(spMetadata("_sp", "signing", signer.CertDER), samltest.SignOptions{NoKeyInfo: true}), kind: samlcheck.KindSP, present: true, valid: true,
			code: samlcheck.CodeInputSPMetadata, never: []string{"lists no signing certificate"}, placeholders: ph},
		{name: "no-keyinfo-sp-lists-only-encryption", input: sign(spMetadata("_sp", "encryption", signer.CertDER), samltest.SignOptions{NoKeyInfo: true}), kind: samlcheck.KindSP, present: true,
			code: samlcheck.CodeSignatureUnverifiable, says: []string{"lists only encryption certificates"}, never: []string{"lists no signing certificate"}},
		{name: "no-keyinfo-idp-lists-its-signer", input: sign(idpMetadata("_idp", signer.CertDER), samltest.SignOptions{NoKeyInfo: true}), kind: samlcheck.KindIdP, present: true, valid: true,
			code: samlcheck.CodeMetadataNotEntra, never: []string{"lists no signing certificate", "signer-not-listed"}, placeholders: ph},
		{name: "other-idp-metadata-signer-differs-from-token-signer", xmlsec: true, input: sign(idpMetadata("_idp", token.CertDER), samltest.SignOptions{}), kind: samlcheck.KindIdP, present: true, valid: true,
			code: samlcheck.CodeMetadataSignerNotListed, says: []string{"Sign-ins are checked with the listed signing certificates"}, never: []string{"Entra always signs"}, placeholders: ph},
		{name: "sp-metadata-signer-not-listed", xmlsec: true, input: sign(spMetadata("_sp", "signing", token.CertDER), samltest.SignOptions{}), kind: samlcheck.KindSP, present: true, valid: true,
			code: samlcheck.CodeMetadataSignerNotListed, says: []string{"this service provider signs its metadata with a separate key"}, never: []string{"Sign-ins are checked", "Entra always signs"}, placeholders: ph},
		{name: "other-idp-expired-token-signer-not-the-metadata-signer", xmlsec: true, input: sign(idpMetadata("_idp", expiredToken.CertDER), samltest.SignOptions{}), kind: samlcheck.KindIdP, present: true, valid: true,
			code: samlcheck.CodeCertInactiveExpired, says: []string{"sign-ins signed with it are refused"}, never: []string{"does not affect sign-in"}, placeholders: ph},
		{name: "entra-expired-inactive-certificate", xmlsec: true, input: entraWithExtraCert(t, expiredToken.CertDER, ph), kind: samlcheck.KindEntraApp, present: true, valid: true,
			code: samlcheck.CodeCertInactiveExpired, says: []string{"does not affect sign-in"}, placeholders: ph},
		{name: "authn-request", input: sign(`<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_req" Version="2.0" IssueInstant="2026-11-29T00:00:00Z" AssertionConsumerServiceURL="https://sp.example.org/acs"><saml:Issuer>https://sp.example.org/</saml:Issuer></samlp:AuthnRequest>`, samltest.SignOptions{}),
			kind: samlcheck.KindRequest, present: true, code: samlcheck.CodeInputNotMetadata,
			says: []string{"SAML sign-in request (AuthnRequest", "File:", "SAML request", "present, not checked"}, never: []string{"response", "Entra sends"}},
		{name: "signed-response-other-idp", input: sign(samlMessage("Response", "_resp", otherIdP, true), samltest.SignOptions{}), kind: samlcheck.KindResponse, present: true,
			code: samlcheck.CodeInputNotMetadata, says: []string{"what an identity provider sends", "present, not checked"}, never: []string{"Entra sends", "NOT valid"}},
		{name: "signed-response-entra", input: sign(samlMessage("Response", "_resp", "https://sts.windows.net/"+samltest.DefaultTenantID+"/", true), samltest.SignOptions{}), kind: samlcheck.KindResponse, present: true,
			code: samlcheck.CodeInputNotMetadata, says: []string{"what Entra sends", "present, not checked"}},
		{name: "unsigned-response", input: []byte(samlMessage("Response", "_resp", otherIdP, true)), kind: samlcheck.KindResponse,
			code: samlcheck.CodeInputNotMetadata, says: []string{"Signature: not checked"}},
		{name: "metadata-cut-in-half", input: half, kind: samlcheck.KindDamagedXML, code: samlcheck.CodeInputMalformed,
			says: []string{"incomplete", "cut off", "damaged or incomplete XML"}, never: []string{"not XML"}},
		{name: "metadata-cut-inside-a-tag", input: insideTag, kind: samlcheck.KindDamagedXML, code: samlcheck.CodeInputMalformed,
			says: []string{"incomplete", "cut off"}, never: []string{"not XML"}},
		{name: "other-idp-changed-after-signing", xmlsec: true, input: bytes.Replace(otherSigned, []byte("idp.example.org/sso"), []byte("evil.example.org/sso"), 1), kind: samlcheck.KindIdP, present: true,
			code: samlcheck.CodeSignatureInvalid, says: []string{"changed after it was signed"}, never: []string{"Entra signed", "not as Entra produced it"}},
		{name: "entra-changed-after-signing", xmlsec: true, input: entraTampered, kind: samlcheck.KindEntraApp, present: true,
			code: samlcheck.CodeSignatureInvalid, says: []string{"changed after Entra signed it"}},
	}
}

// entraSignedWithoutID is Entra-shaped application metadata whose root has
// no ID, signed with a URI="" reference (the whole document).
func entraSignedWithoutID(t testing.TB, unsigned string, m *samltest.Metadata) []byte {
	t.Helper()
	s := &samltest.Signer{Key: m.Key, CertDER: m.CertDER}
	return s.SignXML(t, unsigned, samltest.SignOptions{})
}

// entraWithExtraCert is Entra application metadata that also lists extra
// as a signing certificate, as Entra does during a certificate rollover.
func entraWithExtraCert(t testing.TB, extra []byte, placeholders map[string]string) []byte {
	t.Helper()
	m := samltest.New(t, samltest.Options{Now: fixedNow})
	placeholders[m.SHA1Thumbprint] = "ENTRA-THUMBPRINT"
	unsigned, err := samltest.UnsignedXML(samltest.Options{Now: fixedNow}, "_rollover", m.CertDER, extra)
	if err != nil {
		t.Fatal(err)
	}
	s := &samltest.Signer{Key: m.Key, CertDER: m.CertDER}
	return s.SignXML(t, unsigned, samltest.SignOptions{})
}
