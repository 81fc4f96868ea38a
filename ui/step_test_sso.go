package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pymetrics/sso-assistant/wizard"
)

// testSSOScreen is "Test sign-in": start where pymetrics can start the
// sign-in (its Sign-on URL, or My Apps), and what Entra's error codes mean
// for this configuration, each with the exact value that fixes it.
type testSSOScreen struct {
	*frame
	u *UI

	openSignOn *widget.Button
	signOn     *copyRow
	errors     *fyne.Container
	signIn     *signInPanel
}

func (u *UI) newTestSSOScreen(st wizard.Step) *testSSOScreen {
	s := &testSSOScreen{u: u}
	s.openSignOn = &widget.Button{Text: "Open pymetrics sign-on page", Icon: theme.LoginIcon(), Importance: widget.HighImportance, OnTapped: func() {
		if urls, _, err := u.wiz.URLs(); err == nil {
			u.open(urls.SignOnURL)
		}
	}}
	s.signOn = u.newCopyRow(wizard.FieldSignOnURL.PortalLabel(), "")
	s.errors = container.NewVBox()
	s.signIn = u.newSignInPanel()
	// The sign-on page, which needs the customer's URL, goes first, next
	// to the step's own link (My Apps).
	links := container.NewHBox(append([]fyne.CanvasObject{s.openSignOn}, u.linkButtons(st)...)...)
	body := container.NewVBox(
		s.signOn.row,
		s.signIn.object(),
		heading("If Entra shows an error"),
		s.errors,
	)
	s.frame = u.newFrame(st, frameParts{links: links, body: body})
	return s
}

func (s *testSSOScreen) refresh() {
	s.frame.refresh()
	urls, _, err := s.u.wiz.URLs()
	if err != nil {
		s.openSignOn.Disable()
		s.signOn.set("")
	} else {
		s.openSignOn.Enable()
		s.signOn.set(urls.SignOnURL)
	}
	s.errors.RemoveAll()
	for _, e := range wizard.SignInErrors(urls) {
		s.errors.Add(s.u.signInErrorCard(e))
	}
}

// signInErrorCard explains one AADSTS code.
func (u *UI) signInErrorCard(e wizard.SignInError) fyne.CanvasObject {
	parts := []fyne.CanvasObject{
		&widget.Label{Text: e.Code + ": " + e.Title, TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord},
		paragraph(e.Meaning),
		&widget.Label{Text: "Fix: " + e.Fix, Wrapping: fyne.TextWrapWord},
	}
	if e.Value != "" {
		label := "Value"
		if e.Field != "" {
			label = e.Field.PortalLabel()
		}
		r := u.newCopyRow(label, e.Value)
		parts = append(parts, r.row)
	}
	return newTintBox(theme.ColorNameInputBorder, 0x10, container.NewVBox(parts...))
}
