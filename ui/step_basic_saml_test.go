package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/pymetrics/sso-assistant/wizard"
)

func TestTypingANameShowsItsURLs(t *testing.T) {
	h := newHarness(t, Options{})
	h.typeName("acme-corp")

	want, err := wizard.URLsFor("acme-corp")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range wizard.Fields {
		if got := h.u.basicScreen().rows[f].value.Text; got != want.Get(f) {
			t.Errorf("%s shows %q, want %q", f, got, want.Get(f))
		}
		if h.u.basicScreen().rows[f].button.Disabled() {
			t.Errorf("%s: Copy is disabled for an accepted name", f)
		}
	}
	if got := h.u.basicScreen().nameMsg.Text; got != "Accepted." {
		t.Errorf("message under the name: %q", got)
	}
	if got := h.u.wiz.Customer(); got != "acme-corp" {
		t.Errorf("wizard holds customer %q", got)
	}
	// Typing more changes the values at once.
	test.Type(h.u.basicScreen().name, "2")
	if got := h.u.basicScreen().rows[wizard.FieldReplyURL].value.Text; got != "https://www.pymetrics.com/saml2-sp/acme-corp2/acme-corp2/?acs" {
		t.Errorf("after typing on, Reply URL is %q", got)
	}
}

func TestRefusedNameOffersSuggestion(t *testing.T) {
	h := newHarness(t, Options{})
	h.typeName("Acme Corp")

	msg := h.u.basicScreen().nameMsg.Text
	if !strings.HasPrefix(msg, "Not accepted: ") || !strings.Contains(msg, "space") {
		t.Errorf("message under the name: %q", msg)
	}
	for _, f := range wizard.Fields {
		if v := h.u.basicScreen().rows[f].value.Text; v != "" {
			t.Errorf("%s shows %q for a refused name", f, v)
		}
		if !h.u.basicScreen().rows[f].button.Disabled() {
			t.Errorf("%s: Copy is enabled for a refused name", f)
		}
	}
	if h.u.wiz.Customer() != "Acme Corp" {
		t.Errorf("the refused name was not kept as typed: %q", h.u.wiz.Customer())
	}
	if h.u.nav.next.Disabled() == false {
		t.Error("Next is enabled with a refused name")
	}
	s := h.u.basicScreen().suggest
	if !s.Visible() || s.Text != `Use "acme-corp"` {
		t.Fatalf("suggestion button: visible=%v text=%q", s.Visible(), s.Text)
	}
	test.Tap(s)
	if got := h.u.basicScreen().name.Text; got != "acme-corp" {
		t.Errorf("after taking the suggestion the field holds %q", got)
	}
	if got := h.u.basicScreen().rows[wizard.FieldIdentifier].value.Text; got != "https://www.pymetrics.com/saml2-sp/acme-corp/acme-corp/metadata/" {
		t.Errorf("Identifier after the suggestion: %q", got)
	}
	if s.Visible() {
		t.Error("the suggestion is still offered for an accepted name")
	}
}

func TestUpperCaseNameIsKeptWithAReminder(t *testing.T) {
	h := newHarness(t, Options{})
	h.typeName("AcmeCorp")
	if got := h.u.basicScreen().rows[wizard.FieldSignOnURL].value.Text; got != "https://www.pymetrics.com/saml2-sp/AcmeCorp/AcmeCorp/?sso" {
		t.Errorf("Sign on URL: %q (the name must be kept as typed)", got)
	}
	if msg := h.u.basicScreen().nameMsg.Text; !strings.HasPrefix(msg, "Accepted. Check: ") {
		t.Errorf("no case reminder under the name: %q", msg)
	}
}

func TestPastedSupportURLIsAccepted(t *testing.T) {
	h := newHarness(t, Options{})
	h.typeName("https://www.pymetrics.com/saml2-sp/globex/globex/?acs")
	b := h.u.basicScreen().useSupport
	if !b.Visible() {
		t.Fatalf("no offer to use the pasted URL; message: %q", h.u.basicScreen().nameMsg.Text)
	}
	test.Tap(b)
	if got := h.u.basicScreen().name.Text; got != "globex" {
		t.Errorf("name field after using the URL: %q", got)
	}
	if got := h.u.basicScreen().rows[wizard.FieldReplyURL].value.Text; got != "https://www.pymetrics.com/saml2-sp/globex/globex/?acs" {
		t.Errorf("Reply URL: %q", got)
	}
	if !strings.Contains(h.u.basicScreen().source.Text, "pymetrics support") {
		t.Errorf("the source of the values is not named: %q", h.u.basicScreen().source.Text)
	}
	if _, src, _ := h.u.wiz.URLs(); src != wizard.SourceSupport {
		t.Errorf("wizard source %q, want support", src)
	}
}

func TestCopyPutsTheExactValueOnTheClipboard(t *testing.T) {
	h := newHarness(t, Options{})
	h.typeName("acme-corp")
	urls, _, _ := h.u.wiz.URLs()
	for _, f := range wizard.Fields {
		b := h.u.basicScreen().rows[f].button
		test.Tap(b)
		if got := h.clipboard(); got != urls.Get(f) {
			t.Errorf("Copy %s put %q on the clipboard, want %q", f, got, urls.Get(f))
		}
		if b.Text != "Copied" {
			t.Errorf("Copy %s does not confirm: button says %q", f, b.Text)
		}
	}
	for _, reset := range h.timers {
		reset()
	}
	for _, f := range wizard.Fields {
		if b := h.u.basicScreen().rows[f].button; b.Text != "Copy" {
			t.Errorf("Copy %s does not reset: %q", f, b.Text)
		}
	}
	test.Tap(h.u.basicScreen().copyAll)
	if got := h.clipboard(); got != urls.Text() {
		t.Errorf("Copy all put %q", got)
	}
}

func TestCopyShortcutsUseTheButtons(t *testing.T) {
	h := newHarness(t, Options{})
	h.typeName("acme-corp")
	urls, _, _ := h.u.wiz.URLs()
	for _, c := range []struct {
		item string
		want string
	}{
		{"Copy Identifier", urls.Identifier},
		{"Copy Reply URL", urls.ReplyURL},
		{"Copy Sign on URL", urls.SignOnURL},
		{"Copy all three", urls.Text()},
	} {
		it := menuItem(t, h.u, "Edit", c.item)
		if it.Shortcut == nil {
			t.Errorf("%s has no keyboard shortcut", c.item)
		}
		it.Action()
		if got := h.clipboard(); got != c.want {
			t.Errorf("%s put %q, want %q", c.item, got, c.want)
		}
	}
}

func TestPasteBackShowsDifferences(t *testing.T) {
	h := newHarness(t, Options{})
	h.typeName("acme")
	urls, _, _ := h.u.wiz.URLs()

	test.Type(h.u.basicScreen().paste, urls.Identifier+"\n"+urls.ReplyURL+"\n"+urls.SignOnURL)
	if got := h.u.basicScreen().pasteTitle.Text; !strings.HasPrefix(got, "Match: ") {
		t.Errorf("exact paste: %q", got)
	}

	h.u.basicScreen().paste.SetText("")
	// A missing "?acs" and an upper-case letter, the two classic mistakes.
	test.Type(h.u.basicScreen().paste, urls.Identifier+"\n"+strings.TrimSuffix(urls.ReplyURL, "?acs")+"\n"+strings.Replace(urls.SignOnURL, "acme/acme", "Acme/acme", 1))
	if got := h.u.basicScreen().pasteTitle.Text; !strings.HasPrefix(got, "Differences: ") {
		t.Errorf("paste with mistakes: %q", got)
	}
	text := allText(h.u.basicScreen().pasteLines)
	for _, want := range []string{"Identifier: Matches", "Reply URL: Differs", "Sign-on URL: Differs"} {
		if !strings.Contains(text, want) {
			t.Errorf("paste-back result lacks %q:\n%s", want, text)
		}
	}
	if h.u.wiz.Session().PasteBack == "" {
		t.Error("the pasted text was not kept in the session")
	}
}

func TestSaveSPMetadata(t *testing.T) {
	h := newHarness(t, Options{})
	h.typeName("acme")
	test.Tap(h.u.basicScreen().saveSP)
	d := h.u.lastSave
	if d == nil {
		t.Fatal("no save dialog")
	}
	if d.name.Text != "acme-pymetrics-sp-metadata.xml" {
		t.Errorf("default file name %q", d.name.Text)
	}
	d.dir = t.TempDir()
	test.Tap(d.saveBtn)
	h.wait()
	got := readFile(t, d.dir, d.name.Text)
	urls, _, _ := h.u.wiz.URLs()
	if string(got) != string(wizard.SPMetadata(urls)) {
		t.Errorf("saved SP metadata differs from wizard.SPMetadata:\n%s", got)
	}
}
