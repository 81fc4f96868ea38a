package wizard

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// BaseURL is the part of every pymetrics SAML URL before the customer name,
// from the pymetrics tutorial's patterns.
const BaseURL = "https://www.pymetrics.com/saml2-sp/"

// The part after "<name>/<name>" for each of the three values.
const (
	identifierSuffix = "metadata/"
	replySuffix      = "?acs"
	signOnSuffix     = "?sso"
)

// Links the assistant opens for the admin.
const (
	EntraAdminCenterURL = "https://entra.microsoft.com"
	MyAppsURL           = "https://myapps.microsoft.com"
	SupportEmail        = "solutions-engineering@pymetrics.com"
)

// Sentinel errors; match them with errors.Is.
var (
	// ErrInvalidName: the customer name breaks a rule; the *NameError says which.
	ErrInvalidName = errors.New("wizard: invalid customer name")
	// ErrNotSupportURL: a pasted text is not a pymetrics SAML URL.
	ErrNotSupportURL = errors.New("wizard: not a pymetrics SAML URL")
)

// NameError refuses a customer name. Error() is a sentence for people (the
// command line prints it as is); Check holds every problem found.
type NameError struct {
	Name  string
	Check NameCheck
}

func (e *NameError) Error() string {
	msg := e.Check.Message()
	if msg == "" {
		msg = "the customer name is not valid"
	}
	return fmt.Sprintf("customer name %q: %s", e.Name, msg)
}

// Unwrap makes errors.Is(err, ErrInvalidName) true.
func (e *NameError) Unwrap() error { return ErrInvalidName }

// Field names one of the three values of Entra's Basic SAML Configuration.
// The string values match the JSON keys of URLs.
type Field string

const (
	FieldIdentifier Field = "identifier"
	FieldReplyURL   Field = "reply_url"
	FieldSignOnURL  Field = "sign_on_url"
)

// Fields lists the three values in the order the Entra portal shows them.
var Fields = []Field{FieldIdentifier, FieldReplyURL, FieldSignOnURL}

// PortalLabel is the field's label exactly as the Entra portal shows it, so
// messages can name the field the admin is looking at.
func (f Field) PortalLabel() string {
	switch f {
	case FieldIdentifier:
		return "Identifier (Entity ID)"
	case FieldReplyURL:
		return "Reply URL (Assertion Consumer Service URL)"
	case FieldSignOnURL:
		return "Sign on URL"
	}
	return string(f)
}

// ShortLabel is the field's short name for tables and buttons.
func (f Field) ShortLabel() string {
	switch f {
	case FieldIdentifier:
		return "Identifier"
	case FieldReplyURL:
		return "Reply URL"
	case FieldSignOnURL:
		return "Sign-on URL"
	}
	return string(f)
}

// URLs are the three values for Entra's Basic SAML Configuration. The JSON
// keys are part of the command line's output and must stay stable.
type URLs struct {
	Customer   string `json:"customer"`
	Identifier string `json:"identifier"`
	ReplyURL   string `json:"reply_url"`
	SignOnURL  string `json:"sign_on_url"`
}

// Get returns the value of one field.
func (u URLs) Get(f Field) string {
	switch f {
	case FieldIdentifier:
		return u.Identifier
	case FieldReplyURL:
		return u.ReplyURL
	case FieldSignOnURL:
		return u.SignOnURL
	}
	return ""
}

func (u *URLs) set(f Field, v string) {
	switch f {
	case FieldIdentifier:
		u.Identifier = v
	case FieldReplyURL:
		u.ReplyURL = v
	case FieldSignOnURL:
		u.SignOnURL = v
	}
}

// Text is the three values as labelled lines, for "Copy all" and e-mails.
func (u URLs) Text() string {
	var b strings.Builder
	for _, f := range Fields {
		fmt.Fprintf(&b, "%s: %s\n", f.PortalLabel(), u.Get(f))
	}
	return b.String()
}

// urlsFromPrefix builds the three values from everything before the suffix,
// e.g. "https://www.pymetrics.com/saml2-sp/acme/acme/".
func urlsFromPrefix(customer, prefix string) URLs {
	idPrefix := prefix
	if !strings.HasSuffix(idPrefix, "/") {
		// support wrote ".../acme/acme?acs"; the Identifier is a path and
		// still needs its separator
		idPrefix += "/"
	}
	return URLs{
		Customer:   customer,
		Identifier: idPrefix + identifierSuffix,
		ReplyURL:   prefix + replySuffix,
		SignOnURL:  prefix + signOnSuffix,
	}
}

// URLsFor returns the values of the pymetrics tutorial's patterns for a
// customer name, exactly as typed. A refused name gives a *NameError.
func URLsFor(customer string) (URLs, error) {
	c := CheckName(customer)
	if !c.OK {
		return URLs{}, &NameError{Name: customer, Check: c}
	}
	return patternURLs(customer), nil
}

// patternURLs applies the patterns without checking the name.
func patternURLs(customer string) URLs {
	return urlsFromPrefix(customer, BaseURL+customer+"/"+customer+"/")
}

// DeviationCode identifies how a URL from pymetrics support differs from the
// tutorial's pattern.
type DeviationCode string

const (
	DevScheme       DeviationCode = "support.scheme"       // not https
	DevHost         DeviationCode = "support.host"         // not www.pymetrics.com
	DevPath         DeviationCode = "support.path"         // not /saml2-sp/
	DevSecondName   DeviationCode = "support.second-name"  // /<a>/<b>/ with a != b
	DevSuffix       DeviationCode = "support.suffix"       // something other than metadata/, ?acs, ?sso
	DevDerived      DeviationCode = "support.derived"      // a value support did not give, derived from what it did
	DevUpperCase    DeviationCode = "support.upper-case"   // capital letters in the name
	DevConflict     DeviationCode = "support.conflict"     // two pasted URLs disagree
	DevSurroundings DeviationCode = "support.surroundings" // white space or <> around the pasted URL was left out
)

// Deviation says where a URL from pymetrics support differs from the
// tutorial's pattern. Support's value is kept: it takes precedence.
type Deviation struct {
	Code  DeviationCode `json:"code"`
	Field Field         `json:"field,omitempty"`
	// Pattern is what the tutorial's pattern gives, Support what support gave.
	Pattern string `json:"pattern,omitempty"`
	Support string `json:"support,omitempty"`
	Message string `json:"message"`
}

// FromSupportURL reads the customer name from a URL pymetrics support gave
// (the Identifier, Reply URL or Sign-on URL, or several of them separated by
// white space or line breaks) and returns the three values. Values support
// gave are kept exactly; a value support did not give is derived from the
// ones it did, with a DevDerived note when that differs from the tutorial's
// pattern. Every difference from the pattern is reported as a Deviation.
//
// Errors wrap ErrNotSupportURL (with a message for people) or, when the name
// inside the URL is refused, are a *NameError.
func FromSupportURL(s string) (URLs, []Deviation, error) {
	var devs []Deviation
	var parsed []supportURL
	for _, tok := range splitURLs(s) {
		su, d, err := parseSupportURL(tok)
		if err != nil {
			return URLs{}, nil, err
		}
		devs = append(devs, d...)
		parsed = append(parsed, su)
	}
	if len(parsed) == 0 {
		return URLs{}, nil, fmt.Errorf("%w: nothing was pasted; paste a URL that starts with %s", ErrNotSupportURL, BaseURL)
	}
	first := parsed[0]
	var out URLs
	given := map[Field]bool{}
	for _, p := range parsed {
		if p.name != first.name || strings.TrimSuffix(p.prefix, "/") != strings.TrimSuffix(first.prefix, "/") {
			return URLs{}, nil, fmt.Errorf("%w: the pasted URLs are for different customers or addresses (%q and %q); paste the URLs of one configuration", ErrNotSupportURL, first.raw, p.raw)
		}
		if given[p.field] && out.Get(p.field) != p.raw {
			return URLs{}, nil, fmt.Errorf("%w: two different %s values were pasted (%q and %q); ask pymetrics support which one is right", ErrNotSupportURL, p.field.ShortLabel(), out.Get(p.field), p.raw)
		}
		given[p.field] = true
		out.set(p.field, p.raw)
	}
	out.Customer = first.name
	derived := urlsFromPrefix(first.name, first.prefix)
	pattern := patternURLs(first.name)
	for _, f := range Fields {
		if given[f] {
			continue
		}
		out.set(f, derived.Get(f))
		if derived.Get(f) != pattern.Get(f) {
			devs = append(devs, Deviation{Code: DevDerived, Field: f, Pattern: pattern.Get(f), Support: derived.Get(f),
				Message: fmt.Sprintf("The %s was not pasted; %s is derived from the URL support gave. Confirm it with pymetrics support.", f.ShortLabel(), derived.Get(f))})
		}
	}
	if len(out.Identifier) > MaxURLLength || len(out.ReplyURL) > MaxURLLength || len(out.SignOnURL) > MaxURLLength {
		return URLs{}, nil, fmt.Errorf("%w: a URL would be longer than the %d characters Entra accepts", ErrNotSupportURL, MaxURLLength)
	}
	return out, dedupe(devs), nil
}

func dedupe(devs []Deviation) []Deviation {
	var out []Deviation
	seen := map[string]bool{}
	for _, d := range devs {
		k := string(d.Code) + "\x00" + d.Message
		if !seen[k] {
			seen[k] = true
			out = append(out, d)
		}
	}
	return out
}

// splitURLs splits a paste into URL tokens: white space (including the
// non-breaking kind) separates, and the angle brackets or quotes e-mail
// clients put around links are dropped.
func splitURLs(s string) []string {
	var out []string
	for _, t := range strings.FieldsFunc(s, unicode.IsSpace) {
		// Zero-width characters at either end come along with copying; one
		// inside is reported by parseSupportURL, never silently dropped.
		t = strings.TrimFunc(t, isInvisible)
		t = strings.Trim(t, "<>\"'")
		if t != "" {
			out = append(out, t)
		}
	}
	return out
}

type supportURL struct {
	raw    string // exactly as pasted
	field  Field
	name   string
	prefix string // everything up to and including "/<name>/<second>/"
}

// parseSupportURL reads one URL from support: its address, its path
// (/saml2-sp/<name>/<name>/ and a tail), and which field the tail names.
func parseSupportURL(raw string) (supportURL, []Deviation, error) {
	u, devs, err := parseSupportAddress(raw)
	if err != nil {
		return supportURL{}, nil, err
	}
	p, pathDevs, err := splitSupportPath(raw, u)
	if err != nil {
		return supportURL{}, nil, err
	}
	devs = append(devs, pathDevs...)
	field, err := supportField(raw, p.tail, p.query)
	if err != nil {
		return supportURL{}, nil, err
	}
	std := map[Field]string{FieldIdentifier: identifierSuffix, FieldReplyURL: replySuffix, FieldSignOnURL: signOnSuffix}[field]
	if p.tail != std {
		devs = append(devs, Deviation{Code: DevSuffix, Field: field, Pattern: std, Support: p.tail,
			Message: fmt.Sprintf("Support's %s ends in %q where the pattern has %q; support's value is kept.", field.ShortLabel(), p.tail, std)})
	}
	if !strings.HasSuffix(raw[:len(raw)-len(p.tail)], "/") {
		devs = append(devs, Deviation{Code: DevSuffix, Field: field, Pattern: "/" + std, Support: p.tail,
			Message: fmt.Sprintf("Support's %s has no \"/\" before %q; support's value is kept.", field.ShortLabel(), p.tail)})
	}
	return supportURL{raw: raw, field: field, name: p.name, prefix: p.prefix}, devs, nil
}

// notSupportURL is the error for raw, which is not a URL support gives, and
// why.
func notSupportURL(raw, why string) error {
	return fmt.Errorf("%w: %q %s", ErrNotSupportURL, raw, why)
}

// parseSupportAddress checks that raw is printable ASCII and a web address
// on pymetrics.com, and notes a scheme or host other than the pattern's.
func parseSupportAddress(raw string) (*url.URL, []Deviation, error) {
	if !utf8.ValidString(raw) {
		return nil, nil, notSupportURL(raw, "is not text")
	}
	for i, r := range raw {
		if r > unicode.MaxASCII || unicode.IsControl(r) {
			return nil, nil, notSupportURL(raw, fmt.Sprintf("contains %s at character %d; retype it or copy it again", describeRune(r), utf8.RuneCountInString(raw[:i])+1))
		}
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, nil, notSupportURL(raw, "is not a web address; paste the whole URL, starting with https://")
	}
	var devs []Deviation
	if u.Scheme != "https" {
		devs = append(devs, Deviation{Code: DevScheme, Support: u.Scheme,
			Message: fmt.Sprintf("Support's URL uses %s:// instead of https://. It is kept as given; if sign-in fails, ask pymetrics support to confirm it.", u.Scheme)})
	}
	host := strings.ToLower(u.Hostname())
	if host != "pymetrics.com" && !strings.HasSuffix(host, ".pymetrics.com") {
		return nil, nil, notSupportURL(raw, "is not a pymetrics address (it should start with "+BaseURL+")")
	}
	if u.Host != "www.pymetrics.com" {
		devs = append(devs, Deviation{Code: DevHost, Pattern: "www.pymetrics.com", Support: u.Host,
			Message: fmt.Sprintf("Support's URL uses the address %s instead of www.pymetrics.com; it is kept as given.", u.Host)})
	}
	if u.User != nil || u.Fragment != "" || strings.Contains(raw, "#") {
		return nil, nil, notSupportURL(raw, "has parts a pymetrics SAML URL never has (a user name or a #fragment)")
	}
	return u, devs, nil
}

// supportPath is the path of a URL from support, split where the pattern
// /saml2-sp/<name>/<second>/<tail> is.
type supportPath struct {
	name, second string
	tail, query  string
	prefix       string // raw up to the tail: what the other values share
}

// splitSupportPath splits the raw path (so percent-escapes and case stay as
// support wrote them), checks the customer name in it and notes where it
// departs from the pattern.
func splitSupportPath(raw string, u *url.URL) (supportPath, []Deviation, error) {
	var devs []Deviation
	rest := raw[len(u.Scheme)+len("://")+len(u.Host):]
	var p supportPath
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		rest, p.query = rest[:i], rest[i:]
	}
	segs := strings.Split(strings.TrimPrefix(rest, "/"), "/")
	// Expect saml2-sp/<name>/<second>/ with an optional metadata/ after it.
	if len(segs) < 3 || !strings.EqualFold(segs[0], "saml2-sp") {
		return p, nil, notSupportURL(raw, "does not contain /saml2-sp/<name>/<name>/ like the URLs pymetrics support gives")
	}
	if segs[0] != "saml2-sp" {
		devs = append(devs, Deviation{Code: DevPath, Pattern: "/saml2-sp/", Support: "/" + segs[0] + "/",
			Message: fmt.Sprintf("Support's URL has /%s/ where the pattern has /saml2-sp/; it is kept as given.", segs[0])})
	}
	p.name, p.second = segs[1], segs[2]
	p.tail = strings.Join(segs[3:], "/") + p.query
	p.prefix = raw[:len(raw)-len(p.tail)]
	if !strings.HasSuffix(p.prefix, "/") {
		// ".../acme/acme?acs": no slash before the query. Keep support's
		// value and derive the others from the same prefix.
		p.prefix = raw[:len(raw)-len(p.query)]
		p.tail = p.query
		p.second = strings.TrimSuffix(p.second, p.query)
	}
	nc := CheckName(p.name)
	if !nc.OK {
		return p, nil, &NameError{Name: p.name, Check: nc}
	}
	if p.second != p.name {
		devs = append(devs, Deviation{Code: DevSecondName, Pattern: p.name, Support: p.second,
			Message: fmt.Sprintf("Support's URL has %q as the second name where the pattern repeats %q; support's value is kept.", p.second, p.name)})
	}
	if nc.Has(NameUpperCase) {
		devs = append(devs, Deviation{Code: DevUpperCase, Support: p.name,
			Message: fmt.Sprintf("The name %q has capital letters; it is kept exactly, since Entra compares case-sensitively.", p.name)})
	}
	return p, devs, nil
}

// supportField says which of the three values a URL's tail names: exactly,
// or differing only in case or a trailing slash.
func supportField(raw, tail, query string) (Field, error) {
	switch {
	case tail == identifierSuffix && query == "":
		return FieldIdentifier, nil
	case tail == replySuffix:
		return FieldReplyURL, nil
	case tail == signOnSuffix:
		return FieldSignOnURL, nil
	case strings.EqualFold(tail, identifierSuffix) || strings.EqualFold(strings.TrimSuffix(tail, "/"), "metadata"):
		return FieldIdentifier, nil
	case strings.EqualFold(tail, replySuffix):
		return FieldReplyURL, nil
	case strings.EqualFold(tail, signOnSuffix):
		return FieldSignOnURL, nil
	case tail == "":
		return "", notSupportURL(raw, "ends after the name; each of the three pymetrics values continues with metadata/, ?acs or ?sso")
	}
	return "", notSupportURL(raw, fmt.Sprintf("ends in %q, which is none of the three pymetrics values (metadata/, ?acs, ?sso)", tail))
}

// ValidateURLs accepts a set of values that is either the pattern for its
// customer name or a consistent set pymetrics support may have given (see
// FromSupportURL), and returns how it deviates from the pattern (nil for the
// pattern). The onboarding bundle and its verification use it, so that
// support's values are carried through and anything else is refused.
func ValidateURLs(u URLs) ([]Deviation, error) {
	if c := CheckName(u.Customer); !c.OK {
		return nil, &NameError{Name: u.Customer, Check: c}
	}
	if u == patternURLs(u.Customer) {
		return nil, nil
	}
	for _, f := range Fields {
		if u.Get(f) == "" {
			return nil, fmt.Errorf("%w: the %s is empty", ErrNotSupportURL, f.ShortLabel())
		}
	}
	back, devs, err := FromSupportURL(u.Identifier + "\n" + u.ReplyURL + "\n" + u.SignOnURL)
	if err != nil {
		return nil, err
	}
	if back != u {
		return nil, fmt.Errorf("%w: the values are not a consistent set for customer %q", ErrNotSupportURL, u.Customer)
	}
	return devs, nil
}
