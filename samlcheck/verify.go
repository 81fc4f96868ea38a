package samlcheck

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
)

// verifyResult is the outcome of the cryptographic check.
type verifyResult struct {
	verifiedRoot *etree.Element // the element Validate returned; nil unless valid
	signer       *parsedCert    // the certificate whose key verified it
	reason       string         // why it failed, for support
	unverifiable string         // set when no usable key existed at all
}

// verifySignature checks the signature inspectSignature accepted with
// goxmldsig's ValidationContext, trying each candidate certificate in turn,
// and returns the element Validate returned: the only element values may be
// read from.
//
// goxmldsig is handed a prepared copy of the document:
//   - the Signature is moved to be the root's first child. goxmldsig stops
//     searching after 1000 elements, so in a large federation aggregate a
//     signature placed last would not be found. Moving it does not change
//     what is signed: the enveloped-signature transform removes it, and the
//     remaining children keep their order (including the text around it).
//   - KeyInfo is removed, so goxmldsig uses exactly the one certificate in
//     its store: the one this check chose (and described to the admin),
//     including certificates Go's parser refuses.
//   - whitespace inside SignatureValue is removed, as xmlsec1 tolerates
//     line-wrapped values; SignatureValue is not part of the signed data.
//
// The clock is clamped into the certificate's validity: expiry is reported
// separately and must not hide whether the signature itself holds.
func verifySignature(root *etree.Element, si *signatureInfo, candidates []parsedCert, now time.Time) verifyResult {
	prepared, sig := prepareForValidate(root)
	if sig == nil {
		return verifyResult{reason: "signature not found in the prepared copy"}
	}
	var reasons []string
	usable := 0
	for i := range candidates {
		cand := &candidates[i]
		if why := unusableKey(cand); why != "" {
			reasons = append(reasons, why)
			continue
		}
		usable++
		value, err := signatureValueFor(si, cand.pub)
		if err != nil {
			reasons = append(reasons, err.Error())
			continue
		}
		for _, sv := range childrenNS(sig, nsDSig, "SignatureValue") {
			sv.SetText(value)
		}
		ctx := dsig.NewDefaultValidationContext(&dsig.MemoryX509CertificateStore{Roots: []*x509.Certificate{cand.x509}})
		ctx.Clock = dsig.NewFakeClockAt(clamp(now, cand.x509.NotBefore, cand.x509.NotAfter))
		verified, err := ctx.Validate(prepared)
		if err != nil {
			reasons = append(reasons, explainValidateError(err))
			continue
		}
		if verified == nil || verified.Tag != root.Tag || verified.NamespaceURI() != root.NamespaceURI() {
			reasons = append(reasons, "the verified element is not the document's root")
			continue
		}
		return verifyResult{verifiedRoot: verified, signer: cand}
	}
	res := verifyResult{reason: strings.Join(dedupe(reasons), "; ")}
	if usable == 0 {
		res.unverifiable = res.reason
		if res.unverifiable == "" {
			res.unverifiable = "no certificate to check the signature with"
		}
	}
	return res
}

// prepareForValidate returns the copy of the document goxmldsig is given
// (see verifySignature) and the Signature inside it, or a nil Signature when
// the root has none.
func prepareForValidate(root *etree.Element) (prepared, sig *etree.Element) {
	prepared = root.Copy()
	sigs := childrenNS(prepared, nsDSig, "Signature")
	if len(sigs) == 0 {
		return prepared, nil
	}
	sig = sigs[0]
	prepared.RemoveChild(sig)
	prepared.InsertChildAt(0, sig)
	for _, ki := range childrenNS(sig, nsDSig, "KeyInfo") {
		sig.RemoveChild(ki)
	}
	return prepared, sig
}

// unusableKey says why a candidate certificate cannot check a signature, or
// returns "" when it can.
func unusableKey(cand *parsedCert) string {
	if cand.x509 == nil || cand.pub == nil {
		return fmt.Sprintf("certificate %s: no usable public key", short(cand.info.SHA1Thumbprint))
	}
	if k, ok := cand.pub.(*rsa.PublicKey); ok && k.N.BitLen() < 1024 {
		return fmt.Sprintf("certificate %s: its %d-bit RSA key is too small to check safely", short(cand.info.SHA1Thumbprint), k.N.BitLen())
	}
	return ""
}

// explainValidateError turns goxmldsig's error strings into a reason a
// support engineer can act on. Only used for the report's Reason text; no
// decision depends on it.
func explainValidateError(err error) string {
	msg := err.Error()
	switch {
	case msg == "Signature could not be verified":
		return "digest mismatch: the signed content was changed after signing"
	case strings.Contains(msg, "verification error"):
		return "signature value mismatch: the SignedInfo or SignatureValue was changed, or another key signed it"
	case msg == "Could not verify certificate against trusted certs":
		return "the certificate is not the expected one"
	}
	return "verification failed: " + msg
}

// clamp returns t moved into [from, to].
func clamp(t, from, to time.Time) time.Time {
	if t.Before(from) {
		return from
	}
	if t.After(to) {
		return to
	}
	return t
}

func short(thumb string) string {
	if len(thumb) > 8 {
		return thumb[:8] + "…"
	}
	return thumb
}

func dedupe(ss []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// signatureValueFor returns the SignatureValue goxmldsig must be given for
// this key. XML Signature encodes ECDSA signatures as the two integers r and
// s concatenated (RFC 4051, section 3.3); goxmldsig hands the value to Go's
// crypto, which expects ASN.1 DER. Converting here makes standard ECDSA
// signatures verify as they do in xmlsec1, and a DER value, which xmlsec1
// refuses, is refused here too.
func signatureValueFor(si *signatureInfo, pub crypto.PublicKey) (string, error) {
	k, ok := pub.(*ecdsa.PublicKey)
	if !ok || !strings.Contains(si.signatureMethod, "ecdsa") {
		return si.signatureValue, nil
	}
	raw, err := base64.StdEncoding.DecodeString(si.signatureValue)
	if err != nil {
		return "", errors.New("the SignatureValue is not base64")
	}
	size := (k.Curve.Params().BitSize + 7) / 8
	if len(raw) != 2*size {
		return "", fmt.Errorf("the ECDSA SignatureValue is %d bytes, not the %d bytes of r and s the standard prescribes", len(raw), 2*size)
	}
	der, err := asn1.Marshal(struct{ R, S *big.Int }{new(big.Int).SetBytes(raw[:size]), new(big.Int).SetBytes(raw[size:])})
	if err != nil {
		return "", fmt.Errorf("re-encoding the ECDSA signature: %w", err)
	}
	return base64.StdEncoding.EncodeToString(der), nil
}
