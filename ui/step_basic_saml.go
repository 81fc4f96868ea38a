package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pymetrics/sso-assistant/wizard"
	"github.com/pymetrics/sso-assistant/wizard/bundle"
)

// basicSAMLScreen is "Basic SAML configuration": the customer name with live
// validation, the three values with Copy buttons, the SP metadata file for
// Entra's upload button, and the paste-back check of what Entra saved.
type basicSAMLScreen struct {
	*frame
	u *UI

	name       *widget.Entry
	nameMsg    *widget.Label
	suggest    *widget.Button
	useSupport *widget.Button

	source     *widget.Label
	deviations *widget.Label
	usePattern *widget.Button

	rows    map[wizard.Field]*copyRow
	copyAll *widget.Button
	saveSP  *widget.Button

	paste      *widget.Entry
	pasteTitle *widget.Label
	pasteLines *fyne.Container
	// reason is why differing values are kept on purpose; shown only
	// while the paste-back differs.
	reasonBox *fyne.Container
	reason    *widget.Entry
}

func (u *UI) newBasicSAMLScreen(st wizard.Step) *basicSAMLScreen {
	s := &basicSAMLScreen{u: u, rows: map[wizard.Field]*copyRow{}}
	s.name = &widget.Entry{
		PlaceHolder: "Customer name from pymetrics, e.g. acme-corp (or paste a URL from pymetrics support)",
		OnChanged:   s.onNameChanged,
		OnSubmitted: func(string) { u.next() },
	}
	s.nameMsg = &widget.Label{Wrapping: fyne.TextWrapWord}
	s.suggest = hidden(&widget.Button{Icon: theme.ContentRedoIcon(), OnTapped: s.onSuggest})
	s.useSupport = hidden(&widget.Button{Text: "Use the values in this URL", Icon: theme.ContentPasteIcon(), Importance: widget.HighImportance, OnTapped: s.onUseSupport})

	s.source = note("")
	s.deviations = hidden(&widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance})
	s.usePattern = hidden(&widget.Button{Text: "Use the tutorial's pattern instead", Importance: widget.LowImportance, OnTapped: func() { u.wiz.ClearSupportURLs() }})

	var rows []fyne.CanvasObject
	for _, f := range wizard.Fields {
		r := u.newCopyRow(f.PortalLabel(), "")
		s.rows[f] = r
		rows = append(rows, r.row)
	}
	values := container.NewVBox(rows...)
	s.copyAll = u.copyButton("Copy all three", func() string {
		urls, _, err := u.wiz.URLs()
		if err != nil {
			return ""
		}
		return urls.Text()
	})
	s.saveSP = &widget.Button{Text: "Save SP metadata for Entra…", Icon: theme.DocumentSaveIcon(), OnTapped: s.onSaveSP}

	s.paste = &widget.Entry{
		MultiLine:   true,
		Wrapping:    fyne.TextWrapBreak,
		PlaceHolder: "Paste Identifier, Reply URL and Sign on URL as Entra shows them, one per line (or the whole Basic SAML Configuration block)",
		OnChanged:   func(text string) { u.wiz.SetPasteBack(text); s.refreshPasteBack() },
	}
	s.paste.SetMinRowsVisible(4)
	s.pasteTitle = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord}
	s.pasteLines = container.NewVBox()
	s.reason = &widget.Entry{
		PlaceHolder: "e.g. pymetrics support asked for these values on 3 March",
		OnChanged:   func(text string) { u.wiz.SetPasteBackReason(text) },
	}
	s.reasonBox = container.NewVBox(
		&widget.Label{Text: "If the difference is intended, say why (it then no longer holds this step open):", Wrapping: fyne.TextWrapWord},
		s.reason,
	)
	s.reasonBox.Hide()

	top := container.NewVBox(
		heading("Customer name"),
		s.name,
		s.nameMsg,
		container.NewHBox(s.suggest, s.useSupport),
		heading("Values for Basic SAML Configuration"),
		s.source,
		s.deviations,
		s.usePattern,
		values,
		container.NewHBox(s.copyAll, s.saveSP),
	)
	body := container.NewVBox(
		heading("Check what Entra saved"),
		note("Paste the three values as Entra shows them after Save (Ctrl+Shift+V pastes the clipboard here); they are compared character by character."),
		s.paste,
		s.pasteTitle,
		s.pasteLines,
		s.reasonBox,
	)
	s.frame = u.newFrame(st, frameParts{top: top, body: body})
	return s
}

// onNameChanged stores the name exactly as typed, even when refused: the
// wizard never changes what the admin typed, it only suggests.
func (s *basicSAMLScreen) onNameChanged(text string) {
	s.u.wiz.SetCustomer(text)
	s.refresh()
}

// pasteFromClipboard puts the clipboard into the paste-back check and
// focuses it: Edit > Paste values from Entra to check.
func (s *basicSAMLScreen) pasteFromClipboard() {
	if text := s.u.app.Clipboard().Content(); text != "" {
		s.paste.SetText(text) // OnChanged stores and compares it
	}
	s.u.win.Canvas().Focus(s.paste)
}

func (s *basicSAMLScreen) onSuggest() {
	if c := s.u.wiz.NameCheck(); c.Suggestion != "" {
		s.name.SetText(c.Suggestion) // OnChanged stores it
		s.u.win.Canvas().Focus(s.name)
	}
}

// onUseSupport takes support's values from the URL in the name field.
func (s *basicSAMLScreen) onUseSupport() {
	if _, err := s.u.wiz.ApplySupportURL(s.name.Text); err != nil {
		s.nameMsg.SetText(err.Error())
		s.nameMsg.Importance = widget.DangerImportance
		s.nameMsg.Refresh()
		return
	}
	s.refresh()
}

func (s *basicSAMLScreen) onSaveSP() {
	urls, _, err := s.u.wiz.URLs()
	if err != nil {
		return
	}
	data := wizard.SPMetadata(urls)
	s.u.askSavePath(saveRequest{
		title:       "Save SP metadata for Entra",
		what:        "SP metadata file",
		defaultName: wizard.SPMetadataFileName(urls.Customer),
		write:       func(path string, force bool) error { return bundle.WriteFile(path, data, force) },
		saved: func(path string) {
			s.u.toast("Saved " + path + ". In Entra, select Upload metadata file in Basic SAML Configuration and choose it.")
		},
	})
}

func (s *basicSAMLScreen) refresh() {
	s.frame.refresh()
	w := s.u.wiz
	if cur := w.Customer(); s.name.Text != cur {
		s.name.SetText(cur)
	}
	c := w.NameCheck()
	urls, src, urlErr := w.URLs()

	// The message under the field: why a name is refused, or what to
	// double-check about an accepted one; each starts with a word, not
	// only a colour.
	switch {
	case src == wizard.SourceSupport:
		setLabel(s.nameMsg, "Using the values pymetrics support gave you for \""+urls.Customer+"\".", widget.SuccessImportance)
	case c.OK && len(c.Warnings) > 0:
		setLabel(s.nameMsg, "Accepted. Check: "+c.Message(), widget.WarningImportance)
	case c.OK:
		setLabel(s.nameMsg, "Accepted.", widget.SuccessImportance)
	case c.Has(wizard.NameEmpty):
		setLabel(s.nameMsg, "Type the customer name pymetrics support gave you.", widget.MediumImportance)
	case c.Has(wizard.NameLooksLikeURL) && c.Suggestion != "":
		// Support's URL where the name goes: one sentence on what the
		// button does, and no second button that would take the name
		// alone and drop support's values.
		setLabel(s.nameMsg, "This is a URL from pymetrics support, not a name: choose \"Use the values in this URL\" to take the customer name \""+c.Suggestion+"\" and all three values from it.", widget.WarningImportance)
	case c.Has(wizard.NameLooksLikeURL):
		setLabel(s.nameMsg, "This is a URL, but not a pymetrics one (https://www.pymetrics.com/saml2-sp/…): type the customer name pymetrics support gave you instead.", widget.DangerImportance)
	default:
		setLabel(s.nameMsg, "Not accepted: "+c.Message(), widget.DangerImportance)
	}
	s.suggest.Hidden = c.OK || c.Suggestion == "" || src == wizard.SourceSupport || c.Has(wizard.NameLooksLikeURL)
	if !s.suggest.Hidden {
		s.suggest.SetText("Use \"" + c.Suggestion + "\"")
	}
	s.useSupport.Hidden = !c.Has(wizard.NameLooksLikeURL) || c.Suggestion == "" || src == wizard.SourceSupport
	s.suggest.Refresh()
	s.useSupport.Refresh()

	switch src {
	case wizard.SourceSupport:
		s.source.SetText("From pymetrics support (pasted). These take precedence over the tutorial's pattern.")
	case wizard.SourcePattern:
		s.source.SetText("From the tutorial's pattern for \"" + urls.Customer + "\". If pymetrics support gave you different values, paste one of their URLs into the name field.")
	default:
		s.source.SetText("The values appear here as soon as the customer name is accepted.")
	}
	var devs []string
	for _, d := range w.Deviations() {
		devs = append(devs, "•  "+d.Message)
	}
	s.deviations.SetText(strings.Join(devs, "\n"))
	s.deviations.Hidden = len(devs) == 0
	s.usePattern.Hidden = src != wizard.SourceSupport
	s.deviations.Refresh()
	s.usePattern.Refresh()

	for _, f := range wizard.Fields {
		v := ""
		if urlErr == nil {
			v = urls.Get(f)
		}
		s.rows[f].set(v)
	}
	if urlErr == nil {
		s.copyAll.Enable()
		s.saveSP.Enable()
	} else {
		s.copyAll.Disable()
		s.saveSP.Disable()
	}
	if pb := w.Session().PasteBack; s.paste.Text != pb {
		s.paste.SetText(pb)
	}
	s.refreshPasteBack()
}

// refreshPasteBack shows the comparison of what was pasted back from Entra.
func (s *basicSAMLScreen) refreshPasteBack() {
	var lines []fyne.CanvasObject
	// One layout for all the lines, whichever way this returns.
	defer func() { setObjects(s.pasteLines, lines...) }()
	s.reasonBox.Hide()
	if strings.TrimSpace(s.paste.Text) == "" {
		s.pasteTitle.Hide()
		return
	}
	cmp := s.u.wiz.PasteBackComparison()
	if len(cmp.Fields) == 0 {
		setLabel(s.pasteTitle, "Type or paste a valid customer name first: there is nothing to compare with yet.", widget.MediumImportance)
		s.pasteTitle.Show()
		return
	}
	if cmp.OK {
		setLabel(s.pasteTitle, "Match: "+cmp.Message, widget.SuccessImportance)
	} else {
		// The tick "I entered … and selected Save" was taken back by the
		// wizard; say so, and what brings it back.
		setLabel(s.pasteTitle, "Differences: "+cmp.Message+" Then paste them here again and tick the box again: until then this step is not complete.", widget.DangerImportance)
		if r := s.u.wiz.Session().PasteBackReason; s.reason.Text != r {
			s.reason.SetText(r)
		}
		s.reasonBox.Show()
	}
	s.pasteTitle.Show()
	for _, fc := range cmp.Fields {
		l := levelOK
		word := "Matches"
		if !fc.Match {
			l, word = levelError, "Differs"
			if !fc.Found {
				word = "Missing"
			}
		}
		text := fc.Message
		for _, d := range fc.Differences {
			text += "\n•  " + d.Message
		}
		lines = append(lines, newBanner(l, fc.Field.ShortLabel()+": "+word, text).object())
	}
	if len(cmp.Ignored) > 0 {
		lines = append(lines, note("Not used: "+strings.Join(cmp.Ignored, " | ")))
	}
}

// pending says what keeps Basic SAML configuration open, in the order the
// admin meets it.
func (s *basicSAMLScreen) pending() string {
	w := s.u.wiz
	sess := w.Session()
	_, _, urlErr := sess.ActiveURLs()
	switch {
	case urlErr != nil:
		return "Type the customer name, or paste a URL pymetrics support gave you."
	case sess.PasteBackDiffers() && strings.TrimSpace(sess.PasteBackReason) == "":
		return "The values pasted back from Entra differ: fix them in Entra and paste them again, or say why the difference is intended."
	case !w.Ticked(wizard.ItemBasicSAMLEntered):
		return "Enter the three values in Entra, select Save, and tick \"I entered … and selected Save\" below."
	}
	return ""
}

// setLabel sets a label's text and importance together.
func setLabel(l *widget.Label, text string, imp widget.Importance) {
	l.Text, l.Importance = text, imp
	l.Refresh()
}
