package samlcheck

import (
	"fmt"
	"time"
)

// AuthnRequest is what the AuthnRequest pymetrics sent says. pymetrics does
// not sign it, so nothing here is verified: it is what the browser carried,
// shown to compare with what the admin entered in Entra (AADSTS700016 and
// AADSTS50011 are about exactly these values).
type AuthnRequest struct {
	Present      bool      `json:"present"`
	ID           string    `json:"id,omitempty"`
	Issuer       string    `json:"issuer,omitempty"`
	ACSURL       string    `json:"acs_url,omitempty"`
	Destination  string    `json:"destination,omitempty"`
	IssueInstant time.Time `json:"issue_instant,omitzero"`
	// NameIDPolicy is the requested NameID format, "" when none is asked for.
	NameIDPolicy string `json:"name_id_policy,omitempty"`
	// AuthnContext lists the requested AuthnContextClassRef values, with
	// Comparison the attribute of RequestedAuthnContext.
	AuthnContext []string  `json:"authn_context,omitempty"`
	Comparison   string    `json:"authn_context_comparison,omitempty"`
	ForceAuthn   bool      `json:"force_authn,omitempty"`
	IsPassive    bool      `json:"is_passive,omitempty"`
	Findings     []Finding `json:"-"`
}

// ReadAuthnRequest pre-checks a decoded AuthnRequest as CheckResponse does
// (size, DOCTYPE, duplicate attributes, depth) and reads it. It never panics;
// a request it cannot read comes back with Present set and findings.
func ReadAuthnRequest(data []byte) *AuthnRequest {
	r := &AuthnRequest{Present: true}
	add := func(f Finding) { r.Findings = append(r.Findings, f) }
	defer func() {
		if p := recover(); p != nil {
			*r = AuthnRequest{Present: true}
			add(Finding{Code: CodeInternalError, Severity: SeverityError,
				Message: "The assistant failed while reading the sign-in request. This is a defect in the assistant.",
				Hint:    fmt.Sprintf("Please tell pymetrics support (without sending the capture). Detail: %v", p)})
		}
	}()
	root := parseMessage(data, 0, add)
	if root == nil {
		return r
	}
	if root.Tag != "AuthnRequest" || root.NamespaceURI() != nsProtocol {
		add(Finding{Code: CodeSignInRequestMalformed, Severity: SeverityError,
			Message: fmt.Sprintf("The sign-in request is <%s>, not a SAML <AuthnRequest>.", truncate(root.Tag, 60)),
			Hint:    captureHint})
		return r
	}
	r.ID = attr(root, "ID")
	r.ACSURL = attr(root, "AssertionConsumerServiceURL")
	r.Destination = attr(root, "Destination")
	r.IssueInstant = parseTime(attr(root, "IssueInstant"))
	r.ForceAuthn = attr(root, "ForceAuthn") == "true"
	r.IsPassive = attr(root, "IsPassive") == "true"
	if iss := child(root, nsAssertion, "Issuer"); iss != nil {
		r.Issuer = fullText(iss)
	}
	if p := child(root, nsProtocol, "NameIDPolicy"); p != nil {
		r.NameIDPolicy = attr(p, "Format")
	}
	if rac := child(root, nsProtocol, "RequestedAuthnContext"); rac != nil {
		r.Comparison = attr(rac, "Comparison")
		for _, ref := range children(rac, nsAssertion, "AuthnContextClassRef") {
			r.AuthnContext = append(r.AuthnContext, fullText(ref))
		}
	}
	return r
}
