package ui

import "github.com/pymetrics/sso-assistant/wizard"

// prerequisitesScreen is "Before you start": roles and subscription, with a
// button to the Entra admin center (from the step's links).
type prerequisitesScreen struct{ *frame }

func (u *UI) newPrerequisitesScreen(st wizard.Step) *prerequisitesScreen {
	return &prerequisitesScreen{frame: u.newFrame(st, frameParts{body: u.renewEntry()})}
}
