// Package samlcheck judges a file an admin downloaded from Microsoft Entra ID:
// what kind of file it is, whether its XML signature verifies, and what the
// signed content says (entity ID, tenant, endpoints, signing certificates);
// and, with CheckResponse and ReadAuthnRequest, the SAML messages of a
// captured sign-in, under the same trust boundary.
//
// It owns the trust boundary of the product. Bytes go in, a Report comes out;
// values in the Report are read only from the element the signature
// verification returned, and the Report never says a signature is valid that
// was not verified. Every signature is verified by goxmldsig's
// ValidationContext alone; the package's own rules (exactly one Signature,
// a direct child of the root; no DOCTYPE; no duplicate attributes; size,
// depth and cost limits; the clock clamped into the certificate's validity,
// with expiry reported separately) wrap it, and it holds no canonicalisation
// or digest code of its own. The package is pure Go and never imports a UI
// toolkit.
package samlcheck

import "time"

// Kind names what a dropped file turned out to be. The string values are part
// of the JSON output and must stay stable.
type Kind string

const (
	KindEntraApp    Kind = "entra-app-metadata"    // what the assistant expects
	KindEntraTenant Kind = "entra-tenant-metadata" // tenant-wide federation metadata
	KindEntraCommon Kind = "entra-common-metadata" // /common, tenant-independent
	KindADFS        Kind = "adfs-metadata"
	KindIdP         Kind = "idp-metadata" // another SAML identity provider
	KindSP          Kind = "sp-metadata"
	KindAggregate   Kind = "metadata-aggregate"
	KindCertificate Kind = "certificate" // PEM, DER or the portal's "Certificate (Base64)"
	KindResponse    Kind = "saml-response"
	KindRequest     Kind = "saml-request" // AuthnRequest, LogoutRequest: what an application sends
	KindHTML        Kind = "html"
	KindNotXML      Kind = "not-xml"
	KindDamagedXML  Kind = "damaged-xml" // XML that breaks off or is broken after it began
	KindEmpty       Kind = "empty"
	KindUnknownXML  Kind = "unknown-xml"
	// KindURL: a metadata URL that gave no file to check (refused before
	// any connection, or the fetch failed); see internal/metadataurl.
	KindURL Kind = "url"
)

// Severity orders findings. Only SeverityError makes a Report not OK.
type Severity string

const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// Code is a stable identifier for a finding; scripts and the UI match on it,
// never on the message text.
type Code string

// Finding is one thing the check established, phrased for an admin: Message
// says what is wrong, Hint says what to do about it.
type Finding struct {
	Code     Code     `json:"code"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	Hint     string   `json:"hint,omitempty"`
}

// Endpoint is a SAML service endpoint (SingleSignOnService, SingleLogoutService).
type Endpoint struct {
	Binding  string `json:"binding"`
	Location string `json:"location"`
}

// SignatureResult says what is known about the document's enveloped signature.
// Valid is true only when the signature was cryptographically verified over
// the root element.
type SignatureResult struct {
	Present              bool   `json:"present"`
	Valid                bool   `json:"valid"`
	SignatureAlgorithm   string `json:"signature_algorithm,omitempty"`
	DigestAlgorithm      string `json:"digest_algorithm,omitempty"`
	SignerSHA1Thumbprint string `json:"signer_sha1_thumbprint,omitempty"`
	// Pinned is true when the signer matched a thumbprint or certificate the
	// caller supplied (Options.Thumbprints / Options.Certificates).
	Pinned bool `json:"pinned"`
	// Reason says, for a signature that is present but not valid, why it was
	// rejected (for support; the findings carry the admin's wording).
	Reason string `json:"reason,omitempty"`
}

// Key describes a certificate's public key.
type Key struct {
	Type string `json:"type"` // "RSA", "ECDSA", "Ed25519", "unknown"
	Bits int    `json:"bits,omitempty"`
}

// Certificate is one certificate found in the verified metadata (or, for
// KindCertificate, the file itself).
type Certificate struct {
	Use               string    `json:"use"` // "signing", "encryption" or "" (both)
	Subject           string    `json:"subject,omitempty"`
	Issuer            string    `json:"issuer,omitempty"`
	NotBefore         time.Time `json:"not_before,omitzero"`
	NotAfter          time.Time `json:"not_after,omitzero"`
	SHA1Thumbprint    string    `json:"sha1_thumbprint"`    // upper-case hex, as the Entra portal shows it
	SHA256Fingerprint string    `json:"sha256_fingerprint"` // upper-case hex
	Key               Key       `json:"key"`
	SignedThisFile    bool      `json:"signed_this_file"`
	// Status is the certificate's state at the check's time (see
	// CertStatus); "active" only for the one that signed this file.
	Status CertStatus `json:"status"`
	// ParseError is set when Go could not parse the certificate (for example
	// old Microsoft certificates with negative serial numbers); the
	// thumbprints are still computed from the raw bytes.
	ParseError string `json:"parse_error,omitempty"`
	// Source says where the certificate was found: "metadata" (a
	// KeyDescriptor of the verified content), "signature" (the signature's
	// KeyInfo, not listed in the metadata) or "file" (the input is a
	// certificate).
	Source string `json:"source,omitempty"`
	// DER is the raw certificate, for exporting it; not part of the JSON.
	DER []byte `json:"-"`
}

// Report is everything the check established about one input.
type Report struct {
	// OK is false exactly when Findings holds an error.
	OK           bool            `json:"ok"`
	Kind         Kind            `json:"kind"`
	Signature    SignatureResult `json:"signature"`
	EntityID     string          `json:"entity_id,omitempty"`
	TenantID     string          `json:"tenant_id,omitempty"`
	SSOURLs      []Endpoint      `json:"sso_urls"`
	LogoutURLs   []Endpoint      `json:"logout_urls"`
	Certificates []Certificate   `json:"certificates"`
	Findings     []Finding       `json:"findings"`
}

// Options tune a check. The zero value is usable: it checks at the real time
// with no pinned signer.
type Options struct {
	// Now is the time certificates are judged against; zero means time.Now().
	Now time.Time
	// Thumbprints pins the signer: SHA-1 thumbprints as the Entra portal shows
	// them (spaces, colons and case are ignored).
	Thumbprints []string
	// Certificates pins the signer by certificate (DER).
	Certificates [][]byte
	// MaxSize caps the input in bytes; zero means DefaultMaxSize.
	MaxSize int64
	// AllowDemo is set only by the assistant's own demo: the built-in demo
	// file (IsDemo) is then a warning instead of an error, so the demo's
	// journey can be walked to its end while still being marked.
	AllowDemo bool
}

// DefaultMaxSize is the largest input checked. Entra app metadata is ~15 KB;
// the cap leaves room for large federation aggregates while bounding memory.
const DefaultMaxSize = 10 << 20
