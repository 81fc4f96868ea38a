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

// cmdVerifyBundle checks an onboarding bundle, as pymetrics support does
// before configuring the customer: the verdict says how far it can be
// trusted, the configure section what to enter on pymetrics' side. What
// support expects (--customer, --tenant, the pins) goes into
// bundle.VerifyOptions, so a new expectation is a new field there and a
// flag here.
func cmdVerifyBundle(e *env, args []string) error {
	f := newFlags("verify-bundle", "[--json] [--previous BUNDLE] [--thumbprint HEX] [--cert FILE] [--customer NAME] [--tenant ID] [--extract DIR] [--now RFC3339] FILE|-", e)
	asJSON := f.Bool("json", false, "print the result as JSON")
	customer := f.String("customer", "", "the customer `name` you expect the bundle to be for; another customer's bundle fails")
	tenant := f.String("tenant", "", "the Entra tenant `ID` you expect (from the customer's earlier bundle); another tenant fails")
	extract := f.String("extract", "", "write the verified metadata and signing certificates into this `folder` (never overwrites)")
	previous := f.String("previous", "", "the `bundle` before this rollover bundle (onboarding or rollover): says whether it vouches for the new certificate")
	path, opts, err := parseOneInput(e, f, args, "bundle file")
	if err != nil {
		return err
	}
	if *previous != "" {
		if path == "-" {
			return f.usagef("with --previous, give the rollover bundle as a file, not standard input")
		}
		return verifyChain(e, *previous, path, opts, *asJSON)
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
	if *extract == "" {
		return result
	}
	var problems *problemsError
	if result != nil && !errors.As(result, &problems) {
		return result // the result could not be written
	}
	if !res.OK {
		fmt.Fprintf(e.stderr, "Nothing was extracted into %s: the bundle did not verify.\n", *extract)
		return result
	}
	files, err := bundle.Extract(res, *extract)
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
