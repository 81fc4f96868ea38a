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
	for _, l := range lines {
		if _, _, ok := matchLabel(l); ok {
			return parseLabelled(lines)
		}
	}
	return parseUnlabelled(lines)
}

// isPasteNoise is a line of the portal's page that is neither a label nor
// a value: headings, "Optional", the pattern hints.
func isPasteNoise(l string) bool {
	t := strings.ToLower(strings.TrimFunc(l, isSpaceLike))
	return t == "" || noise[t] || strings.HasPrefix(t, "patterns:") || strings.Contains(t, "<customername>")
}

// parseUnlabelled takes the URL-like lines of a paste without labels as the
// values in the portal's order.
func parseUnlabelled(lines []string) (vals map[Field][]string, ignored []string) {
	vals = map[Field][]string{}
	var values []string
	for _, l := range lines {
		if strings.TrimFunc(l, isSpaceLike) == "" {
			continue
		}
		if isPasteNoise(l) || !urlLike(l) {
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

// parseLabelled gives each label the value on its line, or the lines after
// it up to the next label (the edit pane lists several values under one).
func parseLabelled(lines []string) (vals map[Field][]string, ignored []string) {
	vals = map[Field][]string{}
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
		if isPasteNoise(l) {
			if waiting && pending == fieldNone {
				waiting = false // "Relay State (Optional)" / "Optional"
			}
			continue
		}
		if !waiting {
			ignored = append(ignored, l)
			continue
		}
		switch {
		case pending == fieldNone:
			waiting = false
		case !urlLike(l) && len(vals[pending]) > 0:
			ignored = append(ignored, l) // explanatory text of the edit pane after a value
		case !urlLike(l) && looksLikeProse(l):
			ignored = append(ignored, l) // the pane's help text before a value
		default:
			vals[pending] = append(vals[pending], l)
		}
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

// pastedRune is a character of the pasted value with its original position
// (1-based; 0 for characters the comparison inserted).
type pastedRune struct {
	r   rune
	pos int
}

// pastedRunes numbers the characters of a pasted value.
func pastedRunes(s string) []pastedRune {
	out := make([]pastedRune, 0, len(s))
	i := 0
	for _, r := range s {
		i++
		out = append(out, pastedRune{r, i})
	}
	return out
}

// textOf is the text of chars.
func textOf(chars []pastedRune) string {
	var b strings.Builder
	for _, p := range chars {
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
// value of field f (v != expected), in the order an admin fixes things:
// invisible characters, spaces, a wholly wrong value, the scheme, one
// structural difference, then case.
func describeDiff(f Field, all URLs, v string) []Difference {
	want := all.Get(f)
	chars, diffs := dropInvisible(pastedRunes(v))
	chars, d := dropSpaces(chars)
	diffs = append(diffs, d...)
	cleaned := textOf(chars)
	if cleaned == want {
		return diffs
	}
	if cleaned == "" {
		return append(diffs, Difference{Code: DiffMissing, Message: fmt.Sprintf("It is empty; paste %s.", want)})
	}
	if d, ok := wholeValueDiff(f, all, cleaned); ok {
		return append(diffs, d)
	}
	chars, d = fixScheme(chars, cleaned, want)
	diffs = append(diffs, d...)
	// One structural difference between a common prefix and suffix
	// (compared without case, which caseRuns handles).
	chars, d = structural(chars, want)
	diffs = append(diffs, d...)
	return append(diffs, caseRuns(chars, want)...)
}

// dropInvisible removes invisible characters (and spaces outside ASCII),
// with one difference per distinct character.
func dropInvisible(chars []pastedRune) ([]pastedRune, []Difference) {
	type first struct{ pos, n int }
	seen := map[rune]*first{}
	var order []rune
	kept := chars[:0:0]
	for _, p := range chars {
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
	var diffs []Difference
	for _, r := range order {
		e := seen[r]
		more := ""
		if e.n > 1 {
			more = fmt.Sprintf(" (and %d more)", e.n-1)
		}
		diffs = append(diffs, Difference{Code: DiffInvisible, Position: e.pos,
			Message: fmt.Sprintf("Character %d is %s%s, which cannot be seen; delete the value in Entra and paste it again from the assistant.", e.pos, describeRune(r), more)})
	}
	return kept, diffs
}

// dropSpaces removes spaces and tabs at the start, at the end and inside.
func dropSpaces(chars []pastedRune) ([]pastedRune, []Difference) {
	var diffs []Difference
	lead := 0
	for lead < len(chars) && unicode.IsSpace(chars[lead].r) {
		lead++
	}
	if lead > 0 {
		diffs = append(diffs, Difference{Code: DiffSpace, Position: chars[0].pos,
			Message: fmt.Sprintf("It starts with %s; remove %s.", countSpaces(lead), plural(lead, "it", "them"))})
	}
	chars = chars[lead:]
	trail := 0
	for trail < len(chars) && unicode.IsSpace(chars[len(chars)-1-trail].r) {
		trail++
	}
	if trail > 0 {
		diffs = append(diffs, Difference{Code: DiffSpace, Position: chars[len(chars)-trail].pos,
			Message: fmt.Sprintf("It ends with %s; remove %s.", countSpaces(trail), plural(trail, "it", "them"))})
	}
	chars = chars[:len(chars)-trail]
	kept := chars[:0:0]
	for _, p := range chars {
		if unicode.IsSpace(p.r) || unicode.IsControl(p.r) {
			diffs = append(diffs, Difference{Code: DiffSpace, Position: p.pos,
				Message: fmt.Sprintf("Character %d is %s; URLs have none.", p.pos, describeRune(p.r))})
			continue
		}
		kept = append(kept, p)
	}
	return kept, diffs
}

// wholeValueDiff names a value that is wrong as a whole: another field's
// value, not a URL, or a URL for another customer name (one difference,
// not a run of letters).
func wholeValueDiff(f Field, all URLs, cleaned string) (Difference, bool) {
	want := all.Get(f)
	for _, g := range Fields {
		if g != f && foldEqual(cleaned, all.Get(g)) {
			return Difference{Code: DiffWrongField,
				Message: fmt.Sprintf("This is the %s value; it belongs in %s. Here, %s goes: %s", g.ShortLabel(), g.PortalLabel(), f.PortalLabel(), want)}, true
		}
	}
	if !strings.Contains(cleaned, "/") {
		return Difference{Code: DiffNotURL,
			Message: fmt.Sprintf("It is not a URL (%q); paste %s.", cleaned, want)}, true
	}
	if got, err := customerOf(cleaned); err == nil {
		if exp, err := customerOf(want); err == nil && !strings.EqualFold(got, exp) {
			return Difference{Code: DiffCustomer,
				Message: fmt.Sprintf("It is for the customer name %q where %q is expected; paste %s.", got, exp, want)}, true
		}
	}
	return Difference{}, false
}

// fixScheme names http:// for https:// or a missing https://, and returns
// the characters with the scheme corrected so later steps compare the rest.
func fixScheme(chars []pastedRune, cleaned, want string) ([]pastedRune, []Difference) {
	low := strings.ToLower(cleaned)
	switch {
	case strings.HasPrefix(want, "https://") && strings.HasPrefix(low, "http://"):
		d := Difference{Code: DiffScheme, Position: chars[0].pos, Message: "It starts with http:// instead of https://."}
		return append(append([]pastedRune{}, chars[:4]...), append([]pastedRune{{'s', 0}}, chars[4:]...)...), []Difference{d}
	case strings.HasPrefix(want, "https://") && !strings.Contains(low, "://") && strings.HasPrefix(strings.ToLower(want[len("https://"):]), firstSegment(low)):
		d := Difference{Code: DiffScheme, Position: chars[0].pos, Message: "It lacks https:// at the start."}
		return append(insertedRunes("https://"), chars...), []Difference{d}
	}
	return chars, nil
}

// caseRuns names, in runs, the characters that differ from want only in
// case; nothing when more than case differs.
func caseRuns(chars []pastedRune, want string) []Difference {
	if !foldEqual(textOf(chars), want) {
		return nil
	}
	var diffs []Difference
	wr := []rune(want)
	for i := 0; i < len(chars); i++ {
		if chars[i].r == wr[i] {
			continue
		}
		j := i
		for j < len(chars) && chars[j].r != wr[j] {
			j++
		}
		got, exp := textOf(chars[i:j]), string(wr[i:j])
		pos := chars[i].pos
		if j-i == 1 {
			diffs = append(diffs, Difference{Code: DiffCase, Position: pos,
				Message: fmt.Sprintf("Character %d is %q where %q is expected: Entra compares case-sensitively.", pos, got, exp)})
		} else {
			diffs = append(diffs, Difference{Code: DiffCase, Position: pos,
				Message: fmt.Sprintf("Characters %d-%d are %q where %q is expected: Entra compares case-sensitively.", pos, chars[j-1].pos, got, exp)})
		}
		i = j - 1
	}
	return diffs
}

// insertedRunes are characters the comparison inserts (position 0).
func insertedRunes(s string) []pastedRune {
	out := make([]pastedRune, 0, len(s))
	for _, r := range s {
		out = append(out, pastedRune{r, 0})
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

// posNear is the position to report for a difference at index i of chars:
// the character there, or the last one before it when it was inserted.
func posNear(chars []pastedRune, i int) int {
	for k := min(i, len(chars)-1); k >= 0; k-- {
		if chars[k].pos > 0 {
			return chars[k].pos
		}
	}
	return 0
}

// structural classifies the single differing stretch between the common
// (case-insensitive) prefix and suffix of chars and want, and returns chars with
// that stretch replaced by want's when the difference was named, so the case
// comparison can follow.
func structural(chars []pastedRune, want string) ([]pastedRune, []Difference) {
	wr := []rune(want)
	i := 0
	for i < len(chars) && i < len(wr) && lowerASCII(chars[i].r) == lowerASCII(wr[i]) {
		i++
	}
	if i == len(chars) && i == len(wr) {
		return chars, nil
	}
	j := 0
	for j < len(chars)-i && j < len(wr)-i && lowerASCII(chars[len(chars)-1-j].r) == lowerASCII(wr[len(wr)-1-j]) {
		j++
	}
	atEnd := j == 0
	if atEnd && i > 0 && i < len(wr) && wr[i-1] == '?' {
		i-- // a different query reads better with its "?"
	}
	got := textOf(chars[i : len(chars)-j])
	exp := string(wr[i : len(wr)-j])
	// what follows the stretch, for "before …" phrases
	after := string(wr[len(wr)-j:])
	replace := func() []pastedRune {
		out := append([]pastedRune{}, chars[:i]...)
		for _, r := range exp {
			out = append(out, pastedRune{r, 0})
		}
		return append(out, chars[len(chars)-j:]...)
	}
	// An insertion goes after the last character before the stretch.
	pos := posNear(chars, i-1)
	var d Difference
	switch {
	case got == "" && exp == "/" && atEnd:
		d = Difference{Code: DiffSlash, Position: pos, Message: "The \"/\" at the end is missing."}
	case got == "" && exp == "/":
		d = Difference{Code: DiffSlash, Position: pos, Message: fmt.Sprintf("A \"/\" is missing after character %d, before %q.", pos, after)}
	case got == "/" && exp == "" && atEnd:
		d = Difference{Code: DiffSlash, Position: chars[i].pos, Message: fmt.Sprintf("Character %d is an extra \"/\" at the end; remove it.", chars[i].pos)}
	case got == "/" && exp == "":
		d = Difference{Code: DiffSlash, Position: chars[i].pos, Message: fmt.Sprintf("Character %d is an extra \"/\"; remove it.", chars[i].pos)}
	case got == "" && atEnd && strings.HasPrefix(exp, "?"):
		d = Difference{Code: DiffQuery, Position: pos, Message: fmt.Sprintf("It lacks %q at the end.", exp)}
	case got == "" && atEnd && strings.HasPrefix(exp, "/?"):
		d = Difference{Code: DiffQuery, Position: pos, Message: fmt.Sprintf("It lacks %q at the end.", exp)}
	case atEnd && strings.HasPrefix(exp, "?") && strings.HasPrefix(got, "?"):
		d = Difference{Code: DiffQuery, Position: chars[i].pos, Message: fmt.Sprintf("It ends in %q instead of %q.", got, exp)}
	default:
		switch {
		case got == "" && i == 0:
			d = Difference{Code: DiffOther, Message: fmt.Sprintf("%q is missing at the start.", exp)}
		case got == "":
			d = Difference{Code: DiffOther, Position: pos, Message: fmt.Sprintf("%q is missing after character %d.", exp, pos)}
		case exp == "":
			d = Difference{Code: DiffOther, Position: posNear(chars, i), Message: fmt.Sprintf("%s (%s) should not be there.", charRange(chars, i, len(chars)-j), quoteVisible(got))}
		default:
			verb := " are "
			if len([]rune(got)) == 1 {
				verb = " is "
			}
			d = Difference{Code: DiffOther, Position: posNear(chars, i), Message: fmt.Sprintf("%s%s%s where %q is expected.%s", charRange(chars, i, len(chars)-j), verb, quoteVisible(got), exp, lookAlike(got, exp))}
		}
	}
	return replace(), []Difference{d}
}

// charRange names characters i..j-1 of chars for a message.
func charRange(chars []pastedRune, i, j int) string {
	a, b := posNear(chars, i), posNear(chars, j-1)
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
