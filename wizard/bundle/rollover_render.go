package bundle

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"strings"
	"time"
)

// rolloverAttachedLine starts the rollover e-mail's line that names the
// bundle file; verify-bundle reads the name back from it.
const rolloverAttachedLine = "The rollover bundle is attached: "

// newRolloverEmail is email.txt of a rollover bundle. Like the calendar
// event it is made from rollover.json and the file name alone, so
// verify-bundle can make it again and compare.
func newRolloverEmail(ro Rollover, fileName string) Email {
	return rolloverEmail(ro, fileName, commandWords[0])
}

// isRolloverEmail reports whether data is email.txt as the assistant
// writes, or has written, it for ro and the bundle's file name
// (commandWords).
func isRolloverEmail(data []byte, ro Rollover, fileName string) bool {
	for _, word := range commandWords {
		if bytes.Equal(data, []byte(rolloverEmail(ro, fileName, word).Text())) {
			return true
		}
	}
	return false
}

func rolloverEmail(ro Rollover, fileName string, word func(string) string) Email {
	var b strings.Builder
	line := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	line("Hello pymetrics Solutions Engineering,")
	line("")
	line("Our SAML signing certificate for pymetrics in Microsoft Entra ID is being renewed.")
	line("We have created the new certificate in Entra but NOT made it active yet.")
	line("%s%s", rolloverAttachedLine, fileName)
	line("It holds our new Federation Metadata XML unchanged (%s), which lists both", EntryMetadata)
	line("certificates. You can check it against the bundle you have from us with:")
	line("  pymetrics-sso verify-bundle --previous %s %s", word(orPlaceholder(ro.Previous.FileName, "PREVIOUS-BUNDLE.zip")), word(fileName))
	line("")
	line("Customer name: %s", ro.Customer)
	line("Tenant ID: %s", ro.TenantID)
	line("Microsoft Entra Identifier: %s", ro.EntityID)
	line("")
	line("New certificate (please add it to our pymetrics connection)")
	line("- Thumbprint: %s", ro.NewCertificate.SHA1Thumbprint)
	line("- Valid: %s to %s", ro.NewCertificate.NotBefore.Format("2006-01-02"), ro.NewCertificate.NotAfter.Format("2006-01-02"))
	line("")
	line("The metadata is signed by the certificate with thumbprint %s.", ro.Signer.SHA1Thumbprint)
	switch ro.Link {
	case LinkVouched:
		line("That is the certificate you already have from our previous bundle, so it vouches")
		line("for the new one.")
	default:
		line("That is NOT a certificate from our previous bundle; we confirmed its thumbprint in")
		line("the Entra portal. Please confirm it with us before adding the new certificate.")
	}
	line("Previous bundle: %s (SHA-256 %s)", orPlaceholder(ro.Previous.FileName, "sent earlier"), ro.Previous.SHA256)
	if ro.Source != nil {
		line("Metadata URL: %s", ro.Source.URL)
	}
	line("")
	line("Planned switch: on %s we make the new certificate active in Entra.", ro.SwitchDate)
	line("Please tell us when pymetrics accepts the new certificate, so we can switch then.")
	line("")
	line("Attachment: %s", fileName)
	line("")
	line("Thank you")
	line("")
	line("-- ")
	line("Made with pymetrics SSO Assistant %s on %s.", ro.ToolVersion, ro.Created.Format("2006-01-02 15:04 UTC"))
	return Email{
		To:      SupportAddress,
		Subject: fmt.Sprintf("SAML certificate renewal for %s: new Entra ID signing certificate %s", ro.Customer, ro.NewCertificate.SHA1Thumbprint),
		Body:    b.String(),
	}
}

func orPlaceholder(s, placeholder string) string {
	if s == "" {
		return placeholder
	}
	return s
}

// renderSwitchCalendar is certificate-switch.ics as BuildRollover writes it
// now: the newest of switchCalendars.
func renderSwitchCalendar(ro Rollover, fileName string) []byte {
	return switchCalendars[0].render(ro, fileName)
}

// isSwitchCalendar reports whether data is certificate-switch.ics as the
// assistant writes, or has written, it for ro and the bundle's file name:
// byte for byte in one of switchCalendars.
func isSwitchCalendar(data []byte, ro Rollover, fileName string) bool {
	for _, c := range switchCalendars {
		if bytes.Equal(data, c.render(ro, fileName)) {
			return true
		}
	}
	return false
}

// switchCalendar is one content certificate-switch.ics has had.
type switchCalendar struct {
	name   string // says what it holds, for tests and reviewers
	render func(ro Rollover, fileName string) []byte
}

// switchCalendars are the certificate-switch.ics files the assistant has
// written, newest first, frozen like reminderWordings (and for the same
// reason: rollover bundles already sent must verify intact). The newest
// holds two events in one file, the switch and the reminder to renew the
// new certificate, because one file is what a calendar app imports in one
// step; the reminder is the onboarding bundle's own (renewalJourney60),
// pointing at this rollover bundle as the one to keep, so a reminder comes
// after every renewal.
var switchCalendars = []switchCalendar{
	{"switch-and-renewal-reminder-any-shell", func(ro Rollover, fileName string) []byte {
		return calendarFile(ro.Created, switchEvent(ro), renewalJourney60.event(rolloverReminder(ro, fileName)))
	}},
	{"switch-and-renewal-reminder", func(ro Rollover, fileName string) []byte {
		return calendarFile(ro.Created, switchEvent(ro), renewalJourney60POSIX.event(rolloverReminder(ro, fileName)))
	}},
	{"switch-only", func(ro Rollover, _ string) []byte { return calendarFile(ro.Created, switchEvent(ro)) }},
}

// switchEvent is the all-day event on the switch day telling the admin what
// to do in Entra.
func switchEvent(ro Rollover) calEvent {
	day, err := time.Parse(time.DateOnly, ro.SwitchDate)
	if err != nil {
		day = ro.Created
	}
	return calEvent{
		uidSum:  sha256.Sum256([]byte("switch\x00" + ro.Customer + "\x00" + ro.NewCertificate.SHA1Thumbprint)),
		day:     day,
		summary: fmt.Sprintf("Make the new pymetrics SAML certificate active (%s)", ro.Customer),
		desc: fmt.Sprintf("Only once pymetrics support has confirmed that they have the new certificate (thumbprint %s): "+
			"in the Microsoft Entra admin center open Enterprise applications > pymetrics > Single sign-on > SAML Certificates > Edit, "+
			"and choose Make certificate active (or Set as active certificate in the certificate row's menu). "+
			"Then download the Federation Metadata XML once more, check that the SSO Assistant shows it signed by the new certificate, and test sign-in. "+
			"The certificate in use now (thumbprint %s, which signed the metadata) expires on %s.",
			ro.NewCertificate.SHA1Thumbprint, ro.Signer.SHA1Thumbprint, ro.Signer.NotAfter.UTC().Format("2 January 2006")),
	}
}
