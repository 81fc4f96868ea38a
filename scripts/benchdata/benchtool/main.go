// Command benchtool is the measuring half of scripts/bench.sh: it makes the
// large signed aggregates, pulls the signer's certificate out of a file for
// xmlsec1, runs the engine as its own process with a raised size cap, and
// times commands against each other, alternating runs and printing medians.
//
//	benchtool gen -size BYTES -out FILE        write a signed aggregate
//	benchtool cert FILE                        print the root signature's certificate (PEM)
//	benchtool check -max-size BYTES FILE       the check as a process, size cap raised
//	benchtool signin -dir DIR [-har-size BYTES] [-now TIME] write a sign-in for check-signin:
//	                                           metadata.xml, response.xml (+ .pem, its signer), session.har
//	benchtool compare [flags] -- CMD… ::: CMD… time two commands against each other
//	benchtool gui [flags] -- CMD… ::: CMD…     time two GUI programs to their mapped window
//	benchtool header compare|gui               print a table's header
//	go test -bench … | benchtool gobench       print Go benchmark results as a table
//
// Times are wall-clock medians over alternating runs (A B, B A, …) after one
// discarded warm-up run each; CPU is user+system time and peak RSS the
// kernel's maximum resident set (getrusage), both medians too.
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/beevik/etree"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "gen":
		err = gen(os.Args[2:])
	case "cert":
		err = cert(os.Args[2:])
	case "check":
		os.Exit(check(os.Args[2:]))
	case "signin":
		err = signin(os.Args[2:])
	case "compare":
		err = compare(os.Args[2:])
	case "gui":
		err = gui(os.Args[2:])
	case "header":
		err = header(os.Args[2:])
	case "gobench":
		err = gobench(os.Stdin)
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "benchtool %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: benchtool gen|cert|check|compare|gui|header|gobench … (see the package comment)")
	os.Exit(2)
}

func gen(args []string) error {
	fs := flag.NewFlagSet("gen", flag.ExitOnError)
	size := fs.Int("size", 5_000_000, "least size in bytes")
	out := fs.String("out", "", "file to write")
	last := fs.Bool("signature-last", false, "put the Signature after the last entity")
	fs.Parse(args)
	if *out == "" {
		return errors.New("-out is required")
	}
	a, err := samltest.GenerateAggregate(samltest.AggregateOptions{Size: *size, SignatureLast: *last})
	if err != nil {
		return err
	}
	return os.WriteFile(*out, a.XML, 0o644)
}

// signin writes the customer's metadata and a sign-in signed with its key,
// now (or at -now): the decoded response (assertion signed, as Entra does by
// default), its signer's certificate for xmlsec1, and a HAR of the whole
// sign-in padded to about -har-size bytes. A fixed -now gives the same
// findings wherever and whenever the files are checked (scripts/test-windows.sh).
func signin(args []string) error {
	fs := flag.NewFlagSet("signin", flag.ExitOnError)
	dir := fs.String("dir", "", "folder to write into")
	harSize := fs.Int("har-size", 30<<20, "least size of session.har in bytes")
	at := fs.String("now", "", "the sign-in's time, RFC 3339 (default: now)")
	fs.Parse(args)
	if *dir == "" {
		return errors.New("-dir is required")
	}
	now := time.Now()
	if *at != "" {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			return fmt.Errorf("-now: %w", err)
		}
		now = t
	}
	md, err := samltest.Generate(samltest.Options{Now: now})
	if err != nil {
		return err
	}
	r, err := samltest.GenerateResponse(samltest.ResponseOptions{Now: now, InResponseTo: "_bench", Key: md.Key, CertDER: md.CertDER})
	if err != nil {
		return err
	}
	req := samltest.AuthnRequestXML("_bench", "", "", now)
	per := len(samltest.SignInHAR(r.XML, req, 2, now)) - len(samltest.SignInHAR(r.XML, req, 1, now))
	files := map[string][]byte{
		"metadata.xml":     md.XML,
		"response.xml":     r.XML,
		"response.xml.pem": pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: md.CertDER}),
		"session.har":      samltest.SignInHAR(r.XML, req, *harSize/per+1, now),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(*dir, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// cert prints the first X509Certificate of the root's Signature KeyInfo,
// read without the engine, for handing to xmlsec1.
func cert(args []string) error {
	if len(args) != 1 {
		return errors.New("wants one file")
	}
	data, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})); err != nil || doc.Root() == nil {
		return fmt.Errorf("%s: not XML: %v", args[0], err)
	}
	for _, sig := range doc.Root().ChildElements() {
		if sig.Tag != "Signature" {
			continue
		}
		if xc := sig.FindElement("./KeyInfo/X509Data/X509Certificate"); xc != nil {
			der, ok := decodeBase64(xc.Text())
			if !ok {
				return fmt.Errorf("%s: the certificate is not base64", args[0])
			}
			return pem.Encode(os.Stdout, &pem.Block{Type: "CERTIFICATE", Bytes: der})
		}
	}
	return fmt.Errorf("%s: no certificate in the root signature", args[0])
}

// check is `pymetrics-sso check` with the size cap raised, for files past
// the product's cap: the same engine call and the same text report.
func check(args []string) int {
	fs := flag.NewFlagSet("check", flag.ExitOnError)
	maxSize := fs.Int64("max-size", 64<<20, "size cap in bytes")
	fs.Parse(args)
	if fs.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "benchtool check: wants one file")
		return 2
	}
	report, _, err := samlcheck.CheckFile(fs.Arg(0), samlcheck.Options{MaxSize: *maxSize})
	if err != nil {
		fmt.Fprintf(os.Stderr, "benchtool check: %v\n", err)
		return 2
	}
	if err := report.WriteText(os.Stdout); err != nil {
		return 2
	}
	if !report.OK {
		return 1
	}
	return 0
}

// run is one measured process.
type run struct {
	wall, cpu time.Duration
	maxRSS    int64 // bytes
}

// splitCommands splits "A… ::: B…".
func splitCommands(args []string) (a, b []string, err error) {
	i := slices.Index(args, ":::")
	if i <= 0 || i == len(args)-1 {
		return nil, nil, errors.New("wants -- COMMAND… ::: COMMAND…")
	}
	return args[:i], args[i+1:], nil
}

// measure runs cmd once; out receives its standard output, then its
// standard error (where xmlsec1 reports).
func measure(cmd []string, out io.Writer) (run, error) {
	c := exec.Command(cmd[0], cmd[1:]...)
	c.Stdout = out
	var stderr bytes.Buffer
	c.Stderr = &stderr
	start := time.Now()
	err := c.Run()
	wall := time.Since(start)
	out.Write(stderr.Bytes())
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		return run{}, err
	}
	ru, _ := c.ProcessState.SysUsage().(*syscall.Rusage)
	r := run{wall: wall}
	if ru != nil {
		r.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		r.maxRSS = ru.Maxrss << 10 // Linux reports KiB
	}
	if code := c.ProcessState.ExitCode(); code > 1 {
		return r, fmt.Errorf("%s exited with %d: %s", filepath.Base(cmd[0]), code, strings.TrimSpace(stderr.String()))
	}
	return r, nil
}

func median(rs []run, f func(run) float64) float64 {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func compare(args []string) error {
	fs := flag.NewFlagSet("compare", flag.ExitOnError)
	runs := fs.Int("runs", 11, "measured runs of each command")
	name := fs.String("name", "", "row label")
	expectA := fs.String("expect-a", "", "regular expression the first command's output must match")
	expectB := fs.String("expect-b", "", "regular expression the second command's output must match")
	timeTarget := fs.Float64("time-target", 0, "target for the time ratio A/B (0: none)")
	memTarget := fs.Float64("mem-target", 0, "target for the peak memory ratio A/B (0: none)")
	fs.Parse(args)
	a, b, err := splitCommands(fs.Args())
	if err != nil {
		return err
	}
	// The warm-up run of each also proves both commands say what they
	// should: timing a refusal would measure nothing.
	for _, c := range []struct {
		cmd    []string
		expect string
	}{{a, *expectA}, {b, *expectB}} {
		var out bytes.Buffer
		if _, err := measure(c.cmd, &out); err != nil {
			return err
		}
		if c.expect != "" && !regexp.MustCompile(c.expect).Match(out.Bytes()) {
			return fmt.Errorf("%s: the output does not match %q:\n%s", strings.Join(c.cmd, " "), c.expect, firstLines(out.String(), 8))
		}
	}
	cmds := [2][]string{a, b}
	var results [2][]run
	for i := range *runs {
		order := []int{0, 1}
		if i%2 == 1 {
			order = []int{1, 0}
		}
		for _, which := range order {
			r, err := measure(cmds[which], io.Discard)
			if err != nil {
				return err
			}
			results[which] = append(results[which], r)
		}
	}
	ra, rb := results[0], results[1]
	wall := func(r run) float64 { return ms(r.wall) }
	cpu := func(r run) float64 { return ms(r.cpu) }
	rss := func(r run) float64 { return float64(r.maxRSS) / (1 << 20) }
	tA, tB := median(ra, wall), median(rb, wall)
	mA, mB := median(ra, rss), median(rb, rss)
	fmt.Printf("| %s | %.1f | %.1f | %.2f× %s | %.1f | %.1f | %.1f | %.1f | %.2f× %s | %d |\n",
		*name, tA, tB, tA/tB, verdict(tA/tB, *timeTarget), median(ra, cpu), median(rb, cpu),
		mA, mB, mA/mB, verdict(mA/mB, *memTarget), *runs)
	return nil
}

func verdict(ratio, target float64) string {
	switch {
	case target == 0:
		return ""
	case ratio <= target:
		return fmt.Sprintf("(≤ %.1f× ✓)", target)
	}
	return fmt.Sprintf("(≤ %.1f× ✗)", target)
}

func header(args []string) error {
	if len(args) != 1 {
		return errors.New("wants compare or gui")
	}
	switch args[0] {
	case "compare":
		fmt.Println("| file | check ms | xmlsec1 ms | time ratio | check CPU ms | xmlsec1 CPU ms | check peak MB | xmlsec1 peak MB | memory ratio | runs |")
		fmt.Println("|---|---:|---:|---|---:|---:|---:|---:|---|---:|")
	case "gui":
		fmt.Println("| program | window mapped after, ms (median) | min | max | ratio to minimal | runs |")
		fmt.Println("|---|---:|---:|---:|---|---:|")
	default:
		return errors.New("wants compare or gui")
	}
	return nil
}

// gui times each program from its start to its window being mapped under
// the X display in $DISPLAY, alternating, each run with a fresh
// XDG_CONFIG_HOME; mapwait (scripts/benchdata/mapwait.c) sees the window.
func gui(args []string) error {
	fs := flag.NewFlagSet("gui", flag.ExitOnError)
	runs := fs.Int("runs", 11, "measured runs of each program")
	mapwait := fs.String("mapwait", "mapwait", "the mapwait program")
	titleA := fs.String("title-a", "", "window title of the first program")
	titleB := fs.String("title-b", "", "window title of the second program")
	nameA := fs.String("name-a", "", "row label of the first program")
	nameB := fs.String("name-b", "", "row label of the second program")
	target := fs.Float64("target", 0, "target for the ratio A/B (0: none)")
	fs.Parse(args)
	a, b, err := splitCommands(fs.Args())
	if err != nil {
		return err
	}
	progs := []struct {
		cmd   []string
		title string
		times []float64
	}{{a, *titleA, nil}, {b, *titleB, nil}}
	for i := -1; i < *runs; i++ { // run -1 warms the page cache
		order := []int{0, 1}
		if i%2 != 0 {
			order = []int{1, 0}
		}
		for _, p := range order {
			d, err := timeToWindow(*mapwait, progs[p].cmd, progs[p].title)
			if err != nil {
				return err
			}
			if i >= 0 {
				progs[p].times = append(progs[p].times, ms(d))
			}
		}
	}
	med := func(v []float64) float64 {
		v = slices.Clone(v)
		slices.Sort(v)
		if len(v)%2 == 1 {
			return v[len(v)/2]
		}
		return (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	mA, mB := med(progs[0].times), med(progs[1].times)
	fmt.Printf("| %s | %.0f | %.0f | %.0f | %.2f× %s | %d |\n", *nameA, mA, slices.Min(progs[0].times), slices.Max(progs[0].times), mA/mB, verdict(mA/mB, *target), *runs)
	fmt.Printf("| %s | %.0f | %.0f | %.0f | 1.00× | %d |\n", *nameB, mB, slices.Min(progs[1].times), slices.Max(progs[1].times), *runs)
	return nil
}

// timeToWindow starts cmd once and returns how long its window took to be
// mapped; then it ends the program (SIGTERM, SIGKILL after 10 s).
func timeToWindow(mapwait string, cmd []string, title string) (time.Duration, error) {
	cfg, err := os.MkdirTemp("", "bench-gui-config-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(cfg)
	w := exec.Command(mapwait, title, "60000")
	wout, err := w.StdoutPipe()
	if err != nil {
		return 0, err
	}
	w.Stderr = os.Stderr
	if err := w.Start(); err != nil {
		return 0, err
	}
	defer w.Wait()
	lines := bufio.NewScanner(wout)
	if !lines.Scan() || lines.Text() != "ready" {
		w.Process.Kill()
		return 0, errors.New("mapwait did not start (is DISPLAY set?)")
	}
	p := exec.Command(cmd[0], cmd[1:]...)
	p.Env = append(os.Environ(), "XDG_CONFIG_HOME="+cfg)
	start := time.Now()
	if err := p.Start(); err != nil {
		w.Process.Kill()
		return 0, err
	}
	mapped := lines.Scan() && strings.HasPrefix(lines.Text(), "mapped ")
	d := time.Since(start)
	p.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { p.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		p.Process.Kill()
		<-done
	}
	if !mapped {
		return 0, fmt.Errorf("%s: no window %q appeared", filepath.Base(cmd[0]), title)
	}
	return d, nil
}

func decodeBase64(s string) ([]byte, bool) {
	var clean strings.Builder
	for _, r := range s {
		if r != ' ' && r != '\t' && r != '\r' && r != '\n' {
			clean.WriteRune(r)
		}
	}
	der, err := base64.StdEncoding.DecodeString(clean.String())
	return der, err == nil
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// gobench turns `go test -bench` output into a table: per benchmark, time
// and CPU time per operation in milliseconds, throughput, memory and
// allocations per operation, and any other metric reported.
func gobench(r io.Reader) error {
	fmt.Println("| benchmark | ms/op | CPU ms/op | MB/s | KB/op | allocs/op | other |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---|")
	sc := bufio.NewScanner(r)
	rows := 0
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := strings.TrimPrefix(f[0], "Benchmark")
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			name = name[:i] // the GOMAXPROCS suffix
		}
		cols := map[string]string{}
		var other []string
		for i := 2; i+1 < len(f); i += 2 {
			v, unit := f[i], f[i+1]
			var x float64
			fmt.Sscan(v, &x)
			switch unit {
			case "ns/op":
				cols["ms"] = fmt.Sprintf("%.3f", x/1e6)
			case "cpu-ns/op":
				cols["cpu"] = fmt.Sprintf("%.3f", x/1e6)
			case "MB/s":
				cols["mbs"] = v
			case "B/op":
				cols["kb"] = fmt.Sprintf("%.0f", x/1024)
			case "allocs/op":
				cols["allocs"] = v
			default:
				other = append(other, v+" "+unit)
			}
		}
		fmt.Printf("| %s | %s | %s | %s | %s | %s | %s |\n", name, cols["ms"], cols["cpu"], cols["mbs"], cols["kb"], cols["allocs"], strings.Join(other, ", "))
		rows++
	}
	if rows == 0 {
		return errors.New("no benchmark results in the input")
	}
	return sc.Err()
}
