package ui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/pymetrics/sso-assistant/wizard"
)

// modal is an open dialog as the window tracks it. Fyne draws a dialog over
// the window, but keys still reach the window behind it: Enter moved on a
// step and Alt+3 changed steps under Keyboard shortcuts, and Esc did
// nothing. Every dialog goes through showModal, which makes it modal in
// fact: Esc closes it, Enter presses its default button, menu shortcuts
// wait, and the focus goes back where it was when it closes.
type modal struct {
	d dialog.Dialog
	// back had the focus when the dialog opened, on step.
	back fyne.Focusable
	step wizard.StepID
	// onEnter is the default button's action; nil when Enter does nothing.
	onEnter func()
}

// showModal shows d as a modal dialog and focuses focus inside it (nothing
// when nil, so that Esc and Enter reach modalKey).
func (u *UI) showModal(d dialog.Dialog, onEnter func(), focus fyne.Focusable) *modal {
	m := &modal{d: d, back: u.win.Canvas().Focused(), step: u.nav.current, onEnter: onEnter}
	u.modals = append(u.modals, m)
	d.SetOnClosed(func() { u.closed(m) })
	d.Show()
	if focus != nil {
		u.win.Canvas().Focus(focus)
	} else {
		u.win.Canvas().Unfocus()
	}
	return m
}

// closed forgets m and gives the focus back to what had it, when that is
// still on screen.
func (u *UI) closed(m *modal) {
	i := slices.Index(u.modals, m)
	if i < 0 {
		return
	}
	u.modals = slices.Delete(u.modals, i, i+1)
	if i != len(u.modals) {
		return // a dialog under another closed; the top one keeps the focus
	}
	// The focus goes back only to what is still on screen: a dialog may
	// have changed the step (Start over), and a hidden field must never
	// take keys.
	c := u.win.Canvas()
	if obj, ok := m.back.(fyne.CanvasObject); ok && obj.Visible() && m.step == u.nav.current {
		c.Focus(m.back)
	} else {
		c.Unfocus()
	}
}

// modalOpen reports whether a dialog is open; the window's own actions
// (menu shortcuts, Enter) wait while one is.
func (u *UI) modalOpen() bool { return len(u.modals) > 0 }

// closeTop closes the top dialog, as Esc does.
func (u *UI) closeTop() {
	if n := len(u.modals); n > 0 {
		u.modals[n-1].d.Hide()
	}
}

// modalKey handles a key while a dialog is open and reports whether it
// did: every key is the dialog's then.
func (u *UI) modalKey(ev *fyne.KeyEvent) bool {
	n := len(u.modals)
	if n == 0 {
		return false
	}
	switch ev.Name {
	case fyne.KeyEscape:
		u.closeTop()
	case fyne.KeyReturn, fyne.KeyEnter:
		if f := u.modals[n-1].onEnter; f != nil {
			f()
		}
	}
	return true
}

// unlessModal wraps a window action (a menu item, a shortcut) so that it
// waits while a dialog is open.
func (u *UI) unlessModal(action func()) func() {
	return func() {
		if !u.modalOpen() {
			action()
		}
	}
}

// dialogButton is a dialog's button that also answers Esc (closing the
// dialog) and Enter (pressing itself) while it has the focus, which a
// plain button swallows.
type dialogButton struct {
	widget.Button
	u *UI
}

// newDialogButton makes a dialogButton with b's text, icon, importance and
// action (b itself is not used further).
func (u *UI) newDialogButton(b *widget.Button) *dialogButton {
	d := &dialogButton{u: u}
	d.Text, d.Icon, d.Importance, d.OnTapped = b.Text, b.Icon, b.Importance, b.OnTapped
	d.ExtendBaseWidget(d)
	return d
}

// TypedKey closes the dialog with Esc and presses the button with Enter.
func (b *dialogButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape:
		b.u.closeTop()
	case fyne.KeyReturn, fyne.KeyEnter:
		if !b.Disabled() && b.OnTapped != nil {
			b.OnTapped()
		}
	default:
		b.Button.TypedKey(ev)
	}
}

// dialogEntry is a text field in a dialog on which Esc closes the dialog.
type dialogEntry struct {
	widget.Entry
	u *UI
}

// newDialogEntry makes a dialogEntry with e's text, placeholder and
// callbacks (e itself is not used further).
func (u *UI) newDialogEntry(e *widget.Entry) *dialogEntry {
	d := &dialogEntry{u: u}
	d.Text, d.PlaceHolder, d.OnChanged, d.OnSubmitted = e.Text, e.PlaceHolder, e.OnChanged, e.OnSubmitted
	d.ExtendBaseWidget(d)
	return d
}

// TypedKey closes the dialog with Esc; every other key is the entry's.
func (e *dialogEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape {
		e.u.closeTop()
		return
	}
	e.Entry.TypedKey(ev)
}

// modalDialog builds and shows a dialog with the assistant's buttons, in
// the order given; def is the one Enter presses (nil: none).
func (u *UI) modalDialog(title string, content fyne.CanvasObject, width float32, focus fyne.Focusable, def *dialogButton, buttons ...*dialogButton) *modal {
	d := dialog.NewCustomWithoutButtons(title, content, u.win)
	objs := make([]fyne.CanvasObject, len(buttons))
	for i, b := range buttons {
		objs[i] = b
	}
	d.SetButtons(objs)
	if width > 0 {
		d.Resize(fyne.NewSize(width, 0))
	}
	var onEnter func()
	if def != nil {
		onEnter = func() {
			if !def.Disabled() && def.OnTapped != nil {
				def.OnTapped()
			}
		}
	}
	return u.showModal(d, onEnter, focus)
}

// closeButton is a dialog's Close (or OK) button.
func (u *UI) closeButton(text string, m **modal) *dialogButton {
	return u.newDialogButton(&widget.Button{Text: text, OnTapped: func() {
		if *m != nil {
			(*m).d.Hide()
		}
	}})
}
