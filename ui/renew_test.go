package ui

import (
	"crypto/rand"
	"crypto/rsa"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
	"github.com/pymetrics/sso-assistant/wizard"
	"github.com/pymetrics/sso-assistant/wizard/bundle"
)

type renewCert struct {
	key *rsa.PrivateKey
	der []byte
	tp  string
}

// renewFiles writes the files of a renewal made with keys made for the
// test: the current certificate A expires a month after testNow, B is new.
func renewFiles(t *testing.T) (dir string, a, b renewCert) {
	t.Helper()
	keyA, err := samltest.Key(2048)
	if err != nil {
		t.Fatal(err)
	}
	keyB, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	mk := func(key *rsa.PrivateKey, nb, na time.Time) renewCert {
		der, err := samltest.NewCertificate(key, samltest.CertOptions{NotBefore: nb, NotAfter: na})
		if err != nil {
			t.Fatal(err)
		}
		return renewCert{key, der, samltest.Thumbprint(der)}
	}
	a = mk(keyA, testNow.AddDate(-3, 1, 0), testNow.AddDate(0, 1, 0))
	b = mk(keyB, testNow.AddDate(0, 0, -1), testNow.AddDate(3, 0, 0))
	dir = t.TempDir()
	write := func(name string, signer renewCert, certs ...renewCert) {
		var ders [][]byte
		for _, c := range certs {
			ders = append(ders, c.der)
		}
		unsigned, err := samltest.UnsignedXML(samltest.Options{}, "_renew-"+name, ders...)
		if err != nil {
			t.Fatal(err)
		}
		signed := (&samltest.Signer{Key: signer.key, CertDER: signer.der}).SignXML(t, unsigned, samltest.SignOptions{})
		if err := os.WriteFile(filepath.Join(dir, name), signed, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("first.xml", a, a)
	write("both.xml", a, a, b)
	write("after.xml", b, a, b)
	first, _ := os.ReadFile(filepath.Join(dir, "first.xml"))
	u, _ := wizard.URLsFor("acme")
	ob, err := bundle.Build(bundle.Input{URLs: u, Metadata: first, Created: testNow.AddDate(-2, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "onboarding.zip"), ob.Zip, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, a, b
}

// TestRenewalJourney: offered when the certificate expires within 60 days,
// four steps to a rollover bundle that support can verify against the
// onboarding bundle, the switch confirmed by the new signer, and the
// journey remembered across a restart.
func TestRenewalJourney(t *testing.T) {
	dir, a, b := renewFiles(t)
	cfg := t.TempDir()
	h := newHarness(t, Options{ConfigDir: cfg})
	if h.u.renewOffer.object().Visible() {
		t.Fatal("renewal offered without metadata")
	}
	h.goTo("signing-certificate")
	h.drop(filepath.Join(dir, "first.xml"))
	h.u.refreshRenewalOffer()
	if !h.u.renewOffer.object().Visible() || !strings.Contains(allText(h.u.renewOffer.object()), "expires on 15 April 2027, in 31 days") {
		t.Fatalf("no renewal offer for a certificate expiring in a month: %q", allText(h.u.renewOffer.object()))
	}

	h.u.openRenewal()
	j := h.u.renew
	if !j.active || h.u.win.Content() != j.root || j.current != wizard.RenewCreate {
		t.Fatal("the renewal journey is not on screen")
	}
	if !j.next.Disabled() {
		t.Fatal("Next enabled before the new certificate was created")
	}
	test.Tap(j.screen(wizard.RenewCreate).(*plainScreen).checks[wizard.RenewItemCreated])
	h.wait()
	test.Tap(j.next)
	h.wait()
	if j.current != wizard.RenewCompare {
		t.Fatalf("after Next: %s", j.current)
	}

	cmp := j.screen(wizard.RenewCompare).(*compareScreen)
	j.readPrevious(filepath.Join(dir, "onboarding.zip"))
	h.wait()
	j.onDropped([]fyneURI{storageURI(filepath.Join(dir, "both.xml"))})
	h.wait()
	h.wait()
	test.Type(cmp.thumb, strings.ToLower(b.tp))
	h.wait()
	h.wait()
	r := h.u.wiz.Renewal()
	if !r.StepComplete(wizard.RenewCompare) || r.Plan.Link != bundle.LinkVouched || r.Plan.NewThumbprint != b.tp {
		t.Fatalf("comparison: %+v", r.Plan)
	}
	if txt := allText(cmp.object()); !strings.Contains(txt, "Vouched for by the current certificate") || !strings.Contains(txt, b.tp) {
		t.Fatalf("compare screen:\n%s", txt)
	}

	test.Tap(j.next)
	h.wait()
	send := j.screen(wizard.RenewSend).(*sendScreenRenew)
	test.Tap(send.save)
	h.wait()
	save := h.u.lastSave
	save.dir = dir
	test.Tap(save.saveBtn)
	h.wait()
	h.wait()
	r = h.u.wiz.Renewal()
	if r.Bundle == nil || !r.StepComplete(wizard.RenewSend) {
		t.Fatalf("rollover bundle not saved: %+v", r.Bundle)
	}
	prev, _ := os.ReadFile(filepath.Join(dir, "onboarding.zip"))
	next, err := os.ReadFile(r.Bundle.Path)
	if err != nil {
		t.Fatal(err)
	}
	if chain := bundle.VerifyChain(prev, next, samlcheck.Options{Now: testNow}); chain.Link != bundle.LinkVouched {
		t.Fatalf("support's verification: %s", chain.Verdict)
	}

	test.Tap(j.next)
	h.wait()
	act := j.screen(wizard.RenewActivate).(*activateScreen)
	j.onDropped([]fyneURI{storageURI(filepath.Join(dir, "both.xml"))})
	h.wait()
	if txt := allText(act.object()); !strings.Contains(txt, "Still signed by another certificate") || !strings.Contains(txt, a.tp) {
		t.Fatalf("activate screen with the old signer:\n%s", txt)
	}
	j.onDropped([]fyneURI{storageURI(filepath.Join(dir, "after.xml"))})
	h.wait()
	test.Tap(act.checks[wizard.RenewItemConfirmed])
	test.Tap(act.checks[wizard.RenewItemActivated])
	h.wait()
	if !h.u.wiz.Renewal().StepComplete(wizard.RenewActivate) || !strings.Contains(allText(act.object()), "Signed by the new certificate") {
		t.Fatalf("activate screen:\n%s", allText(act.object()))
	}
	h.quit()

	// Restart: the window opens where the admin left off.
	h2 := newHarness(t, Options{ConfigDir: cfg})
	if h2.u.renew == nil || !h2.u.renew.active || h2.u.renew.current != wizard.RenewActivate {
		t.Fatal("the renewal was not resumed where it was left")
	}
	test.Tap(findButton(t, h2.u.renew.root, "Back to the setup steps"))
	h2.wait()
	if h2.u.renew.active || !strings.Contains(allText(h2.u.renewOffer.object()), "renewal in progress") {
		t.Fatal("leaving the renewal did not go back to the setup steps with the renewal kept")
	}

	// Finishing forgets the journey and remembers its certificate: it is
	// valid for three years, so no renewal is offered any more.
	h2.u.openRenewal()
	test.Tap(findButton(t, h2.u.renew.root, "Finish renewal…"))
	h2.wait()
	h2.tapDialogButton("Finish")
	if h2.u.wiz.Renewal() != nil || h2.u.wiz.Session().LastRenewal == nil || h2.u.renew.active || h2.u.renewOffer.object().Visible() {
		t.Fatalf("after Finish: renewal %v, last %+v, offer shown %v", h2.u.wiz.Renewal(), h2.u.wiz.Session().LastRenewal, h2.u.renewOffer.object().Visible())
	}
}

type fyneURI = fyne.URI

// findButton finds a visible button by its text under o.
func findButton(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	for _, c := range test.LaidOutObjects(o) {
		if b, ok := c.(*widget.Button); ok && b.Text == text && b.Visible() {
			return b
		}
	}
	t.Fatalf("no button %q", text)
	return nil
}

// TestMetadataURLRefused: a URL that is not on Microsoft's sign-in hosts is
// refused in the dialog, with the accepted hosts named, and nothing changes.
func TestMetadataURLRefused(t *testing.T) {
	h := newHarness(t, Options{})
	d := h.u.openMetadataURLDialog()
	test.Type(d.entry, "https://login.example.com/0b5f2c3e-7d41-4a8e-9c6b-2f1d8e4a7b90/federationmetadata/2007-06/federationmetadata.xml")
	test.Tap(d.fetch)
	h.wait()
	if !d.msg.Visible() || !strings.Contains(d.msg.Text, "refused before any connection") || !strings.Contains(d.msg.Text, "login.microsoftonline.us") {
		t.Fatalf("message %q", d.msg.Text)
	}
	if h.u.wiz.Metadata() != nil {
		t.Fatal("a refused URL set metadata")
	}
}

// TestOpenBundleToRenew: an onboarding bundle whose certificate expires
// within 60 days leads into the renewal with that bundle as the previous.
func TestOpenBundleToRenew(t *testing.T) {
	dir, _, _ := renewFiles(t)
	h := newHarness(t, Options{})
	h.u.checkBundleForRenewal(filepath.Join(dir, "first.xml"))
	h.wait()
	if !strings.Contains(h.topDialogText(), "not a bundle the assistant can renew from") {
		t.Fatalf("metadata taken for a bundle: %q", h.topDialogText())
	}
	h.tapDialogButton("OK")
	h.u.checkBundleForRenewal(filepath.Join(dir, "onboarding.zip"))
	h.wait()
	if !strings.Contains(h.topDialogText(), "expires on 15 April 2027") {
		t.Fatalf("dialog %q", h.topDialogText())
	}
	h.tapDialogButton("Renew")
	r := h.u.wiz.Renewal()
	if r == nil || r.Previous == nil || !strings.HasSuffix(r.Previous.Name, "onboarding.zip") || h.u.renew == nil || !h.u.renew.active {
		t.Fatalf("renewal %+v", r)
	}
}
