package main

import "github.com/pymetrics/sso-assistant/samlcheck"

// cmdCheck checks one Federation Metadata XML file and prints the report.
func cmdCheck(e *env, args []string) error {
	f := newFlags("check", "[--json] [--thumbprint HEX] [--cert FILE] [--now RFC3339] FILE|-", e)
	asJSON := f.Bool("json", false, "print the report as JSON")
	path, opts, err := parseOneInput(e, f, args, "file")
	if err != nil {
		return err
	}
	var report *samlcheck.Report
	if path == "-" {
		report, _, err = samlcheck.CheckReader("standard input", e.stdin, opts)
	} else {
		report, _, err = samlcheck.CheckFile(path, opts)
	}
	if err != nil {
		return readError("", path, err)
	}
	return emit(e, *asJSON, report, report.WriteText, report.OK)
}
