package bundle

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/internal/golden"
	"github.com/pymetrics/sso-assistant/samlcheck"
)

// The golden renewal story: three metadata files signed with keys made for
// the test (testdata/rollover; the keys are gone, the files are not), an
// onboarding bundle from the first and a chain of two rollover bundles.
// The files are generated only when missing and -update is given, so the
// golden bundles stay byte-identical between runs.
var rolloverFixtureNames = []string{"onboarding.xml", "rollover-1.xml", "rollover-2.xml"}

func rolloverFixtures(t testing.TB) map[string][]byte {
	t.Helper()
	dir := filepath.Join("testdata", "rollover")
	out := map[string][]byte{}
	for _, name := range rolloverFixtureNames {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) && golden.Update() {
			c := rollKeys(t)
			golden.Write(t, filepath.Join(dir, "onboarding.xml"), signedBy(t, "", c.A, c.A))
			golden.Write(t, filepath.Join(dir, "rollover-1.xml"), signedBy(t, "", c.A, c.A, c.B))
			golden.Write(t, filepath.Join(dir, "rollover-2.xml"), signedBy(t, "", c.B, c.B, c.C))
			return rolloverFixtures(t)
		}
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		out[name] = data
	}
	return out
}

// goldenChain builds the onboarding bundle and both rollover bundles from
// the fixtures.
func goldenChain(t testing.TB) (onboarding []byte, first, second *RolloverBundle) {
	t.Helper()
	fx := rolloverFixtures(t)
	onboarding = onboardingWith(t, fx["onboarding.xml"], rollOnboarded)
	first = buildRoll(t, RolloverInput{
		Previous: onboarding, PreviousName: "pymetrics-sso-acme-20260115.zip",
		Metadata: fx["rollover-1.xml"], MetadataName: "FederationMetadata (1).xml",
		Created: rollFirst, ToolVersion: "1.3.0",
	})
	second = buildRoll(t, RolloverInput{
		Previous: first.Zip, PreviousName: first.FileName,
		Metadata: fx["rollover-2.xml"], MetadataName: "FederationMetadata.xml",
		Source: &MetadataSource{
			URL:       "https://login.microsoftonline.com/" + "0b5f2c3e-7d41-4a8e-9c6b-2f1d8e4a7b90" + "/federationmetadata/2007-06/federationmetadata.xml?appid=6f1c2b4e-8a9d-4c3b-b2e1-7d5a9c8f0e12",
			FetchedAt: rollSecond.Add(-5 * 60e9),
		},
		Thumbprints: nil, Created: rollSecond, ToolVersion: "1.4.0",
	})
	return onboarding, first, second
}

// TestRolloverGolden keeps both rollover bundles, their entries, and
// verify-bundle's text for each alone and with --previous, in
// testdata/golden-rollover/<name>/.
func TestRolloverGolden(t *testing.T) {
	onboarding, first, second := goldenChain(t)
	for _, tc := range []struct {
		name     string
		b        *RolloverBundle
		previous []byte
		now      samlcheck.Options
	}{
		{"first-vouched", first, onboarding, samlcheck.Options{Now: rollFirst}},
		{"second-chain-with-url", second, first.Zip, samlcheck.Options{Now: rollSecond}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join("testdata", "golden-rollover", tc.name)
			res := verifyBytes(tc.b.Zip, tc.now)
			if !res.OK {
				t.Fatalf("golden rollover bundle does not verify:%s", problemsText(res))
			}
			chain := VerifyChain(tc.previous, tc.b.Zip, tc.now)
			if chain.Link != LinkVouched {
				t.Fatalf("chain: %s", chain.Verdict)
			}
			var text, chainText bytes.Buffer
			if err := res.WriteText(&text); err != nil {
				t.Fatal(err)
			}
			if err := chain.WriteText(&chainText); err != nil {
				t.Fatal(err)
			}
			files := map[string][]byte{"bundle.zip": tc.b.Zip, "verify.txt": text.Bytes(), "verify-previous.txt": chainText.Bytes()}
			for name, data := range tc.b.Entries {
				if name != EntryMetadata {
					files[filepath.Join("entries", name)] = data
				}
			}
			if golden.Update() {
				os.RemoveAll(dir)
				for name, data := range files {
					golden.Write(t, filepath.Join(dir, name), data)
				}
				return
			}
			for name, data := range files {
				want, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatalf("%v (run go test -update to create it)", err)
				}
				if !bytes.Equal(data, want) {
					t.Errorf("%s differs from the golden file (run go test -update if intended):\n%s", name, firstDiff(data, want))
				}
			}
		})
	}
}

// FuzzVerifyChain feeds verify-bundle --previous arbitrary pairs, seeded
// with the golden chain, the pair swapped, and each bundle cut short. It
// must not panic, must say exactly one of the three verdicts in one line,
// and must never call a pair linked when either bundle has a problem.
func FuzzVerifyChain(f *testing.F) {
	onboarding, first, second := goldenChain(f)
	f.Add(onboarding, first.Zip)
	f.Add(first.Zip, second.Zip)
	f.Add(second.Zip, first.Zip)
	f.Add(first.Zip, onboarding)
	f.Add(onboarding[:len(onboarding)/2], first.Zip)
	f.Add(onboarding, first.Zip[:len(first.Zip)-30])
	f.Add([]byte{}, []byte{})
	f.Fuzz(func(t *testing.T, prev, next []byte) {
		res := VerifyChain(prev, next, samlcheck.Options{Now: rollFirst})
		prefix := map[string]string{LinkVouched: "ROLLOVER VOUCHED: ", LinkConfirmedByThumbprint: "ROLLOVER CONFIRMED BY THUMBPRINT ONLY: ", LinkNotLinked: "ROLLOVER NOT LINKED: "}[res.Link]
		if prefix == "" || !strings.HasPrefix(res.Verdict, prefix) || strings.ContainsAny(res.Verdict, "\n\r\x1b") {
			t.Fatalf("verdict %q for link %q", res.Verdict, res.Link)
		}
		if res.OK != (res.Link != LinkNotLinked) || (res.OK && (len(res.Problems) > 0 || !res.Bundle.OK || !res.Previous.OK)) {
			t.Fatalf("linked with problems: %+v", res)
		}
		if _, err := json.Marshal(res); err != nil {
			t.Fatal(err)
		}
		var text bytes.Buffer
		if err := res.WriteText(&text); err != nil || bytes.ContainsAny(text.Bytes(), "\x1b\x00\r") {
			t.Fatalf("text output: %v %q", err, text.String())
		}
	})
}

// FuzzBuildRollover feeds the rollover arbitrary previous bundles and
// metadata, seeded with the golden chain's. It must not panic, and whatever
// it writes must verify, alone and against the previous bundle.
func FuzzBuildRollover(f *testing.F) {
	fx := rolloverFixtures(f)
	onboarding, first, _ := goldenChain(f)
	f.Add(onboarding, fx["rollover-1.xml"], "")
	f.Add(first.Zip, fx["rollover-2.xml"], "")
	f.Add(onboarding, fx["onboarding.xml"], "")
	f.Add(onboarding, fx["rollover-2.xml"], first.Rollover.NewCertificate.SHA1Thumbprint)
	f.Add([]byte("PK"), []byte("<x/>"), "zz")
	f.Fuzz(func(t *testing.T, previous, metadata []byte, thumbprint string) {
		in := RolloverInput{Previous: previous, Metadata: metadata, Created: rollFirst, ToolVersion: "fuzz"}
		if thumbprint != "" {
			in.Thumbprints = []string{thumbprint}
		}
		b, err := BuildRollover(in)
		if err != nil {
			if !errors.Is(err, ErrRolloverRefused) && !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("unexpected error: %v", err)
			}
			return
		}
		if res := verifyBytes(b.Zip, samlcheck.Options{Now: rollFirst}); !res.OK {
			t.Fatalf("a built rollover bundle does not verify:%s", problemsText(res))
		}
		if c := VerifyChain(previous, b.Zip, samlcheck.Options{Now: rollFirst}); !c.OK {
			t.Fatalf("a built rollover bundle is not linked: %s", c.Verdict)
		}
	})
}

// goldenConfirmed is a rollover bundle from the golden fixtures whose
// metadata is signed by a certificate the onboarding bundle never had
// (rollover-2.xml, signed by B): the admin confirmed B by thumbprint.
func goldenConfirmed(t testing.TB, onboarding []byte) *RolloverBundle {
	t.Helper()
	fx := rolloverFixtures(t)
	r := samlcheck.Check(fx["rollover-2.xml"], samlcheck.Options{Now: rollFirst})
	signer := r.SignerCertificate()
	if signer == nil {
		t.Fatal("rollover-2.xml has no verified signer")
	}
	return buildRoll(t, RolloverInput{
		Previous: onboarding, PreviousName: "pymetrics-sso-acme-20260115.zip",
		Metadata: fx["rollover-2.xml"], MetadataName: "FederationMetadata.xml",
		Thumbprints: []string{signer.SHA1Thumbprint}, Created: rollFirst, ToolVersion: "1.3.0",
	})
}

// TestRolloverVerdictGolden pins verify-bundle's text and JSON for a
// rollover bundle alone, with --previous for each link, and damaged:
// testdata/golden/verify-rollover/<case>.txt and .json, refreshed with
// -update. Each text must end in its one verdict line.
func TestRolloverVerdictGolden(t *testing.T) {
	onboarding, first, second := goldenChain(t)
	confirmed := goldenConfirmed(t, onboarding)
	damaged := cloneEntries(first.Entries)
	damaged[EntryEmail] = append(damaged[EntryEmail], "P.S. Our new bank account for invoices is 1234.\n"...)
	damagedZip := rezip(t, resum(damaged))
	at := func(now time.Time) samlcheck.Options { return samlcheck.Options{Now: now} }
	alone := func(zip []byte, name string, now time.Time) result {
		res := verifyBytes(zip, at(now))
		res.File = name
		return result{res, res.WriteText, res.VerdictLine()}
	}
	chain := func(prev, next []byte, now time.Time) result {
		res := VerifyChain(prev, next, at(now))
		res.Previous.File, res.Bundle.File = "previous.zip", "rollover.zip"
		return result{res, res.WriteText, res.Verdict}
	}
	tests := []struct {
		name       string
		res        result
		wantPrefix string
	}{
		{"alone", alone(first.Zip, first.FileName, rollFirst), "ROLLOVER INTACT, LINK NOT CHECKED: "},
		{"previous-vouched", chain(onboarding, first.Zip, rollFirst), "ROLLOVER VOUCHED: "},
		{"previous-confirmed-by-thumbprint", chain(onboarding, confirmed.Zip, rollFirst), "ROLLOVER CONFIRMED BY THUMBPRINT ONLY: "},
		{"previous-not-linked", chain(onboarding, second.Zip, rollSecond), "ROLLOVER NOT LINKED: "},
		{"damaged", alone(damagedZip, first.FileName, rollFirst), "NOT OK: "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var text bytes.Buffer
			if err := tc.res.write(&text); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(tc.res.verdict, tc.wantPrefix) || strings.Contains(tc.res.verdict, "\n") || !strings.HasSuffix(text.String(), "\n\n"+tc.res.verdict+"\n") {
				t.Errorf("verdict %q, want one line starting %q that ends the text", tc.res.verdict, tc.wantPrefix)
			}
			js, err := json.MarshalIndent(tc.res.value, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			js = append(js, '\n')
			for ext, got := range map[string][]byte{".txt": text.Bytes(), ".json": js} {
				golden.Check(t, filepath.Join("testdata", "golden", "verify-rollover", tc.name+ext), got)
			}
		})
	}
}

// result is one verify-bundle output: the value --json prints, the text
// writer and the verdict line.
type result struct {
	value   any
	write   func(io.Writer) error
	verdict string
}

// TestRolloverConfigure: what support is told to configure for a rollover:
// the new certificate to add, marked not active, with the switch day; the
// active one kept until then; a new certificate the customer made active
// early, to add at once; and nothing at all unless the bundle (and, with
// --previous, the link) holds.
func TestRolloverConfigure(t *testing.T) {
	onboarding, first, second := goldenChain(t)
	confirmed := goldenConfirmed(t, onboarding)
	damaged := cloneEntries(first.Entries)
	damaged[EntrySwitchCalendar] = bytes.ReplaceAll(damaged[EntrySwitchCalendar], []byte("20280415"), []byte("20280416"))
	// Signed by D, whom the onboarding bundle never knew, and confirmed by
	// the admin's thumbprint: A, which pymetrics has, is listed but no
	// longer active.
	story := newRollStory(t)
	k := story.certs
	unknownSigner := buildRoll(t, RolloverInput{Previous: story.onboarding, Metadata: signedBy(t, "", k.D, k.A, k.D, k.B),
		Thumbprints: []string{k.D.tp, k.B.tp}, Created: rollFirst, ToolVersion: "test"})
	alone := func(zip []byte, now time.Time) func() *Configure {
		return func() *Configure { return verifyBytes(zip, samlcheck.Options{Now: now}).Configure }
	}
	chain := func(prev, next []byte, now time.Time) func() *Configure {
		return func() *Configure { return VerifyChain(prev, next, samlcheck.Options{Now: now}).Configure }
	}
	tests := []struct {
		name       string
		got        func() *Configure
		b          *RolloverBundle // nil: no configure section
		newActive  bool
		keep       string // the certificate to keep
		keepActive bool
		states     []string // expected in the text
	}{
		{"alone", alone(first.Zip, rollFirst), first, false, first.Rollover.Signer.SHA1Thumbprint, true,
			[]string{"NEW, ADD IT NOW: announced, not active yet; the customer makes it active on 2028-04-15", "ACTIVE, KEEP IT: signs sign-ins until the switch on 2028-04-15"}},
		{"second of a chain, alone", alone(second.Zip, rollSecond), second, false, second.Rollover.Signer.SHA1Thumbprint, true,
			[]string{"NEW, ADD IT NOW: announced, not active yet; the customer makes it active on " + second.Rollover.SwitchDate, "ACTIVE, KEEP IT: signs sign-ins until the switch on " + second.Rollover.SwitchDate}},
		{"vouched", chain(onboarding, first.Zip, rollFirst), first, false, first.Rollover.Signer.SHA1Thumbprint, true,
			[]string{"NEW, ADD IT NOW", "ACTIVE, KEEP IT"}},
		{"confirmed by thumbprint: made active early", chain(onboarding, confirmed.Zip, rollFirst), confirmed, true, "", false,
			[]string{"NEW, ADD IT AT ONCE: already active in Entra", "LISTED: not active, and not the certificate this rollover adds", "no longer lists the certificate pymetrics had"}},
		{"confirmed by thumbprint: signed by a certificate pymetrics never had", chain(story.onboarding, unknownSigner.Zip, rollFirst), unknownSigner, false, story.certs.A.tp, false,
			[]string{"NEW, ADD IT NOW", "OLD, KEEP IT: no longer active", "neither the new certificate nor one the previous bundle trusted"}},
		{"not linked", chain(onboarding, second.Zip, rollSecond), nil, false, "", false, nil},
		{"damaged calendar", alone(rezip(t, resum(damaged)), rollFirst), nil, false, "", false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.got()
			if tc.b == nil {
				if c != nil {
					t.Fatalf("configure section %+v, want none", c)
				}
				return
			}
			if c == nil || c.Rollover == nil {
				t.Fatalf("configure %+v, want one with its rollover part", c)
			}
			ro := tc.b.Rollover
			want := ConfigureRollover{AddSHA1Thumbprint: ro.NewCertificate.SHA1Thumbprint, NewActive: tc.newActive, KeepSHA1Thumbprint: tc.keep, SwitchDate: ro.SwitchDate}
			got := *c.Rollover
			got.Order = ""
			if got != want || ro.SwitchDate == "" {
				t.Errorf("rollover part %+v, want %+v", got, want)
			}
			if !strings.Contains(c.Rollover.Order, "test sign-in") || (!tc.newActive && !strings.Contains(c.Rollover.Order, ro.SwitchDate)) {
				t.Errorf("order %q does not name the switch day and the test sign-in", c.Rollover.Order)
			}
			if c.Customer != ro.Customer || c.EntityID != ro.EntityID || c.Identifier != "" {
				t.Errorf("customer %q entity %q identifier %q, want %q %q and none", c.Customer, c.EntityID, c.Identifier, ro.Customer, ro.EntityID)
			}
			states := map[string]bool{}
			for _, cert := range c.Certificates {
				states[cert.SHA1Thumbprint] = cert.Active
			}
			if active, listed := states[want.AddSHA1Thumbprint]; !listed || active != tc.newActive {
				t.Errorf("new certificate listed %v active %v; want listed, active %v", listed, active, tc.newActive)
			}
			if active, listed := states[tc.keep]; tc.keep != "" && (!listed || active != tc.keepActive) {
				t.Errorf("the certificate to keep: listed %v active %v; want listed, active %v", listed, active, tc.keepActive)
			}
			if !c.Certificates[0].Active {
				t.Errorf("the active certificate is not listed first: %+v", c.Certificates)
			}
			var text strings.Builder
			writeConfigure(&text, c)
			for _, s := range append(tc.states, "Order:", "unchanged by a rollover") {
				if !strings.Contains(text.String(), s) {
					t.Errorf("configure text without %q:\n%s", s, text.String())
				}
			}
		})
	}
	if c := verifyBytes(onboarding, samlcheck.Options{Now: rollFirst}).Configure; c == nil || c.Rollover != nil {
		t.Errorf("an onboarding bundle's configure section: %+v, want one without a rollover part", c)
	}
}

// TestNotLinkedNextStep: a NOT LINKED verdict says what support does about
// the first problem: a mix-up of files is support's to fix, a signer
// nobody vouched for is a question for the customer by another channel.
func TestNotLinkedNextStep(t *testing.T) {
	tests := []struct {
		name     string
		code     ProblemCode
		bundleOK bool
		want     string
	}{
		{"swapped", ProblemRolloverSwapped, true, "Do not add a certificate until the link holds."},
		{"onboarding given last", ProblemRolloverNotRoll, true, "Do not add a certificate until the link holds."},
		{"rollover does not verify", ProblemRolloverNotRoll, false, "ask the customer to make the rollover bundle again."},
		{"another previous bundle", ProblemRolloverPrevious, true, "check that --previous is the customer's latest bundle"},
		{"signer not vouched", ProblemRolloverNotVouched, true, "by phone or another channel than the e-mail"},
		{"tenant changed", ProblemRolloverTenant, true, "by phone or another channel than the e-mail"},
		{"previous does not verify", ProblemRolloverPrevBad, true, "ask the customer to make the rollover bundle again."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := &ChainResult{Link: LinkNotLinked, Bundle: &VerifyResult{OK: tc.bundleOK},
				Problems: []Problem{{Code: tc.code, Message: "what broke"}}}
			got := c.verdict(nil)
			if !strings.HasPrefix(got, "ROLLOVER NOT LINKED: what broke. ") || !strings.Contains(got, tc.want) {
				t.Errorf("verdict %q, want the problem and %q", got, tc.want)
			}
		})
	}
}
