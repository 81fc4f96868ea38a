package samltest_test

import (
	"bytes"
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

func TestGenerateAggregate(t *testing.T) {
	now := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		opts samltest.AggregateOptions
	}{
		{"smallest", samltest.AggregateOptions{Now: now}},
		{"200KB", samltest.AggregateOptions{Now: now, Size: 200_000}},
		{"200KB-signature-last", samltest.AggregateOptions{Now: now, Size: 200_000, SignatureLast: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := samltest.GenerateAggregate(tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(a.XML) < tc.opts.Size || len(a.XML) > tc.opts.Size+20_000 {
				t.Errorf("size %d, want just over %d", len(a.XML), tc.opts.Size)
			}
			doc := etree.NewDocument()
			if err := doc.ReadFromBytes(a.XML); err != nil {
				t.Fatal(err)
			}
			root := doc.Root()
			if root.Tag != "EntitiesDescriptor" || root.SelectAttrValue("ID", "") != a.ID {
				t.Fatalf("root <%s ID=%q>, want <EntitiesDescriptor ID=%q>", root.Tag, root.SelectAttrValue("ID", ""), a.ID)
			}
			children := root.ChildElements()
			if got := len(root.SelectElements("EntityDescriptor")); got != a.Entities || got < 2 {
				t.Errorf("%d EntityDescriptors, Entities says %d", got, a.Entities)
			}
			sigAt := 0
			if tc.opts.SignatureLast {
				sigAt = len(children) - 1
			}
			if children[sigAt].Tag != "Signature" {
				t.Errorf("child %d is <%s>, want the Signature", sigAt, children[sigAt].Tag)
			}
			// Real feeds run at about 160 bytes per element; the density
			// decides how much a verifier's tree costs per megabyte.
			if tc.opts.Size > 0 {
				elements := bytes.Count(a.XML, []byte("</")) + bytes.Count(a.XML, []byte("/>"))
				if per := len(a.XML) / elements; per < 130 || per > 190 {
					t.Errorf("%d bytes per element, want about 160", per)
				}
			}

			cert, err := x509.ParseCertificate(a.CertDER)
			if err != nil {
				t.Fatal(err)
			}
			if !tc.opts.SignatureLast {
				// goxmldsig searches the first 1000 elements only.
				ctx := dsig.NewDefaultValidationContext(&dsig.MemoryX509CertificateStore{Roots: []*x509.Certificate{cert}})
				ctx.Clock = dsig.NewFakeClockAt(cert.NotBefore.Add(time.Minute))
				if _, err := ctx.Validate(root); err != nil {
					t.Fatalf("goxmldsig rejects the generated aggregate: %v", err)
				}
			}
			xmlsecVerifyRoot(t, a.XML, a.CertDER, "EntitiesDescriptor", true)
			// One changed byte in an entity must break it.
			tampered := bytes.Replace(a.XML, []byte("Example Service 1<"), []byte("Example Service 7<"), 1)
			if bytes.Equal(tampered, a.XML) {
				t.Fatal("tamper target not found")
			}
			xmlsecVerifyRoot(t, tampered, a.CertDER, "EntitiesDescriptor", false)
		})
	}
}

// xmlsecVerifyRoot runs the independent verifier, anchored at a root of the
// given metadata element, when present, and wants the given verdict.
func xmlsecVerifyRoot(t *testing.T, doc, certDER []byte, root string, want bool) {
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
	out, err := exec.Command(bin, "--verify", "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:metadata:"+root,
		"--node-xpath", `/*/*[local-name()="Signature"]`, "--pubkey-cert-pem", certPath, docPath).CombinedOutput()
	if got := err == nil && strings.Contains(string(out), "OK"); got != want {
		t.Fatalf("xmlsec1 verdict %v, want %v: %v\n%s", got, want, err, out)
	}
}
