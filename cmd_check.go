package main

import (
	"github.com/pymetrics/sso-assistant/internal/metadataurl"
	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/wizard/bundle"
)

// cmdCheck checks one Federation Metadata XML file, or fetches it from its
// App Federation Metadata Url, and prints the report. A bundle or a
// certificate is pointed to the command that reads it.
func cmdCheck(e *env, args []string) error {
	f := newFlags("check", "[--json] [--thumbprint HEX] [--cert FILE] [--now RFC3339] FILE|URL|-", e)
	asJSON := f.Bool("json", false, "print the report as JSON")
	path, opts, err := parseOneInput(e, f, args, "file")
	if err != nil {
		return err
	}
	if metadataurl.LooksLikeURL(path) {
		in, err := readMetadata(e, "", path, opts, *asJSON)
		if err != nil {
			return err
		}
		return emit(e, *asJSON, samlcheck.Document{Report: in.report}, in.report.WriteText, in.report.OK)
	}
	var report *samlcheck.Report
	var data []byte
	if path == "-" {
		report, data, err = samlcheck.CheckReader("standard input", e.stdin, opts)
	} else {
		report, data, err = samlcheck.CheckFile(path, opts)
	}
	if err != nil {
		return readError("", path, err)
	}
	if err := bundle.MisroutedToCheck(path, data, report); err != nil {
		return err
	}
	return emit(e, *asJSON, samlcheck.Document{Report: report}, report.WriteText, report.OK)
}
