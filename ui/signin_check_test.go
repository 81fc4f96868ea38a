package ui

import (
	"encoding/base64"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
	"github.com/pymetrics/sso-assistant/wizard"
)

// signInCapture writes a form-body capture of a response signed with m's
// key, as Entra would send it for customer acme.
func signInCapture(t *testing.T, m *samltest.Metadata, attrs []samltest.Attr) string {
	r := samltest.NewResponse(t, samltest.ResponseOptions{Now: testNow, InResponseTo: "_r1", Key: m.Key, CertDER: m.CertDER, Attrs: attrs})
	return writeFile(t, "capture.txt", []byte("SAMLResponse="+url.QueryEscape(base64.StdEncoding.EncodeToString(r.XML))))
}

func TestSignInCheckStep(t *testing.T) {
	h := newHarness(t, Options{})
	h.typeName("acme")
	m := goodMetadata(t)
	h.goTo("signing-certificate")
	h.drop(writeFile(t, "FederationMetadata.xml", m.XML))
	h.goTo("test-sso")
	p := h.u.screen(wizard.StepTestSSO).(*testSSOScreen).signIn

	for _, tc := range []struct {
		name    string
		attrs   []samltest.Attr
		verdict string
		want    string
	}{
		{"passing", nil, "The sign-in works", "Signed in: Ada Lovelace <ada.lovelace@contoso.example>"},
		{"failing", []samltest.Attr{{Name: "UserFirstName", Values: []string{"Ada"}}, {Name: "UserLastName", Values: []string{"Lovelace"}},
			{Name: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/UserEmail", Values: []string{"ada@contoso.example"}}},
			"Something stops the sign-in", `"Attributes & Claims"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.drop(signInCapture(t, m, tc.attrs))
			if h.u.wiz.Current() != wizard.StepTestSSO {
				t.Fatalf("the drop left the step: %s", h.u.wiz.Current())
			}
			text := allText(p.object())
			if !strings.Contains(p.verdict.title.Text, tc.verdict) || !strings.Contains(text, tc.want) {
				t.Fatalf("verdict %q; panel:\n%s", p.verdict.title.Text, text)
			}
		})
	}

	// Paste Entra's error page: the quoted Identifier is diffed.
	h.app.Clipboard().SetContent("Message: AADSTS700016: Application with identifier 'https://www.pymetrics.com/saml2-sp/acme/acme/metadata' was not found in the directory 'Contoso'.")
	h.tapScreenButton("Paste")
	h.wait()
	if text := allText(p.object()); !strings.Contains(text, "AADSTS700016") || !strings.Contains(text, `The "/" at the end is missing`) {
		t.Fatalf("error page not explained:\n%s", text)
	}

	// Copy the result: the check's words, never the capture.
	test.Tap(p.copyBtn)
	if got := h.clipboard(); !strings.Contains(got, "AADSTS700016") || strings.Contains(got, "SAMLResponse") {
		t.Errorf("copied %q", got)
	}

	// A capture that cannot be read takes the earlier result away.
	h.drop(writeFile(t, "notes.txt", []byte("hello, this is not a capture")))
	if p.result.Visible() || !strings.Contains(p.msg.Text, "not a capture the assistant reads") {
		t.Errorf("after an unreadable capture: result shown %v, message %q", p.result.Visible(), p.msg.Text)
	}

	// Nothing of a capture reaches the saved session.
	h.quit()
	err := filepath.Walk(h.u.sessionDir(), func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, _ := os.ReadFile(path)
		if strings.Contains(string(b), "Lovelace") || strings.Contains(string(b), "AADSTS700016") {
			t.Errorf("%s keeps part of a capture", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSignInCheckNeedsMetadata(t *testing.T) {
	h := newHarness(t, Options{})
	h.typeName("acme")
	h.goTo("test-sso")
	p := h.u.screen(wizard.StepTestSSO).(*testSSOScreen).signIn
	h.drop(signInCapture(t, goodMetadata(t), nil))
	if !p.msg.Visible() || !strings.Contains(p.msg.Text, "Federation Metadata XML first") || p.result.Visible() {
		t.Fatalf("message %q", p.msg.Text)
	}
	h.drop(writeFile(t, "a.har", []byte("{}")), writeFile(t, "b.har", []byte("{}")))
	if !strings.Contains(p.msg.Text, "You dropped 2 files") {
		t.Fatalf("message %q", p.msg.Text)
	}
}
