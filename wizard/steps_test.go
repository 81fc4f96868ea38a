package wizard

import (
	"strings"
	"testing"

	"github.com/pymetrics/sso-assistant/samlcheck"
)

// Every sentence a step shows ends once: a button label ending in "…"
// followed by the sentence's full stop reads as "Open file….".
func TestStepTextPunctuation(t *testing.T) {
	for _, st := range Steps() {
		texts := append([]string{st.Title, st.Intro, st.Done, st.Pending}, st.Instructions...)
		for _, it := range st.Checklist {
			texts = append(texts, it.Text, it.Note)
		}
		for _, l := range st.Links {
			texts = append(texts, l.Label)
		}
		for _, text := range texts {
			for _, bad := range []string{"….", "…,", "...", "..", " .", " ,", "  "} {
				if strings.Contains(text, bad) {
					t.Errorf("%s: %q contains %q", st.ID, text, bad)
				}
			}
		}
	}
}

func TestStepsAreComplete(t *testing.T) {
	steps := Steps()
	if len(steps) != len(StepIDs) {
		t.Fatalf("%d steps, %d IDs", len(steps), len(StepIDs))
	}
	wantIDs := []StepID{"prerequisites", "add-from-gallery", "basic-saml", "attributes", "signing-certificate", "test-user", "send-to-support", "test-sso"}
	items := map[string]bool{}
	for i, st := range steps {
		if st.ID != wantIDs[i] || StepIDs[i] != wantIDs[i] {
			t.Errorf("step %d is %q, want %q (the IDs are stored in saved sessions and must not change)", i, st.ID, wantIDs[i])
		}
		if st.Title == "" || st.Intro == "" || len(st.Instructions) == 0 || st.Done == "" {
			t.Errorf("%s: title, intro, instructions and done text are all needed", st.ID)
		}
		switch st.Rule {
		case RuleChecklist:
			if len(st.Checklist) == 0 {
				t.Errorf("%s: a checklist rule without items could never complete", st.ID)
			}
		case RuleEnteredInEntra, RuleMetadataOK, RuleBundleExported:
			if st.Pending == "" {
				t.Errorf("%s: needs a Pending text saying what is missing", st.ID)
			}
		default:
			t.Errorf("%s: unknown rule %q", st.ID, st.Rule)
		}
		for _, it := range st.Checklist {
			if !strings.HasPrefix(it.ID, string(st.ID)+".") || it.Text == "" {
				t.Errorf("%s: item %+v", st.ID, it)
			}
			if items[it.ID] {
				t.Errorf("item ID %q used twice", it.ID)
			}
			items[it.ID] = true
		}
		for _, l := range st.Links {
			if !strings.HasPrefix(l.URL, "https://") || l.Label == "" {
				t.Errorf("%s: link %+v", st.ID, l)
			}
		}
	}
	// Rules agreed with the UI: which steps hang on what.
	rules := map[StepID]Rule{StepBasicSAML: RuleEnteredInEntra, StepSigningCertificate: RuleMetadataOK, StepSendToSupport: RuleBundleExported}
	for id, r := range rules {
		if st, _ := StepByID(id); st.Rule != r {
			t.Errorf("%s rule = %q, want %q", id, st.Rule, r)
		}
	}
	// The tutorial's facts that must not get lost in rewording.
	text := func(id StepID) string {
		st, _ := StepByID(id)
		var b strings.Builder
		b.WriteString(st.Intro + " " + strings.Join(st.Instructions, " "))
		for _, it := range st.Checklist {
			b.WriteString(" " + it.Text + " " + it.Note)
		}
		return b.String()
	}
	for _, c := range []struct {
		id   StepID
		want []string
	}{
		{StepPrerequisites, []string{"Cloud Application Administrator", "Application Administrator", "single sign-on"}},
		{StepTestUser, []string{"B.Simon", "nested groups", "just-in-time"}},
		{StepTestSSO, []string{"SP-initiated", "Sign-on URL", "My Apps", "not from Entra's Login URL"}},
		{StepBasicSAML, []string{"Sign on URL still has to be pasted", "take precedence"}},
	} {
		for _, w := range c.want {
			if !strings.Contains(text(c.id), w) {
				t.Errorf("%s does not mention %q", c.id, w)
			}
		}
	}
}

func TestStepsReturnsFreshData(t *testing.T) {
	a := Steps()
	a[0].Checklist[0].Text = "changed"
	a[0].Title = "changed"
	if b := Steps(); b[0].Title == "changed" || b[0].Checklist[0].Text == "changed" {
		t.Error("Steps shares its slices between calls")
	}
	attrs := Attributes()
	attrs[0].Name = "changed"
	if Attributes()[0].Name != "UserFirstName" {
		t.Error("Attributes shares its slice between calls")
	}
}

func TestAttributes(t *testing.T) {
	want := []Attribute{
		{Name: "UserFirstName", Source: "user.givenname"},
		{Name: "UserLastName", Source: "user.surname"},
		{Name: "UserEmail", Source: "user.userprincipalname"},
	}
	got := Attributes()
	if len(got) != len(want) {
		t.Fatalf("got %d attributes", len(got))
	}
	for i := range want {
		if got[i].Name != want[i].Name || got[i].Source != want[i].Source {
			t.Errorf("attribute %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	notes := strings.Join(AttributeNotes(), " ")
	for _, w := range []string{"case-sensitive", "user.mail is empty", "no mailbox", "fills these in"} {
		if !strings.Contains(notes, w) {
			t.Errorf("guidance does not say %q", w)
		}
	}
}

// allTicks returns the session's ticks with every item of the steps ticked.
func allTicks(ids ...StepID) map[string]bool {
	m := map[string]bool{}
	for _, id := range ids {
		st, _ := StepByID(id)
		for _, it := range st.Checklist {
			m[it.ID] = true
		}
	}
	return m
}

func okReport(kind samlcheck.Kind) *samlcheck.Report {
	return &samlcheck.Report{OK: true, Kind: kind}
}

func TestStepCompletionRules(t *testing.T) {
	meta := func(r *samlcheck.Report) *Metadata {
		data := []byte("<EntityDescriptor/>")
		return &Metadata{Name: "f.xml", Data: data, SHA256: sha256Hex(data), Report: r}
	}
	acmeSupport := &SupportURLs{URLs: URLs{Customer: "acme", Identifier: "i", ReplyURL: "r", SignOnURL: "s"}}
	entered := map[string]bool{ItemBasicSAMLEntered: true}
	acmeURLs, _ := URLsFor("acme")
	acmeText := acmeURLs.Text()
	tests := []struct {
		name string
		s    Session
		done []StepID
	}{
		{name: "fresh", s: NewSession(), done: nil},
		{name: "one of two prerequisites", s: Session{Ticks: map[string]bool{"prerequisites.role": true}}},
		{name: "prerequisites ticked", s: Session{Ticks: allTicks(StepPrerequisites)}, done: []StepID{StepPrerequisites}},
		{name: "unknown ticks do not count", s: Session{Ticks: map[string]bool{"prerequisites.future": true, "prerequisites.role": true}}},
		{name: "valid name without the entered tick", s: Session{Customer: "acme"}},
		{name: "valid name, entered and saved", s: Session{Customer: "acme", Ticks: entered}, done: []StepID{StepBasicSAML}},
		{name: "paste-back matches", s: Session{Customer: "acme", Ticks: entered, PasteBack: acmeText}, done: []StepID{StepBasicSAML}},
		{name: "paste-back differs", s: Session{Customer: "acme", Ticks: entered, PasteBack: strings.ReplaceAll(acmeText, "acme", "acme2")}},
		{name: "paste-back differs, reason given", s: Session{Customer: "acme", Ticks: entered, PasteBack: strings.ReplaceAll(acmeText, "acme", "acme2"),
			PasteBackReason: "support asked for acme2"}, done: []StepID{StepBasicSAML}},
		{name: "refused name", s: Session{Customer: "Acme Corp"}},
		{name: "reminder tick does not complete basic-saml", s: Session{Ticks: allTicks(StepBasicSAML)}},
		{name: "support URLs for the name", s: Session{Customer: "acme", Support: acmeSupport, Ticks: entered}, done: []StepID{StepBasicSAML}},
		{name: "refused name, support URLs for another", s: Session{Customer: "Acme Corp", Support: acmeSupport}},
		{name: "metadata OK", s: Session{Metadata: meta(okReport(samlcheck.KindEntraApp))}, done: []StepID{StepSigningCertificate}},
		{name: "metadata not checked", s: Session{Metadata: meta(nil)}},
		{name: "metadata with errors", s: Session{Metadata: meta(&samlcheck.Report{Kind: samlcheck.KindEntraApp})}},
		{name: "OK but tenant-wide metadata", s: Session{Metadata: meta(okReport(samlcheck.KindEntraTenant))}},
		{name: "bundle for this state", s: Session{Customer: "acme", Metadata: meta(nil), Ticks: entered,
			Bundle: &BundleRecord{Path: "/b.zip", Customer: "acme", MetadataSHA256: sha256Hex([]byte("<EntityDescriptor/>"))}},
			done: []StepID{StepBasicSAML, StepSendToSupport}},
		{name: "bundle before the name changed", s: Session{Customer: "acme2", Ticks: entered, Bundle: &BundleRecord{Path: "/b.zip", Customer: "acme"}},
			done: []StepID{StepBasicSAML}},
		{name: "bundle before the metadata changed", s: Session{Customer: "acme", Metadata: meta(nil), Ticks: entered,
			Bundle: &BundleRecord{Path: "/b.zip", Customer: "acme", MetadataSHA256: "00"}}, done: []StepID{StepBasicSAML}},
		{name: "everything", s: Session{Customer: "acme", Metadata: meta(okReport(samlcheck.KindEntraApp)),
			Ticks:  allTicks(StepIDs...),
			Bundle: &BundleRecord{Path: "/b.zip", Customer: "acme", MetadataSHA256: sha256Hex([]byte("<EntityDescriptor/>"))}},
			done: StepIDs},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := map[StepID]bool{}
			for _, id := range tc.done {
				want[id] = true
			}
			for _, id := range StepIDs {
				if got := tc.s.StepComplete(id); got != want[id] {
					t.Errorf("%s complete = %v, want %v", id, got, want[id])
				}
			}
			p := tc.s.Progress()
			if p.Done != len(tc.done) || p.Total != len(StepIDs) || len(p.Steps) != len(StepIDs) {
				t.Errorf("progress %d/%d with %d steps, want %d/%d", p.Done, p.Total, len(p.Steps), len(tc.done), len(StepIDs))
			}
		})
	}
	if (Session{}).StepComplete("no-such-step") {
		t.Error("an unknown step is complete")
	}
}

func TestProgress(t *testing.T) {
	s := Session{Customer: "acme", Current: StepAttributes, Ticks: allTicks(StepPrerequisites, StepBasicSAML)}
	p := s.Progress()
	if p.Done != 2 || p.Fraction() != 2.0/8 {
		t.Errorf("progress %+v", p)
	}
	for _, st := range p.Steps {
		if st.Current != (st.ID == StepAttributes) {
			t.Errorf("%s current = %v", st.ID, st.Current)
		}
		if st.Title == "" {
			t.Errorf("%s without title", st.ID)
		}
	}
	if (Progress{}).Fraction() != 0 {
		t.Error("empty progress fraction")
	}
	// A session from a newer assistant may name a step this one lacks.
	if got := (Session{Current: "from-the-future"}).Progress(); !got.Steps[0].Current {
		t.Error("unknown current step should fall back to the first")
	}
}

// A real, signed Entra app metadata file makes the certificate step
// complete through the real check, not only through a hand-made report.
func TestMetadataRuleWithRealCheck(t *testing.T) {
	data := signedEntraMetadata(t)
	r := samlcheck.Check(data, samlcheck.Options{})
	if !r.OK || r.Kind != samlcheck.KindEntraApp {
		t.Fatalf("generated metadata: OK=%v kind=%s %+v", r.OK, r.Kind, r.Findings)
	}
	s := Session{Metadata: &Metadata{Data: data, SHA256: sha256Hex(data), Report: r}}
	if !s.StepComplete(StepSigningCertificate) {
		t.Error("signing-certificate not complete with an OK report")
	}
	tampered := replaceOnce(data, "login.microsoftonline.com", "login.micr0softonline.com")
	r2 := samlcheck.Check(tampered, samlcheck.Options{})
	s2 := Session{Metadata: &Metadata{Data: tampered, SHA256: sha256Hex(tampered), Report: r2}}
	if r2.OK || s2.StepComplete(StepSigningCertificate) {
		t.Error("a tampered file completed the step")
	}
}
