// Command pymetrics-sso is the pymetrics SSO Assistant. With no arguments it
// opens the desktop wizard; its subcommands serve support engineers and
// scripts. The work lives in samlcheck, wizard and ui; this package only
// reads the command line and prints.
//
// Layout (as restic arranges its commands):
//   - main.go: the command table and the dispatch, nothing else.
//   - cli.go: what commands share: env (streams, version), the two error
//     types usageError (exit 2, followed by the command's usage) and
//     problemsError (exit 1, "checked, has problems"), exitCode (the one
//     mapping from error to exit code), the "pymetrics-sso CMD:" prefix
//     (written once, by report), flag parsing that allows flags after the
//     positional arguments, the signer pins, JSON/text output.
//   - cmd_NAME.go: one file per command, a func(e *env, args []string) error.
//
// Adding a command (say check-signin): write cmd_checksignin.go with
//
//	func cmdCheckSignin(e *env, args []string) error {
//		f := newFlags("check-signin", "[--json] FILE", e)
//		asJSON := f.Bool("json", false, "print JSON")
//		pos, err := f.parse(e, args)
//		if err != nil {
//			return err
//		}
//		...                                   // the work, in another package
//		return emit(e, *asJSON, result, result.WriteText, result.OK)
//	}
//
// and add one row to commandTable below; help, the unknown-command message
// and the no-desktop line pick it up. Return f.usagef(...) for a wrong
// command line, &problemsError{} once the problems are printed, and any
// other error (wrapped with %w) for input that cannot be read or output
// that cannot be written: it is printed with the prefix and exits 2. Data
// goes to e.stdout, status lines ("Wrote …") to e.stderr; a file argument
// named "-" means standard input or output. Then add its cases (good and
// bad input, --json, a missing file, a usage error) to
// scripts/winetest/cli-cases.txt: make test-windows runs them on Linux and
// under Wine and requires the same output.
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/pymetrics/sso-assistant/internal/winconsole"
	"github.com/pymetrics/sso-assistant/ui/initlog"
	"github.com/pymetrics/sso-assistant/wizard"
)

// commandTable lists the commands in the order help shows them. It is a
// function, not a variable, because help reads it.
func commandTable() []command {
	return []command{
		{name: "check", synopsis: "FILE|URL|-", summary: "check a Federation Metadata XML file, or fetch it from its URL", run: cmdCheck},
		{name: "urls", synopsis: "--customer NAME", summary: "the values to enter in Entra's Basic SAML Configuration", run: cmdURLs},
		{name: "sp-metadata", synopsis: "--customer NAME", summary: `an SP metadata file for Entra's "Upload metadata file"`, run: cmdSPMetadata},
		{name: "bundle", synopsis: "--customer NAME --metadata FILE", summary: "the onboarding bundle for pymetrics support", run: cmdBundle},
		{name: "verify-bundle", synopsis: "[--previous BUNDLE] [--thumbprint HEX] [--customer NAME] FILE", summary: "check an onboarding or rollover bundle and show what to configure (for pymetrics support)", run: cmdVerifyBundle},
		{name: "rollover", synopsis: "--previous BUNDLE --metadata FILE|URL", summary: "a rollover bundle announcing a new signing certificate", run: cmdRollover},
		{name: "check-signin", synopsis: "(--customer NAME --metadata FILE | --bundle ZIP) FILE|-", summary: "check a captured sign-in (HAR, SAML-tracer export, SAMLResponse, Entra's error page)", run: cmdCheckSignIn},
		{name: "version", summary: "print the version (also --version)", run: cmdVersion},
		{name: "help", summary: "print this help (also -h, --help)", run: cmdHelp},
	}
}

func main() {
	if len(os.Args) > 1 {
		// The Windows build is a GUI program (no console window on a
		// double-click); print to the terminal the command was typed in.
		winconsole.Attach()
	}
	initlog.Release(os.Stderr)
	os.Exit(run(os.Args[1:], &env{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		getenv: os.Getenv, goos: goos,
	}))
}

// run is main without the process around it, so tests can call it: it
// picks the command, runs it, reports its error and returns the exit code.
func run(args []string, e *env) int {
	if e.version == "" {
		e.version = wizard.AppVersion(fyneApp)
	}
	if e.getenv == nil {
		e.getenv = os.Getenv
	}
	if e.goos == "" {
		e.goos = goos
	}
	name, c := "", command{run: cmdGUI}
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		found := false
		for _, cmd := range commandTable() {
			if cmd.name == args[0] {
				name, c, found = cmd.name, cmd, true
			}
		}
		if !found {
			err := &usageError{msg: fmt.Sprintf("unknown command %q\n", args[0]), usage: writeHelp}
			report(e.stderr, "", err)
			return exitCode(err)
		}
		args = args[1:]
	}
	err := c.run(e, args)
	report(e.stderr, name, err)
	return exitCode(err)
}
