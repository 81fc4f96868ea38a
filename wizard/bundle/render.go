package bundle

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pymetrics/sso-assistant/samlcheck"
)

//go:embed summary.html.tmpl
var summarySource string

var summaryTemplate = template.Must(template.New("summary").Funcs(template.FuncMap{
	"date": func(t time.Time) string { return t.UTC().Format("2 January 2006") },
	"when": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
}).Parse(summarySource))

type summaryData struct {
	O        Onboarding
	FileName string
	// CommandName is FileName as the verify-bundle command line prints it.
	CommandName string
	Warnings    int
	Entries     []entryNote
}

type entryNote struct{ Name, About string }

// entryNotes explain the bundle's files to the person reading the summary.
var entryNotes = []entryNote{
	{EntryMetadata, "the Federation Metadata XML downloaded from Entra, unchanged"},
	{EntryCertificate, "the certificate that signed it"},
	{EntryOnboarding, "these values, for pymetrics' systems"},
	{EntryEmail, "the e-mail to pymetrics support"},
	{EntryCalendar, "a calendar reminder to renew the certificate"},
	{EntrySPMetadata, "pymetrics' SP metadata for these values (Entra's \"Upload metadata file\")"},
	{EntrySummary, "this page"},
	{EntrySums, "SHA-256 checksums of all the other files"},
}

// renderSummary is summary.html. Like email.txt and the calendar file it is
// made from onboarding.json's values and the bundle's file name alone, so
// verify-bundle can make it again and compare.
func renderSummary(ob Onboarding, fileName string) ([]byte, error) {
	return renderSummaryWith(ob, fileName, commandWords[0])
}

// isSummary reports whether data is summary.html as the assistant writes,
// or has written, it for ob and the bundle's file name (commandWords).
func isSummary(data []byte, ob Onboarding, fileName string) bool {
	for _, word := range commandWords {
		if want, err := renderSummaryWith(ob, fileName, word); err == nil && bytes.Equal(data, want) {
			return true
		}
	}
	return false
}

func renderSummaryWith(ob Onboarding, fileName string, word func(string) string) ([]byte, error) {
	d := summaryData{O: ob, FileName: fileName, CommandName: word(fileName), Entries: entryNotes}
	for _, f := range ob.Findings {
		if f.Severity == samlcheck.SeverityWarning {
			d.Warnings++
		}
	}
	var b bytes.Buffer
	if err := summaryTemplate.Execute(&b, d); err != nil {
		return nil, fmt.Errorf("bundle: summary.html: %w", err)
	}
	return b.Bytes(), nil
}

// emailAttachedLine starts the e-mail's line that names the bundle file;
// verify-bundle reads the name back from it (attachedName).
const emailAttachedLine = "The onboarding bundle is attached: "

func newEmail(ob Onboarding, fileName string) Email {
	return onboardingEmail(ob, fileName, commandWords[0])
}

// isEmail reports whether data is email.txt as the assistant writes, or has
// written, it for ob and the bundle's file name (commandWords).
func isEmail(data []byte, ob Onboarding, fileName string) bool {
	for _, word := range commandWords {
		if bytes.Equal(data, []byte(onboardingEmail(ob, fileName, word).Text())) {
			return true
		}
	}
	return false
}

// commandWords are the ways the e-mails and the summary have printed a file
// name inside a command line, newest first; Build uses the first. Builds
// before quoting printed the name as it is, so a name with a space split
// into two words when copied, and builds before CommandWord quoted it for
// POSIX shells only; their bundles are intact all the same, and for a name
// that needs no quotes every way gives the same bytes.
var commandWords = []func(string) string{CommandWord, posixWord, asIs}

func asIs(s string) string { return s }

func onboardingEmail(ob Onboarding, fileName string, word func(string) string) Email {
	var b strings.Builder
	line := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	if ob.Demo {
		line("DEMO: this e-mail and its bundle were made in the SSO Assistant's demo,")
		line("from its built-in sample file. There is nothing to set up; do not send it.")
		line("")
	}
	line("Hello pymetrics Solutions Engineering,")
	line("")
	line("We have set up SAML single sign-on for pymetrics in Microsoft Entra ID.")
	line("%s%s", emailAttachedLine, fileName)
	line("It holds our Federation Metadata XML unchanged (%s) and the", EntryMetadata)
	line("values below. You can check it with:")
	line("  pymetrics-sso verify-bundle %s", word(fileName))
	line("")
	if ob.ConfirmedInEntra {
		line("Basic SAML Configuration (as entered in Entra)")
	} else {
		line("Basic SAML Configuration (as given to the admin; not yet compared with Entra)")
	}
	line("- Customer name: %s", ob.Customer)
	line("- Identifier (Entity ID): %s", ob.Identifier)
	line("- Reply URL (Assertion Consumer Service URL): %s", ob.ReplyURL)
	line("- Sign on URL: %s", ob.SignOnURL)
	if len(ob.URLDeviations) > 0 {
		line("These are the values pymetrics support gave us; they differ from the usual pattern:")
		for _, d := range ob.URLDeviations {
			line("- %s", d.Message)
		}
	}
	line("")
	line("Attributes & Claims")
	for _, a := range ob.Attributes {
		line("- %s: %s", a.Name, a.Source)
	}
	line("")
	line("Microsoft Entra ID (from the signed metadata)")
	line("- Microsoft Entra Identifier: %s", ob.EntityID)
	line("- Tenant ID: %s", ob.TenantID)
	line("- Login URL: %s", ob.LoginURL)
	if ob.LogoutURL != "" {
		line("- Logout URL: %s", ob.LogoutURL)
	}
	line("- Signing certificate thumbprint: %s", ob.SigningCertificate.SHA1Thumbprint)
	line("- Certificate valid: %s to %s",
		ob.SigningCertificate.NotBefore.Format("2006-01-02"), ob.SigningCertificate.NotAfter.Format("2006-01-02"))
	line("- Metadata SHA-256: %s", ob.Metadata.SHA256)
	line("")
	switch ob.Verdict {
	case VerdictOK:
		line("The SSO Assistant checked the metadata: signature verified, no problems found.")
	default:
		line("The SSO Assistant checked the metadata: signature verified, with warnings:")
		for _, f := range ob.Findings {
			if f.Severity == samlcheck.SeverityWarning {
				line("  - %s", f.Message)
			}
		}
	}
	line("")
	if ob.Contact != nil {
		line("Contact: %s", contactLine(ob.Contact))
		line("")
	}
	line("Attachment: %s", fileName)
	line("")
	line("Thank you,")
	if ob.Contact != nil && ob.Contact.Name != "" {
		line("%s", ob.Contact.Name)
	}
	line("")
	line("-- ")
	line("Made with pymetrics SSO Assistant %s on %s.", ob.ToolVersion, ob.Created.Format("2006-01-02 15:04 UTC"))
	subject := fmt.Sprintf("SAML SSO set up for %s: Entra ID onboarding bundle", ob.Customer)
	if ob.Demo {
		subject = "DEMO (do not send): " + subject
	}
	return Email{
		To:      SupportAddress,
		Subject: subject,
		Body:    b.String(),
	}
}

func contactLine(c *Contact) string {
	switch {
	case c.Name != "" && c.Email != "":
		return c.Name + " <" + c.Email + ">"
	case c.Email != "":
		return c.Email
	default:
		return c.Name
	}
}

// Text is email.txt: headers, a blank line, the body.
func (e Email) Text() string {
	return "To: " + e.To + "\nSubject: " + e.Subject + "\n\n" + e.Body
}

// Mailto is the e-mail as a mailto: URL (RFC 6068): line breaks as CRLF,
// spaces as %20 (never "+"), and only characters every mail client reads
// alike left unescaped, which keeps the URL short: some clients cut long ones.
func (e Email) Mailto() string {
	body := strings.ReplaceAll(e.Body, "\n", "\r\n")
	return "mailto:" + e.To + "?subject=" + mailtoEscape(e.Subject) + "&body=" + mailtoEscape(body)
}

func mailtoEscape(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte("-._~:@!$'()*,", c) >= 0:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		}
	}
	return b.String()
}

// renderCalendar is certificate-expiry.ics (RFC 5545) as Build writes it
// now: with the newest of reminderWordings.
func renderCalendar(ob Onboarding, fileName string) []byte {
	return reminderWordings[0].render(ob, fileName)
}

// isReminder reports whether data is certificate-expiry.ics as the
// assistant writes, or has written, it for ob and the bundle's file name:
// byte for byte in one of reminderWordings.
func isReminder(data []byte, ob Onboarding, fileName string) bool {
	for _, w := range reminderWordings {
		if bytes.Equal(data, w.render(ob, fileName)) {
			return true
		}
	}
	return false
}

// reminderFacts are what a renewal reminder speaks of: the certificate to
// renew and the bundle the renewal starts from, which is the bundle the
// reminder came in (an onboarding bundle, or the rollover bundle that
// introduced the certificate).
type reminderFacts struct {
	Demo        bool
	Customer    string
	TenantID    string
	Certificate SigningCertificate
	Created     time.Time // the bundle's; the event is never before it
	FileName    string
	Kind        string // "onboarding bundle" or "rollover bundle", as the text names it
}

func onboardingReminder(ob Onboarding, fileName string) reminderFacts {
	return reminderFacts{Demo: ob.Demo, Customer: ob.Customer, TenantID: ob.TenantID,
		Certificate: ob.SigningCertificate, Created: ob.Created, FileName: fileName, Kind: "onboarding bundle"}
}

// rolloverReminder is the reminder to renew the certificate a rollover
// bundle introduces, three years on: without it, the reminder ends with the
// first renewal.
func rolloverReminder(ro Rollover, fileName string) reminderFacts {
	return reminderFacts{Customer: ro.Customer, TenantID: ro.TenantID,
		Certificate: ro.NewCertificate, Created: ro.Created, FileName: fileName, Kind: "rollover bundle"}
}

// reminderWording is one text of the reminder's description, with the lead
// it was written with: the day is part of the bytes a bundle holds, so a
// wording keeps its lead once written.
type reminderWording struct {
	name string        // says what it tells, for tests and reviewers
	lead time.Duration // how long before the certificate expires the event falls
	desc func(f reminderFacts) string
}

// earlierReminderLead is the lead builds before ReminderLead was raised
// wrote with, frozen in their wordings.
const earlierReminderLead = 30 * 24 * time.Hour

// renewalJourney60 is the newest wording. It is named because the rollover
// bundle's calendar (switchCalendars) embeds it and must stay frozen when a
// newer onboarding wording is added in front of it. renewalJourney60POSIX
// is the same text as builds before CommandWord wrote it, with a name that
// needs quotes in POSIX single quotes, which cmd.exe does not understand.
var (
	renewalJourney60      = reminderWording{"renewal-journey-60-days-any-shell", ReminderLead, renewalJourneyReminder(CommandWord)}
	renewalJourney60POSIX = reminderWording{"renewal-journey-60-days", ReminderLead, renewalJourneyReminder(posixWord)}
)

// reminderWordings are the reminder descriptions the assistant has written,
// newest first. Build writes the first. verify-bundle accepts any, because
// bundles made before a rewording are in support's mailboxes and must still
// verify intact; anything else is still calendar.mismatch. A wording is
// frozen once a build has written it: to say something else, or on another
// day, add a new one at the front and leave the others byte for byte. The
// event around the description (render, calendarFile) is shared by all of
// them and frozen too; the bundles in testdata/earlier fail the tests if it
// moves.
var reminderWordings = []reminderWording{
	renewalJourney60,
	renewalJourney60POSIX,
	{"renewal-journey", earlierReminderLead, renewalJourneyReminder(posixWord)},
	{"activate-at-once", earlierReminderLead, activateAtOnceReminder},
}

// render is certificate-expiry.ics in this wording for an onboarding bundle.
func (w reminderWording) render(ob Onboarding, fileName string) []byte {
	return calendarFile(ob.Created, w.event(onboardingReminder(ob, fileName)))
}

// event is the reminder: one all-day event w.lead before the certificate
// expires, or on the bundle's day when that is already past, with a display
// alarm at 09:00 that day. Its UID derives from the customer and the
// certificate alone, so every bundle that reminds of the same certificate
// (re-sent, or the rollover bundle and a later onboarding bundle) updates
// one event in the admin's calendar instead of adding another.
func (w reminderWording) event(f reminderFacts) calEvent {
	day := f.Certificate.NotAfter.Add(-w.lead).UTC()
	if day.Before(f.Created) {
		day = f.Created
	}
	return calEvent{
		uidSum:  sha256.Sum256([]byte(f.Customer + "\x00" + f.Certificate.SHA1Thumbprint)),
		day:     day,
		summary: fmt.Sprintf("Renew the pymetrics SAML signing certificate (%s)", f.Customer),
		desc:    w.desc(f),
	}
}

// renewalJourneyReminder sends the admin, months later and with the details
// forgotten, into the renewal journey (wizard.RenewalSteps, in the same
// words) or the rollover command, with the bundle it starts from named and
// quoted by word in the command line.
func renewalJourneyReminder(word func(string) string) func(f reminderFacts) string {
	return func(f reminderFacts) string { return renewalJourneyText(f, word) }
}

func renewalJourneyText(f reminderFacts, word func(string) string) string {
	var b strings.Builder
	if f.Demo {
		b.WriteString("DEMO: this reminder was made in the SSO Assistant's demo, from its built-in sample file. There is nothing to renew.\n")
	}
	fmt.Fprintf(&b, "The SAML signing certificate of the pymetrics enterprise application in Microsoft Entra ID "+
		"(tenant %s, thumbprint %s) expires on %s. "+
		"Renew it now, without an outage: pymetrics support needs a few working days to add a new certificate. "+
		"If you have already renewed it, there is nothing to do.\n",
		f.TenantID, f.Certificate.SHA1Thumbprint, f.Certificate.NotAfter.UTC().Format("2 January 2006 15:04 UTC"))
	fmt.Fprintf(&b, "Keep the bundle you last sent to pymetrics support: %s, the %s this reminder came in. The renewal starts from it.\n", f.FileName, f.Kind)
	b.WriteString("Open the pymetrics SSO Assistant and choose Renew the signing certificate (in the File menu or on the first screen). Its four steps:\n" +
		"1. Create the new certificate: in the Entra admin center open Enterprise applications > pymetrics > Single sign-on; " +
		"under SAML Certificates select Edit, then New Certificate, then Save. " +
		"Leave it Inactive: do NOT make it active until pymetrics support confirms they have it.\n" +
		"2. Compare the new metadata: choose this bundle, and download Federation Metadata XML again.\n")
	fmt.Fprintf(&b, "3. Send the rollover bundle the assistant makes to %s.\n", SupportAddress)
	b.WriteString("4. Make it active and test, only after pymetrics support confirms they have the new certificate, on the switch day.\n")
	fmt.Fprintf(&b, "From the command line, steps 2 and 3 are: pymetrics-sso rollover --previous %s --metadata FILE "+
		"(FILE: the Federation Metadata XML downloaded again, or its App Federation Metadata Url).\n", word(f.FileName))
	b.WriteString("Made active before pymetrics has it, the new certificate breaks every sign-in to pymetrics; " +
		"if the old one expires first, sign-in stops too.")
	return b.String()
}

// activateAtOnceReminder is the first wording, frozen: it told the admin to
// make the new certificate active at once, which breaks sign-in until
// pymetrics has it. Builds before the renewal journey wrote it.
func activateAtOnceReminder(f reminderFacts) string {
	return fmt.Sprintf("The SAML signing certificate of the pymetrics enterprise application in Microsoft Entra ID "+
		"(tenant %s, thumbprint %s) expires on %s.\n"+
		"In the Entra admin center open Enterprise applications > pymetrics > Single sign-on > SAML Certificates, "+
		"create a new certificate, make it active, download the new Federation Metadata XML and send a new onboarding bundle "+
		"to %s before the old certificate expires, or sign-in to pymetrics stops working.",
		f.TenantID, f.Certificate.SHA1Thumbprint, f.Certificate.NotAfter.UTC().Format("2 January 2006 15:04 UTC"), SupportAddress)
}

// calEvent is one all-day event of a calendar file, on day (its UTC date),
// with a display alarm at 09:00 that day.
type calEvent struct {
	uidSum        [32]byte
	day           time.Time
	summary, desc string
}

// calendarFile is the one iCalendar writer of both bundles: one VCALENDAR
// holding the events in order (RFC 5545 allows several; calendar apps
// import them all from one file). UID and DTSTAMP derive from the inputs,
// so the file is deterministic and a re-sent bundle updates its events
// instead of adding more.
func calendarFile(created time.Time, events ...calEvent) []byte {
	var b bytes.Buffer
	prop := func(name, value string) { b.WriteString(foldLine(name + ":" + value)) }
	prop("BEGIN", "VCALENDAR")
	prop("VERSION", "2.0")
	prop("PRODID", "-//pymetrics//SSO Assistant//EN")
	prop("CALSCALE", "GREGORIAN")
	prop("METHOD", "PUBLISH")
	for _, e := range events {
		day := e.day.UTC()
		day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
		prop("BEGIN", "VEVENT")
		prop("UID", hex.EncodeToString(e.uidSum[:16])+"@sso-assistant.pymetrics.com")
		prop("DTSTAMP", created.UTC().Format("20060102T150405Z"))
		prop("DTSTART;VALUE=DATE", day.Format("20060102"))
		prop("DTEND;VALUE=DATE", day.AddDate(0, 0, 1).Format("20060102"))
		prop("SUMMARY", icsText(e.summary))
		prop("DESCRIPTION", icsText(e.desc))
		prop("TRANSP", "TRANSPARENT")
		prop("BEGIN", "VALARM")
		prop("ACTION", "DISPLAY")
		prop("DESCRIPTION", icsText(e.summary))
		prop("TRIGGER", "PT9H")
		prop("END", "VALARM")
		prop("END", "VEVENT")
	}
	prop("END", "VCALENDAR")
	return b.Bytes()
}

// icsText escapes a TEXT value (RFC 5545 section 3.3.11).
func icsText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// foldLine ends a content line with CRLF, folding it so that no physical line
// exceeds 75 octets (RFC 5545 section 3.1) and no UTF-8 sequence is split.
func foldLine(s string) string {
	const limit = 75
	var b strings.Builder
	width := limit
	for len(s) > width {
		cut := width
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		width = limit - 1 // the continuation's leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
	return b.String()
}
