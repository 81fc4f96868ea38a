package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/internal/unprivileged"
)

// cliWithin runs the command line like cli, failing the test if it has not
// returned within limit: a hang is a failure, not a stuck test run.
func cliWithin(t *testing.T, limit time.Duration, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	type result struct {
		code        int
		out, errOut string
	}
	done := make(chan result, 1)
	go func() {
		var out, errOut bytes.Buffer
		code := run(args, &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut})
		done <- result{code, out.String(), errOut.String()}
	}()
	select {
	case r := <-done:
		return r.code, r.out, r.errOut
	case <-time.After(limit):
		t.Fatalf("%v still running after %v", args, limit)
		return 0, "", ""
	}
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

// TestNoTemporaryFilesLeftBehind runs every command, in success, refusal
// and failure, with the temporary folder pointed at an empty one, and
// checks after each that the temporary folder is still empty, the output
// folder holds exactly the files that command was meant to leave, the
// input folder is untouched, and a file a failed write would have replaced
// is byte for byte as before. A write that fails half-way is simulated with
// the file-size limit (RLIMIT_FSIZE), which fails writes past it as a full
// disk does, in a child process so that the test process keeps its own.
func TestNoTemporaryFilesLeftBehind(t *testing.T) {
	good, md := goodMetadata(t)
	in := filepath.Dir(good)
	edited := filepath.Join(in, "edited.xml")
	if err := os.WriteFile(edited, bytes.Replace(md.XML, []byte(md.LoginURL), []byte("https://evil.example/saml2"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // after the last t.TempDir: it would land in tmp
	inputs := names(t, in)

	zipPath := filepath.Join(out, "b.zip")
	spPath := filepath.Join(out, "sp.xml")
	bundle := []string{"bundle", "--customer", "acme", "--metadata", good, "--created", "2026-11-29T10:00:00Z", "--out", zipPath}
	base := "https://www.pymetrics.com/saml2-sp/acme/acme/"
	pasted := base + "metadata/\n" + base + "?acs\n" + base + "?sso\n"

	steps := []struct {
		name  string
		stdin func() string
		args  []string
		code  int
		files []string // what out holds afterwards
		keep  string   // a file in out that must not change
		limit uint64   // file-size limit during the command, 0: none
	}{
		{name: "check", args: []string{"check", good}, code: exitOK},
		{name: "check json edited", args: []string{"check", "--json", edited}, code: exitProblems},
		{name: "check stdin", stdin: func() string { return string(md.XML) }, args: []string{"check", "-"}, code: exitOK},
		{name: "urls", args: []string{"urls", "--customer", "acme"}, code: exitOK},
		{name: "urls compare", stdin: func() string { return pasted }, args: []string{"urls", "--customer", "acme", "--compare", "-"}, code: exitOK},
		{name: "sp-metadata stdout", args: []string{"sp-metadata", "--customer", "acme"}, code: exitOK},
		{name: "sp-metadata file", args: []string{"sp-metadata", "--customer", "acme", "--out", spPath}, code: exitOK, files: []string{"sp.xml"}},
		{name: "sp-metadata refused overwrite", args: []string{"sp-metadata", "--customer", "other", "--out", spPath}, code: exitUsage, files: []string{"sp.xml"}, keep: "sp.xml"},
		{name: "sp-metadata failed overwrite", args: []string{"sp-metadata", "--customer", "other", "--out", spPath, "--force"}, code: exitUsage, files: []string{"sp.xml"}, keep: "sp.xml", limit: 100},
		{name: "sp-metadata forced overwrite", args: []string{"sp-metadata", "--customer", "acme", "--out", spPath, "--force"}, code: exitOK, files: []string{"sp.xml"}},
		{name: "bundle", args: bundle, code: exitOK, files: []string{"b.zip", "sp.xml"}},
		{name: "bundle refused overwrite", args: bundle, code: exitUsage, files: []string{"b.zip", "sp.xml"}, keep: "b.zip"},
		{name: "bundle refused metadata", args: []string{"bundle", "--customer", "acme", "--metadata", edited, "--out", filepath.Join(out, "c.zip")}, code: exitProblems, files: []string{"b.zip", "sp.xml"}},
		{name: "bundle into a missing folder", args: []string{"bundle", "--customer", "acme", "--metadata", good, "--out", filepath.Join(out, "missing", "c.zip")}, code: exitUsage, files: []string{"b.zip", "sp.xml"}},
		{name: "bundle into a file", args: []string{"bundle", "--customer", "acme", "--metadata", good, "--out", filepath.Join(spPath, "c.zip")}, code: exitUsage, files: []string{"b.zip", "sp.xml"}},
		{name: "bundle failed half-way new file", args: []string{"bundle", "--customer", "acme", "--metadata", good, "--out", filepath.Join(out, "c.zip")}, code: exitUsage, files: []string{"b.zip", "sp.xml"}, limit: 4096},
		{name: "bundle failed half-way overwrite", args: append(slices.Clone(bundle), "--customer", "other", "--force"), code: exitUsage, files: []string{"b.zip", "sp.xml"}, keep: "b.zip", limit: 4096},
		{name: "verify-bundle", args: []string{"verify-bundle", zipPath}, code: exitOK, files: []string{"b.zip", "sp.xml"}},
		{name: "verify-bundle json stdin", stdin: func() string { b, _ := os.ReadFile(zipPath); return string(b) }, args: []string{"verify-bundle", "--json", "-"}, code: exitOK, files: []string{"b.zip", "sp.xml"}},
		{name: "verify-bundle given metadata", args: []string{"verify-bundle", good}, code: exitUsage, files: []string{"b.zip", "sp.xml"}},
		{name: "version", args: []string{"version"}, code: exitOK, files: []string{"b.zip", "sp.xml"}},
	}
	for _, st := range steps {
		var kept []byte
		if st.keep != "" {
			var err error
			if kept, err = os.ReadFile(filepath.Join(out, st.keep)); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
		}
		stdin := ""
		if st.stdin != nil {
			stdin = st.stdin()
		}
		var code int
		var stdout, stderr string
		if st.limit > 0 {
			code, stdout, stderr = cliWithFileSizeLimit(t, time.Minute, st.limit, stdin, st.args...)
		} else {
			code, stdout, stderr = cliWithin(t, time.Minute, stdin, st.args...)
		}
		if st.limit > 0 {
			t.Logf("%s: %s", st.name, strings.TrimSpace(stderr))
			if !strings.Contains(stderr, "Nothing was written") || strings.Contains(stderr, ".tmp") {
				t.Errorf("%s: the message should say nothing was written and not name the temporary file:\n%s", st.name, stderr)
			}
		}
		if code != st.code {
			t.Errorf("%s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", st.name, code, st.code, stdout, stderr)
		}
		if left := names(t, tmp); len(left) != 0 {
			t.Errorf("%s: left in the temporary folder: %v", st.name, left)
		}
		if got := names(t, out); !slices.Equal(got, st.files) {
			t.Errorf("%s: output folder holds %v, want %v", st.name, got, st.files)
		}
		if got := names(t, in); !slices.Equal(got, inputs) {
			t.Errorf("%s: input folder holds %v, want %v", st.name, got, inputs)
		}
		if st.keep != "" {
			if now, err := os.ReadFile(filepath.Join(out, st.keep)); err != nil || !bytes.Equal(now, kept) {
				t.Errorf("%s: %s changed (%v)", st.name, st.keep, err)
			}
		}
	}
	if b, err := os.ReadFile(good); err != nil || !bytes.Equal(b, md.XML) {
		t.Errorf("the metadata file was changed: %v", err)
	}
}

// fileSizeLimitEnv, set in the environment of the test binary, makes it a
// child that runs one command line (its arguments) with the file-size limit
// lowered to the variable's value in bytes; see cliWithFileSizeLimit.
const fileSizeLimitEnv = "PYMETRICS_SSO_TEST_FILE_SIZE_LIMIT"

// exitNoLimit is the child's exit code when it could not lower the limit.
const exitNoLimit = 125

// fileSizeLimitChild is the child's side of cliWithFileSizeLimit, called by
// TestMain before any test runs: ok is false in an ordinary test run.
func fileSizeLimitChild() (code int, ok bool) {
	v, set := os.LookupEnv(fileSizeLimitEnv)
	if !set {
		return 0, false
	}
	n, err := strconv.ParseUint(v, 10, 64)
	var old syscall.Rlimit
	if err == nil {
		err = syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old)
	}
	if err == nil {
		err = syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: n, Max: old.Max})
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "cannot lower the file-size limit to %q: %v\n", v, err)
		return exitNoLimit, true
	}
	return run(os.Args[1:], &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}), true
}

// cliWithFileSizeLimit runs the command line like cliWithin, with the
// file-size limit lowered to n bytes: a write past it fails (EFBIG), as on
// a full disk (Go ignores the SIGXFSZ that comes with it). The limit is set
// in a child process, this test binary run again with fileSizeLimitEnv:
// lowered in the test process itself, it would also fail the test
// framework's own writes (its log, a coverage profile) made meanwhile by
// other goroutines, and fail a run in which every test passed.
func cliWithFileSizeLimit(t *testing.T, limit time.Duration, n uint64, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Skip("no file-size limit here:", err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, self, args...)
	// The child inherits TMPDIR and the rest: the same environment as the
	// commands run in this process.
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d", fileSizeLimitEnv, n))
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%v still running after %v", args, limit)
	}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit) && exit.ExitCode() == exitNoLimit:
		t.Skip(strings.TrimSpace(errOut.String()))
	case errors.As(err, &exit) && exit.ExitCode() >= 0:
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("%v: %v\nstderr:\n%s", args, err, errOut.String())
	}
	return code, out.String(), errOut.String()
}

// TestFilesNotWhatTheySeem gives check, bundle and verify-bundle a folder,
// an endless device, a FIFO, a 1 GB file and fifty files: each gets a
// message and an exit code within seconds, and nothing is written.
func TestFilesNotWhatTheySeem(t *testing.T) {
	good, md := goodMetadata(t)
	dir := t.TempDir()
	sparse := filepath.Join(dir, "huge.xml")
	if f, err := os.Create(sparse); err != nil {
		t.Fatal(err)
	} else if err := errors.Join(f.Truncate(1<<30), f.Close()); err != nil { // 1 GiB, sparse: no disk used
		t.Fatal(err)
	}
	sparseZip := filepath.Join(dir, "huge.zip")
	if err := os.Link(sparse, sparseZip); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.xml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("cannot make a FIFO here:", err)
	}
	var fifty []string
	for i := 0; i < 50; i++ {
		fifty = append(fifty, good)
	}
	out := t.TempDir()
	bundle := func(metadata string) []string {
		return []string{"bundle", "--customer", "acme", "--metadata", metadata, "--out", filepath.Join(out, "b.zip")}
	}
	cases := []struct {
		name string
		args []string
		code int
		says string
	}{
		{"check folder", []string{"check", dir}, exitUsage, "is a folder"},
		{"check dev-zero", []string{"check", "/dev/zero"}, exitProblems, "input.too-large"},
		{"check fifo without writer", []string{"check", fifo}, exitProblems, "input.empty"},
		{"check 1 GB file", []string{"check", sparse}, exitProblems, "input.too-large"},
		{"check fifty files", append([]string{"check"}, fifty...), exitUsage, "wants exactly one file"},
		{"bundle folder", bundle(dir), exitUsage, "is a folder"},
		{"bundle dev-zero", bundle("/dev/zero"), exitProblems, "No bundle was written"},
		{"bundle fifo without writer", bundle(fifo), exitProblems, "No bundle was written"},
		{"bundle 1 GB file", bundle(sparse), exitProblems, "No bundle was written"},
		{"verify-bundle folder", []string{"verify-bundle", dir}, exitUsage, "not a regular file"},
		{"verify-bundle dev-zero", []string{"verify-bundle", "/dev/zero"}, exitUsage, "not a regular file"},
		{"verify-bundle fifo", []string{"verify-bundle", fifo}, exitUsage, "not a regular file"},
		{"verify-bundle 1 GB file", []string{"verify-bundle", sparseZip}, exitProblems, "bundle.too-large"},
		{"verify-bundle fifty files", append([]string{"verify-bundle"}, fifty...), exitUsage, "wants exactly one bundle file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if strings.Contains(strings.Join(tc.args, " "), "/dev/zero") {
				if _, err := os.Stat("/dev/zero"); err != nil {
					t.Skip(err)
				}
			}
			code, stdout, stderr := cliWithin(t, 20*time.Second, "", tc.args...)
			if code != tc.code || !strings.Contains(stdout+stderr, tc.says) {
				t.Errorf("exit %d, want %d with %q\nstdout:\n%s\nstderr:\n%s", code, tc.code, tc.says, stdout, stderr)
			}
			if left := names(t, out); len(left) != 0 {
				t.Errorf("written: %v", left)
			}
		})
	}

	// A FIFO with a writer is read to its end: the metadata arrives whole.
	t.Run("check fifo with writer", func(t *testing.T) {
		w, err := os.OpenFile(fifo, os.O_RDWR, 0) // a writer, without waiting for a reader
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			defer w.Close()
			for i := 0; i < len(md.XML); i += 1000 {
				w.Write(md.XML[i:min(i+1000, len(md.XML))])
				time.Sleep(10 * time.Millisecond)
			}
		}()
		code, stdout, stderr := cliWithin(t, 20*time.Second, "", "check", fifo)
		if code != exitOK || !strings.Contains(stdout, md.TenantID) {
			t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
	})
}

// TestStalledFIFO: a FIFO whose writer stays open without writing is given
// up on after the engine's stall timeout (10 seconds), with a message.
func TestStalledFIFO(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the 10-second stall timeout")
	}
	t.Parallel()
	fifo := filepath.Join(t.TempDir(), "FederationMetadata.xml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("cannot make a FIFO here:", err)
	}
	w, err := os.OpenFile(fifo, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	code, stdout, stderr := cliWithin(t, time.Minute, "", "check", fifo)
	if code != exitUsage || !strings.Contains(stderr, fifo) || !strings.Contains(stderr, "nothing arrived from") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	t.Logf("stderr: %s", stderr)
}

// TestUnreadableFile: a file the user may not read gets a plain message
// from every command that reads one. Under root it runs as the user nobody,
// since root reads everything.
func TestUnreadableFile(t *testing.T) {
	if unprivileged.Rerun(t) {
		return
	}
	good, md := goodMetadata(t)
	locked := filepath.Join(filepath.Dir(good), "locked.xml")
	if err := os.WriteFile(locked, md.XML, 0o000); err != nil {
		t.Fatal(err)
	}
	if f, err := os.Open(locked); err == nil {
		f.Close()
		t.Skip("this user can read a file with mode 000")
	}
	out := filepath.Join(t.TempDir(), "b.zip")
	for _, args := range [][]string{
		{"check", locked},
		{"verify-bundle", locked},
		{"bundle", "--customer", "acme", "--metadata", locked, "--out", out},
	} {
		code, stdout, stderr := cliWithin(t, 20*time.Second, "", args...)
		if code != exitUsage || !strings.Contains(stderr, "permission denied") {
			t.Errorf("%v: exit %d\nstdout:\n%s\nstderr:\n%s", args, code, stdout, stderr)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a bundle was written")
	}
	t.Logf("refused as uid %d", os.Geteuid())
}
