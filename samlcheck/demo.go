package samlcheck

import (
	"fmt"

	"github.com/pymetrics/sso-assistant/internal/sentence"
)

// demoSignerSHA256 is the SHA-256 fingerprint of the certificate the
// assistant's built-in demo file (assets.DemoMetadata) is signed with. Its
// key was discarded after signing, so no other file can carry a valid
// signature by it: a verified file with this certificate is the demo file.
// When the demo file is signed anew, assets' tests fail until this
// constant is the new certificate's.
const demoSignerSHA256 = "017B920D519ECDE3C9A5D447B783F783D629AD2B904898AA546A0ACFF62E14F3"

// IsDemo reports whether a report is of the assistant's built-in demo file.
// It is the one predicate the window, check, bundle and verify-bundle share,
// so the demo is marked wherever its file turns up.
func IsDemo(r *Report) bool {
	if r == nil {
		return false
	}
	for _, c := range r.Certificates {
		if c.SHA256Fingerprint == demoSignerSHA256 {
			return true
		}
	}
	return false
}

// demoFinding marks the demo file: an error (no tenant signed it, so
// pymetrics cannot be set up from it), a warning inside the demo itself.
func (c *checker) demoFinding() {
	if !IsDemo(c.r) {
		return
	}
	f := Finding{Code: CodeMetadataDemo, Severity: SeverityError,
		Message: "This is the SSO Assistant's built-in demo file, not your tenant's Federation Metadata XML. It was signed with a key made for the demo; pymetrics cannot be connected with it.",
		Hint:    downloadHint}
	if c.opts.AllowDemo {
		f.Severity = SeverityWarning
		f.Message = "Demo: this is the SSO Assistant's built-in sample file, not a tenant's Federation Metadata XML. Anything made from it is marked as a demo."
		f.Hint = fmt.Sprintf("For a real setup, leave the demo and %s", sentence.LowerFirst(downloadHint))
	}
	c.r.add(f)
}
