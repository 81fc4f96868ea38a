package bundle

import (
	"crypto/sha256"
	"encoding/hex"
	"path"
	"strings"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/wizard"
)

// Onboarding is onboarding.json: the values pymetrics configures its side
// from. Field names are the JSON schema (SchemaVersion); keep them stable.
type Onboarding struct {
	SchemaVersion int `json:"schema_version"`

	// Demo is true for a bundle made in the assistant's demo from its
	// built-in sample file: nothing to set up, and verify-bundle fails it.
	Demo bool `json:"demo,omitempty"`

	// ConfirmedInEntra says the admin pasted the values below back from
	// Entra and they matched; without it they are the values the assistant
	// gave the admin, not known to be what Entra saved.
	ConfirmedInEntra bool `json:"confirmed_in_entra"`

	// What the admin entered in Entra's Basic SAML Configuration.
	Customer   string      `json:"customer"`
	Identifier string      `json:"identifier"`
	ReplyURL   string      `json:"reply_url"`
	SignOnURL  string      `json:"sign_on_url"`
	Attributes []Attribute `json:"attributes"`
	// URLDeviations says how values pymetrics support gave differ from the
	// tutorial's pattern; empty when they follow it.
	URLDeviations []wizard.Deviation `json:"url_deviations,omitempty"`

	// What the signed metadata says (read from the verified element only).
	EntityID           string             `json:"entity_id"`
	TenantID           string             `json:"tenant_id"`
	LoginURL           string             `json:"login_url"`
	LogoutURL          string             `json:"logout_url"`
	SigningCertificate SigningCertificate `json:"signing_certificate"`
	Metadata           MetadataFile       `json:"metadata"`
	// MetadataSource is set when the metadata was fetched from its URL
	// rather than dropped as a file, so support can fetch it again.
	MetadataSource *MetadataSource `json:"metadata_source,omitempty"`

	// The check's result when the bundle was made.
	Verdict         string              `json:"verdict"` // VerdictOK or VerdictWarnings
	SignaturePinned bool                `json:"signature_pinned"`
	CheckedAt       time.Time           `json:"checked_at"`
	Findings        []samlcheck.Finding `json:"findings"`

	Contact     *Contact  `json:"contact,omitempty"`
	ToolVersion string    `json:"tool_version"`
	Created     time.Time `json:"created"`
}

// Verdicts. A bundle is never made from metadata with errors.
const (
	VerdictOK       = "ok"
	VerdictWarnings = "ok-with-warnings"
)

// Attribute is one claim pymetrics expects (see wizard.Attributes).
type Attribute struct {
	Name   string `json:"name"`
	Source string `json:"source"`
	Note   string `json:"note,omitempty"`
}

// SigningCertificate identifies the certificate that signed the metadata.
type SigningCertificate struct {
	SHA1Thumbprint    string    `json:"sha1_thumbprint"`
	SHA256Fingerprint string    `json:"sha256_fingerprint"`
	Subject           string    `json:"subject,omitempty"`
	NotBefore         time.Time `json:"not_before"`
	NotAfter          time.Time `json:"not_after"`
}

// MetadataFile describes FederationMetadata.xml.
type MetadataFile struct {
	Entry        string `json:"entry"`
	OriginalName string `json:"original_name,omitempty"`
	Size         int    `json:"size"`
	SHA256       string `json:"sha256"`
}

// Contact is the admin who made the bundle.
type Contact struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
}

const (
	bindingRedirect = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
	bindingPOST     = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
)

// pickEndpoint prefers HTTP-Redirect (what Entra's portal shows as Login and
// Logout URL), then HTTP-POST, then whatever comes first.
func pickEndpoint(eps []samlcheck.Endpoint) string {
	for _, binding := range []string{bindingRedirect, bindingPOST} {
		for _, e := range eps {
			if e.Binding == binding && e.Location != "" {
				return e.Location
			}
		}
	}
	for _, e := range eps {
		if e.Location != "" {
			return e.Location
		}
	}
	return ""
}

func loginURL(r *samlcheck.Report) string  { return pickEndpoint(r.SSOURLs) }
func logoutURL(r *samlcheck.Report) string { return pickEndpoint(r.LogoutURLs) }

func attributes() []Attribute {
	var out []Attribute
	for _, a := range wizard.Attributes() {
		out = append(out, Attribute{Name: a.Name, Source: a.Source, Note: a.Note})
	}
	return out
}

func verdict(r *samlcheck.Report) string {
	for _, f := range r.Findings {
		if f.Severity == samlcheck.SeverityWarning {
			return VerdictWarnings
		}
	}
	return VerdictOK
}

func newOnboarding(urls wizard.URLs, r *samlcheck.Report, signer *samlcheck.Certificate, metadata []byte, in Input, checkedAt, created time.Time) Onboarding {
	sum := sha256.Sum256(metadata)
	findings := r.Findings
	if findings == nil {
		findings = []samlcheck.Finding{}
	}
	ob := Onboarding{
		SchemaVersion: SchemaVersion,
		Customer:      urls.Customer,
		Identifier:    urls.Identifier,
		ReplyURL:      urls.ReplyURL,
		SignOnURL:     urls.SignOnURL,
		Attributes:    attributes(),
		EntityID:      r.EntityID,
		TenantID:      r.TenantID,
		LoginURL:      loginURL(r),
		LogoutURL:     logoutURL(r),
		SigningCertificate: SigningCertificate{
			SHA1Thumbprint:    signer.SHA1Thumbprint,
			SHA256Fingerprint: signer.SHA256Fingerprint,
			Subject:           signer.Subject,
			NotBefore:         signer.NotBefore.UTC(),
			NotAfter:          signer.NotAfter.UTC(),
		},
		Metadata: MetadataFile{
			Entry:        EntryMetadata,
			OriginalName: displayName(in.MetadataName),
			Size:         len(metadata),
			SHA256:       hex.EncodeToString(sum[:]),
		},
		Verdict:         verdict(r),
		SignaturePinned: r.Signature.Pinned,
		CheckedAt:       checkedAt.UTC().Truncate(time.Second),
		Findings:        findings,
		ToolVersion:     in.ToolVersion,
		Created:         created,
	}
	ob.Demo, ob.ConfirmedInEntra = in.Demo, in.ConfirmedInEntra
	if ob.ToolVersion == "" {
		ob.ToolVersion = "unknown"
	}
	if in.Source != nil {
		ob.MetadataSource = &MetadataSource{URL: in.Source.URL, FetchedAt: in.Source.FetchedAt.UTC().Truncate(time.Second)}
	}
	if in.ContactName != "" || in.ContactEmail != "" {
		ob.Contact = &Contact{Name: in.ContactName, Email: in.ContactEmail}
	}
	return ob
}

// displayName keeps only the base name of the admin's file (a full path
// would tell support about the admin's disk) and drops control characters.
func displayName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	if name == "" {
		return ""
	}
	name = path.Base(name)
	if name == "." || name == "/" {
		return ""
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '\u2028' || r == '\u2029' {
			return -1
		}
		return r
	}, name)
}
