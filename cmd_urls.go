package main

import (
	"fmt"
	"io"

	"github.com/pymetrics/sso-assistant/wizard"
)

// customerFlags reads the customer from --customer NAME or --support-url URL.
type customerFlags struct {
	name, supportURL string
}

func (c *customerFlags) register(f *flags) {
	f.StringVar(&c.name, "customer", "", "the customer `name` pymetrics gave you (as in …/saml2-sp/NAME/NAME/…)")
	f.StringVar(&c.supportURL, "support-url", "", "a `URL` pymetrics support sent (Identifier, Reply URL or Sign-on URL); its values are kept exactly")
}

// urls resolves the flags to the three values. A refused name or URL is a
// problemsError; notes about an accepted name go to stderr.
func (c *customerFlags) urls(e *env, f *flags) (wizard.URLs, []wizard.Deviation, error) {
	switch {
	case c.name != "" && c.supportURL != "":
		return wizard.URLs{}, nil, f.usagef("give --customer or --support-url, not both")
	case c.supportURL != "":
		u, devs, err := wizard.FromSupportURL(c.supportURL)
		if err != nil {
			return u, nil, &problemsError{msg: err.Error()}
		}
		return u, devs, nil
	}
	check := wizard.CheckName(c.name)
	if !check.OK {
		if c.name == "" && !f.has("customer") {
			return wizard.URLs{}, nil, f.usagef("--customer NAME is required")
		}
		return wizard.URLs{}, nil, &problemsError{msg: fmt.Sprintf("customer name %q refused: %s", c.name, check.Message())}
	}
	for _, w := range check.Warnings {
		fmt.Fprintf(e.stderr, "note: %s\n", w.Message)
	}
	u, err := wizard.URLsFor(c.name)
	if err != nil { // CheckName accepted it, so this is not expected
		return u, nil, &problemsError{msg: err.Error()}
	}
	return u, nil, nil
}

// cmdURLs prints the values for Entra's Basic SAML Configuration, or
// compares them with what Entra shows (--compare).
func cmdURLs(e *env, args []string) error {
	f := newFlags("urls", "--customer NAME | --support-url URL [--json] [--compare FILE|-]", e)
	var c customerFlags
	c.register(f)
	asJSON := f.Bool("json", false, "print JSON")
	compare := f.String("compare", "", "compare what Entra shows (a `file`, or - for standard input: the values one per line or the block copied from the portal) with the expected values")
	pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	if err := f.noArgs(pos); err != nil {
		return err
	}
	u, devs, err := c.urls(e, f)
	if err != nil {
		return err
	}
	if *compare != "" {
		var pasted []byte
		if *compare == "-" {
			pasted, err = io.ReadAll(io.LimitReader(e.stdin, 1<<20))
		} else {
			pasted, err = readSmallFile(*compare, 1<<20)
		}
		if err != nil {
			name := *compare
			if name == "-" {
				name = "standard input"
			}
			return readError("--compare", name, err)
		}
		cmp := wizard.CompareURLs(u, string(pasted))
		text := func(w io.Writer) error { return writeComparison(w, cmp) }
		return emit(e, *asJSON, cmp, text, cmp.OK)
	}
	if *asJSON {
		out := struct {
			wizard.URLs
			Attributes []wizard.Attribute `json:"attributes"`
			Deviations []wizard.Deviation `json:"support_deviations,omitempty"`
		}{u, wizard.Attributes(), devs}
		return writeJSON(e.stdout, out)
	}
	return writeURLs(e.stdout, u, devs)
}

func writeURLs(w io.Writer, u wizard.URLs, devs []wizard.Deviation) error {
	fmt.Fprintf(w, "Basic SAML Configuration for customer %q\n\n", u.Customer)
	for _, f := range wizard.Fields {
		fmt.Fprintf(w, "  %-45s %s\n", f.PortalLabel(), u.Get(f))
	}
	for _, d := range devs {
		fmt.Fprintf(w, "\n  note: %s", d.Message)
	}
	fmt.Fprintf(w, "\n\nAttributes & Claims\n\n  %-15s %s\n", "Name", "Source attribute")
	for _, a := range wizard.Attributes() {
		fmt.Fprintf(w, "  %-15s %s\n", a.Name, a.Source)
	}
	_, err := fmt.Fprintln(w)
	for _, n := range wizard.AttributeNotes() {
		if err != nil {
			break
		}
		_, err = fmt.Fprintf(w, "  - %s\n", n)
	}
	return err
}

func writeComparison(w io.Writer, c wizard.Comparison) error {
	fmt.Fprintln(w, c.Message)
	for _, f := range c.Fields {
		mark := "MATCH "
		if !f.Match {
			mark = "DIFFER"
		}
		fmt.Fprintf(w, "\n[%s] %s\n  expected: %s\n", mark, f.Field.PortalLabel(), f.Expected)
		if f.Found {
			fmt.Fprintf(w, "  pasted:   %q\n", f.Pasted)
		}
		fmt.Fprintf(w, "  %s\n", f.Message)
	}
	for _, line := range c.Ignored {
		fmt.Fprintf(w, "\nignored line: %q\n", line)
	}
	_, err := fmt.Fprintln(w)
	return err
}
