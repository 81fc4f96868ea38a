package wizard

// Attribute is one claim pymetrics expects in the SAML assertion: Name is
// the claim name (case-sensitive), Source the Entra user attribute it comes
// from. Note explains a choice an admin might question.
type Attribute struct {
	Name   string `json:"name"`
	Source string `json:"source"`
	Note   string `json:"note,omitempty"`
}

// Attributes returns the claims of the pymetrics gallery app, in the order
// the tutorial lists them. It returns a new slice on every call.
func Attributes() []Attribute {
	return []Attribute{
		{Name: "UserFirstName", Source: "user.givenname"},
		{Name: "UserLastName", Source: "user.surname"},
		{Name: "UserEmail", Source: "user.userprincipalname",
			Note: "The user principal name, not user.mail: user.mail is empty for users without a mailbox."},
	}
}

// AttributeNotes is the guidance shown with the attribute table.
func AttributeNotes() []string {
	return []string{
		"The pymetrics gallery app fills these in for you; you only need to check that they are there.",
		"Claim names are case-sensitive: UserEmail is not the same claim as useremail.",
		"UserEmail comes from user.userprincipalname because user.mail is empty for users who have no mailbox, and pymetrics needs an e-mail address for every user.",
		"pymetrics creates the user on first sign-in (just-in-time provisioning) from these three claims.",
	}
}
