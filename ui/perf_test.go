package ui

import (
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

// benchUI is the window on a test app for benchmarks, with the benchmark's
// goroutine playing the UI goroutine: background results reach it through
// handed, and every stretch of work it does is timed.
type benchUI struct {
	b      *testing.B
	u      *UI
	handed chan func()
	// longest is the longest single stretch of work on the UI goroutine
	// since the last reset: what a frame would have waited for.
	longest time.Duration
}

func newBenchUI(b *testing.B) *benchUI {
	b.Helper()
	h := &benchUI{b: b, handed: make(chan func())}
	h.u = newUI(test.NewTempApp(b), Options{ConfigDir: b.TempDir()}, env{
		now:     func() time.Time { return testNow },
		openURL: func(*url.URL) error { return nil },
		after:   func(time.Duration, func()) {},
		handOver: func(f func()) {
			done := make(chan struct{})
			h.handed <- func() { f(); close(done) }
			<-done
		},
	})
	h.u.win.Resize(minWindowSize)
	h.settle(nil)
	b.Cleanup(func() {
		h.settle(nil)
		h.u.win.Close()
		if err := h.u.wiz.Close(); err != nil {
			b.Errorf("saving the session: %v", err)
		}
	})
	return h
}

// onUI runs f as the UI goroutine and times it.
func (h *benchUI) onUI(f func()) {
	start := time.Now()
	f()
	h.longest = max(h.longest, time.Since(start))
}

// settle plays the UI goroutine until no background job is left, calling
// beat (when set) about every millisecond while it waits, as frames would.
func (h *benchUI) settle(beat func()) {
	deadline := time.After(2 * time.Minute)
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case f := <-h.handed:
			h.onUI(f)
		case <-tick.C:
			if beat != nil {
				beat()
			}
			if h.u.bg.running.Load() == 0 {
				return
			}
		case <-deadline:
			h.b.Fatal("background work still running after 2 minutes")
		}
	}
}

// BenchmarkDropToVerdict measures, headless, the time from a file dropped on
// the window to the verdict on screen: reading, checking, handing the
// report to the wizard and refreshing the step. ui-max-ms is the longest
// the UI goroutine was busy at a stretch meanwhile (the drop handler, the
// hand-over); the check itself runs on the background worker. The 10 MB
// aggregate is the largest file the product verifies (the cap is 10 MiB);
// the 20 MB one is refused by its size before it is read.
func BenchmarkDropToVerdict(b *testing.B) {
	dir := b.TempDir()
	entra, err := os.ReadFile(filepath.Join("..", "samlcheck", "testdata", "real", "entra-app-2025-esecdj.xml"))
	if err != nil {
		b.Fatal(err)
	}
	files := []struct {
		name    string
		data    func() []byte
		verdict string
	}{
		{"entra-app-14KB", func() []byte { return entra }, "exactly as Entra signed it"},
		{"aggregate-10MB", aggregate(b, 10_000_000), "federation metadata aggregate"},
		{"aggregate-20MB-refused", aggregate(b, 20_000_000), "too large"},
	}
	for _, f := range files {
		b.Run(f.name, func(b *testing.B) {
			path := filepath.Join(dir, f.name+".xml")
			if err := os.WriteFile(path, f.data(), 0o644); err != nil {
				b.Fatal(err)
			}
			h := newBenchUI(b)
			uris := []fyne.URI{storageURI(path)}
			drop := func() {
				h.onUI(func() { h.u.onDropped(uris) })
				h.settle(nil)
			}
			drop()
			if got := h.u.certScreen().verdict.text.Text; !strings.Contains(got, f.verdict) {
				b.Fatalf("verdict %q, want it to mention %q", got, f.verdict)
			}
			h.longest = 0
			for b.Loop() {
				drop()
			}
			b.ReportMetric(float64(h.longest)/float64(time.Millisecond), "ui-max-ms")
		})
	}
}

// BenchmarkUIWhileChecking20MB verifies a 20 MB signed aggregate on the
// background worker, as a drop does but with the size cap raised (the
// product's cap refuses it unread), while the UI goroutine beats every
// millisecond as a frame loop would. gap-max-ms is the longest the UI
// goroutine waited between two beats, gap-p99-ms the 99th percentile: the
// check must never hold it. The idle case, a background job that only
// sleeps as long, is the control: what the machine itself adds.
func BenchmarkUIWhileChecking20MB(b *testing.B) {
	path := filepath.Join(b.TempDir(), "aggregate-20MB.xml")
	if err := os.WriteFile(path, aggregate(b, 20_000_000)(), 0o644); err != nil {
		b.Fatal(err)
	}
	opts := samlcheck.Options{Now: testNow, MaxSize: 32 << 20}
	check := func() (bool, error) {
		r, _, err := samlcheck.CheckFile(path, opts)
		return err == nil && r.Signature.Valid, err
	}
	idle := func() (bool, error) {
		time.Sleep(time.Second)
		return true, nil
	}
	for _, c := range []struct {
		name string
		work func() (bool, error)
	}{{"check", check}, {"idle-control", idle}} {
		b.Run(c.name, func(b *testing.B) {
			h := newBenchUI(b)
			var gaps []time.Duration
			for b.Loop() {
				var ok bool
				runInBackground(&h.u.bg, job[bool]{
					what:  c.name,
					work:  c.work,
					apply: func(v bool) { ok = v },
				})
				last := time.Now()
				h.settle(func() {
					now := time.Now()
					gaps = append(gaps, now.Sub(last))
					last = now
				})
				if !ok {
					b.Fatal("the aggregate did not verify")
				}
			}
			slices.Sort(gaps)
			b.ReportMetric(float64(gaps[len(gaps)-1])/float64(time.Millisecond), "gap-max-ms")
			b.ReportMetric(float64(gaps[len(gaps)*99/100])/float64(time.Millisecond), "gap-p99-ms")
		})
	}
}

// aggregate makes a signed aggregate of at least size bytes, once.
func aggregate(b *testing.B, size int) func() []byte {
	var data []byte
	return func() []byte {
		if data == nil {
			a, err := samltest.GenerateAggregate(samltest.AggregateOptions{Size: size, Now: testNow})
			if err != nil {
				b.Fatal(err)
			}
			data = a.XML
		}
		return data
	}
}
