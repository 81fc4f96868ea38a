package ui

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
	"github.com/pymetrics/sso-assistant/wizard"
)

func stepID(s string) wizard.StepID { return wizard.StepID(s) }

func storageURI(p string) fyne.URI { return storage.NewFileURI(p) }

// testNow is the clock of every test: fixed, so that "days left" and the
// snapshots do not change from day to day.
var testNow = time.Date(2027, 3, 15, 10, 0, 0, 0, time.UTC)

func TestMain(m *testing.M) {
	// Dates are shown in local time; the snapshots must not depend on the
	// machine's time zone.
	time.Local = time.UTC
	os.Exit(m.Run())
}

// harness is a window under test with its recorded side effects.
type harness struct {
	t      *testing.T
	u      *UI
	app    fyne.App
	opened []string // URLs handed to the browser or mail client
	timers []func() // pending "after" callbacks (the Copied reset)
	// handed holds background results waiting for the test goroutine,
	// which plays the UI goroutine: results reach the widgets only in wait,
	// never while the test itself is touching them.
	handed chan func()
}

// newHarness builds the window on a test app, saving the session in a
// fresh folder (or in opts.ConfigDir, to test restoring).
func newHarness(t *testing.T, opts Options) *harness {
	t.Helper()
	if opts.ConfigDir == "" {
		opts.ConfigDir = t.TempDir()
	}
	h := &harness{t: t, app: test.NewTempApp(t), handed: make(chan func())}
	h.u = newUI(h.app, opts, env{
		now:     func() time.Time { return testNow },
		openURL: func(u *url.URL) error { h.opened = append(h.opened, u.String()); return nil },
		after:   func(_ time.Duration, f func()) { h.timers = append(h.timers, f) },
		handOver: func(f func()) {
			done := make(chan struct{})
			h.handed <- func() { f(); close(done) }
			<-done
		},
	})
	h.u.win.Resize(minWindowSize)
	h.wait()
	t.Cleanup(func() {
		h.wait()
		h.u.win.Close()
		if err := h.u.wiz.Close(); err != nil {
			t.Errorf("saving the session: %v", err)
		}
	})
	return h
}

// waitLimit bounds every wait: a check that hangs fails the test instead
// of the whole run.
const waitLimit = 30 * time.Second

// wait applies background results until no job is left.
func (h *harness) wait() {
	h.t.Helper()
	deadline := time.After(waitLimit)
	for {
		select {
		case f := <-h.handed:
			f()
		case <-deadline:
			h.t.Fatalf("background work still running after %v", waitLimit)
		case <-time.After(time.Millisecond):
			if h.u.bg.running.Load() == 0 {
				return
			}
		}
	}
}

func (h *harness) clipboard() string { return h.app.Clipboard().Content() }

// quit ends the window's session as the app does when its window closes:
// background work applied, the session saved, the folder's lock released,
// so that a later harness on the same folder restores it.
func (h *harness) quit() {
	h.t.Helper()
	h.wait()
	if err := h.u.wiz.Close(); err != nil {
		h.t.Fatal(err)
	}
}

// goTo shows a step the way the step list does.
func (h *harness) goTo(id string) {
	h.t.Helper()
	b := h.u.nav.stepItems[stepID(id)]
	if b == nil {
		h.t.Fatalf("no step %q in the step list", id)
	}
	test.Tap(b)
	h.wait()
	if got := string(h.u.nav.current); got != id {
		h.t.Fatalf("after tapping %q the current step is %q", id, got)
	}
}

// typeName types a customer name into the Basic SAML step's field.
func (h *harness) typeName(name string) {
	h.t.Helper()
	h.goTo("basic-saml")
	h.u.basicScreen().name.SetText("")
	test.Type(h.u.basicScreen().name, name)
}

// drop drops files on the window and waits for the check.
func (h *harness) drop(paths ...string) {
	h.t.Helper()
	uris := make([]fyne.URI, len(paths))
	for i, p := range paths {
		uris[i] = storageURI(p)
	}
	h.u.onDropped(uris)
	h.wait()
}

// topDialogText is all text of the dialog on top, "" when none is open.
func (h *harness) topDialogText() string {
	top := h.u.win.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	return allText(top)
}

// tapDialogButton taps the button with the text in the dialog on top.
func (h *harness) tapDialogButton(text string) {
	h.t.Helper()
	top := h.u.win.Canvas().Overlays().Top()
	if top == nil {
		h.t.Fatalf("no dialog open to tap %q in", text)
	}
	for _, o := range test.LaidOutObjects(top) {
		if b := buttonOf(o); b != nil && b.Text == text && b.Visible() {
			test.Tap(o.(fyne.Tappable))
			h.wait()
			return
		}
	}
	h.t.Fatalf("no button %q in the dialog: %s", text, allText(top))
}

// buttonOf is the button in o, whichever of the window's button types it
// is; nil when o is no button.
func buttonOf(o fyne.CanvasObject) *widget.Button {
	switch b := o.(type) {
	case *widget.Button:
		return b
	case *dialogButton:
		return &b.Button
	case *stepButton:
		return &b.Button
	}
	return nil
}

// allText collects the text of every label, button, check and entry under
// o, in layout order, so tests can assert what the admin reads.
func allText(o fyne.CanvasObject) string {
	var b strings.Builder
	for _, c := range test.LaidOutObjects(o) {
		if !c.Visible() {
			continue
		}
		switch w := c.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *widget.Button:
			b.WriteString("[" + w.Text + "]\n")
		case *dialogButton:
			b.WriteString("[" + w.Text + "]\n")
		case *stepButton:
			b.WriteString("[" + w.Text + "]\n")
		case *dialogEntry:
			b.WriteString("[entry] " + w.Text + "\n")
		case *widget.Check:
			b.WriteString("[check] " + w.Text + "\n")
		case *checkItem:
			b.WriteString("[check] " + w.label.Text + "\n")
		case *widget.Entry:
			b.WriteString("[entry] " + w.Text + "\n")
		}
	}
	return b.String()
}

// screenText is the text of the step on screen.
func (h *harness) screenText() string {
	s := h.u.screen(h.u.nav.current)
	text := allText(s.object())
	if a := actionsOf(s); a != nil {
		text += "\n" + allText(a)
	}
	return text
}

// enterBasicSAML types an accepted name and ticks "I entered … and
// selected Save": Basic SAML configuration is complete.
func (h *harness) enterBasicSAML(name string) {
	h.t.Helper()
	h.typeName(name)
	if err := h.u.wiz.Tick(wizard.ItemBasicSAMLEntered, true); err != nil {
		h.t.Fatal(err)
	}
}

// writeFile writes data into a fresh folder under the given name.
func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// metadata kinds the tests drop, made fresh with a key of the test process.
func goodMetadata(t *testing.T) *samltest.Metadata {
	return samltest.New(t, samltest.Options{Now: testNow})
}

func expiredMetadata(t *testing.T) *samltest.Metadata {
	return samltest.New(t, samltest.Options{
		NotBefore: testNow.AddDate(-3, 0, 0),
		NotAfter:  testNow.AddDate(0, 0, -12),
	})
}

// tampered changes one byte of the signed content (a digit of the tenant
// in the Login URL), leaving a well-formed file whose signature fails.
func tampered(t *testing.T, m *samltest.Metadata) []byte {
	t.Helper()
	s := string(m.XML)
	i := strings.Index(s, `Location="https://login.microsoftonline.com/`)
	if i < 0 {
		t.Fatal("no Login URL in the generated metadata")
	}
	i += len(`Location="https://login.microsoftonline.com/`)
	b := []byte(s)
	if b[i] == 'a' {
		b[i] = 'b'
	} else {
		b[i] = 'a'
	}
	return b
}

// menuItem finds an item of the main menu.
func menuItem(t *testing.T, u *UI, menu, label string) *fyne.MenuItem {
	t.Helper()
	for _, m := range u.win.MainMenu().Items {
		if m.Label != menu {
			continue
		}
		for _, it := range m.Items {
			if it.Label == label {
				return it
			}
		}
	}
	t.Fatalf("no menu item %s > %s", menu, label)
	return nil
}

func readFile(t *testing.T, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// tapScreenButton taps the button with the text on the step on screen.
func (h *harness) tapScreenButton(text string) {
	h.t.Helper()
	for _, o := range test.LaidOutObjects(h.u.screen(h.u.nav.current).object()) {
		if b := buttonOf(o); b != nil && b.Text == text && b.Visible() {
			test.Tap(o.(fyne.Tappable))
			h.wait()
			return
		}
	}
	h.t.Fatalf("no button %q on the screen", text)
}

func mustGlob(t *testing.T, pattern string) []string {
	t.Helper()
	m, err := filepath.Glob(pattern)
	if err != nil || len(m) == 0 {
		t.Fatalf("glob %s: %v %v", pattern, m, err)
	}
	return m
}
