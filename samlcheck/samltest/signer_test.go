package samltest_test

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"

	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

// TestSignerSignXML: what SignXML makes verifies with goxmldsig (and
// xmlsec1, root-anchored, when the root has an ID), points at the root's ID
// or, without one, at the whole document, and leaves KeyInfo out on
// request; one changed byte breaks it.
func TestSignerSignXML(t *testing.T) {
	now := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	s := samltest.NewSigner(t, 2048, now, samltest.CertOptions{Subject: "test signer"})
	cert, err := x509.ParseCertificate(s.CertDER)
	if err != nil {
		t.Fatal(err)
	}
	if !cert.NotBefore.Equal(now.AddDate(-1, 0, 0)) || !cert.NotAfter.Equal(now.AddDate(1, 0, 0)) || cert.Subject.CommonName != "test signer" {
		t.Errorf("certificate %s valid %v to %v", cert.Subject, cert.NotBefore, cert.NotAfter)
	}
	md := `<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata"%s entityID="https://idp.example.org/"><IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></EntityDescriptor>`
	for _, tc := range []struct {
		name    string
		id      string
		opts    samltest.SignOptions
		wantURI string
		keyInfo bool
	}{
		{"root-id", ` ID="_root"`, samltest.SignOptions{}, "#_root", true},
		{"whole-document", "", samltest.SignOptions{}, "", true},
		{"no-keyinfo", ` ID="_root"`, samltest.SignOptions{NoKeyInfo: true}, "#_root", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			signed := s.SignXML(t, strings.Replace(md, "%s", tc.id, 1), tc.opts)
			doc := etree.NewDocument()
			if err := doc.ReadFromBytes(signed); err != nil {
				t.Fatal(err)
			}
			ref := doc.FindElement("//Reference")
			if ref == nil || ref.SelectAttrValue("URI", "?") != tc.wantURI {
				t.Fatalf("reference %v, want URI %q:\n%s", ref, tc.wantURI, signed)
			}
			if got := doc.FindElement("//Signature/KeyInfo") != nil; got != tc.keyInfo {
				t.Errorf("KeyInfo present = %v, want %v", got, tc.keyInfo)
			}
			if tc.keyInfo && !bytes.Contains(signed, []byte(base64.StdEncoding.EncodeToString(s.CertDER))) {
				t.Error("KeyInfo does not carry the signer's certificate")
			}
			ctx := dsig.NewDefaultValidationContext(&dsig.MemoryX509CertificateStore{Roots: []*x509.Certificate{cert}})
			ctx.Clock = dsig.NewFakeClockAt(now)
			if _, err := ctx.Validate(doc.Root()); err != nil {
				t.Fatalf("goxmldsig rejects it: %v", err)
			}
			if tc.wantURI != "" {
				xmlsecVerify(t, signed, s.CertDER)
			}
			tampered := etree.NewDocument()
			if err := tampered.ReadFromBytes(bytes.Replace(signed, []byte("idp.example.org"), []byte("idp.example.net"), 1)); err != nil {
				t.Fatal(err)
			}
			if _, err := ctx.Validate(tampered.Root()); err == nil {
				t.Fatal("a changed entity ID still verifies")
			}
		})
	}
}
