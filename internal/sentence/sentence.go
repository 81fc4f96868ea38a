// Package sentence holds the small wording helpers that samlcheck, wizard
// and ui share, so a sentence continued after a colon reads the same in the
// report, the command line and the window.
package sentence

// LowerFirst lower-cases the first letter of a sentence continued after a
// colon ("To continue: type …"), unless it starts an acronym ("SAML",
// "AD FS").
func LowerFirst(s string) string {
	if len(s) >= 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'a' && s[1] <= 'z' {
		return string(s[0]+'a'-'A') + s[1:]
	}
	return s
}
