package samltest_test

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"

	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

func TestGenerateVerifies(t *testing.T) {
	now := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		opts samltest.Options
	}{
		{"default", samltest.Options{Now: now}},
		{"sha1", samltest.Options{Now: now, Hash: crypto.SHA1}},
		{"tenant-and-expired", samltest.Options{TenantID: "11111111-2222-4333-8444-555555555555", NotBefore: now.AddDate(-3, 0, 0), NotAfter: now.AddDate(0, 0, -1)}},
		{"no-keyinfo", samltest.Options{Now: now, OmitKeyInfo: true}},
		{"no-declaration", samltest.Options{Now: now, OmitDeclaration: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := samltest.New(t, tc.opts)
			cert, err := x509.ParseCertificate(m.CertDER)
			if err != nil {
				t.Fatal(err)
			}
			doc := etree.NewDocument()
			if err := doc.ReadFromBytes(m.XML); err != nil {
				t.Fatal(err)
			}
			if got := doc.Root().SelectAttrValue("entityID", ""); got != m.EntityID {
				t.Errorf("entityID = %q, want %q", got, m.EntityID)
			}
			if first := doc.Root().ChildElements()[0]; first.Tag != "Signature" {
				t.Errorf("first child = %s, want Signature (as Entra writes it)", first.Tag)
			}
			ctx := dsig.NewDefaultValidationContext(&dsig.MemoryX509CertificateStore{Roots: []*x509.Certificate{cert}})
			ctx.Clock = dsig.NewFakeClockAt(cert.NotBefore.Add(time.Minute))
			if _, err := ctx.Validate(doc.Root()); err != nil {
				t.Fatalf("goxmldsig rejects the generated document: %v", err)
			}
			if tc.opts.OmitKeyInfo == false {
				xmlsecVerify(t, m.XML, m.CertDER)
			}
			// One changed byte in the signed content must break it.
			tampered := bytes.Replace(m.XML, []byte(m.TenantID+"/saml2"), []byte(m.TenantID+"/saml3"), 1)
			doc2 := etree.NewDocument()
			if err := doc2.ReadFromBytes(tampered); err != nil {
				t.Fatal(err)
			}
			if _, err := ctx.Validate(doc2.Root()); err == nil {
				t.Fatal("tampered document still verifies")
			}
		})
	}
}

// xmlsecVerify runs the independent verifier, root-anchored, when present.
func xmlsecVerify(t *testing.T, doc, certDER []byte) {
	t.Helper()
	bin, err := exec.LookPath("xmlsec1")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("xmlsec1 is required in CI")
		}
		t.Log("xmlsec1 not installed; skipping the independent check")
		return
	}
	dir := t.TempDir()
	certPath := filepath.Join(dir, "cert.pem")
	docPath := filepath.Join(dir, "doc.xml")
	if err := os.WriteFile(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: certDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(docPath, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--verify", "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor",
		"--node-xpath", `/*/*[local-name()="Signature"]`, "--pubkey-cert-pem", certPath, docPath).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "OK") {
		t.Fatalf("xmlsec1 rejects the generated document: %v\n%s", err, out)
	}
}
