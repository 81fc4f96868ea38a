package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/pymetrics/sso-assistant/wizard"
)

func TestWindow(t *testing.T) {
	h := newHarness(t, Options{})
	if got := h.u.win.Title(); got != Title {
		t.Errorf("title %q", got)
	}
	if Title != "pymetrics SSO Assistant" {
		t.Errorf("Title constant %q", Title)
	}
	if len(h.u.nav.stepItems) != len(wizard.StepIDs) {
		t.Errorf("the step list has %d entries for %d steps", len(h.u.nav.stepItems), len(wizard.StepIDs))
	}
	// Only the step on screen is built before the window appears; the
	// others are built when first needed.
	if len(h.u.screens) != 1 || h.u.screens[wizard.StepIDs[0]] == nil {
		t.Errorf("built before showing: %d screens, want only %s", len(h.u.screens), wizard.StepIDs[0])
	}
	for _, id := range wizard.StepIDs {
		if h.u.screen(id) == nil {
			t.Errorf("no screen for step %s", id)
		}
	}
	// The layout fits the smallest supported window.
	if min := h.u.win.Content().MinSize(); min.Width > minWindowSize.Width || min.Height > minWindowSize.Height {
		t.Errorf("the window needs at least %v, more than %v", min, minWindowSize)
	}
}

func TestNextWaitsForTheChecklist(t *testing.T) {
	h := newHarness(t, Options{})
	n := h.u.nav
	if h.u.nav.current != wizard.StepPrerequisites {
		t.Fatalf("a fresh session starts at %s", h.u.nav.current)
	}
	if !n.next.Disabled() || !n.back.Disabled() {
		t.Error("on a fresh first step Next and Back must be disabled")
	}
	if !strings.HasPrefix(n.status.Text, "To continue:") {
		t.Errorf("status %q does not say what is missing", n.status.Text)
	}
	// Enter does nothing while the step is incomplete.
	h.u.onTypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if h.u.nav.current != wizard.StepPrerequisites {
		t.Fatal("Enter moved on from an incomplete step")
	}
	checks := h.u.screen(wizard.StepPrerequisites).(*prerequisitesScreen).checks
	test.Tap(checks["prerequisites.role"])
	if !n.next.Disabled() {
		t.Error("Next is enabled with one of two items ticked")
	}
	test.Tap(checks["prerequisites.subscription"])
	if n.next.Disabled() {
		t.Fatal("Next is disabled with the checklist complete")
	}
	if got := n.position.Text; got != "Step 1 of 8" {
		t.Errorf("position %q", got)
	}
	if n.progress.Value != 1 {
		t.Errorf("progress %v, want 1 step done", n.progress.Value)
	}
	test.Tap(n.next)
	if h.u.nav.current != wizard.StepAddFromGallery {
		t.Fatalf("Next went to %s", h.u.nav.current)
	}
	if n.back.Disabled() {
		t.Error("Back is disabled on step 2")
	}
	test.Tap(n.back)
	if h.u.nav.current != wizard.StepPrerequisites {
		t.Fatalf("Back went to %s", h.u.nav.current)
	}
	// Enter moves on now that the step is complete, also when the last
	// tick box ticked has the focus.
	h.u.onTypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if h.u.nav.current != wizard.StepAddFromGallery {
		t.Fatalf("Enter on a complete step went to %s", h.u.nav.current)
	}
	test.Tap(n.back)
	checks["prerequisites.subscription"].TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if h.u.nav.current != wizard.StepAddFromGallery {
		t.Fatalf("Enter on a focused tick box went to %s", h.u.nav.current)
	}
	// Unticking an item makes the step incomplete again.
	h.goTo("prerequisites")
	test.Tap(checks["prerequisites.role"])
	if !n.next.Disabled() || h.u.wiz.Ticked("prerequisites.role") {
		t.Error("unticking did not reach the wizard")
	}
}

func TestEnterInTheNameFieldMovesOn(t *testing.T) {
	h := newHarness(t, Options{})
	h.typeName("Acme Corp")
	h.u.basicScreen().name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if h.u.nav.current != wizard.StepBasicSAML {
		t.Fatal("Enter moved on with a refused name")
	}
	h.typeName("acme")
	h.u.basicScreen().name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if h.u.nav.current != wizard.StepBasicSAML {
		t.Fatal("Enter moved on before the admin confirmed entering the values in Entra")
	}
	h.u.wiz.Tick(wizard.ItemBasicSAMLEntered, true)
	h.u.basicScreen().name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if h.u.nav.current != wizard.StepAttributes {
		t.Fatalf("Enter with an accepted name went to %s", h.u.nav.current)
	}
	// The name field is out of sight now: it must not keep the focus, or
	// the next keys would change the saved name.
	if f := h.u.win.Canvas().Focused(); f == h.u.basicScreen().name {
		t.Fatal("the customer name keeps the focus after its step was left")
	}
}

func TestGoMenuAndShortcuts(t *testing.T) {
	h := newHarness(t, Options{})
	for _, c := range []struct {
		menu, item string
		shortcut   string
	}{
		{"Go", "Next step", "CustomDesktop:Alt+Right"},
		{"Go", "Previous step", "CustomDesktop:Alt+Left"},
		{"Go", "3. Basic SAML configuration", "CustomDesktop:Alt+3"},
		{"File", "Open metadata file…", "CustomDesktop:Control+O"},
		{"File", "Save onboarding bundle…", "CustomDesktop:Control+S"},
		{"Edit", "Copy Reply URL", "CustomDesktop:Shift+Control+R"},
	} {
		it := menuItem(t, h.u, c.menu, c.item)
		if it.Shortcut == nil || it.Shortcut.ShortcutName() != c.shortcut {
			got := "none"
			if it.Shortcut != nil {
				got = it.Shortcut.ShortcutName()
			}
			t.Errorf("%s > %s: shortcut %s, want %s", c.menu, c.item, got, c.shortcut)
		}
	}
	menuItem(t, h.u, "Go", "5. SAML signing certificate").Action()
	if h.u.nav.current != wizard.StepSigningCertificate {
		t.Errorf("Go > 5 went to %s", h.u.nav.current)
	}
	menuItem(t, h.u, "Go", "Previous step").Action()
	if h.u.nav.current != wizard.StepAttributes {
		t.Errorf("Previous step went to %s", h.u.nav.current)
	}
	menuItem(t, h.u, "Go", "Next step").Action()
	if h.u.nav.current != wizard.StepAttributes {
		t.Errorf("Next step left an incomplete step for %s", h.u.nav.current)
	}
}

func TestStepListShowsProgress(t *testing.T) {
	h := newHarness(t, Options{})
	h.enterBasicSAML("acme")
	b := h.u.nav.stepItems[wizard.StepBasicSAML]
	if b.Icon == nil || !strings.Contains(b.Icon.Name(), "check") && !strings.Contains(b.Icon.Name(), "confirm") {
		t.Errorf("a complete step is not marked with a tick: %v", b.Icon)
	}
	if h.u.nav.progress.Value != 1 {
		t.Errorf("progress %v after one complete step", h.u.nav.progress.Value)
	}
	if !strings.Contains(h.u.nav.progress.TextFormatter(), "1 of 8 steps done") {
		t.Errorf("progress text %q", h.u.nav.progress.TextFormatter())
	}
}

func TestTabOrderFollowsTheScreen(t *testing.T) {
	h := newHarness(t, Options{})
	h.goTo("basic-saml")
	c := h.u.win.Canvas()
	c.Focus(h.u.basicScreen().name)
	// From the name field, Tab reaches the Identifier's Copy button before
	// the Reply URL's, and that before the Sign on URL's.
	h.typeName("acme")
	order := []fyne.Focusable{}
	for i := 0; i < 40; i++ {
		test.FocusNext(c)
		order = append(order, c.Focused())
	}
	pos := func(f fyne.Focusable) int {
		for i, o := range order {
			if o == f {
				return i
			}
		}
		return -1
	}
	id := pos(h.u.basicScreen().rows[wizard.FieldIdentifier].button)
	reply := pos(h.u.basicScreen().rows[wizard.FieldReplyURL].button)
	signOn := pos(h.u.basicScreen().rows[wizard.FieldSignOnURL].button)
	if id < 0 || reply < 0 || signOn < 0 || !(id < reply && reply < signOn) {
		t.Errorf("Tab order of the Copy buttons: Identifier %d, Reply URL %d, Sign on URL %d", id, reply, signOn)
	}
}

// The Edit menu's Copy items work from any step, also after a restart when
// the Basic SAML screen has not been shown yet: they show that step, so the
// admin sees what was copied ("Copied" on its button).
func TestCopyMenuFromAnotherStep(t *testing.T) {
	dir := t.TempDir()
	func() {
		h := newHarness(t, Options{ConfigDir: dir})
		h.typeName("acme")
		h.goTo("test-user")
		h.quit() // as closing the window does: saved, lock released
	}()
	h := newHarness(t, Options{ConfigDir: dir})
	if h.u.nav.current != wizard.StepTestUser {
		t.Fatalf("restored at %s", h.u.nav.current)
	}
	menuItem(t, h.u, "Edit", "Copy Identifier").Action()
	if got, want := h.clipboard(), "https://www.pymetrics.com/saml2-sp/acme/acme/metadata/"; got != want {
		t.Errorf("Copy Identifier from step 6 copied %q, want %q", got, want)
	}
	if h.u.nav.current != wizard.StepBasicSAML {
		t.Errorf("Copy Identifier left the window on %s", h.u.nav.current)
	}
	if got := h.u.basicScreen().rows[wizard.FieldIdentifier].button.Text; got != copiedText {
		t.Errorf("the Identifier's button says %q after copying", got)
	}
	h.goTo("test-sso")
	menuItem(t, h.u, "Edit", "Copy all three").Action()
	if got := h.clipboard(); !strings.Contains(got, "/acme/acme/?acs") || !strings.Contains(got, "/acme/acme/?sso") {
		t.Errorf("Copy all three copied %q", got)
	}
}
