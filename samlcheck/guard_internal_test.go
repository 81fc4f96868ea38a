package samlcheck

import "testing"

// TestGuard: a panic inside the engine becomes an internal.error finding and
// withdraws every value already read.
func TestGuard(t *testing.T) {
	r := &Report{Kind: KindEntraApp}
	guard(r, func() {
		r.Signature.Valid = true
		r.EntityID, r.TenantID = "https://sts.windows.net/x/", "x"
		r.SSOURLs = []Endpoint{{Location: "https://login.microsoftonline.com/x/saml2"}}
		r.Certificates = []Certificate{{SHA1Thumbprint: "AB", SignedThisFile: true}}
		var certs []Certificate
		_ = certs[len(r.Certificates)] // an index out of range: the kind of bug guard exists for
	})
	if r.OK || !r.Has(CodeInternalError) || r.Signature.Valid || r.EntityID != "" || r.TenantID != "" || len(r.SSOURLs) != 0 || len(r.Certificates) != 0 {
		t.Errorf("report after a panic: %+v", r)
	}
	if r.Findings[0].Code != CodeInternalError {
		t.Errorf("findings %v", r.Findings)
	}
}
