package bundle

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/pymetrics/sso-assistant/samlcheck"
)

// WriteText writes the result for a support engineer: what the bundle says,
// the metadata check's findings in support's words, what to configure
// pymetrics with (only when the bundle verified), each problem with its code
// and entry, and last the verdict line.
func (r *VerifyResult) WriteText(w io.Writer) error {
	return r.writeText(w, textAlone)
}

// textMode says whether a bundle's text stands alone or is one part of
// verify-bundle --previous, whose link verdict ends the text and whose
// configure section comes once, after the link: the previous bundle's
// values are what pymetrics has already, not what to enter now.
type textMode int

const (
	textAlone   textMode = iota // configure section and verdict line
	textInChain                 // neither; a status line ends the part
)

func (r *VerifyResult) writeText(w io.Writer, mode textMode) error {
	if r.Rollover != nil {
		return r.writeRolloverText(w, mode)
	}
	var b strings.Builder
	line := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	if r.File != "" {
		line("Bundle:        %s", show(r.File))
	}
	if ob := r.Onboarding; ob != nil {
		line("Customer:      %s", show(ob.Customer))
		if r.Configure == nil || mode == textInChain {
			line("Identifier:    %s", show(ob.Identifier))
			line("Reply URL:     %s", show(ob.ReplyURL))
			line("Sign-on URL:   %s", show(ob.SignOnURL))
		}
		line("Created:       %s with SSO Assistant %s", ob.Created.UTC().Format("2006-01-02 15:04:05 UTC"), show(ob.ToolVersion))
		if len(r.URLDeviations) > 0 {
			line("URLs:          as pymetrics support gave them, not the usual pattern:")
			for _, d := range r.URLDeviations {
				line("  - %s", show(d.Message))
			}
		}
		if ob.Contact != nil {
			line("Contact:       %s", show(contactLine(ob.Contact)))
		}
	}
	if rep := r.Report; rep != nil {
		if s := rep.SignerCertificate(); rep.Signature.Valid && s != nil {
			line("Metadata:      signature verified; entity ID %s, tenant %s", show(rep.EntityID), show(rep.TenantID))
			line("Signed by:     thumbprint %s, valid %s to %s", s.SHA1Thumbprint,
				s.NotBefore.UTC().Format("2006-01-02"), s.NotAfter.UTC().Format("2006-01-02"))
			if s.Subject != "" {
				line("               subject %s", show(s.Subject))
			}
		} else {
			line("Metadata:      signature NOT verified")
		}
		if len(rep.Findings) > 0 {
			line("Metadata check:")
			for _, f := range rep.Findings {
				line("  %-7s [%s] %s", f.Severity, f.Code, show(f.Message))
				if f.Hint != "" {
					line("          What to do: %s", show(f.Hint))
				}
			}
		}
	}
	entries := fmt.Sprintf("%d read", len(r.Entries))
	if r.Repacked {
		entries += " (re-packed: the bundle was zipped again; folder and desktop files ignored)"
	}
	line("Entries:       %s", entries)
	if c := r.Configure; c != nil && mode == textAlone {
		line("")
		writeConfigure(&b, c)
	}
	if len(r.Problems) > 0 {
		errs := len(r.Errors())
		warns := len(r.Problems) - errs
		line("")
		switch {
		case errs > 0 && warns > 0:
			line("%d problem%s, %d warning%s:", errs, plural(errs), warns, plural(warns))
		case errs > 0:
			line("%d problem%s:", errs, plural(errs))
		default:
			line("%d warning%s:", warns, plural(warns))
		}
		for _, p := range r.Problems {
			sev := ""
			if p.Severity == samlcheck.SeverityWarning {
				sev = "warning "
			}
			if p.Entry != "" {
				entry := p.Entry
				if unsafeName(entry) != "" {
					entry = quote(entry)
				}
				line("  %s[%s] %s: %s", sev, p.Code, entry, show(p.Message))
			} else {
				line("  %s[%s] %s", sev, p.Code, show(p.Message))
			}
		}
	}
	line("")
	if mode == textAlone {
		line("%s", r.VerdictLine())
	} else {
		line("%s", r.statusLine())
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// statusLine ends a bundle's part of verify-bundle --previous: whether it
// verified, not what to do about it, which the link's verdict says.
func (r *VerifyResult) statusLine() string {
	if !r.OK {
		n := len(r.Errors())
		return fmt.Sprintf("Does not verify: %d problem%s, listed above.", n, plural(n))
	}
	record := EntryOnboarding
	if r.Rollover != nil {
		record = EntryRollover
	}
	return fmt.Sprintf("Verified: every entry matches SHA256SUMS, the metadata's signature verifies and %s agrees with it.", record)
}

// writeConfigure is the "Configure pymetrics" section: every value pymetrics
// is set up with, each on its own line for copying.
func writeConfigure(b *strings.Builder, c *Configure) {
	line := func(format string, a ...any) { fmt.Fprintf(b, format+"\n", a...) }
	ro := c.Rollover
	if ro != nil {
		line("Configure pymetrics for the certificate rollover (from the signed metadata):")
	} else {
		line("Configure pymetrics (from the signed metadata):")
	}
	line("  Entity ID (IdP issuer):  %s", show(c.EntityID))
	line("  SSO URL:                 %s", show(c.SSOURL))
	line("  SSO binding:             %s", show(c.SSOBinding))
	if c.LogoutURL != "" {
		line("  Logout URL:              %s", show(c.LogoutURL))
	} else {
		line("  Logout URL:              (none in the metadata)")
	}
	for i, cert := range c.Certificates {
		line("  Signing certificate %d:   %s", i+1, certificateState(cert, ro))
		line("    Thumbprint:  %s", cert.SHA1Thumbprint)
		if cert.Subject != "" {
			line("    Subject:     %s", show(cert.Subject))
		}
		line("    Valid:       %s to %s", cert.NotBefore.Format("2006-01-02 15:04:05 UTC"), cert.NotAfter.Format("2006-01-02 15:04:05 UTC"))
		for _, l := range strings.Split(strings.TrimSuffix(cert.PEM, "\n"), "\n") {
			line("    %s", l)
		}
	}
	if ro != nil {
		line("  Customer's URLs:         unchanged by a rollover; keep those configured for %s", show(c.Customer))
		line("  Order:                   %s", show(ro.Order))
		return
	}
	line("  Customer's URLs (Entra, Basic SAML Configuration):")
	line("    Identifier (Entity ID):  %s", show(c.Identifier))
	line("    Reply URL (ACS URL):     %s", show(c.ReplyURL))
	line("    Sign on URL:             %s", show(c.SignOnURL))
}

// certificateState says what to do with a signing certificate; for a
// rollover (ro set) the new certificate is added and the active one kept
// until the switch.
func certificateState(cert ConfigureCertificate, ro *ConfigureRollover) string {
	switch {
	case ro == nil && cert.Active:
		return "ACTIVE: signs sign-ins now"
	case ro == nil:
		return "ANNOUNCED: not active yet; trust it too, for the customer's next rollover"
	case cert.SHA1Thumbprint == ro.AddSHA1Thumbprint && cert.Active:
		return "NEW, ADD IT AT ONCE: already active in Entra (it signed the metadata), so sign-ins fail until pymetrics has it"
	case cert.SHA1Thumbprint == ro.AddSHA1Thumbprint:
		return fmt.Sprintf("NEW, ADD IT NOW: announced, not active yet; the customer makes it active on %s", show(ro.SwitchDate))
	case cert.SHA1Thumbprint == ro.KeepSHA1Thumbprint && cert.Active:
		return fmt.Sprintf("ACTIVE, KEEP IT: signs sign-ins until the switch on %s; remove it after the switch and a successful test sign-in", show(ro.SwitchDate))
	case cert.SHA1Thumbprint == ro.KeepSHA1Thumbprint:
		return "OLD, KEEP IT: no longer active; remove it after a successful test sign-in with the new certificate"
	case cert.Active:
		return "ACTIVE: signs sign-ins now, but it is neither the new certificate nor one the previous bundle trusted; confirm it with the customer"
	}
	return "LISTED: not active, and not the certificate this rollover adds; no change"
}

// show prints a value from the bundle on one line, without the control
// characters a hostile file could use to rewrite the terminal or reorder
// what it shows (C0 and C1 controls, line separators, bidi overrides).
func show(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case unicode.IsControl(r), r == '\u2028', r == '\u2029',
			'\u202a' <= r && r <= '\u202e', '\u2066' <= r && r <= '\u2069':
			return -1
		}
		return r
	}, s)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
