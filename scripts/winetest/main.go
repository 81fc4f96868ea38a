// Command winetest reads the results of the pure packages' tests, compiled
// for Windows and run under Wine by scripts/test-windows.sh, and says
// whether they passed.
//
//	wine pkg.test.exe -test.v=test2json | go tool test2json -p PKG | go run ./scripts/winetest
//
// It reads test2json events on standard input, prints one summary line per
// package and every failing test with its output, and exits 1 when any test
// failed for a reason other than the one Wine gap below, or when a package
// failed without a failing test (a panic, a crash, a timeout).
//
// # The Wine gap: os.RemoveAll and "Invalid function"
//
// This is the one place the harness excuses anything. Go 1.25 and later
// delete files in os.RemoveAll with FILE_DISPOSITION_POSIX_SEMANTICS
// (internal/syscall/windows.Deleteat). Wine 8 does not implement that
// information class and answers STATUS_INVALID_DEVICE_REQUEST, which Go
// does not treat as "unsupported" and reports as "Invalid function"; real
// Windows 10 (1607+) and 11 implement it. The testing package removes every
// t.TempDir() with os.RemoveAll after the test, so under Wine any test that
// left a file in its temporary folder fails with
//
//	testing.go:NNNN: TempDir RemoveAll cleanup: unlinkat C:\...\x.json: Invalid function.
//
// A failed test counts as passed ("wine-gap") only when every line it
// reported, and every line of each failed subtest, is exactly that
// message. Any other line (an assertion, a log, a panic) counts it as a
// failure. The program's own code never calls os.RemoveAll, so the gap
// cannot hide a defect of the assistant.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"
)

func main() {
	os.Exit(run(os.Stdin, os.Stdout))
}

// event is one line of test2json output.
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

// wineGap is the only failure message excused; see the package comment.
var wineGap = regexp.MustCompile(`^\s*testing\.go:\d+: TempDir RemoveAll cleanup: .*: Invalid function\.\s*$`)

// framing is test2json's own text around a test's output.
var framing = regexp.MustCompile(`^\s*(=== (RUN|PAUSE|CONT|NAME)|--- (PASS|FAIL|SKIP):)`)

type testResult struct {
	action string   // pass, fail, skip ("" when the test never ended)
	lines  []string // what the test itself printed
}

type pkgResult struct {
	tests  map[string]*testResult
	action string
	lines  []string // package-level output
}

// Summary is what one package's run came to.
type Summary struct {
	Package                        string
	Passed, Skipped, WineGap       int
	Failed                         []string // tests that failed for real
	Broken                         bool     // the package failed outside any test
	PackageOutput, FailedOutputLog string
}

func run(in io.Reader, out io.Writer) int {
	sums, err := summarize(in)
	if err != nil {
		fmt.Fprintf(out, "winetest: %v\n", err)
		return 1
	}
	if len(sums) == 0 {
		fmt.Fprintln(out, "winetest: no test events on standard input (did the test binary start?)")
		return 1
	}
	code := 0
	for _, s := range sums {
		verdict := "ok"
		if len(s.Failed) > 0 || s.Broken {
			verdict = "FAIL"
			code = 1
		}
		fmt.Fprintf(out, "%-4s %s: %d passed, %d skipped, %d failed, %d passed but for the Wine RemoveAll gap\n",
			verdict, s.Package, s.Passed, s.Skipped, len(s.Failed), s.WineGap)
		if s.FailedOutputLog != "" {
			fmt.Fprint(out, s.FailedOutputLog)
		}
		if s.Broken {
			fmt.Fprintf(out, "    the package failed outside any test:\n%s", s.PackageOutput)
		}
	}
	return code
}

// summarize reads test2json events and classifies every test.
func summarize(in io.Reader) ([]Summary, error) {
	pkgs := map[string]*pkgResult{}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if len(strings.TrimSpace(string(line))) == 0 {
			continue
		}
		var ev event
		if err := json.Unmarshal(line, &ev); err != nil {
			return nil, fmt.Errorf("not a test2json event: %q: %w", line, err)
		}
		p := pkgs[ev.Package]
		if p == nil {
			p = &pkgResult{tests: map[string]*testResult{}}
			pkgs[ev.Package] = p
		}
		if ev.Test == "" {
			switch ev.Action {
			case "output":
				p.lines = append(p.lines, ev.Output)
			case "pass", "fail", "skip":
				p.action = ev.Action
			}
			continue
		}
		tr := p.tests[ev.Test]
		if tr == nil {
			tr = &testResult{}
			p.tests[ev.Test] = tr
		}
		switch ev.Action {
		case "output":
			if !framing.MatchString(ev.Output) {
				tr.lines = append(tr.lines, ev.Output)
			}
		case "pass", "fail", "skip":
			tr.action = ev.Action
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(pkgs))
	for n := range pkgs {
		names = append(names, n)
	}
	sort.Strings(names)
	var sums []Summary
	for _, n := range names {
		sums = append(sums, classify(n, pkgs[n]))
	}
	return sums, nil
}

// onlyGap reports whether every non-blank line is the Wine gap message, and
// whether there was at least one.
func onlyGap(lines []string) (only, any bool) {
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if !wineGap.MatchString(l) {
			return false, any
		}
		any = true
	}
	return true, any
}

func classify(name string, p *pkgResult) Summary {
	s := Summary{Package: name}
	tests := make([]string, 0, len(p.tests))
	for t := range p.tests {
		tests = append(tests, t)
	}
	sort.Strings(tests)
	excused := func(t string) bool {
		only, any := onlyGap(p.tests[t].lines)
		if !only {
			return false
		}
		for _, d := range tests {
			if !strings.HasPrefix(d, t+"/") || p.tests[d].action != "fail" {
				continue
			}
			o, a := onlyGap(p.tests[d].lines)
			if !o {
				return false
			}
			any = any || a
		}
		return any
	}
	var log strings.Builder
	realFailures := 0
	for _, t := range tests {
		tr := p.tests[t]
		switch tr.action {
		case "pass":
			s.Passed++
		case "skip":
			s.Skipped++
		case "fail":
			if excused(t) {
				s.WineGap++
				continue
			}
			realFailures++
			s.Failed = append(s.Failed, t)
			fmt.Fprintf(&log, "    --- FAIL: %s\n", t)
			for _, l := range tr.lines {
				fmt.Fprintf(&log, "        %s", strings.TrimLeft(l, " \t"))
			}
		default: // started, never ended: the binary died under it
			realFailures++
			s.Failed = append(s.Failed, t+" (never finished)")
			fmt.Fprintf(&log, "    --- NEVER FINISHED: %s\n", t)
			for _, l := range tr.lines {
				fmt.Fprintf(&log, "        %s", strings.TrimLeft(l, " \t"))
			}
		}
	}
	s.FailedOutputLog = log.String()
	// A package that failed with no test failing for real is broken only
	// when something other than the excused tests made it fail.
	if p.action != "pass" && p.action != "skip" && realFailures == 0 && (p.action != "fail" || s.WineGap == 0) {
		s.Broken = true
		s.PackageOutput = strings.Join(p.lines, "")
	}
	return s
}
