package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/pymetrics/sso-assistant/internal/fileproblem"
	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/wizard/bundle"
)

// env is what every command shares: the process's streams and the
// version. Commands write data to stdout and status lines ("Wrote …",
// notes, refusals) to stderr, so `cmd > file` captures only the data.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	version        string
	// getenv and goos let tests decide whether a desktop session exists.
	getenv func(string) string
	goos   string
}

// Exit codes shared by every command; exitCode is the only place an error
// becomes one.
const (
	exitOK       = 0 // success
	exitProblems = 1 // the input was checked and has errors
	exitUsage    = 2 // usage error, unreadable input or a failed write
)

// usageError is a command line that cannot be run as typed. run prints
// "pymetrics-sso CMD: msg" and then the command's usage; an empty msg means
// the flag package has already said what was wrong.
type usageError struct {
	msg   string
	usage func(io.Writer)
}

func (e *usageError) Error() string { return e.msg }

// problemsError is "the input was checked and has problems". An empty msg
// means the command has already shown the problems (a report on stdout or
// stderr) and run adds nothing.
type problemsError struct{ msg string }

func (e *problemsError) Error() string { return e.msg }

// errHelp is returned when -h or --help printed a command's usage.
var errHelp = flag.ErrHelp

// exitCode maps a command's error to the process's exit code: nil is 0,
// "checked, has problems" 1, help 0, anything else (usage, unreadable
// input, a failed write) 2.
func exitCode(err error) int {
	var p *problemsError
	switch {
	case err == nil, errors.Is(err, errHelp):
		return exitOK
	case errors.As(err, &p):
		return exitProblems
	}
	return exitUsage
}

// report writes a command's error to stderr with the "pymetrics-sso CMD:"
// prefix, the one place that prefix is written.
func report(stderr io.Writer, cmd string, err error) {
	if err == nil || errors.Is(err, errHelp) {
		return
	}
	prefix := "pymetrics-sso"
	if cmd != "" {
		prefix += " " + cmd
	}
	if msg := err.Error(); msg != "" {
		fmt.Fprintf(stderr, "%s: %s\n", prefix, msg)
	}
	var u *usageError
	if errors.As(err, &u) && u.usage != nil {
		u.usage(stderr)
	}
}

// command is one row of the command table in main.go.
type command struct {
	name     string
	synopsis string // arguments shown in help after the name
	summary  string // one line for help
	run      func(e *env, args []string) error
}

// flags is a command's FlagSet with a usage line of its own. Errors are
// reported by the command, not by the flag package exiting the process.
type flags struct {
	*flag.FlagSet
	synopsis string
	errOut   io.Writer // where the flag package reports a bad flag
	// help, when set, replaces the generated usage (the program's own
	// flags show the whole help).
	help func(io.Writer)
	// notes, when set, follow the options in the generated usage: how
	// the flags combine.
	notes string
}

func newFlags(name, synopsis string, e *env) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {} // parse prints the usage where it belongs
	return &flags{FlagSet: fs, synopsis: synopsis, errOut: e.stderr}
}

// printUsage writes "Usage: pymetrics-sso NAME SYNOPSIS" and the options.
func (f *flags) printUsage(w io.Writer) {
	if f.help != nil {
		f.help(w)
		return
	}
	fmt.Fprintf(w, "Usage: pymetrics-sso %s %s\n\nOptions:\n", f.Name(), f.synopsis)
	f.SetOutput(w)
	f.PrintDefaults()
	f.SetOutput(f.errOut)
	if f.notes != "" {
		fmt.Fprintf(w, "\n%s", f.notes)
	}
}

// usagef is a usage error of this command: the message, then its usage.
func (f *flags) usagef(format string, a ...any) error {
	return &usageError{msg: fmt.Sprintf(format, a...), usage: f.printUsage}
}

// parse parses flags, allowing them after positional arguments too
// ("check file.xml --json"), and returns the positional arguments. -h and
// --help print the usage on stdout and return errHelp.
func (f *flags) parse(e *env, args []string) ([]string, error) {
	var pos []string
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				f.printUsage(e.stdout)
				return nil, errHelp
			}
			// The flag package has written what was wrong.
			return nil, &usageError{usage: f.printUsage}
		}
		args = f.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// noArgs refuses positional arguments for commands that take none.
func (f *flags) noArgs(pos []string) error {
	if len(pos) > 0 {
		return f.usagef("unexpected argument %q", pos[0])
	}
	return nil
}

func (f *flags) has(name string) bool {
	seen := false
	f.Visit(func(fl *flag.Flag) { seen = seen || fl.Name == name })
	return seen
}

// pins collects --thumbprint, --cert and --now into check options.
type pins struct {
	thumbprint string
	certFile   string
	now        string
}

// onceFlag is a string flag that refuses a second use: a repeated
// --thumbprint used to keep the last one silently, which reads as if both
// had been checked.
type onceFlag struct {
	value *string
	set   bool
}

func (o *onceFlag) String() string {
	if o.value == nil {
		return ""
	}
	return *o.value
}

func (o *onceFlag) Set(v string) error {
	if o.set {
		return errors.New("given twice; give it once (the customer's active signing certificate)")
	}
	o.set = true
	*o.value = v
	return nil
}

func (p *pins) register(f *flags) {
	thumbprint := "SHA-1 `thumbprint` shown in the Entra portal; the file must be signed by that certificate"
	cert := "the certificate `file` downloaded from the Entra portal (PEM, DER or Base64); the file must be signed by it"
	if f.Name() == "verify-bundle" {
		// Support has no access to the customer's portal: the pin is
		// what the customer confirmed by another channel.
		thumbprint = "SHA-1 `thumbprint` of the customer's signing certificate, as the customer read it to you from Entra by phone or another channel than the bundle's e-mail; the bundle must be signed by it"
		cert = "the customer's signing certificate `file` (PEM, DER or Base64), received another way than the bundle; the bundle must be signed by it"
	}
	f.Var(&onceFlag{value: &p.thumbprint}, "thumbprint", thumbprint)
	f.Var(&onceFlag{value: &p.certFile}, "cert", cert)
	f.StringVar(&p.now, "now", "", "judge certificates at this `time` (RFC 3339) instead of now")
}

func (p *pins) options(f *flags) (samlcheck.Options, error) {
	var opts samlcheck.Options
	if p.thumbprint != "" {
		tp, err := samlcheck.NormalizeThumbprint(p.thumbprint)
		if err != nil {
			return opts, f.usagef("--thumbprint: %v", err)
		}
		opts.Thumbprints = []string{tp}
	}
	if p.certFile != "" {
		data, err := os.ReadFile(p.certFile)
		if err != nil {
			return opts, readError("--cert", p.certFile, err)
		}
		der, err := samlcheck.ParseCertificate(data)
		if err != nil {
			return opts, fmt.Errorf("--cert %s is not a certificate: %w", p.certFile, err)
		}
		opts.Certificates = [][]byte{der}
	}
	if err := bundle.CheckPins(opts); err != nil {
		return opts, f.usagef("%s; give only the customer's active signing certificate", strings.TrimPrefix(err.Error(), "bundle: "))
	}
	if p.now != "" {
		t, err := time.Parse(time.RFC3339, p.now)
		if err != nil {
			return opts, f.usagef("--now wants a time like 2026-01-31T12:00:00Z: %v", err)
		}
		opts.Now = t
	}
	return opts, nil
}

// parseOneInput parses the flags of a command that reads one input (a path
// or - for standard input) with the signer pins, and returns the input and
// the check options.
func parseOneInput(e *env, f *flags, args []string, what string) (string, samlcheck.Options, error) {
	var p pins
	p.register(f)
	pos, err := f.parse(e, args)
	if err != nil {
		return "", samlcheck.Options{}, err
	}
	if len(pos) != 1 {
		return "", samlcheck.Options{}, f.usagef("wants exactly one %s (or - for standard input)", what)
	}
	opts, err := p.options(f)
	return pos[0], opts, err
}

// readSmallFile reads a file the user names, refusing folders and anything
// larger than limit before reading it whole.
func readSmallFile(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil {
		return nil, err
	} else if fi.IsDir() {
		return nil, samlcheck.ErrIsDirectory
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w (more than %d bytes)", fileproblem.ErrTooLarge, limit)
	}
	return data, nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// emit prints a command's result on stdout as JSON or as text. A result
// that is not ok is a problemsError (exit 1); a failed write is returned
// as it is (exit 2).
func emit(e *env, asJSON bool, v any, text func(io.Writer) error, ok bool) error {
	var err error
	if asJSON {
		err = writeJSON(e.stdout, v)
	} else {
		err = text(e.stdout)
	}
	if err != nil {
		return err
	}
	if !ok {
		return &problemsError{}
	}
	return nil
}

// isStdout reports whether --out names standard output: "-", as in most
// command-line tools.
func isStdout(out string) bool { return out == "-" }

// fileError is a file that could not be read or written, in the words of
// fileproblem (shared with the window); it keeps the cause for errors.Is.
type fileError struct {
	msg string
	err error
}

func (e *fileError) Error() string { return e.msg }
func (e *fileError) Unwrap() error { return e.err }

// readError explains why path could not be read; what, when not empty,
// names the flag it came from ("--metadata").
func readError(what, path string, err error) error {
	msg := fileproblem.ReadMessage(path, err)
	if what != "" {
		msg = what + ": " + msg
	}
	return &fileError{msg: msg, err: err}
}

// writeFile writes data to path atomically, refusing to replace a file
// without force; existsHint is added to that refusal.
func writeFile(path string, data []byte, force bool, existsHint string) error {
	err := bundle.WriteFile(path, data, force)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, bundle.ErrExists):
		return &fileError{msg: fmt.Sprintf("%s already exists; nothing was written. Use --force to replace it%s.", path, existsHint), err: err}
	}
	return &fileError{msg: fileproblem.WriteMessage(path, err), err: err}
}
