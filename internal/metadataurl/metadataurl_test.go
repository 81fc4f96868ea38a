package metadataurl

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

const tenant = samltest.DefaultTenantID

func metadataURL(host, tenant string) string {
	return "https://" + host + "/" + tenant + "/federationmetadata/2007-06/federationmetadata.xml?appid=6f1c2b4e-8a9d-4c3b-b2e1-7d5a9c8f0e12"
}

// TestParse: every URL that is not https on a Microsoft sign-in host with a
// tenant is refused from its text alone.
func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name, url  string
		wantTenant string // empty: refused
	}{
		{"global cloud", metadataURL("login.microsoftonline.com", tenant), tenant},
		{"US Government", metadataURL("login.microsoftonline.us", tenant), tenant},
		{"China", metadataURL("login.partner.microsoftonline.cn", tenant), tenant},
		{"China, older host", metadataURL("login.chinacloudapi.cn", tenant), tenant},
		{"upper case host and tenant, port 443, spaces around", "  https://LOGIN.microsoftonline.com:443/" + strings.ToUpper(tenant) + "/federationmetadata/2007-06/federationmetadata.xml ", tenant},
		{"http", "http://login.microsoftonline.com/" + tenant + "/federationmetadata/2007-06/federationmetadata.xml", ""},
		{"file", "file:///etc/passwd", ""},
		{"another host", metadataURL("login.example.com", tenant), ""},
		{"suffix trick", metadataURL("login.microsoftonline.com.evil.example", tenant), ""},
		{"prefix trick", metadataURL("evil-login.microsoftonline.com", tenant), ""},
		{"user info trick", "https://login.microsoftonline.com@evil.example/" + tenant + "/federationmetadata/2007-06/federationmetadata.xml", ""},
		{"other port", "https://login.microsoftonline.com:8443/" + tenant + "/federationmetadata/2007-06/federationmetadata.xml", ""},
		{"IP address", metadataURL("20.190.128.1", tenant), ""},
		{"common endpoint", metadataURL("login.microsoftonline.com", "common"), ""},
		{"domain instead of tenant ID", metadataURL("login.microsoftonline.com", "contoso.onmicrosoft.com"), ""},
		{"no path", "https://login.microsoftonline.com", ""},
		{"line break", "https://login.microsoftonline.com/" + tenant + "/\nx", ""},
		{"not a URL", "%zz://", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			target, err := Parse(tc.url)
			if tc.wantTenant == "" {
				var refused *RefusedError
				if !errors.Is(err, ErrRefused) || !errors.As(err, &refused) || refused.Reason == "" {
					t.Fatalf("want refused, got %v, %v", target, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if target.Tenant != tc.wantTenant || target.URL.Scheme != "https" {
				t.Fatalf("tenant %s, URL %s", target.Tenant, target.URL)
			}
		})
	}
}

// testServer is a local TLS server answering for Microsoft's hosts with a
// certificate from a CA made for the test; dials counts connections.
type testServer struct {
	srv   *httptest.Server
	roots *x509.CertPool
	dials atomic.Int32
}

func newTestServer(t *testing.T, handler http.HandlerFunc) *testServer {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, caKey.Public(), caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, _ := x509.ParseCertificate(caDER)
	leafKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	var names []string
	for _, h := range Hosts {
		names = append(names, h.Name)
	}
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: names[0]}, DNSNames: names,
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, caCert, leafKey.Public(), caKey)
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{srv: httptest.NewUnstartedServer(handler), roots: x509.NewCertPool()}
	ts.srv.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{leafDER}, PrivateKey: leafKey}}}
	ts.srv.StartTLS()
	t.Cleanup(ts.srv.Close)
	ts.roots.AddCert(caCert)
	return ts
}

// options send every connection to the local server, whatever host the
// URL names, and trust only the test CA.
func (ts *testServer) options() Options {
	addr := ts.srv.Listener.Addr().String()
	return Options{
		Timeout: 5 * time.Second,
		Now:     func() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) },
		roots:   ts.roots,
		dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
			ts.dials.Add(1)
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		},
	}
}

func hasCode(r *samlcheck.Report, code samlcheck.Code) bool { return r.Has(code) }

func TestCheck(t *testing.T) {
	m := samltest.New(t, samltest.Options{})
	const other = "11111111-2222-4333-8444-555555555555"
	for _, tc := range []struct {
		name     string
		url      string
		handler  http.HandlerFunc
		opts     func(*testServer) Options
		check    samlcheck.Options
		wantOK   bool
		wantCode samlcheck.Code
		wantErr  error
		noDial   bool
	}{
		{name: "fetched and checked", url: metadataURL("login.microsoftonline.com", tenant), wantOK: true},
		{name: "US Government host", url: metadataURL("login.microsoftonline.us", tenant), wantOK: true},
		{name: "tenant of the URL differs", url: metadataURL("login.microsoftonline.com", other), wantCode: CodeURLTenantMismatch},
		{name: "refused before connecting", url: strings.Replace(metadataURL("login.microsoftonline.com", tenant), "https", "http", 1),
			wantCode: CodeURLRefused, wantErr: ErrRefused, noDial: true},
		{name: "refused host before connecting", url: metadataURL("login.microsoftonline.com.evil.example", tenant),
			wantCode: CodeURLRefused, wantErr: ErrRefused, noDial: true},
		{name: "not found", url: metadataURL("login.microsoftonline.com", tenant), wantCode: CodeURLFetchFailed, wantErr: ErrFetch,
			handler: func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }},
		{name: "too large", url: metadataURL("login.microsoftonline.com", tenant), wantCode: samlcheck.CodeInputTooLarge,
			check: samlcheck.Options{MaxSize: 1000}},
		{name: "time-out", url: metadataURL("login.microsoftonline.com", tenant), wantCode: CodeURLFetchFailed, wantErr: ErrFetch,
			handler: func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-r.Context().Done():
				case <-time.After(3 * time.Second):
				}
			},
			opts: func(ts *testServer) Options { o := ts.options(); o.Timeout = 200 * time.Millisecond; return o }},
		{name: "untrusted server certificate", url: metadataURL("login.microsoftonline.com", tenant), wantCode: CodeURLFetchFailed, wantErr: ErrFetch,
			opts: func(ts *testServer) Options { o := ts.options(); o.roots = x509.NewCertPool(); return o }},
		{name: "redirect off Microsoft's hosts", url: metadataURL("login.microsoftonline.com", tenant), wantCode: CodeURLFetchFailed, wantErr: ErrFetch,
			handler: func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "https://evil.example/"+tenant+"/x.xml", http.StatusFound)
			}},
		{name: "redirect to another Microsoft host", url: metadataURL("login.microsoftonline.com", tenant), wantOK: true,
			handler: func(w http.ResponseWriter, r *http.Request) {
				if r.Host == "login.microsoftonline.com" {
					http.Redirect(w, r, metadataURL("login.microsoftonline.us", tenant), http.StatusFound)
					return
				}
				w.Write(m.XML)
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			handler := tc.handler
			if handler == nil {
				handler = func(w http.ResponseWriter, r *http.Request) { w.Write(m.XML) }
			}
			ts := newTestServer(t, handler)
			opts := ts.options()
			if tc.opts != nil {
				opts = tc.opts(ts)
			}
			report, res, err := Check(context.Background(), tc.url, tc.check, opts)
			if report == nil {
				t.Fatal("no report")
			}
			if report.OK != tc.wantOK || (tc.wantCode != "" && !hasCode(report, tc.wantCode)) {
				t.Fatalf("OK=%v findings %+v; want OK=%v with %s", report.OK, report.Findings, tc.wantOK, tc.wantCode)
			}
			if (tc.wantErr == nil) != (err == nil) || (tc.wantErr != nil && !errors.Is(err, tc.wantErr)) {
				t.Fatalf("err %v, want %v", err, tc.wantErr)
			}
			if tc.noDial && ts.dials.Load() != 0 {
				t.Fatalf("%d connections made for a refused URL", ts.dials.Load())
			}
			if tc.wantOK {
				if res == nil || res.Tenant != tenant || res.FetchedAt != opts.Now() || string(res.Data) != string(m.XML) {
					t.Fatalf("result %+v", res)
				}
			}
			for _, f := range report.Findings {
				if f.Message == "" || (f.Severity == samlcheck.SeverityError && f.Hint == "") {
					t.Errorf("finding without message or hint: %+v", f)
				}
			}
			if tc.wantCode == CodeURLRefused && !strings.Contains(report.Findings[0].Message, "login.microsoftonline.us") {
				t.Errorf("the refusal does not name the accepted hosts: %s", report.Findings[0].Message)
			}
		})
	}
}

func TestLooksLikeURL(t *testing.T) {
	for s, want := range map[string]bool{
		"https://login.microsoftonline.com/x": true,
		"HTTP://example.com":                  true,
		"login.microsoftonline.com/x/federationmetadata/2007-06/federationmetadata.xml": true,
		"login.microsoftonline.xml":  false,
		"FederationMetadata.xml":     false,
		`C:\Users\a\Downloads\x.xml`: false,
		"-":                          false,
	} {
		if LooksLikeURL(s) != want {
			t.Errorf("LooksLikeURL(%q) != %v", s, want)
		}
	}
}
