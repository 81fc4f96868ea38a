package capture

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
)

// harEntry is the part of a HAR entry (HAR 1.2, log.entries[]) the check
// reads. Everything else in the entry (cookies, headers of the request,
// response bodies) is skipped by the decoder and never kept.
type harEntry struct {
	StartedDateTime string `json:"startedDateTime"`
	Request         struct {
		Method   string `json:"method"`
		URL      string `json:"url"`
		PostData *struct {
			MimeType string    `json:"mimeType"`
			Text     string    `json:"text"`
			Params   []harPair `json:"params"`
		} `json:"postData"`
	} `json:"request"`
	Response struct {
		Headers []harPair `json:"headers"`
	} `json:"response"`
}

type harPair struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// tracerRequest is one request of a SAML-tracer export. Current exports
// (SAML-tracer 1.x) carry requestId and headers as {name, value} objects;
// older ones carry id and headers as [name, value] pairs. get and post are
// [name, value] pairs in both; the "hash" and "obfuscate" export options
// replace the post values, so saml, the add-on's decoded copy, is the
// fallback.
type tracerRequest struct {
	Method          string          `json:"method"`
	URL             string          `json:"url"`
	Post            [][]string      `json:"post"`
	SAML            string          `json:"saml"`
	ResponseHeaders json.RawMessage `json:"responseHeaders"`
}

// readJSON reads a HAR file or a SAML-tracer export, streaming: one entry
// or request is decoded at a time and only its SAML parameters are kept, so
// memory follows the largest entry, not the file.
func readJSON(r io.Reader) (*Capture, error) {
	dec := json.NewDecoder(io.LimitReader(r, MaxCapture))
	if err := expectDelim(dec, '{'); err != nil {
		return nil, &FormatError{"json", err}
	}
	c := &Capture{}
	var exportTime time.Time
	for dec.More() {
		key, err := objectKey(dec)
		if err != nil {
			return nil, &FormatError{"json", err}
		}
		switch key {
		case "log":
			c.Format = FormatHAR
			if err := readHARLog(dec, c); err != nil {
				return nil, &FormatError{FormatHAR, err}
			}
		case "requests":
			c.Format = FormatSAMLTracer
			if err := readTracerRequests(dec, c); err != nil {
				return nil, &FormatError{FormatSAMLTracer, err}
			}
		case "timestamp":
			var ts string
			if err := dec.Decode(&ts); err == nil {
				exportTime, _ = time.Parse(time.RFC3339Nano, ts)
			}
		default:
			if err := skipValue(dec); err != nil {
				return nil, &FormatError{"json", err}
			}
		}
	}
	if c.Format == "" {
		return nil, fmt.Errorf("%w: JSON that is neither a HAR file (log.entries) nor a SAML-tracer export (requests)", ErrUnknownFormat)
	}
	if c.Format == FormatSAMLTracer && c.CapturedAt.IsZero() && !exportTime.IsZero() {
		c.CapturedAt, c.CapturedAtSource = exportTime.UTC(), TimeExport
	}
	return c.done()
}

func readHARLog(dec *json.Decoder, c *Capture) error {
	if err := expectDelim(dec, '{'); err != nil {
		return err
	}
	for dec.More() {
		key, err := objectKey(dec)
		if err != nil {
			return err
		}
		if key != "entries" {
			if err := skipValue(dec); err != nil {
				return err
			}
			continue
		}
		if err := expectDelim(dec, '['); err != nil {
			return err
		}
		for dec.More() {
			var e harEntry
			if err := dec.Decode(&e); err != nil {
				return fmt.Errorf("%w: entry: %v", ErrMalformed, err)
			}
			c.harEntry(&e)
		}
		if _, err := dec.Token(); err != nil {
			return fmt.Errorf("%w: %v", ErrMalformed, err)
		}
	}
	_, err := dec.Token()
	return err
}

// harEntry keeps the SAML parameters of one entry: the query of a GET (the
// redirect binding) and the form fields of a POST.
func (c *Capture) harEntry(e *harEntry) {
	at, _ := time.Parse(time.RFC3339Nano, e.StartedDateTime)
	at = at.UTC()
	to := stripURLString(e.Request.URL)
	found := false
	if u, err := url.Parse(e.Request.URL); err == nil {
		q := u.Query()
		for _, name := range []string{"SAMLRequest", "SAMLResponse"} {
			if v := q.Get(name); v != "" {
				found = c.param(v, to, at) || found
			}
		}
	}
	if pd := e.Request.PostData; pd != nil && strings.EqualFold(e.Request.Method, "POST") {
		vals := map[string]string{}
		for _, p := range pd.Params {
			if p.Name == "SAMLResponse" || p.Name == "SAMLRequest" {
				vals[p.Name] = p.Value
			}
		}
		if len(vals) == 0 && strings.Contains(pd.Text, "SAML") {
			if q, err := url.ParseQuery(pd.Text); err == nil {
				for _, name := range []string{"SAMLRequest", "SAMLResponse"} {
					if v := q.Get(name); v != "" {
						// ParseQuery decoded it already; a literal "+"
						// cannot remain, so re-escaping is not needed.
						vals[name] = v
					}
				}
			}
		}
		for _, name := range []string{"SAMLRequest", "SAMLResponse"} {
			if v, ok := vals[name]; ok {
				found = c.param(v, to, at) || found
			}
		}
	}
	if !found {
		return
	}
	// The time of the last message is the capture time: pymetrics judges
	// the response when it arrives. The Date header of pymetrics' answer
	// is the server's own clock; the entry's start the browser's.
	if d := header(e.Response.Headers, "Date"); d != "" {
		if t, err := parseHTTPDate(d); err == nil {
			c.CapturedAt, c.CapturedAtSource = t.UTC(), TimeDateHeader
			return
		}
	}
	if !at.IsZero() {
		c.CapturedAt, c.CapturedAtSource = at, TimeEntry
	}
}

// parseHTTPDate reads a Date header in the forms HTTP allows (RFC 9110,
// section 5.6.7): IMF-fixdate, and the obsolete RFC 850 and asctime forms.
func parseHTTPDate(s string) (time.Time, error) {
	var err error
	for _, layout := range []string{"Mon, 02 Jan 2006 15:04:05 GMT", time.RFC850, time.ANSIC} {
		var t time.Time
		if t, err = time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t, nil
		}
	}
	return time.Time{}, err
}

func header(hs []harPair, name string) string {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

func readTracerRequests(dec *json.Decoder, c *Capture) error {
	if err := expectDelim(dec, '['); err != nil {
		return err
	}
	for dec.More() {
		var req tracerRequest
		if err := dec.Decode(&req); err != nil {
			return fmt.Errorf("%w: request: %v", ErrMalformed, err)
		}
		c.tracerRequest(&req)
	}
	_, err := dec.Token()
	return err
}

// tracerRequest keeps the SAML message of one SAML-tracer request: from the
// query of a redirect, from the POST parameters, or, when those were hashed
// or obfuscated at export, from the add-on's decoded copy.
func (c *Capture) tracerRequest(req *tracerRequest) {
	to := stripURLString(req.URL)
	before := len(c.Messages)
	skipped := c.Skipped
	if u, err := url.Parse(req.URL); err == nil {
		q := u.Query()
		for _, name := range []string{"SAMLRequest", "SAMLResponse"} {
			if v := q.Get(name); v != "" {
				c.param(v, to, time.Time{})
			}
		}
	}
	for _, p := range req.Post {
		if len(p) == 2 && (p[0] == "SAMLResponse" || p[0] == "SAMLRequest") {
			c.param(p[1], to, time.Time{})
		}
	}
	if len(c.Messages) == before && req.SAML != "" {
		if kind := messageKind([]byte(req.SAML)); kind != "" {
			c.Skipped = skipped // the decoded copy stands in for the hashed value
			c.add(Message{Kind: kind, XML: []byte(req.SAML), URL: to})
		}
	}
	if len(c.Messages) > before {
		if d := tracerHeader(req.ResponseHeaders, "Date"); d != "" {
			if t, err := parseHTTPDate(d); err == nil {
				c.CapturedAt, c.CapturedAtSource = t.UTC(), TimeDateHeader
				for i := before; i < len(c.Messages); i++ {
					c.Messages[i].At = t.UTC()
				}
			}
		}
	}
}

// tracerHeader reads a header in either export style.
func tracerHeader(raw json.RawMessage, name string) string {
	var objs []harPair
	if json.Unmarshal(raw, &objs) == nil {
		return header(objs, name)
	}
	var pairs [][]string
	if json.Unmarshal(raw, &pairs) == nil {
		for _, p := range pairs {
			if len(p) == 2 && strings.EqualFold(p[0], name) {
				return p[1]
			}
		}
	}
	return ""
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("%w: expected %q, found %v", ErrMalformed, want, tok)
	}
	return nil
}

func objectKey(dec *json.Decoder) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	key, ok := tok.(string)
	if !ok {
		return "", fmt.Errorf("%w: expected a key, found %v", ErrMalformed, tok)
	}
	return key, nil
}

// skipValue reads past one value token by token, so that a large value
// that is not needed (a HAR's pages, a response body) is never held whole.
func skipValue(dec *json.Decoder) error {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return fmt.Errorf("%w: %v", ErrMalformed, err)
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
		}
		if depth == 0 {
			return nil
		}
	}
}
