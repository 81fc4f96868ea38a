package ui

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/pymetrics/sso-assistant/wizard"
)

// Every step fits the window's minimum size: the content's own minimum is
// within it on every step, in and out of the demo, so the window never
// needs to be wider or taller than the minimum it declares (it widened
// itself at 800x600 before, for a check box's long text).
func TestEveryStepFitsTheMinimumSize(t *testing.T) {
	for _, demo := range []bool{false, true} {
		h := newHarness(t, Options{Demo: demo})
		for _, id := range wizard.StepIDs {
			h.goTo(string(id))
			inner := h.u.win.Content().(*fyne.Container).Objects[0].MinSize()
			if inner.Width > minContentSize.Width || inner.Height > minContentSize.Height {
				t.Errorf("demo=%v %s needs %v, more than the minimum %v", demo, id, inner, minContentSize)
			}
		}
		if got := h.u.win.Content().MinSize(); got != minContentSize {
			t.Errorf("the window's content asks for %v, want the fixed minimum %v", got, minContentSize)
		}
	}
}
