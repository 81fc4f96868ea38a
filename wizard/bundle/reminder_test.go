package bundle

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
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
// values (each on the day of its own lead), and nothing else.
func TestReminderWordings(t *testing.T) {
	base := build(t, realInput(t))
	ob, name := base.Onboarding, base.FileName
	newest := wordingNamed(t, "renewal-journey-60-days-any-shell")
	journey30, earlier := wordingNamed(t, "renewal-journey"), wordingNamed(t, "activate-at-once")
	if reminderWordings[0].name != newest.name {
		t.Fatalf("Build writes %q, want %q", reminderWordings[0].name, newest.name)
	}
	if newest.lead != ReminderLead || journey30.lead != 30*24*time.Hour || earlier.lead != 30*24*time.Hour {
		t.Fatalf("leads %v, %v, %v: the earlier wordings were written 30 days ahead, the newest ReminderLead", newest.lead, journey30.lead, earlier.lead)
	}
	demo := ob
	demo.Demo = true
	tests := []struct {
		name     string
		calendar func(t *testing.T) []byte
		want     []string
	}{
		{"built now: the newest wording", func(*testing.T) []byte { return base.Entries[EntryCalendar] }, nil},
		{"the renewal journey, 30 days ahead as the build before wrote it", func(*testing.T) []byte { return journey30.render(ob, name) }, nil},
		{"the first wording", func(*testing.T) []byte { return earlier.render(ob, name) }, nil},
		{"the first wording, one word changed", func(t *testing.T) []byte {
			return replaced(t, earlier.render(ob, name), "make it active", "make it Active")
		}, []string{"calendar.mismatch certificate-expiry.ics"}},
		{"the first wording, another day", func(t *testing.T) []byte {
			return replaced(t, earlier.render(ob, name), "DTSTART;VALUE=DATE:2028", "DTSTART;VALUE=DATE:2029")
		}, []string{"calendar.mismatch certificate-expiry.ics"}},
		{"the first wording 60 days ahead, which no build wrote", func(*testing.T) []byte {
			w := earlier
			w.lead = ReminderLead
			return w.render(ob, name)
		}, []string{"calendar.mismatch certificate-expiry.ics"}},
		{"the first wording for another customer", func(*testing.T) []byte {
			other := ob
			other.Customer = "globex"
			return earlier.render(other, name)
		}, []string{"calendar.mismatch certificate-expiry.ics"}},
		{"the newest wording, one word changed", func(t *testing.T) []byte {
			return replaced(t, base.Entries[EntryCalendar], "do NOT make", "do make")
		}, []string{"calendar.mismatch certificate-expiry.ics"}},
		{"the newest wording, moved back to 30 days ahead", func(t *testing.T) []byte {
			moved := replaced(t, base.Entries[EntryCalendar], "DTSTART;VALUE=DATE:20280518", "DTSTART;VALUE=DATE:20280617")
			return replaced(t, moved, "DTEND;VALUE=DATE:20280519", "DTEND;VALUE=DATE:20280618")
		}, nil}, // byte for byte the renewal-journey wording: it was written
		{"the newest wording, a week later", func(t *testing.T) []byte {
			return replaced(t, base.Entries[EntryCalendar], "DTSTART;VALUE=DATE:20280518", "DTSTART;VALUE=DATE:20280525")
		}, []string{"calendar.mismatch certificate-expiry.ics"}},
		{"the newest wording, naming another bundle", func(*testing.T) []byte { return newest.render(ob, "renamed.zip") },
			[]string{"calendar.mismatch certificate-expiry.ics"}},
		{"the demo's reminder in a real bundle", func(*testing.T) []byte { return newest.render(demo, name) },
			[]string{"calendar.mismatch certificate-expiry.ics"}},
		{"two wordings in one file", func(*testing.T) []byte {
			return append(bytes.Clone(base.Entries[EntryCalendar]), earlier.render(ob, name)...)
		}, []string{"calendar.mismatch certificate-expiry.ics"}},
		{"the newest wording with LF line ends", func(*testing.T) []byte {
			return bytes.ReplaceAll(base.Entries[EntryCalendar], []byte("\r\n"), []byte("\n"))
		}, []string{"calendar.mismatch certificate-expiry.ics"}},
		{"a wording the assistant never wrote", func(*testing.T) []byte {
			w := reminderWording{"made up", ReminderLead, func(reminderFacts) string { return "Renew the certificate." }}
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

// TestReminderLead: the reminder falls ReminderLead before the certificate
// expires, the moment the window starts offering the renewal, or on the
// bundle's day when that is already past.
func TestReminderLead(t *testing.T) {
	now := time.Date(2027, 3, 10, 14, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		notAfter time.Time
		want     string // DTSTART
	}{
		{"three years ahead", time.Date(2030, 3, 10, 8, 0, 0, 0, time.UTC), "20300109"},
		{"61 days ahead", now.AddDate(0, 0, 61), "20270311"},
		{"exactly 60 days ahead: today", now.AddDate(0, 0, 60), "20270310"},
		{"40 days ahead: today", now.AddDate(0, 0, 40), "20270310"},
		{"expiring late on a day: that day's date, in UTC", time.Date(2030, 3, 10, 23, 59, 0, 0, time.UTC), "20300109"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := generated(t, "acme", samltest.Options{Now: now, NotBefore: now.AddDate(-1, 0, 0), NotAfter: tc.notAfter})
			lines := parseICS(t, b.Entries[EntryCalendar])
			if !slices.Contains(lines, "DTSTART;VALUE=DATE:"+tc.want) {
				t.Errorf("reminder not on %s:\n%s", tc.want, b.Entries[EntryCalendar])
			}
			if res := verifyBytes(b.Zip, samlcheck.Options{Now: now}); !res.OK {
				t.Errorf("does not verify:%s", problemsText(res))
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
	if desc := reminderDescription(t, build(t, in).Entries[EntryCalendar]); !strings.Contains(desc, `--previous "acme bundle.zip" --metadata`) {
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

// TestEarlierRenewalBundles: an onboarding bundle and the rollover bundle
// made from it by the build before the 60-day lead, the rollover reminder
// and quoted file names (testdata/earlier, both named with a space), still
// verify intact, alone and as a chain, and still start the next renewal;
// edited, they fail as before.
func TestEarlierRenewalBundles(t *testing.T) {
	read := func(t *testing.T, name, sum string) []byte {
		t.Helper()
		data, err := os.ReadFile(filepath.Join("testdata", "earlier", name))
		if err != nil {
			t.Fatal(err)
		}
		if got := hexSum(data); got != sum {
			t.Fatalf("%s was changed (sha256 %s); it stands for a bundle already sent", name, got)
		}
		return data
	}
	onboarding := read(t, "renewal-journey-onboarding.zip", "63ba7f64038652b111b6ab95f2298000f775d63ed8710035500a313b79523904")
	rollover := read(t, "rollover-first.zip", "8684fa3e7a0e0c2825672cdc85992024f6a30f98ae04625448396b1c019a3302")
	fx := rolloverFixtures(t)

	t.Run("the onboarding bundle verifies intact", func(t *testing.T) {
		res := verifyBytes(onboarding, samlcheck.Options{Now: rollOnboarded})
		if !res.OK || len(res.Problems) != 0 {
			t.Fatalf("does not verify:%s", problemsText(res))
		}
		_, old := unzip(t, onboarding)
		ob, name := *res.Onboarding, "acme onboarding.zip"
		if !bytes.Equal(old[EntryCalendar], wordingNamed(t, "renewal-journey").render(ob, name)) {
			t.Errorf("its calendar is not the renewal-journey wording 30 days ahead")
		}
		if !bytes.Contains(old[EntryEmail], []byte("\n  pymetrics-sso verify-bundle acme onboarding.zip\n")) {
			t.Errorf("its e-mail does not print the name unquoted, as that build did:\n%s", old[EntryEmail])
		}
		// Made now from the same values, the reminder moves to 60 days
		// ahead and the command lines quote the name; nothing else changes.
		now := build(t, Input{URLs: urlsFor(t, "acme"), Metadata: fx["onboarding.xml"], Created: rollOnboarded, ToolVersion: "1.3.0", FileName: name})
		for entry, data := range now.Entries {
			changed := !bytes.Equal(data, old[entry])
			if want := entry == EntryCalendar || entry == EntryEmail || entry == EntrySummary || entry == EntrySums; changed != want {
				t.Errorf("%s: changed %v since the earlier build", entry, changed)
			}
		}
	})

	t.Run("the rollover bundle verifies intact, alone and with --previous", func(t *testing.T) {
		at := samlcheck.Options{Now: rollFirst}
		res := verifyBytes(rollover, at)
		if !res.OK || len(res.Problems) != 0 || res.Rollover == nil {
			t.Fatalf("does not verify:%s", problemsText(res))
		}
		_, old := unzip(t, rollover)
		if !bytes.Equal(old[EntrySwitchCalendar], calendarFile(res.Rollover.Created, switchEvent(*res.Rollover))) {
			t.Error("its calendar is not the switch event alone")
		}
		chain := VerifyChain(onboarding, rollover, at)
		if !chain.OK || chain.Link != LinkVouched {
			t.Fatalf("chain: %s%s", chain.Verdict, problemsText(chain.Bundle))
		}
	})

	t.Run("the rollover bundle starts the next renewal, which reminds again", func(t *testing.T) {
		next := buildRoll(t, RolloverInput{Previous: rollover, PreviousName: "acme rollover.zip",
			Metadata: fx["rollover-2.xml"], Created: rollSecond, ToolVersion: "test"})
		chain := VerifyChain(rollover, next.Zip, samlcheck.Options{Now: rollSecond})
		if !chain.OK || chain.Link != LinkVouched {
			t.Fatalf("chain: %s", chain.Verdict)
		}
		if n := len(icsEvents(t, next.Entries[EntrySwitchCalendar])); n != 2 {
			t.Errorf("the next rollover bundle's calendar has %d events, want the switch and the reminder", n)
		}
	})

	for _, tc := range []struct {
		name, bundle, entry, old, new string
		want                          []string
	}{
		{"onboarding reminder edited", "onboarding", EntryCalendar, "DTSTART;VALUE=DATE:20280", "DTSTART;VALUE=DATE:20290", []string{"calendar.mismatch certificate-expiry.ics"}},
		{"onboarding e-mail's command quoted by hand", "onboarding", EntryEmail, "verify-bundle acme onboarding.zip", "verify-bundle `acme onboarding.zip`", []string{"email.mismatch email.txt"}},
		{"onboarding summary's command edited", "onboarding", EntrySummary, "verify-bundle acme onboarding.zip", "verify-bundle acme_onboarding.zip", []string{"summary.mismatch summary.html"}},
		{"rollover switch edited", "rollover", EntrySwitchCalendar, "DTSTART;VALUE=DATE:20280415", "DTSTART;VALUE=DATE:20280416", []string{"calendar.mismatch certificate-switch.ics"}},
		{"rollover e-mail's command edited", "rollover", EntryEmail, "--previous acme onboarding.zip", "--previous acme-onboarding.zip", []string{"email.mismatch email.txt"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, at := onboarding, samlcheck.Options{Now: rollOnboarded}
			if tc.bundle == "rollover" {
				data, at = rollover, samlcheck.Options{Now: rollFirst}
			}
			_, entries := unzip(t, data)
			entries[tc.entry] = replaced(t, entries[tc.entry], tc.old, tc.new)
			res := verifyBytes(rezip(t, resum(entries)), at)
			if got := codes(res); !slices.Equal(got, tc.want) {
				t.Errorf("problems %q, want %q%s", got, tc.want, problemsText(res))
			}
		})
	}
}

// TestCommandWords: e-mails and the summary print a file name inside a
// command line so that it can be copied as it is; the unquoted form earlier
// builds wrote still verifies, and only for the names where it differs.
func TestCommandWords(t *testing.T) {
	in := realInput(t)
	in.FileName = "acme onboarding.zip"
	b := build(t, in)
	if !strings.Contains(b.Email.Body, "\n  pymetrics-sso verify-bundle \"acme onboarding.zip\"\n") {
		t.Errorf("the e-mail does not quote the name:\n%s", b.Email.Body)
	}
	if !strings.Contains(b.Email.Body, "\n"+emailAttachedLine+"acme onboarding.zip\n") || !strings.Contains(b.Email.Body, "\nAttachment: acme onboarding.zip\n") {
		t.Errorf("the e-mail's name lines are quoted; only command lines are:\n%s", b.Email.Body)
	}
	if !strings.Contains(string(b.Entries[EntrySummary]), "<code>pymetrics-sso verify-bundle &#34;acme onboarding.zip&#34;</code>") {
		t.Errorf("the summary does not quote the name")
	}
	ob := b.Onboarding
	earlierEmail := []byte(onboardingEmail(ob, b.FileName, asIs).Text())
	earlierSummary, err := renderSummaryWith(ob, b.FileName, asIs)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		entry  string
		data   []byte
		wanted []string
	}{
		{"built now", EntryEmail, b.Entries[EntryEmail], nil},
		{"the e-mail as earlier builds wrote it", EntryEmail, earlierEmail, nil},
		{"the summary as earlier builds wrote it", EntrySummary, earlierSummary, nil},
		{"the e-mail quoted for POSIX shells, as builds before CommandWord wrote it", EntryEmail, replaced(t, b.Entries[EntryEmail], `"acme onboarding.zip"`, "'acme onboarding.zip'"), nil},
		{"the summary quoted for POSIX shells, as builds before CommandWord wrote it", EntrySummary, replaced(t, b.Entries[EntrySummary], "&#34;acme onboarding.zip&#34;", "&#39;acme onboarding.zip&#39;"), nil},
		{"the reminder quoted for POSIX shells, as builds before CommandWord wrote it", EntryCalendar, renewalJourney60POSIX.render(ob, b.FileName), nil},
		{"the reminder quoted another way", EntryCalendar, replaced(t, b.Entries[EntryCalendar], `"acme onboarding.zip"`, "`acme onboarding.zip`"), []string{"calendar.mismatch certificate-expiry.ics"}},
		{"the e-mail quoted another way", EntryEmail, replaced(t, b.Entries[EntryEmail], `"acme onboarding.zip"`, "`acme onboarding.zip`"), []string{"email.mismatch email.txt"}},
		{"the summary quoted another way", EntrySummary, replaced(t, b.Entries[EntrySummary], "&#34;acme onboarding.zip&#34;", "`acme onboarding.zip`"), []string{"summary.mismatch summary.html"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			entries := cloneEntries(b.Entries)
			entries[tc.entry] = tc.data
			res := verifyBytes(rezip(t, resum(entries)), atCreated)
			if got := codes(res); !slices.Equal(got, tc.wanted) {
				t.Errorf("problems %q, want %q%s", got, tc.wanted, problemsText(res))
			}
		})
	}

	// A name that needs no quotes is printed the same both ways, so the
	// earlier form adds nothing that verify-bundle did not take before.
	plain := build(t, realInput(t))
	if !bytes.Equal([]byte(onboardingEmail(plain.Onboarding, plain.FileName, asIs).Text()), plain.Entries[EntryEmail]) {
		t.Errorf("for %s the earlier e-mail differs", plain.FileName)
	}

	t.Run("rollover e-mail", func(t *testing.T) {
		fx := rolloverFixtures(t)
		r := buildRoll(t, RolloverInput{Previous: onboardingWith(t, fx["onboarding.xml"], rollOnboarded), PreviousName: "acme onboarding.zip",
			Metadata: fx["rollover-1.xml"], Created: rollFirst, ToolVersion: "test", FileName: "acme rollover.zip"})
		if !strings.Contains(r.Email.Body, "\n  pymetrics-sso verify-bundle --previous \"acme onboarding.zip\" \"acme rollover.zip\"\n") {
			t.Errorf("the rollover e-mail does not quote the names:\n%s", r.Email.Body)
		}
		entries := cloneEntries(r.Entries)
		entries[EntryEmail] = []byte(rolloverEmail(r.Rollover, r.FileName, asIs).Text())
		if res := verifyBytes(rezip(t, resum(entries)), samlcheck.Options{Now: rollFirst}); !res.OK {
			t.Errorf("the rollover e-mail as earlier builds wrote it does not verify:%s", problemsText(res))
		}
	})
}
