package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/wizard"
)

// dropCase is one kind of file an admin drops, and what the screen must say.
type dropCase struct {
	name      string
	file      func(t *testing.T) []byte
	level     level
	title     string           // the banner's title
	codes     []samlcheck.Code // findings that must be listed
	complete  bool             // the step's completion rule holds
	showFacts bool             // tenant and endpoints are shown
}

func dropCases() []dropCase {
	return []dropCase{
		{
			name:      "good",
			file:      func(t *testing.T) []byte { return goodMetadata(t).XML },
			level:     levelOK,
			title:     "Intact",
			codes:     []samlcheck.Code{samlcheck.CodeSignatureSelfSignedOnly},
			complete:  true,
			showFacts: true,
		},
		{
			name:      "expired",
			file:      func(t *testing.T) []byte { return expiredMetadata(t).XML },
			level:     levelError,
			title:     "Problem: this file cannot be used",
			codes:     []samlcheck.Code{samlcheck.CodeCertExpired},
			showFacts: true,
		},
		{
			name:  "tampered",
			file:  func(t *testing.T) []byte { return tampered(t, goodMetadata(t)) },
			level: levelError,
			title: "Problem: this file cannot be used",
			codes: []samlcheck.Code{samlcheck.CodeSignatureInvalid},
		},
		{
			// The admin's most common wrong file: the SP side's metadata.
			name: "wrong file (SP metadata)",
			file: func(t *testing.T) []byte {
				u, err := wizard.URLsFor("acme")
				if err != nil {
					t.Fatal(err)
				}
				return wizard.SPMetadata(u)
			},
			level: levelError,
			title: "Problem: this file cannot be used",
			codes: []samlcheck.Code{samlcheck.CodeInputSPMetadata},
		},
		{
			name:  "wrong file (not XML)",
			file:  func(t *testing.T) []byte { return []byte("%PDF-1.7\nnot metadata\n") },
			level: levelError,
			title: "Problem: this file cannot be used",
		},
	}
}

func TestDroppingFiles(t *testing.T) {
	for _, c := range dropCases() {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			data := c.file(t)
			p := writeFile(t, "FederationMetadata.xml", data)
			h.drop(p)

			s := h.u.certScreen()
			if h.u.nav.current != wizard.StepSigningCertificate {
				t.Fatalf("a drop did not bring up the certificate step (at %s)", h.u.nav.current)
			}
			if !s.result.Visible() {
				t.Fatal("no result shown")
			}
			if s.activity.Visible() {
				t.Error("the activity indicator is still shown")
			}
			if got := s.verdict.title.Text; got != c.title {
				t.Errorf("banner title %q, want %q (text: %q)", got, c.title, s.verdict.text.Text)
			}
			if s.verdict.box.colorName != c.level.colorName() {
				t.Errorf("banner colour %s, want %s", s.verdict.box.colorName, c.level.colorName())
			}
			m := h.u.wiz.Metadata()
			if m == nil || string(m.Data) != string(data) {
				t.Fatal("the wizard does not hold the dropped bytes unchanged")
			}
			findings := findingsText(s)
			for _, code := range c.codes {
				if !strings.Contains(findings, "("+string(code)+")") {
					t.Errorf("finding %s not listed:\n%s", code, findings)
				}
			}
			// Every finding is shown with its hint.
			for _, f := range m.Report.Findings {
				if !strings.Contains(findings, f.Message) || (f.Hint != "" && !strings.Contains(findings, f.Hint)) {
					t.Errorf("finding %s is not shown with its message and hint", f.Code)
				}
			}
			if got := h.u.wiz.StepComplete(wizard.StepSigningCertificate); got != c.complete {
				t.Errorf("step complete = %v, want %v", got, c.complete)
			}
			facts := allText(s.facts)
			if c.showFacts {
				if m.Report.TenantID == "" || !strings.Contains(facts, m.Report.TenantID+"\n") {
					t.Errorf("the tenant is not shown:\n%s", facts)
				}
			} else if strings.Contains(facts, "Tenant ID") || !strings.Contains(facts, "signature was not verified") {
				t.Errorf("values shown from an unverified file:\n%s", facts)
			}
		})
	}
}

func TestCertificateCard(t *testing.T) {
	h := newHarness(t, Options{})
	m := goodMetadata(t)
	h.drop(writeFile(t, "FederationMetadata.xml", m.XML))
	card := allText(h.u.certScreen().certs)
	for _, want := range []string{
		"Signing certificate: active (signed this file)",
		m.SHA1Thumbprint,
		"left)",
	} {
		if !strings.Contains(card, want) {
			t.Errorf("certificate card lacks %q:\n%s", want, card)
		}
	}
	// No Copy button: the file's thumbprint is for comparing with the
	// portal's, and a Copy button next to it invited pasting it into the
	// field meant for the portal's.
	if strings.Contains(card, "[Copy]") {
		t.Errorf("a Copy button on the certificate card:\n%s", card)
	}

	// An expired signer is "expired", never "active".
	h2 := newHarness(t, Options{})
	h2.drop(writeFile(t, "FederationMetadata.xml", expiredMetadata(t).XML))
	card = allText(h2.u.certScreen().certs)
	if !strings.Contains(card, "Signing certificate: expired (signed this file)") || strings.Contains(card, "active") {
		t.Errorf("expired signer's card:\n%s", card)
	}
}

func TestExpiryText(t *testing.T) {
	for _, c := range []struct {
		name     string
		notAfter string
		want     string
	}{
		{"years ahead", "2030-03-15T10:00:00Z", "15 March 2030 (1,096 days left)"},
		{"one day", "2027-03-16T11:00:00Z", "16 March 2027 (1 day left)"},
		{"today", "2027-03-15T20:00:00Z", "15 March 2027: expires today"},
		{"expired", "2027-03-03T10:00:00Z", "3 March 2027: expired 12 days ago"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := expiryText(mustTime(t, c.notAfter), testNow); got != c.want {
				t.Errorf("expiryText = %q, want %q", got, c.want)
			}
		})
	}
}

func TestThumbprintPinsTheSigner(t *testing.T) {
	h := newHarness(t, Options{})
	m := goodMetadata(t)
	h.drop(writeFile(t, "FederationMetadata.xml", m.XML))
	s := h.u.certScreen()

	// Half a thumbprint is not an error yet.
	test.Type(s.thumbprint, m.SHA1Thumbprint[:12])
	h.wait()
	if !strings.HasPrefix(s.thumbMsg.Text, "Not a complete thumbprint yet") {
		t.Errorf("partial thumbprint: %q", s.thumbMsg.Text)
	}
	if s.verdict.title.Text != "Intact" {
		t.Errorf("a half-typed thumbprint changed the verdict to %q", s.verdict.title.Text)
	}

	// The rest, typed as the portal spaces it, in lower case.
	test.Type(s.thumbprint, " "+strings.ToLower(m.SHA1Thumbprint[12:]))
	h.wait()
	if got := s.verdict.title.Text; got != "Intact and from your tenant" {
		t.Errorf("with the right thumbprint the verdict is %q", got)
	}
	if !strings.HasPrefix(s.thumbMsg.Text, "Matches") {
		t.Errorf("thumbprint message %q", s.thumbMsg.Text)
	}

	// Another certificate's thumbprint: the file is refused.
	other := expiredMetadata(t).SHA1Thumbprint
	if other == m.SHA1Thumbprint {
		t.Skip("the generator reused the key's certificate")
	}
	s.thumbprint.SetText(other)
	h.wait()
	if got := s.verdict.title.Text; got != "Problem: this file cannot be used" {
		t.Errorf("with another thumbprint the verdict is %q", got)
	}
	if !strings.Contains(findingsText(s), string(samlcheck.CodeSignatureUntrustedSigner)) {
		t.Error("no untrusted-signer finding")
	}
	if h.u.wiz.StepComplete(wizard.StepSigningCertificate) {
		t.Error("the step is complete although the signer does not match the portal")
	}
}

// A second drop supersedes the first: whatever order the two checks finish
// in, the screen and the wizard end with the second file.
func TestSecondDropSupersedesTheFirst(t *testing.T) {
	h := newHarness(t, Options{})
	first := writeFile(t, "first.xml", expiredMetadata(t).XML)
	second := writeFile(t, "second.xml", goodMetadata(t).XML)
	for i := 0; i < 20; i++ {
		h.u.checkMetadataFile(first)
		h.u.checkMetadataFile(second)
		h.wait()
		if m := h.u.wiz.Metadata(); m == nil || m.Name != "second.xml" {
			t.Fatalf("round %d: the wizard holds %v, want second.xml", i, m)
		}
		if got := h.u.certScreen().verdict.title.Text; got != "Intact" {
			t.Fatalf("round %d: the banner says %q", i, got)
		}
	}
}

func TestDroppingSeveralFilesChecksNothing(t *testing.T) {
	h := newHarness(t, Options{})
	good := writeFile(t, "a.xml", goodMetadata(t).XML)
	h.drop(good)
	h.drop(writeFile(t, "b.xml", []byte("x")), writeFile(t, "c.xml", []byte("y")))
	if !h.u.certScreen().dropMsg.Visible() || !strings.Contains(h.u.certScreen().dropMsg.Text, "You dropped 2 files") {
		t.Errorf("message for two files: %q", h.u.certScreen().dropMsg.Text)
	}
	if m := h.u.wiz.Metadata(); m == nil || m.Name != "a.xml" {
		t.Error("dropping two files replaced the checked file")
	}
}

func TestDroppingAFolderExplainsIt(t *testing.T) {
	h := newHarness(t, Options{})
	h.drop(t.TempDir())
	text := h.topDialogText()
	if !strings.Contains(text, "is a folder, not a file") {
		t.Errorf("dialog after dropping a folder:\n%s", text)
	}
	if h.u.certScreen().activity.Visible() {
		t.Error("the activity indicator stays after a failed read")
	}
	if h.u.wiz.Metadata() != nil {
		t.Error("a folder became the metadata")
	}
}

func TestUnreadableFileExplainsIt(t *testing.T) {
	if os.Getuid() == 0 {
		t.Skip("root reads every file")
	}
	h := newHarness(t, Options{})
	p := writeFile(t, "FederationMetadata.xml", goodMetadata(t).XML)
	if err := os.Chmod(p, 0); err != nil {
		t.Fatal(err)
	}
	h.drop(p)
	if text := h.topDialogText(); !strings.Contains(text, "permission") {
		t.Errorf("dialog after an unreadable file:\n%s", text)
	}
}

func TestMissingFileExplainsIt(t *testing.T) {
	h := newHarness(t, Options{})
	h.drop(filepath.Join(t.TempDir(), "gone.xml"))
	if text := h.topDialogText(); !strings.Contains(text, "does not exist") {
		t.Errorf("dialog after a missing file:\n%s", text)
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// findingsText is every finding on the screen, problems and notes.
func findingsText(s *certificateScreen) string {
	return allText(s.problems) + allText(s.notes)
}

// Open file… takes a typed or pasted path (quotes of "Copy as path"
// included), and Browse… lists every file, with or without .xml.
func TestOpenFileTakesATypedPath(t *testing.T) {
	h := newHarness(t, Options{})
	h.goTo("signing-certificate")
	test.Tap(h.u.certScreen().openBtn)
	text := h.topDialogText()
	if !strings.Contains(text, "[Open]") || !strings.Contains(text, "[Browse…]") {
		t.Fatalf("Open file… dialog:\n%s", text)
	}
	p := writeFile(t, "metadata-saved-without-extension", goodMetadata(t).XML)
	entry, ok := h.u.win.Canvas().Focused().(*dialogEntry)
	if !ok {
		t.Fatalf("the path field does not have the focus: %T", h.u.win.Canvas().Focused())
	}
	test.Type(entry, `"`+p+`"`)
	h.tapDialogButton("Open")
	h.wait()
	if m := h.u.wiz.Metadata(); m == nil || m.Name != "metadata-saved-without-extension" || !h.u.wiz.StepComplete(wizard.StepSigningCertificate) {
		t.Fatalf("the typed path was not checked: %+v", m)
	}
	if h.u.modalOpen() {
		t.Error("the dialog stays open after Open")
	}

	h.u.openMetadataDialog()
	h.tapDialogButton("Browse…")
	if h.u.win.Canvas().Overlays().Top() == nil || len(h.u.modals) != 2 {
		t.Fatal("Browse… shows no file dialog")
	}
}

// A wrong file dropped after a good one loses nothing: the verdict is on the
// wrong file, and one tap brings back the good one, byte for byte.
func TestWrongFileAfterAGoodOneOffersTheGoodOneAgain(t *testing.T) {
	for _, c := range dropCases() {
		if c.complete {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			good := goodMetadata(t).XML
			h.drop(writeFile(t, "FederationMetadata.xml", good))
			s := h.u.certScreen()
			if s.useGood.Visible() {
				t.Fatal("a way back is offered while the good file is the current one")
			}
			h.drop(writeFile(t, "FederationMetadata (1).xml", c.file(t)))
			if got := s.verdict.title.Text; got != c.title {
				t.Fatalf("verdict %q, want %q: the wrong file must be judged, not hidden", got, c.title)
			}
			want := "Use FederationMetadata.xml again (checked 15 Mar 2027 10:00)"
			if !s.useGood.Visible() || s.useGood.Text != want {
				t.Fatalf("button visible=%v %q, want %q", s.useGood.Visible(), s.useGood.Text, want)
			}
			if !strings.Contains(h.screenText(), "["+want+"]") {
				t.Errorf("the button is not on the screen:\n%s", h.screenText())
			}

			test.Tap(s.useGood)
			h.wait()
			m := h.u.wiz.Metadata()
			if m == nil || m.Name != "FederationMetadata.xml" || string(m.Data) != string(good) {
				t.Fatal("the good file did not come back byte for byte")
			}
			if !h.u.wiz.StepComplete(wizard.StepSigningCertificate) || s.verdict.title.Text != "Intact" {
				t.Errorf("after going back: complete=%v, verdict %q", h.u.wiz.StepComplete(wizard.StepSigningCertificate), s.verdict.title.Text)
			}
			if s.useGood.Visible() || s.verdict.extra.Visible() {
				t.Error("the button stays once the good file is back")
			}
		})
	}
}

func TestNoWayBackWithoutAGoodFile(t *testing.T) {
	h := newHarness(t, Options{})
	h.drop(writeFile(t, "FederationMetadata.xml", tampered(t, goodMetadata(t))))
	if h.u.certScreen().useGood.Visible() {
		t.Error("a way back is offered with no good file before")
	}
	// A good file after a wrong one is the last good one itself.
	h.drop(writeFile(t, "a.xml", goodMetadata(t).XML))
	h.drop(writeFile(t, "b.xml", tampered(t, goodMetadata(t))))
	h.drop(writeFile(t, "c.xml", goodMetadata(t).XML))
	if h.u.certScreen().useGood.Visible() || h.u.wiz.PreviousGood() != nil {
		t.Error("a way back is offered while a good file is the current one")
	}
}

// The good file survives closing the window after the wrong drop.
func TestPreviousGoodFileIsRestored(t *testing.T) {
	dir := t.TempDir()
	good := goodMetadata(t).XML
	func() {
		h := newHarness(t, Options{ConfigDir: dir})
		h.drop(writeFile(t, "FederationMetadata.xml", good))
		h.drop(writeFile(t, "FederationMetadata.xml", tampered(t, goodMetadata(t))))
		h.quit() // as closing the window does: saved, lock released
	}()
	h := newHarness(t, Options{ConfigDir: dir})
	h.goTo("signing-certificate")
	s := h.u.certScreen()
	if !s.useGood.Visible() || !strings.HasPrefix(s.useGood.Text, "Use FederationMetadata.xml again (checked ") {
		t.Fatalf("after a restart: button visible=%v %q", s.useGood.Visible(), s.useGood.Text)
	}
	test.Tap(s.useGood)
	h.wait()
	if m := h.u.wiz.Metadata(); m == nil || string(m.Data) != string(good) || !h.u.wiz.StepComplete(wizard.StepSigningCertificate) {
		t.Error("the restored good file did not come back")
	}
}

func TestShorten(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"", ""},
		{"abcdef", "abcdef"},
		{"abcdefg", "abcde…"},
		{"äöüäöüä", "äöüäö…"},
	} {
		if got := shorten(tc.in, 6); got != tc.want {
			t.Errorf("shorten(%q, 6) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
