package ui

import (
	"fyne.io/fyne/v2/container"

	"github.com/pymetrics/sso-assistant/wizard"
)

// testUserScreen is "Test user and assignment". The checklist carries the
// nested-group note; the just-in-time note below saves the admin from
// looking for a "create user" step on the pymetrics side.
type testUserScreen struct{ *frame }

func (u *UI) newTestUserScreen(st wizard.Step) *testUserScreen {
	body := container.NewVBox(
		heading("Good to know"),
		newBanner(levelInfo, "Nested groups do not count",
			"Entra honours an assignment only for the direct members of an assigned group. A user who is in a group inside the assigned group cannot sign in (error AADSTS50105): assign the user, or a group the user is directly in.").object(),
		newBanner(levelInfo, "No account to create in pymetrics",
			"pymetrics creates the user the first time they sign in (just-in-time provisioning), from the first name, last name and e-mail claims.").object(),
	)
	return &testUserScreen{frame: u.newFrame(st, frameParts{body: body})}
}
