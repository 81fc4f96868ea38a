// Package wizard owns the journey an Entra administrator takes to connect
// Microsoft Entra ID to pymetrics with SAML single sign-on: the customer name
// rules and the exact Entra values derived from it, the attribute table, the
// steps with their checklists and completion rules, the check of what the
// admin pasted back from the portal, the SP metadata file for Entra's
// "Upload metadata file" button, the judgement of a captured sign-in against
// the customer's values (CheckSignIn), the certificate renewal journey (its
// four steps, when it is due, and where the admin is in it), and the saved
// session that makes both journeys resumable.
//
// The package is pure Go and never imports a UI toolkit: the desktop UI only
// renders a Wizard's state and calls its methods, and the command line uses
// the same functions. Values shown to the admin are computed here, once, so
// that the window, the command line and the onboarding bundle can never
// disagree about a URL.
package wizard
