package wizard

import (
	"fmt"
	"strings"
	"unicode"
)

// DiffCode identifies a kind of difference between what Entra shows and the
// expected value. The values are stable.
type DiffCode string

const (
	DiffMissing    DiffCode = "missing"     // the field was not in the paste
	DiffInvisible  DiffCode = "invisible"   // non-breaking or zero-width characters
	DiffSpace      DiffCode = "space"       // stray spaces or tabs
	DiffWrongField DiffCode = "wrong-field" // another field's value
	DiffScheme     DiffCode = "scheme"      // http:// or no scheme instead of https://
	DiffSlash      DiffCode = "slash"       // a missing or extra "/"
	DiffQuery      DiffCode = "query"       // missing or different ?acs / ?sso
	DiffCase       DiffCode = "case"        // upper/lower case
	DiffCustomer   DiffCode = "customer"    // a different customer name
	DiffNotURL     DiffCode = "not-url"     // not a URL at all
	DiffOther      DiffCode = "other"       // any other difference
)

// Difference is one difference, placed at a character of the pasted value.
type Difference struct {
	Code DiffCode `json:"code"`
	// Position is the 1-based character position in the pasted value; 0
	// when the difference is not at one character.
	Position int    `json:"position,omitempty"`
	Message  string `json:"message"`
}

// FieldComparison is the verdict on one field.
type FieldComparison struct {
	Field    Field  `json:"field"`
	Expected string `json:"expected"`
	// Pasted is the value found for the field exactly as pasted; "" when
	// the field was not found.
	Pasted string `json:"pasted"`
	Found  bool   `json:"found"`
	Match  bool   `json:"match"`
	// Others are further values pasted for the same field (the portal allows
	// several Identifiers and Reply URLs).
	Others      []string     `json:"others,omitempty"`
	Differences []Difference `json:"differences,omitempty"`
	// Message is one text for the field: confirmation or what differs.
	Message string `json:"message"`
}

// Comparison is the verdict on a paste-back.
type Comparison struct {
	// OK is true when every field was found and matches exactly.
	OK     bool              `json:"ok"`
	Fields []FieldComparison `json:"fields"`
	// Ignored are non-empty lines of the paste that were not used.
	Ignored []string `json:"ignored,omitempty"`
	Message string   `json:"message"`
}

// Field returns the comparison of one field.
func (c Comparison) Field(f Field) (FieldComparison, bool) {
	for _, fc := range c.Fields {
		if fc.Field == f {
			return fc, true
		}
	}
	return FieldComparison{}, false
}

// label maps what the portal (or an admin) writes before a value to the
// field; fieldNone marks portal text to skip.
type label struct {
	text  string
	field Field
}

const fieldNone Field = ""

// labels are matched case-insensitively, longest first.
var labels = []label{
	{"reply url (assertion consumer service url)", FieldReplyURL},
	{"assertion consumer service url", FieldReplyURL},
	{"identifier (entity id)", FieldIdentifier},
	{"sign-on url (optional)", FieldSignOnURL},
	{"sign on url (optional)", FieldSignOnURL},
	{"relay state (optional)", fieldNone},
	{"logout url (optional)", fieldNone},
	{"sign-on url", FieldSignOnURL},
	{"sign on url", FieldSignOnURL},
	{"signon url", FieldSignOnURL},
	{"relay state", fieldNone},
	{"logout url", fieldNone},
	{"identifier", FieldIdentifier},
	{"reply url", FieldReplyURL},
	{"entity id", FieldIdentifier},
	{"entityid", FieldIdentifier},
	{"acs url", FieldReplyURL},
	{"sign on", FieldSignOnURL},
	{"sign-on", FieldSignOnURL},
}

// noise is portal text copied along with the values.
var noise = map[string]bool{
	"edit": true, "optional": true, "default": true, "required": true, "save": true,
	"basic saml configuration": true, "add identifier": true, "add reply url": true, "index": true, "delete": true,
}

// matchLabel recognises a label at the start of a line; rest is what
// follows it (a value on the same line) and ok is false for no label.
func matchLabel(line string) (f Field, rest string, ok bool) {
	lt := strings.TrimLeftFunc(line, isSpaceLike)
	for _, l := range labels {
		if len(lt) < len(l.text) || !strings.EqualFold(lt[:len(l.text)], l.text) {
			continue
		}
		after := lt[len(l.text):]
		value := strings.TrimLeft(after, " *:\t")
		if strings.TrimFunc(value, isSpaceLike) == "" {
			return l.field, "", true
		}
		// "Identifier (Entity ID)<tab>https://…" or "Reply URL: https://…",
		// but not "identifiers" or "reply urls are…". The value keeps
		// whatever follows the separator, trailing spaces included.
		if value != after && !strings.HasPrefix(after, " ") || looksLikeValue(value) {
			return l.field, value, true
		}
	}
	return "", "", false
}

// urlLike tells a line that is meant as a value from other text copied
// along: a value has a "/" or names pymetrics.
func urlLike(s string) bool {
	return strings.Contains(s, "/") || strings.Contains(strings.ToLower(s), "pymetrics")
}

// looksLikeProse tells a sentence (the portal's help text) from a value
// that is merely wrong: several words ending in a full stop.
func looksLikeProse(s string) bool {
	t := strings.TrimFunc(s, isSpaceLike)
	return strings.HasSuffix(t, ".") && len(strings.Fields(t)) >= 4
}

// looksLikeValue tells a URL after a label from prose.
func looksLikeValue(s string) bool {
	t := strings.ToLower(strings.TrimFunc(s, isSpaceLike))
	return strings.Contains(t, "://") || strings.HasPrefix(t, "www.") || strings.Contains(t, "pymetrics")
}

// parsePaste splits a paste into values per field. Lines with a label give
// the value on the same line or the next line that is not a label or noise.
// Without any label, the values are taken in the portal's order
// (Identifier, Reply URL, Sign on URL).
func parsePaste(text string) (vals map[Field][]string, ignored []string) {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i := range lines {
		lines[i] = strings.TrimSuffix(lines[i], "\r")
	}
	vals = map[Field][]string{}
	isNoise := func(l string) bool {
		t := strings.ToLower(strings.TrimFunc(l, isSpaceLike))
		return t == "" || noise[t] || strings.HasPrefix(t, "patterns:") || strings.Contains(t, "<customername>")
	}
	labelled := false
	for _, l := range lines {
		if _, _, ok := matchLabel(l); ok {
			labelled = true
			break
		}
	}
	if !labelled {
		var values []string
		for _, l := range lines {
			if strings.TrimFunc(l, isSpaceLike) == "" {
				continue
			}
			if isNoise(l) || !urlLike(l) {
				ignored = append(ignored, l)
				continue
			}
			values = append(values, l)
		}
		for i, v := range values {
			if i < len(Fields) {
				vals[Fields[i]] = append(vals[Fields[i]], v)
			} else {
				ignored = append(ignored, v)
			}
		}
		return vals, ignored
	}
	var pending Field // a label seen, waiting for its value
	waiting := false
	for _, l := range lines {
		if f, rest, ok := matchLabel(l); ok {
			if rest != "" {
				if f != fieldNone {
					vals[f] = append(vals[f], rest)
				}
				waiting = false
				continue
			}
			pending, waiting = f, true
			continue
		}
		if strings.TrimFunc(l, isSpaceLike) == "" {
			continue
		}
		if isNoise(l) {
			if waiting && pending == fieldNone {
				waiting = false // "Relay State (Optional)" / "Optional"
			}
			continue
		}
		if waiting {
			if pending != fieldNone && !urlLike(l) && len(vals[pending]) > 0 {
				// explanatory text of the portal's edit pane after a value
				ignored = append(ignored, l)
				continue
			}
			if pending != fieldNone && !urlLike(l) && looksLikeProse(l) {
				ignored = append(ignored, l) // the pane's help text before a value
				continue
			}
			if pending != fieldNone {
				vals[pending] = append(vals[pending], l)
			}
			// The edit pane lists several values under one label; stay
			// on the label until the next one.
			if pending == fieldNone {
				waiting = false
			}
			continue
		}
		ignored = append(ignored, l)
	}
	return vals, ignored
}

// CompareURLs compares what the admin pasted back from the Entra portal with
// the expected values. The paste may be one value per line (Identifier,
// Reply URL, Sign on URL, in the portal's order) or a block copied from the
// portal with its labels. Each difference is described at the character:
// invisible characters, stray spaces, a value that belongs in another field,
// the scheme, a missing or extra slash, a missing or different query, case,
// and anything else as the first differing characters.
func CompareURLs(expected URLs, pasted string) Comparison {
	vals, ignored := parsePaste(pasted)
	c := Comparison{OK: true, Ignored: ignored}
	differ, missing := 0, 0
	for _, f := range Fields {
		fc := FieldComparison{Field: f, Expected: expected.Get(f)}
		vs := vals[f]
		switch {
		case len(vs) == 0:
			fc.Differences = []Difference{{Code: DiffMissing,
				Message: fmt.Sprintf("%s was not found in what you pasted.", f.PortalLabel())}}
			fc.Message = fc.Differences[0].Message
			missing++
		default:
			fc.Found = true
			best := 0
			for i, v := range vs {
				if v == fc.Expected {
					best = i
					fc.Match = true
					break
				}
			}
			fc.Pasted = vs[best]
			for i, v := range vs {
				if i != best {
					fc.Others = append(fc.Others, v)
				}
			}
			if fc.Match {
				fc.Message = fmt.Sprintf("%s matches exactly.", f.PortalLabel())
				break
			}
			fc.Differences = describeDiff(f, expected, fc.Pasted)
			msgs := make([]string, len(fc.Differences))
			for i, d := range fc.Differences {
				msgs[i] = d.Message
			}
			fc.Message = fmt.Sprintf("%s differs: %s", f.PortalLabel(), strings.Join(msgs, " "))
			differ++
		}
		if !fc.Match {
			c.OK = false
		}
		c.Fields = append(c.Fields, fc)
	}
	switch {
	case c.OK:
		c.Message = "All three values match exactly."
	case missing == len(Fields):
		c.Message = "No values were found. Paste the Identifier, Reply URL and Sign on URL as Entra shows them, one per line, or copy the whole Basic SAML Configuration block."
	default:
		parts := []string{}
		if differ > 0 {
			parts = append(parts, fmt.Sprintf("%d of 3 values differ", differ))
		}
		if missing > 0 {
			parts = append(parts, fmt.Sprintf("%d of 3 values were not found", missing))
		}
		c.Message = strings.Join(parts, "; ") + ". Correct them in Entra's Basic SAML Configuration and save."
	}
	return c
}

// prune is a character of the pasted value with its original position
// (1-based; 0 for characters the comparison inserted).
type prune struct {
	r   rune
	pos int
}

func runesOf(s string) []prune {
	out := make([]prune, 0, len(s))
	i := 0
	for _, r := range s {
		i++
		out = append(out, prune{r, i})
	}
	return out
}

func str(ps []prune) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteRune(p.r)
	}
	return b.String()
}

func lowerASCII(r rune) rune {
	if r >= 'A' && r <= 'Z' {
		return r + ('a' - 'A')
	}
	return r
}

func foldEqual(a, b string) bool {
	ar, br := []rune(a), []rune(b)
	if len(ar) != len(br) {
		return false
	}
	for i := range ar {
		if lowerASCII(ar[i]) != lowerASCII(br[i]) {
			return false
		}
	}
	return true
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// describeDiff explains how the pasted value v differs from the expected
// value of field f (v != expected).
func describeDiff(f Field, all URLs, v string) []Difference {
	want := all.Get(f)
	var diffs []Difference
	ps := runesOf(v)

	// 1. Invisible characters, one difference per distinct character.
	type first struct{ pos, n int }
	seen := map[rune]*first{}
	var order []rune
	kept := ps[:0:0]
	for _, p := range ps {
		if isInvisible(p.r) || (p.r > unicode.MaxASCII && unicode.IsSpace(p.r)) {
			if e, ok := seen[p.r]; ok {
				e.n++
			} else {
				seen[p.r] = &first{p.pos, 1}
				order = append(order, p.r)
			}
			continue
		}
		kept = append(kept, p)
	}
	for _, r := range order {
		e := seen[r]
		more := ""
		if e.n > 1 {
			more = fmt.Sprintf(" (and %d more)", e.n-1)
		}
		diffs = append(diffs, Difference{Code: DiffInvisible, Position: e.pos,
			Message: fmt.Sprintf("Character %d is %s%s, which cannot be seen; delete the value in Entra and paste it again from the assistant.", e.pos, describeRune(r), more)})
	}
	ps = kept

	// 2. Spaces and tabs: at the start, at the end, inside.
	lead := 0
	for lead < len(ps) && unicode.IsSpace(ps[lead].r) {
		lead++
	}
	if lead > 0 {
		diffs = append(diffs, Difference{Code: DiffSpace, Position: ps[0].pos,
			Message: fmt.Sprintf("It starts with %s; remove %s.", countSpaces(lead), plural(lead, "it", "them"))})
	}
	ps = ps[lead:]
	trail := 0
	for trail < len(ps) && unicode.IsSpace(ps[len(ps)-1-trail].r) {
		trail++
	}
	if trail > 0 {
		diffs = append(diffs, Difference{Code: DiffSpace, Position: ps[len(ps)-trail].pos,
			Message: fmt.Sprintf("It ends with %s; remove %s.", countSpaces(trail), plural(trail, "it", "them"))})
	}
	ps = ps[:len(ps)-trail]
	kept = ps[:0:0]
	for _, p := range ps {
		if unicode.IsSpace(p.r) || unicode.IsControl(p.r) {
			diffs = append(diffs, Difference{Code: DiffSpace, Position: p.pos,
				Message: fmt.Sprintf("Character %d is %s; URLs have none.", p.pos, describeRune(p.r))})
			continue
		}
		kept = append(kept, p)
	}
	ps = kept
	cleaned := str(ps)
	if cleaned == want {
		return diffs
	}
	if cleaned == "" {
		return append(diffs, Difference{Code: DiffMissing, Message: fmt.Sprintf("It is empty; paste %s.", want)})
	}

	// 3. Another field's value.
	for _, g := range Fields {
		if g != f && foldEqual(cleaned, all.Get(g)) {
			return append(diffs, Difference{Code: DiffWrongField,
				Message: fmt.Sprintf("This is the %s value; it belongs in %s. Here, %s goes: %s", g.ShortLabel(), g.PortalLabel(), f.PortalLabel(), want)})
		}
	}

	if !strings.Contains(cleaned, "/") {
		return append(diffs, Difference{Code: DiffNotURL,
			Message: fmt.Sprintf("It is not a URL (%q); paste %s.", cleaned, want)})
	}
	// A whole other customer name is one difference, not a run of letters.
	if got, err := customerOf(cleaned); err == nil {
		if exp, err := customerOf(want); err == nil && !strings.EqualFold(got, exp) {
			return append(diffs, Difference{Code: DiffCustomer,
				Message: fmt.Sprintf("It is for the customer name %q where %q is expected; paste %s.", got, exp, want)})
		}
	}

	// 4. The scheme.
	low := strings.ToLower(cleaned)
	switch {
	case strings.HasPrefix(want, "https://") && strings.HasPrefix(low, "http://"):
		diffs = append(diffs, Difference{Code: DiffScheme, Position: ps[0].pos,
			Message: "It starts with http:// instead of https://."})
		ps = append(append([]prune{}, ps[:4]...), append([]prune{{'s', 0}}, ps[4:]...)...)
	case strings.HasPrefix(want, "https://") && !strings.Contains(low, "://") && strings.HasPrefix(strings.ToLower(want[len("https://"):]), firstSegment(low)):
		diffs = append(diffs, Difference{Code: DiffScheme, Position: ps[0].pos,
			Message: "It lacks https:// at the start."})
		ps = append(runesOfInserted("https://"), ps...)
	}

	// 5. One structural difference between a common prefix and suffix
	// (compared without case, which step 6 handles).
	ps, d := structural(ps, want)
	diffs = append(diffs, d...)

	// 6. Case, in runs.
	if foldEqual(str(ps), want) {
		wr := []rune(want)
		for i := 0; i < len(ps); i++ {
			if ps[i].r == wr[i] {
				continue
			}
			j := i
			for j < len(ps) && ps[j].r != wr[j] {
				j++
			}
			got, exp := str(ps[i:j]), string(wr[i:j])
			pos := ps[i].pos
			if j-i == 1 {
				diffs = append(diffs, Difference{Code: DiffCase, Position: pos,
					Message: fmt.Sprintf("Character %d is %q where %q is expected: Entra compares case-sensitively.", pos, got, exp)})
			} else {
				diffs = append(diffs, Difference{Code: DiffCase, Position: pos,
					Message: fmt.Sprintf("Characters %d-%d are %q where %q is expected: Entra compares case-sensitively.", pos, ps[j-1].pos, got, exp)})
			}
			i = j - 1
		}
	}
	return diffs
}

func runesOfInserted(s string) []prune {
	out := make([]prune, 0, len(s))
	for _, r := range s {
		out = append(out, prune{r, 0})
	}
	return out
}

// firstSegment is the host part of a URL without a scheme.
func firstSegment(s string) string {
	if i := strings.IndexByte(s, '/'); i >= 0 {
		return s[:i+1]
	}
	return s
}

// posNear is the position to report for a difference at index i of ps:
// the character there, or the last one before it when it was inserted.
func posNear(ps []prune, i int) int {
	for k := min(i, len(ps)-1); k >= 0; k-- {
		if ps[k].pos > 0 {
			return ps[k].pos
		}
	}
	return 0
}

// structural classifies the single differing stretch between the common
// (case-insensitive) prefix and suffix of ps and want, and returns ps with
// that stretch replaced by want's when the difference was named, so the case
// comparison can follow.
func structural(ps []prune, want string) ([]prune, []Difference) {
	wr := []rune(want)
	i := 0
	for i < len(ps) && i < len(wr) && lowerASCII(ps[i].r) == lowerASCII(wr[i]) {
		i++
	}
	if i == len(ps) && i == len(wr) {
		return ps, nil
	}
	j := 0
	for j < len(ps)-i && j < len(wr)-i && lowerASCII(ps[len(ps)-1-j].r) == lowerASCII(wr[len(wr)-1-j]) {
		j++
	}
	atEnd := j == 0
	if atEnd && i > 0 && i < len(wr) && wr[i-1] == '?' {
		i-- // a different query reads better with its "?"
	}
	got := str(ps[i : len(ps)-j])
	exp := string(wr[i : len(wr)-j])
	// what follows the stretch, for "before …" phrases
	after := string(wr[len(wr)-j:])
	replace := func() []prune {
		out := append([]prune{}, ps[:i]...)
		for _, r := range exp {
			out = append(out, prune{r, 0})
		}
		return append(out, ps[len(ps)-j:]...)
	}
	// An insertion goes after the last character before the stretch.
	pos := posNear(ps, i-1)
	var d Difference
	switch {
	case got == "" && exp == "/" && atEnd:
		d = Difference{Code: DiffSlash, Position: pos, Message: "The \"/\" at the end is missing."}
	case got == "" && exp == "/":
		d = Difference{Code: DiffSlash, Position: pos, Message: fmt.Sprintf("A \"/\" is missing after character %d, before %q.", pos, after)}
	case got == "/" && exp == "" && atEnd:
		d = Difference{Code: DiffSlash, Position: ps[i].pos, Message: fmt.Sprintf("Character %d is an extra \"/\" at the end; remove it.", ps[i].pos)}
	case got == "/" && exp == "":
		d = Difference{Code: DiffSlash, Position: ps[i].pos, Message: fmt.Sprintf("Character %d is an extra \"/\"; remove it.", ps[i].pos)}
	case got == "" && atEnd && strings.HasPrefix(exp, "?"):
		d = Difference{Code: DiffQuery, Position: pos, Message: fmt.Sprintf("It lacks %q at the end.", exp)}
	case got == "" && atEnd && strings.HasPrefix(exp, "/?"):
		d = Difference{Code: DiffQuery, Position: pos, Message: fmt.Sprintf("It lacks %q at the end.", exp)}
	case atEnd && strings.HasPrefix(exp, "?") && strings.HasPrefix(got, "?"):
		d = Difference{Code: DiffQuery, Position: ps[i].pos, Message: fmt.Sprintf("It ends in %q instead of %q.", got, exp)}
	default:
		switch {
		case got == "" && i == 0:
			d = Difference{Code: DiffOther, Message: fmt.Sprintf("%q is missing at the start.", exp)}
		case got == "":
			d = Difference{Code: DiffOther, Position: pos, Message: fmt.Sprintf("%q is missing after character %d.", exp, pos)}
		case exp == "":
			d = Difference{Code: DiffOther, Position: posNear(ps, i), Message: fmt.Sprintf("%s (%s) should not be there.", charRange(ps, i, len(ps)-j), quoteVisible(got))}
		default:
			verb := " are "
			if len([]rune(got)) == 1 {
				verb = " is "
			}
			d = Difference{Code: DiffOther, Position: posNear(ps, i), Message: fmt.Sprintf("%s%s%s where %q is expected.%s", charRange(ps, i, len(ps)-j), verb, quoteVisible(got), exp, lookAlike(got, exp))}
		}
	}
	return replace(), []Difference{d}
}

// charRange names characters i..j-1 of ps for a message.
func charRange(ps []prune, i, j int) string {
	a, b := posNear(ps, i), posNear(ps, j-1)
	if j-i == 1 || a == b {
		return fmt.Sprintf("Character %d", a)
	}
	return fmt.Sprintf("Characters %d-%d", a, b)
}

// quoteVisible quotes s and names the code points of characters outside
// ASCII, which may look like ASCII ones.
func quoteVisible(s string) string {
	q := fmt.Sprintf("%q", s)
	var cps []string
	for _, r := range s {
		if r > unicode.MaxASCII {
			cps = append(cps, fmt.Sprintf("U+%04X", r))
		}
	}
	if len(cps) > 0 {
		q += " (" + strings.Join(cps, ", ") + ")"
	}
	return q
}

// lookAlike adds a sentence when a character outside ASCII stands where an
// ASCII one belongs: Cyrillic "а" and Latin "a" look the same.
func lookAlike(got, exp string) string {
	for _, r := range got {
		if r > unicode.MaxASCII {
			if len([]rune(got)) == len([]rune(exp)) {
				return " It looks the same but is a different character; type it again."
			}
			return ""
		}
	}
	return ""
}

// customerOf reads the customer name from a pymetrics URL.
func customerOf(u string) (string, error) {
	su, _, err := parseSupportURL(u)
	return su.name, err
}

func countSpaces(n int) string {
	if n == 1 {
		return "a space"
	}
	return fmt.Sprintf("%d spaces", n)
}
