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
	if r.Rollover != nil {
		return r.writeRolloverText(w)
	}
	var b strings.Builder
	line := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	if r.File != "" {
		line("Bundle:        %s", show(r.File))
	}
	if ob := r.Onboarding; ob != nil {
		line("Customer:      %s", show(ob.Customer))
		if r.Configure == nil {
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
	if c := r.Configure; c != nil {
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
	line("%s", r.VerdictLine())
	_, err := io.WriteString(w, b.String())
	return err
}

// writeConfigure is the "Configure pymetrics" section: every value pymetrics
// is set up with, each on its own line for copying.
func writeConfigure(b *strings.Builder, c *Configure) {
	line := func(format string, a ...any) { fmt.Fprintf(b, format+"\n", a...) }
	line("Configure pymetrics (from the signed metadata):")
	line("  Entity ID (IdP issuer):  %s", show(c.EntityID))
	line("  SSO URL:                 %s", show(c.SSOURL))
	line("  SSO binding:             %s", show(c.SSOBinding))
	if c.LogoutURL != "" {
		line("  Logout URL:              %s", show(c.LogoutURL))
	} else {
		line("  Logout URL:              (none in the metadata)")
	}
	for i, cert := range c.Certificates {
		state := "ACTIVE: signs sign-ins now"
		if !cert.Active {
			state = "ANNOUNCED: not active yet; trust it too, for the customer's next rollover"
		}
		line("  Signing certificate %d:   %s", i+1, state)
		line("    Thumbprint:  %s", cert.SHA1Thumbprint)
		if cert.Subject != "" {
			line("    Subject:     %s", show(cert.Subject))
		}
		line("    Valid:       %s to %s", cert.NotBefore.Format("2006-01-02 15:04:05 UTC"), cert.NotAfter.Format("2006-01-02 15:04:05 UTC"))
		for _, l := range strings.Split(strings.TrimSuffix(cert.PEM, "\n"), "\n") {
			line("    %s", l)
		}
	}
	line("  Customer's URLs (Entra, Basic SAML Configuration):")
	line("    Identifier (Entity ID):  %s", show(c.Identifier))
	line("    Reply URL (ACS URL):     %s", show(c.ReplyURL))
	line("    Sign on URL:             %s", show(c.SignOnURL))
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
