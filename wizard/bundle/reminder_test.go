package bundle

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/wizard"
)

// wordingNamed returns the wording with the name, failing the test when
// there is none: the names are how these tests tell the wordings apart.
func wordingNamed(tb testing.TB, name string) reminderWording {
	tb.Helper()
	for _, w := range reminderWordings {
		if w.name == name {
			return w
		}
	}
	tb.Fatalf("no reminder wording %q", name)
	return reminderWording{}
}

// reminderDescription is the calendar's DESCRIPTION as a calendar shows
// it: unfolded and unescaped.
func reminderDescription(t *testing.T, ics []byte) string {
	t.Helper()
	for _, l := range parseICS(t, ics) {
		if v, ok := strings.CutPrefix(l, "DESCRIPTION:"); ok {
			return strings.NewReplacer(`\n`, "\n", `\,`, ",", `\;`, ";", `\\`, `\`).Replace(v)
		}
	}
	t.Fatal("calendar has no DESCRIPTION")
	return ""
}

// replaced is bytes.Replace that fails the test when old is not there, so a
// case cannot pass by editing nothing.
func replaced(tb testing.TB, data []byte, old, new string) []byte {
	tb.Helper()
	if !bytes.Contains(data, []byte(old)) {
		tb.Fatalf("%q not found in:\n%s", old, data)
	}
	return bytes.Replace(data, []byte(old), []byte(new), 1)
}

// TestReminderWordings: a bundle holds the newest reminder, verify-bundle
// takes the newest or an earlier wording the assistant wrote for the same
// values, and nothing else.
func TestReminderWordings(t *testing.T) {
	base := build(t, realInput(t))
	ob, name := base.Onboarding, base.FileName
	newest, earlier := wordingNamed(t, "renewal-journey"), wordingNamed(t, "activate-at-once")
	if reminderWordings[0].name != newest.name {
		t.Fatalf("Build writes %q, want %q", reminderWordings[0].name, newest.name)
	}
	demo := ob
	demo.Demo = true
	tests := []struct {
		name     string
		calendar func(t *testing.T) []byte
		want     []string
	}{
		{"built now: the newest wording", func(*testing.T) []byte { return base.Entries[EntryCalendar] }, nil},
		{"the earlier wording", func(*testing.T) []byte { return earlier.render(ob, name) }, nil},
		{"the earlier wording, one word changed", func(t *testing.T) []byte {
			return replaced(t, earlier.render(ob, name), "make it active", "make it Active")
		}, []string{"calendar.mismatch certificate-expiry.ics"}},
		{"the earlier wording, another day", func(t *testing.T) []byte {
			return replaced(t, earlier.render(ob, name), "DTSTART;VALUE=DATE:2028", "DTSTART;VALUE=DATE:2029")
		}, []string{"calendar.mismatch certificate-expiry.ics"}},
		{"the earlier wording for another customer", func(*testing.T) []byte {
			other := ob
			other.Customer = "globex"
			return earlier.render(other, name)
		}, []string{"calendar.mismatch certificate-expiry.ics"}},
		{"the newest wording, one word changed", func(t *testing.T) []byte {
			return replaced(t, base.Entries[EntryCalendar], "do NOT make", "do make")
		}, []string{"calendar.mismatch certificate-expiry.ics"}},
		{"the newest wording, naming another bundle", func(*testing.T) []byte { return newest.render(ob, "renamed.zip") },
			[]string{"calendar.mismatch certificate-expiry.ics"}},
		{"the demo's reminder in a real bundle", func(*testing.T) []byte { return newest.render(demo, name) },
			[]string{"calendar.mismatch certificate-expiry.ics"}},
		{"both wordings in one file", func(*testing.T) []byte {
			return append(bytes.Clone(base.Entries[EntryCalendar]), earlier.render(ob, name)...)
		}, []string{"calendar.mismatch certificate-expiry.ics"}},
		{"the newest wording with LF line ends", func(*testing.T) []byte {
			return bytes.ReplaceAll(base.Entries[EntryCalendar], []byte("\r\n"), []byte("\n"))
		}, []string{"calendar.mismatch certificate-expiry.ics"}},
		{"a wording the assistant never wrote", func(*testing.T) []byte {
			w := reminderWording{"made up", func(Onboarding, string) string { return "Renew the certificate." }}
			return w.render(ob, name)
		}, []string{"calendar.mismatch certificate-expiry.ics"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			entries := cloneEntries(base.Entries)
			entries[EntryCalendar] = tc.calendar(t)
			res := verifyBytes(rezip(t, resum(entries)), atCreated)
			if got := codes(res); !slices.Equal(got, tc.want) {
				t.Errorf("problems %q, want %q%s", got, tc.want, problemsText(res))
			}
			if res.OK != (len(tc.want) == 0) {
				t.Errorf("OK = %v with %d problems", res.OK, len(res.Problems))
			}
		})
	}
}

// TestReminderSaysTheJourney holds the newest wording to the renewal
// journey's words: if a step is renamed, this fails, and the fix is a new
// wording at the front of reminderWordings, never an edit of a written one.
func TestReminderSaysTheJourney(t *testing.T) {
	b := build(t, realInput(t))
	desc := reminderDescription(t, b.Entries[EntryCalendar])
	want := []string{
		"expires on 17 July 2028 08:53 UTC",
		"Open the pymetrics SSO Assistant and choose Renew the signing certificate",
		"Keep the bundle you last sent to pymetrics support: " + b.FileName,
		"pymetrics-sso rollover --previous " + b.FileName + " --metadata FILE",
		"Leave it Inactive: do NOT make it active until pymetrics support confirms they have it.",
		"only after pymetrics support confirms they have the new certificate, on the switch day",
		SupportAddress,
	}
	for i, s := range wizard.RenewalSteps() {
		want = append(want, string(rune('1'+i))+". "+s.Title)
	}
	for _, w := range want {
		if !strings.Contains(desc, w) {
			t.Errorf("the reminder does not say %q:\n%s", w, desc)
		}
	}
	// What the first wording told, and must never be told again.
	if strings.Contains(desc, "make it active, download") || strings.Contains(desc, "send a new onboarding bundle") {
		t.Errorf("the reminder still tells to activate at once:\n%s", desc)
	}
	if strings.Contains(desc, "DEMO") {
		t.Errorf("a real bundle's reminder speaks of the demo:\n%s", desc)
	}

	// The command quotes a file name the shell would split, and a demo
	// reminder says it is one.
	in := realInput(t)
	in.FileName = "acme bundle.zip"
	if desc := reminderDescription(t, build(t, in).Entries[EntryCalendar]); !strings.Contains(desc, "--previous 'acme bundle.zip' --metadata") {
		t.Errorf("the command does not quote the file name:\n%s", desc)
	}
	ob := b.Onboarding
	ob.Demo = true
	if desc := reminderDescription(t, renderCalendar(ob, b.FileName)); !strings.HasPrefix(desc, "DEMO: ") {
		t.Errorf("a demo reminder does not say it is one:\n%s", desc)
	}
}

// TestEarlierBundles: bundles made by the build before the rewording, byte
// for byte (testdata/earlier), still verify intact and still start a
// renewal; made again now from the same values, only the reminder (and its
// checksum) differs.
func TestEarlierBundles(t *testing.T) {
	read := func(t *testing.T, name string) []byte {
		t.Helper()
		data, err := os.ReadFile(filepath.Join("testdata", "earlier", name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	earlier := wordingNamed(t, "activate-at-once")

	t.Run("esecdj-contact verifies intact", func(t *testing.T) {
		old := read(t, "esecdj-contact.zip")
		res := verifyBytes(old, atCreated)
		if !res.OK || len(res.Problems) != 0 {
			t.Fatalf("the earlier bundle does not verify:%s", problemsText(res))
		}
		_, oldEntries := unzip(t, old)
		now := build(t, realInput(t))
		if !bytes.Equal(oldEntries[EntryCalendar], earlier.render(now.Onboarding, now.FileName)) {
			t.Errorf("its calendar is not the %q wording", earlier.name)
		}
		for name, data := range now.Entries {
			changed := !bytes.Equal(data, oldEntries[name])
			if changed != (name == EntryCalendar || name == EntrySums) {
				t.Errorf("%s: changed %v since the earlier build", name, changed)
			}
		}
	})

	t.Run("rollover-onboarding starts a renewal", func(t *testing.T) {
		old := read(t, "rollover-onboarding.zip")
		fx := rolloverFixtures(t)
		if _, e := unzip(t, old); !bytes.Equal(e[EntryMetadata], fx["onboarding.xml"]) {
			t.Fatal("testdata/earlier/rollover-onboarding.zip does not hold testdata/rollover/onboarding.xml (were the rollover fixtures made again?)")
		}
		if got := hexSum(old); got != "24dbf19ecb4c933b2fc779af8653dd187ab4bde2c5cee96acadc0941495f2586" {
			t.Fatalf("rollover-onboarding.zip was changed (sha256 %s); it stands for a bundle already sent", got)
		}
		if res := verifyBytes(old, samlcheck.Options{Now: rollOnboarded}); !res.OK {
			t.Fatalf("the earlier bundle does not verify:%s", problemsText(res))
		}
		next := buildRoll(t, RolloverInput{
			Previous: old, PreviousName: "pymetrics-sso-acme-20260115.zip",
			Metadata: fx["rollover-1.xml"], MetadataName: "FederationMetadata.xml",
			Created: rollFirst, ToolVersion: "test",
		})
		chain := VerifyChain(old, next.Zip, samlcheck.Options{Now: rollFirst})
		if chain.Link != LinkVouched {
			t.Fatalf("rollover from the earlier bundle: %s", chain.Verdict)
		}
	})
}
