package bundle

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

func findingCodes(fs []samlcheck.Finding) []string {
	var out []string
	for _, f := range fs {
		if f.Severity != samlcheck.SeverityInfo {
			out = append(out, string(f.Code))
		}
	}
	return out
}

// TestBuildRollover runs every rule of a rollover against one story of
// certificates: what is refused is refused with its code and writes
// nothing; what is accepted records how the new certificate is linked.
func TestBuildRollover(t *testing.T) {
	s := newRollStory(t)
	c := s.certs
	editedOnboarding := func() []byte {
		_, entries := unzip(t, s.onboarding)
		entries[EntryEmail] = append(entries[EntryEmail], "P.S. edited\n"...)
		return rezip(t, resum(entries))
	}()
	tampered := bytes.Replace(signedBy(t, "", c.A, c.A, c.B), []byte("/saml2\""), []byte("/saml3\""), 1)

	for _, tc := range []struct {
		name        string
		previous    []byte
		metadata    []byte
		thumbprints []string
		sw          time.Time
		created     time.Time
		wantLink    string   // empty: refused
		wantCodes   []string // rollover findings (warnings and errors), sorted
		wantNew     string
	}{
		{name: "vouched by the old certificate", previous: s.onboarding, metadata: signedBy(t, "", c.A, c.A, c.B),
			wantLink: LinkVouched, wantNew: c.B.tp},
		{name: "portal thumbprint of the new certificate confirms it", previous: s.onboarding, metadata: signedBy(t, "", c.A, c.A, c.B),
			thumbprints: []string{strings.ToLower(c.B.tp)}, wantLink: LinkVouched, wantNew: c.B.tp},
		{name: "portal thumbprint of the current certificate instead of the new one", previous: s.onboarding, metadata: signedBy(t, "", c.A, c.A, c.B),
			thumbprints: []string{c.A.tp}, wantLink: LinkVouched, wantNew: c.B.tp, wantCodes: []string{string(CodeRolloverThumbprintNotNew)}},
		{name: "another tenant", previous: s.onboarding, metadata: signedBy(t, "11111111-2222-4333-8444-555555555555", c.A, c.A, c.B),
			wantCodes: []string{string(CodeRolloverTenantChanged)}},
		{name: "no new certificate", previous: s.onboarding, metadata: signedBy(t, "", c.A, c.A),
			wantCodes: []string{string(CodeRolloverNoNewCertificate)}},
		{name: "activated too early: signed by the new certificate", previous: s.onboarding, metadata: signedBy(t, "", c.B, c.A, c.B),
			wantCodes: []string{string(CodeRolloverSignerNotVouched)}},
		{name: "activated too early, confirmed by thumbprint", previous: s.onboarding, metadata: signedBy(t, "", c.B, c.A, c.B),
			thumbprints: []string{c.B.tp}, wantLink: LinkConfirmedByThumbprint, wantNew: c.B.tp,
			wantCodes: []string{string(CodeRolloverConfirmedByThumbprint)}},
		{name: "unknown signer", previous: s.onboarding, metadata: signedBy(t, "", c.D, c.A, c.D),
			wantCodes: []string{string(CodeRolloverSignerNotVouched)}},
		{name: "thumbprint not in the metadata", previous: s.onboarding, metadata: signedBy(t, "", c.A, c.A, c.B),
			thumbprints: []string{c.C.tp}, wantCodes: []string{string(CodeRolloverThumbprintNotListed)}},
		{name: "thumbprint not a thumbprint", previous: s.onboarding, metadata: signedBy(t, "", c.A, c.A, c.B),
			thumbprints: []string{"not hex"}, wantCodes: []string{string(samlcheck.CodePinInvalid)}},
		{name: "two new certificates", previous: s.onboarding, metadata: signedBy(t, "", c.A, c.A, c.B, c.D),
			wantCodes: []string{string(CodeRolloverSeveralNew)}},
		{name: "two new certificates, thumbprint picks one", previous: s.onboarding, metadata: signedBy(t, "", c.A, c.A, c.B, c.D),
			thumbprints: []string{c.D.tp}, wantLink: LinkVouched, wantNew: c.D.tp},
		{name: "edited previous bundle", previous: editedOnboarding, metadata: signedBy(t, "", c.A, c.A, c.B),
			wantCodes: []string{string(CodeRolloverPreviousInvalid)}},
		{name: "previous is not a bundle", previous: []byte("not a zip"), metadata: signedBy(t, "", c.A, c.A, c.B),
			wantCodes: []string{string(CodeRolloverPreviousInvalid)}},
		{name: "new metadata edited after download", previous: s.onboarding, metadata: tampered},
		{name: "switch day before the bundle", previous: s.onboarding, metadata: signedBy(t, "", c.A, c.A, c.B),
			sw: rollFirst.AddDate(0, 0, -1), wantCodes: []string{string(CodeRolloverSwitchDate)}},
		{name: "switch day after the old certificate expires", previous: s.onboarding, metadata: signedBy(t, "", c.A, c.A, c.B),
			sw: time.Date(2028, 7, 1, 0, 0, 0, 0, time.UTC), wantLink: LinkVouched, wantNew: c.B.tp,
			wantCodes: []string{string(CodeRolloverSwitchDate)}},
		{name: "chain: the certificate the last rollover announced vouches", previous: s.first, metadata: signedBy(t, "", c.B, c.B, c.C),
			created: rollSecond, wantLink: LinkVouched, wantNew: c.C.tp},
		{name: "chain: unknown signer", previous: s.first, metadata: signedBy(t, "", c.C, c.B, c.C),
			created: rollSecond, wantCodes: []string{string(CodeRolloverSignerNotVouched)}},
		{name: "chain: nothing new since the last rollover", previous: s.first, metadata: signedBy(t, "", c.A, c.A, c.B),
			created: time.Date(2028, 5, 1, 0, 0, 0, 0, time.UTC), wantCodes: []string{string(CodeRolloverNoNewCertificate)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			created := tc.created
			if created.IsZero() {
				created = rollFirst
			}
			in := RolloverInput{Previous: tc.previous, Metadata: tc.metadata, Thumbprints: tc.thumbprints, Switch: tc.sw, Created: created, ToolVersion: "test"}
			plan := PlanRollover(in)
			b, err := BuildRollover(in)
			got := findingCodes(plan.Findings)
			slices.Sort(got)
			if !slices.Equal(got, tc.wantCodes) {
				t.Errorf("findings %v, want %v\n%+v", got, tc.wantCodes, plan.Findings)
			}
			if tc.wantLink == "" {
				if err == nil || !errors.Is(err, ErrRolloverRefused) || b != nil || plan.OK {
					t.Fatalf("want refused, got bundle=%v err=%v plan.OK=%v", b != nil, err, plan.OK)
				}
				var refused *RolloverRefusedError
				if !errors.As(err, &refused) || (len(refused.Findings) == 0 && (refused.Report == nil || refused.Report.OK)) {
					t.Fatalf("refusal carries no reason: %#v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("BuildRollover: %v", err)
			}
			if b.Rollover.Link != tc.wantLink || plan.Link != tc.wantLink || b.Rollover.NewCertificate.SHA1Thumbprint != tc.wantNew {
				t.Fatalf("link %q new %s, want %q %s", b.Rollover.Link, b.Rollover.NewCertificate.SHA1Thumbprint, tc.wantLink, tc.wantNew)
			}
			res := verifyBytes(b.Zip, samlcheck.Options{Now: created})
			if !res.OK || res.Rollover == nil {
				t.Fatalf("the rollover bundle does not verify:%s", problemsText(res))
			}
			chain := VerifyChain(tc.previous, b.Zip, samlcheck.Options{Now: created})
			if chain.Link != tc.wantLink || !chain.OK {
				t.Fatalf("VerifyChain: %s %v", chain.Verdict, chain.Problems)
			}
		})
	}
}

// TestRolloverDeterministic: the same inputs give the same bytes, entries in
// the manifest, and the no-overwrite rule of WriteFile holds for them too.
func TestRolloverDeterministic(t *testing.T) {
	s := newRollStory(t)
	in := RolloverInput{Previous: s.onboarding, Metadata: signedBy(t, "", s.certs.A, s.certs.A, s.certs.B), Created: rollFirst, ToolVersion: "test"}
	a, b := buildRoll(t, in), buildRoll(t, in)
	if !bytes.Equal(a.Zip, b.Zip) {
		t.Fatal("two builds of the same input differ")
	}
	names, entries := unzip(t, a.Zip)
	if !slices.Equal(names, rolloverEntries()) {
		t.Fatalf("entries %v, want %v", names, rolloverEntries())
	}
	if !bytes.Equal(entries[EntrySums], sums(entries)) {
		t.Fatal("SHA256SUMS does not list the entries")
	}
	if !bytes.Equal(entries[EntryMetadata], in.Metadata) {
		t.Fatal("the metadata is not byte for byte")
	}
	var ro Rollover
	if err := json.Unmarshal(entries[EntryRollover], &ro); err != nil {
		t.Fatal(err)
	}
	if ro.Previous.SHA256 != hexSum(s.onboarding) || ro.Previous.SignerThumbprint != s.certs.A.tp || ro.SwitchDate != "2028-04-15" {
		t.Fatalf("rollover.json: previous %+v switch %s", ro.Previous, ro.SwitchDate)
	}
	if a.FileName != "pymetrics-sso-acme-rollover-20280401.zip" {
		t.Fatalf("file name %s", a.FileName)
	}
	path := t.TempDir() + "/" + a.FileName
	if err := WriteFile(path, a.Zip, false); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, a.Zip, false); !errors.Is(err, ErrExists) {
		t.Fatalf("second write without force: %v", err)
	}
}

// TestVerifyChain: verify-bundle --previous from the two files alone,
// including bundles swapped, edited, or not belonging together.
func TestVerifyChain(t *testing.T) {
	s := newRollStory(t)
	c := s.certs
	confirmed := buildRoll(t, RolloverInput{Previous: s.onboarding, Metadata: signedBy(t, "", c.B, c.A, c.B),
		Thumbprints: []string{c.B.tp}, Created: rollFirst, ToolVersion: "test"}).Zip
	// An attacker with key D edits a confirmed-by-thumbprint bundle to
	// claim D was trusted: it is self-consistent, so only the previous
	// bundle can expose it.
	forged := func() []byte {
		b := buildRoll(t, RolloverInput{Previous: s.onboarding, Metadata: signedBy(t, "", c.D, c.A, c.D, c.B),
			Thumbprints: []string{c.D.tp, c.B.tp}, Created: rollFirst, ToolVersion: "test"})
		if b.Rollover.NewCertificate.SHA1Thumbprint != c.B.tp || b.Rollover.Link != LinkConfirmedByThumbprint {
			t.Fatalf("forgery's base: new %s link %s", b.Rollover.NewCertificate.SHA1Thumbprint, b.Rollover.Link)
		}
		ro := b.Rollover
		ro.Link = LinkVouched
		ro.ConfirmedThumbprints = nil
		ro.Previous.TrustedThumbprints = append(ro.Previous.TrustedThumbprints, c.D.tp)
		ro.Findings = slices.DeleteFunc(ro.Findings, func(f samlcheck.Finding) bool { return f.Code == CodeRolloverConfirmedByThumbprint })
		entries := cloneEntries(b.Entries)
		var err error
		if entries[EntryRollover], err = marshalIndented(ro); err != nil {
			t.Fatal(err)
		}
		entries[EntryEmail] = []byte(newRolloverEmail(ro, b.FileName).Text())
		entries[EntrySwitchCalendar] = renderSwitchCalendar(ro, b.FileName)
		return rezip(t, resum(entries))
	}()
	editedNext := func() []byte {
		_, entries := unzip(t, s.first)
		entries[EntryRollover] = bytes.Replace(entries[EntryRollover], []byte(`"switch_date": "2028-04-15"`), []byte(`"switch_date": "2028-04-20"`), 1)
		return rezip(t, resum(entries))
	}()
	editedPrevious := func() []byte {
		_, entries := unzip(t, s.onboarding)
		entries[EntryOnboarding] = bytes.Replace(entries[EntryOnboarding], []byte(`"tool_version": "test"`), []byte(`"tool_version": "tost"`), 1)
		return rezip(t, resum(entries))
	}()
	otherOnboarding := onboardingWith(t, signedBy(t, "", c.A, c.A), rollOnboarded.Add(time.Hour))

	for _, tc := range []struct {
		name       string
		prev, next []byte
		wantLink   string
		wantCodes  []ProblemCode // link problems that must be present
		wantPrefix string
	}{
		{"vouched", s.onboarding, s.first, LinkVouched, nil, "ROLLOVER VOUCHED: "},
		{"chain of renewals", s.first, s.second, LinkVouched, nil, "ROLLOVER VOUCHED: "},
		{"confirmed by thumbprint only", s.onboarding, confirmed, LinkConfirmedByThumbprint, nil, "ROLLOVER CONFIRMED BY THUMBPRINT ONLY: "},
		{"forged trust caught by the previous bundle", s.onboarding, forged, LinkNotLinked, []ProblemCode{ProblemRolloverNotVouched}, "ROLLOVER NOT LINKED: "},
		{"swapped rollovers", s.second, s.first, LinkNotLinked, []ProblemCode{ProblemRolloverSwapped, ProblemRolloverPrevious}, "ROLLOVER NOT LINKED: "},
		{"onboarding given last", s.first, s.onboarding, LinkNotLinked, []ProblemCode{ProblemRolloverNotRoll}, "ROLLOVER NOT LINKED: "},
		{"skipped a link of the chain", s.onboarding, s.second, LinkNotLinked, []ProblemCode{ProblemRolloverPrevious}, "ROLLOVER NOT LINKED: "},
		{"edited rollover bundle", s.onboarding, editedNext, LinkNotLinked, []ProblemCode{ProblemRolloverNotRoll}, "ROLLOVER NOT LINKED: "},
		{"edited previous bundle", editedPrevious, s.first, LinkNotLinked, []ProblemCode{ProblemRolloverPrevious}, "ROLLOVER NOT LINKED: "},
		{"another onboarding bundle of the same tenant", otherOnboarding, s.first, LinkNotLinked, []ProblemCode{ProblemRolloverPrevious}, "ROLLOVER NOT LINKED: "},
		{"garbage", []byte("x"), []byte("y"), LinkNotLinked, []ProblemCode{ProblemRolloverNotRoll}, "ROLLOVER NOT LINKED: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Support verifies when the bundle arrives.
			now := rollFirst
			if bytes.Equal(tc.next, s.second) {
				now = rollSecond
			}
			res := VerifyChain(tc.prev, tc.next, samlcheck.Options{Now: now})
			if res.Link != tc.wantLink || res.OK != (tc.wantLink != LinkNotLinked) {
				t.Fatalf("link %s ok %v, want %s: %s %+v", res.Link, res.OK, tc.wantLink, res.Verdict, res.Problems)
			}
			for _, code := range tc.wantCodes {
				if !slices.ContainsFunc(res.Problems, func(p Problem) bool { return p.Code == code }) {
					t.Errorf("no %s among %+v", code, res.Problems)
				}
			}
			if !strings.HasPrefix(res.Verdict, tc.wantPrefix) || strings.Contains(res.Verdict, "\n") {
				t.Errorf("verdict %q, want one line starting %q", res.Verdict, tc.wantPrefix)
			}
			var text bytes.Buffer
			if err := res.WriteText(&text); err != nil {
				t.Fatal(err)
			}
			if !strings.HasSuffix(text.String(), res.Verdict+"\n") {
				t.Errorf("text does not end with the verdict:\n%s", text.String())
			}
		})
	}
}

// TestSourceRecorded: metadata fetched from its URL is recorded with the
// fetch time in both kinds of bundle, and a URL with a line break is refused.
func TestSourceRecorded(t *testing.T) {
	s := newRollStory(t)
	src := &MetadataSource{URL: "https://login.microsoftonline.com/x/federationmetadata/2007-06/federationmetadata.xml", FetchedAt: rollFirst.Add(-time.Minute + 300*time.Millisecond)}
	in := Input{URLs: urlsFor(t, "acme"), Metadata: signedBy(t, "", s.certs.A, s.certs.A), Created: rollOnboarded, Source: src}
	b := build(t, in)
	if b.Onboarding.MetadataSource == nil || b.Onboarding.MetadataSource.URL != src.URL || !b.Onboarding.MetadataSource.FetchedAt.Equal(rollFirst.Add(-time.Minute)) {
		t.Fatalf("onboarding source %+v", b.Onboarding.MetadataSource)
	}
	if res := verifyBytes(b.Zip, samlcheck.Options{Now: rollOnboarded}); !res.OK || res.Onboarding.MetadataSource == nil {
		t.Fatalf("bundle with a source does not verify:%s", problemsText(res))
	}
	ro := buildRoll(t, RolloverInput{Previous: s.onboarding, Metadata: signedBy(t, "", s.certs.A, s.certs.A, s.certs.B), Created: rollFirst, Source: src})
	if ro.Rollover.Source == nil || ro.Rollover.Source.URL != src.URL {
		t.Fatalf("rollover source %+v", ro.Rollover.Source)
	}
	bad := *src
	bad.URL += "\nBcc: x"
	in.Source = &bad
	if _, err := Build(in); !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("URL with a line break: %v", err)
	}
	if _, err := BuildRollover(RolloverInput{Previous: s.onboarding, Metadata: signedBy(t, "", s.certs.A, s.certs.A, s.certs.B), Created: rollFirst, Source: &bad}); !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("rollover URL with a line break: %v", err)
	}
}

// TestRolloverProblemCodesMatchFindings: verify-bundle --previous names a
// broken rule with the same code rollover refused it with.
func TestRolloverProblemCodesMatchFindings(t *testing.T) {
	for p, f := range map[ProblemCode]samlcheck.Code{
		ProblemRolloverPrevBad:    CodeRolloverPreviousInvalid,
		ProblemRolloverTenant:     CodeRolloverTenantChanged,
		ProblemRolloverEndpoints:  CodeRolloverEndpointsChanged,
		ProblemRolloverNoNew:      CodeRolloverNoNewCertificate,
		ProblemRolloverNotVouched: CodeRolloverSignerNotVouched,
	} {
		if string(p) != string(f) {
			t.Errorf("problem %s, finding %s", p, f)
		}
	}
}

// TestVerifyChainExpectations: support's expectations apply to both bundles
// of a pair with the codes of a bundle alone, and the pins name the
// rollover bundle's signer only, which may be the new certificate.
func TestVerifyChainExpectations(t *testing.T) {
	s := newRollStory(t)
	c := s.certs
	confirmed := buildRoll(t, RolloverInput{Previous: s.onboarding, Metadata: signedBy(t, "", c.B, c.A, c.B),
		Thumbprints: []string{c.B.tp}, Created: rollFirst, ToolVersion: "test"}).Zip
	other := "00000000-0000-4000-8000-000000000000"
	for _, tc := range []struct {
		name          string
		next          []byte
		opts          VerifyOptions
		wantLink      string
		wantCode      ProblemCode // in both bundles' problems
		wantInVerdict string
	}{
		{"expected customer and tenant", s.first, VerifyOptions{Customer: "acme", TenantID: samltest.DefaultTenantID}, LinkVouched, "", "ROLLOVER VOUCHED: "},
		{"another customer", s.first, VerifyOptions{Customer: "globex"}, LinkNotLinked, ProblemCustomerMismatch, "Check that this is the bundle you meant to open"},
		{"another tenant", s.first, VerifyOptions{TenantID: other}, LinkNotLinked, ProblemTenantChanged, "whether they moved to another Entra tenant"},
		{"pin of the vouching signer", s.first, VerifyOptions{Check: samlcheck.Options{Thumbprints: []string{c.A.tp}}}, LinkVouched, "", "ROLLOVER VOUCHED: "},
		{"pin of the new signer", confirmed, VerifyOptions{Check: samlcheck.Options{Thumbprints: []string{c.B.tp}}}, LinkConfirmedByThumbprint, "", "ROLLOVER CONFIRMED BY THUMBPRINT ONLY: "},
		{"pin of the old signer, new signer", confirmed, VerifyOptions{Check: samlcheck.Options{Thumbprints: []string{c.A.tp}}}, LinkNotLinked, "", "ROLLOVER NOT LINKED: the rollover bundle does not verify"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.Check.Now = rollFirst
			res := VerifyChainWith(s.onboarding, tc.next, tc.opts)
			if res.Link != tc.wantLink || !strings.Contains(res.Verdict, tc.wantInVerdict) {
				t.Fatalf("link %s, want %s; verdict %q should have %q", res.Link, tc.wantLink, res.Verdict, tc.wantInVerdict)
			}
			if tc.wantCode == "" {
				return
			}
			if res.Configure != nil {
				t.Errorf("a pair that is not linked has a configure section")
			}
			for _, r := range []*VerifyResult{res.Previous, res.Bundle} {
				if r.OK || !r.hasCode(tc.wantCode) {
					t.Errorf("ok %v, problems %+v: want %s", r.OK, r.Problems, tc.wantCode)
				}
			}
		})
	}
}

// TestRolloverFileNameCustomer: a rollover bundle under its default name
// is not warned about, one named for another customer is.
func TestRolloverFileNameCustomer(t *testing.T) {
	s := newRollStory(t)
	for _, tc := range []struct {
		name, file string
		warned     bool
	}{
		{"default name", DefaultRolloverFileName("acme", rollFirst), false},
		{"second download", "pymetrics-sso-acme-rollover-20280401 (1).zip", false},
		{"another customer's name", DefaultRolloverFileName("globex", rollFirst), true},
		{"renamed", "new cert.zip", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := VerifyWith(bytes.NewReader(s.first), int64(len(s.first)), VerifyOptions{Check: samlcheck.Options{Now: rollFirst}, FileName: tc.file})
			if !res.OK || res.hasCode(ProblemFileNameCustomer) != tc.warned {
				t.Errorf("ok %v, problems %+v; warned should be %v", res.OK, res.Problems, tc.warned)
			}
		})
	}
}
