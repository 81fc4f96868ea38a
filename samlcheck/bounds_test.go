package samlcheck_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

// memoryBound is what one check may cost. An admin's laptop runs the
// assistant next to a browser; a hostile file must not make it swap.
const memoryBound = 256 << 20

// largeCases are hostile inputs too large to keep as files: the generator
// is this function. Each one also exercises the engine past the size check
// (a raised cap, or a size just under the default one), where memory could
// grow with the input.
func largeCases(t testing.TB) []hostileCase {
	t.Helper()
	m := samltest.New(t, samltest.Options{Now: fixedNow})
	doc := string(m.XML)
	const md = `xmlns="urn:oasis:names:tc:SAML:2.0:metadata"`
	raised := samlcheck.Options{Now: fixedNow, MaxSize: 16 << 20}
	insideRoot := func(extra string) []byte {
		i := strings.Index(doc, "<IDPSSODescriptor")
		if i < 0 {
			t.Fatal("generated metadata has no IDPSSODescriptor")
		}
		return []byte(doc[:i] + extra + doc[i:])
	}
	onRoot := func(attr string) []byte {
		i := strings.Index(doc, "<EntityDescriptor ") + len("<EntityDescriptor ")
		return []byte(doc[:i] + attr + " " + doc[i:])
	}
	padded := func(n int) []byte {
		b := append([]byte{}, m.XML...)
		return append(b, bytes.Repeat([]byte("\n"), n-len(b))...)
	}
	twelveMB := strings.Repeat("A", 12<<20)
	return []hostileCase{
		// A signed file padded with line breaks to exactly the default cap is
		// still checked (and verifies: whitespace after the root is not
		// signed); one byte more is refused before parsing.
		{name: "at-default-size-cap", input: padded(samlcheck.DefaultMaxSize), valid: true, ok: true},
		{name: "past-default-size-cap", input: padded(samlcheck.DefaultMaxSize + 1), want: samlcheck.CodeInputTooLarge},
		// 12 MB attribute with the cap raised so the engine parses it: on
		// the signed root (the digest then fails) and on a bare root.
		{name: "12MB-attribute-on-signed-root", input: onRoot(`x="` + twelveMB + `"`), opts: raised, want: samlcheck.CodeSignatureInvalid},
		{name: "12MB-entityID-unsigned", input: []byte(`<EntityDescriptor ` + md + ` entityID="https://sts.windows.net/` + twelveMB + `/"/>`), opts: raised, want: samlcheck.CodeInputNotMetadata},
		{name: "12MB-text-in-signed-content", input: insideRoot(`<Extensions>` + twelveMB + `</Extensions>`), opts: raised, want: samlcheck.CodeSignatureInvalid},
		{name: "12MB-signature-value", input: replaceBetween(t, doc, "<SignatureValue>", "</SignatureValue>", twelveMB), opts: raised, want: samlcheck.CodeSignatureInvalid},
		{name: "12MB-certificate", input: replaceBetween(t, doc, "<X509Certificate>", "</X509Certificate>", twelveMB), opts: raised, want: samlcheck.CodeSignatureUnverifiable},
		// Nesting and breadth: far past the limits, and just under them
		// inside signed content, where the signature library walks the tree.
		{name: "deep-nesting-500k", input: []byte(`<EntityDescriptor ` + md + `>` + strings.Repeat("<a>", 500_000) + strings.Repeat("</a>", 500_000) + `</EntityDescriptor>`), want: samlcheck.CodeInputTooDeep},
		{name: "deep-nesting-unclosed-1M", input: []byte(`<EntityDescriptor ` + md + `>` + strings.Repeat("<a>", 1_000_000)), want: samlcheck.CodeInputTooDeep},
		{name: "deep-nesting-60-in-signed-content", input: insideRoot(`<Extensions>` + strings.Repeat("<a>", 60) + strings.Repeat("</a>", 60) + `</Extensions>`), want: samlcheck.CodeSignatureInvalid},
		{name: "million-siblings-with-attributes", input: []byte(`<EntityDescriptor ` + md + `>` + strings.Repeat(`<a b="c"/>`, 1_000_000) + `</EntityDescriptor>`), opts: raised, want: samlcheck.CodeInputTooManyElements},
		{name: "99k-siblings-in-signed-content", input: insideRoot(`<Extensions>` + strings.Repeat("<a/>", 99_000) + `</Extensions>`), want: samlcheck.CodeSignatureInvalid},
		{name: "99k-siblings-before-signature", input: func() []byte {
			i := strings.Index(doc, "<Signature")
			return []byte(doc[:i] + `<Extensions>` + strings.Repeat("<a/>", 99_000) + `</Extensions>` + doc[i:])
		}(), want: samlcheck.CodeSignatureInvalid},
		// Many small nodes. Canonicalisation removes comments one at a
		// time (quadratic: a million ran for over ten minutes before the
		// scan bounded them), copies every node and every namespace in
		// scope for every element; each family is refused in the scan,
		// and its largest accepted form stays cheap.
		{name: "million-comments", input: insideRoot(strings.Repeat("<!---->", 1_000_000)), want: samlcheck.CodeInputTooManyElements},
		{name: "million-processing-instructions", input: insideRoot(strings.Repeat("<?p?>", 1_000_000)), want: samlcheck.CodeInputTooManyElements},
		{name: "800k-cdata-sections", input: insideRoot(`<Extensions>` + strings.Repeat("<![CDATA[]]>", 800_000) + `</Extensions>`), want: samlcheck.CodeInputTooManyElements},
		{name: "million-character-references", input: []byte(`<EntityDescriptor ` + md + ` entityID="` + strings.Repeat("&#65;", 1_000_000) + `"/>`), want: samlcheck.CodeInputNotMetadata},
		{name: "1000-comments-among-99k-siblings", input: insideRoot(`<Extensions>` + strings.Repeat("<!---->", 1000) + strings.Repeat("<a/>", 99_000) + `</Extensions>`), want: samlcheck.CodeInputTooManyElements},
		{name: "namespaces-in-scope-over-99k-elements", input: insideRoot(`<Extensions>` + nestedNamespaces(4, 30, strings.Repeat("<b/>", 99_000)) + `</Extensions>`), want: samlcheck.CodeInputTooManyNamespaces},
		{name: "295k-processing-instructions-accepted-by-scan", input: insideRoot(strings.Repeat("<?p?>", 295_000)), want: samlcheck.CodeSignatureInvalid},
		{name: "2800-comments-among-2800-siblings-accepted-by-scan", input: insideRoot(`<Extensions>` + strings.Repeat("<!---->", 2800) + strings.Repeat("<a/>", 2800) + `</Extensions>`), want: samlcheck.CodeSignatureInvalid},
		{name: "namespaces-in-scope-over-8k-elements-accepted-by-scan", input: insideRoot(`<Extensions>` + nestedNamespaces(4, 30, strings.Repeat("<b/>", 8000)) + `</Extensions>`), want: samlcheck.CodeSignatureInvalid},
		{name: "44-namespaces-in-scope-over-99k-elements-accepted-by-scan", input: insideRoot(`<Extensions>` + nestedNamespaces(4, 11, strings.Repeat("<b/>", 99_000)) + `</Extensions>`), want: samlcheck.CodeSignatureInvalid},
		{name: "inclusive-c14n-deep-and-wide", input: func() []byte {
			d := strings.Replace(doc, `<Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>`, `<Transform Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>`, 1)
			i := strings.Index(d, "<IDPSSODescriptor")
			return []byte(d[:i] + `<Extensions>` + strings.Repeat("<a>", 55) + strings.Repeat("<b/>", 99_000) + strings.Repeat("</a>", 55) + `</Extensions>` + d[i:])
		}(), want: samlcheck.CodeSignatureInvalid},
	}
}

// nestedNamespaces wraps inner in levels elements that each declare n
// namespace prefixes.
func nestedNamespaces(levels, n int, inner string) string {
	var open, close strings.Builder
	for l := 0; l < levels; l++ {
		open.WriteString("<a")
		for k := 0; k < n; k++ {
			fmt.Fprintf(&open, ` xmlns:n%d_%d="urn:n%d"`, l, k, k)
		}
		open.WriteString(">")
		close.WriteString("</a>")
	}
	return open.String() + inner + close.String()
}

// cost is what one check took.
type cost struct {
	name     string
	elapsed  time.Duration
	alloc    uint64 // bytes allocated during the check, garbage included
	peakHeap int64  // growth of the live heap, sampled every millisecond
	peakRSS  int64  // growth of the process's peak resident memory, -1 when unknown
	inputLen int
}

// measure runs one check and what it cost. The heap is sampled while the
// check runs (runtime/metrics, which does not stop the world); the peak
// resident set is read from /proc (reset through clear_refs) where Linux
// offers it.
func measure(tc hostileCase) (*samlcheck.Report, cost) {
	opts := tc.opts
	if opts.Now.IsZero() {
		opts.Now = fixedNow
	}
	runtime.GC()
	baseRSS := resetPeakRSS()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	baseHeap := heapObjects()
	stop, peak := make(chan struct{}), make(chan int64)
	go func() {
		top := baseHeap
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				peak <- max(top, heapObjects())
				return
			case <-tick.C:
				top = max(top, heapObjects())
			}
		}
	}()
	start := time.Now()
	r := samlcheck.Check(tc.input, opts)
	elapsed := time.Since(start)
	close(stop)
	top := <-peak
	runtime.ReadMemStats(&after)
	c := cost{name: tc.name, elapsed: elapsed, alloc: after.TotalAlloc - before.TotalAlloc,
		peakHeap: top - baseHeap, peakRSS: -1, inputLen: len(tc.input)}
	if p := readPeakRSS(); baseRSS >= 0 && p >= 0 {
		c.peakRSS = max(p-baseRSS, 0)
	}
	return r, c
}

// heapObjects is the memory occupied by heap objects, live or not yet swept.
func heapObjects() int64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return int64(s[0].Value.Uint64())
}

// resetPeakRSS resets the kernel's high-water mark of resident memory to the
// current value and returns that value in bytes; -1 where unsupported.
func resetPeakRSS() int64 {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		return -1
	}
	return procStatus("VmHWM:")
}

func readPeakRSS() int64 { return procStatus("VmHWM:") }

// procStatus reads one "kB" field of /proc/self/status, in bytes.
func procStatus(field string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return -1
			}
			return kb << 10
		}
	}
	return -1
}

// TestHostileBounds runs every hostile input, the large generated ones
// included, one at a time, asserts its exact code and that the check stays
// within memoryBound, and logs time and memory per case (go test -v shows
// the table). Time is reported, not asserted: it depends on the machine and
// its load; the cases are sized so that a quadratic step would show as
// seconds, not milliseconds.
func TestHostileBounds(t *testing.T) {
	cases := append(hostileCases(t), largeCases(t)...)
	var costs []cost
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, c := measure(tc)
			costs = append(costs, c)
			checkInvariants(t, r)
			if tc.want != "" && !r.Has(tc.want) {
				t.Errorf("want %s, got %v", tc.want, codes(r))
			}
			if tc.want != "" && !tc.ok && !hasError(r, tc.want) {
				t.Errorf("%s is not an error: %v", tc.want, codes(r))
			}
			if r.Signature.Valid != tc.valid || r.OK != tc.ok {
				t.Errorf("valid=%v ok=%v, want %v %v: %v", r.Signature.Valid, r.OK, tc.valid, tc.ok, codes(r))
			}
			// The sampled heap can miss a peak shorter than a
			// millisecond; the resident peak cannot, but the race
			// detector inflates it. Allocation, garbage included, is
			// reported only: churn costs time, not memory.
			if c.peakHeap > memoryBound {
				t.Errorf("heap grew by %d MB, bound %d MB", c.peakHeap>>20, memoryBound>>20)
			}
			if c.peakRSS > memoryBound && !raceEnabled {
				t.Errorf("resident memory grew by %d MB, bound %d MB", c.peakRSS>>20, memoryBound>>20)
			}
		})
	}
	sort.Slice(costs, func(i, j int) bool { return costs[i].elapsed > costs[j].elapsed })
	var b strings.Builder
	fmt.Fprintf(&b, "%-44s %9s %9s %10s %10s %10s\n", "case", "input", "time", "allocated", "peak heap", "peak RSS")
	for _, c := range costs {
		rss := "n/a"
		if c.peakRSS >= 0 {
			rss = mb(c.peakRSS)
		}
		fmt.Fprintf(&b, "%-44s %9s %9s %10s %10s %10s\n", c.name, mb(int64(c.inputLen)), c.elapsed.Round(time.Millisecond), mb(int64(c.alloc)), mb(c.peakHeap), rss)
	}
	t.Logf("cost of each hostile case, slowest first (race detector: %v):\n%s", raceEnabled, b.String())
}

func hasError(r *samlcheck.Report, code samlcheck.Code) bool {
	for _, f := range r.Errors() {
		if f.Code == code {
			return true
		}
	}
	return false
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }
