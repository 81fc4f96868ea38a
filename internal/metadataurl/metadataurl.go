// Package metadataurl fetches an application's Federation Metadata XML from
// the "App Federation Metadata Url" the Entra portal shows, so the admin can
// paste the URL instead of downloading a file.
//
// It owns one narrow door to the network. Only https URLs on Microsoft's
// sign-in hosts (the global cloud, US Government and China) are accepted,
// and that is decided from the text alone, before any connection: anything
// else is refused with the finding input.url-refused. The fetch verifies the
// server's certificate, gives up after a time-out, redirects only to those
// hosts, and reads no more than the size cap the check applies to files;
// the bytes are then checked exactly like a file (samlcheck). The tenant in
// the URL must be the tenant of the signed metadata.
//
// The package never imports a UI toolkit; the bundle records the URL and
// the fetch time it returns.
package metadataurl

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck"
)

// Finding codes. Stable: the command line and the window match on them.
const (
	// CodeURLRefused: not https, not a Microsoft sign-in host, or no tenant
	// in the path. No connection was made.
	CodeURLRefused samlcheck.Code = "input.url-refused"
	// CodeURLFetchFailed: the connection, TLS, the time-out or the HTTP
	// status failed.
	CodeURLFetchFailed samlcheck.Code = "input.url-fetch-failed"
	// CodeURLTenantMismatch: the URL names another tenant than the signed
	// metadata.
	CodeURLTenantMismatch samlcheck.Code = "input.url-tenant-mismatch"
)

// Sentinel errors; match with errors.Is.
var (
	ErrRefused = errors.New("metadataurl: URL refused")
	ErrFetch   = errors.New("metadataurl: fetch failed")
)

// Host is a Microsoft sign-in host metadata may be fetched from.
type Host struct {
	Name  string // e.g. login.microsoftonline.com
	Cloud string // for people
}

// Hosts are Microsoft Entra ID's documented authentication endpoints
// ("National clouds" in the Microsoft identity platform documentation):
// the global service, Azure Government, and Azure operated by 21Vianet,
// whose current host is login.partner.microsoftonline.cn and whose older
// name login.chinacloudapi.cn Microsoft's libraries still use.
var Hosts = []Host{
	{"login.microsoftonline.com", "Microsoft Entra ID (global)"},
	{"login.microsoftonline.us", "Microsoft Entra ID for US Government"},
	{"login.partner.microsoftonline.cn", "Microsoft Entra ID in China operated by 21Vianet"},
	{"login.chinacloudapi.cn", "Microsoft Entra ID in China operated by 21Vianet (older host name)"},
}

func hostNames() string {
	var names []string
	for _, h := range Hosts {
		names = append(names, h.Name)
	}
	return strings.Join(names, ", ")
}

// RefusedError says why a URL was refused before any connection.
type RefusedError struct {
	URL    string
	Reason string
}

func (e *RefusedError) Error() string { return "metadataurl: URL refused: " + e.Reason }

// Is makes errors.Is(err, ErrRefused) hold.
func (e *RefusedError) Is(target error) bool { return target == ErrRefused }

// FetchError says why an accepted URL gave no bytes. It matches ErrFetch and
// the cause with errors.Is.
type FetchError struct {
	URL string
	Err error
}

func (e *FetchError) Error() string { return fmt.Sprintf("metadataurl: fetch %s: %v", e.URL, e.Err) }

// Unwrap exposes ErrFetch and the cause.
func (e *FetchError) Unwrap() []error { return []error{ErrFetch, e.Err} }

// LooksLikeURL reports whether what the admin typed or pasted is meant as a
// URL rather than a file path, so it is judged (and perhaps refused) as one.
func LooksLikeURL(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	// A URL copied without its scheme still names the portal's path; a
	// file that merely starts with "login." does not.
	return strings.Contains(s, "://") || strings.HasPrefix(s, "login.") && strings.Contains(s, "/federationmetadata")
}

// Target is an accepted URL and the tenant its path names.
type Target struct {
	URL    *url.URL
	Tenant string
}

// Parse accepts https URLs on Hosts whose first path segment is a tenant
// ID (a GUID), as the portal's App Federation Metadata Url is. Anything
// else is a *RefusedError.
func Parse(raw string) (*Target, error) {
	refuse := func(format string, a ...any) (*Target, error) {
		return nil, &RefusedError{URL: raw, Reason: fmt.Sprintf(format, a...)}
	}
	s := strings.TrimSpace(raw)
	if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || r == ' ' }) {
		return refuse("the URL contains spaces or control characters")
	}
	u, err := url.Parse(s)
	if err != nil {
		return refuse("it is not a URL (%v)", err)
	}
	if !strings.EqualFold(u.Scheme, "https") {
		return refuse("only https URLs are fetched, not %q", u.Scheme)
	}
	if u.User != nil {
		return refuse("the URL carries a user name or password")
	}
	if u.Opaque != "" {
		return refuse("the URL has no host")
	}
	if p := u.Port(); p != "" && p != "443" {
		return refuse("the URL names port %s; Microsoft's sign-in hosts answer on the standard https port", p)
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	allowed := false
	for _, h := range Hosts {
		allowed = allowed || host == h.Name
	}
	if !allowed {
		return refuse("%q is not a Microsoft sign-in host", host)
	}
	seg, _, _ := strings.Cut(strings.TrimPrefix(u.EscapedPath(), "/"), "/")
	if !isGUID(seg) {
		return refuse("the path does not start with a tenant ID (a GUID such as 0b5f2c3e-7d41-4a8e-9c6b-2f1d8e4a7b90)")
	}
	u.Scheme, u.Host, u.Fragment, u.RawFragment = "https", host, "", ""
	return &Target{URL: u, Tenant: strings.ToLower(seg)}, nil
}

func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch i {
		case 8, 13, 18, 23:
			if r != '-' {
				return false
			}
		default:
			if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f' || 'A' <= r && r <= 'F') {
				return false
			}
		}
	}
	return true
}

// DefaultTimeout bounds a whole fetch: connection, TLS, redirects, body.
const DefaultTimeout = 30 * time.Second

// Options tune a fetch. The zero value uses the system's trust roots and
// resolver, DefaultTimeout and the check's size cap.
type Options struct {
	Timeout time.Duration
	// Now stamps the fetch; nil means time.Now.
	Now func() time.Time

	// Tests only: trust roots and where connections go. The package's own
	// tests set them to reach a local TLS server; nothing else can.
	roots *x509.CertPool
	dial  func(ctx context.Context, network, addr string) (net.Conn, error)
}

// Result is what a fetch recorded.
type Result struct {
	URL       string    // the URL as accepted (fragment dropped)
	Tenant    string    // the tenant ID its path names
	FetchedAt time.Time // when the response arrived, UTC to the second
	Data      []byte    // the bytes, nil when the check refused them (too large)
}

// Check fetches raw and checks the bytes like a file. The Report is never
// nil: a refused URL or a failed fetch is a report with one error finding
// (input.url-refused, input.url-fetch-failed) and the error wraps ErrRefused
// or ErrFetch; a fetched file gets the check's report, plus
// input.url-tenant-mismatch when the URL names another tenant.
func Check(ctx context.Context, raw string, check samlcheck.Options, opts Options) (*samlcheck.Report, *Result, error) {
	target, err := Parse(raw)
	if err != nil {
		var refused *RefusedError
		errors.As(err, &refused)
		return failed(samlcheck.Finding{
			Code:     CodeURLRefused,
			Severity: samlcheck.SeverityError,
			Message:  fmt.Sprintf("The URL was refused before any connection: %s. Only https URLs on Microsoft's sign-in hosts are fetched: %s.", refused.Reason, hostNames()),
			Hint:     `Copy "App Federation Metadata Url" from the pymetrics application's Single sign-on page (section "SAML Certificates"), or download "Federation Metadata XML" there and use the file.`,
		}), nil, err
	}
	res := &Result{URL: target.URL.String(), Tenant: target.Tenant}
	body, err := fetch(ctx, target, opts)
	if err != nil {
		return failed(samlcheck.Finding{
			Code:     CodeURLFetchFailed,
			Severity: samlcheck.SeverityError,
			Message:  fmt.Sprintf("The metadata could not be fetched from %s: %v.", res.URL, err),
			Hint:     `Check the network connection and that the URL is the one the portal shows, or download "Federation Metadata XML" from the Single sign-on page and use the file.`,
		}), res, &FetchError{URL: res.URL, Err: err}
	}
	defer body.Close()
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	res.FetchedAt = now().UTC().Truncate(time.Second)
	report, data, err := samlcheck.CheckReader(res.URL, body, check)
	if err != nil {
		return failed(samlcheck.Finding{
			Code:     CodeURLFetchFailed,
			Severity: samlcheck.SeverityError,
			Message:  fmt.Sprintf("The metadata from %s broke off while it was read: %v.", res.URL, err),
			Hint:     "Try again, or download the file from the portal.",
		}), res, &FetchError{URL: res.URL, Err: err}
	}
	res.Data = data
	if report.TenantID != "" && !strings.EqualFold(report.TenantID, target.Tenant) {
		// Errors lead the findings, as samlcheck orders them.
		report.Findings = append([]samlcheck.Finding{{
			Code:     CodeURLTenantMismatch,
			Severity: samlcheck.SeverityError,
			Message:  fmt.Sprintf("The URL names tenant %s, but the signed metadata it returned is for tenant %s.", target.Tenant, report.TenantID),
			Hint:     "Copy the App Federation Metadata Url again from the pymetrics application in your own tenant.",
		}}, report.Findings...)
		report.OK = false
	}
	return report, res, nil
}

// failed is the report of a URL that gave no bytes to check.
func failed(f samlcheck.Finding) *samlcheck.Report {
	return &samlcheck.Report{
		Kind:         samlcheck.KindURL,
		SSOURLs:      []samlcheck.Endpoint{},
		LogoutURLs:   []samlcheck.Endpoint{},
		Certificates: []samlcheck.Certificate{},
		Findings:     []samlcheck.Finding{f},
	}
}

const maxRedirects = 3

func fetch(ctx context.Context, target *Target, opts Options) (io.ReadCloser, error) {
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	transport := &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		TLSClientConfig:     &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: opts.roots},
		TLSHandshakeTimeout: timeout,
		ForceAttemptHTTP2:   true,
	}
	if opts.dial != nil {
		transport.Proxy = nil
		transport.DialContext = opts.dial
	}
	client := &http.Client{
		Transport: transport,
		Timeout:   timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return fmt.Errorf("more than %d redirects", maxRedirects)
			}
			if _, err := Parse(req.URL.String()); err != nil {
				return fmt.Errorf("redirected to %s, which is refused: %w", req.URL.Redacted(), err)
			}
			return nil
		},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target.URL.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/samlmetadata+xml, application/xml, text/xml")
	resp, err := client.Do(req)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("the server answered %s", resp.Status)
	}
	return readCloser{Reader: resp.Body, close: func() error { transport.CloseIdleConnections(); return resp.Body.Close() }}, nil
}

type readCloser struct {
	io.Reader
	close func() error
}

func (r readCloser) Close() error { return r.close() }
