package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/pymetrics/sso-assistant/wizard"
	"github.com/pymetrics/sso-assistant/wizard/bundle"
)

// verifyBundleNotes say how the flags combine: every flag acts on every kind
// of bundle, alone or with --previous, and the -h text says on which one.
const verifyBundleNotes = `FILE is an onboarding bundle or a rollover bundle. With --previous, FILE is the
rollover bundle and --previous the bundle pymetrics already has (onboarding or
last rollover):
  --customer and --tenant apply to both bundles; a mismatch in either fails
      (bundle.customer-mismatch, bundle.tenant-changed).
  --thumbprint and --cert name the rollover bundle's signer, which may be the
      new certificate; the previous bundle is checked on its own.
  --now judges the rollover bundle; the previous bundle is judged as of the
      day the rollover bundle was made.
  --extract writes the rollover bundle's metadata and certificates, and only
      when the link is VOUCHED or CONFIRMED BY THUMBPRINT ONLY; a rollover
      bundle alone is never extracted, its link being unchecked.
One of the two bundles may be - (standard input), not both. With --extract
the files written are listed on standard error, with or without --json.
`

// cmdVerifyBundle checks an onboarding or rollover bundle, as pymetrics
// support does before configuring the customer: the verdict says how far it
// can be trusted, the configure section what to enter on pymetrics' side.
// What support expects (--customer, --tenant, the pins) goes into
// bundle.VerifyOptions, so a new expectation is a new field there and a
// flag here; every flag must act with --previous too, or be refused.
func cmdVerifyBundle(e *env, args []string) error {
	f := newFlags("verify-bundle", "[--json] [--previous BUNDLE] [--thumbprint HEX] [--cert FILE] [--customer NAME] [--tenant ID] [--extract DIR] [--now RFC3339] FILE|-", e)
	f.notes = verifyBundleNotes
	asJSON := f.Bool("json", false, "print the result as JSON")
	customer := f.String("customer", "", "the customer `name` you expect the bundle to be for; another customer's bundle fails")
	tenant := f.String("tenant", "", "the Entra tenant `ID` you expect (from the customer's earlier bundle); another tenant fails")
	extract := f.String("extract", "", "write the verified metadata and signing certificates into this `folder` (never overwrites)")
	previous := f.String("previous", "", "the `bundle` before this rollover bundle (onboarding or rollover): says whether it vouches for the new certificate")
	path, opts, err := parseOneInput(e, f, args, "bundle file")
	if err != nil {
		return err
	}
	if err := refuseEmpty(f, "previous", "extract", "customer", "tenant", "thumbprint", "cert", "now"); err != nil {
		return err
	}
	if *extract == "-" {
		return f.usagef("--extract - would make a folder named \"-\": --extract writes several files, not one to standard output. Give a folder, e.g. --extract acme-sso")
	}
	if *previous == "-" && path == "-" {
		return f.usagef("--previous - and - both ask for standard input, which carries one file; give one of the two bundles as a file")
	}
	vopts := bundle.VerifyOptions{Check: opts, Customer: *customer}
	if *customer != "" {
		if check := wizard.CheckName(*customer); !check.OK {
			return f.usagef("--customer %q is not a customer name: %s", *customer, check.Message())
		}
	}
	if *tenant != "" {
		if vopts.TenantID, err = bundle.NormalizeTenantID(*tenant); err != nil {
			return f.usagef("--tenant: %s", strings.TrimPrefix(err.Error(), "bundle: "))
		}
	}
	if *previous != "" {
		chain, err := verifyChain(e, *previous, path, vopts)
		if err != nil {
			return err
		}
		result := emit(e, *asJSON, chain, chain.WriteText, chain.OK)
		return extractAfter(e, *extract, result, chain.Bundle, chain.OK,
			"the rollover bundle is not linked to the previous bundle (ROLLOVER NOT LINKED), so none of its certificates may be added")
	}
	var res *bundle.VerifyResult
	if path == "-" {
		limit := bundle.MaxBundleSize(opts)
		data, err := io.ReadAll(io.LimitReader(e.stdin, limit+1))
		if err != nil {
			return readError("", "standard input", err)
		}
		if err := bundle.MisroutedToVerify("-", data); err != nil {
			return err
		}
		res = bundle.VerifyWith(bytes.NewReader(data), int64(len(data)), vopts)
	} else if res, err = bundle.VerifyFileWith(path, vopts); err != nil {
		if errors.Is(err, bundle.ErrWrongCommand) {
			return err
		}
		return readError("", path, err)
	}
	result := emit(e, *asJSON, res, res.WriteText, res.OK)
	if res.Rollover != nil {
		// A rollover bundle vouches for its new certificate only through
		// the bundle before it: alone, it is intact at best, and a forged
		// one is intact too. Its certificates go to files only with the link
		// checked, as --previous does.
		return extractAfter(e, *extract, result, res, false,
			"a rollover bundle's new certificate is trusted only through the bundle pymetrics already has, and no --previous was given. Run verify-bundle --previous PREVIOUS.zip --extract "+bundle.CommandWord(*extract)+" "+bundle.CommandWord(path))
	}
	return extractAfter(e, *extract, result, res, res.OK, "the bundle did not verify")
}

// refuseEmpty refuses a flag given an empty value (--customer "", as a
// script with an unset variable writes it): it would check nothing while
// reading as if it had.
func refuseEmpty(f *flags, names ...string) error {
	for _, name := range names {
		if fl := f.Lookup(name); fl != nil && f.has(name) && fl.Value.String() == "" {
			return f.usagef("--%s was given an empty value, so it would check nothing; give it a value or leave it out", name)
		}
	}
	return nil
}

// extractAfter is --extract once the result is written: the verified files
// of res when ok allows it, otherwise nothing and why not. result is what
// emit returned, and stays the command's result unless extracting fails.
func extractAfter(e *env, dir string, result error, res *bundle.VerifyResult, ok bool, whyNot string) error {
	if dir == "" {
		return result
	}
	var problems *problemsError
	if result != nil && !errors.As(result, &problems) {
		return result // the result could not be written
	}
	if !ok {
		fmt.Fprintf(e.stderr, "Nothing was extracted into %s: %s.\n", dir, whyNot)
		return result
	}
	files, err := bundle.Extract(res, dir)
	if err != nil {
		if errors.Is(err, bundle.ErrExists) {
			return &fileError{msg: fmt.Sprintf("--extract: nothing was extracted, because a file is in the way (%s). Choose an empty folder.",
				strings.TrimPrefix(err.Error(), "bundle: ")), err: err}
		}
		return fmt.Errorf("--extract: %w", err)
	}
	for _, file := range files {
		fmt.Fprintf(e.stderr, "Wrote %s (%s)\n", file.Path, file.What)
	}
	return nil
}
