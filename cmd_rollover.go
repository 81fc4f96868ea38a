package main

import (
	"context"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/pymetrics/sso-assistant/internal/metadataurl"
	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/wizard/bundle"
)

// metadataInput is a --metadata (or check) argument read as a file or
// fetched from its URL.
type metadataInput struct {
	data   []byte
	name   string
	source *bundle.MetadataSource
	report *samlcheck.Report // the check's
}

// fetchTimeout bounds a metadata URL fetch from the command line.
const fetchTimeout = metadataurl.DefaultTimeout

// readMetadata reads arg as a metadata file, or fetches it when it is a
// URL. A URL refused or not fetched has its report printed (JSON on stdout
// with asJSON, else text on stderr) and ends the command with exit 2; a
// file or response past the size cap likewise, with exit 1; an unreadable
// file is a read error (exit 2). what names the flag in messages.
func readMetadata(e *env, what, arg string, opts samlcheck.Options, asJSON bool) (metadataInput, error) {
	if !metadataurl.LooksLikeURL(arg) {
		var report *samlcheck.Report
		var data []byte
		var err error
		if arg == "-" {
			report, data, err = samlcheck.CheckReader("standard input", e.stdin, opts)
		} else {
			report, data, err = samlcheck.CheckFile(arg, opts)
		}
		if err != nil {
			return metadataInput{}, readError(what, arg, err)
		}
		if data == nil { // refused before reading (too large): show why
			printReport(e, report, asJSON)
			return metadataInput{}, &problemsError{}
		}
		return metadataInput{data: data, name: arg, report: report}, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), fetchTimeout)
	defer cancel()
	report, res, err := metadataurl.Check(ctx, arg, opts, metadataurl.Options{Timeout: fetchTimeout})
	if err != nil {
		printReport(e, report, asJSON)
		msg := "the metadata URL was refused before any connection; nothing was fetched"
		if errors.Is(err, metadataurl.ErrFetch) {
			msg = "the metadata could not be fetched from the URL"
		}
		if what != "" {
			msg = what + ": " + msg
		}
		return metadataInput{}, &fileError{msg: msg, err: err}
	}
	if res.Data == nil { // past the size cap: the report says so
		printReport(e, report, asJSON)
		return metadataInput{}, &problemsError{}
	}
	return metadataInput{data: res.Data, name: res.URL, report: report,
		source: &bundle.MetadataSource{URL: res.URL, FetchedAt: res.FetchedAt}}, nil
}

// urlTenantRefused prints and refuses metadata whose URL names another
// tenant than its signed content: a bundle is never made from it.
func urlTenantRefused(e *env, in metadataInput, asJSON bool) error {
	if in.report == nil || !in.report.Has(metadataurl.CodeURLTenantMismatch) {
		return nil
	}
	printReport(e, in.report, asJSON)
	return &problemsError{}
}

// printReport prints a report on stdout as JSON, or as text on stderr: the
// command's stdout is for its result.
func printReport(e *env, report *samlcheck.Report, asJSON bool) {
	if asJSON {
		writeJSON(e.stdout, samlcheck.Document{Report: report})
		return
	}
	report.WriteText(e.stderr)
}

// thumbprintList collects a repeatable --thumbprint.
type thumbprintList []string

func (t *thumbprintList) String() string { return strings.Join(*t, ",") }
func (t *thumbprintList) Set(s string) error {
	if _, err := samlcheck.NormalizeThumbprint(s); err != nil {
		return err
	}
	*t = append(*t, s)
	return nil
}

var _ flag.Value = (*thumbprintList)(nil)

// rolloverResult is rollover's JSON output.
type rolloverResult struct {
	OK       bool                `json:"ok"`
	File     string              `json:"file,omitempty"`
	Size     int                 `json:"size,omitempty"`
	SHA256   string              `json:"sha256,omitempty"`
	Link     string              `json:"link,omitempty"`
	Rollover *bundle.Rollover    `json:"rollover,omitempty"`
	Report   *samlcheck.Report   `json:"report,omitempty"`
	Findings []samlcheck.Finding `json:"findings"`
}

// cmdRollover makes a rollover bundle: the new metadata, listing a new
// certificate, vouched for by the previous bundle.
func cmdRollover(e *env, args []string) error {
	f := newFlags("rollover", "--previous BUNDLE.zip --metadata FILE|URL [--thumbprint HEX] [--switch DATE] [--created RFC3339] [--out FILE|-] [--force] [--json]", e)
	previous := f.String("previous", "", "the `bundle` last sent to pymetrics support: the onboarding bundle or the last rollover bundle")
	metadata := f.String("metadata", "", "the new Federation Metadata XML `file`, or the App Federation Metadata Url")
	var thumbprints thumbprintList
	f.Var(&thumbprints, "thumbprint", "a `thumbprint` shown under SAML Certificates: the new certificate's, or the signer's to confirm a signer the previous bundle does not vouch for (repeatable)")
	switchDay := f.String("switch", "", "the `day` (YYYY-MM-DD) you plan to make the new certificate active (default: two weeks after --created)")
	created := f.String("created", "", "the bundle's creation `time` (RFC 3339; default now); the same inputs and time give the same bytes")
	out := f.String("out", "", "write the bundle to this `file` (default pymetrics-sso-<customer>-rollover-<YYYYMMDD>.zip; -: standard output)")
	force := f.Bool("force", false, "overwrite --out if it exists")
	asJSON := f.Bool("json", false, "print the result as JSON")
	pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return f.usagef("unexpected argument %q", pos[0])
	case *previous == "":
		return f.usagef("--previous BUNDLE.zip is required: the bundle you last sent to pymetrics support")
	case *metadata == "":
		return f.usagef("--metadata FILE|URL is required: the Federation Metadata XML downloaded after creating the new certificate")
	case *asJSON && isStdout(*out):
		return f.usagef("--json and --out - both write to standard output; choose one")
	}
	when := time.Now()
	if *created != "" {
		if when, err = time.Parse(time.RFC3339, *created); err != nil {
			return f.usagef("--created wants a time like 2026-01-31T12:00:00Z: %v", err)
		}
	}
	var sw time.Time
	if *switchDay != "" {
		if sw, err = time.Parse(time.DateOnly, *switchDay); err != nil {
			return f.usagef("--switch wants a day like 2026-01-31: %v", err)
		}
	}
	prevData, err := readSmallFile(*previous, bundle.MaxBundleSize(samlcheck.Options{}))
	if err != nil {
		return readError("--previous", *previous, err)
	}
	opts := samlcheck.Options{Now: when}
	meta, err := readMetadata(e, "--metadata", *metadata, opts, *asJSON)
	if err == nil {
		err = urlTenantRefused(e, meta, *asJSON)
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "No rollover bundle was written.")
		return err
	}
	in := bundle.RolloverInput{
		Previous: prevData, PreviousName: *previous,
		Metadata: meta.data, MetadataName: meta.name, Source: meta.source,
		Thumbprints: thumbprints, Switch: sw, Check: opts,
		Created: when, ToolVersion: e.version,
	}
	if *out != "" && !isStdout(*out) {
		in.FileName = filepath.Base(*out)
	}
	b, err := bundle.BuildRollover(in)
	if err != nil {
		var refused *bundle.RolloverRefusedError
		if !errors.As(err, &refused) {
			return &problemsError{msg: err.Error()}
		}
		if *asJSON {
			writeJSON(e.stdout, rolloverResult{Report: refused.Report, Findings: refused.Findings})
		} else {
			if refused.Report != nil && !refused.Report.OK {
				refused.Report.WriteText(e.stderr)
			}
			writeFindings(e.stderr, refused.Findings)
		}
		fmt.Fprintln(e.stderr, "\nNo rollover bundle was written: fix the problems above and run the command again.")
		return &problemsError{}
	}
	name := *out
	if name == "" {
		name = b.FileName
	}
	if isStdout(name) {
		if _, err := e.stdout.Write(b.Zip); err != nil {
			return err
		}
		name = "the rollover bundle to standard output"
	} else if err := writeFile(name, b.Zip, *force, " or --out to choose another name"); err != nil {
		return err
	}
	sum := sha256.Sum256(b.Zip)
	ro := b.Rollover
	if *asJSON {
		return writeJSON(e.stdout, rolloverResult{OK: true, File: name, Size: len(b.Zip), SHA256: fmt.Sprintf("%x", sum), Link: ro.Link, Rollover: &ro, Findings: b.Plan.Findings})
	}
	w := e.stderr
	fmt.Fprintf(w, "Wrote %s (%d bytes, SHA-256 %x).\n", name, len(b.Zip), sum)
	fmt.Fprintf(w, "New certificate %s (valid %s to %s), switch planned for %s.\n", ro.NewCertificate.SHA1Thumbprint,
		ro.NewCertificate.NotBefore.Format("2006-01-02"), ro.NewCertificate.NotAfter.Format("2006-01-02"), ro.SwitchDate)
	switch ro.Link {
	case bundle.LinkVouched:
		fmt.Fprintf(w, "Vouched for: the new metadata is signed by %s, which the previous bundle trusted.\n", ro.Signer.SHA1Thumbprint)
	default:
		fmt.Fprintf(w, "Confirmed by thumbprint only: the new metadata is signed by %s, which the previous bundle does not vouch for; pymetrics support will confirm it with you.\n", ro.Signer.SHA1Thumbprint)
	}
	writeFindings(w, b.Plan.Findings)
	fmt.Fprintf(w, "\nDo NOT make the new certificate active in Entra until pymetrics support confirms they have it.\n")
	fmt.Fprintf(w, "\nSend it to %s with this e-mail (email.txt in the bundle):\n\nSubject: %s\n\n%s", b.Email.To, b.Email.Subject, b.Email.Body)
	return nil
}

// writeFindings prints the rollover's own warnings and errors (the check's
// are in its report).
func writeFindings(w io.Writer, fs []samlcheck.Finding) {
	for _, f := range fs {
		if f.Severity == samlcheck.SeverityInfo {
			continue
		}
		fmt.Fprintf(w, "%s [%s] %s\n", f.Severity, f.Code, f.Message)
		if f.Hint != "" {
			fmt.Fprintf(w, "  What to do: %s\n", f.Hint)
		}
	}
}

// verifyChain is verify-bundle --previous PREVIOUS BUNDLE; either one (not
// both, which the caller refuses) may be "-" for standard input.
func verifyChain(e *env, previous, path string, vopts bundle.VerifyOptions) (*bundle.ChainResult, error) {
	limit := bundle.MaxBundleSize(vopts.Check)
	read := func(what, name string) ([]byte, error) {
		if name == "-" {
			// Verify reports a bundle over the limit; one byte more is
			// enough for it to see that.
			data, err := io.ReadAll(io.LimitReader(e.stdin, limit+1))
			if err != nil {
				return nil, readError(what, "standard input", err)
			}
			return data, nil
		}
		data, err := readSmallFile(name, limit)
		if err != nil {
			return nil, readError(what, name, err)
		}
		return data, nil
	}
	prev, err := read("--previous", previous)
	if err != nil {
		return nil, err
	}
	next, err := read("", path)
	if err != nil {
		return nil, err
	}
	if err := bundle.MisroutedToChain(previous, prev, true); err != nil {
		return nil, err
	}
	if err := bundle.MisroutedToChain(path, next, false); err != nil {
		return nil, err
	}
	if path != "-" {
		vopts.FileName = filepath.Base(path)
	}
	res := bundle.VerifyChainWith(prev, next, vopts)
	res.Previous.File, res.Bundle.File = fileLabel(previous), fileLabel(path)
	return res, nil
}

// fileLabel is how a result names its input: nothing for standard input,
// as verify-bundle - does.
func fileLabel(name string) string {
	if name == "-" {
		return ""
	}
	return name
}
