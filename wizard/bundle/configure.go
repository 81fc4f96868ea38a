package bundle

import (
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck"
)

// Configure is what pymetrics support enters on pymetrics' side, read only
// from the verified metadata (and, for the customer's own URLs, from
// onboarding.json, which Verify has compared with the customer's pattern).
type Configure struct {
	// From the signed metadata: what pymetrics sends users to and trusts.
	EntityID   string `json:"entity_id"`
	SSOURL     string `json:"sso_url"`
	SSOBinding string `json:"sso_binding"`
	LogoutURL  string `json:"logout_url"`
	// Certificates are every signing certificate the metadata lists: the
	// active one (it signed the metadata) and any announced for a rollover,
	// which pymetrics must trust too before the customer makes it active.
	Certificates []ConfigureCertificate `json:"certificates"`

	// The customer's values in Entra's Basic SAML Configuration. A
	// rollover changes none of them, and its bundle does not carry them:
	// only Customer is set for one.
	Customer   string `json:"customer"`
	Identifier string `json:"identifier"`
	ReplyURL   string `json:"reply_url"`
	SignOnURL  string `json:"sign_on_url"`

	// Rollover is set for a rollover bundle: which certificate to add,
	// which stays active until when, and in which order; nil for an
	// onboarding bundle.
	Rollover *ConfigureRollover `json:"rollover"`
}

// ConfigureRollover is what a certificate rollover changes on pymetrics'
// side. The order matters: pymetrics must trust the new certificate before
// the customer makes it active, or sign-ins fail from the switch on; and the
// old one must stay until a sign-in with the new one has worked, or a late
// switch locks everyone out.
type ConfigureRollover struct {
	// AddSHA1Thumbprint names the new certificate: add it now.
	AddSHA1Thumbprint string `json:"add_sha1_thumbprint"`
	// NewActive is true when the new certificate signed the metadata: the
	// customer made it active before pymetrics had it (the bundle's link
	// is then confirmed by thumbprint), and sign-ins fail until it is added.
	NewActive bool `json:"new_active"`
	// KeepSHA1Thumbprint names the certificate pymetrics has now (one the
	// previous bundle trusted, as rollover.json records it) that the
	// metadata still lists: the active one until the switch, or the old
	// one until a test sign-in with the new one works. Empty when the
	// metadata lists none of them.
	KeepSHA1Thumbprint string `json:"keep_sha1_thumbprint"`
	// SwitchDate is the day (2006-01-02) the customer plans to make the
	// new certificate active, from rollover.json.
	SwitchDate string `json:"switch_date"`
	// Order is the sentence support follows.
	Order string `json:"order"`
}

// ConfigureCertificate is one signing certificate to configure.
type ConfigureCertificate struct {
	SHA1Thumbprint string    `json:"sha1_thumbprint"`
	Subject        string    `json:"subject"`
	NotBefore      time.Time `json:"not_before"`
	NotAfter       time.Time `json:"not_after"`
	// Active is true for the certificate that signed the metadata, which
	// Entra signs sign-ins with now; false for one announced for later.
	Active bool   `json:"active"`
	PEM    string `json:"pem"`
}

// newConfigure collects an onboarding bundle's configuration from the
// verified report and onboarding.json; nil when the signature was not
// verified, because then nothing in it is known.
func newConfigure(r *samlcheck.Report, ob *Onboarding) *Configure {
	if ob == nil {
		return nil
	}
	c := configureFrom(r)
	if c != nil {
		c.Customer, c.Identifier, c.ReplyURL, c.SignOnURL = ob.Customer, ob.Identifier, ob.ReplyURL, ob.SignOnURL
	}
	return c
}

// newRolloverConfigure is newConfigure for a rollover bundle whose
// rollover.json Verify has compared with the verified metadata: the
// certificates come from the metadata, the switch day from rollover.json.
func newRolloverConfigure(r *samlcheck.Report, ro *Rollover) *Configure {
	if ro == nil {
		return nil
	}
	c := configureFrom(r)
	if c == nil {
		return nil
	}
	c.Customer = ro.Customer
	add := ro.NewCertificate.SHA1Thumbprint
	cr := &ConfigureRollover{AddSHA1Thumbprint: add, SwitchDate: ro.SwitchDate}
	// The active certificate comes first, so it is the one kept when the
	// previous bundle trusted it; a signer it did not trust (a link
	// confirmed by thumbprint) is nothing pymetrics has, so nothing to keep.
	keep := ""
	for _, cert := range c.Certificates {
		switch {
		case cert.SHA1Thumbprint == add:
			cr.NewActive = cert.Active
		case cr.KeepSHA1Thumbprint == "" && slices.Contains(ro.Previous.TrustedThumbprints, cert.SHA1Thumbprint):
			cr.KeepSHA1Thumbprint = cert.SHA1Thumbprint
			keep = "the active certificate " + cert.SHA1Thumbprint
			if !cert.Active {
				keep = "the certificate pymetrics has, " + cert.SHA1Thumbprint + ","
			}
		}
	}
	switch {
	case !cr.NewActive && cr.KeepSHA1Thumbprint != "":
		cr.Order = fmt.Sprintf("Add the new certificate %s now, next to the active one; keep %s until the customer makes the new one active in Entra (planned for %s); remove the old one only after the switch and a successful test sign-in.",
			add, keep, show(cr.SwitchDate))
	case !cr.NewActive:
		cr.Order = fmt.Sprintf("Add the new certificate %s now; the metadata lists no certificate pymetrics had, so ask the customer which certificate signs sign-ins until the switch (planned for %s), and remove the old one only after the switch and a successful test sign-in.",
			add, show(cr.SwitchDate))
	case cr.KeepSHA1Thumbprint != "":
		cr.Order = fmt.Sprintf("The customer has already made the new certificate %s active, so sign-ins fail until pymetrics has it: add it at once; keep the old certificate %s until a test sign-in with the new one works, then remove it.",
			add, cr.KeepSHA1Thumbprint)
	default:
		cr.Order = fmt.Sprintf("The customer has already made the new certificate %s active, so sign-ins fail until pymetrics has it: add it at once; the metadata no longer lists the certificate pymetrics had, so remove that one once a test sign-in with the new one works.",
			add)
	}
	c.Rollover = cr
	return c
}

// configureFrom collects the metadata's part of the configuration; nil when
// the signature was not verified, because then nothing in it is known.
func configureFrom(r *samlcheck.Report) *Configure {
	if r == nil || !r.Signature.Valid {
		return nil
	}
	sso := pickEndpointFull(r.SSOURLs)
	c := &Configure{
		EntityID:     r.EntityID,
		SSOURL:       sso.Location,
		SSOBinding:   sso.Binding,
		LogoutURL:    logoutURL(r),
		Certificates: []ConfigureCertificate{},
	}
	seen := map[string]bool{}
	for _, cert := range r.Certificates {
		// Entra lists each certificate once per role; "" means both uses.
		if (cert.Use != "signing" && cert.Use != "") || cert.Source == "file" || len(cert.DER) == 0 || seen[cert.SHA1Thumbprint] {
			continue
		}
		seen[cert.SHA1Thumbprint] = true
		c.Certificates = append(c.Certificates, ConfigureCertificate{
			SHA1Thumbprint: cert.SHA1Thumbprint,
			Subject:        cert.Subject,
			NotBefore:      cert.NotBefore.UTC(),
			NotAfter:       cert.NotAfter.UTC(),
			Active:         cert.SignedThisFile,
			PEM:            string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.DER})),
		})
	}
	// The active certificate first: it is the one to configure today.
	for i, cert := range c.Certificates {
		if cert.Active && i > 0 {
			c.Certificates[0], c.Certificates[i] = c.Certificates[i], c.Certificates[0]
			break
		}
	}
	return c
}

// pickEndpointFull is pickEndpoint with the binding it chose.
func pickEndpointFull(eps []samlcheck.Endpoint) samlcheck.Endpoint {
	loc := pickEndpoint(eps)
	for _, e := range eps {
		if e.Location == loc && (e.Binding == bindingRedirect || e.Binding == bindingPOST) {
			return e
		}
	}
	for _, e := range eps {
		if e.Location == loc {
			return e
		}
	}
	return samlcheck.Endpoint{}
}

// ErrNotExtractable: Extract was asked for the files of a bundle that did
// not verify; nothing from it should be configured.
var ErrNotExtractable = errors.New("bundle: extract: the bundle did not verify")

// ExtractedFile is one file Extract wrote.
type ExtractedFile struct {
	Path string `json:"path"`
	What string `json:"what"`
}

// CertificateFileName is the name Extract gives a signing certificate.
func CertificateFileName(c ConfigureCertificate) string {
	state := "announced"
	if c.Active {
		state = "active"
	}
	return "signing-certificate-" + state + "-" + c.SHA1Thumbprint + ".pem"
}

// Extract writes the metadata (byte for byte) and every signing certificate
// of a verified bundle into dir, creating dir if needed. It never overwrites:
// when any of the files exists, it writes none of them and returns an error
// wrapping ErrExists.
func Extract(res *VerifyResult, dir string) ([]ExtractedFile, error) {
	if res == nil || !res.OK || res.Configure == nil || res.metadata == nil {
		return nil, ErrNotExtractable
	}
	files := []struct {
		name, what string
		data       []byte
	}{{EntryMetadata, "the customer's Federation Metadata XML, byte for byte", res.metadata}}
	for _, c := range res.Configure.Certificates {
		what := "the signing certificate announced for a rollover, not yet active"
		if c.Active {
			what = "the active signing certificate"
		}
		files = append(files, struct {
			name, what string
			data       []byte
		}{CertificateFileName(c), what, []byte(c.PEM)})
	}
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if _, err := os.Lstat(p); err == nil {
			return nil, fmt.Errorf("%w: %s", ErrExists, p)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("bundle: extract: %w", err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("bundle: extract: %w", err)
	}
	var out []ExtractedFile
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if err := WriteFile(p, f.data, false); err != nil {
			return out, fmt.Errorf("bundle: extract %s: %w", f.name, err)
		}
		out = append(out, ExtractedFile{Path: p, What: f.what})
	}
	return out, nil
}
