package bundle

import (
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
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

	// The customer's values in Entra's Basic SAML Configuration.
	Customer   string `json:"customer"`
	Identifier string `json:"identifier"`
	ReplyURL   string `json:"reply_url"`
	SignOnURL  string `json:"sign_on_url"`
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

// newConfigure collects the configuration from a verified report; nil when
// the signature was not verified, because then nothing in it is known.
func newConfigure(r *samlcheck.Report, ob *Onboarding) *Configure {
	if r == nil || !r.Signature.Valid || ob == nil {
		return nil
	}
	sso := pickEndpointFull(r.SSOURLs)
	c := &Configure{
		EntityID:     r.EntityID,
		SSOURL:       sso.Location,
		SSOBinding:   sso.Binding,
		LogoutURL:    logoutURL(r),
		Certificates: []ConfigureCertificate{},
		Customer:     ob.Customer,
		Identifier:   ob.Identifier,
		ReplyURL:     ob.ReplyURL,
		SignOnURL:    ob.SignOnURL,
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
