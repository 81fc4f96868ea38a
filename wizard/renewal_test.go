package wizard

import (
	"errors"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

func TestRenewalDue(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		notAfter time.Time
		want     bool
	}{
		{"expires in 61 days", now.Add(61 * 24 * time.Hour), false},
		{"expires in 60 days", now.Add(RenewalOfferWindow), true},
		{"expires in a week", now.Add(7 * 24 * time.Hour), true},
		{"expired", now.Add(-time.Hour), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := samltest.New(t, samltest.Options{NotBefore: tc.notAfter.AddDate(-3, 0, 0), NotAfter: tc.notAfter})
			s := NewSession()
			s.Metadata = PrepareMetadata("f.xml", m.XML, samlcheck.Check(m.XML, samlcheck.Options{Now: tc.notAfter.Add(-time.Hour)})).m
			exp, due := s.RenewalDue(now)
			if due != tc.want || !exp.Equal(tc.notAfter.Truncate(time.Second)) {
				t.Fatalf("RenewalDue = %v %v, want %v", exp, due, tc.want)
			}
		})
	}
	if _, due := NewSession().RenewalDue(now); due {
		t.Fatal("a session without metadata is due")
	}
}

// TestRenewalJourney walks the four steps, and proves the session remembers
// where the admin is across a restart.
func TestRenewalJourney(t *testing.T) {
	w, st, rec := newTestWizard(t)
	if err := w.RenewalTick(RenewItemCreated, true); !errors.Is(err, ErrNoRenewal) {
		t.Fatalf("tick without a renewal: %v", err)
	}
	w.StartRenewal()
	r := w.Renewal()
	if r == nil || r.current() != RenewCreate || r.StepComplete(RenewCreate) {
		t.Fatalf("fresh renewal %+v", r)
	}
	if err := w.RenewalTick("nope", true); !errors.Is(err, ErrUnknownItem) {
		t.Fatalf("unknown item: %v", err)
	}
	if err := w.RenewalGoTo("nope"); !errors.Is(err, ErrUnknownStep) {
		t.Fatalf("unknown step: %v", err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(w.RenewalTick(RenewItemCreated, true))
	must(w.RenewalGoTo(RenewCompare))

	old := samltest.New(t, samltest.Options{})
	newer := samltest.New(t, samltest.Options{ExtraSigningCerts: [][]byte{old.CertDER}})
	must(w.SetRenewalPrevious("prev.zip", []byte("previous bundle bytes")))
	must(w.SetRenewalMetadata("FederationMetadata.xml", old.XML, samlcheck.Check(old.XML, samlcheck.Options{}), "https://login.microsoftonline.com/x", t0))
	must(w.SetRenewalThumbprint("AB CD"))
	r = w.Renewal()
	if r.StepComplete(RenewCompare) {
		t.Fatal("compare complete without a plan")
	}
	plan := RenewalPlan{MetadataSHA256: r.Metadata.SHA256, PreviousSHA256: r.Previous.SHA256, Thumbprint: "AB CD", OK: true, Link: "vouched", NewThumbprint: newer.SHA1Thumbprint, NewNotAfter: t0.AddDate(3, 0, 0)}
	must(w.SetRenewalPlan(plan))
	if !w.Renewal().StepComplete(RenewCompare) {
		t.Fatal("compare not complete with an OK plan")
	}
	must(w.SetRenewalThumbprint("EF"))
	if w.Renewal().StepComplete(RenewCompare) {
		t.Fatal("a plan made for another thumbprint still counts")
	}
	plan.Thumbprint = "EF"
	must(w.SetRenewalPlan(plan))
	must(w.SetRenewalBundle("/tmp/r.zip"))
	if !w.Renewal().StepComplete(RenewSend) {
		t.Fatal("send not complete after saving")
	}
	must(w.SetRenewalSwitch("2026-02-20"))
	if err := w.SetRenewalSwitch("soon"); err == nil {
		t.Fatal("switch day 'soon' accepted")
	}

	// After the switch: metadata still signed by the old certificate is
	// not enough; signed by the new one is.
	must(w.RenewalTick(RenewItemConfirmed, true))
	must(w.RenewalTick(RenewItemActivated, true))
	must(w.SetRenewalActivated("after.xml", old.XML, samlcheck.Check(old.XML, samlcheck.Options{})))
	if w.Renewal().StepComplete(RenewActivate) {
		t.Fatal("activate complete while the old certificate signs")
	}
	must(w.SetRenewalActivated("after.xml", newer.XML, samlcheck.Check(newer.XML, samlcheck.Options{})))
	must(w.RenewalGoTo(RenewActivate))
	if !w.Renewal().StepComplete(RenewActivate) {
		t.Fatal("activate not complete once the new certificate signs")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	w2, _ := Open(st, Options{Now: fixedClock()})
	defer w2.Close()
	r2 := w2.Renewal()
	if r2 == nil || r2.current() != RenewActivate || !r2.StepComplete(RenewActivate) || r2.SourceURL == "" || string(r2.Previous.Data) != "previous bundle bytes" {
		t.Fatalf("restored renewal %+v", r2)
	}
	w2.EndRenewal()
	if w2.Renewal() != nil {
		t.Fatal("EndRenewal kept the renewal")
	}
	// The finished renewal's certificate is the one in use now.
	last := w2.Session().LastRenewal
	if last == nil || last.NewThumbprint != newer.SHA1Thumbprint || last.BundlePath != "/tmp/r.zip" {
		t.Fatalf("LastRenewal %+v", last)
	}
	found := false
	for _, k := range rec.kinds() {
		found = found || k == ChangeRenewal
	}
	if !found {
		t.Fatal("listeners were not told about renewal changes")
	}
}

func TestPrepareFetchedMetadata(t *testing.T) {
	w, st, _ := newTestWizard(t)
	data := signedEntraMetadata(t)
	const url = "https://login.microsoftonline.com/x/federationmetadata/2007-06/federationmetadata.xml"
	w.SetPrepared(PrepareFetchedMetadata(url, t0, data, samlcheck.Check(data, samlcheck.Options{})))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	w2, _ := Open(st, Options{Now: fixedClock()})
	defer w2.Close()
	m := w2.Metadata()
	if m == nil || m.SourceURL != url || !m.FetchedAt.Equal(t0) || m.Name != url {
		t.Fatalf("restored %+v", m)
	}
}
