package samltest

import (
	"crypto"
	"testing"
	"time"

	"github.com/beevik/etree"
)

// Signer is a test key and a self-signed certificate for it: what a test
// needs to sign a document of the shape it is about. Tests make one with
// NewSigner instead of writing out key, certificate and signing each time.
type Signer struct {
	Key     crypto.Signer
	CertDER []byte
}

// NewSigner returns a Signer with the process's RSA key of bits (2048 when
// 0) and a fresh certificate valid from a year before now to a year after,
// or for c's dates when they are set.
func NewSigner(tb testing.TB, bits int, now time.Time, c CertOptions) *Signer {
	tb.Helper()
	key, err := Key(bits)
	if err != nil {
		tb.Fatal(err)
	}
	return NewSignerWithKey(tb, key, now, c)
}

// NewSignerWithKey is NewSigner for a key the test made (an ECDSA key, a
// key shared with another document).
func NewSignerWithKey(tb testing.TB, key crypto.Signer, now time.Time, c CertOptions) *Signer {
	tb.Helper()
	if c.NotBefore.IsZero() {
		c.NotBefore = now.AddDate(-1, 0, 0)
	}
	if c.NotAfter.IsZero() {
		c.NotAfter = now.AddDate(1, 0, 0)
	}
	der, err := NewCertificate(key, c)
	if err != nil {
		tb.Fatal(err)
	}
	return &Signer{Key: key, CertDER: der}
}

// SignOptions change how SignXML shapes the signature, to make the files
// other identity providers and signers produce.
type SignOptions struct {
	// NoKeyInfo leaves KeyInfo out of the Signature: the verifier must
	// find the key elsewhere (the certificates the file lists).
	NoKeyInfo bool
	// Hash is the digest and signature hash; zero means SHA-256.
	Hash crypto.Hash
}

// SignXML signs the root element of the document unsigned with Sign (an
// enveloped signature, the Signature as the root's first child) and returns
// the serialised signed document (the root alone: no XML declaration, as
// Entra writes application metadata). The Reference points at the root's ID
// attribute, or is URI="" (the whole document) when the root has none.
func (s *Signer) SignXML(tb testing.TB, unsigned string, o SignOptions) []byte {
	tb.Helper()
	doc := etree.NewDocument()
	if err := doc.ReadFromString(unsigned); err != nil {
		tb.Fatalf("samltest: the document to sign is not XML: %v", err)
	}
	signed, err := Sign(doc.Root(), s.Key, s.CertDER, o.Hash)
	if err != nil {
		tb.Fatal(err)
	}
	if o.NoKeyInfo {
		for _, sig := range signed.SelectElements("Signature") {
			for _, ki := range sig.SelectElements("KeyInfo") {
				sig.RemoveChild(ki)
			}
		}
	}
	out := etree.NewDocument()
	out.SetRoot(signed)
	b, err := out.WriteToBytes()
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
