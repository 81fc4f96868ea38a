package bundle

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/pymetrics/sso-assistant/samlcheck"
)

// WriteText writes the result for a support engineer: what the bundle says,
// then each problem with its code and entry, then the verdict.
func (r *VerifyResult) WriteText(w io.Writer) error {
	var b strings.Builder
	line := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	if r.File != "" {
		line("Bundle:        %s", show(r.File))
	}
	if ob := r.Onboarding; ob != nil {
		line("Customer:      %s", show(ob.Customer))
		line("Identifier:    %s", show(ob.Identifier))
		line("Reply URL:     %s", show(ob.ReplyURL))
		line("Sign-on URL:   %s", show(ob.SignOnURL))
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
		} else {
			line("Metadata:      signature NOT verified")
		}
		for _, f := range rep.Findings {
			if f.Severity != samlcheck.SeverityInfo {
				line("  %s [%s] %s", f.Severity, f.Code, show(f.Message))
			}
		}
	}
	line("Entries:       %d read", len(r.Entries))
	if len(r.Problems) == 0 {
		line("")
		line("OK: every entry matches SHA256SUMS, the metadata passes the check, and onboarding.json agrees with it and with its customer.")
	} else {
		line("")
		line("%d problem%s:", len(r.Problems), plural(len(r.Problems)))
		for _, p := range r.Problems {
			if p.Entry != "" {
				entry := p.Entry
				if unsafeName(entry) != "" {
					entry = quote(entry)
				}
				line("  [%s] %s: %s", p.Code, entry, show(p.Message))
			} else {
				line("  [%s] %s", p.Code, show(p.Message))
			}
		}
		line("")
		line("NOT OK: do not configure from this bundle; ask the customer for a new one.")
	}
	_, err := io.WriteString(w, b.String())
	return err
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
