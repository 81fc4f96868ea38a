package wizard

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// nameCases feeds both TestCheckName and the seeds of FuzzCustomerName.
var nameCases = []struct {
	name     string
	in       string
	ok       bool
	codes    []NameCode // problems (refused) or warnings (accepted), in order
	position int        // of the first problem, 0 to skip
	suggest  string
}{
	{name: "plain", in: "acme", ok: true},
	{name: "digits dash underscore dot", in: "acme-corp_2.eu", ok: true},
	{name: "single letter", in: "a", ok: true},
	{name: "upper case kept with reminder", in: "AcmeCorp", ok: true, codes: []NameCode{NameUpperCase}},
	{name: "edge punctuation warned", in: "-acme", ok: true, codes: []NameCode{NameEdgePunctuation}},
	{name: "longest that fits", in: strings.Repeat("a", MaxNameLength), ok: true},

	{name: "empty", in: "", codes: []NameCode{NameEmpty}},
	{name: "inner space", in: "Acme Corp", codes: []NameCode{NameSpace}, position: 5, suggest: "acme-corp"},
	{name: "leading space", in: " acme", codes: []NameCode{NameSurroundSpace}, position: 1, suggest: "acme"},
	{name: "trailing space", in: "acme ", codes: []NameCode{NameSurroundSpace}, position: 5, suggest: "acme"},
	{name: "trailing newline", in: "acme\n", codes: []NameCode{NameSurroundSpace}, position: 5, suggest: "acme"},
	{name: "only spaces", in: "   ", codes: []NameCode{NameSurroundSpace}, position: 1},
	{name: "slash", in: "acme/corp", codes: []NameCode{NameSlash}, position: 5, suggest: "acme-corp"},
	{name: "backslash", in: `acme\corp`, codes: []NameCode{NameSlash}, position: 5, suggest: "acme-corp"},
	{name: "question mark", in: "acme?", codes: []NameCode{NameURLDelimiter}, position: 5, suggest: "acme"},
	{name: "hash", in: "ac#me", codes: []NameCode{NameURLDelimiter}, position: 3, suggest: "ac-me"},
	{name: "percent", in: "acme%20corp", codes: []NameCode{NameURLDelimiter}, position: 5, suggest: "acme-20corp"},
	{name: "ampersand", in: "Smith&Co", codes: []NameCode{NameURLDelimiter}, position: 6, suggest: "smith-and-co"},
	{name: "exclamation", in: "yahoo!", codes: []NameCode{NameReplyURLChar}, position: 6, suggest: "yahoo"},
	{name: "dollar", in: "a$b", codes: []NameCode{NameReplyURLChar}, position: 2, suggest: "a-b"},
	{name: "apostrophe", in: "o'brien", codes: []NameCode{NameReplyURLChar}, position: 2, suggest: "obrien"},
	{name: "parentheses", in: "acme(uk)", codes: []NameCode{NameReplyURLChar, NameReplyURLChar}, position: 5, suggest: "acme-uk"},
	{name: "comma", in: "acme,inc", codes: []NameCode{NameReplyURLChar}, position: 5, suggest: "acme-inc"},
	{name: "semicolon", in: "acme;", codes: []NameCode{NameReplyURLChar}, position: 5, suggest: "acme"},
	{name: "accented letter", in: "Société", codes: []NameCode{NameNonASCII}, position: 5, suggest: "societe"},
	{name: "letters without ASCII spelling", in: "日本", codes: []NameCode{NameNonASCII, NameNonASCII}, position: 1},
	{name: "sharp s", in: "straße", codes: []NameCode{NameNonASCII}, position: 5, suggest: "strasse"},
	{name: "cyrillic look-alike", in: "аcme", codes: []NameCode{NameNonASCII}, position: 1},
	{name: "non-breaking space inside", in: "acme\u00a0corp", codes: []NameCode{NameInvisible}, position: 5, suggest: "acme-corp"},
	{name: "zero-width space inside", in: "ac\u200bme", codes: []NameCode{NameInvisible}, position: 3, suggest: "acme"},
	{name: "byte order mark at start", in: "\ufeffacme", codes: []NameCode{NameSurroundSpace}, position: 1, suggest: "acme"},
	{name: "tab inside", in: "ac\tme", codes: []NameCode{NameControl}, position: 3, suggest: "ac-me"},
	{name: "invalid utf-8", in: "ac\xffme", codes: []NameCode{NameInvalidUTF8}, position: 3, suggest: "ac-me"},
	{name: "other ASCII", in: "acme@corp", codes: []NameCode{NameOtherChar}, position: 5, suggest: "acme-corp"},
	{name: "colon", in: "acme:1", codes: []NameCode{NameOtherChar}, position: 5, suggest: "acme-1"},
	{name: "dot", in: ".", codes: []NameCode{NameDotsOnly}},
	{name: "dot dot", in: "..", codes: []NameCode{NameDotsOnly}},
	{name: "one too long", in: strings.Repeat("a", MaxNameLength+1), codes: []NameCode{NameTooLong}, position: MaxNameLength + 1, suggest: strings.Repeat("a", MaxNameLength)},
	{name: "URL pasted as name", in: "https://www.pymetrics.com/saml2-sp/acme/acme/?acs", codes: []NameCode{NameLooksLikeURL}, suggest: "acme"},
	{name: "URL without scheme", in: "www.pymetrics.com/saml2-sp/acme/acme/?acs", codes: []NameCode{NameLooksLikeURL}},
	{name: "repeated character reported once", in: "a b c d", codes: []NameCode{NameSpace}, position: 2, suggest: "a-b-c-d"},
	{name: "several kinds in order", in: "Acme Corp/EU!", codes: []NameCode{NameSpace, NameSlash, NameReplyURLChar}, position: 5, suggest: "acme-corp-eu"},
}

func TestCheckName(t *testing.T) {
	for _, tc := range nameCases {
		t.Run(tc.name, func(t *testing.T) {
			c := CheckName(tc.in)
			if c.OK != tc.ok {
				t.Fatalf("CheckName(%q).OK = %v, want %v; %s", tc.in, c.OK, tc.ok, c.Message())
			}
			if c.Name != tc.in {
				t.Errorf("Name = %q, want the input unchanged %q", c.Name, tc.in)
			}
			list := c.Problems
			if tc.ok {
				list = c.Warnings
				if len(c.Problems) != 0 {
					t.Errorf("accepted name has problems: %+v", c.Problems)
				}
			}
			var got []NameCode
			for _, p := range list {
				got = append(got, p.Code)
				if p.Message == "" {
					t.Errorf("%s has no message", p.Code)
				}
			}
			if strings.Join(codeStrings(got), ",") != strings.Join(codeStrings(tc.codes), ",") {
				t.Errorf("codes = %v, want %v", got, tc.codes)
			}
			if tc.position != 0 && (len(c.Problems) == 0 || c.Problems[0].Position != tc.position) {
				t.Errorf("first problem = %+v, want position %d", c.Problems, tc.position)
			}
			if c.Suggestion != tc.suggest {
				t.Errorf("Suggestion = %q, want %q", c.Suggestion, tc.suggest)
			}
			if c.Suggestion != "" && !CheckName(c.Suggestion).OK {
				t.Errorf("suggestion %q is itself refused", c.Suggestion)
			}
			if (c.Err() == nil) != tc.ok {
				t.Errorf("Err() = %v with OK = %v", c.Err(), c.OK)
			}
		})
	}
}

func codeStrings(cs []NameCode) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return out
}

// The messages say which character and why, in words; a few are pinned
// exactly so a change of wording is a deliberate one.
func TestCheckNameMessages(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Acme Corp", `Character 5 is a space: spaces are not allowed in the name; pymetrics names use - instead. Did you mean "acme-corp"?`},
		{"acme ", `The name has a space at the end; remove it. Did you mean "acme"?`},
		{" acme ", `The name has a space at the start and at the end; remove them. Did you mean "acme"?`},
		{"yahoo!", `Character 6 is "!": Entra refuses it in a Reply URL. Did you mean "yahoo"?`},
		{"ac\u200bme", `Character 3 is a zero-width space (U+200B): it usually comes along with copy and paste and cannot be seen; retype the name. Did you mean "acme"?`},
		{"a b c", `Character 2 is a space (and 1 more): spaces are not allowed in the name; pymetrics names use - instead. Did you mean "a-b-c"?`},
		{"Société", `Character 5 is "é" (U+00E9) (and 1 more): only the letters a-z and A-Z are allowed; pymetrics names are plain ASCII. Did you mean "societe"?`},
		{"ACME", `The name has capital letters. They are kept as typed: Entra compares URLs case-sensitively, so use exactly the name pymetrics gave you.`},
		{"", `Type the customer name pymetrics gave you (for example acme-corp).`},
		{strings.Repeat("x", 106), `The name has 106 characters; at most 105 fit, because the name appears twice in the Identifier and Entra accepts URLs of at most 256 characters. Did you mean "` + strings.Repeat("x", 105) + `"?`},
	}
	for _, tc := range tests {
		if got := CheckName(tc.in).Message(); got != tc.want {
			t.Errorf("CheckName(%q).Message()\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
}

func TestMaxNameLength(t *testing.T) {
	u := patternURLs(strings.Repeat("n", MaxNameLength))
	if len(u.Identifier) != MaxURLLength {
		t.Errorf("Identifier of the longest name has %d characters, want exactly %d", len(u.Identifier), MaxURLLength)
	}
	if u := patternURLs(strings.Repeat("n", MaxNameLength+1)); len(u.Identifier) <= MaxURLLength {
		t.Errorf("one more character should pass the limit; got %d", len(u.Identifier))
	}
}

func TestURLsForRefusesWithNameError(t *testing.T) {
	_, err := URLsFor("Acme Corp")
	var ne *NameError
	if !errors.As(err, &ne) || !errors.Is(err, ErrInvalidName) {
		t.Fatalf("URLsFor(\"Acme Corp\") error = %v, want a *NameError wrapping ErrInvalidName", err)
	}
	if ne.Check.Suggestion != "acme-corp" {
		t.Errorf("suggestion = %q", ne.Check.Suggestion)
	}
	want := `customer name "Acme Corp": Character 5 is a space: spaces are not allowed in the name; pymetrics names use - instead. Did you mean "acme-corp"?`
	if err.Error() != want {
		t.Errorf("Error() =\n%s\nwant\n%s", err.Error(), want)
	}
}

// FuzzCustomerName checks the invariants of name validation and URL
// derivation: never a panic; the input is reported unchanged; an accepted
// name gives URLs within Entra's limit that lead back to the same name
// through FromSupportURL; a refused name always says why; a suggestion is
// always accepted.
func FuzzCustomerName(f *testing.F) {
	for _, tc := range nameCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := CheckName(s)
		if c.Name != s {
			t.Fatalf("Name changed: %q -> %q", s, c.Name)
		}
		if c.OK != (len(c.Problems) == 0) {
			t.Fatalf("OK = %v with problems %+v", c.OK, c.Problems)
		}
		for _, p := range append(c.Problems, c.Warnings...) {
			if p.Message == "" || p.Code == "" {
				t.Fatalf("problem without code or message: %+v", p)
			}
			if p.Position < 0 || p.Position > utf8.RuneCountInString(s)+1 {
				t.Fatalf("position %d outside %q", p.Position, s)
			}
		}
		if c.Suggestion != "" {
			if c.Suggestion == s || !CheckName(c.Suggestion).OK {
				t.Fatalf("suggestion %q for %q is not a valid different name", c.Suggestion, s)
			}
		}
		u, err := URLsFor(s)
		if (err == nil) != c.OK {
			t.Fatalf("URLsFor error %v disagrees with OK = %v", err, c.OK)
		}
		if err != nil {
			var ne *NameError
			if !errors.As(err, &ne) || ne.Error() == "" {
				t.Fatalf("URLsFor(%q) error %v is not a *NameError", s, err)
			}
			return
		}
		for _, f := range Fields {
			if v := u.Get(f); len(v) > MaxURLLength || !strings.HasPrefix(v, BaseURL+s+"/"+s+"/") {
				t.Fatalf("%s = %q (%d characters)", f, v, len(v))
			}
		}
		for _, f := range Fields {
			back, devs, err := FromSupportURL(u.Get(f))
			if err != nil {
				t.Fatalf("FromSupportURL(%q): %v", u.Get(f), err)
			}
			if back != u {
				t.Fatalf("round trip through the %s: got %+v, want %+v", f, back, u)
			}
			for _, d := range devs {
				if d.Code != DevUpperCase {
					t.Fatalf("pattern URL reported as deviating: %+v", d)
				}
			}
		}
		if got := CompareURLs(u, u.Text()); !got.OK {
			t.Fatalf("the values' own text does not compare equal: %+v", got)
		}
	})
}
