package main

import (
	"archive/zip"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestExitCode(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, exitOK},
		{"help", errHelp, exitOK},
		{"wrapped help", fmt.Errorf("check: %w", flag.ErrHelp), exitOK},
		{"problems", &problemsError{}, exitProblems},
		{"problems with message", &problemsError{msg: "refused"}, exitProblems},
		{"wrapped problems", fmt.Errorf("x: %w", &problemsError{}), exitProblems},
		{"usage", &usageError{msg: "wants a file"}, exitUsage},
		{"unreadable file", readError("", "a.xml", fs.ErrNotExist), exitUsage},
		{"any other error", errors.New("broken pipe"), exitUsage},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := exitCode(tc.err); got != tc.want {
				t.Errorf("exitCode(%v) = %d, want %d", tc.err, got, tc.want)
			}
		})
	}
}

// TestPrefixWrittenOnce: every error a command returns is printed once,
// with the command's prefix, and help and already-shown problems print
// nothing more.
func TestPrefixWrittenOnce(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"problem", &problemsError{msg: "customer name refused"}, "pymetrics-sso urls: customer name refused\n"},
		{"shown problem", &problemsError{}, ""},
		{"help", errHelp, ""},
		{"file", readError("--metadata", "a.xml", fs.ErrNotExist), "pymetrics-sso urls: --metadata: cannot read a.xml: it does not exist"},
		{"usage", &usageError{msg: "unexpected argument", usage: func(w io.Writer) { fmt.Fprint(w, "Usage: …\n") }}, "pymetrics-sso urls: unexpected argument\nUsage: …\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			report(&buf, "urls", tc.err)
			if !strings.HasPrefix(buf.String(), tc.want) || (tc.want == "") != (buf.Len() == 0) {
				t.Errorf("wrote %q, want %q", buf.String(), tc.want)
			}
			if strings.Count(buf.String(), "pymetrics-sso urls:") > 1 {
				t.Errorf("prefix twice: %q", buf.String())
			}
		})
	}
}

// TestStreams: help and version go to stdout whichever way they are asked
// for; data goes to stdout and status lines to stderr.
func TestStreams(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name     string
		args     []string
		code     int
		stdout   string // in stdout
		stderr   string // in stderr
		quiet    bool   // stderr must be empty
		noStdout bool   // stdout must be empty
	}{
		{name: "help", args: []string{"help"}, stdout: "pymetrics-sso check FILE|URL|-", quiet: true},
		{name: "-h", args: []string{"-h"}, stdout: "pymetrics-sso check FILE|URL|-", quiet: true},
		{name: "--help", args: []string{"--help"}, stdout: "pymetrics-sso verify-bundle [--previous BUNDLE] [--thumbprint HEX] [--customer NAME] FILE", quiet: true},
		{name: "-help", args: []string{"-help"}, stdout: "Exit codes:", quiet: true},
		{name: "version", args: []string{"version"}, stdout: "pymetrics-sso 0.", quiet: true},
		{name: "--version", args: []string{"--version"}, stdout: "pymetrics-sso 0.", quiet: true},
		{name: "-version", args: []string{"-version"}, stdout: "pymetrics-sso 0.", quiet: true},
		{name: "version extra", args: []string{"version", "x"}, code: exitUsage, stderr: `pymetrics-sso version: unexpected argument "x"`, noStdout: true},
		{name: "check -h", args: []string{"check", "-h"}, stdout: "Usage: pymetrics-sso check", quiet: true},
		{name: "bundle --help", args: []string{"bundle", "--help"}, stdout: "-contact-email", quiet: true},
		{name: "unknown flag", args: []string{"--bogus"}, code: exitUsage, stderr: "flag provided but not defined: -bogus", noStdout: true},
		{name: "unknown command", args: []string{"frobnicate"}, code: exitUsage, stderr: "pymetrics-sso: unknown command \"frobnicate\"\n\npymetrics SSO Assistant", noStdout: true},
		{name: "check bad flag", args: []string{"check", "--bogus", "x"}, code: exitUsage, stderr: "Usage: pymetrics-sso check", noStdout: true},
		{name: "urls note on stderr", args: []string{"urls", "--customer", "acme"}, stdout: "Basic SAML Configuration", quiet: true},
		{name: "sp-metadata --out -", args: []string{"sp-metadata", "--customer", "acme", "--out", "-"}, stdout: `entityID="https://www.pymetrics.com/saml2-sp/acme/acme/metadata/"`, quiet: true},
		{name: "sp-metadata --out file", args: []string{"sp-metadata", "--customer", "acme", "--out", filepath.Join(dir, "sp.xml")}, stderr: "Wrote " + filepath.Join(dir, "sp.xml"), noStdout: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Chdir(dir) // a stray "-" file would land here
			code, stdout, stderr := cli(t, "", tc.args...)
			if code != tc.code || !strings.Contains(stdout, tc.stdout) || !strings.Contains(stderr, tc.stderr) ||
				tc.quiet && stderr != "" || tc.noStdout && stdout != "" {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, stdout, stderr)
			}
			if _, err := os.Stat(filepath.Join(dir, "-")); err == nil {
				t.Error(`a file named "-" was written`)
			}
		})
	}
}

// TestBundleToStdout: bundle --out - writes the zip, and only the zip, on
// standard output; it verifies like a bundle written to a file.
func TestBundleToStdout(t *testing.T) {
	good, _ := goodMetadata(t)
	dir := t.TempDir()
	t.Chdir(dir)
	code, stdout, stderr := cli(t, "", "bundle", "--customer", "acme", "--metadata", good, "--created", "2026-11-29T10:00:00Z", "--out", "-")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if _, err := zip.NewReader(strings.NewReader(stdout), int64(len(stdout))); err != nil {
		t.Fatalf("stdout is not a zip: %v", err)
	}
	if !strings.Contains(stderr, "Wrote the bundle to standard output") || !strings.Contains(stderr, "Subject:") {
		t.Errorf("status lines:\n%s", stderr)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files written: %v", entries)
	}
	// Without --out the bundle gets the default name, which is also the
	// name written inside a bundle sent to standard output.
	file := filepath.Join(dir, "pymetrics-sso-acme-20261129.zip")
	if code, _, stderr := cli(t, "", "bundle", "--customer", "acme", "--metadata", good, "--created", "2026-11-29T10:00:00Z"); code != exitOK {
		t.Fatalf("bundle to a file: exit %d\n%s", code, stderr)
	}
	if b, _ := os.ReadFile(file); !bytes.Equal(b, []byte(stdout)) {
		t.Error("the bundle on standard output differs from the one written to a file")
	}
	if code, out, _ := cli(t, stdout, "verify-bundle", "-"); code != exitOK {
		t.Errorf("verify-bundle of standard output's bundle: exit %d\n%s", code, out)
	}
}

func TestNeedDesktop(t *testing.T) {
	cases := []struct {
		name string
		goos string
		env  map[string]string
		ok   bool
	}{
		{"linux without display", "linux", nil, false},
		{"linux with X11", "linux", map[string]string{"DISPLAY": ":0"}, true},
		{"linux with Wayland", "linux", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, true},
		{"freebsd without display", "freebsd", nil, false},
		{"windows", "windows", nil, true},
		{"macOS", "darwin", nil, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := needDesktop(tc.goos, func(k string) string { return tc.env[k] })
			if (err == nil) != tc.ok {
				t.Fatalf("needDesktop: %v", err)
			}
			if err == nil {
				return
			}
			if exitCode(err) != exitUsage || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "desktop session") {
				t.Errorf("exit %d, message %q", exitCode(err), err)
			}
			for _, c := range commandTable() {
				if !strings.Contains(err.Error(), c.name) {
					t.Errorf("message does not name %s: %q", c.name, err)
				}
			}
		})
	}
	// Through run, with the flags the window takes.
	for _, args := range [][]string{nil, {"--demo"}} {
		var out, errOut bytes.Buffer
		code := run(args, &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, goos: "linux", getenv: func(string) string { return "" }})
		if code != exitUsage || out.Len() != 0 || strings.Count(errOut.String(), "\n") != 1 || !strings.HasPrefix(errOut.String(), "pymetrics-sso: the window needs a desktop session") {
			t.Errorf("%v: exit %d\nstdout:\n%s\nstderr:\n%s", args, code, out.String(), errOut.String())
		}
	}
}

var builtBinary struct {
	once sync.Once
	path string
	err  error
}

// binary builds the program once for the tests that run it as a process.
func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	builtBinary.once.Do(func() {
		dir, err := os.MkdirTemp("", "pymetrics-sso-test")
		if err != nil {
			builtBinary.err = err
			return
		}
		builtBinary.path = filepath.Join(dir, "pymetrics-sso")
		if out, err := exec.Command("go", "build", "-o", builtBinary.path, ".").CombinedOutput(); err != nil {
			builtBinary.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if builtBinary.err != nil {
		t.Fatal(builtBinary.err)
	}
	return builtBinary.path
}

// TestNoDisplayBinary starts the real program with an empty environment,
// as over ssh without X forwarding: one line, exit 2, no Go crash.
func TestNoDisplayBinary(t *testing.T) {
	if goos == "windows" || goos == "darwin" {
		t.Skip("always has a desktop")
	}
	cmd := exec.Command(binary(t))
	cmd.Env = []string{}
	cmd.Dir = t.TempDir()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitUsage {
		t.Fatalf("run: %v", err)
	}
	if stdout.Len() != 0 || strings.Count(stderr.String(), "\n") != 1 || !strings.Contains(stderr.String(), "desktop session") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	}
}

func TestMain(m *testing.M) {
	if code, ok := fileSizeLimitChild(); ok {
		os.Exit(code)
	}
	code := m.Run()
	if builtBinary.path != "" {
		os.RemoveAll(filepath.Dir(builtBinary.path))
	}
	os.Exit(code)
}
