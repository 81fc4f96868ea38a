package samlcheck

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pymetrics/sso-assistant/internal/sentence"
)

func (r *Report) add(f Finding) { r.Findings = append(r.Findings, f) }

// finish establishes the Report's invariants: OK exactly when no error
// finding exists, and lists that are empty rather than null in JSON.
func (r *Report) finish() {
	if r.SSOURLs == nil {
		r.SSOURLs = []Endpoint{}
	}
	if r.LogoutURLs == nil {
		r.LogoutURLs = []Endpoint{}
	}
	if r.Certificates == nil {
		r.Certificates = []Certificate{}
	}
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	// Errors first, then warnings, then information; within a severity, the
	// order in which the check established them.
	rank := map[Severity]int{SeverityError: 0, SeverityWarning: 1, SeverityInfo: 2}
	sort.SliceStable(r.Findings, func(i, j int) bool { return rank[r.Findings[i].Severity] < rank[r.Findings[j].Severity] })
	r.OK = !r.HasErrors()
}

// HasErrors reports whether any finding is an error.
func (r *Report) HasErrors() bool { return len(r.Errors()) > 0 }

// Errors returns the error findings, in the order they were established.
func (r *Report) Errors() []Finding { return r.bySeverity(SeverityError) }

// Warnings returns the warning findings.
func (r *Report) Warnings() []Finding { return r.bySeverity(SeverityWarning) }

func (r *Report) bySeverity(s Severity) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Severity == s {
			out = append(out, f)
		}
	}
	return out
}

// Has reports whether a finding with the code exists.
func (r *Report) Has(code Code) bool {
	for _, f := range r.Findings {
		if f.Code == code {
			return true
		}
	}
	return false
}

// SignerCertificate returns the certificate that verifiably signed the file,
// or nil when no signature was verified.
func (r *Report) SignerCertificate() *Certificate {
	if !r.Signature.Valid {
		return nil
	}
	for i := range r.Certificates {
		if r.Certificates[i].SignedThisFile {
			return &r.Certificates[i]
		}
	}
	return nil
}

// Verdict is the one sentence an admin reads first.
func (r *Report) Verdict() string {
	if errs := r.Errors(); len(errs) > 0 {
		return "Not usable: " + sentence.LowerFirst(firstSentence(errs[0].Message))
	}
	if r.Kind == KindEntraApp && r.Signature.Valid {
		trust := "compare the signing thumbprint with the portal"
		if r.Signature.Pinned {
			trust = "signed by the expected certificate"
		}
		if len(r.Warnings()) > 0 {
			return fmt.Sprintf("Usable, with warnings: signed Entra ID application metadata for tenant %s (%s).", r.TenantID, trust)
		}
		return fmt.Sprintf("Good: signed Entra ID application metadata for tenant %s (%s).", r.TenantID, trust)
	}
	// Not reachable for the kinds Check produces (every other kind carries
	// an error); kept honest for hand-built reports.
	return "Not verified: this file was not confirmed to be signed Entra ID application metadata."
}

// firstSentence cuts a message after its first sentence.
func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}
