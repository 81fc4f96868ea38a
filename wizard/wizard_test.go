package wizard

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck"
)

// recorder is a Listener and SaveListener that remembers what it heard.
type recorder struct {
	mu      sync.Mutex
	changes []Change
	saves   []error
}

var (
	_ Listener     = (*recorder)(nil)
	_ SaveListener = (*recorder)(nil)
)

func (r *recorder) WizardChanged(c Change) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.changes = append(r.changes, c)
}

func (r *recorder) SaveFinished(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.saves = append(r.saves, err)
}

func (r *recorder) kinds() []ChangeKind {
	r.mu.Lock()
	defer r.mu.Unlock()
	var ks []ChangeKind
	for _, c := range r.changes {
		ks = append(ks, c.Kind)
	}
	return ks
}

func fixedClock() func() time.Time { return func() time.Time { return t0 } }

func newTestWizard(t *testing.T) (*Wizard, *Store, *recorder) {
	t.Helper()
	st, _ := openTemp(t)
	w, res := Open(st, Options{Now: fixedClock()})
	if res.Status != LoadNew {
		t.Fatalf("Open = %+v", res)
	}
	rec := &recorder{}
	w.AddListener(rec)
	t.Cleanup(func() { w.Close() })
	return w, st, rec
}

func TestWizardAutosavesAndRestores(t *testing.T) {
	w, st, _ := newTestWizard(t)
	w.SetCustomer("acme")
	if err := w.Tick("prerequisites.role", true); err != nil {
		t.Fatal(err)
	}
	meta := signedEntraMetadata(t)
	w.SetMetadata("FederationMetadata.xml", meta, samlcheck.Check(meta, samlcheck.Options{}))
	w.SetThumbprint("AB:CD")
	w.SetBundle("/home/a/acme.zip")
	if err := w.GoTo(StepSendToSupport); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := w.Session()

	w2, res := Open(st, Options{Now: fixedClock()})
	defer w2.Close()
	if res.Status != LoadRestored || res.Message != "Continue where you left off." {
		t.Fatalf("Open = %+v", res)
	}
	got := w2.Session()
	// The certificate DER is not saved (the report's JSON leaves it out).
	for i := range want.Metadata.Report.Certificates {
		want.Metadata.Report.Certificates[i].DER = nil
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("restored session differs:\n got %+v\nwant %+v", got, want)
	}
	if w2.Current() != StepSendToSupport || !w2.BundleCurrent() || !w2.StepComplete(StepSigningCertificate) {
		t.Errorf("restored state: step %s, bundle current %v", w2.Current(), w2.BundleCurrent())
	}
}

func TestWizardListeners(t *testing.T) {
	w, _, rec := newTestWizard(t)
	w.SetCustomer("acme")
	w.SetCustomer("acme") // no change, no notification
	_ = w.Tick("prerequisites.role", true)
	_ = w.Tick("prerequisites.role", true)
	_ = w.GoTo(StepBasicSAML)
	w.SetThumbprint("x")
	w.SetPasteBack("y")
	w.SetBundle("/b.zip")
	w.SetMetadata("a.xml", []byte("<a/>"), nil)
	if _, err := w.ApplySupportURL(pmReply); err != nil {
		t.Fatal(err)
	}
	w.SetContact("Ada", "")
	w.SetContact("Ada", "") // no change, no notification
	if _, err := w.StartOver(); err != nil {
		t.Fatal(err)
	}
	want := []ChangeKind{ChangeCustomer, ChangeTick, ChangeStep, ChangeThumbprint, ChangePasteBack, ChangeBundle, ChangeMetadata, ChangeSupport, ChangeContact, ChangeStartOver}
	if got := rec.kinds(); !reflect.DeepEqual(got, want) {
		t.Errorf("changes = %v\nwant %v", got, want)
	}
	if rec.changes[1].Item != "prerequisites.role" || rec.changes[2].Step != StepBasicSAML {
		t.Errorf("change details: %+v", rec.changes[:3])
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.saves) == 0 {
		t.Error("no SaveFinished")
	}
	for _, err := range rec.saves {
		if err != nil {
			t.Errorf("save failed: %v", err)
		}
	}
}

// A listener may call back into the Wizard without deadlocking.
func TestWizardListenerMayReadState(t *testing.T) {
	w, _, _ := newTestWizard(t)
	var seen []string
	w.AddListener(ListenerFunc(func(Change) {
		u, _, _ := w.URLs()
		seen = append(seen, u.ReplyURL)
	}))
	w.SetCustomer("acme")
	if len(seen) != 1 || seen[0] != pmReply {
		t.Errorf("listener saw %q", seen)
	}
}

func TestWizardNavigation(t *testing.T) {
	w, _, _ := newTestWizard(t)
	if w.Current() != StepPrerequisites || w.CanGoBack() || w.Back() {
		t.Fatal("a fresh wizard starts at the first step with nothing behind it")
	}
	if w.CanAdvance() || w.Next() {
		t.Error("advanced past an incomplete step")
	}
	_ = w.Tick("prerequisites.role", true)
	_ = w.Tick("prerequisites.subscription", true)
	if !w.CanAdvance() || !w.Next() || w.Current() != StepAddFromGallery {
		t.Fatalf("Next after completing prerequisites: at %s", w.Current())
	}
	if !w.Back() || w.Current() != StepPrerequisites {
		t.Error("Back")
	}
	if err := w.GoTo(StepTestSSO); err != nil || w.Current() != StepTestSSO || w.CurrentStep().ID != StepTestSSO {
		t.Errorf("GoTo any step: %v", err)
	}
	_ = w.Tick("test-sso.signed-in", true)
	if w.CanAdvance() || w.Next() {
		t.Error("advanced past the last step")
	}
	if err := w.GoTo("nowhere"); !errors.Is(err, ErrUnknownStep) {
		t.Errorf("GoTo unknown = %v", err)
	}
	if err := w.Tick("nothing.here", true); !errors.Is(err, ErrUnknownItem) {
		t.Errorf("Tick unknown = %v", err)
	}
	_ = w.Tick("prerequisites.role", false)
	if w.Ticked("prerequisites.role") || w.StepComplete(StepPrerequisites) {
		t.Error("untick")
	}
	if p := w.Progress(); p.Done != 1 || !p.Steps[len(p.Steps)-1].Current {
		t.Errorf("progress %+v", p)
	}
}

func TestWizardCustomerAndSupportURLs(t *testing.T) {
	w, _, _ := newTestWizard(t)
	c := w.SetCustomer("Acme Corp")
	if c.OK || c.Suggestion != "acme-corp" || w.Customer() != "Acme Corp" {
		t.Fatalf("refused name not kept as typed: %+v", c)
	}
	if _, src, err := w.URLs(); err == nil || src != SourceNone {
		t.Error("URLs for a refused name")
	}
	devs, err := w.ApplySupportURL("https://www.pymetrics.com/saml2-sp/acme/acme-prod/?acs")
	if err != nil || len(devs) == 0 {
		t.Fatalf("ApplySupportURL = %v, %v", devs, err)
	}
	u, src, err := w.URLs()
	if err != nil || src != SourceSupport || u.ReplyURL != "https://www.pymetrics.com/saml2-sp/acme/acme-prod/?acs" || w.Customer() != "acme" {
		t.Fatalf("support URLs not active: %+v %s %v", u, src, err)
	}
	if len(w.Deviations()) != len(devs) {
		t.Error("Deviations")
	}
	// Typing another name sets support's values aside without losing them.
	w.SetCustomer("other")
	if u, src, _ := w.URLs(); src != SourcePattern || u.Customer != "other" || w.Deviations() != nil {
		t.Errorf("after another name: %+v %s", u, src)
	}
	w.SetCustomer("acme")
	if _, src, _ := w.URLs(); src != SourceSupport {
		t.Error("support's values did not come back with their name")
	}
	// A refused paste changes nothing.
	before := w.Session()
	if _, err := w.ApplySupportURL("https://example.com/x"); !errors.Is(err, ErrNotSupportURL) {
		t.Errorf("err = %v", err)
	}
	if !reflect.DeepEqual(before, w.Session()) {
		t.Error("a refused paste changed the session")
	}
	w.ClearSupportURLs()
	if w.SupportURLs() != nil {
		t.Error("ClearSupportURLs")
	}
	if _, src, _ := w.URLs(); src != SourcePattern {
		t.Error("pattern after clearing")
	}
}

func TestWizardMetadataAndReports(t *testing.T) {
	w, _, _ := newTestWizard(t)
	data := []byte("<x/>")
	w.SetMetadata("f.xml", data, nil)
	data[0] = 'X' // the caller's buffer is not the stored one
	m := w.Metadata()
	if string(m.Data) != "<x/>" || m.SHA256 != sha256Hex([]byte("<x/>")) || !m.CheckedAt.IsZero() {
		t.Fatalf("stored metadata %+v", m)
	}
	// The bytes are never modified once stored, so what Metadata and
	// Session hand out shares them instead of copying a file of up to
	// 10 MB on every screen refresh.
	if &w.Metadata().Data[0] != &m.Data[0] || &w.Session().Metadata.Data[0] != &m.Data[0] {
		t.Error("the stored bytes were copied")
	}
	if w.SetReport("not-the-sum", okReport(samlcheck.KindEntraApp)) {
		t.Error("a report for another file was applied")
	}
	if !w.SetReport(m.SHA256, okReport(samlcheck.KindEntraApp)) || !w.StepComplete(StepSigningCertificate) {
		t.Error("SetReport")
	}
	if w.Metadata().CheckedAt != t0 {
		t.Error("CheckedAt not set from the clock")
	}
	w.SetThumbprint("aa bb")
	opts := w.CheckOptions(t0)
	if !reflect.DeepEqual(opts.Thumbprints, []string{"aa bb"}) || !opts.Now.Equal(t0) {
		t.Errorf("CheckOptions = %+v", opts)
	}
	w.ClearMetadata()
	if w.Metadata() != nil || w.StepComplete(StepSigningCertificate) {
		t.Error("ClearMetadata")
	}
}

// A wrong file dropped after a good one loses nothing: the good one is kept
// byte for byte and can be used again.
func TestWizardKeepsThePreviousGoodFile(t *testing.T) {
	good := okReport(samlcheck.KindEntraApp)
	bad := &samlcheck.Report{OK: false, Kind: samlcheck.KindEntraApp}
	tenant := okReport(samlcheck.KindEntraTenant) // passes, but is not what pymetrics needs
	type drop struct {
		name   string
		data   string
		report *samlcheck.Report
	}
	tests := []struct {
		name  string
		drops []drop
		want  string // PreviousGood's name, "" for none
	}{
		{"good only", []drop{{"a.xml", "<a/>", good}}, ""},
		{"good then bad", []drop{{"a.xml", "<a/>", good}, {"b.xml", "<b/>", bad}}, "a.xml"},
		{"good then wrong kind", []drop{{"a.xml", "<a/>", good}, {"t.xml", "<t/>", tenant}}, "a.xml"},
		{"good then not checked yet", []drop{{"a.xml", "<a/>", good}, {"b.xml", "<b/>", nil}}, "a.xml"},
		{"good, bad, bad", []drop{{"a.xml", "<a/>", good}, {"b.xml", "<b/>", bad}, {"c.xml", "<c/>", bad}}, "a.xml"},
		{"latest good wins", []drop{{"a.xml", "<a/>", good}, {"c.xml", "<c/>", good}, {"b.xml", "<b/>", bad}}, "c.xml"},
		{"good, bad, good", []drop{{"a.xml", "<a/>", good}, {"b.xml", "<b/>", bad}, {"c.xml", "<c/>", good}}, ""},
		{"bad only", []drop{{"b.xml", "<b/>", bad}}, ""},
		{"bad then good", []drop{{"b.xml", "<b/>", bad}, {"a.xml", "<a/>", good}}, ""},
		// The same bytes failing now (a certificate expired since) are no
		// earlier file to go back to.
		{"same file fails again", []drop{{"a.xml", "<a/>", good}, {"a.xml", "<a/>", bad}}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, _, _ := newTestWizard(t)
			for _, d := range tc.drops {
				w.SetMetadata(d.name, []byte(d.data), d.report)
			}
			prev, got := w.PreviousGood(), ""
			if prev != nil {
				got = prev.Name
			}
			if got != tc.want {
				t.Fatalf("PreviousGood = %q, want %q", got, tc.want)
			}
			if prev == nil {
				if w.UsePreviousGood() {
					t.Error("UsePreviousGood with nothing to use reported true")
				}
				return
			}
			want := "<" + strings.TrimSuffix(tc.want, ".xml") + "/>"
			if !w.UsePreviousGood() {
				t.Fatal("UsePreviousGood = false")
			}
			m := w.Metadata()
			if m.Name != tc.want || string(m.Data) != want || m.SHA256 != sha256Hex([]byte(want)) || m.CheckedAt != t0 || !w.StepComplete(StepSigningCertificate) {
				t.Errorf("after UsePreviousGood: %+v", m)
			}
			if w.PreviousGood() != nil || w.UsePreviousGood() {
				t.Error("the previous good file is still offered once it is the current one")
			}
		})
	}
}

// A check that completes later (SetReport) decides like a drop with a
// report: a file passing now is the last good one itself.
func TestWizardPreviousGoodAfterLateReport(t *testing.T) {
	w, st, _ := newTestWizard(t)
	w.SetMetadata("a.xml", []byte("<a/>"), okReport(samlcheck.KindEntraApp))
	w.SetMetadata("b.xml", []byte("<b/>"), nil)
	if p := w.PreviousGood(); p == nil || p.Name != "a.xml" {
		t.Fatalf("PreviousGood while b.xml is being checked: %+v", p)
	}
	sum := sha256Hex([]byte("<b/>"))
	w.SetReport(sum, &samlcheck.Report{OK: false})
	if w.PreviousGood() == nil {
		t.Fatal("a failed check of b.xml dropped the good a.xml")
	}
	// Kept across a restart, byte for byte.
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	w2, _ := Open(st, Options{Now: fixedClock()})
	defer w2.Close()
	p := w2.PreviousGood()
	if p == nil || string(p.Data) != "<a/>" || !p.Passed() {
		t.Fatalf("restored PreviousGood %+v", p)
	}
	if p2 := w2.PreviousGood(); p2 == p || string(p2.Data) != "<a/>" {
		t.Error("PreviousGood did not hand out a copy of the record")
	}
	w2.SetReport(sum, okReport(samlcheck.KindEntraApp))
	if w2.PreviousGood() != nil {
		t.Error("b.xml passes now, yet a.xml is still offered")
	}
	w2.SetMetadata("c.xml", []byte("<c/>"), &samlcheck.Report{})
	w2.ClearMetadata()
	if w2.Metadata() != nil || w2.PreviousGood() != nil {
		t.Error("ClearMetadata kept a file")
	}
}

func TestWizardBundleGoesStale(t *testing.T) {
	w, _, _ := newTestWizard(t)
	w.SetCustomer("acme")
	w.SetMetadata("f.xml", []byte("<a/>"), okReport(samlcheck.KindEntraApp))
	w.SetBundle("/home/a/acme.zip")
	if !w.StepComplete(StepSendToSupport) || w.Bundle().At != t0 {
		t.Fatal("bundle not recorded")
	}
	w.SetMetadata("g.xml", []byte("<b/>"), okReport(samlcheck.KindEntraApp))
	if w.BundleCurrent() || w.StepComplete(StepSendToSupport) {
		t.Error("a bundle made with the old metadata still counts")
	}
	if w.Bundle().Path != "/home/a/acme.zip" {
		t.Error("the old bundle's path was forgotten")
	}
}

func TestWizardContact(t *testing.T) {
	w, st, _ := newTestWizard(t)
	w.SetCustomer("acme")
	w.SetMetadata("f.xml", []byte("<a/>"), okReport(samlcheck.KindEntraApp))
	w.SetBundle("/home/a/acme.zip")
	if !w.BundleCurrent() {
		t.Fatal("bundle without a contact is not current")
	}
	// Kept exactly as typed, even an address the bundle would refuse.
	w.SetContact(" Ada Admin ", "ada at acme")
	if n, e := w.Contact(); n != " Ada Admin " || e != "ada at acme" {
		t.Errorf("Contact() = %q, %q", n, e)
	}
	if w.BundleCurrent() || w.StepComplete(StepSendToSupport) {
		t.Error("a bundle saved before the contact changed still counts")
	}
	w.SetContact("Ada Admin", "ada@acme.example")
	w.SetBundle("/home/a/acme.zip")
	if b := w.Bundle(); !w.BundleCurrent() || b.ContactName != "Ada Admin" || b.ContactEmail != "ada@acme.example" {
		t.Errorf("bundle record %+v, current %v", b, w.BundleCurrent())
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	w2, _ := Open(st, Options{Now: fixedClock()})
	defer w2.Close()
	if n, e := w2.Contact(); n != "Ada Admin" || e != "ada@acme.example" || !w2.BundleCurrent() {
		t.Errorf("restored contact %q, %q; bundle current %v", n, e, w2.BundleCurrent())
	}
}

// A session saved before the contact existed loads unchanged: the new
// fields are optional, and its bundle still counts (it was made without a
// contact, and there is none).
func TestSessionWithoutContactStillLoads(t *testing.T) {
	st, dir := openTemp(t)
	sum := sha256Hex([]byte("<a/>"))
	old := `{"schema":1,"customer":"acme","current_step":"send-to-support",` +
		`"metadata":{"name":"f.xml","data":"PGEvPg==","sha256":"` + sum + `","report":{"ok":true,"kind":"entra-app-metadata"}},` +
		`"bundle":{"path":"/home/a/acme.zip","customer":"acme","metadata_sha256":"` + sum + `"}}`
	if err := os.WriteFile(filepath.Join(dir, SessionFileName), []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	s, res := st.Load(t0)
	if res.Status != LoadRestored {
		t.Fatalf("Load = %+v", res)
	}
	if s.ContactName != "" || s.ContactEmail != "" || !s.BundleCurrent() {
		t.Errorf("old session: contact %q %q, bundle current %v", s.ContactName, s.ContactEmail, s.BundleCurrent())
	}
}

func TestWizardPasteBack(t *testing.T) {
	w, _, _ := newTestWizard(t)
	if c := w.SetPasteBack(pmReply); len(c.Fields) != 0 {
		t.Error("compared without a valid name")
	}
	w.SetCustomer("acme")
	if c := w.PasteBackComparison(); c.OK || len(c.Fields) != 3 {
		t.Errorf("stored paste not compared against the new name: %+v", c)
	}
	if c := w.SetPasteBack(pmID + "\n" + pmReply + "\n" + pmSSO); !c.OK {
		t.Errorf("exact paste: %s", c.Message)
	}
}

func TestWizardStartOverKeepsBackup(t *testing.T) {
	w, st, _ := newTestWizard(t)
	w.SetCustomer("acme")
	_ = w.Tick("prerequisites.role", true)
	backup, err := w.StartOver()
	if err != nil {
		t.Fatal(err)
	}
	if backup == "" {
		t.Fatal("no backup")
	}
	data, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	old, err := decodeSession(data)
	if err != nil || old.Customer != "acme" || !old.Ticks["prerequisites.role"] {
		t.Errorf("backup holds %+v (%v)", old, err)
	}
	if s := w.Session(); s.Customer != "" || s.Current != StepPrerequisites || len(s.Ticks) != 0 {
		t.Errorf("after start over: %+v", s)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if s, _ := st.Load(t0); s.Customer != "" {
		t.Error("the fresh session was not saved")
	}
}

// The demo runs on a memory store; a real saved session stays as it was.
func TestDemoNeverOverwritesRealSession(t *testing.T) {
	real, _ := openTemp(t)
	if err := real.Save(fullSession()); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(real.Path())
	demo := New(NewMemoryStore(), NewSession(), Options{})
	demo.SetCustomer("demo-customer")
	if _, err := demo.StartOver(); err != nil {
		t.Fatal(err)
	}
	if err := demo.Close(); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(real.Path())
	if string(before) != string(after) {
		t.Error("the real session changed")
	}
}

func TestWizardReportsSaveFailure(t *testing.T) {
	w, st, rec := newTestWizard(t)
	st.syncFile = func(*os.File) error { return errors.New("disk full") }
	w.SetCustomer("acme")
	if err := w.Flush(); err == nil || w.SaveError() == nil {
		t.Fatal("a failed save was not reported")
	}
	rec.mu.Lock()
	last := rec.saves[len(rec.saves)-1]
	rec.mu.Unlock()
	if last == nil {
		t.Error("SaveFinished(nil) after a failure")
	}
	st.syncFile = (*os.File).Sync
	w.SetCustomer("acme2")
	if err := w.Flush(); err != nil || w.SaveError() != nil {
		t.Errorf("the next save should succeed: %v", err)
	}
	// State in memory was never lost.
	if w.Customer() != "acme2" {
		t.Error("state lost")
	}
}

// Many goroutines changing state at once: run with -race.
func TestWizardConcurrentUse(t *testing.T) {
	w, st, _ := newTestWizard(t)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				w.SetCustomer(fmt.Sprintf("acme-%d-%d", g, i))
				_ = w.Tick("prerequisites.role", i%2 == 0)
				_ = w.Progress()
				_, _, _ = w.URLs()
			}
		}()
	}
	wg.Wait()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	s, res := st.Load(t0)
	if res.Status != LoadRestored || s.Customer != w.Customer() {
		t.Errorf("the last state was not the one saved: %q vs %q", s.Customer, w.Customer())
	}
	// After Close, changes are saved synchronously.
	w.SetCustomer("after-close")
	if s, _ := st.Load(t0); s.Customer != "after-close" {
		t.Errorf("change after Close not saved: %q", s.Customer)
	}
}

// TestPasteBackHonesty: step 3 is complete only with the name and the
// "entered and saved" tick; a paste-back that differs takes the tick back
// until Entra is fixed and the tick given again, or a reason is given; only
// a matching paste-back confirms the values for the e-mail.
func TestPasteBackHonesty(t *testing.T) {
	w, _, _ := newTestWizard(t)
	w.SetCustomer("acme-corp")
	if w.StepComplete(StepBasicSAML) {
		t.Fatal("complete with a name alone, before the admin confirmed entering the values")
	}
	if err := w.Tick(ItemBasicSAMLEntered, true); err != nil {
		t.Fatal(err)
	}
	if !w.StepComplete(StepBasicSAML) || w.PasteBackConfirmed() {
		t.Fatalf("complete=%v confirmed=%v after the tick, want true, false", w.StepComplete(StepBasicSAML), w.PasteBackConfirmed())
	}
	u, _ := URLsFor("acme-corp")
	wrong := strings.ReplaceAll(u.Text(), "acme-corp", "acme-crop")
	if c := w.SetPasteBack(wrong); c.OK {
		t.Fatal("a wrong paste-back matched")
	}
	if w.Ticked(ItemBasicSAMLEntered) || w.StepComplete(StepBasicSAML) || len(w.Incomplete()) == 0 {
		t.Fatal("a paste-back with differences left step 3 ticked and complete")
	}
	w.Tick(ItemBasicSAMLEntered, true)
	if w.StepComplete(StepBasicSAML) {
		t.Fatal("ticked again without fixing Entra or giving a reason: complete")
	}
	w.SetPasteBackReason("pymetrics support asked for this spelling")
	if !w.StepComplete(StepBasicSAML) || w.PasteBackConfirmed() {
		t.Fatal("a reason must complete the step without confirming the values")
	}
	w.SetPasteBack(u.Text())
	if w.Session().PasteBackReason != "" || !w.PasteBackConfirmed() || !w.Ticked(ItemBasicSAMLEntered) || !w.StepComplete(StepBasicSAML) {
		t.Fatalf("a matching paste-back: reason %q confirmed %v ticked %v", w.Session().PasteBackReason, w.PasteBackConfirmed(), w.Ticked(ItemBasicSAMLEntered))
	}
}
