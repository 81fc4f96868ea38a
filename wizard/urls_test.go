package wizard

import (
	"errors"
	"strings"
	"testing"
)

func TestURLsForPattern(t *testing.T) {
	u, err := URLsFor("acme")
	if err != nil {
		t.Fatal(err)
	}
	want := URLs{
		Customer:   "acme",
		Identifier: "https://www.pymetrics.com/saml2-sp/acme/acme/metadata/",
		ReplyURL:   "https://www.pymetrics.com/saml2-sp/acme/acme/?acs",
		SignOnURL:  "https://www.pymetrics.com/saml2-sp/acme/acme/?sso",
	}
	if u != want {
		t.Errorf("URLsFor(acme) = %+v\nwant %+v", u, want)
	}
	if u, _ := URLsFor("AcmeCorp"); u.ReplyURL != "https://www.pymetrics.com/saml2-sp/AcmeCorp/AcmeCorp/?acs" {
		t.Errorf("upper case not kept as typed: %s", u.ReplyURL)
	}
	wantText := "Identifier (Entity ID): https://www.pymetrics.com/saml2-sp/acme/acme/metadata/\n" +
		"Reply URL (Assertion Consumer Service URL): https://www.pymetrics.com/saml2-sp/acme/acme/?acs\n" +
		"Sign on URL: https://www.pymetrics.com/saml2-sp/acme/acme/?sso\n"
	if got := u.Text(); got != wantText {
		t.Errorf("Text() =\n%s\nwant\n%s", got, wantText)
	}
}

const (
	pmID    = "https://www.pymetrics.com/saml2-sp/acme/acme/metadata/"
	pmReply = "https://www.pymetrics.com/saml2-sp/acme/acme/?acs"
	pmSSO   = "https://www.pymetrics.com/saml2-sp/acme/acme/?sso"
)

func TestFromSupportURL(t *testing.T) {
	acme, _ := URLsFor("acme")
	tests := []struct {
		name  string
		in    string
		want  URLs
		devs  []DeviationCode
		field Field // for the first deviation, when it has one
	}{
		{name: "identifier", in: pmID, want: acme},
		{name: "reply URL", in: pmReply, want: acme},
		{name: "sign-on URL", in: pmSSO, want: acme},
		{name: "surrounding white space and a line break", in: "  " + pmReply + "\r\n", want: acme},
		{name: "angle brackets from an e-mail", in: "<" + pmSSO + ">", want: acme},
		{name: "non-breaking space around", in: "\u00a0" + pmID + "\u200b", want: acme},
		{name: "all three pasted", in: pmID + "\n" + pmReply + "\n" + pmSSO + "\n", want: acme},
		{name: "upper case name kept", in: "https://www.pymetrics.com/saml2-sp/AcmeCorp/AcmeCorp/?acs",
			want: URLs{Customer: "AcmeCorp", Identifier: "https://www.pymetrics.com/saml2-sp/AcmeCorp/AcmeCorp/metadata/",
				ReplyURL: "https://www.pymetrics.com/saml2-sp/AcmeCorp/AcmeCorp/?acs", SignOnURL: "https://www.pymetrics.com/saml2-sp/AcmeCorp/AcmeCorp/?sso"},
			devs: []DeviationCode{DevUpperCase}},
		{name: "second name differs", in: "https://www.pymetrics.com/saml2-sp/acme/acme-prod/?acs",
			want: URLs{Customer: "acme", Identifier: "https://www.pymetrics.com/saml2-sp/acme/acme-prod/metadata/",
				ReplyURL: "https://www.pymetrics.com/saml2-sp/acme/acme-prod/?acs", SignOnURL: "https://www.pymetrics.com/saml2-sp/acme/acme-prod/?sso"},
			devs: []DeviationCode{DevSecondName, DevDerived, DevDerived}, field: ""},
		{name: "other pymetrics host", in: "https://eu.pymetrics.com/saml2-sp/acme/acme/metadata/",
			want: URLs{Customer: "acme", Identifier: "https://eu.pymetrics.com/saml2-sp/acme/acme/metadata/",
				ReplyURL: "https://eu.pymetrics.com/saml2-sp/acme/acme/?acs", SignOnURL: "https://eu.pymetrics.com/saml2-sp/acme/acme/?sso"},
			devs: []DeviationCode{DevHost, DevDerived, DevDerived}},
		{name: "no slash before the query", in: "https://www.pymetrics.com/saml2-sp/acme/acme?acs",
			want: URLs{Customer: "acme", Identifier: pmID, ReplyURL: "https://www.pymetrics.com/saml2-sp/acme/acme?acs",
				SignOnURL: "https://www.pymetrics.com/saml2-sp/acme/acme?sso"},
			devs: []DeviationCode{DevSuffix, DevDerived}, field: FieldReplyURL},
		{name: "identifier without trailing slash", in: "https://www.pymetrics.com/saml2-sp/acme/acme/metadata",
			want: URLs{Customer: "acme", Identifier: "https://www.pymetrics.com/saml2-sp/acme/acme/metadata", ReplyURL: pmReply, SignOnURL: pmSSO},
			devs: []DeviationCode{DevSuffix}, field: FieldIdentifier},
		{name: "http kept", in: "http://www.pymetrics.com/saml2-sp/acme/acme/?acs",
			want: URLs{Customer: "acme", Identifier: "http://www.pymetrics.com/saml2-sp/acme/acme/metadata/",
				ReplyURL: "http://www.pymetrics.com/saml2-sp/acme/acme/?acs", SignOnURL: "http://www.pymetrics.com/saml2-sp/acme/acme/?sso"},
			devs: []DeviationCode{DevScheme, DevDerived, DevDerived}},
		{name: "support's three values kept though they deviate", in: "https://www.pymetrics.com/saml2-sp/acme/acme2/metadata/ https://www.pymetrics.com/saml2-sp/acme/acme2/?acs https://www.pymetrics.com/saml2-sp/acme/acme2/?sso",
			want: URLs{Customer: "acme", Identifier: "https://www.pymetrics.com/saml2-sp/acme/acme2/metadata/",
				ReplyURL: "https://www.pymetrics.com/saml2-sp/acme/acme2/?acs", SignOnURL: "https://www.pymetrics.com/saml2-sp/acme/acme2/?sso"},
			devs: []DeviationCode{DevSecondName}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u, devs, err := FromSupportURL(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if u != tc.want {
				t.Errorf("URLs = %+v\nwant %+v", u, tc.want)
			}
			var got []DeviationCode
			for _, d := range devs {
				got = append(got, d.Code)
				if d.Message == "" {
					t.Errorf("deviation without message: %+v", d)
				}
			}
			if len(got) != len(tc.devs) || (len(got) > 0 && strings.Join(devStrings(got), ",") != strings.Join(devStrings(tc.devs), ",")) {
				t.Errorf("deviations = %v, want %v", got, tc.devs)
			}
			if tc.field != "" && devs[0].Field != tc.field {
				t.Errorf("first deviation field = %q, want %q", devs[0].Field, tc.field)
			}
		})
	}
}

func devStrings(cs []DeviationCode) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return out
}

func TestFromSupportURLMessages(t *testing.T) {
	_, devs, err := FromSupportURL("https://www.pymetrics.com/saml2-sp/acme/acme-prod/?acs")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`Support's URL has "acme-prod" as the second name where the pattern repeats "acme"; support's value is kept.`,
		`The Identifier was not pasted; https://www.pymetrics.com/saml2-sp/acme/acme-prod/metadata/ is derived from the URL support gave. Confirm it with pymetrics support.`,
		`The Sign-on URL was not pasted; https://www.pymetrics.com/saml2-sp/acme/acme-prod/?sso is derived from the URL support gave. Confirm it with pymetrics support.`,
	}
	for i, d := range devs {
		if i >= len(want) || d.Message != want[i] {
			t.Errorf("deviation %d = %q", i, d.Message)
		}
	}
}

func TestFromSupportURLRefuses(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // exact error text
		nameErr  bool
	}{
		{name: "empty", in: "  ", want: "wizard: not a pymetrics SAML URL: nothing was pasted; paste a URL that starts with https://www.pymetrics.com/saml2-sp/"},
		{name: "not a URL", in: "acme", want: `wizard: not a pymetrics SAML URL: "acme" is not a web address; paste the whole URL, starting with https://`},
		{name: "another site", in: "https://login.microsoftonline.com/abc/saml2", want: `wizard: not a pymetrics SAML URL: "https://login.microsoftonline.com/abc/saml2" is not a pymetrics address (it should start with https://www.pymetrics.com/saml2-sp/)`},
		{name: "look-alike host", in: "https://www.pymetrics.com.evil.example/saml2-sp/acme/acme/?acs", want: `wizard: not a pymetrics SAML URL: "https://www.pymetrics.com.evil.example/saml2-sp/acme/acme/?acs" is not a pymetrics address (it should start with https://www.pymetrics.com/saml2-sp/)`},
		{name: "home page", in: "https://www.pymetrics.com/", want: `wizard: not a pymetrics SAML URL: "https://www.pymetrics.com/" does not contain /saml2-sp/<name>/<name>/ like the URLs pymetrics support gives`},
		{name: "unknown ending", in: "https://www.pymetrics.com/saml2-sp/acme/acme/?slo", want: `wizard: not a pymetrics SAML URL: "https://www.pymetrics.com/saml2-sp/acme/acme/?slo" ends in "?slo", which is none of the three pymetrics values (metadata/, ?acs, ?sso)`},
		{name: "no ending", in: "https://www.pymetrics.com/saml2-sp/acme/acme/", want: `wizard: not a pymetrics SAML URL: "https://www.pymetrics.com/saml2-sp/acme/acme/" ends after the name; each of the three pymetrics values continues with metadata/, ?acs or ?sso`},
		{name: "zero-width space inside", in: "https://www.pymetrics.com/saml2-sp/ac\u200bme/acme/?acs", want: `wizard: not a pymetrics SAML URL: "https://www.pymetrics.com/saml2-sp/ac\u200bme/acme/?acs" contains a zero-width space (U+200B) at character 38; retype it or copy it again`},
		{name: "different customers", in: pmReply + " https://www.pymetrics.com/saml2-sp/other/other/?sso", want: `wizard: not a pymetrics SAML URL: the pasted URLs are for different customers or addresses ("https://www.pymetrics.com/saml2-sp/acme/acme/?acs" and "https://www.pymetrics.com/saml2-sp/other/other/?sso"); paste the URLs of one configuration`},
		{name: "two reply URLs", in: pmReply + "\nhttps://www.pymetrics.com/saml2-sp/acme/acme/?ACS", want: `wizard: not a pymetrics SAML URL: two different Reply URL values were pasted ("https://www.pymetrics.com/saml2-sp/acme/acme/?acs" and "https://www.pymetrics.com/saml2-sp/acme/acme/?ACS"); ask pymetrics support which one is right`},
		{name: "percent-encoded space in the name", in: "https://www.pymetrics.com/saml2-sp/acme%20corp/acme%20corp/?acs", nameErr: true},
		{name: "fragment", in: "https://www.pymetrics.com/saml2-sp/acme/acme/?acs#top", want: `wizard: not a pymetrics SAML URL: "https://www.pymetrics.com/saml2-sp/acme/acme/?acs#top" has parts a pymetrics SAML URL never has (a user name or a #fragment)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := FromSupportURL(tc.in)
			if err == nil {
				t.Fatal("accepted")
			}
			if tc.nameErr {
				var ne *NameError
				if !errors.As(err, &ne) {
					t.Fatalf("error %v is not a *NameError", err)
				}
				return
			}
			if !errors.Is(err, ErrNotSupportURL) {
				t.Errorf("error %v does not wrap ErrNotSupportURL", err)
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error\n got %s\nwant %s", err, tc.want)
			}
		})
	}
}

func TestValidateURLs(t *testing.T) {
	acme, _ := URLsFor("acme")
	if devs, err := ValidateURLs(acme); err != nil || devs != nil {
		t.Errorf("pattern: %v %v", devs, err)
	}
	support, _ := FromSupportURLMust(t, "https://www.pymetrics.com/saml2-sp/acme/acme-prod/?acs")
	if devs, err := ValidateURLs(support); err != nil || len(devs) != 1 || devs[0].Code != DevSecondName {
		t.Errorf("support's set: %+v %v", devs, err)
	}
	bad := []struct {
		name string
		u    URLs
	}{
		{"refused name", URLs{Customer: "Acme Corp"}},
		{"empty values", URLs{Customer: "acme"}},
		{"another customer's URL", URLs{Customer: "acme", Identifier: pmID, ReplyURL: "https://www.pymetrics.com/saml2-sp/evil/evil/?acs", SignOnURL: pmSSO}},
		{"customer differs from the URLs", URLs{Customer: "other", Identifier: pmID, ReplyURL: pmReply, SignOnURL: pmSSO}},
		{"not pymetrics", URLs{Customer: "acme", Identifier: "https://evil.example/saml2-sp/acme/acme/metadata/", ReplyURL: pmReply, SignOnURL: pmSSO}},
		{"values in the wrong fields", URLs{Customer: "acme", Identifier: pmReply, ReplyURL: pmID, SignOnURL: pmSSO}},
	}
	for _, tc := range bad {
		if _, err := ValidateURLs(tc.u); err == nil {
			t.Errorf("%s: accepted", tc.name)
		}
	}
}
