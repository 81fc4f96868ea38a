package main

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/pymetrics/sso-assistant/wizard/bundle"
)

// cmdBundle builds the onboarding bundle for pymetrics support from checked
// metadata, and writes it to --out, to the default file name, or (--out -)
// to standard output.
func cmdBundle(e *env, args []string) error {
	f := newFlags("bundle", "--customer NAME | --support-url URL --metadata FILE|URL [--thumbprint HEX] [--cert FILE] [--contact-name S] [--contact-email S] [--created RFC3339] [--out FILE|-] [--force]", e)
	var c customerFlags
	c.register(f)
	var p pins
	p.register(f)
	metadata := f.String("metadata", "", "the Federation Metadata XML `file` downloaded from Entra, or its App Federation Metadata Url")
	contactName := f.String("contact-name", "", "your `name`, for pymetrics support")
	contactEmail := f.String("contact-email", "", "your e-mail `address`, for pymetrics support")
	created := f.String("created", "", "the bundle's creation `time` (RFC 3339; default now); the same inputs and time give the same bytes")
	out := f.String("out", "", "write the bundle to this `file` (default pymetrics-sso-<customer>-<YYYYMMDD>.zip; -: standard output)")
	force := f.Bool("force", false, "overwrite --out if it exists")
	pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	if err := f.noArgs(pos); err != nil {
		return err
	}
	if *metadata == "" {
		return f.usagef("--metadata FILE is required")
	}
	u, _, err := c.urls(e, f)
	if err != nil {
		return err
	}
	opts, err := p.options(f)
	if err != nil {
		return err
	}
	when := time.Now()
	if *created != "" {
		if when, err = time.Parse(time.RFC3339, *created); err != nil {
			return f.usagef("--created wants a time like 2026-01-31T12:00:00Z: %v", err)
		}
	}
	checkAt := opts
	if checkAt.Now.IsZero() {
		checkAt.Now = when
	}
	meta, err := readMetadata(e, "--metadata", *metadata, checkAt, false)
	if err == nil {
		err = urlTenantRefused(e, meta, false)
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "\nNo bundle was written.")
		return err
	}
	data := meta.data
	name := *out
	if name == "" || isStdout(name) {
		name = bundle.DefaultFileName(u.Customer, when)
	}
	b, err := bundle.Build(bundle.Input{
		URLs: u, Metadata: data, MetadataName: meta.name, Source: meta.source, Check: opts,
		ContactName: *contactName, ContactEmail: *contactEmail,
		Created: when, ToolVersion: e.version, FileName: filepath.Base(name),
	})
	if err != nil {
		var refused *bundle.RefusedError
		if errors.As(err, &refused) && refused.Report != nil {
			refused.Report.WriteText(e.stderr)
			if refused.Reason != "" {
				fmt.Fprintf(e.stderr, "\n%s\n", refused.Reason)
			}
			fmt.Fprintln(e.stderr, "\nNo bundle was written: fix the errors above and run the command again.")
			return &problemsError{}
		}
		return &problemsError{msg: err.Error()}
	}
	if isStdout(*out) {
		if _, err := e.stdout.Write(b.Zip); err != nil {
			return err
		}
		name = "the bundle to standard output"
	} else if err := writeFile(name, b.Zip, *force, " or --out to choose another name"); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "Wrote %s (%d bytes, SHA-256 %x).\n%s\n", name, len(b.Zip), sha256.Sum256(b.Zip), b.Report.Verdict())
	fmt.Fprintf(e.stderr, "\nSend it to %s with this e-mail (email.txt in the bundle):\n\nSubject: %s\n\n%s", b.Email.To, b.Email.Subject, b.Email.Body)
	return nil
}
