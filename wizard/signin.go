package wizard

import "fmt"

// SignInError explains an Entra error code the admin may meet when testing
// sign-in, for this customer's configuration: what it means and the exact
// value or action that fixes it.
type SignInError struct {
	Code    string `json:"code"`    // "AADSTS50011"
	Title   string `json:"title"`   // a short name
	Meaning string `json:"meaning"` // what went wrong, in our words
	Fix     string `json:"fix"`     // what to do
	// Field is the portal field to correct, "" when the fix is not a field.
	Field Field `json:"field,omitempty"`
	// Value is the exact value to enter or start from (copyable).
	Value string `json:"value,omitempty"`
}

// SignInErrors returns the common Entra sign-in errors for a configuration
// with the given values.
func SignInErrors(u URLs) []SignInError {
	return []SignInError{
		{
			Code:    "AADSTS50011",
			Title:   "Reply URL does not match",
			Meaning: "The address pymetrics asked Entra to send the sign-in to is not one of the Reply URLs in the pymetrics app's Basic SAML Configuration. One character is enough: a capital letter, a missing /, http instead of https, or a missing ?acs.",
			Fix:     fmt.Sprintf("In Basic SAML Configuration, set %s to exactly the value below, save, and try again after a minute.", FieldReplyURL.PortalLabel()),
			Field:   FieldReplyURL,
			Value:   u.ReplyURL,
		},
		{
			Code:    "AADSTS700016",
			Title:   "Application not found in the directory",
			Meaning: "Entra found no application with the Identifier pymetrics sent. Either the Identifier differs by a character, or the user signed in to a different Entra tenant than the one with the pymetrics app.",
			Fix:     fmt.Sprintf("In Basic SAML Configuration, set %s to exactly the value below and save. If it already matches, sign in with an account of the tenant where you added pymetrics.", FieldIdentifier.PortalLabel()),
			Field:   FieldIdentifier,
			Value:   u.Identifier,
		},
		{
			Code:    "AADSTS50105",
			Title:   "User not assigned to the application",
			Meaning: "The signed-in user is not assigned to the pymetrics app. Users in nested groups do not count: a group assignment covers only the group's direct members.",
			Fix:     "In Enterprise applications > pymetrics > Users and groups, assign the user directly, or a group the user is a direct member of.",
		},
		{
			Code:    "AADSTS75011",
			Title:   "Sign-in method does not match the request",
			Meaning: "pymetrics asked for a particular way of signing in (for example a password), and the user's session was established another way (for example Windows Hello, a certificate or a passwordless method).",
			Fix:     "Sign out, start again from the Sign-on URL below and sign in with a password. If it keeps happening, send the error details to pymetrics support at " + SupportEmail + ": the requested sign-in method is set on their side.",
			Field:   FieldSignOnURL,
			Value:   u.SignOnURL,
		},
		{
			Code:    "AADSTS750054",
			Title:   "SAML request missing",
			Meaning: "Entra was opened at its Login URL without a sign-in request. pymetrics supports only sign-in started by pymetrics (SP-initiated), so Entra's Login URL cannot be opened directly.",
			Fix:     "Start from the pymetrics Sign-on URL below, or from the pymetrics tile in My Apps (" + MyAppsURL + "), not from Entra's Login URL.",
			Field:   FieldSignOnURL,
			Value:   u.SignOnURL,
		},
	}
}
