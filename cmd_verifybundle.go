package main

import (
	"bytes"
	"io"

	"github.com/pymetrics/sso-assistant/wizard/bundle"
)

// cmdVerifyBundle checks an onboarding bundle, as pymetrics support does
// before configuring the customer.
func cmdVerifyBundle(e *env, args []string) error {
	f := newFlags("verify-bundle", "[--json] [--thumbprint HEX] [--cert FILE] [--now RFC3339] FILE|-", e)
	asJSON := f.Bool("json", false, "print the result as JSON")
	path, opts, err := parseOneInput(e, f, args, "bundle file")
	if err != nil {
		return err
	}
	var res *bundle.VerifyResult
	if path == "-" {
		limit := bundle.MaxBundleSize(opts)
		data, err := io.ReadAll(io.LimitReader(e.stdin, limit+1))
		if err != nil {
			return readError("", "standard input", err)
		}
		res = bundle.Verify(bytes.NewReader(data), int64(len(data)), opts)
	} else if res, err = bundle.VerifyFile(path, opts); err != nil {
		return readError("", path, err)
	}
	return emit(e, *asJSON, res, res.WriteText, res.OK)
}
