package samlcheck_test

import (
	"bytes"
	"testing"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

// TestGeneratedAggregates checks signed aggregates with the Signature first
// and last. goxmldsig stops looking for a Signature after 1000 elements, so
// one placed after the entities of a feed must still be found and verified;
// a one-byte change inside an entity must still break it.
func TestGeneratedAggregates(t *testing.T) {
	for _, last := range []bool{false, true} {
		a, err := samltest.GenerateAggregate(samltest.AggregateOptions{Size: 300_000, Now: fixedNow, SignatureLast: last})
		if err != nil {
			t.Fatal(err)
		}
		r := samlcheck.Check(a.XML, samlcheck.Options{Now: fixedNow})
		if !r.Signature.Valid || r.Kind != samlcheck.KindAggregate || !r.Has(samlcheck.CodeMetadataAggregate) {
			t.Errorf("signature last %v: valid %v kind %s, %v (%s)", last, r.Signature.Valid, r.Kind, codes(r), r.Signature.Reason)
		}
		if r.Signature.SignerSHA1Thumbprint != samltest.Thumbprint(a.CertDER) {
			t.Errorf("signature last %v: signer %s, want %s", last, r.Signature.SignerSHA1Thumbprint, samltest.Thumbprint(a.CertDER))
		}
		tampered := bytes.Replace(a.XML, []byte("Example Service 1<"), []byte("Example Service 7<"), 1)
		if r := samlcheck.Check(tampered, samlcheck.Options{Now: fixedNow}); r.Signature.Valid || !r.Has(samlcheck.CodeSignatureInvalid) {
			t.Errorf("signature last %v: a changed entity still verifies: %v", last, codes(r))
		}
	}
}
