// Package ui is the assistant's desktop window: a Fyne rendering of the
// wizard's state, one screen per step of the journey. It holds no SAML or
// file-format logic, and calls exactly these:
//   - wizard: Open, OpenStore and New for the saved session, the Wizard's
//     methods, and the step, attribute and URL tables (Steps, StepByID,
//     Attributes, AttributeNotes, ValidateURLs, PrepareMetadata,
//     SPMetadata);
//   - samlcheck: Check and CheckFile to check a metadata file, and the
//     Report they return, rendered as it is;
//   - wizard/bundle: Build, WriteFile and CheckContact for the onboarding
//     bundle, and the Email it carries;
//   - assets: the embedded sample metadata the demo opens;
//   - internal/durable: ErrNotDurable, to tell a save that was kept but not
//     yet forced to disk from one that failed;
//   - internal/fileproblem: Sentence, the words for a file that cannot be
//     read or written, shared with the command line;
//   - internal/mailhandler: Registered, whether a mail program would open
//     the e-mail draft;
//   - internal/sentence: LowerFirst, to continue a sentence after a colon.
//
// Checking a file and building or writing a bundle run off the UI goroutine
// through one helper (worker, runInBackground) and come back through
// fyne.DoAndWait; every Fyne call stays on Fyne's goroutine. Only main.go
// creates the Fyne app, so this package's tests run headless with
// fyne.io/fyne/v2/test.
package ui

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/pymetrics/sso-assistant/internal/durable"
	"github.com/pymetrics/sso-assistant/internal/mailhandler"
	"github.com/pymetrics/sso-assistant/wizard"
	"github.com/pymetrics/sso-assistant/wizard/bundle"
)

// Title is the window's title; scripts find the window by it.
const Title = "pymetrics SSO Assistant"

// Options configure the window.
type Options struct {
	// Demo opens a sample customer with the embedded sample metadata, in
	// memory only: the real saved session is neither read nor written.
	Demo bool
	// ConfigDir overrides the folder the session is saved in (default: the
	// user's configuration folder, see wizard.DefaultDir).
	ConfigDir string
	// Version is the assistant's version, shown in About and recorded in
	// the onboarding bundle.
	Version string
}

// Run builds the main window on a, shows it and runs the app until the
// window closes (or the process is asked to terminate); then it saves what
// is still pending. It is all main.go needs to call.
func Run(a fyne.App, opts Options) {
	u := newUI(a, opts, env{})
	u.win.ShowAndRun()
	u.close()
}

// minWindowSize is the size the window opens at, the size the layout is
// designed and tested for: every step's main action is in sight at it.
var minWindowSize = fyne.NewSize(1024, 700)

// minContentSize is the smallest the window lets its content be, so that
// the window's minimum is 800x600: the content less the menu bar above it
// and the canvas's padding around it. Every step fits it (see
// TestEveryStepFitsTheMinimumSize); it is fixed (see minSize) so that the
// window never widens itself for one step.
var minContentSize = fyne.NewSize(792, 564)

// UI is the window and everything on it.
type UI struct {
	app  fyne.App
	win  fyne.Window
	opts Options

	wiz  *wizard.Wizard
	load wizard.LoadResult
	bg   worker

	// Hooks that tests replace (see env): the clock, opening a URL in the
	// browser or mail client, and timers (the "Copied" confirmation resets
	// after one).
	now     func() time.Time
	openURL func(*url.URL) error
	after   func(time.Duration, func())
	// mailProgram reports whether mailto: links have a program to go to.
	mailProgram func() bool

	// lastSave is the save dialog opened last, for tests.
	lastSave *saveDialog

	// lastDir is the folder the last metadata file came from: where the
	// admin's downloads are, so dialogs start there.
	lastDir string

	// modals are the dialogs open now, the top one last (see showModal).
	modals []*modal

	nav     *navigation
	notices *fyne.Container
	// right holds notices, the step and Back/Next; see relayoutNotices.
	right   *fyne.Container
	saveBad *banner // shown while autosave fails
	// restored is "Continue where you left off", until the admin moves on.
	restored *banner
	// saveFailing mirrors saveBad for the saving goroutine.
	saveFailing atomic.Bool

	// screens are the steps built so far: a step's screen is built the
	// first time it is needed (see screen), so the window appears after
	// building one step rather than eight. basic, cert and send are the
	// ones other parts of the window talk to; use basicScreen, certScreen
	// and sendScreen, which build them when needed.
	screens map[wizard.StepID]screen
	basic   *basicSAMLScreen
	cert    *certificateScreen
	send    *sendScreen

	// renew is the certificate renewal journey once opened; renewOffer
	// offers it in the notices (renew_journey.go).
	renew      *renewJourney
	renewOffer *banner
}

// screen is one step's content. refresh re-reads the wizard's state; it is
// called after every change while the screen is shown, and when it is shown.
type screen interface {
	object() fyne.CanvasObject
	refresh()
}

// env holds what tests replace; zero fields mean the real thing.
type env struct {
	now      func() time.Time
	openURL  func(*url.URL) error
	after    func(time.Duration, func())
	handOver func(func())
	// mailProgram defaults to mailhandler.Registered.
	mailProgram func() bool
}

// newUI builds the window without showing it.
func newUI(a fyne.App, opts Options, e env) *UI {
	u := &UI{
		app:     a,
		opts:    opts,
		now:     e.now,
		openURL: e.openURL,
		after:   e.after,

		mailProgram: e.mailProgram,
	}
	if u.mailProgram == nil {
		u.mailProgram = mailhandler.Registered
	}
	u.bg.handOver = e.handOver
	if u.now == nil {
		u.now = time.Now
	}
	if u.openURL == nil {
		u.openURL = a.OpenURL
	}
	if u.after == nil {
		u.after = func(d time.Duration, f func()) {
			time.AfterFunc(d, func() { fyne.Do(f) })
		}
	}
	if u.bg.handOver == nil {
		u.bg.handOver = fyne.DoAndWait
	}
	u.bg.fail = u.showError
	title := Title
	if opts.Demo {
		title += " (demo)"
	}
	u.win = a.NewWindow(title)
	u.win.SetIcon(a.Icon())
	u.openSession()
	u.build()
	// The smallest size the layout is made for is also the first: it fits
	// a 1366x768 laptop screen with a task bar. Admins with more room resize.
	u.win.Resize(minWindowSize)
	// Until the window exists its content has only its minimum size, and
	// the first step would be laid out at that width (every paragraph
	// wrapped into one-word lines) and then again at the window's. Giving
	// the content the window's width now lays it out once: the menu bar
	// takes height, not width, so the widths the window gives it match.
	u.win.Content().Resize(minWindowSize)
	u.win.SetMaster()
	u.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { u.onDropped(uris) })
	u.win.Canvas().SetOnTypedKey(u.onTypedKey)
	u.start()
	return u
}

// openSession loads the saved session, or in demo mode makes the sample one
// in memory.
func (u *UI) openSession() {
	if u.opts.Demo {
		u.wiz = newDemoWizard(u.now)
		u.load = wizard.LoadResult{Status: wizard.LoadNew}
		return
	}
	store, err := wizard.OpenStore(u.opts.ConfigDir)
	if err == nil && store.Lock() != nil {
		// Another window has the session: this one starts empty and saves
		// nothing, so closing either window loses nothing of the other's.
		u.load = wizard.LoadResult{Status: wizard.LoadInUse, Err: wizard.ErrSessionInUse,
			Message: "The assistant is already open in another window, and that window saves your progress. This window starts empty and saves nothing, so it cannot overwrite the other one's work: close it and continue in the other window."}
		u.wiz = wizard.New(wizard.NewMemoryStore(), wizard.NewSession(), wizard.Options{Now: u.clock})
		return
	}
	if err != nil {
		// Without a folder to save in, the journey still works; the admin
		// is told that this time nothing will be kept.
		store = wizard.NewMemoryStore()
		u.load = wizard.LoadResult{Status: wizard.LoadUnavailable, Err: err,
			Message: fmt.Sprintf("Your progress cannot be saved on this computer (%v). Everything works, but closing the window loses it.", err)}
		u.wiz = wizard.New(store, wizard.NewSession(), wizard.Options{Now: u.clock})
	} else {
		u.wiz, u.load = wizard.Open(store, wizard.Options{Now: u.clock})
	}
}

// clock defers to u.now at call time, so tests can set the clock after the
// wizard exists.
func (u *UI) clock() time.Time { return u.now() }

// build lays out the window: the step list on the left; notices, the
// current step and Back/Next on the right.
func (u *UI) build() {
	u.screens = map[wizard.StepID]screen{}
	u.nav = u.newNavigation()
	u.saveBad = newBanner(levelError, "Your progress is not being saved", "")
	u.saveBad.object().Hide()
	u.notices = container.NewVBox(u.saveBad.object(), u.newRenewalOffer())
	// Focus moves in the order of Objects, so they are listed as the eye
	// reads the window (step list, notices, step, Back/Next), not in
	// NewBorder's order, which puts the centre first.
	u.right = container.New(layout.NewBorderLayout(u.notices, u.nav.footer, nil, nil), u.notices, u.nav.scroll, u.nav.footer)
	left := container.NewHBox(u.nav.sidebar, widget.NewSeparator())
	// The page comes before the step list in the objects, so Tab reaches
	// the step's fields and buttons first and the step list after them:
	// the list is for jumping, the page is the work.
	content := container.New(layout.NewBorderLayout(nil, nil, left, nil), u.right, left)
	u.win.SetContent(newMinSize(minContentSize, content))
	u.win.SetMainMenu(u.mainMenu())
	u.wiz.AddListener(u)
}

// start shows what the load found and puts the current step on screen.
func (u *UI) start() {
	switch u.load.Status {
	case wizard.LoadRestored:
		if s := u.wiz.Session(); s.Customer != "" || len(s.Ticks) > 0 || s.Metadata != nil || s.Current != wizard.StepIDs[0] {
			u.showRestored(s)
		}
	case wizard.LoadMovedAside, wizard.LoadUnavailable:
		u.notices.Add(newBanner(levelWarning, "Your previous session could not be restored", u.load.Message).object())
	case wizard.LoadInUse:
		u.notices.Add(newBanner(levelWarning, "Already open in another window", u.load.Message).object())
	}
	u.show(u.wiz.Current())
	if u.wiz.Renewal() != nil {
		u.openRenewal() // the admin left off in the renewal
	}
	// A restored (or demo) file is judged again today: its certificate may
	// have expired since it was checked.
	if u.wiz.Metadata() != nil {
		u.certScreen().recheck()
	}
}

// showRestored is "Continue where you left off".
func (u *UI) showRestored(s wizard.Session) {
	st, _ := wizard.StepByID(u.wiz.Current())
	text := "You left off at \"" + st.Title + "\""
	if s.Customer != "" {
		text += " for customer \"" + s.Customer + "\""
	}
	if !s.Updated.IsZero() {
		text += ", saved " + s.Updated.Local().Format("2 January 2006 at 15:04")
	}
	text += ". To begin a new setup instead, choose Start over (File menu); your current progress is kept as a backup."
	var b *banner
	dismiss := &widget.Button{Text: "Dismiss", Importance: widget.LowImportance, OnTapped: func() { u.notices.Remove(b.object()) }}
	startOver := &widget.Button{Text: "Start over…", OnTapped: u.confirmStartOver}
	b = newBanner(levelInfo, "Continue where you left off", text, startOver, dismiss)
	u.notices.Add(b.object())
	u.restored = b
}

// WizardChanged re-renders after every change of the wizard's state. The UI
// changes the wizard only from the UI goroutine, so this runs there too.
func (u *UI) WizardChanged(c wizard.Change) {
	if c.Kind == wizard.ChangeStartOver {
		for _, s := range u.screens { // the others will start from the new session
			s.refresh()
		}
	}
	if c.Kind == wizard.ChangeStep || c.Kind == wizard.ChangeStartOver {
		u.show(c.Step)
		return
	}
	u.screen(u.nav.current).refresh()
	u.nav.refresh()
}

// SaveFinished hears how autosave went; it runs on the saving goroutine,
// so it reads only the atomic flag and leaves the widgets to fyne.Do.
//
// The "not being saved" banner is only for failures that lose work. A save
// whose file is in place but whose rename the system could not confirm on
// disk (durable.ErrNotDurable) kept everything: no banner for that.
func (u *UI) SaveFinished(err error) {
	failing := err != nil && !errors.Is(err, durable.ErrNotDurable)
	if !failing && !u.saveFailing.Load() {
		return // the usual case: nothing to show, nothing to hand over
	}
	u.saveFailing.Store(failing)
	fyne.Do(func() {
		defer u.relayoutNotices()
		if !failing {
			u.saveBad.object().Hide()
			return
		}
		u.saveBad.set(levelError, "Your progress is not being saved",
			"The assistant could not save your session ("+err.Error()+"). Keep the window open; it tries again with your next change. Free some disk space or check the permissions of "+u.sessionDir()+".")
		u.saveBad.object().Show()
	})
}

var (
	_ wizard.Listener     = (*UI)(nil)
	_ wizard.SaveListener = (*UI)(nil)
)

// relayoutNotices lays the right-hand side out again after a notice was
// shown or hidden. Showing a hidden banner does not make its parents
// re-measure it: the border layout kept the notices' old height and the
// banner was drawn over the step's heading (seen under Wine on Windows).
// Twice, because the banner's wrapped text measures its height at the width
// it had before the first pass gave it its place.
func (u *UI) relayoutNotices() {
	if u.right != nil {
		u.right.Refresh()
		u.right.Refresh()
	}
}

func (u *UI) sessionDir() string {
	if d := u.wiz.Store().Dir(); d != "" {
		return d
	}
	return "the session folder"
}

// show puts a step on screen.
func (u *UI) show(id wizard.StepID) {
	s := u.screen(id)
	if s == nil {
		return
	}
	if u.restored != nil && id != u.nav.current && u.nav.current != "" {
		// The admin has moved on: the welcome back has done its job and
		// would only take room from the steps.
		u.notices.Remove(u.restored.object())
		u.restored = nil
	}
	if id != u.nav.current {
		// Keys must never reach a field that is no longer on screen: the
		// customer name stays focused after Enter opened the next step,
		// and what the admin typed next changed the saved name.
		u.win.Canvas().Unfocus()
	}
	u.nav.current = id
	s.refresh()
	u.nav.setContent(s.object(), actionsOf(s))
	u.nav.refresh()
	if id == wizard.StepBasicSAML && len(u.modals) == 0 {
		u.win.Canvas().Focus(u.basic.name)
	}
}

// goTo is the step list's and the Go menu's way to a step.
func (u *UI) goTo(id wizard.StepID) {
	if err := u.wiz.GoTo(id); err != nil {
		u.showError("opening a step", err)
		return
	}
	if u.nav.current != id { // GoTo reports no change when already there
		u.show(id)
	}
}

// next moves on when the current step is complete.
func (u *UI) next() {
	if u.wiz.CanAdvance() {
		u.wiz.Next()
	}
}

func (u *UI) back() { u.wiz.Back() }

// onTypedKey is the window's key handler for keys no focused widget took:
// Enter moves on when the step is complete. While a dialog is open the keys
// are the dialog's: Esc closes it, Enter presses its default button, and
// nothing reaches the window behind it.
func (u *UI) onTypedKey(ev *fyne.KeyEvent) {
	if u.modalKey(ev) {
		return
	}
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		u.next()
	}
}

// copyText puts text on the clipboard.
func (u *UI) copyText(text string) {
	u.app.Clipboard().SetContent(text)
}

// open hands a URL to the browser or mail client; the assistant itself
// never connects anywhere.
func (u *UI) open(raw string) {
	link, err := url.Parse(raw)
	if err == nil {
		err = u.openURL(link)
	}
	if err != nil {
		u.showOpenFailed(raw, nil, err)
	}
}

// openMail opens e as a draft in the mail program; when that fails, the
// dialog offers its address and text to copy or save.
func (u *UI) openMail(e bundle.Email) {
	raw := e.Mailto()
	link, err := url.Parse(raw)
	if err == nil {
		err = u.openURL(link)
	}
	if err != nil {
		u.showOpenFailed(raw, &e, err)
	}
}

// openFolder shows a folder in the system's file manager.
func (u *UI) openFolder(dir string) {
	p := filepath.ToSlash(dir)
	if len(p) > 0 && p[0] != '/' {
		p = "/" + p // Windows: file:///C:/Users/...
	}
	if err := u.openURL(&url.URL{Scheme: "file", Path: p}); err != nil {
		u.showFolderFailed(dir, err)
	}
}

// startDir is where file dialogs open: the folder of the last metadata
// file, else Downloads, else the home folder.
func (u *UI) startDir() string {
	if u.lastDir != "" {
		return u.lastDir
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	if fi, err := os.Stat(filepath.Join(home, "Downloads")); err == nil && fi.IsDir() {
		return filepath.Join(home, "Downloads")
	}
	return home
}

// close saves what is pending. It does not wait for background jobs: with
// the window gone, nothing could show their results, and a job blocked on
// handing its result to the stopped UI loop would hold the exit forever.
func (u *UI) close() {
	if err := u.wiz.Close(); err != nil {
		fmt.Fprintf(os.Stderr, "pymetrics-sso: the session could not be saved: %v\n", err)
	}
}
