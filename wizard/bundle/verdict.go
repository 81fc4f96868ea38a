package bundle

import (
	"fmt"
	"strings"
)

// Verdict says how far support can trust a bundle. A valid signature proves
// the metadata is intact, not who made it: the certificate that checks it
// travels in the same file, so anyone can make a bundle that verifies. Only
// a thumbprint support learned another way (a pin) ties it to the customer.
type Verdict string

const (
	// VerdictSignerConfirmed: intact, and signed by the certificate
	// support pinned. Safe to configure.
	VerdictSignerConfirmed Verdict = "intact-signer-confirmed"
	// VerdictSignerNotConfirmed: intact, but nothing ties the signer to
	// the customer yet; ConfirmThumbprint says what to confirm.
	VerdictSignerNotConfirmed Verdict = "intact-signer-not-confirmed"
	// VerdictNotOK: something failed; do not configure.
	VerdictNotOK Verdict = "not-ok"
)

// decide sets the verdict from the problems and the report.
func (r *VerifyResult) decide() {
	r.SignerConfirmed, r.ConfirmThumbprint = false, ""
	switch {
	case !r.OK || r.Report == nil || !r.Report.Signature.Valid:
		r.Verdict = VerdictNotOK
	case r.Report.Signature.Pinned:
		r.Verdict = VerdictSignerConfirmed
		r.SignerConfirmed = true
	default:
		r.Verdict = VerdictSignerNotConfirmed
		r.ConfirmThumbprint = r.Report.Signature.SignerSHA1Thumbprint
	}
}

// VerdictLine is the one line that says what was proven, for the end of
// verify-bundle's text.
func (r *VerifyResult) VerdictLine() string {
	if r.Rollover != nil && r.Verdict != VerdictNotOK {
		return r.rolloverVerdictLine()
	}
	intact := "every entry matches SHA256SUMS, the metadata's signature verifies and onboarding.json agrees with it"
	if r.Repacked {
		intact = "intact, re-packed: " + intact + " (the bundle was zipped again on the way; the extra folder and desktop files were ignored)"
	}
	switch r.Verdict {
	case VerdictSignerConfirmed:
		return fmt.Sprintf("INTACT AND SIGNER CONFIRMED: %s, and it was signed by the certificate you confirmed (%s). Configure pymetrics with the values above.",
			intact, r.Report.Signature.SignerSHA1Thumbprint)
	case VerdictSignerNotConfirmed:
		return fmt.Sprintf("INTACT, SIGNER NOT CONFIRMED: %s, but that proves only that nothing changed since the bundle was made, not who made it: the certificate that checks the signature travels inside the bundle. Confirm thumbprint %s with the customer by phone or another channel than the e-mail that brought the bundle (Entra shows it under \"SAML Certificates\"), then run verify-bundle again with --thumbprint %s.",
			intact, r.ConfirmThumbprint, r.ConfirmThumbprint)
	}
	errs := r.Errors()
	var codes []string
	for _, p := range errs {
		codes = append(codes, string(p.Code))
	}
	return fmt.Sprintf("NOT OK: %d problem%s (%s); do not configure pymetrics from this bundle. %s",
		len(errs), plural(len(errs)), strings.Join(uniq(codes), ", "), r.nextStep())
}

// nextStep says what support does about a failed bundle: a mix-up on
// support's side is not the customer's to fix.
func (r *VerifyResult) nextStep() string {
	for _, p := range r.Errors() {
		switch p.Code {
		case ProblemCustomerMismatch:
			return "Check that this is the bundle you meant to open; if it is, ask the customer which pymetrics customer name they were given."
		case ProblemTenantChanged:
			return "Ask the customer, by phone or another channel than the e-mail, whether they moved to another Entra tenant; configure only once they confirm it, with --tenant set to the new one."
		case ProblemDemo:
			return "It is a demo bundle: there is nothing to set up. If the customer meant to send their real one, ask them to make it from the Federation Metadata XML of their own pymetrics application in Entra."
		case ProblemPinMismatch:
			return "Check the thumbprints you gave: they must all be the customer's active signing certificate."
		}
	}
	return "Ask the customer to make a new bundle with the SSO Assistant and send it again."
}

func uniq(ss []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
