package ui

import (
	"errors"
	"fmt"
	"testing"

	"github.com/pymetrics/sso-assistant/internal/durable"
)

// The "not being saved" banner is for failures that lose work only: a save
// whose file is in place but not confirmed on disk keeps everything. When
// it shows, it takes its own room above the step instead of covering the
// step's heading.
func TestSaveBannerOnlyWhenWorkIsLost(t *testing.T) {
	notDurable := fmt.Errorf("wizard: session saved but not flushed to disk: %w", durable.ErrNotDurable)
	lost := errors.New("wizard: cannot save the session: no space left on device")
	h := newHarness(t, Options{})
	steps := []struct {
		name string
		err  error
		want bool
	}{
		{"saved", nil, false},
		{"renamed, not confirmed on disk", notDurable, false},
		{"not saved", lost, true},
		{"not confirmed after a failure", notDurable, false},
		{"failing again", lost, true},
		{"saved again", nil, false},
	}
	for _, st := range steps {
		h.u.SaveFinished(st.err)
		h.wait()
		banner := h.u.saveBad.object()
		if banner.Visible() != st.want {
			t.Fatalf("%s: banner visible = %v, want %v", st.name, banner.Visible(), st.want)
		}
		if st.want {
			top := h.u.nav.scroll.Position().Y
			if bottom := banner.Position().Y + banner.Size().Height; banner.Size().Height == 0 || bottom > top {
				t.Errorf("%s: the banner (height %v, bottom %v) overlaps the step, which starts at %v", st.name, banner.Size().Height, bottom, top)
			}
		}
	}
}
