package samltest

import (
	"bytes"
	"compress/flate"
	"crypto"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
)

// Where Entra's "Signing Option" puts the signature.
const (
	SignAssertion = "assertion" // Entra's default, "Sign SAML assertion"
	SignResponse  = "response"
	SignBoth      = "both"
	SignNone      = "none"
)

// Attr is one claim in a generated assertion.
type Attr struct {
	Name   string
	Values []string
}

// ResponseOptions shape a generated SAML Response. The zero value (with
// Now set or defaulted) gives what Entra sends pymetrics after a successful
// SP-initiated sign-in of customer "acme": assertion signed with RSA-SHA256,
// the three pymetrics claims, valid from 5 minutes before Now for an hour.
type ResponseOptions struct {
	TenantID     string // empty means DefaultTenantID
	Issuer       string // overrides https://sts.windows.net/<tenant>/
	Audience     string // the Identifier; default the pattern for "acme"
	Recipient    string // the Reply URL; also the Destination
	Destination  string // overrides Recipient for the Response's Destination
	InResponseTo string // "" means none (IdP-initiated)
	NameID       string
	NameIDFormat string
	// Attrs replaces the default claims when not nil.
	Attrs []Attr
	// Status is the top-level status code's short name; "" means Success.
	// A failed status leaves the assertion out.
	Status        string
	StatusMessage string

	Now       time.Time     // the issue instant; zero means time.Now()
	NotBefore time.Time     // zero means Now-5m
	Lifetime  time.Duration // zero means 1h

	Signing string      // SignAssertion (default), SignResponse, SignBoth, SignNone
	Hash    crypto.Hash // zero means SHA-256
	// Key and CertDER sign; nil means the cached 2048-bit key and a fresh
	// certificate valid from an hour before Now for three years.
	Key     crypto.Signer
	CertDER []byte
	// Encrypted replaces the assertion by an EncryptedAssertion (its
	// content is opaque bytes: only its presence matters to a check).
	Encrypted bool
}

// Response is a generated, signed SAML Response.
type Response struct {
	XML         []byte
	CertDER     []byte
	Key         crypto.Signer
	ID          string // the Response's ID
	AssertionID string
}

// AcmeIdentifier, AcmeReplyURL are the pymetrics values for customer "acme",
// as the wizard computes them; tests compare against the wizard's own.
const (
	AcmeIdentifier = "https://www.pymetrics.com/saml2-sp/acme/acme/metadata/"
	AcmeReplyURL   = "https://www.pymetrics.com/saml2-sp/acme/acme/?acs"
)

// DefaultAttrs are the three claims pymetrics needs, filled for a test user.
func DefaultAttrs() []Attr {
	return []Attr{
		{Name: "UserFirstName", Values: []string{"Ada"}},
		{Name: "UserLastName", Values: []string{"Lovelace"}},
		{Name: "UserEmail", Values: []string{"ada.lovelace@contoso.example"}},
	}
}

// NewResponse builds and signs a response; it fails the test on any error.
func NewResponse(tb testing.TB, o ResponseOptions) *Response {
	tb.Helper()
	r, err := GenerateResponse(o)
	if err != nil {
		tb.Fatalf("samltest: %v", err)
	}
	return r
}

// GenerateResponse builds and signs a response, for callers outside tests.
func GenerateResponse(o ResponseOptions) (*Response, error) {
	if o.TenantID == "" {
		o.TenantID = DefaultTenantID
	}
	if o.Issuer == "" {
		o.Issuer = "https://sts.windows.net/" + o.TenantID + "/"
	}
	if o.Audience == "" {
		o.Audience = AcmeIdentifier
	}
	if o.Recipient == "" {
		o.Recipient = AcmeReplyURL
	}
	if o.Destination == "" {
		o.Destination = o.Recipient
	}
	if o.NameID == "" {
		o.NameID = "ada.lovelace@contoso.example"
	}
	if o.NameIDFormat == "" {
		o.NameIDFormat = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
	}
	if o.Attrs == nil {
		o.Attrs = DefaultAttrs()
	}
	if o.Status == "" {
		o.Status = "Success"
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	o.Now = o.Now.UTC().Truncate(time.Millisecond)
	if o.NotBefore.IsZero() {
		o.NotBefore = o.Now.Add(-5 * time.Minute)
	}
	if o.Lifetime == 0 {
		o.Lifetime = time.Hour
	}
	if o.Signing == "" {
		o.Signing = SignAssertion
	}
	if o.Key == nil {
		k, err := Key(2048)
		if err != nil {
			return nil, err
		}
		o.Key = k
	}
	if o.CertDER == nil {
		der, err := NewCertificate(o.Key, CertOptions{NotBefore: o.Now.Add(-time.Hour)})
		if err != nil {
			return nil, err
		}
		o.CertDER = der
	}
	ts := func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
	respID, assertID := "_"+newGUID(), "_"+newGUID()

	var b strings.Builder
	b.WriteString(`<samlp:Response ID="` + respID + `" Version="2.0" IssueInstant="` + ts(o.Now) + `" Destination="` + xmlEscape(o.Destination) + `"`)
	if o.InResponseTo != "" {
		b.WriteString(` InResponseTo="` + xmlEscape(o.InResponseTo) + `"`)
	}
	b.WriteString(` xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">`)
	b.WriteString(`<Issuer xmlns="urn:oasis:names:tc:SAML:2.0:assertion">` + xmlEscape(o.Issuer) + `</Issuer>`)
	b.WriteString(`<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:` + o.Status + `"/>`)
	if o.StatusMessage != "" {
		b.WriteString(`<samlp:StatusMessage>` + xmlEscape(o.StatusMessage) + `</samlp:StatusMessage>`)
	}
	b.WriteString(`</samlp:Status></samlp:Response>`)
	doc := etree.NewDocument()
	if err := doc.ReadFromString(b.String()); err != nil {
		return nil, fmt.Errorf("samltest: response template: %w", err)
	}
	resp := doc.Root()

	if o.Status == "Success" {
		var a strings.Builder
		a.WriteString(`<Assertion ID="` + assertID + `" IssueInstant="` + ts(o.Now) + `" Version="2.0" xmlns="urn:oasis:names:tc:SAML:2.0:assertion">`)
		a.WriteString(`<Issuer>` + xmlEscape(o.Issuer) + `</Issuer>`)
		a.WriteString(`<Subject><NameID Format="` + xmlEscape(o.NameIDFormat) + `">` + xmlEscape(o.NameID) + `</NameID>`)
		a.WriteString(`<SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><SubjectConfirmationData`)
		if o.InResponseTo != "" {
			a.WriteString(` InResponseTo="` + xmlEscape(o.InResponseTo) + `"`)
		}
		a.WriteString(` NotOnOrAfter="` + ts(o.NotBefore.Add(o.Lifetime)) + `" Recipient="` + xmlEscape(o.Recipient) + `"/></SubjectConfirmation></Subject>`)
		a.WriteString(`<Conditions NotBefore="` + ts(o.NotBefore) + `" NotOnOrAfter="` + ts(o.NotBefore.Add(o.Lifetime)) + `"><AudienceRestriction><Audience>` + xmlEscape(o.Audience) + `</Audience></AudienceRestriction></Conditions>`)
		if len(o.Attrs) > 0 {
			a.WriteString(`<AttributeStatement>`)
			for _, at := range o.Attrs {
				a.WriteString(`<Attribute Name="` + xmlEscape(at.Name) + `">`)
				for _, v := range at.Values {
					a.WriteString(`<AttributeValue>` + xmlEscape(v) + `</AttributeValue>`)
				}
				a.WriteString(`</Attribute>`)
			}
			a.WriteString(`</AttributeStatement>`)
		}
		a.WriteString(`<AuthnStatement AuthnInstant="` + ts(o.Now.Add(-time.Minute)) + `" SessionIndex="` + assertID + `"><AuthnContext><AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</AuthnContextClassRef></AuthnContext></AuthnStatement>`)
		a.WriteString(`</Assertion>`)
		adoc := etree.NewDocument()
		if err := adoc.ReadFromString(a.String()); err != nil {
			return nil, fmt.Errorf("samltest: assertion template: %w", err)
		}
		assertion := adoc.Root()
		if o.Signing == SignAssertion || o.Signing == SignBoth {
			signed, err := Sign(assertion, o.Key, o.CertDER, o.Hash)
			if err != nil {
				return nil, err
			}
			// Entra places the signature after the assertion's Issuer.
			sig := signed.ChildElements()[0]
			signed.RemoveChild(sig)
			signed.InsertChildAt(1, sig)
			assertion = signed
		}
		if o.Encrypted {
			enc := etree.NewElement("EncryptedAssertion")
			enc.CreateAttr("xmlns", "urn:oasis:names:tc:SAML:2.0:assertion")
			ed := enc.CreateElement("xenc:EncryptedData")
			ed.CreateAttr("xmlns:xenc", "http://www.w3.org/2001/04/xmlenc#")
			ed.CreateElement("xenc:CipherData").CreateElement("xenc:CipherValue").SetText(base64.StdEncoding.EncodeToString([]byte("opaque ciphertext for tests")))
			resp.AddChild(enc)
		} else {
			resp.AddChild(assertion)
		}
	}
	if o.Signing == SignResponse || o.Signing == SignBoth {
		signed, err := Sign(resp, o.Key, o.CertDER, o.Hash)
		if err != nil {
			return nil, err
		}
		sig := signed.ChildElements()[0]
		signed.RemoveChild(sig)
		signed.InsertChildAt(1, sig)
		resp = signed
	}
	out := etree.NewDocument()
	out.SetRoot(resp)
	var buf bytes.Buffer
	if _, err := out.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("samltest: serialise: %w", err)
	}
	return &Response{XML: buf.Bytes(), CertDER: o.CertDER, Key: o.Key, ID: respID, AssertionID: assertID}, nil
}

// AuthnRequestXML is the AuthnRequest pymetrics sends for customer "acme"
// (or the given issuer and ACS URL), unsigned, as the redirect binding
// carries it.
func AuthnRequestXML(id, issuer, acs string, at time.Time) []byte {
	if issuer == "" {
		issuer = AcmeIdentifier
	}
	if acs == "" {
		acs = AcmeReplyURL
	}
	return []byte(`<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="` + xmlEscape(id) + `" Version="2.0" IssueInstant="` + at.UTC().Format("2006-01-02T15:04:05Z") + `" Destination="https://login.microsoftonline.com/` + DefaultTenantID + `/saml2" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" AssertionConsumerServiceURL="` + xmlEscape(acs) + `"><saml:Issuer>` + xmlEscape(issuer) + `</saml:Issuer><samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified" AllowCreate="true"/></samlp:AuthnRequest>`)
}

// DeflateBase64 encodes a message for the HTTP-Redirect binding: raw
// DEFLATE, then base64 (SAML bindings, section 3.4.4.1).
func DeflateBase64(msg []byte) string {
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression)
	_, _ = w.Write(msg)
	_ = w.Close()
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}

// SignInHAR is a HAR file (HAR 1.2) of an SP-initiated sign-in as Chrome's
// "Save all as HAR" writes it: the redirect to Entra carrying req, a
// password POST to Entra (which a reader must never keep), padding entries
// of about 1 KB each, and the POST of resp to the Reply URL, whose answer
// carries a Date header at plus two seconds.
func SignInHAR(resp, req []byte, padding int, at time.Time) []byte {
	type kv = map[string]string
	entry := func(method, u string, started time.Time, post map[string]any, headers []kv) map[string]any {
		e := map[string]any{
			"startedDateTime": started.UTC().Format(time.RFC3339Nano),
			"request":         map[string]any{"method": method, "url": u, "headers": []kv{{"name": "Cookie", "value": "ESTSAUTH=secret-cookie"}}},
			"response":        map[string]any{"status": 200, "headers": headers, "content": map[string]any{"text": "<html>…</html>"}},
		}
		if post != nil {
			e["request"].(map[string]any)["postData"] = post
		}
		return e
	}
	b64 := base64.StdEncoding.EncodeToString(resp)
	redirect := "https://login.microsoftonline.com/" + DefaultTenantID + "/saml2?SAMLRequest=" + url.QueryEscape(DeflateBase64(req)) + "&RelayState=xyz"
	entries := []any{
		entry("GET", redirect, at.Add(-time.Minute), nil, nil),
		entry("POST", "https://login.microsoftonline.com/common/login", at.Add(-30*time.Second),
			map[string]any{"mimeType": "application/x-www-form-urlencoded", "text": "login=ada&passwd=hunter2-secret"}, nil),
	}
	pad := strings.Repeat("x", 1000)
	for i := 0; i < padding; i++ {
		entries = append(entries, entry("GET", fmt.Sprintf("https://cdn.example/%d.js", i), at.Add(-20*time.Second), nil,
			[]kv{{"name": "X-Pad", "value": pad}}))
	}
	entries = append(entries, entry("POST", AcmeReplyURL, at, map[string]any{
		"mimeType": "application/x-www-form-urlencoded", "text": "SAMLResponse=" + url.QueryEscape(b64) + "&RelayState=xyz",
		"params": []kv{{"name": "SAMLResponse", "value": url.QueryEscape(b64)}, {"name": "RelayState", "value": "xyz"}},
	}, []kv{{"name": "Date", "value": at.Add(2 * time.Second).UTC().Format("Mon, 02 Jan 2006 15:04:05 GMT")}}))
	out, _ := json.Marshal(map[string]any{"log": map[string]any{"version": "1.2", "creator": map[string]any{"name": "WebInspector"}, "pages": []any{}, "entries": entries}})
	return out
}
