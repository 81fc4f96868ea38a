package samlcheck

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/beevik/etree"
	"github.com/russellhaering/goxmldsig/etreeutils"
)

// DefaultMessageMaxSize caps a decoded SAML message. Entra's responses are a
// few KB (tens of KB with many group claims); the cap bounds the work an
// oversized capture can cause.
const DefaultMessageMaxSize = 1 << 20

// SignedElement says which part of a SAML response carries a signature that
// verified with a trusted certificate. The values are part of the JSON
// output; they match Entra's "Signing Option" choices.
type SignedElement string

const (
	SignedNone      SignedElement = "none"
	SignedAssertion SignedElement = "assertion"
	SignedResponse  SignedElement = "response"
	SignedBoth      SignedElement = "both"
)

// ResponseOptions tune CheckResponse.
type ResponseOptions struct {
	// Trusted are the signing certificates (DER) the response may be signed
	// with: those of the customer's verified metadata or onboarding bundle.
	// Values are read only from an element one of them verified.
	Trusted [][]byte
	// At is the time the signature's certificate is judged at (the capture
	// time); zero means time.Now(). Validity of the assertion itself is
	// judged by the caller from the returned times.
	At time.Time
	// MaxSize caps the message in bytes; zero means DefaultMessageMaxSize.
	MaxSize int64
}

// Attribute is one SAML attribute of the verified assertion.
type Attribute struct {
	Name       string   `json:"name"`
	NameFormat string   `json:"name_format,omitempty"`
	Values     []string `json:"values"`
}

// Assertion is what the verified assertion says. Every field comes from the
// element signature verification returned.
type Assertion struct {
	ID           string    `json:"id"`
	Issuer       string    `json:"issuer"`
	NameID       string    `json:"name_id"`
	NameIDFormat string    `json:"name_id_format,omitempty"`
	Audiences    []string  `json:"audiences"`
	Recipient    string    `json:"recipient,omitempty"`
	InResponseTo string    `json:"in_response_to,omitempty"`
	NotBefore    time.Time `json:"not_before,omitzero"`
	NotOnOrAfter time.Time `json:"not_on_or_after,omitzero"`
	// SubjectNotOnOrAfter is SubjectConfirmationData's NotOnOrAfter: when
	// the response stops being acceptable to pymetrics.
	SubjectNotOnOrAfter time.Time   `json:"subject_not_on_or_after,omitzero"`
	AuthnInstant        time.Time   `json:"authn_instant,omitzero"`
	Attributes          []Attribute `json:"attributes"`
}

// ResponseReport is everything CheckResponse established about one SAML
// Response. Fields other than Present, Status, AADSTS, Encrypted, Signed,
// the algorithms and the signer's thumbprint are empty unless a trusted
// certificate verified the element they come from.
type ResponseReport struct {
	Present bool `json:"present"`
	// Status is the short name of the top-level StatusCode ("Success",
	// "Requester", ...). It is one of the fixed SAML status names even when
	// read from an unsigned response, so it can never carry a sender's text;
	// StatusVerified says whether a trusted signature covered it.
	Status         string   `json:"status,omitempty"`
	StatusCodes    []string `json:"status_codes,omitempty"`
	StatusVerified bool     `json:"status_verified"`
	// StatusMessage is only set from a verified response.
	StatusMessage string `json:"status_message,omitempty"`
	// AADSTS is the Entra error code ("AADSTS50105") in the StatusMessage;
	// the pattern admits only the code, so it is safe to show unverified.
	AADSTS string `json:"aadsts,omitempty"`

	ID           string    `json:"id,omitempty"`
	Issuer       string    `json:"issuer,omitempty"`
	Destination  string    `json:"destination,omitempty"`
	InResponseTo string    `json:"in_response_to,omitempty"`
	IssueInstant time.Time `json:"issue_instant,omitzero"`

	Signed             SignedElement `json:"signed_element"`
	SignatureValid     bool          `json:"signature_valid"`
	SignatureAlgorithm string        `json:"signature_algorithm,omitempty"`
	DigestAlgorithm    string        `json:"digest_algorithm,omitempty"`
	// SignerSHA1Thumbprint names the certificate whose key made a signature
	// that holds, trusted or not (a thumbprint is a hash, never the
	// sender's text); SignerTrusted says it is one of ResponseOptions.Trusted.
	SignerSHA1Thumbprint string     `json:"signer_sha1_thumbprint,omitempty"`
	SignerTrusted        bool       `json:"signer_trusted"`
	SignerNotAfter       time.Time  `json:"-"`
	Encrypted            bool       `json:"encrypted"`
	Assertion            *Assertion `json:"assertion,omitempty"`
	Findings             []Finding  `json:"findings"`
}

// Verified reports whether the report's values come from a trusted signature.
func (r *ResponseReport) Verified() bool { return r.SignatureValid && r.SignerTrusted }

func (r *ResponseReport) add(f Finding) { r.Findings = append(r.Findings, f) }

// Status codes of SAML 2.0 core, section 3.2.2.2. Only these names are ever
// shown for a status read from an unsigned response.
var statusNames = map[string]string{}

func init() {
	for _, n := range []string{"Success", "Requester", "Responder", "VersionMismatch",
		"AuthnFailed", "InvalidAttrNameOrValue", "InvalidNameIDPolicy", "NoAuthnContext",
		"NoAvailableIDP", "NoPassive", "NoSupportedIDP", "PartialLogout", "ProxyCountExceeded",
		"RequestDenied", "RequestUnsupported", "RequestVersionDeprecated", "RequestVersionTooHigh",
		"RequestVersionTooLow", "ResourceNotRecognized", "TooManyResponses", "UnknownAttrProfile",
		"UnknownPrincipal", "UnsupportedBinding"} {
		statusNames["urn:oasis:names:tc:SAML:2.0:status:"+n] = n
	}
}

// aadstsCode finds Entra's error code in a message.
var aadstsCode = regexp.MustCompile(`\bAADSTS[0-9]{4,7}\b`)

// captureHint is the hint for a capture that cannot be read as it is.
const captureHint = "Capture the sign-in again (see \"How to capture a sign-in\") and check the new file without opening it in an editor: any change to the SAML message breaks its signature."

// wrappingHint is the hint for a response whose shape could hide content.
const wrappingHint = "Entra never sends a response shaped like this. Capture the sign-in again; if the capture came from someone else, ask for a fresh one and tell pymetrics support."

// CheckResponse judges one decoded SAML Response (the XML, not base64): the
// same pre-checks as metadata (size, encoding, DOCTYPE, duplicate
// attributes, depth), a shape that leaves no room for signature wrapping,
// goxmldsig's verification of each signature with each trusted
// certificate, and then the values, read only from the verified element.
// It never returns nil and never panics.
func CheckResponse(data []byte, opts ResponseOptions) *ResponseReport {
	r := &ResponseReport{Present: true, Signed: SignedNone}
	at := opts.At
	if at.IsZero() {
		at = time.Now()
	}
	func() {
		defer func() {
			if p := recover(); p != nil {
				*r = ResponseReport{Present: true, Signed: SignedNone, Findings: r.Findings}
				r.add(Finding{Code: CodeInternalError, Severity: SeverityError,
					Message: "The assistant failed while checking the SAML response, so it could not judge it. This is a defect in the assistant.",
					Hint:    fmt.Sprintf("Please tell pymetrics support (without sending the capture). Detail: %v", p)})
			}
		}()
		root := parseMessage(data, opts.MaxSize, func(f Finding) { r.add(f) })
		if root == nil {
			return
		}
		if root.Tag != "Response" || root.NamespaceURI() != nsProtocol {
			r.add(Finding{Code: CodeSignInNotResponse, Severity: SeverityError,
				Message: fmt.Sprintf("The message is <%s>, not a SAML <Response>, so it is not what Entra sends pymetrics after a sign-in.", truncate(root.Tag, 60)),
				Hint:    captureHint})
			return
		}
		checkResponseTree(r, root, opts.Trusted, at.UTC())
	}()
	return r
}

// parseMessage runs the byte and token pre-checks on a SAML message and
// returns its unverified root, or nil after reporting why not.
func parseMessage(data []byte, maxSize int64, add func(Finding)) *etree.Element {
	limit := maxSize
	if limit <= 0 {
		limit = DefaultMessageMaxSize
	}
	if int64(len(data)) > limit {
		add(Finding{Code: CodeInputTooLarge, Severity: SeverityError,
			Message: fmt.Sprintf("The SAML message is too large (%s; the limit is %s). Entra's messages are a few kilobytes.", humanSize(int64(len(data))), humanSize(limit)),
			Hint:    captureHint})
		return nil
	}
	text, _, f := decodeText(data)
	switch {
	case isBlank(data):
		add(Finding{Code: CodeInputEmpty, Severity: SeverityError, Message: "The SAML message is empty.", Hint: captureHint})
		return nil
	case f != nil:
		f.Message = strings.Replace(f.Message, "The file", "The SAML message", 1)
		f.Hint = captureHint
		add(*f)
		return nil
	case bytes.IndexByte(text, 0) >= 0 || !utf8.Valid(text):
		add(Finding{Code: CodeInputInvalidUTF8, Severity: SeverityError,
			Message: "The SAML message contains bytes that are not UTF-8 text; it was damaged.", Hint: captureHint})
		return nil
	case !startsLikeXML(text):
		add(Finding{Code: CodeInputMalformed, Severity: SeverityError,
			Message: "The SAML message is not XML.", Hint: captureHint})
		return nil
	}
	if declared := declaredEncoding(text); !encodingCompatible(declared, "UTF-8") {
		add(Finding{Code: CodeInputEncoding, Severity: SeverityError,
			Message: fmt.Sprintf("The SAML message declares the character encoding %q; Entra writes UTF-8.", declared), Hint: captureHint})
		return nil
	}
	scan := scanXML(text, elementLimit(limit))
	for _, f := range scan.findings {
		f.Message = strings.Replace(f.Message, "The file", "The SAML message", 1)
		if f.Code == CodeInputDoctype || f.Code == CodeInputDuplicateAttribute {
			f.Hint = wrappingHint
		} else {
			f.Hint = captureHint
		}
		add(f)
	}
	if scan.fatal {
		return nil
	}
	// The scan refused what etree must not see and what is not
	// well-formed; a parse error here would be a defect, still reported.
	doc := etree.NewDocument()
	doc.ReadSettings.CharsetReader = charsetReader
	if err := doc.ReadFromBytes(text); err != nil || doc.Root() == nil {
		add(Finding{Code: CodeInputMalformed, Severity: SeverityError,
			Message: "The SAML message is not well-formed XML.", Hint: captureHint})
		return nil
	}
	return doc.Root()
}

// shape is where the parts of a response sit, found by walking the whole
// unverified tree once.
type shape struct {
	assertion, encrypted *etree.Element // the one direct child, if any
	responseSig          *etree.Element // a Signature directly under the Response
	assertionSig         *etree.Element // a Signature directly under the Assertion
	problem              string         // why the shape is refused
}

// responseShape enforces the rules that make signature wrapping impossible:
// at most one Assertion or EncryptedAssertion in the whole document, a
// direct child of the Response; signatures only directly under the Response
// or directly under that Assertion, at most one each. A verifier that checks
// one element while a reader uses another needs a second candidate
// somewhere; none is allowed.
func responseShape(root *etree.Element) shape {
	var s shape
	var walk func(el *etree.Element, depth int, inAssertion bool)
	walk = func(el *etree.Element, depth int, inAssertion bool) {
		for _, c := range el.ChildElements() {
			if s.problem != "" {
				return
			}
			ns := c.NamespaceURI()
			switch {
			case c.Tag == "Signature" && ns == nsDSig:
				switch {
				case depth == 0 && s.responseSig == nil:
					s.responseSig = c
				case depth == 1 && inAssertion && el == s.assertion && s.assertionSig == nil:
					s.assertionSig = c
				case depth == 0 || depth == 1 && el == s.assertion:
					s.problem = fmt.Sprintf("<%s> carries more than one signature", el.Tag)
				default:
					s.problem = fmt.Sprintf("a signature sits inside <%s>, where Entra never puts one", el.Tag)
				}
				if s.problem == "" && holdsAssertion(c) {
					s.problem = "an assertion is hidden inside a signature"
				}
				continue // a Signature's insides are not part of the message
			case (c.Tag == "Assertion" && (ns == nsAssertion || ns == nsSAML11)) || (c.Tag == "EncryptedAssertion" && ns == nsAssertion):
				switch {
				case depth != 0:
					s.problem = fmt.Sprintf("an assertion sits inside <%s> instead of directly under the response", el.Tag)
				case s.assertion != nil || s.encrypted != nil:
					s.problem = "the response holds more than one assertion"
				case c.Tag == "EncryptedAssertion":
					s.encrypted = c
				case ns == nsSAML11:
					s.problem = "the assertion is SAML 1.1, not SAML 2.0"
				default:
					s.assertion = c
				}
				if s.problem != "" {
					return
				}
				walk(c, depth+1, c == s.assertion)
				continue
			}
			walk(c, depth+1, false)
		}
	}
	walk(root, 0, false)
	return s
}

// holdsAssertion reports whether an assertion sits anywhere below el.
func holdsAssertion(el *etree.Element) bool {
	for _, c := range el.ChildElements() {
		if c.Tag == "Assertion" || c.Tag == "EncryptedAssertion" || holdsAssertion(c) {
			return true
		}
	}
	return false
}

// checkResponseTree verifies and reads a pre-checked Response.
func checkResponseTree(r *ResponseReport, root *etree.Element, trustedDER [][]byte, at time.Time) {
	// Status codes are a closed set, safe to name before verification.
	unverifiedStatus := readStatus(root)
	r.StatusCodes = unverifiedStatus.codes
	if len(r.StatusCodes) > 0 {
		r.Status = r.StatusCodes[0]
	}
	r.AADSTS = aadstsCode.FindString(unverifiedStatus.message)

	s := responseShape(root)
	if s.problem != "" {
		r.add(Finding{Code: CodeSignInStructure, Severity: SeverityError,
			Message: "The response is not shaped as Entra sends it: " + s.problem + ". This is how forged responses make a verifier check one part while a reader uses another, so nothing in it was read.",
			Hint:    wrappingHint})
		return
	}
	r.Encrypted = s.encrypted != nil
	if r.Encrypted {
		r.add(Finding{Code: CodeSignInEncrypted, Severity: SeverityError,
			Message: "The assertion is encrypted (Entra's token encryption is on). pymetrics has not given Entra an encryption certificate for this connection and cannot read the sign-in.",
			Hint:    `In the Microsoft Entra admin center, open Enterprise applications > pymetrics > "Token encryption", select the active certificate and choose "Deactivate token encryption certificate", then sign in again.`})
	}
	if s.responseSig == nil && s.assertionSig == nil {
		r.add(Finding{Code: CodeSignInUnsigned, Severity: SeverityError,
			Message: "Neither the response nor its assertion is signed, so nothing in it can be trusted and pymetrics will refuse it. Entra always signs; an unsigned response did not come from Entra unchanged.",
			Hint:    `Check "SAML Certificates" on the pymetrics application's Single sign-on page: "Signing Option" should be "Sign SAML assertion" and a certificate must be Active. Then capture the sign-in again.`})
		return
	}

	trusted := make([]parsedCert, 0, len(trustedDER))
	cache := newCertCache()
	for _, der := range trustedDER {
		trusted = append(trusted, cache.describe(der, "signing", "metadata"))
	}

	var verifiedResponse, verifiedAssertion *etree.Element
	if s.responseSig != nil {
		verifiedResponse = verifyPart(r, "response", root, root, s.responseSig, trusted, cache, at)
	}
	if s.assertionSig != nil && s.assertion != nil {
		ctx, err := etreeutils.NSBuildParentContext(s.assertion)
		var detached *etree.Element
		if err == nil {
			detached, err = etreeutils.NSDetatch(ctx, s.assertion)
		}
		if err != nil {
			r.add(Finding{Code: CodeSignInSignatureInvalid, Severity: SeverityError,
				Message: "The assertion's XML namespaces could not be resolved, so its signature could not be checked.", Hint: captureHint})
		} else {
			var sig *etree.Element
			for _, c := range detached.ChildElements() {
				if c.Tag == "Signature" && c.NamespaceURI() == nsDSig {
					sig = c
				}
			}
			// The assertion's ID must be unique in the whole message, not
			// just inside the copy that is verified.
			if id := attr(s.assertion, "ID"); id != "" && countID(root, id) > 1 {
				r.add(Finding{Code: CodeSignInStructure, Severity: SeverityError,
					Message: fmt.Sprintf("%d elements carry the ID the assertion's signature refers to; a forged response reuses a genuine signature this way, so nothing in it was read.", countID(root, id)),
					Hint:    wrappingHint})
				return
			}
			verifiedAssertion = verifyPart(r, "assertion", root, detached, sig, trusted, cache, at)
		}
	}

	switch {
	case verifiedResponse != nil && verifiedAssertion != nil:
		r.Signed = SignedBoth
	case verifiedResponse != nil:
		r.Signed = SignedResponse
	case verifiedAssertion != nil:
		r.Signed = SignedAssertion
	}
	r.SignatureValid = r.Signed != SignedNone
	r.SignerTrusted = r.SignatureValid
	if !r.SignatureValid {
		return
	}

	// Trust boundary: from here on, values come from verified elements only.
	if verifiedResponse != nil {
		st := readStatus(verifiedResponse)
		r.StatusVerified = true
		r.StatusCodes = st.codes
		r.Status = ""
		if len(st.codes) > 0 {
			r.Status = st.codes[0]
		}
		r.StatusMessage = st.message
		r.AADSTS = aadstsCode.FindString(st.message)
		r.ID = attr(verifiedResponse, "ID")
		r.Destination = attr(verifiedResponse, "Destination")
		r.InResponseTo = attr(verifiedResponse, "InResponseTo")
		r.IssueInstant = parseTime(attr(verifiedResponse, "IssueInstant"))
		if iss := child(verifiedResponse, nsAssertion, "Issuer"); iss != nil {
			r.Issuer = fullText(iss)
		}
		if verifiedAssertion == nil {
			verifiedAssertion = child(verifiedResponse, nsAssertion, "Assertion")
		}
	}
	if verifiedAssertion != nil {
		r.Assertion = readAssertion(verifiedAssertion)
		if r.Issuer == "" {
			r.Issuer = r.Assertion.Issuer
		}
	}
}

// verifyPart checks the signature sig of el (the Response, or a detached
// copy of the Assertion) and returns the element goxmldsig verified with a
// trusted certificate, or nil after adding a finding. A signature that
// holds only with the certificate it carries is reported as untrusted and
// its element is not returned: anyone can sign with a certificate of their
// own.
func verifyPart(r *ResponseReport, what string, root, el, sig *etree.Element, trusted []parsedCert, cache *certCache, at time.Time) *etree.Element {
	si, problems := inspectSignatureElement(el, sig)
	if si == nil {
		detail := "its shape is not what Entra writes"
		if len(problems) > 0 {
			detail = strings.TrimSuffix(strings.TrimPrefix(problems[0].Message, "The signature "), ".")
			detail = strings.Replace(detail, "whole file", "signed element", -1)
		}
		r.add(Finding{Code: CodeSignInSignatureInvalid, Severity: SeverityError,
			Message: fmt.Sprintf("The %s's signature was refused before any cryptography: %s. Nothing it covers can be trusted.", what, detail),
			Hint:    wrappingHint})
		return nil
	}
	r.SignatureAlgorithm = allowedSignatureMethods[si.signatureMethod]
	r.DigestAlgorithm = allowedDigestMethods[si.digestMethod]
	if weakAlgorithms[si.signatureMethod] || weakAlgorithms[si.digestMethod] {
		r.add(Finding{Code: CodeSignInWeakAlgorithm, Severity: SeverityWarning,
			Message: fmt.Sprintf("The %s is signed with SHA-1 (%s, digest %s). SHA-1 is weak; pymetrics expects SHA-256.", what, r.SignatureAlgorithm, r.DigestAlgorithm),
			Hint:    `On the pymetrics application's Single sign-on page, edit "SAML Certificates" and set "Signing Algorithm" to SHA-256.`})
	}
	if len(trusted) > 0 {
		vr := verifySignature(el, si, trusted, at)
		if vr.verifiedRoot != nil {
			r.SignerSHA1Thumbprint = vr.signer.info.SHA1Thumbprint
			r.SignerNotAfter = vr.signer.info.NotAfter
			return vr.verifiedRoot
		}
	}
	// Not a trusted signer: find out whether the signature holds at all, to
	// say which of the two went wrong.
	if si.keyInfoCert != nil {
		own := cache.describe(si.keyInfoCert, "", "signature")
		if vr := verifySignature(el, si, []parsedCert{own}, at); vr.verifiedRoot != nil {
			r.SignerSHA1Thumbprint = own.info.SHA1Thumbprint
			r.add(Finding{Code: CodeSignInUntrustedSigner, Severity: SeverityError,
				Message: fmt.Sprintf("The %s is signed by the certificate with thumbprint %s, which is not a signing certificate of the metadata pymetrics has. pymetrics will refuse the sign-in.", what, own.info.SHA1Thumbprint),
				Hint:    `If you created or activated a new certificate under "SAML Certificates", download "Federation Metadata XML" again and send it to pymetrics support; otherwise make the certificate pymetrics has Active again.`})
			return nil
		}
	}
	if len(trusted) == 0 {
		r.add(Finding{Code: CodeSignInUntrustedSigner, Severity: SeverityError,
			Message: fmt.Sprintf("There is no signing certificate to check the %s's signature with.", what),
			Hint:    "Give the assistant the customer's Federation Metadata XML or onboarding bundle."})
		return nil
	}
	r.add(Finding{Code: CodeSignInSignatureInvalid, Severity: SeverityError,
		Message: fmt.Sprintf("The %s's signature does not hold: the message was changed after Entra signed it (or damaged while copying). Nothing it covers can be trusted.", what),
		Hint:    captureHint})
	return nil
}

type status struct {
	codes   []string // short names, outermost first; only known names
	message string
}

// readStatus reads Status/StatusCode (nested) and StatusMessage. Unknown
// status URIs are shown as "other", so no sender text gets through.
func readStatus(resp *etree.Element) status {
	var st status
	s := child(resp, nsProtocol, "Status")
	if s == nil {
		return st
	}
	for sc := child(s, nsProtocol, "StatusCode"); sc != nil && len(st.codes) < 4; sc = child(sc, nsProtocol, "StatusCode") {
		name, ok := statusNames[attr(sc, "Value")]
		if !ok {
			name = "other"
		}
		st.codes = append(st.codes, name)
	}
	if m := child(s, nsProtocol, "StatusMessage"); m != nil {
		st.message = fullText(m)
	}
	return st
}

// readAssertion reads a verified Assertion.
func readAssertion(a *etree.Element) *Assertion {
	out := &Assertion{ID: attr(a, "ID"), Audiences: []string{}, Attributes: []Attribute{}}
	if iss := child(a, nsAssertion, "Issuer"); iss != nil {
		out.Issuer = fullText(iss)
	}
	if subj := child(a, nsAssertion, "Subject"); subj != nil {
		if n := child(subj, nsAssertion, "NameID"); n != nil {
			out.NameID = fullText(n)
			out.NameIDFormat = attr(n, "Format")
		}
		for _, sc := range children(subj, nsAssertion, "SubjectConfirmation") {
			if attr(sc, "Method") != "urn:oasis:names:tc:SAML:2.0:cm:bearer" {
				continue
			}
			if d := child(sc, nsAssertion, "SubjectConfirmationData"); d != nil {
				out.Recipient = attr(d, "Recipient")
				out.InResponseTo = attr(d, "InResponseTo")
				out.SubjectNotOnOrAfter = parseTime(attr(d, "NotOnOrAfter"))
			}
			break
		}
	}
	if c := child(a, nsAssertion, "Conditions"); c != nil {
		out.NotBefore = parseTime(attr(c, "NotBefore"))
		out.NotOnOrAfter = parseTime(attr(c, "NotOnOrAfter"))
		for _, ar := range children(c, nsAssertion, "AudienceRestriction") {
			for _, au := range children(ar, nsAssertion, "Audience") {
				out.Audiences = append(out.Audiences, fullText(au))
			}
		}
	}
	if as := child(a, nsAssertion, "AuthnStatement"); as != nil {
		out.AuthnInstant = parseTime(attr(as, "AuthnInstant"))
	}
	for _, st := range children(a, nsAssertion, "AttributeStatement") {
		for _, at := range children(st, nsAssertion, "Attribute") {
			x := Attribute{Name: attr(at, "Name"), NameFormat: attr(at, "NameFormat"), Values: []string{}}
			for _, v := range children(at, nsAssertion, "AttributeValue") {
				x.Values = append(x.Values, fullText(v))
			}
			out.Attributes = append(out.Attributes, x)
		}
	}
	return out
}

// child returns el's first child element with the given namespace and tag.
func child(el *etree.Element, ns, tag string) *etree.Element {
	for _, c := range el.ChildElements() {
		if c.Tag == tag && c.NamespaceURI() == ns {
			return c
		}
	}
	return nil
}

func children(el *etree.Element, ns, tag string) []*etree.Element {
	var out []*etree.Element
	for _, c := range el.ChildElements() {
		if c.Tag == tag && c.NamespaceURI() == ns {
			out = append(out, c)
		}
	}
	return out
}

// fullText is all of el's character data, in order. etree's Text stops at
// the first comment or child, which is how a comment inside a signed NameID
// ("admin@evil.example<!---->.victim.example") makes a reader see less than
// was signed; the verified element has no comments, and this reads all of
// it regardless.
func fullText(el *etree.Element) string {
	var b strings.Builder
	for _, t := range el.Child {
		if cd, ok := t.(*etree.CharData); ok {
			b.WriteString(cd.Data)
		}
	}
	return b.String()
}

// parseTime reads an xs:dateTime as SAML writes it (UTC, optional
// fraction); anything else is the zero time.
func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}
