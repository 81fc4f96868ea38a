package main

import (
	"fmt"

	"github.com/pymetrics/sso-assistant/wizard"
)

// cmdSPMetadata writes an SP metadata file for Entra's "Upload metadata
// file", to --out or to standard output.
func cmdSPMetadata(e *env, args []string) error {
	f := newFlags("sp-metadata", "--customer NAME | --support-url URL [--out FILE|-] [--force]", e)
	var c customerFlags
	c.register(f)
	out := f.String("out", "", "write to this `file` (default, or -: standard output)")
	force := f.Bool("force", false, "overwrite --out if it exists")
	pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	if err := f.noArgs(pos); err != nil {
		return err
	}
	u, _, err := c.urls(e, f)
	if err != nil {
		return err
	}
	data := wizard.SPMetadata(u)
	if *out == "" || isStdout(*out) {
		_, err := e.stdout.Write(data)
		return err
	}
	if err := writeFile(*out, data, *force, ""); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "Wrote %s. In Entra: Basic SAML Configuration > Upload metadata file. Paste the Sign on URL yourself: %s\n", *out, u.SignOnURL)
	return nil
}
