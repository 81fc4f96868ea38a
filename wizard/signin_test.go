package wizard

import (
	"strings"
	"testing"
)

func TestSignInErrors(t *testing.T) {
	u, _ := FromSupportURLMust(t, "https://www.pymetrics.com/saml2-sp/acme/acme-prod/?acs")
	errs := SignInErrors(u)
	want := map[string]struct {
		field Field
		value string
	}{
		"AADSTS50011":  {FieldReplyURL, u.ReplyURL},
		"AADSTS700016": {FieldIdentifier, u.Identifier},
		"AADSTS50105":  {"", ""},
		"AADSTS75011":  {FieldSignOnURL, u.SignOnURL},
		"AADSTS750054": {FieldSignOnURL, u.SignOnURL},
	}
	if len(errs) != len(want) {
		t.Fatalf("%d errors, want %d", len(errs), len(want))
	}
	for _, e := range errs {
		w, ok := want[e.Code]
		if !ok {
			t.Errorf("unexpected %s", e.Code)
			continue
		}
		if e.Field != w.field || e.Value != w.value {
			t.Errorf("%s: field %q value %q, want %q %q", e.Code, e.Field, e.Value, w.field, w.value)
		}
		if e.Title == "" || e.Meaning == "" || e.Fix == "" {
			t.Errorf("%s lacks text", e.Code)
		}
		if e.Field != "" && !strings.Contains(e.Fix, "below") {
			t.Errorf("%s: the fix should point at the value shown with it", e.Code)
		}
	}
	for _, e := range errs {
		switch e.Code {
		case "AADSTS50105":
			if !strings.Contains(e.Meaning, "nested groups") {
				t.Error("AADSTS50105 should explain nested groups")
			}
		case "AADSTS750054":
			if !strings.Contains(e.Fix, MyAppsURL) || !strings.Contains(e.Fix, "not from Entra's Login URL") {
				t.Error("AADSTS750054 should send the admin to the Sign-on URL or My Apps")
			}
		}
	}
}

// FromSupportURLMust is FromSupportURL failing the test on error.
func FromSupportURLMust(t *testing.T, s string) (URLs, []Deviation) {
	t.Helper()
	u, d, err := FromSupportURL(s)
	if err != nil {
		t.Fatal(err)
	}
	return u, d
}

func TestLinks(t *testing.T) {
	if EntraAdminCenterURL != "https://entra.microsoft.com" || MyAppsURL != "https://myapps.microsoft.com" {
		t.Error("links changed")
	}
}
