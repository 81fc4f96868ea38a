package bundle

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck"
)

// icsEvents splits a calendar file into its VEVENTs' content lines
// (unfolded, VALARM lines included), checking the file's form on the way.
func icsEvents(t *testing.T, ics []byte) [][]string {
	t.Helper()
	var events [][]string
	var cur []string
	for _, l := range parseICS(t, ics) {
		switch {
		case l == "BEGIN:VEVENT":
			cur = []string{}
		case l == "END:VEVENT":
			events = append(events, cur)
			cur = nil
		case cur != nil:
			cur = append(cur, l)
		}
	}
	return events
}

func eventProp(t *testing.T, event []string, name string) string {
	t.Helper()
	for _, l := range event {
		if v, ok := strings.CutPrefix(l, name+":"); ok {
			return v
		}
	}
	t.Fatalf("event has no %s: %q", name, event)
	return ""
}

// TestRolloverCalendar: certificate-switch.ics holds the switch event and
// the reminder to renew the new certificate, ReminderLead before it
// expires (or on the bundle's day when that is past), in the onboarding
// reminder's words, naming this rollover bundle as the one to keep.
func TestRolloverCalendar(t *testing.T) {
	fx := rolloverFixtures(t)
	onboarding := onboardingWith(t, fx["onboarding.xml"], rollOnboarded)
	b := buildRoll(t, RolloverInput{Previous: onboarding, PreviousName: "acme.zip",
		Metadata: fx["rollover-1.xml"], Created: rollFirst, ToolVersion: "test", FileName: "acme renewal.zip"})
	ro := b.Rollover
	if got := ro.NewCertificate.NotAfter; !got.Equal(time.Date(2031, 3, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("fixture's new certificate expires %v (were the rollover fixtures made again?)", got)
	}
	late := ro
	late.Created = ro.NewCertificate.NotAfter.AddDate(0, 0, -20)
	late.SwitchDate = late.Created.AddDate(0, 0, 14).Format(time.DateOnly)

	for _, tc := range []struct {
		name              string
		ro                Rollover
		switchDay, remDay string
		remDTStamp        string
	}{
		{"three years ahead: 60 days before the new certificate expires", ro, "20280415", "20301231", "20280401T090000Z"},
		{"made 20 days before the new certificate expires: on the bundle's day", late, "20310223", "20310209", "20310209T000000Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ics := renderSwitchCalendar(tc.ro, b.FileName)
			events := icsEvents(t, ics)
			if len(events) != 2 {
				t.Fatalf("%d events, want the switch and the reminder:\n%s", len(events), ics)
			}
			sw, rem := events[0], events[1]
			if got := eventProp(t, sw, "DTSTART;VALUE=DATE"); got != tc.switchDay {
				t.Errorf("switch on %s, want %s", got, tc.switchDay)
			}
			if got := eventProp(t, rem, "DTSTART;VALUE=DATE"); got != tc.remDay {
				t.Errorf("reminder on %s, want %s", got, tc.remDay)
			}
			if got := eventProp(t, rem, "DTSTAMP"); got != tc.remDTStamp {
				t.Errorf("reminder DTSTAMP %s, want %s", got, tc.remDTStamp)
			}
			if !slices.Contains(rem, "TRIGGER:PT9H") || !slices.Contains(rem, "SUMMARY:Renew the pymetrics SAML signing certificate (acme)") {
				t.Errorf("reminder lacks its alarm or summary: %q", rem)
			}
			// The onboarding reminder's own text, for the new certificate
			// and this bundle.
			desc := strings.NewReplacer(`\n`, "\n", `\,`, ",", `\;`, ";", `\\`, `\`).Replace(eventProp(t, rem, "DESCRIPTION"))
			want := renewalJourneyText(rolloverReminder(tc.ro, b.FileName), CommandWord)
			if desc != want {
				t.Errorf("reminder text:\n%s\nwant:\n%s", desc, want)
			}
			for _, w := range []string{
				"thumbprint " + ro.NewCertificate.SHA1Thumbprint + ") expires on 1 March 2031 00:00 UTC",
				"Keep the bundle you last sent to pymetrics support: acme renewal.zip, the rollover bundle this reminder came in.",
				`pymetrics-sso rollover --previous "acme renewal.zip" --metadata FILE`,
			} {
				if !strings.Contains(desc, w) {
					t.Errorf("the reminder does not say %q:\n%s", w, desc)
				}
			}
		})
	}

	t.Run("UIDs: one per certificate, kept across re-sends", func(t *testing.T) {
		again := buildRoll(t, RolloverInput{Previous: onboarding, PreviousName: "acme.zip",
			Metadata: fx["rollover-1.xml"], Created: rollFirst.Add(26 * time.Hour), ToolVersion: "test", FileName: "acme renewal (2).zip"})
		first, second := icsEvents(t, b.Entries[EntrySwitchCalendar]), icsEvents(t, again.Entries[EntrySwitchCalendar])
		for i := range first {
			if a, b := eventProp(t, first[i], "UID"), eventProp(t, second[i], "UID"); a != b {
				t.Errorf("event %d: UID %s, re-sent %s: the admin's calendar would hold both", i, a, b)
			}
		}
		if eventProp(t, first[0], "UID") == eventProp(t, first[1], "UID") {
			t.Error("the switch and the reminder share a UID: one would replace the other")
		}
		// The reminder for a certificate is one event, whichever bundle
		// brought it: an onboarding bundle made later for the same
		// certificate updates it.
		ob := Onboarding{Customer: ro.Customer, SigningCertificate: ro.NewCertificate, Created: rollFirst}
		onboardingUID := eventProp(t, icsEvents(t, renderCalendar(ob, "x.zip"))[0], "UID")
		if got := eventProp(t, first[1], "UID"); got != onboardingUID {
			t.Errorf("reminder UID %s, an onboarding bundle's for the same certificate %s", got, onboardingUID)
		}
	})
}

// TestSwitchCalendars: a rollover bundle holds the newest calendar;
// verify-bundle takes it, or the switch event alone as builds before the
// renewal reminder wrote it, and nothing else.
func TestSwitchCalendars(t *testing.T) {
	fx := rolloverFixtures(t)
	onboarding := onboardingWith(t, fx["onboarding.xml"], rollOnboarded)
	base := buildRoll(t, RolloverInput{Previous: onboarding, PreviousName: "acme.zip",
		Metadata: fx["rollover-1.xml"], Created: rollFirst, ToolVersion: "test", FileName: "acme renewal.zip"})
	ro, name := base.Rollover, base.FileName
	if switchCalendars[0].name != "switch-and-renewal-reminder-any-shell" {
		t.Fatalf("BuildRollover writes %q", switchCalendars[0].name)
	}
	switchOnly := func() []byte { return calendarFile(ro.Created, switchEvent(ro)) }
	reminder := func(w reminderWording, fileName string) calEvent { return w.event(rolloverReminder(ro, fileName)) }
	bad := []string{"calendar.mismatch certificate-switch.ics"}
	tests := []struct {
		name     string
		calendar func(t *testing.T) []byte
		want     []string
	}{
		{"built now: switch and reminder", func(*testing.T) []byte { return base.Entries[EntrySwitchCalendar] }, nil},
		{"the switch alone, as the build before wrote it", func(*testing.T) []byte { return switchOnly() }, nil},
		{"switch and reminder, the name in POSIX quotes as the build before CommandWord wrote it", func(*testing.T) []byte {
			return calendarFile(ro.Created, switchEvent(ro), reminder(renewalJourney60POSIX, name))
		}, nil},
		{"the switch alone, one word changed", func(t *testing.T) []byte {
			return replaced(t, switchOnly(), "test sign-in", "skip sign-in")
		}, bad},
		{"the reminder, one word changed", func(t *testing.T) []byte {
			return replaced(t, base.Entries[EntrySwitchCalendar], "Leave it Inactive", "Leave it Active")
		}, bad},
		{"the reminder, another day", func(t *testing.T) []byte {
			return replaced(t, base.Entries[EntrySwitchCalendar], "DTSTART;VALUE=DATE:20301231", "DTSTART;VALUE=DATE:20310131")
		}, bad},
		{"the reminder 30 days ahead, which no build wrote for a rollover", func(*testing.T) []byte {
			return calendarFile(ro.Created, switchEvent(ro), reminder(wordingNamed(t, "renewal-journey"), name))
		}, bad},
		{"the reminder naming another bundle", func(*testing.T) []byte {
			return calendarFile(ro.Created, switchEvent(ro), reminder(renewalJourney60, "renamed.zip"))
		}, bad},
		{"the reminder alone", func(*testing.T) []byte { return calendarFile(ro.Created, reminder(renewalJourney60, name)) }, bad},
		{"the events the other way round", func(*testing.T) []byte {
			return calendarFile(ro.Created, reminder(renewalJourney60, name), switchEvent(ro))
		}, bad},
		{"the switch twice", func(*testing.T) []byte { return calendarFile(ro.Created, switchEvent(ro), switchEvent(ro)) }, bad},
		{"with LF line ends", func(*testing.T) []byte {
			return bytes.ReplaceAll(base.Entries[EntrySwitchCalendar], []byte("\r\n"), []byte("\n"))
		}, bad},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			entries := cloneEntries(base.Entries)
			entries[EntrySwitchCalendar] = tc.calendar(t)
			next := rezip(t, resum(entries))
			res := verifyBytes(next, samlcheck.Options{Now: rollFirst})
			if got := codes(res); !slices.Equal(got, tc.want) {
				t.Errorf("problems %q, want %q%s", got, tc.want, problemsText(res))
			}
			if res.OK != (len(tc.want) == 0) {
				t.Errorf("OK = %v with %d problems", res.OK, len(res.Problems))
			}
			// With --previous the chain holds exactly when the bundle
			// verifies.
			if chain := VerifyChain(onboarding, next, samlcheck.Options{Now: rollFirst}); chain.OK != res.OK {
				t.Errorf("chain OK = %v (%s), bundle alone OK = %v", chain.OK, chain.Verdict, res.OK)
			}
		})
	}
}
