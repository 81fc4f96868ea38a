package capture_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck/capture"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

var captureNow = time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)

// fixture is one signed response and the AuthnRequest it answers.
type fixture struct {
	resp, req []byte
}

func newFixture(t testing.TB) fixture {
	r, err := samltest.GenerateResponse(samltest.ResponseOptions{Now: captureNow, InResponseTo: "_req42"})
	if err != nil {
		t.Fatal(err)
	}
	return fixture{resp: r.XML, req: samltest.AuthnRequestXML("_req42", "", "", captureNow)}
}

func (f fixture) redirectURL() string {
	return "https://login.microsoftonline.com/" + samltest.DefaultTenantID + "/saml2?SAMLRequest=" + url.QueryEscape(samltest.DeflateBase64(f.req)) + "&RelayState=xyz"
}

func (f fixture) b64() string { return base64.StdEncoding.EncodeToString(f.resp) }

// har is the fixture's sign-in as a HAR file with padding entries.
func (f fixture) har(padding int) []byte {
	return samltest.SignInHAR(f.resp, f.req, padding, captureNow)
}

// tracer builds a SAML-tracer export; legacy uses the pre-1.0 shape (id,
// header pairs), hashed replaces the POST values as the "hash" option does.
func (f fixture) tracer(legacy, hashed bool) []byte {
	post := [][]string{{"SAMLResponse", f.b64()}, {"RelayState", "xyz"}}
	if hashed {
		post = [][]string{{"SAMLResponse", "6f1ed002ab5595859014ebf0951522d9"}, {"RelayState", "0a1b"}}
	}
	var respHeaders any = []map[string]string{{"name": "Date", "value": captureNow.Format("Mon, 02 Jan 2006 15:04:05 GMT")}}
	if legacy {
		respHeaders = [][]string{{"Date", captureNow.Format("Mon, 02 Jan 2006 15:04:05 GMT")}}
	}
	reqs := []map[string]any{
		{"method": "GET", "url": f.redirectURL(), "get": [][]string{{"SAMLRequest", "broken+by+the+add-on"}}, "saml": string(f.req), "protocol": "SAML-P"},
		{"method": "POST", "url": samltest.AcmeReplyURL, "post": post, "saml": string(f.resp), "protocol": "SAML-P", "responseHeaders": respHeaders},
	}
	for i, r := range reqs {
		if legacy {
			r["id"] = i
		} else {
			r["requestId"] = fmt.Sprint(i)
		}
	}
	out, _ := json.MarshalIndent(map[string]any{"requests": reqs, "timestamp": captureNow.Add(time.Hour).Format(time.RFC3339Nano)}, "", "  ")
	return out
}

const errorPageText = `Sign in
Sorry, but we’re having trouble signing you in.

AADSTS700016: Application with identifier 'https://www.pymetrics.com/saml2-sp/acme/acme/metadata' was not found in the directory 'Contoso'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.

Troubleshooting details
If you contact your administrator, send this info to them.
Copy info to clipboard
Request Id: 2f6e1c2a-6a41-4c1b-9b7e-1d2c3b4a5f60
Correlation Id: 9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a
Timestamp: 2026-12-01T09:29:58Z
Message: AADSTS700016: Application with identifier 'https://www.pymetrics.com/saml2-sp/acme/acme/metadata' was not found in the directory 'Contoso'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.
Flag sign-in errors for review: Enable flagging
`

type readCase struct {
	name       string
	in         []byte
	format     capture.Format
	response   bool
	request    bool
	timeSource capture.TimeSource
	at         time.Time
}

func readCases(f fixture) []readCase {
	form := "SAMLResponse=" + url.QueryEscape(f.b64()) + "&RelayState=%2Fhome"
	return []readCase{
		{"HAR from Chrome or Edge", f.har(3), capture.FormatHAR, true, true, capture.TimeDateHeader, captureNow.Add(2 * time.Second)},
		{"SAML-tracer export", f.tracer(false, false), capture.FormatSAMLTracer, true, true, capture.TimeDateHeader, captureNow},
		{"SAML-tracer export, old format", f.tracer(true, false), capture.FormatSAMLTracer, true, true, capture.TimeDateHeader, captureNow},
		{"SAML-tracer export, hashed values", f.tracer(false, true), capture.FormatSAMLTracer, true, true, capture.TimeDateHeader, captureNow},
		{"bare SAMLResponse", []byte(f.b64()), capture.FormatBase64, true, false, "", time.Time{}},
		{"bare SAMLResponse wrapped over lines", []byte(wrap(f.b64(), 76)), capture.FormatBase64, true, false, "", time.Time{}},
		{"form body", []byte(form), capture.FormatForm, true, false, "", time.Time{}},
		{"decoded response XML", f.resp, capture.FormatXML, true, false, "", time.Time{}},
		{"redirect URL", []byte(f.redirectURL()), capture.FormatRedirectURL, false, true, "", time.Time{}},
		{"bare deflated SAMLRequest", []byte(samltest.DeflateBase64(f.req)), capture.FormatBase64, false, true, "", time.Time{}},
		{"decoded AuthnRequest", f.req, capture.FormatXML, false, true, "", time.Time{}},
		{"saved auto-post page", []byte(`<html><body onload="document.forms[0].submit()"><form method="post" action="` + samltest.AcmeReplyURL + `"><input type="hidden" name="SAMLResponse" value="` + f.b64() + `"/></form></body></html>`), capture.FormatHTMLForm, true, false, "", time.Time{}},
		{"Entra error page", []byte(errorPageText), capture.FormatErrorPage, false, false, capture.TimeErrorPage, time.Date(2026, 12, 1, 9, 29, 58, 0, time.UTC)},
	}
}

func wrap(s string, n int) string {
	var b strings.Builder
	for len(s) > n {
		b.WriteString(s[:n] + "\r\n")
		s = s[n:]
	}
	return b.String() + s
}

func TestRead(t *testing.T) {
	f := newFixture(t)
	for _, tc := range readCases(f) {
		t.Run(tc.name, func(t *testing.T) {
			c, err := capture.ReadBytes(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if c.Format != tc.format {
				t.Errorf("format %q, want %q", c.Format, tc.format)
			}
			if got := c.Response() != nil; got != tc.response {
				t.Fatalf("response found %v, want %v", got, tc.response)
			}
			if tc.response && !bytes.Equal(c.Response().XML, f.resp) {
				t.Errorf("the response is not byte for byte what was sent")
			}
			if got := c.Request() != nil; got != tc.request {
				t.Fatalf("request found %v, want %v", got, tc.request)
			}
			if tc.request && !bytes.Equal(c.Request().XML, f.req) {
				t.Errorf("the request is not what was sent")
			}
			if c.CapturedAtSource != tc.timeSource || !c.CapturedAt.Equal(tc.at) {
				t.Errorf("captured at %v (%s), want %v (%s)", c.CapturedAt, c.CapturedAtSource, tc.at, tc.timeSource)
			}
			for _, m := range c.Messages {
				if bytes.Contains(m.XML, []byte("hunter2")) || strings.Contains(m.URL, "RelayState") {
					t.Errorf("something other than a SAML message was kept: %+v", m)
				}
			}
		})
	}
}

func TestReadErrorPage(t *testing.T) {
	c, err := capture.ReadBytes([]byte(errorPageText))
	if err != nil {
		t.Fatal(err)
	}
	ep := c.ErrorPage
	if ep.Code != "AADSTS700016" || ep.Quoted != "https://www.pymetrics.com/saml2-sp/acme/acme/metadata" || ep.RequestID == "" || ep.CorrelationID == "" {
		t.Fatalf("%+v", ep)
	}
	c, err = capture.ReadBytes([]byte("AADSTS50011: The redirect URI 'https://www.pymetrics.com/saml2-sp/acme/acme/acs' specified in the request does not match the redirect URIs configured for the application 'a1b2'."))
	if err != nil || c.ErrorPage.Code != "AADSTS50011" || c.ErrorPage.Quoted != "https://www.pymetrics.com/saml2-sp/acme/acme/acs" {
		t.Fatalf("%v %+v", err, c)
	}
}

// A saved error page (HTML) is read for its visible text.
func TestReadErrorPageHTML(t *testing.T) {
	page := `<!DOCTYPE html><html><body><div id="login_workload_logo_text">Sorry, but we&#39;re having trouble signing you in.</div>
<div><span class="bold">Request Id:</span> <span>2f6e1c2a-6a41-4c1b-9b7e-1d2c3b4a5f60</span></div>
<div><span class="bold">Message:</span> <span>AADSTS50105: Your administrator has configured the application pymetrics to block users unless they are specifically granted (&#39;assigned&#39;) access.</span></div></body></html>`
	c, err := capture.ReadBytes([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if c.Format != capture.FormatErrorPage || c.ErrorPage.Code != "AADSTS50105" || !strings.Contains(c.ErrorPage.Message, "block users") {
		t.Fatalf("%+v", c.ErrorPage)
	}
}

func TestReadRefusals(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want error
	}{
		{"empty", "  \n", capture.ErrNoSAML},
		{"prose", "hello, this is not a capture", capture.ErrUnknownFormat},
		{"JSON of something else", `{"name":"x"}`, capture.ErrUnknownFormat},
		{"HAR without SAML", `{"log":{"entries":[{"request":{"method":"GET","url":"https://example.com/"}}]}}`, capture.ErrNoSAML},
		{"HAR cut off", `{"log":{"entries":[{"request":`, capture.ErrMalformed},
		{"SAML-tracer export with only hashed values", `{"requests":[{"method":"POST","url":"https://x/","post":[["SAMLResponse","abc123"]]}],"timestamp":"2026-12-01T09:00:00Z"}`, capture.ErrNoSAML},
		{"base64 of something else", base64.StdEncoding.EncodeToString([]byte("just some bytes that are not XML")), capture.ErrNoSAML},
		{"XML that is not SAML", `<html><body>hi</body></html>`, capture.ErrNoSAML},
		{"form body with a damaged value", "SAMLResponse=%%%", capture.ErrMalformed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := capture.ReadBytes([]byte(tc.in))
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

// TestLargeHAR reads a HAR of 30 MB generated here (never committed) and
// checks that the reader streams: the heap grows by far less than the file.
func TestLargeHAR(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	f := newFixture(t)
	path := filepath.Join(t.TempDir(), "session.har")
	writeLargeHAR(t, f, path, 30<<20)
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	c, err := capture.Read(fh)
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if c.Response() == nil || c.Request() == nil {
		t.Fatal("SAML messages not found in the large HAR")
	}
	if grew := int64(after.HeapInuse) - int64(before.HeapInuse); grew > 16<<20 {
		t.Errorf("heap in use grew by %d MB reading a 30 MB HAR: not streaming", grew>>20)
	}
	// Everything the read allocated, garbage included, bounds its peak
	// heap from above: under the 160 MB the issue allows for the whole
	// check, with room to spare for the rest of it.
	if total := after.TotalAlloc - before.TotalAlloc; total > 80<<20 {
		t.Errorf("reading a 30 MB HAR allocated %d MB in all", total>>20)
	}
}

// writeLargeHAR writes a HAR of about size bytes: the fixture's sign-in
// with padding entries in between.
func writeLargeHAR(t testing.TB, f fixture, path string, size int) {
	small := f.har(1)
	per := len(f.har(2)) - len(small)
	n := size / per
	data := f.har(n)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkReadHAR30MB(b *testing.B) {
	f := newFixture(b)
	path := filepath.Join(b.TempDir(), "session.har")
	writeLargeHAR(b, f, path, 30<<20)
	fi, _ := os.Stat(path)
	b.SetBytes(fi.Size())
	b.ReportAllocs()
	for b.Loop() {
		fh, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := capture.Read(fh); err != nil {
			b.Fatal(err)
		}
		fh.Close()
	}
}
