package wizard

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxURLLength is the longest URL Entra accepts in Basic SAML Configuration
// (Identifier, Reply URL and Sign on URL are each limited to 256 characters).
const MaxURLLength = 256

// MaxNameLength is the longest customer name whose URLs all stay within
// MaxURLLength. The Identifier is the longest of the three URLs and holds the
// name twice: len(BaseURL) + 2*n + len("/") + len("/metadata/") <= 256.
const MaxNameLength = (MaxURLLength - len(BaseURL) - len("/") - len(identifierSuffix)) / 2

// NameCode identifies a problem or warning about a customer name. The values
// are stable: the UI and tests match on them, never on message text.
type NameCode string

// Problems that refuse a name.
const (
	NameEmpty           NameCode = "name.empty"             // nothing typed
	NameSurroundSpace   NameCode = "name.surrounding-space" // leading or trailing white space
	NameSpace           NameCode = "name.space"             // a space inside the name
	NameSlash           NameCode = "name.slash"             // "/" or "\" would add a path segment
	NameURLDelimiter    NameCode = "name.url-delimiter"     // ? # % & end or escape the path
	NameReplyURLChar    NameCode = "name.reply-url-char"    // ! $ ' ( ) , ; which Entra refuses in reply URLs
	NameInvisible       NameCode = "name.invisible"         // non-breaking or zero-width characters from copy and paste
	NameNonASCII        NameCode = "name.non-ascii"         // letters outside ASCII (é, ß, Cyrillic…)
	NameControl         NameCode = "name.control"           // tab, newline and other control characters
	NameInvalidUTF8     NameCode = "name.invalid-utf8"      // bytes that are not text
	NameOtherChar       NameCode = "name.char"              // any other character outside letters, digits, - _ .
	NameDotsOnly        NameCode = "name.dots-only"         // "." and ".." are path segments with a meaning
	NameTooLong         NameCode = "name.too-long"          // a URL would pass Entra's 256-character limit
	NameLooksLikeURL    NameCode = "name.looks-like-url"    // a whole URL typed where the name goes
	NameUpperCase       NameCode = "name.upper-case"        // warning: kept, Entra compares case-sensitively
	NameEdgePunctuation NameCode = "name.edge-punctuation"  // warning: starts or ends with - _ .
)

// NameProblem is one reason a name is refused, or (in NameCheck.Warnings) one
// thing the admin should double-check.
type NameProblem struct {
	Code NameCode `json:"code"`
	// Message is a sentence for the admin: which character, where, and why.
	Message string `json:"message"`
	// Char is the offending character, when there is one.
	Char string `json:"char,omitempty"`
	// Position is the 1-based character (not byte) position of the first
	// occurrence in the name as typed; 0 when the problem is not at a place.
	Position int `json:"position,omitempty"`
	// Count is how many times the character occurs.
	Count int `json:"count,omitempty"`
}

// NameCheck is the verdict on a customer name. The name itself is never
// changed: Suggestion is only offered.
type NameCheck struct {
	Name     string        `json:"name"`
	OK       bool          `json:"ok"`
	Problems []NameProblem `json:"problems,omitempty"`
	Warnings []NameProblem `json:"warnings,omitempty"`
	// Suggestion is a valid name close to what was typed ("Acme Corp" ->
	// "acme-corp"), or "" when there is no obvious one. It is never equal to
	// Name.
	Suggestion string `json:"suggestion,omitempty"`
}

// Message joins the problems (or, for an accepted name, the warnings) into
// one text for a label under the name field.
func (c NameCheck) Message() string {
	list := c.Problems
	if c.OK {
		list = c.Warnings
	}
	msgs := make([]string, 0, len(list)+1)
	for _, p := range list {
		msgs = append(msgs, p.Message)
	}
	if !c.OK && c.Suggestion != "" {
		msgs = append(msgs, fmt.Sprintf("Did you mean %q?", c.Suggestion))
	}
	return strings.Join(msgs, " ")
}

// Has reports whether the check found a problem or warning with the code.
func (c NameCheck) Has(code NameCode) bool {
	for _, p := range c.Problems {
		if p.Code == code {
			return true
		}
	}
	for _, p := range c.Warnings {
		if p.Code == code {
			return true
		}
	}
	return false
}

// Err returns nil for an accepted name and a *NameError otherwise.
func (c NameCheck) Err() error {
	if c.OK {
		return nil
	}
	return &NameError{Name: c.Name, Check: c}
}

// invisibleNames names the characters that copy and paste brings along and
// that no one can see on screen. The set is shared with the paste-back check.
var invisibleNames = map[rune]string{
	'\u00a0': "a non-breaking space (U+00A0)",
	'\u00ad': "a soft hyphen (U+00AD)",
	'\u034f': "a combining grapheme joiner (U+034F)",
	'\u061c': "an Arabic letter mark (U+061C)",
	'\u115f': "a Hangul filler (U+115F)",
	'\u1160': "a Hangul filler (U+1160)",
	'\u180e': "a Mongolian vowel separator (U+180E)",
	'\u2000': "an en quad space (U+2000)",
	'\u2001': "an em quad space (U+2001)",
	'\u2002': "an en space (U+2002)",
	'\u2003': "an em space (U+2003)",
	'\u2004': "a three-per-em space (U+2004)",
	'\u2005': "a four-per-em space (U+2005)",
	'\u2006': "a six-per-em space (U+2006)",
	'\u2007': "a figure space (U+2007)",
	'\u2008': "a punctuation space (U+2008)",
	'\u2009': "a thin space (U+2009)",
	'\u200a': "a hair space (U+200A)",
	'\u200b': "a zero-width space (U+200B)",
	'\u200c': "a zero-width non-joiner (U+200C)",
	'\u200d': "a zero-width joiner (U+200D)",
	'\u200e': "a left-to-right mark (U+200E)",
	'\u200f': "a right-to-left mark (U+200F)",
	'\u2028': "a line separator (U+2028)",
	'\u2029': "a paragraph separator (U+2029)",
	'\u202a': "a left-to-right embedding (U+202A)",
	'\u202b': "a right-to-left embedding (U+202B)",
	'\u202c': "a pop directional formatting mark (U+202C)",
	'\u202d': "a left-to-right override (U+202D)",
	'\u202e': "a right-to-left override (U+202E)",
	'\u202f': "a narrow non-breaking space (U+202F)",
	'\u205f': "a medium mathematical space (U+205F)",
	'\u2060': "a word joiner (U+2060)",
	'\u2061': "an invisible function application (U+2061)",
	'\u2062': "an invisible times (U+2062)",
	'\u2063': "an invisible separator (U+2063)",
	'\u2064': "an invisible plus (U+2064)",
	'\u3000': "an ideographic space (U+3000)",
	'\u3164': "a Hangul filler (U+3164)",
	'\ufeff': "a byte order mark / zero-width no-break space (U+FEFF)",
	'\ufffc': "an object replacement character (U+FFFC)",
}

// isInvisible reports whether r is a character that renders as nothing or as
// an ordinary-looking space.
func isInvisible(r rune) bool {
	if _, ok := invisibleNames[r]; ok {
		return true
	}
	return unicode.Is(unicode.Cf, r) // other format characters (tags, bidi)
}

// describeRune names a character for a message: `"!"`, "a space",
// "a non-breaking space (U+00A0)".
func describeRune(r rune) string {
	switch r {
	case ' ':
		return "a space"
	case '\t':
		return "a tab"
	case '\n', '\r':
		return "a line break"
	case utf8.RuneError:
		return "bytes that are not valid text"
	}
	if n, ok := invisibleNames[r]; ok {
		return n
	}
	if isInvisible(r) || unicode.IsControl(r) {
		return fmt.Sprintf("an invisible character (U+%04X)", r)
	}
	if r > unicode.MaxASCII {
		return fmt.Sprintf("%q (U+%04X)", string(r), r)
	}
	return fmt.Sprintf("%q", string(r))
}

// nameCharClass classifies a character of a name; "" means allowed.
func nameCharClass(r rune) NameCode {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
		return ""
	case r == utf8.RuneError:
		return NameInvalidUTF8
	case r == ' ':
		return NameSpace
	case r == '/' || r == '\\':
		return NameSlash
	case strings.ContainsRune("?#%&", r):
		return NameURLDelimiter
	case strings.ContainsRune("!$'(),;", r):
		return NameReplyURLChar
	case isInvisible(r):
		return NameInvisible
	case unicode.IsControl(r):
		return NameControl
	case r > unicode.MaxASCII:
		if unicode.IsSpace(r) {
			return NameInvisible
		}
		return NameNonASCII
	default:
		return NameOtherChar
	}
}

// why explains, per code, why the character is refused.
var why = map[NameCode]string{
	NameSpace:        "spaces are not allowed in the name; pymetrics names use - instead",
	NameSlash:        "a slash would split the name into separate parts of the URL",
	NameURLDelimiter: "it has a special meaning in a URL (it would end or escape the path)",
	NameReplyURLChar: "Entra refuses it in a Reply URL",
	NameInvisible:    "it usually comes along with copy and paste and cannot be seen; retype the name",
	NameNonASCII:     "only the letters a-z and A-Z are allowed; pymetrics names are plain ASCII",
	NameControl:      "it is a control character",
	NameInvalidUTF8:  "the name must be text",
	NameOtherChar:    "only letters, digits, -, _ and . are allowed",
}

// CheckName judges a customer name as typed, without changing it. It covers
// every rule the Entra values need: allowed characters (letters, digits,
// - _ .), white space, slashes, URL delimiters, the characters Entra refuses
// in reply URLs, invisible and non-ASCII characters, emptiness and a length
// that keeps every URL within Entra's 256-character limit. Upper case is kept
// with a warning, since Entra compares case-sensitively.
func CheckName(s string) NameCheck {
	c := NameCheck{Name: s}
	if s == "" {
		c.Problems = append(c.Problems, NameProblem{Code: NameEmpty,
			Message: "Type the customer name pymetrics gave you (for example acme-corp)."})
		return c
	}
	if looksLikeURL(s) {
		p := NameProblem{Code: NameLooksLikeURL,
			Message: "This is a URL, not a customer name, and not one of pymetrics' (https://www.pymetrics.com/saml2-sp/…): type the customer name pymetrics support gave you."}
		if u, _, err := FromSupportURL(s); err == nil {
			c.Suggestion = u.Customer
			p.Message = "This is a URL from pymetrics support, not a customer name: give it as support's URL and the customer name (\"" + u.Customer + "\") and all three values are taken from it exactly."
		}
		c.Problems = append(c.Problems, p)
		return c
	}
	if p, ok := surroundingSpace(s); ok {
		c.Problems = append(c.Problems, p)
	}
	c.Problems = append(c.Problems, characterProblems(s)...)
	if strings.Trim(s, ".") == "" {
		c.Problems = append(c.Problems, NameProblem{Code: NameDotsOnly,
			Message: "A name made only of dots is not allowed: \".\" and \"..\" mean \"this folder\" and \"the folder above\" in a URL."})
	}
	if n := utf8.RuneCountInString(s); n > MaxNameLength {
		c.Problems = append(c.Problems, NameProblem{Code: NameTooLong, Position: MaxNameLength + 1,
			Message: fmt.Sprintf("The name has %d characters; at most %d fit, because the name appears twice in the Identifier and Entra accepts URLs of at most %d characters.", n, MaxNameLength, MaxURLLength)})
	}

	c.OK = len(c.Problems) == 0
	if c.OK {
		c.Warnings = nameWarnings(s)
		return c
	}
	if c.Suggestion == "" {
		c.Suggestion = SuggestName(s)
	}
	return c
}

// surroundingSpace reports white space (or invisible characters) at the
// start or end of the name.
func surroundingSpace(s string) (NameProblem, bool) {
	trimmed := strings.TrimFunc(s, isSpaceLike)
	if trimmed == s {
		return NameProblem{}, false
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	where := "at the end; remove it"
	pos := utf8.RuneCountInString(s)
	r := last
	switch {
	case isSpaceLike(first) && isSpaceLike(last) && trimmed != "":
		where = "at the start and at the end; remove them"
		pos, r = 1, first
	case isSpaceLike(first):
		where = "at the start; remove it"
		pos, r = 1, first
	}
	return NameProblem{Code: NameSurroundSpace, Char: string(r), Position: pos,
		Message: fmt.Sprintf("The name has %s %s.", describeRune(r), where)}, true
}

// characterProblems reports one problem per distinct offending character
// inside the name, at its first position, in the order the characters
// appear: a list of every occurrence would bury the point.
func characterProblems(s string) []NameProblem {
	type seen struct {
		r     rune
		code  NameCode
		pos   int
		count int
	}
	var chars []*seen
	index := map[rune]*seen{}
	pos := 0
	innerStart := len(s) - len(strings.TrimLeftFunc(s, isSpaceLike))
	innerEnd := len(strings.TrimRightFunc(s, isSpaceLike))
	for i, r := range s {
		pos++
		if i < innerStart || i >= innerEnd {
			continue // reported as surrounding space
		}
		code := nameCharClass(r)
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size > 1 {
				code = NameNonASCII // a real U+FFFD, not a broken byte
			}
		}
		if code == "" {
			continue
		}
		if e, ok := index[r]; ok {
			e.count++
			continue
		}
		e := &seen{r: r, code: code, pos: pos, count: 1}
		index[r] = e
		chars = append(chars, e)
	}
	var problems []NameProblem
	for _, e := range chars {
		more := ""
		if e.count > 1 {
			more = fmt.Sprintf(" (and %d more)", e.count-1)
		}
		problems = append(problems, NameProblem{Code: e.code, Char: string(e.r), Position: e.pos, Count: e.count,
			Message: fmt.Sprintf("Character %d is %s%s: %s.", e.pos, describeRune(e.r), more, why[e.code])})
	}
	return problems
}

// nameWarnings are the remarks on an accepted name.
func nameWarnings(s string) []NameProblem {
	var warnings []NameProblem
	if strings.ToLower(s) != s {
		warnings = append(warnings, NameProblem{Code: NameUpperCase,
			Message: "The name has capital letters. They are kept as typed: Entra compares URLs case-sensitively, so use exactly the name pymetrics gave you."})
	}
	if strings.IndexAny(s[:1], "-_.") == 0 || strings.IndexAny(s[len(s)-1:], "-_.") == 0 {
		warnings = append(warnings, NameProblem{Code: NameEdgePunctuation,
			Message: "The name starts or ends with - _ or . which is unusual; check it against the name pymetrics gave you."})
	}
	return warnings
}

// isSpaceLike is white space in the wide sense, including the invisible
// characters a paste can bring to either end of a value.
func isSpaceLike(r rune) bool {
	return unicode.IsSpace(r) || isInvisible(r)
}

// looksLikeURL spots a whole URL typed or pasted into the name field.
func looksLikeURL(s string) bool {
	t := strings.ToLower(strings.TrimFunc(s, isSpaceLike))
	return strings.HasPrefix(t, "https://") || strings.HasPrefix(t, "http://") ||
		strings.HasPrefix(t, "www.pymetrics.com/") || strings.HasPrefix(t, "pymetrics.com/")
}

// fold maps common Latin letters with diacritics to ASCII for suggestions.
// Kept small and explicit rather than pulling in a Unicode normalisation
// dependency: a suggestion only has to be obvious, not complete.
var fold = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ā': "a", 'ą': "a", 'æ': "ae",
	'ç': "c", 'ć': "c", 'č': "c", 'ď': "d", 'đ': "d", 'ð': "d",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ę': "e", 'ě': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ī': "i", 'ı': "i",
	'ł': "l", 'ñ': "n", 'ń': "n", 'ň': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'ō': "o", 'ő': "o", 'œ': "oe",
	'ř': "r", 'ś': "s", 'š': "s", 'ş': "s", 'ß': "ss", 'ť': "t", 'ţ': "t", 'þ': "th",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ū': "u", 'ů': "u", 'ű': "u",
	'ý': "y", 'ÿ': "y", 'ź': "z", 'ż': "z", 'ž': "z",
}

// SuggestName proposes a valid name close to s: lower case, runs of refused
// characters replaced by one "-", common accented letters folded to ASCII,
// "&" spelled "and". It returns "" when nothing sensible is left or when the
// result would equal s.
func SuggestName(s string) string {
	var b strings.Builder
	dash := false
	put := func(str string) {
		if dash && b.Len() > 0 {
			b.WriteByte('-')
		}
		dash = false
		b.WriteString(str)
	}
	for _, r := range strings.TrimFunc(s, isSpaceLike) {
		lr := unicode.ToLower(r)
		switch {
		case lr >= 'a' && lr <= 'z', lr >= '0' && lr <= '9', lr == '-', lr == '_', lr == '.':
			if lr == '-' {
				dash = true
				continue
			}
			put(string(lr))
		case fold[lr] != "":
			put(fold[lr])
		case r == '&':
			dash = true
			put("and")
			dash = true
		case isInvisible(r):
			// zero-width characters vanish; spaces among them become "-"
			if unicode.IsSpace(r) {
				dash = true
			}
		case r == '\'' || r == '\u2019':
			// "O'Brien" -> "obrien": an apostrophe joins, it does not separate
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			// a letter we cannot spell in ASCII (Cyrillic, CJK…): dropping
			// it would suggest a different name, which is not obvious
			return ""
		default:
			dash = true
		}
	}
	out := strings.Trim(b.String(), "-_.")
	if len(out) > MaxNameLength {
		out = strings.TrimRight(out[:MaxNameLength], "-_.")
	}
	if out == "" || out == s || !plainName(out) {
		return ""
	}
	return out
}

// plainName reports whether s passes every refusing rule of CheckName; it is
// the cheap form used where a full check would recurse.
func plainName(s string) bool {
	if s == "" || len(s) > MaxNameLength || strings.Trim(s, ".") == "" {
		return false
	}
	for _, r := range s {
		if nameCharClass(r) != "" {
			return false
		}
	}
	return true
}
