package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pymetrics/sso-assistant/internal/sentence"
	"github.com/pymetrics/sso-assistant/wizard"
)

// navigation is the frame around the steps: the step list with progress on
// the left, Back and Next with the step's status at the bottom.
type navigation struct {
	u       *UI
	current wizard.StepID

	sidebar   fyne.CanvasObject
	position  *widget.Label
	progress  *widget.ProgressBar
	stepItems map[wizard.StepID]*stepButton

	scroll  *container.Scroll
	content *fyne.Container
	// actions holds the step's checklist, pinned above Back and Next so
	// that the tick that completes a step is in sight at 1024x700 however
	// long the page is.
	actions *fyne.Container

	footer fyne.CanvasObject
	status *widget.Label
	back   *widget.Button
	next   *widget.Button
}

func (u *UI) newNavigation() *navigation {
	n := &navigation{
		u:         u,
		position:  &widget.Label{Text: "", TextStyle: fyne.TextStyle{Bold: true}},
		progress:  &widget.ProgressBar{Max: float64(len(wizard.StepIDs))},
		stepItems: map[wizard.StepID]*stepButton{},
		content:   container.NewStack(),
		actions:   container.NewVBox(),
		status:    &widget.Label{Wrapping: fyne.TextWrapWord},
		back:      &widget.Button{Text: "Back", Icon: theme.NavigateBackIcon(), OnTapped: u.back},
		next:      &widget.Button{Text: "Next", Icon: theme.NavigateNextIcon(), IconPlacement: widget.ButtonIconTrailingText, Importance: widget.HighImportance, OnTapped: u.next},
	}
	n.progress.TextFormatter = func() string {
		return fmt.Sprintf("%.0f of %d steps done", n.progress.Value, len(wizard.StepIDs))
	}

	logo := &canvas.Image{Resource: u.app.Icon(), FillMode: canvas.ImageFillContain}
	logo.SetMinSize(fyne.NewSquareSize(40))
	appName := &widget.Label{Text: "pymetrics\nSSO Assistant", TextStyle: fyne.TextStyle{Bold: true}}
	var items []fyne.CanvasObject
	for i, st := range wizard.Steps() {
		id := st.ID
		b := newStepButton(&widget.Button{
			Text:       fmt.Sprintf("%d. %s", i+1, st.Title),
			Alignment:  widget.ButtonAlignLeading,
			Importance: widget.LowImportance,
			OnTapped:   func() { u.goTo(id) },
		})
		n.stepItems[id] = b
		items = append(items, b)
	}
	list := container.NewVBox(items...)
	n.sidebar = container.NewPadded(container.NewBorder(
		container.NewVBox(
			container.NewHBox(logo, appName),
			widget.NewSeparator(),
			n.position,
			n.progress,
		),
		demoNotice(u.opts.Demo), nil, nil,
		container.NewVScroll(list),
	))

	n.scroll = container.NewVScroll(container.NewPadded(n.content))
	n.footer = container.NewVBox(widget.NewSeparator(), container.NewPadded(n.actions), container.NewPadded(
		container.NewBorder(nil, nil, n.back, n.next, n.status)))
	return n
}

// setContent replaces the step on screen, and the checklist pinned above
// Back and Next, and scrolls to the step's top.
func (n *navigation) setContent(o, actions fyne.CanvasObject) {
	n.content.Objects = []fyne.CanvasObject{o}
	n.content.Refresh()
	if actions == nil {
		setObjects(n.actions)
		n.actions.Hide()
	} else {
		setObjects(n.actions, actions)
		n.actions.Show()
	}
	n.scroll.ScrollToTop()
}

// stepButton is a row of the step list: Enter opens its step, as Space
// does (a plain button takes only Space).
type stepButton struct {
	widget.Button
}

// newStepButton makes a stepButton with b's text, alignment, importance and
// action (b itself is not used further).
func newStepButton(b *widget.Button) *stepButton {
	s := &stepButton{}
	s.Text, s.Alignment, s.Importance, s.OnTapped = b.Text, b.Alignment, b.Importance, b.OnTapped
	s.ExtendBaseWidget(s)
	return s
}

// TypedKey opens the step with Enter.
func (s *stepButton) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter {
		s.Tapped(nil)
		return
	}
	s.Button.TypedKey(ev)
}

// refresh updates the step list, progress and the footer from the wizard.
func (n *navigation) refresh() {
	w := n.u.wiz
	p := w.Progress()
	idx := 0
	for i, s := range p.Steps {
		b := n.stepItems[s.ID]
		var icon fyne.Resource
		switch {
		case s.Complete:
			icon = theme.NewSuccessThemedResource(theme.ConfirmIcon())
		default:
			icon = theme.RadioButtonIcon()
		}
		imp := widget.LowImportance
		if s.ID == n.current {
			idx = i
			imp = widget.HighImportance
		}
		if b.Icon != icon || b.Importance != imp {
			b.Icon, b.Importance = icon, imp
			b.Refresh()
		}
	}
	n.position.SetText(fmt.Sprintf("Step %d of %d", idx+1, len(p.Steps)))
	n.progress.SetValue(float64(p.Done))

	if w.CanGoBack() && idx > 0 {
		n.back.Enable()
	} else {
		n.back.Disable()
	}
	last := idx == len(p.Steps)-1
	complete := w.StepComplete(n.current)
	st, _ := wizard.StepByID(n.current)
	open := w.Incomplete()
	switch {
	case complete && last && len(open) > 0:
		// The last step never claims success over a step that is not
		// done: a paste-back with differences takes step 3 back.
		complete = false
		n.status.SetText("Not done yet: " + stepList(open) + " still " + plural2(len(open), "needs", "need") + " attention.")
	case complete && last:
		n.status.SetText("Done: " + st.Done)
	case complete:
		n.status.SetText("Step complete. Press Enter or Next to continue.")
	case pendingOf(n.u.screens[n.current]) != "":
		n.status.SetText("To continue: " + sentence.LowerFirst(pendingOf(n.u.screens[n.current])))
	case st.Pending != "":
		n.status.SetText("To continue: " + sentence.LowerFirst(st.Pending))
	default:
		n.status.SetText("To continue: tick every item of the checklist.")
	}
	n.status.Importance = widget.MediumImportance
	if !complete {
		n.status.Importance = widget.WarningImportance
	}
	n.status.Refresh()
	if complete && !last && n.current == w.Current() {
		n.next.Enable()
	} else {
		n.next.Disable()
	}
	n.next.Hidden = last
	n.next.Refresh()
}

// pendingOf is what a screen says is missing, when it knows better than
// the step's fixed Pending text; "" otherwise.
func pendingOf(s screen) string {
	if p, ok := s.(interface{ pending() string }); ok {
		return p.pending()
	}
	return ""
}

// stepList names steps by number and title: "step 3 (Basic SAML
// configuration) and step 5 (SAML signing certificate)".
func stepList(ids []wizard.StepID) string {
	var parts []string
	for _, id := range ids {
		for i, st := range wizard.Steps() {
			if st.ID == id {
				parts = append(parts, fmt.Sprintf("step %d (%s)", i+1, st.Title))
			}
		}
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func plural2(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// demoNotice labels the demo where it is always in sight without taking
// room from the steps; nil outside the demo.
func demoNotice(demo bool) fyne.CanvasObject {
	if !demo {
		return nil
	}
	return newBanner(levelWarning, "Demo",
		"A sample customer and a sample metadata file signed with a demo key. Nothing is saved; your own session is untouched. A bundle saved here says DEMO.").object()
}
