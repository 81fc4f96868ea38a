package main

import (
	_ "embed"
	"fmt"
)

// fyneApp is the one place the version is written down; `version`, the
// About dialog and the onboarding bundle all read it from here.
//
//go:embed FyneApp.toml
var fyneApp []byte

// cmdVersion prints "pymetrics-sso VERSION" (also run for --version).
func cmdVersion(e *env, args []string) error {
	f := newFlags("version", "", e)
	pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	if err := f.noArgs(pos); err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "pymetrics-sso %s\n", e.version)
	return err
}
