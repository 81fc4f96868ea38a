// Command pymetrics-sso is the pymetrics SSO Assistant. With no arguments it
// opens the desktop wizard; its subcommands serve support engineers and
// scripts. This file parses flags and dispatches; the work lives in
// samlcheck, wizard and ui.
package main

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"fyne.io/fyne/v2/app"

	"github.com/pymetrics/sso-assistant/assets"
	"github.com/pymetrics/sso-assistant/internal/winconsole"
	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/ui"
	"github.com/pymetrics/sso-assistant/ui/initlog"
	"github.com/pymetrics/sso-assistant/wizard"
	"github.com/pymetrics/sso-assistant/wizard/bundle"
)

// fyneApp is the one place the version is written down; `version`, the
// About dialog and the onboarding bundle all read it from here.
//
//go:embed FyneApp.toml
var fyneApp []byte

// Exit codes shared by every subcommand.
const (
	exitOK       = 0 // success
	exitProblems = 1 // the input was checked and has errors
	exitUsage    = 2 // usage error or unreadable input
)

const appID = "com.pymetrics.ssoassistant"

func main() {
	if len(os.Args) > 1 {
		// The Windows build is a GUI program (no console window on a
		// double-click); print to the terminal the command was typed in.
		winconsole.Attach()
	}
	initlog.Release(os.Stderr)
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process around it, so tests can call it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	version := wizard.AppVersion(fyneApp)
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return runGUI(args, version, stderr)
	}
	commands := map[string]func([]string, io.Reader, io.Writer, io.Writer, string) int{
		"check":         cmdCheck,
		"urls":          cmdURLs,
		"sp-metadata":   cmdSPMetadata,
		"bundle":        cmdBundle,
		"verify-bundle": cmdVerifyBundle,
		"version": func(_ []string, _ io.Reader, stdout, _ io.Writer, version string) int {
			fmt.Fprintf(stdout, "pymetrics-sso %s\n", version)
			return exitOK
		},
		"help": func(_ []string, _ io.Reader, stdout, _ io.Writer, _ string) int {
			usage(stdout)
			return exitOK
		},
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "pymetrics-sso: unknown command %q\n\n", args[0])
		usage(stderr)
		return exitUsage
	}
	return cmd(args[1:], stdin, stdout, stderr, version)
}

func usage(w io.Writer) {
	fmt.Fprint(w, `pymetrics SSO Assistant: connect Microsoft Entra ID to pymetrics with SAML single sign-on.

Usage:
  pymetrics-sso [--demo]            open the wizard (--demo: a sample customer and file)
  pymetrics-sso check FILE|-        check a Federation Metadata XML file
  pymetrics-sso urls --customer NAME
                                    the values to enter in Entra's Basic SAML Configuration
  pymetrics-sso sp-metadata --customer NAME
                                    an SP metadata file for Entra's "Upload metadata file"
  pymetrics-sso bundle --customer NAME --metadata FILE
                                    the onboarding bundle for pymetrics support
  pymetrics-sso verify-bundle FILE  check an onboarding bundle (for pymetrics support)
  pymetrics-sso version             print the version

Run "pymetrics-sso COMMAND -h" for a command's options.
Exit codes: 0 success, 1 the input was checked and has errors, 2 usage error or unreadable input.
`)
}

// newFlags returns a FlagSet that reports errors instead of exiting, with a
// usage line of the command's own.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: pymetrics-sso %s %s\n\nOptions:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags, allowing them after positional arguments too
// ("check file.xml --json"), and returns the positional arguments. ok is
// false with the exit code to use when parsing ended the command.
func parse(fs *flag.FlagSet, args []string) (pos []string, code int, ok bool) {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK, false
			}
			return nil, exitUsage, false
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, 0, true
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), 0, true
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func usageError(fs *flag.FlagSet, stderr io.Writer, format string, a ...any) int {
	fmt.Fprintf(stderr, "pymetrics-sso %s: %s\n", fs.Name(), fmt.Sprintf(format, a...))
	fs.Usage()
	return exitUsage
}

// pins collects --thumbprint and --cert into check options.
type pins struct {
	thumbprint string
	certFile   string
	now        string
}

func (p *pins) register(fs *flag.FlagSet) {
	fs.StringVar(&p.thumbprint, "thumbprint", "", "SHA-1 `thumbprint` shown in the Entra portal; the file must be signed by that certificate")
	fs.StringVar(&p.certFile, "cert", "", "the certificate `file` downloaded from the Entra portal (PEM, DER or Base64); the file must be signed by it")
	fs.StringVar(&p.now, "now", "", "judge certificates at this `time` (RFC 3339) instead of now")
}

func (p *pins) options(fs *flag.FlagSet, stderr io.Writer) (samlcheck.Options, int, bool) {
	var opts samlcheck.Options
	if p.thumbprint != "" {
		tp, err := samlcheck.NormalizeThumbprint(p.thumbprint)
		if err != nil {
			return opts, usageError(fs, stderr, "--thumbprint: %v", err), false
		}
		opts.Thumbprints = []string{tp}
	}
	if p.certFile != "" {
		data, err := os.ReadFile(p.certFile)
		if err != nil {
			fmt.Fprintf(stderr, "pymetrics-sso %s: cannot read --cert: %v\n", fs.Name(), err)
			return opts, exitUsage, false
		}
		der, err := samlcheck.ParseCertificate(data)
		if err != nil {
			fmt.Fprintf(stderr, "pymetrics-sso %s: --cert %s is not a certificate: %v\n", fs.Name(), p.certFile, err)
			return opts, exitUsage, false
		}
		opts.Certificates = [][]byte{der}
	}
	if p.now != "" {
		t, err := time.Parse(time.RFC3339, p.now)
		if err != nil {
			return opts, usageError(fs, stderr, "--now wants a time like 2026-01-31T12:00:00Z: %v", err), false
		}
		opts.Now = t
	}
	return opts, 0, true
}

// parseOneInput parses the flags of a command that reads one input (a path
// or - for standard input) with the signer pins, and returns the input and
// the check options.
func parseOneInput(fs *flag.FlagSet, args []string, what string, stderr io.Writer) (path string, opts samlcheck.Options, code int, ok bool) {
	var p pins
	p.register(fs)
	pos, code, ok := parse(fs, args)
	if !ok {
		return "", opts, code, false
	}
	if len(pos) != 1 {
		return "", opts, usageError(fs, stderr, "wants exactly one %s (or - for standard input)", what), false
	}
	opts, code, ok = p.options(fs, stderr)
	if !ok {
		return "", opts, code, false
	}
	return pos[0], opts, 0, true
}

// readProblem says in plain words why a file named on the command line could
// not be read at all.
func readProblem(path string, err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("%s does not exist; check the path and the file name", path)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Sprintf("%s cannot be read: permission denied", path)
	case errors.Is(err, samlcheck.ErrIsDirectory):
		return fmt.Sprintf("%s is a folder; give the path of the file inside it", path)
	case errors.Is(err, samlcheck.ErrStalled):
		return fmt.Sprintf("nothing arrived from %s for 10 seconds; it is a pipe or device that stays open without data. Give the path of the downloaded file instead", path)
	case errors.Is(err, bundle.ErrNotRegular):
		return fmt.Sprintf("%s is not a regular file (a folder, device or pipe); give the path of the bundle .zip", path)
	}
	return err.Error()
}

// writeProblem says in plain words why a file could not be written. The
// writes are atomic, so whatever was at path before is still there.
func writeProblem(path string, err error) string {
	var why string
	switch {
	case errors.Is(err, syscall.ENOSPC):
		why = "the disk is full"
	case errors.Is(err, syscall.EROFS):
		why = "the folder is on a read-only disk"
	case errors.Is(err, syscall.EFBIG):
		why = "the file is larger than this disk or this account allows"
	case errors.Is(err, fs.ErrPermission):
		why = "permission denied: choose a folder you can write to"
	case errors.Is(err, fs.ErrNotExist):
		if _, statErr := os.Stat(filepath.Dir(path)); statErr != nil {
			why = "the folder " + filepath.Dir(path) + " does not exist"
		} else {
			why = "files cannot be created in " + filepath.Dir(path)
		}
	default:
		why = err.Error()
	}
	return fmt.Sprintf("cannot write %s: %s. Nothing was written; anything already at that path is unchanged.", path, why)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// emit prints a command's result as JSON or as text and turns it into the
// exit code: a result with problems exits 1, a failed write 2.
func emit(cmd string, stdout, stderr io.Writer, asJSON bool, v any, text func(io.Writer) error, ok bool) int {
	var err error
	if asJSON {
		err = writeJSON(stdout, v)
	} else {
		err = text(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "pymetrics-sso %s: %v\n", cmd, err)
		return exitUsage
	}
	if !ok {
		return exitProblems
	}
	return exitOK
}

func cmdCheck(args []string, stdin io.Reader, stdout, stderr io.Writer, _ string) int {
	fs := newFlags("check", "[--json] [--thumbprint HEX] [--cert FILE] [--now RFC3339] FILE|-", stderr)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	path, opts, code, ok := parseOneInput(fs, args, "file", stderr)
	if !ok {
		return code
	}
	var report *samlcheck.Report
	var err error
	if path == "-" {
		report, _, err = samlcheck.CheckReader("standard input", stdin, opts)
	} else {
		report, _, err = samlcheck.CheckFile(path, opts)
	}
	if err != nil {
		fmt.Fprintf(stderr, "pymetrics-sso check: %s\n", readProblem(path, err))
		return exitUsage
	}
	return emit("check", stdout, stderr, *asJSON, report, report.WriteText, report.OK)
}

// customerFlags reads the customer from --customer NAME or --support-url URL.
type customerFlags struct {
	name, supportURL string
}

func (c *customerFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.name, "customer", "", "the customer `name` pymetrics gave you (as in …/saml2-sp/NAME/NAME/…)")
	fs.StringVar(&c.supportURL, "support-url", "", "a `URL` pymetrics support sent (Identifier, Reply URL or Sign-on URL); its values are kept exactly")
}

// urls resolves the flags to the three values. On failure it has already
// printed why and returns the exit code.
func (c *customerFlags) urls(fs *flag.FlagSet, stderr io.Writer) (wizard.URLs, []wizard.Deviation, int, bool) {
	switch {
	case c.name != "" && c.supportURL != "":
		return wizard.URLs{}, nil, usageError(fs, stderr, "give --customer or --support-url, not both"), false
	case c.supportURL != "":
		u, devs, err := wizard.FromSupportURL(c.supportURL)
		if err != nil {
			fmt.Fprintf(stderr, "pymetrics-sso %s: %v\n", fs.Name(), err)
			return u, nil, exitProblems, false
		}
		return u, devs, 0, true
	}
	check := wizard.CheckName(c.name)
	if !check.OK {
		if c.name == "" && !hasFlag(fs, "customer") {
			return wizard.URLs{}, nil, usageError(fs, stderr, "--customer NAME is required"), false
		}
		fmt.Fprintf(stderr, "pymetrics-sso %s: customer name %q refused: %s\n", fs.Name(), c.name, check.Message())
		return wizard.URLs{}, nil, exitProblems, false
	}
	for _, w := range check.Warnings {
		fmt.Fprintf(stderr, "note: %s\n", w.Message)
	}
	u, err := wizard.URLsFor(c.name)
	if err != nil { // CheckName accepted it, so this is not expected
		fmt.Fprintf(stderr, "pymetrics-sso %s: %v\n", fs.Name(), err)
		return u, nil, exitProblems, false
	}
	return u, nil, 0, true
}

func hasFlag(fs *flag.FlagSet, name string) bool {
	seen := false
	fs.Visit(func(f *flag.Flag) { seen = seen || f.Name == name })
	return seen
}

func cmdURLs(args []string, stdin io.Reader, stdout, stderr io.Writer, _ string) int {
	fs := newFlags("urls", "--customer NAME | --support-url URL [--json] [--compare FILE|-]", stderr)
	var c customerFlags
	c.register(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	compare := fs.String("compare", "", "compare what Entra shows (a `file`, or - for standard input: the values one per line or the block copied from the portal) with the expected values")
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return usageError(fs, stderr, "unexpected argument %q", pos[0])
	}
	u, devs, code, ok := c.urls(fs, stderr)
	if !ok {
		return code
	}
	if *compare != "" {
		var pasted []byte
		var err error
		if *compare == "-" {
			pasted, err = io.ReadAll(io.LimitReader(stdin, 1<<20))
		} else {
			pasted, err = readSmallFile(*compare, 1<<20)
		}
		if err != nil {
			fmt.Fprintf(stderr, "pymetrics-sso urls: cannot read --compare: %v\n", err)
			return exitUsage
		}
		cmp := wizard.CompareURLs(u, string(pasted))
		text := func(w io.Writer) error { return writeComparison(w, cmp) }
		return emit("urls", stdout, stderr, *asJSON, cmp, text, cmp.OK)
	}
	if *asJSON {
		out := struct {
			wizard.URLs
			Attributes []wizard.Attribute `json:"attributes"`
			Deviations []wizard.Deviation `json:"support_deviations,omitempty"`
		}{u, wizard.Attributes(), devs}
		if err := writeJSON(stdout, out); err != nil {
			fmt.Fprintf(stderr, "pymetrics-sso urls: %v\n", err)
			return exitUsage
		}
		return exitOK
	}
	fmt.Fprintf(stdout, "Basic SAML Configuration for customer %q\n\n", u.Customer)
	for _, f := range wizard.Fields {
		fmt.Fprintf(stdout, "  %-45s %s\n", f.PortalLabel(), u.Get(f))
	}
	for _, d := range devs {
		fmt.Fprintf(stdout, "\n  note: %s", d.Message)
	}
	fmt.Fprintf(stdout, "\n\nAttributes & Claims\n\n  %-15s %s\n", "Name", "Source attribute")
	for _, a := range wizard.Attributes() {
		fmt.Fprintf(stdout, "  %-15s %s\n", a.Name, a.Source)
	}
	fmt.Fprintln(stdout)
	for _, n := range wizard.AttributeNotes() {
		fmt.Fprintf(stdout, "  - %s\n", n)
	}
	return exitOK
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

// readSmallFile reads a file the user names, refusing directories and
// anything larger than limit before reading it whole.
func readSmallFile(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil {
		return nil, err
	} else if fi.IsDir() {
		return nil, fmt.Errorf("%s is a folder, not a file", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, limit)
	}
	return data, nil
}

func cmdSPMetadata(args []string, _ io.Reader, stdout, stderr io.Writer, _ string) int {
	fs := newFlags("sp-metadata", "--customer NAME | --support-url URL [--out FILE] [--force]", stderr)
	var c customerFlags
	c.register(fs)
	out := fs.String("out", "", "write to this `file` (default: standard output)")
	force := fs.Bool("force", false, "overwrite --out if it exists")
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return usageError(fs, stderr, "unexpected argument %q", pos[0])
	}
	u, _, code, ok := c.urls(fs, stderr)
	if !ok {
		return code
	}
	data := wizard.SPMetadata(u)
	if *out == "" {
		if _, err := stdout.Write(data); err != nil {
			fmt.Fprintf(stderr, "pymetrics-sso sp-metadata: %v\n", err)
			return exitUsage
		}
		return exitOK
	}
	if err := bundle.WriteFile(*out, data, *force); err != nil {
		if errors.Is(err, bundle.ErrExists) {
			fmt.Fprintf(stderr, "pymetrics-sso sp-metadata: %s already exists; nothing was written. Use --force to replace it.\n", *out)
		} else {
			fmt.Fprintf(stderr, "pymetrics-sso sp-metadata: %s\n", writeProblem(*out, err))
		}
		return exitUsage
	}
	fmt.Fprintf(stderr, "Wrote %s. In Entra: Basic SAML Configuration > Upload metadata file. Paste the Sign on URL yourself: %s\n", *out, u.SignOnURL)
	return exitOK
}

func cmdBundle(args []string, _ io.Reader, stdout, stderr io.Writer, version string) int {
	fs := newFlags("bundle", "--customer NAME | --support-url URL --metadata FILE [--thumbprint HEX] [--cert FILE] [--contact-name S] [--contact-email S] [--created RFC3339] [--out FILE] [--force]", stderr)
	var c customerFlags
	c.register(fs)
	var p pins
	p.register(fs)
	metadata := fs.String("metadata", "", "the Federation Metadata XML `file` downloaded from Entra")
	contactName := fs.String("contact-name", "", "your `name`, for pymetrics support")
	contactEmail := fs.String("contact-email", "", "your e-mail `address`, for pymetrics support")
	created := fs.String("created", "", "the bundle's creation `time` (RFC 3339; default now); the same inputs and time give the same bytes")
	out := fs.String("out", "", "write the bundle to this `file` (default pymetrics-sso-<customer>-<YYYYMMDD>.zip)")
	force := fs.Bool("force", false, "overwrite --out if it exists")
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return usageError(fs, stderr, "unexpected argument %q", pos[0])
	}
	if *metadata == "" {
		return usageError(fs, stderr, "--metadata FILE is required")
	}
	u, _, code, ok := c.urls(fs, stderr)
	if !ok {
		return code
	}
	opts, code, ok := p.options(fs, stderr)
	if !ok {
		return code
	}
	var when time.Time
	if *created != "" {
		t, err := time.Parse(time.RFC3339, *created)
		if err != nil {
			return usageError(fs, stderr, "--created wants a time like 2026-01-31T12:00:00Z: %v", err)
		}
		when = t
	} else {
		when = time.Now()
	}
	report, data, err := samlcheck.CheckFile(*metadata, opts)
	if err != nil {
		fmt.Fprintf(stderr, "pymetrics-sso bundle: --metadata: %s\n", readProblem(*metadata, err))
		return exitUsage
	}
	if data == nil { // refused before reading (too large): show why
		report.WriteText(stderr)
		fmt.Fprintln(stderr, "\nNo bundle was written.")
		return exitProblems
	}
	name := *out
	if name == "" {
		name = bundle.DefaultFileName(u.Customer, when)
	}
	b, err := bundle.Build(bundle.Input{
		URLs: u, Metadata: data, MetadataName: *metadata, Check: opts,
		ContactName: *contactName, ContactEmail: *contactEmail,
		Created: when, ToolVersion: version, FileName: filepath.Base(name),
	})
	if err != nil {
		var refused *bundle.RefusedError
		if errors.As(err, &refused) && refused.Report != nil {
			refused.Report.WriteText(stderr)
			if refused.Reason != "" {
				fmt.Fprintf(stderr, "\n%s\n", refused.Reason)
			}
			fmt.Fprintln(stderr, "\nNo bundle was written: fix the errors above and run the command again.")
			return exitProblems
		}
		fmt.Fprintf(stderr, "pymetrics-sso bundle: %v\n", err)
		return exitProblems
	}
	if err := bundle.WriteFile(name, b.Zip, *force); err != nil {
		if errors.Is(err, bundle.ErrExists) {
			fmt.Fprintf(stderr, "pymetrics-sso bundle: %s already exists; nothing was written. Use --force to replace it or --out to choose another name.\n", name)
		} else {
			fmt.Fprintf(stderr, "pymetrics-sso bundle: %s\n", writeProblem(name, err))
		}
		return exitUsage
	}
	fmt.Fprintf(stdout, "Wrote %s (%d bytes, SHA-256 %x).\n%s\n", name, len(b.Zip), sha256.Sum256(b.Zip), b.Report.Verdict())
	fmt.Fprintf(stdout, "\nSend it to %s with this e-mail (email.txt in the bundle):\n\nSubject: %s\n\n%s", b.Email.To, b.Email.Subject, b.Email.Body)
	return exitOK
}

func cmdVerifyBundle(args []string, stdin io.Reader, stdout, stderr io.Writer, _ string) int {
	fs := newFlags("verify-bundle", "[--json] [--thumbprint HEX] [--cert FILE] [--now RFC3339] FILE|-", stderr)
	asJSON := fs.Bool("json", false, "print the result as JSON")
	path, opts, code, ok := parseOneInput(fs, args, "bundle file", stderr)
	if !ok {
		return code
	}
	var res *bundle.VerifyResult
	var err error
	if path == "-" {
		limit := bundle.MaxBundleSize(opts)
		data, err := io.ReadAll(io.LimitReader(stdin, limit+1))
		if err != nil {
			fmt.Fprintf(stderr, "pymetrics-sso verify-bundle: cannot read standard input: %v\n", err)
			return exitUsage
		}
		res = bundle.Verify(bytes.NewReader(data), int64(len(data)), opts)
	} else {
		if res, err = bundle.VerifyFile(path, opts); err != nil {
			fmt.Fprintf(stderr, "pymetrics-sso verify-bundle: %s\n", readProblem(path, err))
			return exitUsage
		}
	}
	return emit("verify-bundle", stdout, stderr, *asJSON, res, res.WriteText, res.OK)
}

func runGUI(args []string, version string, stderr io.Writer) int {
	fs := newFlags("", "[--demo]", stderr)
	fs.Usage = func() { usage(stderr) }
	demo := fs.Bool("demo", false, "open with a sample customer and an embedded sample metadata file")
	if _, code, ok := parse(fs, args); !ok {
		return code
	}
	a := app.NewWithID(appID)
	a.SetIcon(assets.WindowIcon)
	ui.Run(a, ui.Options{Demo: *demo, Version: version})
	return exitOK
}
