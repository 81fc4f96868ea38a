package wizard

import (
	"strings"
	"testing"
)

// pasteCases are paste-back cases against the values for "acme". Each names
// the field that differs, its difference codes and the exact message; the
// other fields must match exactly.
var pasteCases = []struct {
	name   string
	pasted string
	field  Field
	codes  []DiffCode
	msg    string
}{
	{name: "exact, one per line", pasted: pmID + "\n" + pmReply + "\n" + pmSSO + "\n"},
	{name: "exact, Windows line ends", pasted: pmID + "\r\n" + pmReply + "\r\n" + pmSSO + "\r\n"},
	{name: "exact, portal block", pasted: "Basic SAML Configuration\nEdit\nIdentifier (Entity ID)\n" + pmID + "\nReply URL (Assertion Consumer Service URL)\n" + pmReply + "\nSign on URL\n" + pmSSO + "\nRelay State (Optional)\nOptional\nLogout Url (Optional)\nOptional\n"},
	{name: "exact, portal block with tabs", pasted: "Identifier (Entity ID)\t" + pmID + "\nReply URL (Assertion Consumer Service URL)\t" + pmReply + "\nSign on URL\t" + pmSSO + "\n"},
	{name: "exact, short labels with colons", pasted: "Identifier: " + pmID + "\nReply URL: " + pmReply + "\nSign-on URL: " + pmSSO},
	{name: "exact, the portal's edit pane with its help text", pasted: "Identifier (Entity ID) *\nThe unique ID that identifies your application to Microsoft Entra ID.\n" + pmID + "\nDefault\nAdd identifier\nReply URL (Assertion Consumer Service URL) *\n" + pmReply + "\nIndex\nAdd reply URL\nSign on URL (Optional)\n" + pmSSO + "\nRelay State (Optional)\nLogout Url (Optional)\n"},
	{name: "exact, several identifiers listed", pasted: "Identifier (Entity ID)\nhttps://old.example.com/\n" + pmID + "\nReply URL (Assertion Consumer Service URL)\n" + pmReply + "\nSign on URL\n" + pmSSO},

	{name: "case, one letter", pasted: "https://www.pymetrics.com/saml2-sp/Acme/acme/metadata/\n" + pmReply + "\n" + pmSSO,
		field: FieldIdentifier, codes: []DiffCode{DiffCase},
		msg: `Identifier (Entity ID) differs: Character 36 is "A" where "a" is expected: Entra compares case-sensitively.`},
	{name: "case, two runs", pasted: pmID + "\n" + pmReply + "\nhttps://www.pymetrics.com/saml2-sp/ACME/ACME/?sso",
		field: FieldSignOnURL, codes: []DiffCode{DiffCase, DiffCase},
		msg: `Sign on URL differs: Characters 36-39 are "ACME" where "acme" is expected: Entra compares case-sensitively. Characters 41-44 are "ACME" where "acme" is expected: Entra compares case-sensitively.`},
	{name: "case, query", pasted: pmID + "\nhttps://www.pymetrics.com/saml2-sp/acme/acme/?ACS\n" + pmSSO,
		field: FieldReplyURL, codes: []DiffCode{DiffCase},
		msg: `Reply URL (Assertion Consumer Service URL) differs: Characters 47-49 are "ACS" where "acs" is expected: Entra compares case-sensitively.`},
	{name: "trailing slash missing", pasted: "https://www.pymetrics.com/saml2-sp/acme/acme/metadata\n" + pmReply + "\n" + pmSSO,
		field: FieldIdentifier, codes: []DiffCode{DiffSlash},
		msg: `Identifier (Entity ID) differs: The "/" at the end is missing.`},
	{name: "trailing slash extra", pasted: pmID + "\n" + pmReply + "/\n" + pmSSO,
		field: FieldReplyURL, codes: []DiffCode{DiffSlash},
		msg: `Reply URL (Assertion Consumer Service URL) differs: Character 50 is an extra "/" at the end; remove it.`},
	{name: "slash before the query missing", pasted: pmID + "\nhttps://www.pymetrics.com/saml2-sp/acme/acme?acs\n" + pmSSO,
		field: FieldReplyURL, codes: []DiffCode{DiffSlash},
		msg: `Reply URL (Assertion Consumer Service URL) differs: A "/" is missing after character 44, before "?acs".`},
	{name: "doubled slash", pasted: pmID + "\nhttps://www.pymetrics.com/saml2-sp/acme//acme/?acs\n" + pmSSO,
		field: FieldReplyURL, codes: []DiffCode{DiffSlash},
		msg: `Reply URL (Assertion Consumer Service URL) differs: Character 41 is an extra "/"; remove it.`},
	{name: "http instead of https", pasted: "http://www.pymetrics.com/saml2-sp/acme/acme/metadata/\n" + pmReply + "\n" + pmSSO,
		field: FieldIdentifier, codes: []DiffCode{DiffScheme},
		msg: `Identifier (Entity ID) differs: It starts with http:// instead of https://.`},
	{name: "no scheme", pasted: pmID + "\nwww.pymetrics.com/saml2-sp/acme/acme/?acs\n" + pmSSO,
		field: FieldReplyURL, codes: []DiffCode{DiffScheme},
		msg: `Reply URL (Assertion Consumer Service URL) differs: It lacks https:// at the start.`},
	{name: "query missing", pasted: pmID + "\nhttps://www.pymetrics.com/saml2-sp/acme/acme/\n" + pmSSO,
		field: FieldReplyURL, codes: []DiffCode{DiffQuery},
		msg: `Reply URL (Assertion Consumer Service URL) differs: It lacks "?acs" at the end.`},
	{name: "query and slash missing", pasted: pmID + "\n" + pmReply + "\nhttps://www.pymetrics.com/saml2-sp/acme/acme",
		field: FieldSignOnURL, codes: []DiffCode{DiffQuery},
		msg: `Sign on URL differs: It lacks "/?sso" at the end.`},
	{name: "query different", pasted: pmID + "\nhttps://www.pymetrics.com/saml2-sp/acme/acme/?sso=1\n" + pmSSO,
		field: FieldReplyURL, codes: []DiffCode{DiffQuery},
		msg: `Reply URL (Assertion Consumer Service URL) differs: It ends in "?sso=1" instead of "?acs".`},
	{name: "leading space", pasted: " " + pmID + "\n" + pmReply + "\n" + pmSSO,
		field: FieldIdentifier, codes: []DiffCode{DiffSpace},
		msg: `Identifier (Entity ID) differs: It starts with a space; remove it.`},
	{name: "trailing spaces", pasted: pmID + "\n" + pmReply + "  \n" + pmSSO,
		field: FieldReplyURL, codes: []DiffCode{DiffSpace},
		msg: `Reply URL (Assertion Consumer Service URL) differs: It ends with 2 spaces; remove them.`},
	{name: "trailing space after a label", pasted: "Identifier: " + pmID + "\nReply URL: " + pmReply + " \nSign on URL: " + pmSSO,
		field: FieldReplyURL, codes: []DiffCode{DiffSpace},
		msg: `Reply URL (Assertion Consumer Service URL) differs: It ends with a space; remove it.`},
	{name: "space inside", pasted: pmID + "\n" + pmReply + "\nhttps://www.pymetrics.com/saml2-sp/acme/ acme/?sso",
		field: FieldSignOnURL, codes: []DiffCode{DiffSpace},
		msg: `Sign on URL differs: Character 41 is a space; URLs have none.`},
	{name: "tab inside", pasted: pmID + "\n" + pmReply + "\nhttps://www.pymetrics.com/saml2-sp/acme/\tacme/?sso",
		field: FieldSignOnURL, codes: []DiffCode{DiffSpace},
		msg: `Sign on URL differs: Character 41 is a tab; URLs have none.`},
	{name: "non-breaking space", pasted: pmID + "\n\u00a0" + pmReply + "\n" + pmSSO,
		field: FieldReplyURL, codes: []DiffCode{DiffInvisible},
		msg: `Reply URL (Assertion Consumer Service URL) differs: Character 1 is a non-breaking space (U+00A0), which cannot be seen; delete the value in Entra and paste it again from the assistant.`},
	{name: "zero-width space at the end", pasted: pmID + "\u200b\n" + pmReply + "\n" + pmSSO,
		field: FieldIdentifier, codes: []DiffCode{DiffInvisible},
		msg: `Identifier (Entity ID) differs: Character 55 is a zero-width space (U+200B), which cannot be seen; delete the value in Entra and paste it again from the assistant.`},
	{name: "soft hyphen inside", pasted: pmID + "\n" + pmReply + "\nhttps://www.pymetrics.com/saml2-sp/ac\u00adme/acme/?sso",
		field: FieldSignOnURL, codes: []DiffCode{DiffInvisible},
		msg: `Sign on URL differs: Character 38 is a soft hyphen (U+00AD), which cannot be seen; delete the value in Entra and paste it again from the assistant.`},
	{name: "byte order mark twice", pasted: pmID + "\n" + pmReply + "\n\ufeffhttps://www.pymetrics.com/saml2-sp/acme/acme/?sso\ufeff",
		field: FieldSignOnURL, codes: []DiffCode{DiffInvisible},
		msg: `Sign on URL differs: Character 1 is a byte order mark / zero-width no-break space (U+FEFF) (and 1 more), which cannot be seen; delete the value in Entra and paste it again from the assistant.`},
	{name: "reply URL in the identifier field", pasted: pmReply + "\n" + pmReply + "\n" + pmSSO,
		field: FieldIdentifier, codes: []DiffCode{DiffWrongField},
		msg: `Identifier (Entity ID) differs: This is the Reply URL value; it belongs in Reply URL (Assertion Consumer Service URL). Here, Identifier (Entity ID) goes: https://www.pymetrics.com/saml2-sp/acme/acme/metadata/`},
	{name: "sign-on URL in the reply field, labelled", pasted: "Identifier (Entity ID)\n" + pmID + "\nReply URL (Assertion Consumer Service URL)\n" + pmSSO + "\nSign on URL\n" + pmSSO,
		field: FieldReplyURL, codes: []DiffCode{DiffWrongField},
		msg: `Reply URL (Assertion Consumer Service URL) differs: This is the Sign-on URL value; it belongs in Sign on URL. Here, Reply URL (Assertion Consumer Service URL) goes: https://www.pymetrics.com/saml2-sp/acme/acme/?acs`},
	{name: "another customer's URL", pasted: "https://www.pymetrics.com/saml2-sp/acme-corp/acme-corp/metadata/\n" + pmReply + "\n" + pmSSO,
		field: FieldIdentifier, codes: []DiffCode{DiffCustomer},
		msg: `Identifier (Entity ID) differs: It is for the customer name "acme-corp" where "acme" is expected; paste https://www.pymetrics.com/saml2-sp/acme/acme/metadata/.`},
	{name: "one letter wrong", pasted: pmID + "\n" + pmReply + "\nhttps://www.pymetrics.com/saml2-sp/acme/acne/?sso",
		field: FieldSignOnURL, codes: []DiffCode{DiffOther},
		msg: `Sign on URL differs: Character 43 is "n" where "m" is expected.`},
	{name: "Cyrillic look-alike", pasted: pmID + "\nhttps://www.pymetrics.com/saml2-sp/acme/\u0430cme/?acs\n" + pmSSO,
		field: FieldReplyURL, codes: []DiffCode{DiffOther},
		msg: `Reply URL (Assertion Consumer Service URL) differs: Character 41 is "а" (U+0430) where "a" is expected. It looks the same but is a different character; type it again.`},
	{name: "extra characters", pasted: pmID + "\n" + pmReply + "\nhttps://www.pymetrics.com/saml2-sp/acme/acme/?sso#x",
		field: FieldSignOnURL, codes: []DiffCode{DiffOther},
		msg: `Sign on URL differs: Characters 50-51 ("#x") should not be there.`},
	{name: "not a URL", pasted: "Identifier (Entity ID)\nacme\nReply URL (Assertion Consumer Service URL)\n" + pmReply + "\nSign on URL\n" + pmSSO,
		field: FieldIdentifier, codes: []DiffCode{DiffNotURL},
		msg: `Identifier (Entity ID) differs: It is not a URL ("acme"); paste https://www.pymetrics.com/saml2-sp/acme/acme/metadata/.`},
	{name: "several differences in one value", pasted: pmID + "\nhttp://www.pymetrics.com/saml2-sp/ACME/acme?acs \n" + pmSSO,
		field: FieldReplyURL, codes: []DiffCode{DiffSpace, DiffScheme, DiffSlash, DiffCase},
		msg: `Reply URL (Assertion Consumer Service URL) differs: It ends with a space; remove it. It starts with http:// instead of https://. A "/" is missing after character 43, before "?acs". Characters 35-38 are "ACME" where "acme" is expected: Entra compares case-sensitively.`},
	{name: "sign-on URL not pasted", pasted: "Identifier (Entity ID)\n" + pmID + "\nReply URL (Assertion Consumer Service URL)\n" + pmReply + "\nSign on URL (Optional)\nOptional\n",
		field: FieldSignOnURL, codes: []DiffCode{DiffMissing},
		msg: `Sign on URL was not found in what you pasted.`},
}

func TestCompareURLs(t *testing.T) {
	acme, _ := URLsFor("acme")
	for _, tc := range pasteCases {
		t.Run(tc.name, func(t *testing.T) {
			c := CompareURLs(acme, tc.pasted)
			if c.OK != (tc.field == "") {
				t.Errorf("OK = %v; %s", c.OK, c.Message)
			}
			if len(c.Fields) != 3 {
				t.Fatalf("%d fields", len(c.Fields))
			}
			for _, fc := range c.Fields {
				if fc.Field != tc.field {
					if !fc.Match || fc.Message != fc.Field.PortalLabel()+" matches exactly." {
						t.Errorf("%s: want an exact match, got %q", fc.Field, fc.Message)
					}
					continue
				}
				if fc.Match {
					t.Fatalf("%s matched", fc.Field)
				}
				var codes []DiffCode
				for _, d := range fc.Differences {
					codes = append(codes, d.Code)
				}
				if diffStrings(codes) != diffStrings(tc.codes) {
					t.Errorf("codes = %v, want %v", codes, tc.codes)
				}
				if fc.Message != tc.msg {
					t.Errorf("message\n got %s\nwant %s", fc.Message, tc.msg)
				}
			}
		})
	}
}

func diffStrings(cs []DiffCode) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = string(c)
	}
	return strings.Join(s, ",")
}

func TestCompareURLsSummary(t *testing.T) {
	acme, _ := URLsFor("acme")
	tests := []struct{ pasted, want string }{
		{pmID + "\n" + pmReply + "\n" + pmSSO, "All three values match exactly."},
		{"", "No values were found. Paste the Identifier, Reply URL and Sign on URL as Entra shows them, one per line, or copy the whole Basic SAML Configuration block."},
		{"hello there", "No values were found. Paste the Identifier, Reply URL and Sign on URL as Entra shows them, one per line, or copy the whole Basic SAML Configuration block."},
		{pmID + "\n" + pmSSO, "1 of 3 values differ; 1 of 3 values were not found. Correct them in Entra's Basic SAML Configuration and save."},
	}
	for _, tc := range tests {
		if got := CompareURLs(acme, tc.pasted).Message; got != tc.want {
			t.Errorf("CompareURLs(%q).Message\n got %s\nwant %s", tc.pasted, got, tc.want)
		}
	}
	c := CompareURLs(acme, "Basic SAML Configuration\nhello\n"+pmID)
	if len(c.Ignored) != 2 {
		t.Errorf("Ignored = %q, want the two lines that are not values", c.Ignored)
	}
}

// Positions name characters of the value as pasted, so an admin can find
// them in the portal's field even after invisible characters.
func TestCompareURLsPositionsAfterInvisible(t *testing.T) {
	acme, _ := URLsFor("acme")
	c := CompareURLs(acme, pmID+"\n\u200bhttps://www.pymetrics.com/saml2-sp/Acme/acme/?acs\n"+pmSSO)
	fc, _ := c.Field(FieldReplyURL)
	if len(fc.Differences) != 2 || fc.Differences[1].Code != DiffCase || fc.Differences[1].Position != 37 {
		t.Errorf("differences = %+v, want the case difference at character 37 of the pasted value", fc.Differences)
	}
}

// FuzzCompareURLs: any paste gives a verdict for each field without a
// panic; a field matches exactly when its value equals the expected one;
// every difference has a message and a position inside the pasted value.
func FuzzCompareURLs(f *testing.F) {
	for _, tc := range pasteCases {
		f.Add(tc.pasted)
	}
	acme, _ := URLsFor("acme")
	f.Fuzz(func(t *testing.T, pasted string) {
		c := CompareURLs(acme, pasted)
		if len(c.Fields) != 3 || c.Message == "" {
			t.Fatalf("comparison = %+v", c)
		}
		ok := true
		for _, fc := range c.Fields {
			ok = ok && fc.Match
			if fc.Match != (fc.Found && fc.Pasted == fc.Expected) {
				t.Fatalf("%s: Match = %v for %q", fc.Field, fc.Match, fc.Pasted)
			}
			if !fc.Match && len(fc.Differences) == 0 {
				t.Fatalf("%s differs without a difference: %q", fc.Field, fc.Pasted)
			}
			n := len([]rune(fc.Pasted))
			for _, d := range fc.Differences {
				if d.Message == "" || d.Position < 0 || d.Position > n {
					t.Fatalf("%s: difference %+v for %q", fc.Field, d, fc.Pasted)
				}
			}
		}
		if ok != c.OK {
			t.Fatalf("OK = %v, fields say %v", c.OK, ok)
		}
	})
}
