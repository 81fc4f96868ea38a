package capture

import (
	"html"
	"regexp"
	"strings"
	"time"
)

var (
	errorCode     = regexp.MustCompile(`AADSTS[0-9]{4,7}`)
	errorLine     = regexp.MustCompile(`(?im)^\s*(Request Id|Correlation Id|Timestamp|Message)\s*:\s*(.+?)\s*$`)
	quotedInError = []*regexp.Regexp{
		// AADSTS700016: Application with identifier '…' was not found in the directory '…'.
		regexp.MustCompile(`(?i)application with identifier '([^']*)'`),
		// AADSTS50011: The redirect URI '…' specified in the request does not match …
		// (older wording: "The reply URL specified in the request …", quoting none).
		regexp.MustCompile(`(?i)(?:redirect URI|reply URL|reply address) '([^']*)'`),
	}
)

// readErrorPage reads the text of Entra's error page ("Sorry, but we're
// having trouble signing you in" with its Troubleshooting details), pasted
// or saved: the AADSTS code, the message, the ids support asks for, the
// time, and the value the message quotes.
func readErrorPage(text string) (*Capture, error) {
	ep := &ErrorPage{}
	for _, m := range errorLine.FindAllStringSubmatch(text, -1) {
		switch strings.ToLower(m[1]) {
		case "request id":
			ep.RequestID = m[2]
		case "correlation id":
			ep.CorrelationID = m[2]
		case "timestamp":
			if t, err := time.Parse(time.RFC3339Nano, m[2]); err == nil {
				ep.Timestamp = t.UTC()
			}
		case "message":
			ep.Message = m[2]
		}
	}
	if ep.Message == "" {
		// Pasted without the labels: the sentence that carries the code.
		for _, line := range strings.Split(text, "\n") {
			if errorCode.MatchString(line) {
				ep.Message = strings.TrimSpace(line)
				break
			}
		}
	}
	ep.Code = errorCode.FindString(ep.Message)
	if ep.Code == "" {
		ep.Code = errorCode.FindString(text)
	}
	if ep.Code == "" {
		return nil, &FormatError{FormatErrorPage, ErrNoSAML}
	}
	for _, re := range quotedInError {
		if m := re.FindStringSubmatch(ep.Message); m != nil {
			ep.Quoted = m[1]
			break
		}
	}
	c := &Capture{Format: FormatErrorPage, ErrorPage: ep}
	if !ep.Timestamp.IsZero() {
		c.CapturedAt, c.CapturedAtSource = ep.Timestamp, TimeErrorPage
	}
	return c, nil
}

var (
	tagRE        = regexp.MustCompile(`(?s)<[^>]*>`)
	inputRE      = regexp.MustCompile(`(?is)<input\b[^>]*>`)
	nameAttrRE   = regexp.MustCompile(`(?is)\bname\s*=\s*["']([^"']*)["']`)
	valueAttrRE  = regexp.MustCompile(`(?is)\bvalue\s*=\s*["']([^"']*)["']`)
	actionAttrRE = regexp.MustCompile(`(?is)<form\b[^>]*\baction\s*=\s*["']([^"']*)["']`)
)

// htmlFormValue reads the value of the named hidden input of the page that
// posts the response (what a browser's "Save page" keeps).
func htmlFormValue(page, name string) string {
	for _, in := range inputRE.FindAllString(page, -1) {
		if m := nameAttrRE.FindStringSubmatch(in); m != nil && m[1] == name {
			if v := valueAttrRE.FindStringSubmatch(in); v != nil {
				return html.UnescapeString(v[1])
			}
		}
	}
	return ""
}

// formAction is where that page posts to.
func formAction(page string) string {
	if m := actionAttrRE.FindStringSubmatch(page); m != nil {
		return stripURLString(html.UnescapeString(m[1]))
	}
	return ""
}

// htmlText is the visible text of a saved error page, one line per tag.
func htmlText(page string) string {
	return html.UnescapeString(tagRE.ReplaceAllString(page, "\n"))
}
