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

// verifySignature checks the signature inspectSignature accepted, with each
// candidate certificate in turn, and returns the element verification
// returned. sizeHint is the document's size in bytes; rootOnly says the
// caller reads nothing below the verified root (see fastVerifier.rootOnly).
//
// Documents signed with exclusive canonicalisation take the fast path
// (fastVerifier), which reproduces goxmldsig's Validate without copying the
// document. Everything else, and anything the fast path is not sure to
// reproduce exactly, goes to goxmldsig's Validate itself.
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
func verifySignature(root *etree.Element, si *signatureInfo, candidates []parsedCert, now time.Time, sizeHint int, rootOnly bool) verifyResult {
	fast, err := newFastVerifier(root, si, sizeHint, rootOnly)
	if err != nil {
		fast = nil
	}
	return verifyWith(root, si, candidates, now, fast)
}

// verifyWith is verifySignature with the fast path given, or nil for
// goxmldsig's Validate alone.
func verifyWith(root *etree.Element, si *signatureInfo, candidates []parsedCert, now time.Time, fast *fastVerifier) verifyResult {
	var prepared, sig *etree.Element
	prepare := func() bool {
		if prepared != nil {
			return true
		}
		prepared = root.Copy()
		for _, c := range prepared.ChildElements() {
			if c.Tag == "Signature" && c.NamespaceURI() == nsDSig {
				sig = c
				break
			}
		}
		if sig == nil {
			return false
		}
		prepared.RemoveChild(sig)
		prepared.InsertChildAt(0, sig)
		for _, ki := range dsChildren(sig, "KeyInfo") {
			sig.RemoveChild(ki)
		}
		return true
	}

	var reasons []string
	usable := 0
	for i := range candidates {
		cand := &candidates[i]
		if cand.x509 == nil || cand.pub == nil {
			reasons = append(reasons, fmt.Sprintf("certificate %s: no usable public key", short(cand.info.SHA1Thumbprint)))
			continue
		}
		if k, ok := cand.pub.(*rsa.PublicKey); ok && k.N.BitLen() < 1024 {
			reasons = append(reasons, fmt.Sprintf("certificate %s: its %d-bit RSA key is too small to check safely", short(cand.info.SHA1Thumbprint), k.N.BitLen()))
			continue
		}
		usable++
		value, err := signatureValueFor(si, cand.pub)
		if err != nil {
			reasons = append(reasons, err.Error())
			continue
		}
		var verified *etree.Element
		if fast != nil {
			verified, err = fast.verify(cand.x509, si.signatureMethod, value)
			if errors.Is(err, errNoFastPath) {
				fast = nil
			}
		}
		if fast == nil {
			if !prepare() {
				return verifyResult{reason: "signature not found in the prepared copy"}
			}
			for _, sv := range dsChildren(sig, "SignatureValue") {
				sv.SetText(value)
			}
			ctx := dsig.NewDefaultValidationContext(&dsig.MemoryX509CertificateStore{Roots: []*x509.Certificate{cand.x509}})
			ctx.Clock = dsig.NewFakeClockAt(clamp(now, cand.x509.NotBefore, cand.x509.NotAfter))
			verified, err = ctx.Validate(prepared)
		}
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
