package wizard

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/capture"
)

// SignInExpected is what a sign-in must match: the customer's values and the
// signing certificates of the customer's verified metadata (or bundle).
type SignInExpected struct {
	URLs URLs
	// EntityID is the verified metadata's entity ID: the Issuer Entra
	// writes into every response for this application. "" skips the check.
	EntityID string
	// Trusted are the signing certificates (DER) of the verified metadata.
	Trusted [][]byte
	// At, when set, is the time the capture was made (--at); it wins over
	// whatever the capture records.
	At time.Time
}

// SignInRequest is the AuthnRequest pymetrics sent, as captured (pymetrics
// does not sign it).
type SignInRequest struct {
	Present      bool     `json:"present"`
	ID           string   `json:"id"`
	Issuer       string   `json:"issuer"`
	ACSURL       string   `json:"acs_url"`
	NameIDPolicy string   `json:"name_id_policy"`
	AuthnContext []string `json:"authn_context,omitempty"`
}

// SignInResponse is what Entra's response established. Every value other
// than Present, Status, SignedElement, SignatureValid, the algorithm, the
// thumbprint and Encrypted comes from a signature verified with a trusted
// certificate; otherwise it is empty.
type SignInResponse struct {
	Present bool   `json:"present"`
	Status  string `json:"status"`
	// StatusVerified says a trusted signature covered Status; an
	// unverified status is one of SAML's fixed names, never the sender's text.
	StatusVerified       bool                  `json:"status_verified"`
	StatusMessage        string                `json:"status_message,omitempty"`
	Issuer               string                `json:"issuer"`
	Destination          string                `json:"destination"`
	InResponseTo         string                `json:"in_response_to"`
	SignedElement        string                `json:"signed_element"`
	SignatureValid       bool                  `json:"signature_valid"`
	SignatureAlgorithm   string                `json:"signature_algorithm"`
	SignerSHA1Thumbprint string                `json:"signer_sha1_thumbprint"`
	Audience             string                `json:"audience"`
	Recipient            string                `json:"recipient"`
	NameID               string                `json:"name_id"`
	NameIDFormat         string                `json:"name_id_format"`
	NotBefore            time.Time             `json:"not_before,omitzero"`
	NotOnOrAfter         time.Time             `json:"not_on_or_after,omitzero"`
	Attributes           []samlcheck.Attribute `json:"attributes"`
	Encrypted            bool                  `json:"encrypted"`
}

// SignInUser is who signed in, from the verified claims.
type SignInUser struct {
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
	Email     string `json:"email,omitempty"`
}

// String is the user as a line: "Ada Lovelace <ada@contoso.example>", with
// what is missing said rather than left blank.
func (u *SignInUser) String() string {
	name := strings.TrimSpace(u.FirstName + " " + u.LastName)
	if name == "" {
		name = "(no name)"
	}
	if u.Email == "" {
		return name + " (no e-mail address)"
	}
	return name + " <" + u.Email + ">"
}

// RowState is the verdict of one row of the sign-in table.
type RowState string

const (
	RowPass       RowState = "pass"
	RowFail       RowState = "fail"
	RowWarn       RowState = "warn"
	RowNotChecked RowState = "not-checked"
)

// SignInRow is one check of the verdict table: what was checked, the
// verdict, and for a failed row where in Entra to fix it.
type SignInRow struct {
	ID     string   `json:"id"`
	Label  string   `json:"label"`
	State  RowState `json:"state"`
	Detail string   `json:"detail"`
	// Fix names the Entra blade and field to change, for failed and
	// warning rows.
	Fix string `json:"fix,omitempty"`
}

// SignInCheck is the verdict on a captured sign-in.
type SignInCheck struct {
	// OK: nothing in the capture stands in the way of the sign-in.
	OK               bool                `json:"ok"`
	Customer         string              `json:"customer"`
	Format           capture.Format      `json:"format"`
	CapturedAt       *time.Time          `json:"captured_at"`
	CapturedAtSource capture.TimeSource  `json:"captured_at_source,omitempty"`
	Request          SignInRequest       `json:"request"`
	Response         SignInResponse      `json:"response"`
	ErrorPage        *capture.ErrorPage  `json:"error_page,omitempty"`
	User             *SignInUser         `json:"user,omitempty"`
	Rows             []SignInRow         `json:"checks"`
	Findings         []samlcheck.Finding `json:"findings"`
}

func (c *SignInCheck) add(code samlcheck.Code, sev samlcheck.Severity, msg, hint string) {
	c.Findings = append(c.Findings, samlcheck.Finding{Code: code, Severity: sev, Message: msg, Hint: hint})
}

// Where in Entra each thing is fixed, in the portal's words.
const (
	bladeBasic     = `Enterprise applications > pymetrics > Single sign-on > "Basic SAML Configuration" > Edit`
	bladeClaims    = `Enterprise applications > pymetrics > Single sign-on > "Attributes & Claims" > Edit`
	bladeCerts     = `Enterprise applications > pymetrics > Single sign-on > "SAML Certificates" > Edit`
	bladeUsers     = `Enterprise applications > pymetrics > Users and groups`
	bladeSignOnURL = "Start the sign-in from the pymetrics Sign on URL (or the pymetrics tile in My Apps), not from Entra."
)

// Names of the three claims pymetrics reads, in the order of Attributes().
const (
	claimFirstName = "UserFirstName"
	claimLastName  = "UserLastName"
	claimEmail     = "UserEmail"
)

// CheckSignIn judges a capture against the customer's values. Trust is
// samlcheck's: the response is verified with exp.Trusted and only verified
// values are judged or shown. Validity is judged at the time of the
// capture (exp.At, else what the capture records), never at the time of the
// check: a capture checked tomorrow has expired by then, and that is no
// fault.
func CheckSignIn(c *capture.Capture, exp SignInExpected) *SignInCheck {
	out := &SignInCheck{Customer: exp.URLs.Customer, Format: c.Format, Response: SignInResponse{SignedElement: string(samlcheck.SignedNone), Attributes: []samlcheck.Attribute{}}, Findings: []samlcheck.Finding{}}
	at, source := c.CapturedAt, c.CapturedAtSource
	if !exp.At.IsZero() {
		at, source = exp.At.UTC(), capture.TimeGiven
	}
	if !at.IsZero() {
		out.CapturedAt, out.CapturedAtSource = &at, source
	}

	if c.ErrorPage != nil {
		out.ErrorPage = c.ErrorPage
		out.errorPage(c.ErrorPage, exp.URLs)
	}
	var req *samlcheck.AuthnRequest
	if m := c.Request(); m != nil {
		req = samlcheck.ReadAuthnRequest(m.XML)
		out.Findings = append(out.Findings, req.Findings...)
		out.request(req, exp.URLs)
	}
	if m := c.Response(); m != nil {
		judgeAt := at
		if judgeAt.IsZero() {
			judgeAt = time.Now() // only for the certificate clamp; validity below uses the response's own times
		}
		rep := samlcheck.CheckResponse(m.XML, samlcheck.ResponseOptions{Trusted: exp.Trusted, At: judgeAt})
		out.response(rep, req, exp, at, source)
	}
	out.rows()
	out.OK = true
	for _, f := range out.Findings {
		if f.Severity == samlcheck.SeverityError {
			out.OK = false
		}
	}
	if c.Response() == nil {
		// A request alone, or an error page, shows where the sign-in
		// stopped; it does not show a sign-in that can succeed.
		out.OK = false
		if c.ErrorPage == nil {
			out.add(samlcheck.CodeSignInNoMessage, samlcheck.SeverityError,
				"The capture holds no SAML response, so it does not show whether Entra let the user sign in.",
				"Capture the whole sign-in: start recording, open the pymetrics Sign on URL, sign in, and stop only when pymetrics has opened (or shown an error).")
		}
	}
	return out
}

// errorPage explains an AADSTS code and compares the value it quotes.
func (out *SignInCheck) errorPage(ep *capture.ErrorPage, u URLs) {
	var known *SignInError
	for _, e := range SignInErrors(u) {
		if e.Code == ep.Code {
			known = &e
			break
		}
	}
	msg := "Entra refused the sign-in with " + ep.Code + "."
	hint := "Send the Request Id, Correlation Id and Timestamp to pymetrics support (" + SupportEmail + ")."
	if known != nil {
		msg = fmt.Sprintf("Entra refused the sign-in with %s (%s). %s", ep.Code, known.Title, known.Meaning)
		hint = known.Fix
		if known.Value != "" {
			hint += " " + known.Field.PortalLabel() + ": " + known.Value
		}
	}
	if ep.Quoted != "" {
		var f Field
		switch ep.Code {
		case "AADSTS700016":
			f = FieldIdentifier
		case "AADSTS50011":
			f = FieldReplyURL
		}
		if f != "" {
			want := u.Get(f)
			if ep.Quoted == want {
				msg += fmt.Sprintf(" The %s pymetrics sent, %q, is the right one, so the value in Entra differs from it.", f.ShortLabel(), ep.Quoted)
			} else {
				diffs := describeDiff(f, u, ep.Quoted)
				parts := make([]string, len(diffs))
				for i, d := range diffs {
					parts[i] = d.Message
				}
				msg += fmt.Sprintf(" The message quotes %q, which is not this customer's %s %q: %s", ep.Quoted, f.ShortLabel(), want, strings.Join(parts, " "))
				hint = "The sign-in did not start from this customer's pymetrics Sign on URL, or pymetrics is set up with other values: start from " + u.SignOnURL + ", and if the error stays, send the Request Id and Timestamp to pymetrics support (" + SupportEmail + ")."
			}
		}
	}
	out.Findings = append(out.Findings, samlcheck.Finding{Code: samlcheck.Code(ep.Code), Severity: samlcheck.SeverityError, Message: msg, Hint: hint})
}

// request compares the AuthnRequest with what the admin put in Entra: the
// Issuer must be the Identifier (else AADSTS700016), the ACS URL the Reply
// URL (else AADSTS50011).
func (out *SignInCheck) request(req *samlcheck.AuthnRequest, u URLs) {
	out.Request = SignInRequest{Present: true, ID: req.ID, Issuer: req.Issuer, ACSURL: req.ACSURL, NameIDPolicy: req.NameIDPolicy, AuthnContext: req.AuthnContext}
	if len(req.Findings) > 0 {
		out.Request = SignInRequest{Present: true}
		return
	}
	if req.Issuer != u.Identifier {
		out.add(samlcheck.CodeSignInRequestIssuerMismatch, samlcheck.SeverityError,
			fmt.Sprintf("pymetrics sent the Identifier %q, not %q. %s", req.Issuer, u.Identifier, diffText(FieldIdentifier, u, req.Issuer)),
			"The sign-in was started for another customer name, or pymetrics is set up with other values. Start from "+u.SignOnURL+"; if the request still names another Identifier, tell pymetrics support.")
	}
	if len(req.AuthnContext) > 0 {
		cmp := req.Comparison
		if cmp == "" {
			cmp = "exact"
		}
		out.add(samlcheck.CodeSignInRequestAuthnContext, samlcheck.SeverityInfo,
			fmt.Sprintf("pymetrics asks Entra for a particular way of signing in (%s, comparison %s). A user whose session was made another way (Windows Hello, a certificate, passwordless) gets AADSTS75011.", strings.Join(req.AuthnContext, ", "), cmp),
			"If AADSTS75011 appears, sign out, start again from "+u.SignOnURL+" and sign in with a password; if it keeps happening, tell pymetrics support, who set this on their side.")
	}
	if req.ACSURL != "" && req.ACSURL != u.ReplyURL {
		out.add(samlcheck.CodeSignInRequestACSMismatch, samlcheck.SeverityError,
			fmt.Sprintf("pymetrics asked Entra to send the sign-in to %q, not to the Reply URL %q. %s", req.ACSURL, u.ReplyURL, diffText(FieldReplyURL, u, req.ACSURL)),
			"Entra accepts the request only when this address is one of the Reply URLs in "+bladeBasic+". Tell pymetrics support which address their request carries.")
	}
}

func diffText(f Field, u URLs, got string) string {
	diffs := describeDiff(f, u, got)
	parts := make([]string, len(diffs))
	for i, d := range diffs {
		parts[i] = d.Message
	}
	return strings.Join(parts, " ")
}

// response judges the checked response.
func (out *SignInCheck) response(rep *samlcheck.ResponseReport, req *samlcheck.AuthnRequest, exp SignInExpected, at time.Time, source capture.TimeSource) {
	u := exp.URLs
	out.Findings = append(out.Findings, rep.Findings...)
	r := &out.Response
	r.Present = true
	r.Status = rep.Status
	r.StatusVerified = rep.StatusVerified
	r.StatusMessage = rep.StatusMessage
	r.SignedElement = string(rep.Signed)
	r.SignatureValid = rep.Verified()
	r.SignatureAlgorithm = rep.SignatureAlgorithm
	r.SignerSHA1Thumbprint = rep.SignerSHA1Thumbprint
	r.Encrypted = rep.Encrypted

	if rep.Status != "" && rep.Status != "Success" {
		msg := fmt.Sprintf("Entra answered with the status %q: the sign-in failed in Entra.", strings.Join(rep.StatusCodes, " / "))
		hint := "Send the response's time to pymetrics support with the sign-in log entry from Entra (Enterprise applications > pymetrics > Sign-in logs)."
		if !rep.StatusVerified {
			msg = fmt.Sprintf("The (unsigned) response reports the status %q: the sign-in failed in Entra.", strings.Join(rep.StatusCodes, " / "))
		}
		if rep.AADSTS != "" {
			msg += " Entra's error code is " + rep.AADSTS + "."
			for _, e := range SignInErrors(u) {
				if e.Code == rep.AADSTS {
					msg += " " + e.Meaning
					hint = e.Fix
					if e.Value != "" {
						hint += " " + e.Field.PortalLabel() + ": " + e.Value
					}
				}
			}
		}
		if rep.StatusMessage != "" {
			msg += " Entra's message: " + rep.StatusMessage
		}
		out.add(samlcheck.CodeSignInStatusFailed, samlcheck.SeverityError, msg, hint)
	}
	if !rep.Verified() {
		return
	}

	// Trust boundary: everything below comes from verified elements.
	r.Issuer = rep.Issuer
	r.Destination = rep.Destination
	r.InResponseTo = rep.InResponseTo
	if rep.Signed == samlcheck.SignedResponse {
		out.add(samlcheck.CodeSignInSigningOption, samlcheck.SeverityWarning,
			`Entra signs only the response, not the assertion ("Signing Option: Sign SAML response"). Entra's default, which the pymetrics application is set up for, is "Sign SAML assertion".`,
			`In `+bladeCerts+`, set "Signing Option" to "Sign SAML assertion" (or "Sign SAML response and assertion"), save, and sign in again.`)
	}
	if !rep.SignerNotAfter.IsZero() && !at.IsZero() && source != capture.TimeExport && at.After(rep.SignerNotAfter) {
		out.add(samlcheck.CodeSignInSignerCertificateExpired, samlcheck.SeverityError,
			fmt.Sprintf("The certificate that signed the response expired on %s, before the sign-in; pymetrics refuses responses signed with an expired certificate.", rep.SignerNotAfter.Format("2 January 2006")),
			`In `+bladeCerts+`, create a new certificate, make it Active, and send the new Federation Metadata XML to pymetrics support.`)
	}
	if exp.EntityID != "" && rep.Issuer != exp.EntityID {
		out.add(samlcheck.CodeSignInWrongIssuer, samlcheck.SeverityError,
			fmt.Sprintf("The response's Issuer is %q, but the customer's metadata names %q: it comes from another tenant or application than the metadata pymetrics has.", rep.Issuer, exp.EntityID),
			"Sign in with an account of the tenant whose Federation Metadata XML pymetrics has, or send pymetrics support the metadata of the tenant you use.")
	}
	a := rep.Assertion
	if a == nil {
		return // a failed status, or an encrypted assertion: said above
	}
	if len(a.Audiences) > 0 {
		r.Audience = a.Audiences[0]
	}
	r.Recipient = a.Recipient
	r.NameID, r.NameIDFormat = a.NameID, a.NameIDFormat
	r.NotBefore, r.NotOnOrAfter = a.NotBefore, a.NotOnOrAfter
	r.Attributes = a.Attributes
	if r.InResponseTo == "" {
		r.InResponseTo = a.InResponseTo
	}

	audienceOK := false
	for _, au := range a.Audiences {
		audienceOK = audienceOK || au == u.Identifier
	}
	if !audienceOK {
		got := "no Audience"
		detail := ""
		if r.Audience != "" {
			got = fmt.Sprintf("the Audience %q", r.Audience)
			detail = " " + diffText(FieldIdentifier, u, r.Audience)
		}
		out.add(samlcheck.CodeSignInAudienceMismatch, samlcheck.SeverityError,
			fmt.Sprintf("The assertion carries %s, not the Identifier %q; pymetrics refuses an assertion meant for another audience.%s", got, u.Identifier, detail),
			`In `+bladeBasic+`, set "Identifier (Entity ID)" to exactly `+u.Identifier+` (and make it the default), save, and sign in again.`)
	}
	for _, v := range []struct{ what, got string }{{"SubjectConfirmationData Recipient", a.Recipient}, {"response's Destination", rep.Destination}} {
		if v.got == "" && v.what != "SubjectConfirmationData Recipient" {
			continue // Destination is optional, and unknown when only the assertion is signed
		}
		if v.got != u.ReplyURL {
			out.add(samlcheck.CodeSignInRecipientMismatch, samlcheck.SeverityError,
				fmt.Sprintf("The %s is %q, not the Reply URL %q. %s", v.what, v.got, u.ReplyURL, diffText(FieldReplyURL, u, v.got)),
				`In `+bladeBasic+`, set "Reply URL (Assertion Consumer Service URL)" to exactly `+u.ReplyURL+` and make it the default, save, and sign in again.`)
		}
	}
	switch {
	case r.InResponseTo == "":
		out.add(samlcheck.CodeSignInIdPInitiated, samlcheck.SeverityError,
			"The response answers no request (no InResponseTo): the sign-in was started from Entra (My Apps, or \"Test\" in the portal) rather than from pymetrics. pymetrics supports only sign-in started by pymetrics.",
			bladeSignOnURL+" Sign on URL: "+u.SignOnURL)
	case req != nil && req.ID != "" && r.InResponseTo != req.ID:
		out.add(samlcheck.CodeSignInInResponseToMismatch, samlcheck.SeverityError,
			fmt.Sprintf("The response answers the request %q, but the captured request pymetrics sent is %q: the response belongs to another sign-in attempt (an old tab, a second attempt, or a replay).", r.InResponseTo, req.ID),
			"Close other pymetrics and Entra tabs, start once from "+u.SignOnURL+" and capture that one sign-in.")
	}
	out.validity(a, at, source)
	out.claims(a)
}

// validity judges NotBefore and NotOnOrAfter at the capture time.
func (out *SignInCheck) validity(a *samlcheck.Assertion, at time.Time, source capture.TimeSource) {
	end := a.NotOnOrAfter
	if !a.SubjectNotOnOrAfter.IsZero() && (end.IsZero() || a.SubjectNotOnOrAfter.Before(end)) {
		end = a.SubjectNotOnOrAfter
	}
	if !a.NotBefore.IsZero() && !end.IsZero() && !a.NotBefore.Before(end) {
		out.add(samlcheck.CodeSignInExpired, samlcheck.SeverityError,
			fmt.Sprintf("The assertion's validity is empty: NotBefore %s is not before NotOnOrAfter %s.", stamp(a.NotBefore), stamp(end)),
			"Entra does not issue such assertions; send the capture's verdict to pymetrics support.")
		return
	}
	if at.IsZero() {
		out.add(samlcheck.CodeSignInNoCaptureTime, samlcheck.SeverityInfo,
			fmt.Sprintf("The capture does not record when it was made, so whether the assertion (valid %s to %s) was still valid when it arrived was not judged.", stamp(a.NotBefore), stamp(end)),
			"Give the time with --at, or capture as a HAR file or SAML-tracer export, which record it.")
		return
	}
	if !a.NotBefore.IsZero() && at.Before(a.NotBefore) {
		out.add(samlcheck.CodeSignInNotYetValid, samlcheck.SeverityError,
			fmt.Sprintf("At the capture (%s) the assertion was not yet valid: it is valid from %s. The clocks of Entra and pymetrics, or of this computer, disagree.", stamp(at), stamp(a.NotBefore)),
			"Check the computer's clock and time zone, then sign in again.")
	}
	// An export time is only an upper bound: the response may have
	// arrived long before it, so expiry cannot be judged from it.
	if !end.IsZero() && !at.Before(end) && source != capture.TimeExport {
		out.add(samlcheck.CodeSignInExpired, samlcheck.SeverityError,
			fmt.Sprintf("At the capture (%s) the assertion had expired: it was valid until %s. pymetrics refuses a response that arrives late (a slow or replayed sign-in).", stamp(at), stamp(end)),
			"Sign in again from the pymetrics Sign on URL without pausing between Entra and pymetrics.")
	}
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "(not given)"
	}
	return t.UTC().Format("2006-01-02 15:04:05Z")
}

// claims checks the three pymetrics claims and fills the user.
func (out *SignInCheck) claims(a *samlcheck.Assertion) {
	user := &SignInUser{}
	// The claims are the attribute table's, the one list the Attributes
	// step shows and the bundle records.
	for _, spec := range Attributes() {
		want := spec.Name
		at := findAttr(a.Attributes, want)
		fix := fmt.Sprintf("In %s, open the claim and set Name to exactly %s with an empty Namespace and Source attribute %s.", bladeClaims, want, spec.Source)
		if at == nil {
			if ns := namespacedAttr(a.Attributes, want); ns != nil {
				out.add(samlcheck.CodeSignInClaimNamespaced, samlcheck.SeverityError,
					fmt.Sprintf("The claim %s arrives as %q: it carries a namespace, and pymetrics reads exactly %q.", want, ns.Name, want),
					fmt.Sprintf("In %s, select the claim %s and clear its Namespace field, then save.", bladeClaims, want))
			} else if ci := caseAttr(a.Attributes, want); ci != nil {
				out.add(samlcheck.CodeSignInClaimCase, samlcheck.SeverityError,
					fmt.Sprintf("The claim %s arrives as %q: claim names are case-sensitive and pymetrics reads exactly %q.", want, ci.Name, want), fix)
			} else {
				out.add(samlcheck.CodeSignInClaimMissing, samlcheck.SeverityError,
					fmt.Sprintf("The response carries no claim %s; pymetrics needs it to create the user.", want), fix)
			}
			continue
		}
		v := ""
		for _, x := range at.Values {
			if strings.TrimSpace(x) != "" {
				v = x
				break
			}
		}
		if v == "" {
			out.add(samlcheck.CodeSignInClaimEmpty, samlcheck.SeverityError,
				fmt.Sprintf("The claim %s is empty for this user: its source attribute %s has no value.", want, spec.Source),
				"Fill the user's "+sourceLabel(want)+" in Entra (Users > the user > Edit properties), or pick another Source attribute in "+bladeClaims+".")
			continue
		}
		switch want {
		case claimFirstName:
			user.FirstName = v
		case claimLastName:
			user.LastName = v
		case claimEmail:
			user.Email = v
			if !emailLike(v) {
				out.add(samlcheck.CodeSignInEmailInvalid, samlcheck.SeverityError,
					fmt.Sprintf("The claim UserEmail is %q, which is not an e-mail address.", v),
					"In "+bladeClaims+", set the Source attribute of UserEmail to user.userprincipalname (or user.mail when every user has a mailbox).")
			} else if strings.HasSuffix(strings.ToLower(v), ".onmicrosoft.com") {
				out.add(samlcheck.CodeSignInOnMicrosoftUPN, samlcheck.SeverityWarning,
					fmt.Sprintf("UserEmail is %q, an address on Microsoft's onmicrosoft.com domain: fine for a test user, but real users should sign in with the company's domain, or pymetrics accounts will not match their e-mail.", v),
					"For real users, give them a user principal name on the company's verified domain (Entra > Users), or map UserEmail to user.mail in "+bladeClaims+".")
			}
		}
	}
	if *user != (SignInUser{}) {
		out.User = user
	}
}

// emailLike accepts what pymetrics can use as a login address: one "@",
// something before it, a domain with a dot after it, and no spaces, angle
// brackets or commas (a display name or a list is not an address).
func emailLike(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || strings.Count(s, "@") != 1 || strings.ContainsAny(s, " \t\r\n<>,;\"") {
		return false
	}
	domain := s[at+1:]
	return strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".") && !strings.Contains(domain, "..")
}

func findAttr(as []samlcheck.Attribute, name string) *samlcheck.Attribute {
	for i := range as {
		if as[i].Name == name {
			return &as[i]
		}
	}
	return nil
}

// namespacedAttr finds name behind a namespace: Entra prefixes a claim with
// http://schemas.xmlsoap.org/ws/2005/05/identity/claims/ by default.
func namespacedAttr(as []samlcheck.Attribute, name string) *samlcheck.Attribute {
	for i := range as {
		n := as[i].Name
		if len(n) > len(name) && strings.EqualFold(n[len(n)-len(name):], name) && strings.ContainsAny(n[len(n)-len(name)-1:len(n)-len(name)], "/:#") {
			return &as[i]
		}
	}
	return nil
}

func caseAttr(as []samlcheck.Attribute, name string) *samlcheck.Attribute {
	for i := range as {
		if strings.EqualFold(strings.TrimSpace(as[i].Name), name) {
			return &as[i]
		}
	}
	return nil
}

func sourceLabel(claim string) string {
	switch claim {
	case claimFirstName:
		return "First name"
	case claimLastName:
		return "Last name"
	}
	return "User principal name"
}

// JSON is the check as the command line's --json prints it: indented, with
// "&", "<" and ">" left as they are (they appear in portal paths).
func (out *SignInCheck) JSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	err := enc.Encode(out)
	return b.Bytes(), err
}

// rowSpec is one row of the verdict table: the findings that fail it, when
// it applies, and what a pass says.
type rowSpec struct {
	id, label string
	codes     []samlcheck.Code
	applies   func(c *SignInCheck) bool
	pass      func(c *SignInCheck) string
}

// isVerified: a trusted signature holds, so what the response says counts.
func isVerified(c *SignInCheck) bool { return c.Response.SignatureValid }
func hasValues(c *SignInCheck) bool {
	return c.Response.SignatureValid && (c.Response.Recipient != "" || c.Response.NameID != "" || len(c.Response.Attributes) > 0)
}

var signInRows = []rowSpec{
	{"status", "Entra's answer", []samlcheck.Code{samlcheck.CodeSignInStatusFailed, samlcheck.CodeSignInNoMessage},
		// An unverified "Success" proves nothing, so it passes nothing.
		func(c *SignInCheck) bool { return c.Response.SignatureValid },
		func(c *SignInCheck) string { return "Entra let the user sign in (status Success)." }},
	{"signature", "Signature", []samlcheck.Code{samlcheck.CodeSignInUnsigned, samlcheck.CodeSignInSignatureInvalid, samlcheck.CodeSignInStructure,
		samlcheck.CodeSignInNotResponse, samlcheck.CodeSignInWeakAlgorithm, samlcheck.CodeSignInSigningOption, samlcheck.CodeInputDoctype,
		samlcheck.CodeInputDuplicateAttribute, samlcheck.CodeInputMalformed, samlcheck.CodeInputTooDeep, samlcheck.CodeInputTooLarge,
		samlcheck.CodeInputTooManyElements, samlcheck.CodeInputTooManyNamespaces, samlcheck.CodeInputEncoding, samlcheck.CodeInputInvalidUTF8,
		samlcheck.CodeInputEmpty, samlcheck.CodeInternalError},
		isVerified,
		func(c *SignInCheck) string {
			return fmt.Sprintf("The %s is signed (%s) and the signature holds.", c.Response.SignedElement, c.Response.SignatureAlgorithm)
		}},
	{"signer", "Signing certificate", []samlcheck.Code{samlcheck.CodeSignInUntrustedSigner, samlcheck.CodeSignInSignerCertificateExpired},
		isVerified,
		func(c *SignInCheck) string {
			return "Signed by " + c.Response.SignerSHA1Thumbprint + ", a signing certificate of the customer's metadata."
		}},
	{"encryption", "Token encryption", []samlcheck.Code{samlcheck.CodeSignInEncrypted}, isVerified,
		func(c *SignInCheck) string { return "Off: the assertion is readable by pymetrics." }},
	{"issuer", "Issuer", []samlcheck.Code{samlcheck.CodeSignInWrongIssuer}, isVerified,
		func(c *SignInCheck) string { return c.Response.Issuer + ", the tenant of the metadata." }},
	{"audience", "Identifier (Audience)", []samlcheck.Code{samlcheck.CodeSignInAudienceMismatch}, hasValues,
		func(c *SignInCheck) string { return c.Response.Audience }},
	{"reply-url", "Reply URL (Recipient)", []samlcheck.Code{samlcheck.CodeSignInRecipientMismatch}, hasValues,
		func(c *SignInCheck) string { return c.Response.Recipient }},
	{"sp-initiated", "Started by pymetrics", []samlcheck.Code{samlcheck.CodeSignInIdPInitiated, samlcheck.CodeSignInInResponseToMismatch}, hasValues,
		func(c *SignInCheck) string {
			return "The response answers pymetrics' request " + c.Response.InResponseTo + "."
		}},
	{"validity", "Valid when it arrived", []samlcheck.Code{samlcheck.CodeSignInExpired, samlcheck.CodeSignInNotYetValid, samlcheck.CodeSignInNoCaptureTime}, hasValues,
		func(c *SignInCheck) string {
			return fmt.Sprintf("Valid %s to %s; captured %s.", stamp(c.Response.NotBefore), stamp(c.Response.NotOnOrAfter), stamp(*c.CapturedAt))
		}},
	{"claims", "Claims", []samlcheck.Code{samlcheck.CodeSignInClaimMissing, samlcheck.CodeSignInClaimNamespaced,
		samlcheck.CodeSignInClaimCase, samlcheck.CodeSignInClaimEmpty, samlcheck.CodeSignInEmailInvalid, samlcheck.CodeSignInOnMicrosoftUPN}, hasValues,
		func(c *SignInCheck) string {
			return c.User.String()
		}},
	{"request", "pymetrics' request", []samlcheck.Code{samlcheck.CodeSignInRequestIssuerMismatch, samlcheck.CodeSignInRequestACSMismatch, samlcheck.CodeSignInRequestMalformed},
		func(c *SignInCheck) bool { return c.Request.Present },
		func(c *SignInCheck) string {
			return "Identifier " + c.Request.Issuer + ", Reply URL " + c.Request.ACSURL + "."
		}},
}

// rows builds the verdict table from the findings.
func (out *SignInCheck) rows() {
	for _, spec := range signInRows {
		row := SignInRow{ID: spec.id, Label: spec.label}
		var hit []samlcheck.Finding
		for _, f := range out.Findings {
			for _, code := range spec.codes {
				if f.Code == code || (spec.id == "status" && strings.HasPrefix(string(f.Code), "AADSTS")) {
					hit = append(hit, f)
					break
				}
			}
		}
		if !out.Response.Present && len(hit) == 0 && spec.id != "request" {
			continue // nothing of a response to judge: the status row explains
		}
		switch {
		case len(hit) == 0 && !spec.applies(out):
			row.State = RowNotChecked
			row.Detail = "Not checked: the capture does not show it (see the rows above)."
			if out.Response.Present && !out.Response.SignatureValid {
				row.Detail = "Not judged: no signature of the customer's metadata holds over the response, so nothing it says counts (see the rows above)."
			}
			if spec.id == "request" {
				row.Detail = "Not in the capture (a HAR file or SAML-tracer export of the whole sign-in holds it)."
			}
		case len(hit) == 0:
			row.State = RowPass
			row.Detail = spec.pass(out)
		default:
			row.State = RowWarn
			for _, f := range hit {
				if f.Severity == samlcheck.SeverityError {
					row.State = RowFail
				}
			}
			if row.State == RowWarn && hit[0].Code == samlcheck.CodeSignInNoCaptureTime {
				row.State = RowNotChecked
			}
			msgs := make([]string, len(hit))
			for i, f := range hit {
				msgs[i] = f.Message
			}
			row.Detail = strings.Join(msgs, " ")
			row.Fix = hit[0].Hint
		}
		out.Rows = append(out.Rows, row)
	}
}

// ErrMetadataUnverified: the metadata given to judge a sign-in against did
// not verify, so it names no certificate the sign-in may be signed with.
var ErrMetadataUnverified = errors.New("wizard: the metadata's signature was not verified")

// SignInExpectedFrom builds the expected values from the customer's URLs and
// a metadata report: its verified entity ID and its signing certificates
// (every one whose use is signing or unspecified, as during a rollover).
func SignInExpectedFrom(u URLs, rep *samlcheck.Report) (SignInExpected, error) {
	if rep == nil || !rep.Signature.Valid {
		return SignInExpected{}, ErrMetadataUnverified
	}
	exp := SignInExpected{URLs: u, EntityID: rep.EntityID}
	for _, c := range rep.Certificates {
		if c.Use != "encryption" && c.Source == "metadata" && len(c.DER) > 0 {
			exp.Trusted = append(exp.Trusted, c.DER)
		}
	}
	return exp, nil
}

// stateWords are the verdict words of the text output.
var stateWords = map[RowState]string{RowPass: "ok", RowFail: "FAIL", RowWarn: "warn", RowNotChecked: "-"}

// WriteText writes the check for people: the verdict, who signed in, one
// line per check, and every finding with what to do.
func (out *SignInCheck) WriteText(w io.Writer) error {
	var b strings.Builder
	if out.OK {
		b.WriteString("OK: nothing in this capture stands in the way of the sign-in.\n")
	} else {
		b.WriteString("PROBLEMS: this capture shows what stops the sign-in (below, with where to fix it in Entra).\n")
	}
	if out.CapturedAt != nil {
		fmt.Fprintf(&b, "Captured: %s (%s)\n", stamp(*out.CapturedAt), out.CapturedAtSource)
	}
	if out.User != nil {
		fmt.Fprintf(&b, "Signed in: %s\n", out.User)
	}
	b.WriteString("\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, r := range out.Rows {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", stateWords[r.State], r.Label, firstSentence(r.Detail))
	}
	tw.Flush()
	if r := out.Response; r.SignatureValid && (r.NameID != "" || len(r.Attributes) > 0) {
		b.WriteString("\nWhat Entra sent (from the verified assertion):\n")
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "  NameID\t%s\t%s\n", r.NameID, r.NameIDFormat)
		for _, a := range r.Attributes {
			fmt.Fprintf(tw, "  %s\t%s\n", a.Name, strings.Join(a.Values, "; "))
		}
		tw.Flush()
	}
	if len(out.Findings) > 0 {
		b.WriteString("\nFindings:\n")
		for _, f := range out.Findings {
			fmt.Fprintf(&b, "  [%s] %s: %s\n", f.Severity, f.Code, f.Message)
			if f.Hint != "" {
				fmt.Fprintf(&b, "      Fix: %s\n", f.Hint)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i > 0 && i < 140 {
		return s[:i+1]
	}
	if r := []rune(s); len(r) > 160 {
		return string(r[:157]) + "..."
	}
	return s
}
