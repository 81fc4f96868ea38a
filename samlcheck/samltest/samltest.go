// Package samltest makes fresh, correctly signed Microsoft Entra ID
// "Federation Metadata XML" documents for tests: the same shape Entra produces
// for an enterprise application (signature first under the root, exclusive
// canonicalisation, RSA-SHA256, the signing certificate in every role), signed
// with a key made in the test process and a certificate whose validity the
// test controls.
//
// Real downloads cannot serve here: their certificates expire and their keys
// are not ours, so tests that need "valid until next month" or "a tampered
// endpoint that still parses" build their documents with this package.
package samltest

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
)

// DefaultTenantID is the tenant used when Options.TenantID is empty. It is a
// made-up GUID; no real tenant is meant.
const DefaultTenantID = "0b5f2c3e-7d41-4a8e-9c6b-2f1d8e4a7b90"

// DefaultSubject is the subject common name Entra gives the SAML signing
// certificates it creates for an enterprise application.
const DefaultSubject = "Microsoft Azure Federated SSO Certificate"

// Options shape a generated document. The zero value gives Entra app metadata
// for DefaultTenantID, signed with RSA-SHA256 by a 2048-bit key whose
// certificate is valid from an hour ago for three years (Entra's default).
type Options struct {
	// TenantID fills the entity ID and the endpoints; empty means DefaultTenantID.
	TenantID string
	// EntityID overrides https://sts.windows.net/<tenant>/.
	EntityID string
	// LoginURL and LogoutURL override https://login.microsoftonline.com/<tenant>/saml2.
	LoginURL  string
	LogoutURL string

	// Now anchors the default validity; zero means time.Now().
	Now time.Time
	// NotBefore and NotAfter set the signing certificate's validity; zero
	// values default to Now-1h and NotBefore+3 years.
	NotBefore time.Time
	NotAfter  time.Time
	// Subject is the certificate's common name; empty means DefaultSubject.
	Subject string

	// KeyBits is the RSA key size; zero means 2048. Keys are cached per size
	// for the life of the process (key generation dominates test time), unless
	// Key is set.
	KeyBits int
	// Key signs the document instead of the cached key of KeyBits.
	Key *rsa.PrivateKey
	// Hash selects the signature and digest algorithm; zero means SHA-256.
	// crypto.SHA1 gives the rsa-sha1/sha1 pair older files carry.
	Hash crypto.Hash

	// ExtraSigningCerts are listed (DER) as further signing certificates in
	// every role, as during a certificate rollover; they do not sign.
	ExtraSigningCerts [][]byte
	// OmitKeyInfo leaves the certificate out of the signature's KeyInfo, so a
	// verifier must take the key from the IdP's KeyDescriptor.
	OmitKeyInfo bool
	// OmitDeclaration drops the <?xml ...?> declaration.
	OmitDeclaration bool
}

// Metadata is one generated, signed document and what a test needs to check it.
type Metadata struct {
	XML       []byte          // the signed document, as a file would hold it
	CertDER   []byte          // the signing certificate
	Key       *rsa.PrivateKey // the signing key
	TenantID  string
	EntityID  string
	LoginURL  string
	LogoutURL string
	ID        string // the root's ID attribute the signature references
	// SHA1Thumbprint is the signing certificate's thumbprint in the Entra
	// portal's form (upper-case hex, no separators).
	SHA1Thumbprint string
}

// NewEntraMetadata returns a signed Entra app metadata document and its
// signing certificate (DER); it fails the test on any error.
func NewEntraMetadata(tb testing.TB, opts Options) (xmlBytes, certDER []byte) {
	tb.Helper()
	m := New(tb, opts)
	return m.XML, m.CertDER
}

// New is NewEntraMetadata returning everything the generator knows.
func New(tb testing.TB, opts Options) *Metadata {
	tb.Helper()
	m, err := Generate(opts)
	if err != nil {
		tb.Fatalf("samltest: %v", err)
	}
	return m
}

// Generate builds and signs a document; for callers outside tests (corpus
// generators, fuzz seeds).
func Generate(opts Options) (*Metadata, error) {
	o := opts.withDefaults()
	key := o.Key
	if key == nil {
		var err error
		if key, err = Key(o.KeyBits); err != nil {
			return nil, err
		}
	}
	certDER, err := NewCertificate(key, CertOptions{Subject: o.Subject, NotBefore: o.NotBefore, NotAfter: o.NotAfter})
	if err != nil {
		return nil, err
	}
	id := "_" + newGUID()
	certs := append([][]byte{certDER}, o.ExtraSigningCerts...)
	doc := etree.NewDocument()
	if err := doc.ReadFromString(unsignedXML(o, id, certs)); err != nil {
		return nil, fmt.Errorf("samltest: template does not parse: %w", err)
	}
	signed, err := Sign(doc.Root(), key, certDER, o.Hash)
	if err != nil {
		return nil, err
	}
	if o.OmitKeyInfo {
		sig := signed.ChildElements()[0]
		if ki := sig.SelectElement("KeyInfo"); ki != nil {
			sig.RemoveChild(ki)
		}
	}
	out := etree.NewDocument()
	if !o.OmitDeclaration {
		out.CreateProcInst("xml", `version="1.0" encoding="UTF-8"`)
		out.CreateText("\n")
	}
	out.SetRoot(signed)
	var buf bytes.Buffer
	if _, err := out.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("samltest: serialise: %w", err)
	}
	return &Metadata{
		XML:            buf.Bytes(),
		CertDER:        certDER,
		Key:            key,
		TenantID:       o.TenantID,
		EntityID:       o.EntityID,
		LoginURL:       o.LoginURL,
		LogoutURL:      o.LogoutURL,
		ID:             id,
		SHA1Thumbprint: Thumbprint(certDER),
	}, nil
}

func (o Options) withDefaults() Options {
	if o.TenantID == "" {
		o.TenantID = DefaultTenantID
	}
	if o.EntityID == "" {
		o.EntityID = "https://sts.windows.net/" + o.TenantID + "/"
	}
	if o.LoginURL == "" {
		o.LoginURL = "https://login.microsoftonline.com/" + o.TenantID + "/saml2"
	}
	if o.LogoutURL == "" {
		o.LogoutURL = "https://login.microsoftonline.com/" + o.TenantID + "/saml2"
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.NotBefore.IsZero() {
		o.NotBefore = o.Now.Add(-time.Hour)
	}
	if o.NotAfter.IsZero() {
		o.NotAfter = o.NotBefore.AddDate(3, 0, 0)
	}
	if o.Subject == "" {
		o.Subject = DefaultSubject
	}
	if o.KeyBits == 0 {
		o.KeyBits = 2048
	}
	if o.Hash == 0 {
		o.Hash = crypto.SHA256
	}
	return o
}

// Sign returns a copy of el carrying an enveloped signature made the way
// Entra makes it: exclusive canonicalisation, the Signature as the root's
// first child in the default namespace, the certificate in KeyInfo. el must
// carry the ID attribute the Reference will point at. el itself is left
// untouched.
func Sign(el *etree.Element, key crypto.Signer, certDER []byte, hash crypto.Hash) (*etree.Element, error) {
	if hash == 0 {
		hash = crypto.SHA256
	}
	ctx, err := dsig.NewSigningContext(key, [][]byte{certDER})
	if err != nil {
		return nil, fmt.Errorf("samltest: %w", err)
	}
	ctx.Hash = hash
	ctx.Prefix = ""
	ctx.Canonicalizer = dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList("")
	// Exclusive canonicalisation rewrites the element it is given in place
	// (sorted attributes, moved namespace declarations). Signing a copy keeps
	// the caller's layout; the signature still holds because both trees have
	// the same canonical form.
	sigOnly, err := ctx.ConstructSignature(el.Copy(), true)
	if err != nil {
		return nil, fmt.Errorf("samltest: sign: %w", err)
	}
	out := el.Copy()
	out.InsertChildAt(0, sigOnly)
	return out, nil
}

// CertOptions describe a self-signed certificate.
type CertOptions struct {
	Subject   string // common name; empty means DefaultSubject
	NotBefore time.Time
	NotAfter  time.Time
}

// NewCertificate makes a self-signed certificate (DER) for key, as Entra does
// for an application's SAML signing certificate.
func NewCertificate(key crypto.Signer, c CertOptions) ([]byte, error) {
	if c.Subject == "" {
		c.Subject = DefaultSubject
	}
	if c.NotBefore.IsZero() {
		c.NotBefore = time.Now().Add(-time.Hour)
	}
	if c.NotAfter.IsZero() {
		c.NotAfter = c.NotBefore.AddDate(3, 0, 0)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 63))
	if err != nil {
		return nil, fmt.Errorf("samltest: serial: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial.Add(serial, big.NewInt(1)),
		Subject:               pkix.Name{CommonName: c.Subject},
		NotBefore:             c.NotBefore,
		NotAfter:              c.NotAfter,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, fmt.Errorf("samltest: certificate: %w", err)
	}
	return der, nil
}

var (
	keysMu sync.Mutex
	keys   = map[int]*rsa.PrivateKey{}
)

// Key returns an RSA key of the given size, generated once per process.
func Key(bits int) (*rsa.PrivateKey, error) {
	if bits == 0 {
		bits = 2048
	}
	keysMu.Lock()
	defer keysMu.Unlock()
	if k, ok := keys[bits]; ok {
		return k, nil
	}
	k, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		return nil, fmt.Errorf("samltest: rsa key of %d bits: %w", bits, err)
	}
	keys[bits] = k
	return k, nil
}

// Thumbprint is the SHA-1 thumbprint of a DER certificate as the Entra portal
// shows it: upper-case hex without separators.
func Thumbprint(der []byte) string {
	sum := sha1.Sum(der)
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// UnsignedXML returns the Entra-shaped document for opts before signing, with
// the given root ID and signing certificates; tests that build their own
// variants (wrapping, re-signing) start from it.
func UnsignedXML(opts Options, id string, certs ...[]byte) (string, error) {
	if len(certs) == 0 {
		return "", errors.New("samltest: at least one certificate is needed")
	}
	return unsignedXML(opts.withDefaults(), id, certs), nil
}

// unsignedXML mirrors a real Entra download (entra-app-* fixtures): two
// WS-Federation RoleDescriptors and the IDPSSODescriptor, each listing the
// signing certificates, no whitespace between elements.
func unsignedXML(o Options, id string, certs [][]byte) string {
	var kd strings.Builder
	for _, c := range certs {
		kd.WriteString(`<KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>`)
		kd.WriteString(base64.StdEncoding.EncodeToString(c))
		kd.WriteString(`</X509Certificate></X509Data></KeyInfo></KeyDescriptor>`)
	}
	keyDescriptors := kd.String()
	wsfed := "https://login.microsoftonline.com/" + o.TenantID + "/wsfed"
	epr := func(addr string) string {
		return `<wsa:EndpointReference xmlns:wsa="http://www.w3.org/2005/08/addressing"><wsa:Address>` + xmlEscape(addr) + `</wsa:Address></wsa:EndpointReference>`
	}
	const fedNS = `protocolSupportEnumeration="http://docs.oasis-open.org/wsfed/federation/200706" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:fed="http://docs.oasis-open.org/wsfed/federation/200706"`
	var b strings.Builder
	b.WriteString(`<EntityDescriptor ID="` + xmlEscape(id) + `" entityID="` + xmlEscape(o.EntityID) + `" xmlns="urn:oasis:names:tc:SAML:2.0:metadata">`)
	b.WriteString(`<RoleDescriptor xsi:type="fed:SecurityTokenServiceType" ` + fedNS + `>`)
	b.WriteString(keyDescriptors)
	b.WriteString(`<fed:ClaimTypesOffered><auth:ClaimType Uri="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name" xmlns:auth="http://docs.oasis-open.org/wsfed/authorization/200706"><auth:DisplayName>Name</auth:DisplayName><auth:Description>The mutable display name of the user.</auth:Description></auth:ClaimType></fed:ClaimTypesOffered>`)
	b.WriteString(`<fed:SecurityTokenServiceEndpoint>` + epr(wsfed) + `</fed:SecurityTokenServiceEndpoint>`)
	b.WriteString(`<fed:PassiveRequestorEndpoint>` + epr(wsfed) + `</fed:PassiveRequestorEndpoint>`)
	b.WriteString(`</RoleDescriptor>`)
	b.WriteString(`<RoleDescriptor xsi:type="fed:ApplicationServiceType" ` + fedNS + `>`)
	b.WriteString(keyDescriptors)
	b.WriteString(`<fed:TargetScopes>` + epr(o.EntityID) + `</fed:TargetScopes>`)
	b.WriteString(`<fed:ApplicationServiceEndpoint>` + epr(wsfed) + `</fed:ApplicationServiceEndpoint>`)
	b.WriteString(`<fed:PassiveRequestorEndpoint>` + epr(wsfed) + `</fed:PassiveRequestorEndpoint>`)
	b.WriteString(`</RoleDescriptor>`)
	b.WriteString(`<IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">`)
	b.WriteString(keyDescriptors)
	b.WriteString(`<SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="` + xmlEscape(o.LogoutURL) + `"/>`)
	b.WriteString(`<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="` + xmlEscape(o.LoginURL) + `"/>`)
	b.WriteString(`<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="` + xmlEscape(o.LoginURL) + `"/>`)
	b.WriteString(`</IDPSSODescriptor></EntityDescriptor>`)
	return b.String()
}

func xmlEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func newGUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
