package ui

import (
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/pymetrics/sso-assistant/wizard"
)

// Every screen shows its step's words from the wizard: title, intro, each
// instruction and each checklist item, so the journey is the wizard's and
// the window cannot drift from it.
func TestEveryScreenShowsItsStep(t *testing.T) {
	h := newHarness(t, Options{})
	for _, st := range wizard.Steps() {
		t.Run(string(st.ID), func(t *testing.T) {
			h.goTo(string(st.ID))
			text := h.screenText()
			want := append([]string{st.Title, st.Intro}, st.Instructions...)
			for _, it := range st.Checklist {
				want = append(want, "[check] "+it.Text)
				if it.Note != "" {
					want = append(want, it.Note)
				}
			}
			for _, l := range st.Links {
				want = append(want, "["+l.Label+"]")
			}
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("screen lacks %q", w)
				}
			}
		})
	}
}

func TestLinksOpenInTheBrowser(t *testing.T) {
	h := newHarness(t, Options{})
	h.goTo("prerequisites")
	h.tapScreenButton("Open the Microsoft Entra admin center")
	if len(h.opened) != 1 || h.opened[0] != wizard.EntraAdminCenterURL {
		t.Errorf("opened %q", h.opened)
	}
}

func TestAttributesAreCopyable(t *testing.T) {
	h := newHarness(t, Options{})
	h.goTo("attributes")
	s := h.u.screen(wizard.StepAttributes).(*attributesScreen)
	for _, a := range wizard.Attributes() {
		test.Tap(s.copyName[a.Name])
		if got := h.clipboard(); got != a.Name {
			t.Errorf("copy name: %q, want %q", got, a.Name)
		}
		test.Tap(s.copySource[a.Name])
		if got := h.clipboard(); got != a.Source {
			t.Errorf("copy source of %s: %q, want %q", a.Name, got, a.Source)
		}
	}
	text := h.screenText()
	for _, n := range wizard.AttributeNotes() {
		if !strings.Contains(text, n) {
			t.Errorf("guidance note missing: %q", n)
		}
	}
}

func TestTestUserNotes(t *testing.T) {
	h := newHarness(t, Options{})
	h.goTo("test-user")
	text := h.screenText()
	for _, want := range []string{"Nested groups do not count", "just-in-time provisioning"} {
		if !strings.Contains(text, want) {
			t.Errorf("test user screen lacks %q", want)
		}
	}
}

func TestTestSSO(t *testing.T) {
	h := newHarness(t, Options{})
	h.goTo("test-sso")
	s := h.u.screen(wizard.StepTestSSO).(*testSSOScreen)
	if !s.openSignOn.Disabled() {
		t.Error("the sign-on page can be opened before there is a customer name")
	}
	h.typeName("acme")
	h.goTo("test-sso")
	urls, _, _ := h.u.wiz.URLs()
	test.Tap(s.openSignOn)
	h.tapScreenButton("Open My Apps")
	if len(h.opened) != 2 || h.opened[0] != urls.SignOnURL || h.opened[1] != wizard.MyAppsURL {
		t.Errorf("opened %q, want the Sign on URL then My Apps", h.opened)
	}
	text := h.screenText()
	for _, e := range wizard.SignInErrors(urls) {
		if !strings.Contains(text, e.Code+": "+e.Title) || !strings.Contains(text, e.Meaning) || !strings.Contains(text, "Fix: "+e.Fix) {
			t.Errorf("%s is not explained", e.Code)
		}
		if e.Value != "" && !strings.Contains(text, e.Value) {
			t.Errorf("%s does not show the value %q", e.Code, e.Value)
		}
	}
	for _, code := range []string{"AADSTS50011", "AADSTS700016", "AADSTS50105", "AADSTS75011", "AADSTS750054"} {
		if !strings.Contains(text, code) {
			t.Errorf("%s missing", code)
		}
	}
}

func TestAboutShowsTheVersion(t *testing.T) {
	h := newHarness(t, Options{Version: "9.8.7"})
	menuItem(t, h.u, "Help", "About").Action()
	if text := h.topDialogText(); !strings.Contains(text, Title+" 9.8.7") {
		t.Errorf("About says:\n%s", text)
	}
	// The text wraps: without a width the dialog becomes a narrow column.
	var label *widget.Label
	for _, o := range test.LaidOutObjects(h.u.win.Canvas().Overlays().Top()) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "offline") {
			label = l
		}
	}
	if label == nil {
		t.Fatal("no About text")
	}
	if w := label.Size().Width; w < 400 {
		t.Errorf("About text is laid out %v wide: too narrow", w)
	}
}

// ui must stay free of the app package (only main.go creates the app), so
// that these tests run headless.
func TestNoAppImport(t *testing.T) {
	fset := token.NewFileSet()
	for _, f := range mustGlob(t, "*.go") {
		file, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range file.Imports {
			if imp.Path.Value == `"fyne.io/fyne/v2/app"` {
				t.Errorf("%s imports fyne.io/fyne/v2/app", f)
			}
		}
	}
}
