package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/pymetrics/sso-assistant/wizard"
)

// Keyboard shortcuts. They live in the main menu because the window gives
// menu shortcuts the first look at every key press, before a focused text
// field, so Alt+Right moves on even while typing the customer name.
var (
	shortcutNext        = &desktop.CustomShortcut{KeyName: fyne.KeyRight, Modifier: fyne.KeyModifierAlt}
	shortcutBack        = &desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierAlt}
	shortcutOpen        = &desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutSaveBundle  = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutCopyID      = &desktop.CustomShortcut{KeyName: fyne.KeyI, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	shortcutCopyReply   = &desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	shortcutCopySignOn  = &desktop.CustomShortcut{KeyName: fyne.KeyU, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	shortcutCopyAll     = &desktop.CustomShortcut{KeyName: fyne.KeyA, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	shortcutEmail       = &desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutPasteBack   = &desktop.CustomShortcut{KeyName: fyne.KeyV, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	shortcutShortcuts   = &desktop.CustomShortcut{KeyName: fyne.KeySlash, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutStepNumbers = []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8, fyne.Key9}
)

func item(label string, sc fyne.Shortcut, action func()) *fyne.MenuItem {
	return &fyne.MenuItem{Label: label, Shortcut: sc, Action: action}
}

// guardMenu makes every item of the menu wait while a dialog is open: a
// shortcut must not act on the window behind a dialog.
func (u *UI) guardMenu(m *fyne.MainMenu) *fyne.MainMenu {
	for _, menu := range m.Items {
		for _, it := range menu.Items {
			if it.Action != nil {
				it.Action = u.unlessModal(it.Action)
			}
		}
	}
	return m
}

// mainMenu is File, Edit, Go and Help. Every action is also a button on
// its step; the menu makes it reachable from the keyboard.
func (u *UI) mainMenu() *fyne.MainMenu {
	file := fyne.NewMenu("File",
		item("Open metadata file…", shortcutOpen, u.openMetadataDialog),
		item("Open metadata URL…", nil, func() { u.openMetadataURLDialog() }),
		item("Save onboarding bundle…", shortcutSaveBundle, func() {
			u.goTo(wizard.StepSendToSupport)
			if !u.sendScreen().save.Disabled() {
				u.sendScreen().onSave()
			}
		}),
		item("Open e-mail draft", shortcutEmail, func() {
			u.goTo(wizard.StepSendToSupport)
			if s := u.sendScreen(); u.wiz.Bundle() != nil && !s.email.Disabled() {
				s.onEmail()
			}
		}),
		fyne.NewMenuItemSeparator(),
		item("Renew the signing certificate…", nil, u.openRenewal),
		item("Open bundle to renew…", nil, u.openBundleForRenewal),
		fyne.NewMenuItemSeparator(),
		item("Start over…", nil, u.confirmStartOver),
	)
	// The Copy items show Basic SAML Configuration first, as Save shows its
	// step: the admin sees what was copied, and its values are current
	// there (a step's screen is refreshed when shown).
	copyField := func(f wizard.Field) func() {
		return func() {
			u.goTo(wizard.StepBasicSAML)
			if b := u.basicScreen().rows[f].button; !b.Disabled() {
				b.OnTapped()
			}
		}
	}
	edit := fyne.NewMenu("Edit",
		item("Copy Identifier", shortcutCopyID, copyField(wizard.FieldIdentifier)),
		item("Copy Reply URL", shortcutCopyReply, copyField(wizard.FieldReplyURL)),
		item("Copy Sign on URL", shortcutCopySignOn, copyField(wizard.FieldSignOnURL)),
		item("Copy all three", shortcutCopyAll, func() {
			u.goTo(wizard.StepBasicSAML)
			if !u.basicScreen().copyAll.Disabled() {
				u.basicScreen().copyAll.OnTapped()
			}
		}),
		fyne.NewMenuItemSeparator(),
		item("Paste values from Entra to check", shortcutPasteBack, func() {
			u.goTo(wizard.StepBasicSAML)
			u.basicScreen().pasteFromClipboard()
		}),
	)
	goMenu := fyne.NewMenu("Go",
		item("Next step", shortcutNext, u.next),
		item("Previous step", shortcutBack, u.back),
		fyne.NewMenuItemSeparator(),
	)
	for i, st := range wizard.Steps() {
		id := st.ID
		var sc fyne.Shortcut
		if i < len(shortcutStepNumbers) {
			sc = &desktop.CustomShortcut{KeyName: shortcutStepNumbers[i], Modifier: fyne.KeyModifierAlt}
		}
		goMenu.Items = append(goMenu.Items, item(fmt.Sprintf("%d. %s", i+1, st.Title), sc, func() { u.goTo(id) }))
	}
	help := fyne.NewMenu("Help",
		item("Open the Microsoft Entra admin center", nil, func() { u.open(wizard.EntraAdminCenterURL) }),
		item("Keyboard shortcuts", shortcutShortcuts, u.showShortcuts),
		item("About", nil, u.showAbout),
	)
	return u.guardMenu(fyne.NewMainMenu(file, edit, goMenu, help))
}

// confirmStartOver asks, then starts a fresh session; the old one is kept
// as a backup file.
func (u *UI) confirmStartOver() {
	text := "Start a new setup from the first step? Your current progress is kept as a backup file next to the saved session, not deleted."
	if u.opts.Demo {
		text = "Start the demo from an empty session? Nothing is saved in demo mode."
	}
	var m *modal
	startOver := func() {
		m.d.Hide()
		backup, err := u.wiz.StartOver()
		if err != nil {
			u.showError("starting over", err)
			return
		}
		if u.cert != nil {
			u.cert.gen++ // a check still running belongs to the old session
		}
		u.notices.RemoveAll()
		u.notices.Add(u.saveBad.object())
		u.notices.Add(u.renewOffer.object())
		u.refreshRenewalOffer()
		if backup != "" {
			u.notices.Add(newBanner(levelInfo, "Started over", "Your previous session is kept as "+backup+".").object())
		}
	}
	// Cancel is the default: Enter in a hurry must not start over.
	cancel := u.closeButton("Cancel", &m)
	ok := u.newDialogButton(&widget.Button{Text: "Start over", Importance: widget.DangerImportance, OnTapped: startOver})
	m = u.modalDialog("Start over?", paragraph(text), 480, nil, cancel, cancel, ok)
}

func (u *UI) showShortcuts() {
	rows := [][2]string{
		{"Next step", "Alt+Right, or Enter when the step is complete"},
		{"Previous step", "Alt+Left"},
		{"Go to step 1-8", "Alt+1 … Alt+8"},
		{"Copy Identifier", "Ctrl+Shift+I"},
		{"Copy Reply URL", "Ctrl+Shift+R"},
		{"Copy Sign on URL", "Ctrl+Shift+U"},
		{"Copy all three", "Ctrl+Shift+A"},
		{"Paste values from Entra to check", "Ctrl+Shift+V"},
		{"Open metadata file", "Ctrl+O"},
		{"Save onboarding bundle", "Ctrl+S"},
		{"Open e-mail draft (after saving the bundle)", "Ctrl+E"},
		{"Move between fields and buttons", "Tab, Shift+Tab (the step first, then the step list); Space presses a button"},
		{"Open a step in the step list", "Enter or Space"},
		{"Close a dialog", "Esc"},
		{"This list", "Ctrl+/"},
	}
	var cells []fyne.CanvasObject
	for _, r := range rows {
		cells = append(cells, &widget.Label{Text: r[0], TextStyle: fyne.TextStyle{Bold: true}}, widget.NewLabel(r[1]))
	}
	var m *modal
	closeBtn := u.closeButton("Close", &m)
	m = u.modalDialog("Keyboard shortcuts", container.NewGridWithColumns(2, cells...), 0, nil, closeBtn, closeBtn)
}

func (u *UI) showAbout() {
	v := u.opts.Version
	if v == "" {
		v = "development build"
	}
	text := Title + " " + v + "\n\nConnects Microsoft Entra ID to pymetrics with SAML single sign-on. It works offline: it opens web pages and e-mail drafts in your own programs and never sends anything itself.\n\nQuestions: " + wizard.SupportEmail
	// A wrapping label has no width of its own: without one the dialog
	// shrinks to a column and breaks words.
	var m *modal
	closeBtn := u.closeButton("Close", &m)
	m = u.modalDialog("About", &widget.Label{Text: text, Wrapping: fyne.TextWrapWord}, 520, nil, closeBtn, closeBtn)
}
