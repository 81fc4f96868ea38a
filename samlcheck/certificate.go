package samlcheck

import (
	"bytes"
	"crypto"
	"crypto/dsa" //lint:ignore SA1019 only to name and size DSA keys found in old certificates
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// ErrNotCertificate is returned by ParseCertificate for input that holds no
// X.509 certificate in any of the accepted forms.
var ErrNotCertificate = errors.New("samlcheck: not a certificate")

// ErrBadThumbprint is returned by NormalizeThumbprint for anything but 40
// hexadecimal digits.
var ErrBadThumbprint = errors.New("samlcheck: a SHA-1 thumbprint is 40 hexadecimal digits")

// NormalizeThumbprint turns a SHA-1 thumbprint as people paste it (spaces,
// colons, dashes, any case, as the portal, Windows or openssl print it) into
// the portal's form: 40 upper-case hex digits.
func NormalizeThumbprint(s string) (string, error) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == ':' || r == '-' || r == '\t' || r == '\u200e' || r == '\u200f' || r == '\ufeff':
			// Separators, and the invisible marks Windows' certificate
			// dialog puts in front of copied thumbprints.
		case r >= '0' && r <= '9', r >= 'a' && r <= 'f', r >= 'A' && r <= 'F':
			b.WriteRune(r)
		default:
			return "", fmt.Errorf("%w: unexpected character %q", ErrBadThumbprint, r)
		}
	}
	if b.Len() != 40 {
		return "", fmt.Errorf("%w: got %d digits", ErrBadThumbprint, b.Len())
	}
	return strings.ToUpper(b.String()), nil
}

// ParseCertificate returns the DER bytes of a certificate given as PEM, DER
// or bare base64 (the Entra portal's "Certificate (Base64)" download is PEM;
// the "Certificate (Raw)" download is DER). The certificate must be
// structurally X.509, but it need not satisfy Go's stricter parser: old
// Microsoft certificates with negative serial numbers are accepted.
func ParseCertificate(data []byte) ([]byte, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, fmt.Errorf("%w: empty input", ErrNotCertificate)
	}
	if bytes.Contains(trimmed, []byte("-----BEGIN")) {
		rest := trimmed
		for {
			var block *pem.Block
			block, rest = pem.Decode(rest)
			if block == nil {
				return nil, fmt.Errorf("%w: no CERTIFICATE block in the PEM text", ErrNotCertificate)
			}
			if block.Type == "CERTIFICATE" || block.Type == "X509 CERTIFICATE" || block.Type == "TRUSTED CERTIFICATE" {
				if !looksLikeCertificate(block.Bytes) {
					return nil, fmt.Errorf("%w: the PEM block does not hold an X.509 certificate", ErrNotCertificate)
				}
				return block.Bytes, nil
			}
		}
	}
	if looksLikeCertificate(data) {
		return data, nil
	}
	if der, ok := decodeBase64Loose(trimmed); ok && looksLikeCertificate(der) {
		return der, nil
	}
	return nil, ErrNotCertificate
}

// decodeBase64Loose decodes base64 that may be wrapped over lines.
func decodeBase64Loose(b []byte) ([]byte, bool) {
	clean := make([]byte, 0, len(b))
	for _, c := range b {
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '+', c == '/', c == '=':
			clean = append(clean, c)
		default:
			return nil, false
		}
	}
	der, err := base64.StdEncoding.DecodeString(string(clean))
	if err != nil {
		return nil, false
	}
	return der, true
}

// looksLikeCertificate accepts what Go parses, and what the lenient parser
// can read (so that certificates Go refuses are still recognised).
func looksLikeCertificate(der []byte) bool {
	if len(der) < 16 || der[0] != 0x30 {
		return false
	}
	if _, err := x509.ParseCertificate(der); err == nil {
		return true
	}
	_, err := parseLenient(der)
	return err == nil
}

// parsedCert is what describeCertificate learned, plus the key to verify with.
type parsedCert struct {
	info Certificate
	pub  crypto.PublicKey // nil when no key could be extracted
	// x509 is a certificate goxmldsig can use: Go's own parse, or for
	// certificates Go refuses, one built from the lenient parse.
	x509 *x509.Certificate
}

// describeCertificate computes everything the Report shows about one DER
// certificate. It never fails: what cannot be read is said in ParseError.
func describeCertificate(der []byte, use, source string) parsedCert {
	sum1 := sha1.Sum(der)
	sum256 := sha256.Sum256(der)
	pc := parsedCert{info: Certificate{
		Use:               use,
		Source:            source,
		SHA1Thumbprint:    strings.ToUpper(hex.EncodeToString(sum1[:])),
		SHA256Fingerprint: strings.ToUpper(hex.EncodeToString(sum256[:])),
		Key:               Key{Type: "unknown"},
		DER:               der,
	}}
	cert, err := x509.ParseCertificate(der)
	if err == nil {
		pc.info.Subject = cert.Subject.String()
		pc.info.Issuer = cert.Issuer.String()
		pc.info.NotBefore = cert.NotBefore.UTC()
		pc.info.NotAfter = cert.NotAfter.UTC()
		pc.info.Key = describeKey(cert.PublicKey)
		pc.pub = cert.PublicKey
		pc.x509 = cert
		return pc
	}
	pc.info.ParseError = err.Error()
	lc, lerr := parseLenient(der)
	if lerr != nil {
		pc.info.ParseError += "; " + lerr.Error()
		return pc
	}
	pc.info.Subject = lc.subject
	pc.info.Issuer = lc.issuer
	pc.info.NotBefore = lc.notBefore.UTC()
	pc.info.NotAfter = lc.notAfter.UTC()
	if lc.pub != nil {
		pc.info.Key = describeKey(lc.pub)
		pc.pub = lc.pub
		// Only what goxmldsig reads: the raw bytes (to match the trusted
		// store), the key (to check the signature) and the validity (checked
		// against the clamped clock).
		pc.x509 = &x509.Certificate{Raw: der, PublicKey: lc.pub, NotBefore: lc.notBefore, NotAfter: lc.notAfter}
	}
	return pc
}

func describeKey(pub crypto.PublicKey) Key {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		return Key{Type: "RSA", Bits: k.N.BitLen()}
	case *ecdsa.PublicKey:
		if k.Curve == nil {
			return Key{Type: "ECDSA"}
		}
		return Key{Type: "ECDSA", Bits: k.Curve.Params().BitSize}
	case ed25519.PublicKey:
		return Key{Type: "Ed25519", Bits: 256}
	case *dsa.PublicKey:
		return Key{Type: "DSA", Bits: k.P.BitLen()}
	}
	return Key{Type: "unknown"}
}

// sameKey reports whether two public keys are equal.
func sameKey(a, b crypto.PublicKey) bool {
	if a == nil || b == nil {
		return false
	}
	ea, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	return ok && ea.Equal(b)
}

// lenientCert is what parseLenient reads from a certificate Go refuses.
type lenientCert struct {
	subject, issuer     string
	notBefore, notAfter time.Time
	pub                 crypto.PublicKey
}

// The X.509 structure (RFC 5280, section 4.1), with the serial number read
// as a plain big integer: crypto/x509 (Go >= 1.23) rejects negative serials,
// which some long-lived Microsoft certificates carry.
type asn1Certificate struct {
	TBS       asn1TBSCertificate
	SigAlg    pkix.AlgorithmIdentifier
	Signature asn1.BitString
}

type asn1TBSCertificate struct {
	Raw          asn1.RawContent
	Version      int `asn1:"optional,explicit,default:0,tag:0"`
	SerialNumber *big.Int
	SigAlg       pkix.AlgorithmIdentifier
	Issuer       asn1.RawValue
	Validity     struct{ NotBefore, NotAfter time.Time }
	Subject      asn1.RawValue
	PublicKey    asn1.RawValue
	IssuerUID    asn1.BitString `asn1:"optional,tag:1"`
	SubjectUID   asn1.BitString `asn1:"optional,tag:2"`
	Extensions   asn1.RawValue  `asn1:"optional,explicit,tag:3"`
}

func parseLenient(der []byte) (*lenientCert, error) {
	var c asn1Certificate
	rest, err := asn1.Unmarshal(der, &c)
	if err != nil {
		return nil, fmt.Errorf("samlcheck: certificate structure: %w", err)
	}
	if len(rest) != 0 {
		return nil, errors.New("samlcheck: trailing data after certificate")
	}
	lc := &lenientCert{notBefore: c.TBS.Validity.NotBefore, notAfter: c.TBS.Validity.NotAfter}
	var name pkix.RDNSequence
	if _, err := asn1.Unmarshal(c.TBS.Subject.FullBytes, &name); err == nil {
		var n pkix.Name
		n.FillFromRDNSequence(&name)
		lc.subject = n.String()
	}
	name = nil
	if _, err := asn1.Unmarshal(c.TBS.Issuer.FullBytes, &name); err == nil {
		var n pkix.Name
		n.FillFromRDNSequence(&name)
		lc.issuer = n.String()
	}
	if pub, err := x509.ParsePKIXPublicKey(c.TBS.PublicKey.FullBytes); err == nil {
		lc.pub = pub
	}
	return lc, nil
}
