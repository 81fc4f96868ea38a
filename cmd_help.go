package main

import (
	"fmt"
	"io"
	"strings"
)

// cmdHelp prints the help on stdout (also run for -h and --help).
func cmdHelp(e *env, _ []string) error {
	writeHelp(e.stdout)
	return nil
}

// writeHelp is the help text, its command lines generated from the table.
func writeHelp(w io.Writer) {
	fmt.Fprint(w, "pymetrics SSO Assistant: connect Microsoft Entra ID to pymetrics with SAML single sign-on.\n\nUsage:\n")
	line := func(usage, summary string) {
		const col = 36
		if len(usage) < col-2 {
			fmt.Fprintf(w, "  %-*s%s\n", col-2, usage, summary)
		} else {
			fmt.Fprintf(w, "  %s\n  %*s%s\n", usage, col-2, "", summary)
		}
	}
	line("pymetrics-sso [--demo]", "open the wizard (--demo: a sample customer and file)")
	for _, c := range commandTable() {
		line(strings.TrimSpace("pymetrics-sso "+c.name+" "+c.synopsis), c.summary)
	}
	fmt.Fprint(w, `
Run "pymetrics-sso COMMAND -h" for a command's options.
Output: data on standard output, status lines and problems on standard error.
Exit codes: 0 success, 1 the input was checked and has errors, 2 usage error or unreadable input.
`)
}

// commandNames lists the table's commands, all of which work without a
// desktop session.
func commandNames() string {
	var names []string
	for _, c := range commandTable() {
		names = append(names, c.name)
	}
	return strings.Join(names, ", ")
}
