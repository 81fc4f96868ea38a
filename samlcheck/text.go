package samlcheck

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// kindNames are the words an admin sees for each kind.
var kindNames = map[Kind]string{
	KindEntraApp:    "Entra ID application metadata (Federation Metadata XML)",
	KindEntraTenant: "Entra ID tenant-wide federation metadata",
	KindEntraCommon: "Entra ID tenant-independent (/common) metadata",
	KindADFS:        "AD FS metadata",
	KindIdP:         "SAML metadata of another identity provider",
	KindSP:          "SAML service-provider metadata",
	KindAggregate:   "federation metadata aggregate",
	KindCertificate: "certificate",
	KindResponse:    "SAML response or token",
	KindRequest:     "SAML request",
	KindHTML:        "web page (HTML)",
	KindNotXML:      "not XML",
	KindDamagedXML:  "damaged or incomplete XML",
	KindEmpty:       "empty file",
	KindUnknownXML:  "XML, but not SAML metadata",
	KindURL:         "a URL; no file was fetched",
}

// WriteText writes the report for people: the verdict first, then what the
// file says (only values read from verified content), the certificates, and
// every finding with what to do about it.
func (r *Report) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	ew.printf("%s\n\n", r.Verdict())

	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	row := func(label, value string) { fmt.Fprintf(tw, "%s:\t%s\n", label, value) }
	kind := kindNames[r.Kind]
	if kind == "" {
		kind = string(r.Kind)
	}
	row("File", kind)
	row("Signature", r.signatureLine())
	if r.TenantID != "" {
		row("Tenant ID", r.TenantID)
	}
	if r.EntityID != "" {
		// "Identifier (Entity ID)" is what the Entra portal calls it.
		label := "Entity ID"
		if r.Kind == KindEntraApp || r.Kind == KindEntraTenant || r.Kind == KindEntraCommon {
			label = "Entra Identifier"
		}
		row(label, r.EntityID)
	}
	for _, e := range r.SSOURLs {
		row("Login URL", e.Location+bindingSuffix(e.Binding))
	}
	for _, e := range r.LogoutURLs {
		row("Logout URL", e.Location+bindingSuffix(e.Binding))
	}
	if r.Signature.SignerSHA1Thumbprint != "" {
		row("Signing thumbprint", r.Signature.SignerSHA1Thumbprint)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	if len(r.Certificates) > 0 {
		ew.printf("\nCertificates:\n")
		tw = tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "  USE\tSHA-1 THUMBPRINT\tVALID FROM\tVALID UNTIL\tKEY\tSTATUS\tSUBJECT\n")
		for _, c := range r.Certificates {
			use := c.Use
			switch {
			case c.Source == "file":
				use = "-"
			case use == "":
				use = "signing"
			}
			key := c.Key.Type
			if c.Key.Bits > 0 {
				key += fmt.Sprintf(" %d", c.Key.Bits)
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\n", use, c.SHA1Thumbprint, date(c.NotBefore), date(c.NotAfter), key, c.StatusText(), truncate(c.Subject, 60))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}

	if len(r.Findings) > 0 {
		ew.printf("\nFindings:\n")
		for _, f := range r.Findings {
			ew.printf("  %-7s %s\n", strings.ToUpper(string(f.Severity)), f.Code)
			ew.printf("%s", indent(f.Message, "          "))
			if f.Hint != "" {
				ew.printf("%s", indent("What to do: "+f.Hint, "          "))
			}
		}
	}
	return ew.err
}

func (r *Report) signatureLine() string {
	s := r.Signature
	switch {
	case s.Valid && s.Pinned:
		return fmt.Sprintf("valid, signed by the expected certificate (%s, digest %s)", s.SignatureAlgorithm, s.DigestAlgorithm)
	case s.Valid:
		return fmt.Sprintf("valid (%s, digest %s); signer not yet compared with the portal", s.SignatureAlgorithm, s.DigestAlgorithm)
	case s.Present && (r.Kind == KindResponse || r.Kind == KindRequest):
		return "present, not checked (the file is not metadata)"
	case s.Present:
		return "NOT valid"
	}
	if r.Kind == KindEntraApp || r.Kind == KindEntraTenant || r.Kind == KindEntraCommon || r.Kind == KindADFS ||
		r.Kind == KindIdP || r.Kind == KindSP || r.Kind == KindAggregate {
		return "none"
	}
	return "not checked"
}

func bindingSuffix(binding string) string {
	if i := strings.LastIndex(binding, ":"); i >= 0 && i+1 < len(binding) {
		return " (" + binding[i+1:] + ")"
	}
	return ""
}

func date(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format("2006-01-02")
}

// indent wraps text at ~90 columns with the given prefix on every line.
func indent(text, prefix string) string {
	var b strings.Builder
	line := prefix
	for _, word := range strings.Fields(text) {
		if len(line) > len(prefix) && len(line)+1+len(word) > 92 {
			b.WriteString(line + "\n")
			line = prefix
		}
		if len(line) > len(prefix) {
			line += " "
		}
		line += word
	}
	if len(line) > len(prefix) {
		b.WriteString(line + "\n")
	}
	return b.String()
}

// errWriter remembers the first write error so the text can be written
// without checking every line.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) {
	fmt.Fprintf(e, format, args...)
}
