package wizard

import (
	"bytes"
	"crypto"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/capture"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

const sha1Hash = crypto.SHA1

var signInNow = time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)

const tenantIssuer = "https://sts.windows.net/" + samltest.DefaultTenantID + "/"

// signInCase is one capture and what the check must say about it.
type signInCase struct {
	name   string
	resp   *samltest.ResponseOptions // nil: no response in the capture
	mutate func([]byte) []byte       // applied to the signed response
	reqID  string                    // "" : no request in the capture
	reqIss string
	reqACS string
	at     time.Time // the capture time; zero: not recorded
	source capture.TimeSource
	exp    func(*SignInExpected)
	errPg  string
	want   samlcheck.Code // "" : no finding at all
	ok     bool
}

func signInCases(t testing.TB) []signInCase {
	ro := func(f func(o *samltest.ResponseOptions)) *samltest.ResponseOptions {
		o := &samltest.ResponseOptions{Now: signInNow, InResponseTo: "_req1"}
		if f != nil {
			f(o)
		}
		return o
	}
	oldKey, err := samltest.Key(3072)
	if err != nil {
		t.Fatal(err)
	}
	expiredCert, err := samltest.NewCertificate(oldKey, samltest.CertOptions{NotBefore: signInNow.AddDate(-3, 0, 0), NotAfter: signInNow.Add(-time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	attrs := func(f func(a []samltest.Attr) []samltest.Attr) func(o *samltest.ResponseOptions) {
		return func(o *samltest.ResponseOptions) { o.Attrs = f(samltest.DefaultAttrs()) }
	}
	return []signInCase{
		{name: "a good SP-initiated sign-in", resp: ro(nil), reqID: "_req1", at: signInNow, source: capture.TimeDateHeader, ok: true},
		{name: "failed status AADSTS50105", resp: ro(func(o *samltest.ResponseOptions) {
			o.Signing, o.Status = samltest.SignResponse, "Requester"
			o.StatusMessage = "AADSTS50105: The signed in user is not assigned to a role for the application."
		}), at: signInNow, want: samlcheck.CodeSignInStatusFailed},
		{name: "unsigned", resp: ro(func(o *samltest.ResponseOptions) { o.Signing = samltest.SignNone }), at: signInNow, want: samlcheck.CodeSignInUnsigned},
		{name: "changed after signing", resp: ro(nil), mutate: func(b []byte) []byte { return bytes.Replace(b, []byte(">Ada<"), []byte(">Eve<"), 1) }, at: signInNow, want: samlcheck.CodeSignInSignatureInvalid},
		{name: "signed by a certificate pymetrics was never given", resp: ro(nil), at: signInNow,
			exp: func(e *SignInExpected) { e.Trusted = [][]byte{expiredCert} }, want: samlcheck.CodeSignInUntrustedSigner},
		{name: "signer certificate expired before the sign-in", resp: ro(func(o *samltest.ResponseOptions) { o.Key, o.CertDER = oldKey, expiredCert }), at: signInNow,
			exp: func(e *SignInExpected) { e.Trusted = [][]byte{expiredCert} }, want: samlcheck.CodeSignInSignerCertificateExpired},
		{name: "another tenant", resp: ro(nil), at: signInNow, exp: func(e *SignInExpected) { e.EntityID = "https://sts.windows.net/11111111-2222-3333-4444-555555555555/" }, want: samlcheck.CodeSignInWrongIssuer},
		{name: "Identifier without its trailing slash", resp: ro(func(o *samltest.ResponseOptions) { o.Audience = strings.TrimSuffix(samltest.AcmeIdentifier, "/") }), at: signInNow, want: samlcheck.CodeSignInAudienceMismatch},
		{name: "Reply URL of another customer", resp: ro(func(o *samltest.ResponseOptions) {
			o.Recipient = "https://www.pymetrics.com/saml2-sp/acne/acne/?acs"
		}), at: signInNow, want: samlcheck.CodeSignInRecipientMismatch},
		{name: "claim with Entra's default namespace", resp: ro(attrs(func(a []samltest.Attr) []samltest.Attr {
			a[2].Name = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/UserEmail"
			return a
		})), at: signInNow, want: samlcheck.CodeSignInClaimNamespaced},
		{name: "claim in lower case", resp: ro(attrs(func(a []samltest.Attr) []samltest.Attr { a[2].Name = "useremail"; return a })), at: signInNow, want: samlcheck.CodeSignInClaimCase},
		{name: "claim missing", resp: ro(attrs(func(a []samltest.Attr) []samltest.Attr { return a[:2] })), at: signInNow, want: samlcheck.CodeSignInClaimMissing},
		{name: "claim empty", resp: ro(attrs(func(a []samltest.Attr) []samltest.Attr { a[0].Values = []string{""}; return a })), at: signInNow, want: samlcheck.CodeSignInClaimEmpty},
		{name: "email not an address", resp: ro(attrs(func(a []samltest.Attr) []samltest.Attr { a[2].Values = []string{"Ada Lovelace"}; return a })), at: signInNow, want: samlcheck.CodeSignInEmailInvalid},
		{name: "onmicrosoft.com UPN", resp: ro(attrs(func(a []samltest.Attr) []samltest.Attr {
			a[2].Values = []string{"ada@contoso.onmicrosoft.com"}
			return a
		})), at: signInNow,
			want: samlcheck.CodeSignInOnMicrosoftUPN, ok: true},
		{name: "token encryption on", resp: ro(func(o *samltest.ResponseOptions) { o.Signing, o.Encrypted = samltest.SignResponse, true }), at: signInNow, want: samlcheck.CodeSignInEncrypted},
		{name: "SHA-1", resp: ro(func(o *samltest.ResponseOptions) { o.Hash = sha1Hash }), at: signInNow, want: samlcheck.CodeSignInWeakAlgorithm, ok: true},
		{name: "response signed, assertion not", resp: ro(func(o *samltest.ResponseOptions) { o.Signing = samltest.SignResponse }), at: signInNow, want: samlcheck.CodeSignInSigningOption, ok: true},
		{name: "started from Entra", resp: ro(func(o *samltest.ResponseOptions) { o.InResponseTo = "" }), at: signInNow, want: samlcheck.CodeSignInIdPInitiated},
		{name: "answers another request", resp: ro(nil), reqID: "_req2", at: signInNow, want: samlcheck.CodeSignInInResponseToMismatch},
		{name: "request for another customer", resp: ro(nil), reqID: "_req1", reqIss: "https://www.pymetrics.com/saml2-sp/acne/acne/metadata/", at: signInNow, want: samlcheck.CodeSignInRequestIssuerMismatch},
		{name: "request to another ACS", resp: ro(nil), reqID: "_req1", reqACS: "https://www.pymetrics.com/saml2-sp/acme/acme/acs", at: signInNow, want: samlcheck.CodeSignInRequestACSMismatch},
		{name: "request asks for a sign-in method", resp: ro(nil), reqID: "_req1", reqACS: "authn-context", at: signInNow, want: samlcheck.CodeSignInRequestAuthnContext, ok: true},
		{name: "arrived after it expired", resp: ro(nil), at: signInNow.Add(2 * time.Hour), source: capture.TimeDateHeader, want: samlcheck.CodeSignInExpired},
		{name: "export time is only an upper bound", resp: ro(nil), at: signInNow.Add(2 * time.Hour), source: capture.TimeExport, ok: true},
		{name: "arrived before it was valid", resp: ro(nil), at: signInNow.Add(-10 * time.Minute), want: samlcheck.CodeSignInNotYetValid},
		{name: "no capture time", resp: ro(nil), want: samlcheck.CodeSignInNoCaptureTime, ok: true},
		{name: "wrapped assertion", resp: ro(nil), mutate: func(b []byte) []byte {
			i := bytes.Index(b, []byte("<Assertion "))
			return append(b[:i:i], append([]byte(`<Assertion xmlns="urn:oasis:names:tc:SAML:2.0:assertion" ID="_evil"/>`), b[i:]...)...)
		}, at: signInNow, want: samlcheck.CodeSignInStructure},
		{name: "request only", reqID: "_req1", want: samlcheck.CodeSignInNoMessage},
		{name: "error page AADSTS700016", errPg: "Message: AADSTS700016: Application with identifier 'https://www.pymetrics.com/saml2-sp/acme/acme/metadata' was not found in the directory 'Contoso'.\nTimestamp: 2026-12-01T09:29:58Z", want: "AADSTS700016"},
		{name: "error page AADSTS50011, right value sent", errPg: "Message: AADSTS50011: The redirect URI '" + samltest.AcmeReplyURL + "' specified in the request does not match the redirect URIs configured for the application 'x'.", want: "AADSTS50011"},
	}
}

// build makes the capture of a case, and returns the expected values.
func (tc signInCase) build(t testing.TB) (*capture.Capture, SignInExpected) {
	u, err := URLsFor("acme")
	if err != nil {
		t.Fatal(err)
	}
	exp := SignInExpected{URLs: u, EntityID: tenantIssuer}
	c := &capture.Capture{Format: capture.FormatHAR, CapturedAt: tc.at, CapturedAtSource: tc.source}
	if !tc.at.IsZero() && tc.source == "" {
		c.CapturedAtSource = capture.TimeEntry
	}
	if tc.errPg != "" {
		var err error
		if c, err = capture.ReadBytes([]byte(tc.errPg)); err != nil {
			t.Fatal(err)
		}
	}
	if tc.reqID != "" {
		req := samltest.AuthnRequestXML(tc.reqID, tc.reqIss, tc.reqACS, signInNow)
		if tc.reqACS == "authn-context" {
			req = bytes.Replace(samltest.AuthnRequestXML(tc.reqID, tc.reqIss, "", signInNow), []byte("</samlp:AuthnRequest>"),
				[]byte(`<samlp:RequestedAuthnContext Comparison="exact"><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></samlp:RequestedAuthnContext></samlp:AuthnRequest>`), 1)
		}
		c.Messages = append(c.Messages, capture.Message{Kind: capture.KindRequest, XML: req})
	}
	if tc.resp != nil {
		r := samltest.NewResponse(t, *tc.resp)
		doc := r.XML
		if tc.mutate != nil {
			doc = tc.mutate(doc)
		}
		c.Messages = append(c.Messages, capture.Message{Kind: capture.KindResponse, XML: doc})
		exp.Trusted = [][]byte{r.CertDER}
	}
	if tc.exp != nil {
		tc.exp(&exp)
	}
	return c, exp
}

func TestCheckSignIn(t *testing.T) {
	for _, tc := range signInCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			c, exp := tc.build(t)
			got := CheckSignIn(c, exp)
			var codes []string
			for _, f := range got.Findings {
				codes = append(codes, string(f.Code))
				if f.Message == "" || f.Hint == "" {
					t.Errorf("finding %s without message or hint", f.Code)
				}
			}
			if tc.want == "" && len(got.Findings) > 0 {
				t.Errorf("findings %v, want none", codes)
			}
			if tc.want != "" && !strings.Contains(" "+strings.Join(codes, " ")+" ", " "+string(tc.want)+" ") {
				t.Errorf("findings %v, want %s", codes, tc.want)
			}
			if got.OK != tc.ok {
				t.Errorf("ok = %v, want %v (%v)", got.OK, tc.ok, codes)
			}
			for _, row := range got.Rows {
				if !got.Response.SignatureValid && row.State == RowPass && row.ID != "request" {
					t.Errorf("row %s passes on an unverified response: %s", row.ID, row.Detail)
				}
				if row.State == RowFail && row.Fix == "" {
					t.Errorf("failed row %s names nothing to fix", row.ID)
				}
			}
			out, _ := json.Marshal(got)
			if bytes.Contains(out, []byte("Eve")) || bytes.Contains(out, []byte("_evil")) {
				t.Errorf("a value of a refused response reached the output")
			}
		})
	}
}

// TestCheckSignInQuotedValue: the error page's quoted value is diffed as the
// paste-back check does, at the character.
func TestCheckSignInQuotedValue(t *testing.T) {
	c, exp := signInCase{errPg: "Message: AADSTS700016: Application with identifier 'https://www.pymetrics.com/saml2-sp/acme/acme/metadata' was not found in the directory 'Contoso'."}.build(t)
	got := CheckSignIn(c, exp)
	if len(got.Findings) != 1 || !strings.Contains(got.Findings[0].Message, "/") || !strings.Contains(got.Findings[0].Message, "https://www.pymetrics.com/saml2-sp/acme/acme/metadata") {
		t.Fatalf("%+v", got.Findings)
	}
	t.Log(got.Findings[0].Message)
}

// TestCheckSignInGolden keeps the JSON of three captures: a good sign-in, a
// namespaced claim, and an error page. The signer's thumbprint changes with
// every generated key and is replaced.
func TestCheckSignInGolden(t *testing.T) {
	for _, name := range []string{"a good SP-initiated sign-in", "claim with Entra's default namespace", "error page AADSTS700016"} {
		for _, tc := range signInCases(t) {
			if tc.name != name {
				continue
			}
			c, exp := tc.build(t)
			got := CheckSignIn(c, exp)
			if got.Response.SignerSHA1Thumbprint != "" {
				got.Response.SignerSHA1Thumbprint = "THUMBPRINT"
			}
			b, err := got.JSON()
			if err != nil {
				t.Fatal(err)
			}
			for _, der := range exp.Trusted {
				b = bytes.ReplaceAll(b, []byte(samltest.Thumbprint(der)), []byte("THUMBPRINT"))
			}
			checkGolden(t, filepath.Join("signin", strings.NewReplacer(" ", "-", "'", "").Replace(name)+".json"), b)
		}
	}
}

func TestEmailLike(t *testing.T) {
	for s, want := range map[string]bool{
		"ada@contoso.example": true, "a.b+c@mail.contoso.co.uk": true, "ada@contoso.onmicrosoft.com": true,
		"Ada Lovelace": false, "ada@contoso": false, "Ada <ada@contoso.example>": false, "@contoso.example": false,
		"ada@@contoso.example": false, "ada@contoso..example": false, "ada@contoso.example, b@c.d": false, " ada@contoso.example": false,
	} {
		if got := emailLike(s); got != want {
			t.Errorf("emailLike(%q) = %v, want %v", s, got, want)
		}
	}
}
