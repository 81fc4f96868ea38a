package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pymetrics/sso-assistant/wizard"
)

// screen is the step's screen, built the first time it is asked for; nil
// for a step the wizard does not have.
func (u *UI) screen(id wizard.StepID) screen {
	if s, ok := u.screens[id]; ok {
		return s
	}
	st, ok := wizard.StepByID(id)
	if !ok {
		return nil
	}
	s := u.newScreen(st)
	u.screens[id] = s
	return s
}

// basicScreen, certScreen and sendScreen are the screens that menus,
// drops and shortcuts act on, built if the admin has not been there yet.
func (u *UI) basicScreen() *basicSAMLScreen {
	u.screen(wizard.StepBasicSAML)
	return u.basic
}

func (u *UI) certScreen() *certificateScreen {
	u.screen(wizard.StepSigningCertificate)
	return u.cert
}

func (u *UI) sendScreen() *sendScreen {
	u.screen(wizard.StepSendToSupport)
	return u.send
}

// newScreen maps a step to its screen; only screen calls it. Every step the
// wizard defines has one; a step without one (from a newer wizard) gets the
// plain frame.
func (u *UI) newScreen(st wizard.Step) screen {
	switch st.ID {
	case wizard.StepPrerequisites:
		return u.newPrerequisitesScreen(st)
	case wizard.StepAddFromGallery:
		return u.newGalleryScreen(st)
	case wizard.StepBasicSAML:
		u.basic = u.newBasicSAMLScreen(st)
		return u.basic
	case wizard.StepAttributes:
		return u.newAttributesScreen(st)
	case wizard.StepSigningCertificate:
		u.cert = u.newCertificateScreen(st)
		return u.cert
	case wizard.StepTestUser:
		return u.newTestUserScreen(st)
	case wizard.StepSendToSupport:
		u.send = u.newSendScreen(st)
		return u.send
	case wizard.StepTestSSO:
		return u.newTestSSOScreen(st)
	}
	return u.newFrame(st, frameParts{})
}

// frame is what every step screen shares: title, why it matters, what to
// do, the step's own widgets, its checklist, its links, and a closing
// banner once the step is complete.
//
// A screen whose widgets are the point of the step (the values to copy)
// puts them in parts.top, right under the intro, so they are in sight at
// 1024x700 without scrolling; parts.body follows the instructions.
type frame struct {
	u      *UI
	step   wizard.Step
	checks map[string]*checkItem
	done   *banner
	obj    fyne.CanvasObject
	// checklist is shown pinned above Back and Next (see actionsOf); nil
	// for a step without one.
	checklist fyne.CanvasObject
}

// frameParts are a screen's own widgets; any may be nil.
type frameParts struct {
	top  fyne.CanvasObject // under the intro
	body fyne.CanvasObject // under the instructions
	// links replaces the row of the step's link buttons, for a screen
	// that shows them with its own buttons.
	links fyne.CanvasObject
}

// newFrame builds the frame around a screen's parts.
func (u *UI) newFrame(st wizard.Step, p frameParts) *frame {
	f := &frame{u: u, step: st, checks: map[string]*checkItem{}}
	title := &widget.Label{Text: st.Title, TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameHeadingText, Wrapping: fyne.TextWrapWord}
	parts := []fyne.CanvasObject{title, paragraph(st.Intro)}
	if p.top != nil {
		parts = append(parts, p.top)
	}

	if len(st.Instructions) > 0 {
		// One label for all instructions keeps them together as a list;
		// a label each would space them like separate paragraphs.
		lines := make([]string, len(st.Instructions))
		for i, text := range st.Instructions {
			lines[i] = fmt.Sprintf("%d.  %s", i+1, text)
		}
		parts = append(parts, heading("What to do"), paragraph(strings.Join(lines, "\n")))
	}
	switch {
	case p.links != nil:
		parts = append(parts, p.links)
	case len(st.Links) > 0:
		parts = append(parts, container.NewHBox(u.linkButtons(st)...))
	}
	if p.body != nil {
		parts = append(parts, p.body)
	}
	if len(st.Checklist) > 0 {
		title := "Checklist"
		if st.Rule != wizard.RuleChecklist && st.Rule != wizard.RuleEnteredInEntra {
			title = "Reminders"
		}
		var items []fyne.CanvasObject
		for _, it := range st.Checklist {
			id := it.ID
			c := newCheckItem(it.Text, func(on bool) {
				if err := u.wiz.Tick(id, on); err != nil {
					u.showError("ticking a checklist item", err)
				}
			}, u.next)
			f.checks[id] = c
			items = append(items, c.row)
			if it.Note != "" {
				items = append(items, container.NewPadded(note(it.Note)))
			}
		}
		f.checklist = container.NewVBox(append([]fyne.CanvasObject{&widget.Label{Text: title, TextStyle: fyne.TextStyle{Bold: true}}}, items...)...)
	}
	f.done = newBanner(levelOK, "Step complete", st.Done)
	f.done.object().Hide()
	parts = append(parts, f.done.object())
	f.obj = container.NewVBox(parts...)
	return f
}

func (f *frame) object() fyne.CanvasObject { return f.obj }

// actions is the step's checklist, which the window pins above Back and
// Next.
func (f *frame) actions() fyne.CanvasObject { return f.checklist }

// actionsOf is a screen's pinned checklist, nil when it has none.
func actionsOf(s screen) fyne.CanvasObject {
	if a, ok := s.(interface{ actions() fyne.CanvasObject }); ok {
		return a.actions()
	}
	return nil
}

// linkButtons are the step's links, each opening in the browser.
func (u *UI) linkButtons(st wizard.Step) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, l := range st.Links {
		link := l
		out = append(out, &widget.Button{Text: link.Label, Icon: theme.ComputerIcon(), OnTapped: func() { u.open(link.URL) }})
	}
	return out
}

// refresh ticks the checklist as the wizard has it and shows the closing
// banner when the step is complete.
func (f *frame) refresh() {
	for id, c := range f.checks {
		if on := f.u.wiz.Ticked(id); c.Checked != on {
			c.SetChecked(on)
		}
	}
	complete := f.u.wiz.StepComplete(f.step.ID)
	if f.step.ID == wizard.StepIDs[len(wizard.StepIDs)-1] && complete {
		if open := f.u.wiz.Incomplete(); len(open) > 0 {
			f.done.set(levelWarning, "Not done yet", "The test sign-in is ticked, but "+stepList(open)+" "+plural2(len(open), "is", "are")+" not complete. Finish "+plural2(len(open), "it", "them")+" first: until then pymetrics may be set up with values that differ from Entra's.")
			f.done.object().Show()
			return
		}
		f.done.set(levelOK, "Step complete", f.step.Done)
	}
	showIf(complete, f.done.object())
}

// checkItem is a checklist tick box on which Enter moves on (when the step
// is complete), as it does everywhere else: ticking the last item with the
// mouse gives it the focus, and a plain check box would swallow the key.
//
// The box's own text does not wrap, and a long item widened the whole
// window; the text is a wrapping label beside the box instead, and tapping
// it ticks the box as tapping a check box's text does.
type checkItem struct {
	widget.Check
	onEnter func()
	label   *tapLabel
	row     fyne.CanvasObject
}

func newCheckItem(text string, changed func(bool), onEnter func()) *checkItem {
	c := &checkItem{onEnter: onEnter}
	c.OnChanged = changed
	c.ExtendBaseWidget(c)
	c.label = newTapLabel(text, func() {
		if !c.Disabled() {
			c.SetChecked(!c.Checked)
		}
	})
	// The box stays its own size at the top, beside the first line.
	c.row = container.NewBorder(nil, nil, container.NewVBox(c), nil, c.label)
	return c
}

// tapLabel is wrapped text that does something when tapped.
type tapLabel struct {
	widget.Label
	onTap func()
}

func newTapLabel(text string, onTap func()) *tapLabel {
	l := &tapLabel{onTap: onTap}
	l.Text, l.Wrapping = text, fyne.TextWrapWord
	l.ExtendBaseWidget(l)
	return l
}

// Tapped runs the label's action.
func (l *tapLabel) Tapped(*fyne.PointEvent) { l.onTap() }

// TypedKey moves on with Enter and leaves every other key to the check box.
func (c *checkItem) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter {
		c.onEnter()
		return
	}
	c.Check.TypedKey(ev)
}
