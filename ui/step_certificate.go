package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/wizard"
)

// certificateScreen is "SAML signing certificate": the drop zone and Open
// file…, the check running in the background, and its result: verdict,
// what the signed file says, the certificates, every finding with its hint,
// and the thumbprint from the portal that pins the signer.
type certificateScreen struct {
	*frame
	u *UI

	// gen counts checks started; a result whose generation is not the
	// latest is dropped, so a second drop supersedes the first.
	gen int

	// dropZone invites the first file; once a file is checked, the smaller
	// dropAgain takes its place so the result is in sight.
	dropZone  *tintBox
	dropAgain *tintBox
	openBtn   *widget.Button
	dropMsg   *widget.Label
	activity  *widget.Activity
	busyMsg   *widget.Label
	busyRow   *fyne.Container

	result  *fyne.Container
	file    *widget.Label
	verdict *banner
	// useGood, under the verdict of a file that did not pass, brings back
	// the last file that did: a wrong drop loses nothing.
	useGood *widget.Button
	facts   *fyne.Container
	certs   *fyne.Container
	// problems (errors and warnings) come right after the verdict; notes
	// (information) close the result.
	problems      *fyne.Container
	problemsTitle *widget.Label
	notes         *fyne.Container
	notesTitle    *widget.Label

	thumbprint *widget.Entry
	thumbMsg   *widget.Label
}

func (u *UI) newCertificateScreen(st wizard.Step) *certificateScreen {
	s := &certificateScreen{u: u}
	s.openBtn = &widget.Button{Text: "Open file…", Icon: theme.FolderOpenIcon(), Importance: widget.HighImportance, OnTapped: u.openMetadataDialog}
	icon := &canvas.Image{Resource: theme.NewPrimaryThemedResource(theme.UploadIcon()), FillMode: canvas.ImageFillContain}
	icon.SetMinSize(fyne.NewSquareSize(48))
	s.dropZone = newTintBox(theme.ColorNamePrimary, 0x14, container.NewVBox(
		container.NewCenter(icon),
		&widget.Label{Text: "Drop FederationMetadata.xml here", Alignment: fyne.TextAlignCenter, TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText},
		&widget.Label{Text: "You can drop it anywhere on this window, or", Alignment: fyne.TextAlignCenter, TextStyle: fyne.TextStyle{Italic: true}},
		container.NewCenter(s.openBtn),
	))
	s.dropAgain = newTintBox(theme.ColorNamePrimary, 0x14, container.NewBorder(nil, nil,
		widget.NewIcon(theme.NewPrimaryThemedResource(theme.UploadIcon())),
		&widget.Button{Text: "Open file…", Icon: theme.FolderOpenIcon(), OnTapped: u.openMetadataDialog},
		&widget.Label{Text: "To check another file, drop it anywhere on this window.", TextStyle: fyne.TextStyle{Italic: true}, Truncation: fyne.TextTruncateEllipsis},
	))
	s.dropAgain.Hide()
	s.dropMsg = hidden(&widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance})
	s.activity = widget.NewActivity()
	s.busyMsg = &widget.Label{}
	s.busyRow = container.NewHBox(s.activity, s.busyMsg)
	s.activity.Hide()

	s.file = note("")
	s.useGood = &widget.Button{Icon: theme.HistoryIcon(), Importance: widget.HighImportance, OnTapped: s.onUsePreviousGood}
	s.verdict = newBanner(levelInfo, "", "", s.useGood)
	showIf(false, s.useGood, s.verdict.extra)
	s.facts = container.New(layout.NewFormLayout())
	s.certs = container.NewVBox()
	s.problems = container.NewVBox()
	s.problemsTitle = heading("What to fix")
	s.notes = container.NewVBox()
	s.notesTitle = heading("Notes")
	s.thumbprint = &widget.Entry{
		PlaceHolder: "Thumbprint from SAML Certificates, e.g. 1A2B3C… (40 characters; spaces and colons are fine)",
		OnChanged:   s.onThumbprint,
		OnSubmitted: func(string) { u.next() },
	}
	// The line under the field is always there (a hint, then the verdict),
	// so the page does not jump while the admin types.
	s.thumbMsg = &widget.Label{Wrapping: fyne.TextWrapWord}
	s.result = container.NewVBox(
		s.file,
		s.verdict.object(),
		s.problemsTitle,
		s.problems,
		heading("Signing certificates in the file"),
		s.certs,
		heading("What the signed file says"),
		s.facts,
		s.notesTitle,
		s.notes,
	)
	s.result.Hide()

	// The portal's thumbprint comes first: it is what the file is judged
	// against, and the file's own thumbprint (in the certificates below)
	// is shown only after, so the one cannot be pasted for the other.
	body := container.NewVBox(
		heading("Thumbprint shown in Entra"),
		s.thumbprint,
		s.thumbMsg,
		heading("Federation Metadata XML"),
		s.dropZone, s.dropAgain, s.dropMsg, s.busyRow,
		s.result,
	)
	s.frame = u.newFrame(st, frameParts{body: body})
	return s
}

// checkMetadataFile is where drops and Open file… arrive: show the step and
// check the file.
func (u *UI) checkMetadataFile(path string) {
	u.lastDir = filepath.Dir(path)
	u.goTo(wizard.StepSigningCertificate)
	u.certScreen().check(path)
}

// onDropped handles files dropped anywhere on the window.
func (u *UI) onDropped(uris []fyne.URI) {
	if len(uris) == 0 {
		return
	}
	if u.wiz.Current() == wizard.StepTestSSO {
		// On "Test sign-in" a dropped file is a capture of the sign-in.
		u.screen(wizard.StepTestSSO).(*testSSOScreen).signIn.onDropped(uris)
		return
	}
	if len(uris) > 1 {
		u.goTo(wizard.StepSigningCertificate)
		setLabel(u.certScreen().dropMsg, fmt.Sprintf("You dropped %d files. Drop only one: the Federation Metadata XML downloaded from the pymetrics app in Entra. Nothing was checked, and nothing was changed.", len(uris)), widget.DangerImportance)
		u.certScreen().dropMsg.Show()
		return
	}
	if uris[0].Scheme() != "file" {
		u.goTo(wizard.StepSigningCertificate)
		setLabel(u.certScreen().dropMsg, "That was a link ("+uris[0].String()+"), not a file. Download the Federation Metadata XML first, then drop the downloaded file.", widget.DangerImportance)
		u.certScreen().dropMsg.Show()
		return
	}
	u.checkMetadataFile(uris[0].Path())
}

// checked is what a background check hands back.
type checked struct {
	report   *samlcheck.Report
	prepared wizard.PreparedMetadata // copied and hashed in the background
}

// check reads and checks a file in the background; the newest call wins.
func (s *certificateScreen) check(path string) {
	s.gen++
	gen := s.gen
	name := filepath.Base(path)
	s.dropMsg.Hide()
	s.busy("Checking " + name + "…")
	opts := s.u.wiz.CheckOptions(s.u.now())
	runInBackground(&s.u.bg, job[checked]{
		what: "reading " + name,
		work: func() (checked, error) {
			rep, data, err := samlcheck.CheckFile(path, opts)
			if err != nil {
				return checked{}, err
			}
			return checked{rep, wizard.PrepareMetadata(name, data, rep)}, nil
		},
		stale:  func() bool { return gen != s.gen },
		settle: s.idle,
		apply:  func(c checked) { s.u.wiz.SetPrepared(c.prepared) },
	})
}

// recheck checks the stored file again (new thumbprint, a new day).
func (s *certificateScreen) recheck() {
	m := s.u.wiz.Metadata()
	if m == nil || len(m.Data) == 0 {
		return
	}
	s.gen++
	gen := s.gen
	s.busy("Checking " + m.Name + "…")
	opts := s.u.wiz.CheckOptions(s.u.now())
	runInBackground(&s.u.bg, job[*samlcheck.Report]{
		what:   "checking " + m.Name,
		work:   func() (*samlcheck.Report, error) { return samlcheck.Check(m.Data, opts), nil },
		stale:  func() bool { return gen != s.gen },
		settle: s.idle,
		apply:  func(r *samlcheck.Report) { s.u.wiz.SetReport(m.SHA256, r) },
	})
}

// onUsePreviousGood makes the last good file the current one again and
// checks it anew (a certificate may have expired since, the thumbprint may
// be new); checking it also supersedes a check still running.
func (s *certificateScreen) onUsePreviousGood() {
	if s.u.wiz.UsePreviousGood() {
		s.dropMsg.Hide()
		s.recheck()
	}
}

// busy and idle change the busy line's words, not its presence: a line
// that came and went with every check made the page jump.
func (s *certificateScreen) busy(text string) {
	s.busyMsg.SetText(text)
	s.activity.Show()
	s.activity.Start()
}

func (s *certificateScreen) idle() {
	s.activity.Stop()
	s.activity.Hide()
	s.busyMsg.SetText("")
}

// onThumbprint stores the thumbprint as typed and checks again once it is
// complete (or cleared): a half-typed thumbprint is not an error yet.
func (s *certificateScreen) onThumbprint(text string) {
	s.u.wiz.SetThumbprint(text)
	if strings.TrimSpace(text) == "" {
		s.recheck()
		return
	}
	if _, err := samlcheck.NormalizeThumbprint(text); err == nil {
		s.recheck()
	}
}

func (s *certificateScreen) refresh() {
	s.frame.refresh()
	w := s.u.wiz
	if tp := w.Thumbprint(); s.thumbprint.Text != tp {
		s.thumbprint.SetText(tp)
	}
	s.refreshThumbMsg()
	m := w.Metadata()
	if m == nil || m.Report == nil {
		s.result.Hide()
		s.dropAgain.Hide()
		s.dropZone.Show()
		return
	}
	s.dropZone.Hide()
	s.dropAgain.Show()
	s.result.Show()
	r := m.Report
	checkedAt := ""
	if !m.CheckedAt.IsZero() {
		checkedAt = ", checked " + m.CheckedAt.Local().Format("2 Jan 2006 15:04")
	}
	s.file.SetText(fmt.Sprintf("File: %s (%s%s)", m.Name, sizeText(len(m.Data)), checkedAt))
	// Before set: its refresh sizes the banner with or without the button.
	s.refreshUseGood()
	s.verdict.set(verdictOf(r))
	s.refreshFacts(r)
	s.refreshCerts(r)
	s.refreshFindings(r)
}

// refreshUseGood offers the last file that passed the check while the
// current one has not: "Use FederationMetadata.xml again (checked …)".
// The time tells two files of the same name apart.
func (s *certificateScreen) refreshUseGood() {
	prev := s.u.wiz.PreviousGood()
	if prev == nil || s.u.wiz.StepComplete(wizard.StepSigningCertificate) {
		showIf(false, s.useGood, s.verdict.extra)
		return
	}
	text := "Use " + shorten(prev.Name, 48) + " again"
	if !prev.CheckedAt.IsZero() {
		text += " (checked " + prev.CheckedAt.Local().Format("2 Jan 2006 15:04") + ")"
	}
	s.useGood.SetText(text)
	showIf(true, s.useGood, s.verdict.extra)
}

func (s *certificateScreen) refreshThumbMsg() {
	text := strings.TrimSpace(s.thumbprint.Text)
	if text == "" {
		setLabel(s.thumbMsg, "Optional, and the only proof the file comes from your tenant: the file's own certificate travels inside it.", widget.MediumImportance)
		return
	}
	if _, err := samlcheck.NormalizeThumbprint(text); err != nil {
		setLabel(s.thumbMsg, "Not a complete thumbprint yet: the portal shows 40 characters, 0-9 and A-F.", widget.WarningImportance)
		return
	}
	m := s.u.wiz.Metadata()
	switch {
	case m == nil || m.Report == nil:
		setLabel(s.thumbMsg, "Thumbprint noted; add the metadata file to compare it.", widget.MediumImportance)
	case m.Report.Signature.Pinned:
		setLabel(s.thumbMsg, "Matches: the file was signed by the certificate the portal shows.", widget.SuccessImportance)
	case m.Report.Has(samlcheck.CodeSignatureUntrustedSigner):
		setLabel(s.thumbMsg, "Does not match: the file was signed by another certificate than the portal's; What to fix below says what to do.", widget.DangerImportance)
	default:
		setLabel(s.thumbMsg, "Thumbprint noted.", widget.MediumImportance)
	}
}

// pending says what keeps the step open, after the file that is there:
// the step's fixed text asks for a file, which is wrong once one was added.
func (s *certificateScreen) pending() string {
	m := s.u.wiz.Metadata()
	switch {
	case m == nil:
		return ""
	case m.Report == nil:
		return "Wait for the check of " + shorten(m.Name, 48) + " to finish."
	case !m.Report.OK:
		return "Fix what the check found in " + shorten(m.Name, 48) + " (What to fix, on this page), or add another file."
	case !m.Passed():
		return shorten(m.Name, 48) + " is not the pymetrics app's Federation Metadata XML; download that file from the app's Single sign-on page."
	}
	return ""
}

// verdictOf turns a report into the banner's level, title and text.
func verdictOf(r *samlcheck.Report) (level, string, string) {
	warn := len(r.Warnings()) > 0
	switch {
	case !r.OK:
		return levelError, "Problem: this file cannot be used", r.Verdict()
	case r.Kind != samlcheck.KindEntraApp || !r.Signature.Valid:
		return levelWarning, "Not verified", r.Verdict()
	case r.Signature.Pinned && warn:
		return levelWarning, "Intact and from your tenant, with warnings", "The signature verifies and was made by the certificate whose thumbprint you pasted. Read the warnings below."
	case r.Signature.Pinned:
		return levelOK, "Intact and from your tenant", "The signature verifies, the file is exactly as Entra signed it, and it was signed by the certificate whose thumbprint you pasted from the portal."
	case warn:
		return levelWarning, "Intact, with warnings", "The file is exactly as Entra signed it. Read the warnings below, and paste the portal's thumbprint to confirm it is from your tenant."
	}
	return levelOK, "Intact", "The file is exactly as Entra signed it. To confirm it comes from your tenant, paste the thumbprint the portal shows into the field below."
}

func (s *certificateScreen) refreshFacts(r *samlcheck.Report) {
	var objs []fyne.CanvasObject
	add := func(label, value string) {
		if value == "" {
			value = "—"
		}
		objs = append(objs, &widget.Label{Text: label, TextStyle: fyne.TextStyle{Bold: true}},
			// Read, not typed: the proportional font keeps a Login URL on
			// one line at 1024 pixels.
			&widget.Label{Text: value, Wrapping: fyne.TextWrapBreak, Selectable: true})
	}
	if !r.Signature.Valid {
		setObjects(s.facts, widget.NewLabel(""), note("Nothing is shown from a file whose signature was not verified."))
		return
	}
	add("Entra Identifier", r.EntityID)
	add("Login URL", locations(r.SSOURLs))
	add("Logout URL", locations(r.LogoutURLs))
	add("Tenant ID", r.TenantID)
	add("Signed with", strings.TrimSpace(algorithmName(r.Signature.SignatureAlgorithm)))
	setObjects(s.facts, objs...)
}

// locations lists each distinct endpoint location once (Entra lists the
// same Login URL for two bindings).
func locations(eps []samlcheck.Endpoint) string {
	var out []string
	seen := map[string]bool{}
	for _, e := range eps {
		if !seen[e.Location] {
			seen[e.Location] = true
			out = append(out, e.Location)
		}
	}
	return strings.Join(out, "\n")
}

// algorithmName shortens an algorithm URI to its fragment ("rsa-sha256").
func algorithmName(uri string) string {
	if i := strings.LastIndexAny(uri, "#/"); i >= 0 {
		return uri[i+1:]
	}
	return uri
}

func (s *certificateScreen) refreshCerts(r *samlcheck.Report) {
	now := s.u.now()
	var cards []fyne.CanvasObject
	for _, c := range r.Certificates {
		if c.Use == "encryption" {
			continue
		}
		cards = append(cards, s.u.certificateCard(c, r, now))
	}
	if len(cards) == 0 {
		cards = append(cards, note("No signing certificate was read from the file."))
	}
	setObjects(s.certs, cards...)
}

// certificateCard shows one certificate: the thumbprint as the portal
// shows it, expiry with days left, and whether it signed this file.
func (u *UI) certificateCard(c samlcheck.Certificate, r *samlcheck.Report, now time.Time) fyne.CanvasObject {
	// The status comes from the check (samlcheck.CertStatus), in the
	// same words as `check`'s table: an expired signer is "expired", never
	// "active".
	title := "Signing certificate: " + c.StatusText()
	colour := theme.ColorNameInputBorder
	switch c.Status {
	case samlcheck.CertActive:
		colour = theme.ColorNamePrimary
		if r.Signature.Pinned {
			title += ", matches the portal's thumbprint"
			colour = theme.ColorNameSuccess
		}
	case samlcheck.CertExpired:
		colour = theme.ColorNameError
	case samlcheck.CertNotYetValid:
		colour = theme.ColorNameWarning
	}
	expiry := expiryText(c.NotAfter, now)
	var rows []fyne.CanvasObject
	row := func(label string, value fyne.CanvasObject) {
		rows = append(rows, &widget.Label{Text: label, TextStyle: fyne.TextStyle{Bold: true}}, value)
	}
	// No Copy button: the file's thumbprint is to be compared with the
	// portal's, not pasted into the field above.
	row("Thumbprint", valueLabel(c.SHA1Thumbprint))
	row("Expires", &widget.Label{Text: expiry, Wrapping: fyne.TextWrapWord})
	if !c.NotBefore.IsZero() {
		row("Valid from", widget.NewLabel(c.NotBefore.UTC().Format("2 January 2006")))
	}
	if c.Subject != "" {
		row("Subject", &widget.Label{Text: c.Subject, Wrapping: fyne.TextWrapBreak})
	}
	if c.Key.Type != "" {
		k := c.Key.Type
		if c.Key.Bits > 0 {
			k += fmt.Sprintf(" %d bits", c.Key.Bits)
		}
		row("Key", widget.NewLabel(k))
	}
	if c.ParseError != "" {
		row("Note", &widget.Label{Text: "The certificate could not be fully read: " + c.ParseError, Wrapping: fyne.TextWrapWord})
	}
	return newTintBox(colour, 0x12, container.NewVBox(
		&widget.Label{Text: title, TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord},
		container.New(layout.NewFormLayout(), rows...),
	))
}

// expiryText is "2 March 2029 (1,095 days left)" or "expired 12 days ago".
func expiryText(notAfter, now time.Time) string {
	if notAfter.IsZero() {
		return "unknown"
	}
	date := notAfter.UTC().Format("2 January 2006")
	days := int(notAfter.Sub(now).Hours() / 24)
	switch {
	case !notAfter.After(now):
		ago := int(now.Sub(notAfter).Hours() / 24)
		return fmt.Sprintf("%s: expired %s ago", date, plural(ago, "day"))
	case days == 0:
		return date + ": expires today"
	}
	return fmt.Sprintf("%s (%s left)", date, plural(days, "day"))
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%s %ss", thousands(n), unit)
}

// thousands writes 7300 as 7,300.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func (s *certificateScreen) refreshFindings(r *samlcheck.Report) {
	var problems, notes []fyne.CanvasObject
	for _, f := range r.Findings {
		l, word, list := levelInfo, "Note", &notes
		switch f.Severity {
		case samlcheck.SeverityError:
			l, word, list = levelError, "Error", &problems
		case samlcheck.SeverityWarning:
			l, word, list = levelWarning, "Warning", &problems
		}
		text := f.Hint
		if text != "" {
			text += "\n"
		}
		text += "(" + string(f.Code) + ")"
		*list = append(*list, newBanner(l, word+": "+f.Message, text).object())
	}
	setObjects(s.problems, problems...)
	setObjects(s.notes, notes...)
	showIf(len(problems) > 0, s.problemsTitle, s.problems)
	showIf(len(notes) > 0, s.notesTitle, s.notes)
}

// shorten keeps a file name to limit characters, ending in "…" when cut, so
// that a long name cannot widen the window past the screen.
func shorten(name string, limit int) string {
	r := []rune(name)
	if len(r) <= limit {
		return name
	}
	return string(r[:limit-1]) + "…"
}

// sizeText is a file size for people.
func sizeText(n int) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d bytes", n)
	case n < 1024*1024:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
}
