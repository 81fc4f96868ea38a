package samlcheck_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

// TestSignatureAfterManyElements: goxmldsig gives up looking for a Signature
// after 1000 elements. A valid document whose signature comes last, after
// thousands of elements (as aggregates may place it), must still verify.
func TestSignatureAfterManyElements(t *testing.T) {
	signer := samltest.NewSigner(t, 2048, fixedNow, samltest.CertOptions{})
	cert := signer.CertDER
	unsigned, err := samltest.UnsignedXML(samltest.Options{Now: fixedNow}, "_big", cert)
	if err != nil {
		t.Fatal(err)
	}
	filler := `<Extensions>` + strings.Repeat(`<x:e xmlns:x="urn:example:filler">text</x:e>`, 3000) + `</Extensions>`
	unsigned = strings.Replace(unsigned, `<RoleDescriptor`, filler+`<RoleDescriptor`, 1)
	signed := string(signer.SignXML(t, unsigned, samltest.SignOptions{}))

	// Move the Signature from first to last child of the root; the
	// enveloped-signature transform makes its position irrelevant.
	i, j := strings.Index(signed, "<Signature"), strings.Index(signed, "</Signature>")+len("</Signature>")
	sig := signed[i:j]
	last := signed[:i] + signed[j:]
	last = strings.TrimSuffix(last, "</EntityDescriptor>") + sig + "</EntityDescriptor>"

	// The library alone fails on it; this is why the engine prepares the tree.
	doc := etree.NewDocument()
	if err := doc.ReadFromString(last); err != nil {
		t.Fatal(err)
	}
	parsed, err := x509.ParseCertificate(cert)
	if err != nil {
		t.Fatal(err)
	}
	ctx := dsig.NewDefaultValidationContext(&dsig.MemoryX509CertificateStore{Roots: []*x509.Certificate{parsed}})
	ctx.Clock = dsig.NewFakeClockAt(fixedNow)
	if _, err := ctx.Validate(doc.Root()); err == nil {
		t.Log("goxmldsig now finds late signatures by itself; the preparation is harmless but could be revisited")
	}

	for name, data := range map[string]string{"signature-first": signed, "signature-last": last} {
		t.Run(name, func(t *testing.T) {
			r := samlcheck.Check([]byte(data), samlcheck.Options{Now: fixedNow})
			checkInvariants(t, r)
			if !r.Signature.Valid || !r.OK {
				t.Fatalf("valid=%v reason=%q codes=%v", r.Signature.Valid, r.Signature.Reason, codes(r))
			}
		})
	}
	t.Run("signature-last-tampered", func(t *testing.T) {
		r := samlcheck.Check([]byte(strings.Replace(last, ">text<", ">texT<", 1)), samlcheck.Options{Now: fixedNow})
		if r.Signature.Valid || !r.Has(samlcheck.CodeSignatureInvalid) {
			t.Fatalf("tampered filler accepted: %v", codes(r))
		}
	})
}

// negativeSerial returns der with its serial number made negative, the way
// some long-lived Microsoft certificates are encoded (Go refuses them).
func negativeSerial(t *testing.T, der []byte) []byte {
	t.Helper()
	out := append([]byte(nil), der...)
	// SEQUENCE(cert) SEQUENCE(tbs) [0]{version} INTEGER(serial): both
	// sequences use two-byte lengths for a 2048-bit certificate.
	const serialTag = 4 + 4 + 5
	if out[0] != 0x30 || out[4] != 0x30 || out[8] != 0xA0 || out[serialTag] != 0x02 {
		t.Fatalf("unexpected certificate layout % x", out[:serialTag+2])
	}
	// 0x80 as the first content byte is negative and minimally encoded
	// whatever follows (0xFF before a byte with its top bit set would not
	// be, and DER parsers rightly refuse that).
	out[serialTag+2] = 0x80
	if _, err := x509.ParseCertificate(out); err == nil {
		t.Fatal("Go now accepts negative serial numbers; this test no longer covers the lenient path")
	}
	return out
}

// TestSignerCertificateGoRefuses signs metadata with a certificate whose
// serial number is negative: the signature must still be verified, the
// certificate reported with its parse error and exact thumbprints.
func TestSignerCertificateGoRefuses(t *testing.T) {
	signer := samltest.NewSigner(t, 2048, fixedNow, samltest.CertOptions{NotAfter: fixedNow.AddDate(2, 0, 0)})
	neg := negativeSerial(t, signer.CertDER)
	signer.CertDER = neg
	unsigned, err := samltest.UnsignedXML(samltest.Options{Now: fixedNow}, "_neg", neg)
	if err != nil {
		t.Fatal(err)
	}
	data := signer.SignXML(t, unsigned, samltest.SignOptions{})
	r := samlcheck.Check(data, samlcheck.Options{Now: fixedNow, Thumbprints: []string{samltest.Thumbprint(neg)}})
	checkInvariants(t, r)
	if !r.Signature.Valid || !r.OK || !r.Signature.Pinned {
		t.Fatalf("valid=%v ok=%v pinned=%v reason=%q codes=%v", r.Signature.Valid, r.OK, r.Signature.Pinned, r.Signature.Reason, codes(r))
	}
	s := r.SignerCertificate()
	if s == nil || s.ParseError == "" || s.SHA1Thumbprint != samltest.Thumbprint(neg) || s.Subject != "CN="+samltest.DefaultSubject || s.Key.Bits != 2048 {
		t.Errorf("signer certificate %+v", s)
	}
	if !r.Has(samlcheck.CodeCertUnparseable) {
		t.Errorf("codes %v", codes(r))
	}
}

// TestReportAccessors covers the helpers the UI and the bundle use.
func TestReportAccessors(t *testing.T) {
	m := samltest.New(t, samltest.Options{NotBefore: fixedNow.AddDate(-3, 0, 0), NotAfter: fixedNow.AddDate(0, 0, 20)})
	r := samlcheck.Check(m.XML, samlcheck.Options{Now: fixedNow})
	if r.HasErrors() || len(r.Errors()) != 0 || len(r.Warnings()) != 1 || r.Warnings()[0].Code != samlcheck.CodeCertExpiringSoon {
		t.Errorf("errors %v warnings %v", r.Errors(), r.Warnings())
	}
	if v := r.Verdict(); !strings.HasPrefix(v, "Usable, with warnings") || !strings.Contains(v, m.TenantID) {
		t.Errorf("verdict %q", v)
	}
	bad := samlcheck.Check([]byte("<x/>"), samlcheck.Options{Now: fixedNow})
	if v := bad.Verdict(); !strings.HasPrefix(v, "Not usable: the file is XML") {
		t.Errorf("verdict %q", v)
	}
	if bad.SignerCertificate() != nil {
		t.Error("signer certificate for an unsigned file")
	}
	var buf bytes.Buffer
	if err := bad.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), bad.Verdict()+"\n") || !strings.Contains(buf.String(), string(samlcheck.CodeInputNotMetadata)) {
		t.Errorf("text:\n%s", buf.String())
	}
	if err := r.WriteText(failingWriter{}); err == nil {
		t.Error("write error not returned")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, fmt.Errorf("disk full") }

// TestClockClamping: the same file verifies whatever the clock says; only the
// expiry findings change.
func TestClockClamping(t *testing.T) {
	m := samltest.New(t, samltest.Options{NotBefore: fixedNow, NotAfter: fixedNow.AddDate(1, 0, 0)})
	for _, now := range []time.Time{fixedNow.AddDate(-5, 0, 0), fixedNow.Add(time.Hour), fixedNow.AddDate(10, 0, 0)} {
		r := samlcheck.Check(m.XML, samlcheck.Options{Now: now})
		if !r.Signature.Valid {
			t.Errorf("at %v: not valid: %q", now, r.Signature.Reason)
		}
	}
}

// TestPrefixedLookalikeAttributes: a signed file may carry x:entityID or
// x:Location next to the real attributes; only the unprefixed ones count.
func TestPrefixedLookalikeAttributes(t *testing.T) {
	signer := samltest.NewSigner(t, 2048, fixedNow, samltest.CertOptions{})
	unsigned, err := samltest.UnsignedXML(samltest.Options{Now: fixedNow}, "_lookalike", signer.CertDER)
	if err != nil {
		t.Fatal(err)
	}
	unsigned = strings.Replace(unsigned, `<EntityDescriptor ID="_lookalike" `, `<EntityDescriptor xmlns:x="urn:example:x" x:entityID="https://sts.windows.net/`+evilTenant+`/" ID="_lookalike" `, 1)
	unsigned = strings.Replace(unsigned, `<SingleSignOnService `, `<SingleSignOnService x:Location="https://`+evilHost+`/saml2" `, 1)
	r := samlcheck.Check(signer.SignXML(t, unsigned, samltest.SignOptions{}), samlcheck.Options{Now: fixedNow})
	checkInvariants(t, r)
	if !r.Signature.Valid || r.TenantID != samltest.DefaultTenantID || r.SSOURLs[0].Location != "https://login.microsoftonline.com/"+samltest.DefaultTenantID+"/saml2" {
		t.Errorf("valid=%v tenant=%q sso=%v codes=%v", r.Signature.Valid, r.TenantID, r.SSOURLs, codes(r))
	}
}

// TestECDSA: XML Signature writes ECDSA signatures as r||s; goxmldsig's
// signer writes ASN.1 DER instead. The standard form must verify, the DER
// form must not, in agreement with xmlsec1.
func TestECDSA(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer := samltest.NewSignerWithKey(t, key, fixedNow, samltest.CertOptions{})
	unsigned, err := samltest.UnsignedXML(samltest.Options{Now: fixedNow}, "_ec", signer.CertDER)
	if err != nil {
		t.Fatal(err)
	}
	derForm := string(signer.SignXML(t, unsigned, samltest.SignOptions{}))
	i := strings.Index(derForm, "<SignatureValue>") + len("<SignatureValue>")
	j := strings.Index(derForm, "</SignatureValue>")
	der, err := base64.StdEncoding.DecodeString(derForm[i:j])
	if err != nil {
		t.Fatal(err)
	}
	var rs struct{ R, S *big.Int }
	if _, err := asn1.Unmarshal(der, &rs); err != nil {
		t.Fatal(err)
	}
	raw := append(rs.R.FillBytes(make([]byte, 32)), rs.S.FillBytes(make([]byte, 32))...)
	standard := derForm[:i] + base64.StdEncoding.EncodeToString(raw) + derForm[j:]

	xmlsec := xmlsecPath(t)
	for _, tc := range []struct {
		name  string
		doc   string
		valid bool
	}{{"r-s-standard", standard, true}, {"asn1-der", derForm, false}} {
		t.Run(tc.name, func(t *testing.T) {
			r := samlcheck.Check([]byte(tc.doc), samlcheck.Options{Now: fixedNow})
			checkInvariants(t, r)
			if r.Signature.Valid != tc.valid {
				t.Errorf("valid = %v, want %v (reason %q)", r.Signature.Valid, tc.valid, r.Signature.Reason)
			}
			if tc.valid && (r.Signature.SignatureAlgorithm != "ECDSA-SHA256" || r.SignerCertificate().Key.Type != "ECDSA") {
				t.Errorf("signature %+v", r.Signature)
			}
			if xmlsec != "" {
				if live, ran := runXMLSec(t, xmlsec, []byte(tc.doc), "EntityDescriptor"); !ran || live != tc.valid {
					t.Errorf("xmlsec1 says %v (ran %v)", live, ran)
				}
			}
		})
	}
}
