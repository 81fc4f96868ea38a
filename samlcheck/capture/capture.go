// Package capture reads what an admin captured of a sign-in (a browser's
// HAR file, a SAML-tracer export, a pasted SAMLResponse, form body, redirect
// URL or decoded message, or the text of Entra's error page) and keeps only
// the SAML messages, where they went, and when.
//
// A capture carries session cookies, and passwords typed into forms: nothing
// else is kept, and nothing read here is ever trusted. The messages go to
// samlcheck.CheckResponse and samlcheck.ReadAuthnRequest, which own the
// trust boundary. The format is found from the content, never from a file
// name. The package is pure Go.
package capture

import (
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
)

// Format names what a capture turned out to be. The values are part of the
// JSON output.
type Format string

const (
	FormatSAMLTracer  Format = "saml-tracer"
	FormatHAR         Format = "har"
	FormatBase64      Format = "base64"       // the bare SAMLResponse (or SAMLRequest) value
	FormatForm        Format = "form"         // SAMLResponse=…&RelayState=…
	FormatXML         Format = "xml"          // the decoded message
	FormatRedirectURL Format = "redirect-url" // a URL carrying SAMLRequest
	FormatHTMLForm    Format = "html-form"    // the auto-submitting page that posts SAMLResponse
	FormatErrorPage   Format = "error-page"   // the text of Entra's "Sorry, but we're having trouble signing you in"
)

// Kind says which SAML message a Message holds.
type Kind string

const (
	KindResponse Kind = "response"
	KindRequest  Kind = "request"
)

// Message is one SAML message found in a capture.
type Message struct {
	Kind Kind
	XML  []byte // the decoded message, exactly as sent
	// URL is where the browser sent it, without query or fragment (which
	// may carry other secrets); "" when the capture does not say.
	URL string
	At  time.Time // when it was sent, when the capture records it
}

// TimeSource says where CapturedAt comes from.
type TimeSource string

const (
	TimeNone       TimeSource = ""
	TimeEntry      TimeSource = "har-started" // the HAR entry's startedDateTime
	TimeDateHeader TimeSource = "date-header" // the Date header of pymetrics' answer
	TimeExport     TimeSource = "export-time" // SAML-tracer's export time: an upper bound
	TimeErrorPage  TimeSource = "error-page"  // the Timestamp in Entra's troubleshooting details
	TimeGiven      TimeSource = "given"       // set by the caller (--at)
)

// ErrorPage is what Entra's error page says in its troubleshooting details.
type ErrorPage struct {
	Code          string    `json:"code"` // "AADSTS50011"
	Message       string    `json:"message"`
	RequestID     string    `json:"request_id,omitempty"`
	CorrelationID string    `json:"correlation_id,omitempty"`
	Timestamp     time.Time `json:"timestamp,omitzero"`
	// Quoted is the value the message quotes: the identifier pymetrics
	// sent (AADSTS700016) or the reply URL (AADSTS50011).
	Quoted string `json:"quoted,omitempty"`
}

// Capture is what Read kept of one capture.
type Capture struct {
	Format           Format
	Messages         []Message
	CapturedAt       time.Time
	CapturedAtSource TimeSource
	ErrorPage        *ErrorPage
	// Skipped counts SAML parameters that were present but could not be
	// decoded (hashed or obfuscated by SAML-tracer without a decoded copy,
	// cut off).
	Skipped int
}

// Response returns the last SAML Response in the capture, or nil.
func (c *Capture) Response() *Message {
	for i := len(c.Messages) - 1; i >= 0; i-- {
		if c.Messages[i].Kind == KindResponse {
			return &c.Messages[i]
		}
	}
	return nil
}

// Request returns the AuthnRequest that preceded the last response (or the
// last one, when there is no response), or nil.
func (c *Capture) Request() *Message {
	end := len(c.Messages)
	for i := len(c.Messages) - 1; i >= 0; i-- {
		if c.Messages[i].Kind == KindResponse {
			end = i
			break
		}
	}
	for i := end - 1; i >= 0; i-- {
		if c.Messages[i].Kind == KindRequest {
			return &c.Messages[i]
		}
	}
	return nil
}

// Limits. A capture of a long browser session is tens of MB; only the JSON
// formats are read streaming, the others are small by nature.
const (
	MaxMessage = 1 << 20 // a decoded SAML message
	MaxText    = 8 << 20 // pasted text, XML, base64
	MaxCapture = 1 << 30 // a HAR or SAML-tracer file, read streaming
)

// Errors; match them with errors.Is.
var (
	// ErrNoSAML: the input holds no SAML message and no Entra error text.
	ErrNoSAML = errors.New("capture: no SAML message found")
	// ErrUnknownFormat: the content is none of the formats this package reads.
	ErrUnknownFormat = errors.New("capture: not a capture format the assistant reads")
	// ErrTooLarge: the input is past the limit for its format.
	ErrTooLarge = errors.New("capture: input too large")
	// ErrMalformed: the input is of a known format but cannot be read.
	ErrMalformed = errors.New("capture: malformed")
)

// FormatError says which format was recognised and why it could not be read.
type FormatError struct {
	Format Format
	Err    error
}

func (e *FormatError) Error() string { return fmt.Sprintf("capture: %s: %v", e.Format, e.Err) }
func (e *FormatError) Unwrap() error { return e.Err }

// Read recognises the capture in r by its content and returns the SAML
// messages it holds.
func Read(r io.Reader) (*Capture, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(4096)
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '{' {
		return readJSON(br)
	}
	data, err := io.ReadAll(io.LimitReader(br, MaxText+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxText {
		return nil, fmt.Errorf("%w: more than %d MB of text that is neither a HAR file nor a SAML-tracer export", ErrTooLarge, MaxText>>20)
	}
	return ReadText(data)
}

// ReadBytes is Read on bytes already in memory.
func ReadBytes(data []byte) (*Capture, error) { return Read(bytes.NewReader(data)) }

// ReadText reads the small formats: XML, a URL, a form body, base64, or
// Entra's error page.
func ReadText(data []byte) (*Capture, error) {
	text := strings.TrimSpace(strings.TrimPrefix(string(data), "\uFEFF"))
	c := &Capture{}
	switch {
	case text == "":
		return nil, ErrNoSAML
	case strings.HasPrefix(text, "<"):
		if kind := messageKind([]byte(text)); kind != "" {
			c.Format = FormatXML
			c.add(Message{Kind: kind, XML: []byte(text)})
			return c, nil
		}
		if strings.Contains(text, "SAMLResponse") {
			c.Format = FormatHTMLForm
			if v := htmlFormValue(text, "SAMLResponse"); v != "" {
				c.param(v, formAction(text), time.Time{})
			}
			return c.done()
		}
		if strings.Contains(text, "AADSTS") {
			return readErrorPage(htmlText(text))
		}
		return nil, fmt.Errorf("%w: XML or HTML that holds no SAML Response or AuthnRequest", ErrNoSAML)
	case strings.HasPrefix(text, "https://") || strings.HasPrefix(text, "http://"):
		u, err := url.Parse(strings.Fields(text)[0])
		if err != nil {
			return nil, &FormatError{FormatRedirectURL, fmt.Errorf("%w: %v", ErrMalformed, err)}
		}
		c.Format = FormatRedirectURL
		q := u.Query()
		for _, name := range []string{"SAMLRequest", "SAMLResponse"} {
			if v := q.Get(name); v != "" {
				c.param(v, stripURL(u), time.Time{})
			}
		}
		return c.done()
	case strings.Contains(text, "AADSTS"):
		return readErrorPage(text)
	case strings.Contains(text, "SAMLResponse=") || strings.Contains(text, "SAMLRequest="):
		body := text
		if i := strings.IndexByte(body, '?'); i >= 0 && !strings.Contains(body[:i], "=") {
			body = body[i+1:]
		}
		q, err := url.ParseQuery(strings.Join(strings.Fields(body), ""))
		if err != nil {
			return nil, &FormatError{FormatForm, fmt.Errorf("%w: %v", ErrMalformed, err)}
		}
		c.Format = FormatForm
		if v := q.Get("SAMLRequest"); v != "" {
			c.param(v, "", time.Time{})
		}
		if v := q.Get("SAMLResponse"); v != "" {
			c.param(v, "", time.Time{})
		}
		return c.done()
	case looksBase64(text):
		c.Format = FormatBase64
		if xmlText, ok := decodeMessage(text); ok {
			if kind := messageKind(xmlText); kind != "" {
				c.add(Message{Kind: kind, XML: xmlText})
				return c, nil
			}
		}
		return nil, &FormatError{FormatBase64, fmt.Errorf("%w: the base64 text does not decode to a SAML Response or AuthnRequest", ErrNoSAML)}
	}
	return nil, ErrUnknownFormat
}

func (c *Capture) add(m Message) { c.Messages = append(c.Messages, m) }

// done finishes a capture read from text.
func (c *Capture) done() (*Capture, error) {
	if len(c.Messages) == 0 {
		if c.Skipped > 0 {
			return nil, &FormatError{c.Format, fmt.Errorf("%w: %d SAML values could not be decoded (hashed, obfuscated or cut off)", ErrNoSAML, c.Skipped)}
		}
		return nil, &FormatError{c.Format, ErrNoSAML}
	}
	return c, nil
}

// param decodes one SAMLRequest or SAMLResponse parameter value and keeps
// the message, sent to the URL to at the time at. The HTTP-Redirect binding
// deflates, the POST binding does not; decodeMessage tries both, as senders
// differ.
func (c *Capture) param(value, to string, at time.Time) bool {
	x, ok := decodeMessage(value)
	if !ok {
		c.Skipped++
		return false
	}
	kind := messageKind(x)
	if kind == "" {
		c.Skipped++
		return false
	}
	c.add(Message{Kind: kind, XML: x, URL: to, At: at})
	return true
}

// decodeMessage turns a parameter value into XML: base64 (spaces from a
// form-decoded "+" restored, line breaks dropped), then, when the result is
// not XML, raw DEFLATE.
func decodeMessage(v string) ([]byte, bool) {
	// Base64 has no "%": one means the value is still form-encoded.
	if strings.Contains(v, "%") {
		if u, err := url.QueryUnescape(v); err == nil {
			v = u
		}
	}
	v = strings.Map(func(r rune) rune {
		switch r {
		case '\r', '\n', '\t':
			return -1
		case ' ':
			return '+'
		}
		return r
	}, v)
	if len(v) > 2*MaxMessage {
		return nil, false
	}
	raw, err := base64.StdEncoding.DecodeString(v)
	if err != nil {
		if raw, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(v, "=")); err != nil {
			return nil, false
		}
	}
	if t := bytes.TrimLeft(raw, " \t\r\n\uFEFF"); len(t) > 0 && t[0] == '<' {
		return raw, true
	}
	out, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(raw)), MaxMessage+1))
	if err != nil || len(out) > MaxMessage {
		return nil, false
	}
	if t := bytes.TrimLeft(out, " \t\r\n"); len(t) > 0 && t[0] == '<' {
		return out, true
	}
	return nil, false
}

// messageKind names the SAML message by its root element, read with a
// tokenizer that stops at the first element. It decides only where a
// message is filed; samlcheck pre-checks it again before anything is read.
func messageKind(x []byte) Kind {
	dec := xml.NewDecoder(bytes.NewReader(x))
	dec.Strict = true
	for i := 0; i < 64; i++ {
		tok, err := dec.RawToken()
		if err != nil {
			return ""
		}
		if se, ok := tok.(xml.StartElement); ok {
			switch se.Name.Local {
			case "Response":
				return KindResponse
			case "AuthnRequest":
				return KindRequest
			}
			return ""
		}
	}
	return ""
}

func looksBase64(s string) bool {
	if len(s) < 16 {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '+', r == '/', r == '=', r == '\r', r == '\n', r == ' ', r == '\t', r == '%':
		default:
			return false
		}
	}
	return true
}

// stripURL keeps scheme, host and path, and a query without parameters
// (pymetrics' Reply URL ends in "?acs"): parameters or a fragment may hold
// other secrets, and where the message went is all the check needs.
func stripURL(u *url.URL) string {
	v := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}
	if u.RawQuery != "" && !strings.ContainsAny(u.RawQuery, "=&") {
		v.RawQuery = u.RawQuery
	}
	return v.String()
}

// stripURLString is stripURL on a string; "" when it does not parse.
func stripURLString(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	return stripURL(u)
}
