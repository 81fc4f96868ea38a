package samlcheck_test

import (
	"testing"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

// TestSignedGarbageCertificate: garbage listed as a further signing
// certificate inside correctly signed content. The signature holds (the
// signer is the good certificate), the garbage is named, and it is never
// taken for the signer.
func TestSignedGarbageCertificate(t *testing.T) {
	for _, garbage := range [][]byte{
		[]byte("garbage bytes, no certificate"),
		{0x30, 0x82, 0xFF, 0xFF}, // a DER header announcing 64 KB that never come
		{},
	} {
		m := samltest.New(t, samltest.Options{Now: fixedNow, ExtraSigningCerts: [][]byte{garbage}})
		r := samlcheck.Check(m.XML, samlcheck.Options{Now: fixedNow})
		checkInvariants(t, r)
		if !r.Signature.Valid || r.Signature.SignerSHA1Thumbprint != m.SHA1Thumbprint {
			t.Errorf("%q: valid=%v signer %s, want the good certificate %s: %v", garbage, r.Signature.Valid, r.Signature.SignerSHA1Thumbprint, m.SHA1Thumbprint, codes(r))
		}
		if s := r.SignerCertificate(); s == nil || s.ParseError != "" {
			t.Errorf("%q: signer certificate %+v", garbage, s)
		}
		if len(garbage) > 0 && !r.Has(samlcheck.CodeCertUnparseable) {
			t.Errorf("%q: garbage not named: %v", garbage, codes(r))
		}
	}
}
