package samlcheck_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

// evil marks every value an attacker adds; no report may ever show it.
const (
	evilTenant = "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee"
	evilHost   = "evil.example"
)

// genuine returns freshly signed Entra app metadata and its parts.
func genuine(t *testing.T) (m *samltest.Metadata, decl, body string) {
	t.Helper()
	m = samltest.New(t, samltest.Options{Now: fixedNow})
	s := string(m.XML)
	i := strings.Index(s, "<EntityDescriptor")
	if i < 0 {
		t.Fatal("generated metadata has no EntityDescriptor")
	}
	return m, s[:i], s[i:]
}

// region returns the [start, end) offsets of the text between open and
// close, searching from the first occurrence of anchor.
func region(t *testing.T, s, anchor, open, close string) (int, int) {
	t.Helper()
	a := strings.Index(s, anchor)
	if a < 0 {
		t.Fatalf("anchor %q not found", anchor)
	}
	o := strings.Index(s[a:], open)
	if o < 0 {
		t.Fatalf("%q not found after %q", open, anchor)
	}
	start := a + o + len(open)
	c := strings.Index(s[start:], close)
	if c < 0 {
		t.Fatalf("%q not found", close)
	}
	return start, start + c
}

// TestTamperedOneByte changes the signed content one byte at a time, in the
// entity ID, the endpoints and the listed certificate: every change must be
// caught, and nothing from the changed file reported.
func TestTamperedOneByte(t *testing.T) {
	m, _, _ := genuine(t)
	doc := string(m.XML)
	if r := samlcheck.Check(m.XML, samlcheck.Options{Now: fixedNow}); !r.OK || !r.Signature.Valid {
		t.Fatalf("untampered document rejected: %v", r.Findings)
	}
	regions := []struct {
		name                 string
		anchor, open, close  string
		replaceBase64Letters bool
		stride               int // 1: every byte
	}{
		{name: "entity-id", anchor: "<EntityDescriptor", open: `entityID="`, close: `"`},
		{name: "login-url", anchor: "<SingleSignOnService", open: `Location="`, close: `"`},
		{name: "logout-url", anchor: "<SingleLogoutService", open: `Location="`, close: `"`},
		{name: "idp-certificate", anchor: "<IDPSSODescriptor", open: "<X509Certificate>", close: "</X509Certificate>", replaceBase64Letters: true},
		// The same certificate text again, in a WS-Federation role: sampled,
		// as every byte of that text is already covered above.
		{name: "role-certificate", anchor: "<RoleDescriptor", open: "<X509Certificate>", close: "</X509Certificate>", replaceBase64Letters: true, stride: 13},
	}
	for _, rg := range regions {
		t.Run(rg.name, func(t *testing.T) {
			t.Parallel()
			start, end := region(t, doc, rg.anchor, rg.open, rg.close)
			step := max(rg.stride, 1)
			if testing.Short() && end-start > 200 {
				step = max(step, 7)
			}
			failures, checked := 0, 0
			for i := start; i < end && failures < 5; i += step {
				b := []byte(doc)
				switch {
				case b[i] != 'x' && !rg.replaceBase64Letters:
					b[i] = 'x'
				case b[i] != 'A':
					b[i] = 'A'
				default:
					b[i] = 'B'
				}
				r := samlcheck.Check(b, samlcheck.Options{Now: fixedNow})
				checked++
				if r.OK || r.Signature.Valid || !r.Has(samlcheck.CodeSignatureInvalid) {
					failures++
					t.Errorf("byte %d (%q -> %q) not caught: valid=%v codes=%v", i-start, doc[i], b[i], r.Signature.Valid, codes(r))
				}
				checkInvariants(t, r)
			}
			if checked < 10 {
				t.Fatalf("only %d variants checked", checked)
			}
		})
	}
}

// TestKeyInfoSwapped replaces the certificate in the signature's KeyInfo,
// which is not signed content.
func TestKeyInfoSwapped(t *testing.T) {
	expired := samltest.New(t, samltest.Options{NotBefore: fixedNow.AddDate(-3, 0, 0), NotAfter: fixedNow.AddDate(0, 0, -10)})
	// Same key, validity stretched: what an attacker would do to hide expiry.
	stretched := samltest.NewSignerWithKey(t, expired.Key, fixedNow, samltest.CertOptions{NotAfter: fixedNow.AddDate(5, 0, 0)}).CertDER
	other := samltest.New(t, samltest.Options{Now: fixedNow, KeyBits: 3072})
	doc := string(expired.XML)
	start, end := region(t, doc, "<Signature", "<X509Certificate>", "</X509Certificate>")
	swap := func(der []byte) []byte {
		return []byte(doc[:start] + base64.StdEncoding.EncodeToString(der) + doc[end:])
	}

	t.Run("another-key", func(t *testing.T) {
		r := samlcheck.Check(swap(other.CertDER), samlcheck.Options{Now: fixedNow})
		checkInvariants(t, r)
		if r.Signature.Valid || !r.Has(samlcheck.CodeSignatureInvalid) {
			t.Errorf("a signature checked with another key passed: %v", codes(r))
		}
	})
	t.Run("same-key-stretched-validity", func(t *testing.T) {
		r := samlcheck.Check(swap(stretched), samlcheck.Options{Now: fixedNow})
		checkInvariants(t, r)
		if !r.Signature.Valid {
			t.Fatalf("same key must still verify: %v", codes(r))
		}
		// The signed, listed certificate is the one judged and named.
		if !r.Has(samlcheck.CodeCertExpired) || r.Signature.SignerSHA1Thumbprint != expired.SHA1Thumbprint {
			t.Errorf("expiry hidden by the unsigned KeyInfo copy: signer %s, codes %v", r.Signature.SignerSHA1Thumbprint, codes(r))
		}
		if s := r.SignerCertificate(); s == nil || s.SHA1Thumbprint != expired.SHA1Thumbprint {
			t.Errorf("signer certificate %+v", s)
		}
	})
	t.Run("garbage", func(t *testing.T) {
		r := samlcheck.Check([]byte(doc[:start]+"!!not base64!!"+doc[end:]), samlcheck.Options{Now: fixedNow})
		checkInvariants(t, r)
		if !r.Has(samlcheck.CodeSignatureCertificate) {
			t.Errorf("codes %v", codes(r))
		}
	})
	t.Run("not-a-certificate", func(t *testing.T) {
		r := samlcheck.Check(swap([]byte("just some bytes that are no certificate")), samlcheck.Options{Now: fixedNow})
		checkInvariants(t, r)
		if !r.Has(samlcheck.CodeSignatureUnverifiable) {
			t.Errorf("codes %v", codes(r))
		}
	})
}

// TestWrapped builds the signature-wrapping family against metadata: the
// genuine signed element kept intact but placed where a careless reader
// would read attacker content instead. Each must be refused with a specific
// code and no attacker value reported.
func TestWrapped(t *testing.T) {
	m, decl, body := genuine(t)
	sigStart := strings.Index(body, "<Signature")
	sigEnd := strings.Index(body, "</Signature>") + len("</Signature>")
	signature := body[sigStart:sigEnd]
	unsignedBody := body[:sigStart] + body[sigEnd:]
	evilIDP := `<IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://` + evilHost + `/saml2"/></IDPSSODescriptor>`
	evilRoot := func(id string) string {
		return `<EntityDescriptor ID="` + id + `" entityID="https://sts.windows.net/` + evilTenant + `/" xmlns="urn:oasis:names:tc:SAML:2.0:metadata">`
	}
	idpOpen := strings.Index(body, "<IDPSSODescriptor")
	idpInner := idpOpen + strings.Index(body[idpOpen:], ">") + 1
	rootOpenEnd := strings.Index(body, ">") + 1

	tests := []struct {
		name string
		doc  string
		want samlcheck.Code
	}{
		{"nested-under-unsigned-root", decl + evilRoot("_evil") + `<Extensions>` + body + `</Extensions>` + evilIDP + `</EntityDescriptor>`, samlcheck.CodeSignatureMisplaced},
		{"nested-under-unsigned-root-same-id", decl + evilRoot(m.ID) + `<Extensions>` + body + `</Extensions>` + evilIDP + `</EntityDescriptor>`, samlcheck.CodeSignatureMisplaced},
		{"signature-hoisted-to-evil-root", decl + evilRoot("_evil") + signature + `<Extensions>` + unsignedBody + `</Extensions>` + evilIDP + `</EntityDescriptor>`, samlcheck.CodeSignatureReference},
		{"signature-hoisted-same-id", decl + evilRoot(m.ID) + signature + `<Extensions>` + unsignedBody + `</Extensions>` + evilIDP + `</EntityDescriptor>`, samlcheck.CodeSignatureReference},
		{"signature-hoisted-genuine-after", decl + evilRoot(m.ID) + signature + evilIDP + `</EntityDescriptor>` + "\n<!-- " + strings.ReplaceAll(unsignedBody, "--", "- -") + " -->", samlcheck.CodeSignatureInvalid},
		{"inside-aggregate", decl + `<EntitiesDescriptor Name="` + evilHost + `" xmlns="urn:oasis:names:tc:SAML:2.0:metadata">` + body + `</EntitiesDescriptor>`, samlcheck.CodeSignatureMissing},
		{"evil-extensions-added", decl + body[:sigEnd] + `<Extensions>` + evilIDP + `</Extensions>` + body[sigEnd:], samlcheck.CodeSignatureInvalid},
		{"evil-role-appended", decl + strings.TrimSuffix(body, "</EntityDescriptor>") + evilIDP + `</EntityDescriptor>`, samlcheck.CodeSignatureInvalid},
		{"signature-duplicated", decl + body[:sigEnd] + signature + body[sigEnd:], samlcheck.CodeSignatureMultiple},
		{"signature-moved-under-idpssodescriptor", decl + unsignedBody[:idpInner-len(signature)] + signature + unsignedBody[idpInner-len(signature):], samlcheck.CodeSignatureMisplaced},
		{"doctype-unused-entity", decl + `<!DOCTYPE EntityDescriptor [<!ENTITY evil "https://` + evilHost + `/">]>` + body, samlcheck.CodeInputDoctype},
		{"doctype-external", decl + `<!DOCTYPE EntityDescriptor SYSTEM "file:///etc/passwd">` + body, samlcheck.CodeInputDoctype},
		{"duplicate-entityid-after", decl + body[:rootOpenEnd-1] + ` entityID="https://sts.windows.net/` + evilTenant + `/"` + body[rootOpenEnd-1:], samlcheck.CodeInputDuplicateAttribute},
		{"duplicate-entityid-before", decl + `<EntityDescriptor entityID="https://sts.windows.net/` + evilTenant + `/"` + strings.TrimPrefix(body, "<EntityDescriptor"), samlcheck.CodeInputDuplicateAttribute},
		{"duplicate-via-namespace-aliases", decl + body[:rootOpenEnd-1] + ` xmlns:a="urn:x" xmlns:b="urn:x" a:v="` + evilHost + `" b:v="1"` + body[rootOpenEnd-1:], samlcheck.CodeInputDuplicateAttribute},
		{"signature-foreign-namespace", decl + strings.Replace(body, `<Signature xmlns="http://www.w3.org/2000/09/xmldsig#">`, `<Signature xmlns="urn:evil">`, 1), samlcheck.CodeSignatureMissing},
		{"root-namespace-swapped", decl + strings.Replace(body, `xmlns="urn:oasis:names:tc:SAML:2.0:metadata"`, `xmlns="urn:oasis:names:tc:SAML:2.0:metadatax"`, 1), samlcheck.CodeInputNamespace},
	}
	if idpInner < sigEnd {
		t.Fatal("unexpected layout: IDPSSODescriptor before the signature")
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := samlcheck.Check([]byte(tc.doc), samlcheck.Options{Now: fixedNow})
			checkInvariants(t, r)
			if r.OK || r.Signature.Valid && !r.Has(tc.want) {
				t.Errorf("accepted: valid=%v codes=%v", r.Signature.Valid, codes(r))
			}
			if !r.Has(tc.want) {
				t.Errorf("want %s, got %v", tc.want, codes(r))
			}
			js, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(js, []byte(evilTenant)) || bytes.Contains(js, []byte(evilHost)) {
				t.Errorf("attacker value reported: %s", js)
			}
		})
	}
}
