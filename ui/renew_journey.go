package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pymetrics/sso-assistant/internal/sentence"
	"github.com/pymetrics/sso-assistant/wizard"
)

// renewJourney is the certificate renewal journey: four steps of its own
// (wizard.RenewalSteps) that take the window's place while the admin is
// in it, with their own step list, Back/Next, and a way back to the setup
// journey. The wizard remembers where the admin is (Session.Renewal), so
// the window reopens there.
type renewJourney struct {
	u *UI
	// setup is the setup journey's window content, put back on leaving.
	setup  fyne.CanvasObject
	active bool

	items   map[wizard.RenewalStepID]*widget.Button
	screens map[wizard.RenewalStepID]renewScreen
	current wizard.RenewalStepID

	root    fyne.CanvasObject
	content *fyne.Container
	scroll  *container.Scroll
	status  *widget.Label
	back    *widget.Button
	next    *widget.Button
	expiry  *widget.Label

	// planGen numbers comparisons; only the newest one's result is kept.
	planGen int
}

// renewScreen is one renewal step's content.
type renewScreen interface {
	object() fyne.CanvasObject
	refresh(r *wizard.Renewal)
}

// openRenewal starts the renewal journey (or returns to it where the admin
// left it) and shows it in the window.
func (u *UI) openRenewal() {
	u.wiz.StartRenewal()
	if u.renew == nil {
		u.renew = u.newRenewJourney()
	}
	u.renew.enter()
}

func (u *UI) newRenewJourney() *renewJourney {
	j := &renewJourney{
		u:       u,
		items:   map[wizard.RenewalStepID]*widget.Button{},
		screens: map[wizard.RenewalStepID]renewScreen{},
		content: container.NewStack(),
		status:  &widget.Label{Wrapping: fyne.TextWrapWord},
		expiry:  &widget.Label{Wrapping: fyne.TextWrapWord},
	}
	j.back = &widget.Button{Text: "Back", Icon: theme.NavigateBackIcon(), OnTapped: j.onBack}
	j.next = &widget.Button{Text: "Next", Icon: theme.NavigateNextIcon(), IconPlacement: widget.ButtonIconTrailingText, Importance: widget.HighImportance, OnTapped: j.onNext}
	var list []fyne.CanvasObject
	for i, st := range wizard.RenewalSteps() {
		id := st.ID
		b := &widget.Button{Text: fmt.Sprintf("%d. %s", i+1, st.Title), Alignment: widget.ButtonAlignLeading, Importance: widget.LowImportance,
			OnTapped: func() { j.goTo(id) }}
		j.items[id] = b
		list = append(list, b)
	}
	leave := &widget.Button{Text: "Back to the setup steps", Icon: theme.HomeIcon(), OnTapped: j.leave}
	finish := &widget.Button{Text: "Finish renewal…", Icon: theme.ConfirmIcon(), OnTapped: j.confirmFinish}
	sidebar := container.NewPadded(container.NewBorder(
		container.NewVBox(
			&widget.Label{Text: "Renew the SAML\nsigning certificate", TextStyle: fyne.TextStyle{Bold: true}},
			j.expiry,
			widget.NewSeparator(),
		),
		container.NewVBox(widget.NewSeparator(), leave, finish), nil, nil,
		container.NewVScroll(container.NewVBox(list...)),
	))
	j.scroll = container.NewVScroll(container.NewPadded(j.content))
	footer := container.NewVBox(widget.NewSeparator(), container.NewPadded(container.NewBorder(nil, nil, j.back, j.next, j.status)))
	main := container.NewBorder(nil, footer, nil, nil, j.scroll)
	left := container.NewHBox(sidebar, widget.NewSeparator())
	j.root = container.NewBorder(nil, nil, left, nil, main)
	u.wiz.AddListener(wizard.ListenerFunc(j.changed))
	return j
}

// enter shows the journey in place of the setup steps; drops and Enter go
// to it while it is shown.
func (j *renewJourney) enter() {
	if !j.active {
		j.setup = j.u.win.Content()
		j.active = true
		j.u.win.SetContent(j.root)
		j.u.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { j.onDropped(uris) })
		j.u.win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) {
			if ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter {
				j.onNext()
			}
		})
	}
	r := j.u.wiz.Renewal()
	if r != nil {
		j.show(r.Current)
	}
}

// leave goes back to the setup steps; the renewal is kept where it is.
func (j *renewJourney) leave() {
	if !j.active {
		return
	}
	j.active = false
	j.u.win.SetContent(j.setup)
	j.u.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { j.u.onDropped(uris) })
	j.u.win.Canvas().SetOnTypedKey(j.u.onTypedKey)
	j.u.refreshRenewalOffer()
}

// confirmFinish forgets the renewal once the admin says it is done.
func (j *renewJourney) confirmFinish() {
	r := j.u.wiz.Renewal()
	text := "Finish the renewal and forget its files in the assistant? Saved rollover bundles stay where you saved them."
	if r == nil || !r.StepComplete(wizard.RenewActivate) {
		text = "The renewal is not complete: the new certificate has not been confirmed active yet. Forget it anyway? Saved rollover bundles stay where you saved them."
	}
	j.u.confirm("Finish renewal", text, "Finish", func() {
		j.leave()
		j.u.wiz.EndRenewal()
		j.u.refreshRenewalOffer()
	})
}

func (j *renewJourney) screen(id wizard.RenewalStepID) renewScreen {
	if s, ok := j.screens[id]; ok {
		return s
	}
	st, _ := wizard.RenewalStepByID(id)
	var s renewScreen
	switch id {
	case wizard.RenewCompare:
		s = j.newCompareScreen(st)
	case wizard.RenewSend:
		s = j.newSendScreen(st)
	case wizard.RenewActivate:
		s = j.newActivateScreen(st)
	default:
		s = j.newPlainScreen(st, nil)
	}
	j.screens[id] = s
	return s
}

func (j *renewJourney) goTo(id wizard.RenewalStepID) {
	if err := j.u.wiz.RenewalGoTo(id); err != nil {
		j.u.showError("opening a renewal step", err)
		return
	}
	j.show(id)
}

func (j *renewJourney) show(id wizard.RenewalStepID) {
	if id == "" {
		id = wizard.RenewalStepIDs[0]
	}
	j.current = id
	s := j.screen(id)
	if r := j.u.wiz.Renewal(); r != nil {
		s.refresh(r)
	}
	j.content.Objects = []fyne.CanvasObject{s.object()}
	j.content.Refresh()
	j.scroll.ScrollToTop()
	j.refresh()
}

// changed re-renders after a change of the wizard's state; the window
// changes the wizard only from the UI goroutine, so this runs there.
func (j *renewJourney) changed(wizard.Change) {
	if !j.active {
		return
	}
	r := j.u.wiz.Renewal()
	if r == nil {
		return
	}
	j.screen(j.current).refresh(r)
	j.refresh()
}

// refresh updates the step list, the expiry line and the footer.
func (j *renewJourney) refresh() {
	r := j.u.wiz.Renewal()
	if r == nil {
		return
	}
	idx := 0
	for i, id := range wizard.RenewalStepIDs {
		b := j.items[id]
		icon := theme.RadioButtonIcon()
		if r.StepComplete(id) {
			icon = theme.NewSuccessThemedResource(theme.ConfirmIcon())
		}
		imp := widget.LowImportance
		if id == j.current {
			idx, imp = i, widget.HighImportance
		}
		if b.Icon != icon || b.Importance != imp {
			b.Icon, b.Importance = icon, imp
			b.Refresh()
		}
	}
	exp, _ := j.u.wiz.Session().RenewalDue(j.u.now())
	if exp.IsZero() && r.Plan != nil {
		exp = r.Plan.CurrentNotAfter // no setup metadata: the previous bundle's
	}
	if !exp.IsZero() {
		j.expiry.SetText("The current certificate expires on " + exp.UTC().Format("2 January 2006") + ".")
	} else {
		j.expiry.SetText("")
	}
	st, _ := wizard.RenewalStepByID(j.current)
	complete := r.StepComplete(j.current)
	last := idx == len(wizard.RenewalStepIDs)-1
	switch {
	case complete && last:
		j.status.SetText("Done: " + st.Done)
	case complete:
		j.status.SetText("Step complete. Press Enter or Next to continue.")
	default:
		j.status.SetText("To continue: " + sentence.LowerFirst(st.Pending))
	}
	if complete {
		j.status.Importance = widget.MediumImportance
	} else {
		j.status.Importance = widget.WarningImportance
	}
	j.status.Refresh()
	showIf(idx > 0, j.back)
	if complete && !last {
		j.next.Enable()
	} else {
		j.next.Disable()
	}
	j.next.Hidden = last
	j.next.Refresh()
}

func (j *renewJourney) onNext() {
	r := j.u.wiz.Renewal()
	if r == nil || !r.StepComplete(j.current) {
		return
	}
	for i, id := range wizard.RenewalStepIDs {
		if id == j.current && i+1 < len(wizard.RenewalStepIDs) {
			j.goTo(wizard.RenewalStepIDs[i+1])
			return
		}
	}
}

func (j *renewJourney) onBack() {
	for i, id := range wizard.RenewalStepIDs {
		if id == j.current && i > 0 {
			j.goTo(wizard.RenewalStepIDs[i-1])
			return
		}
	}
}

// renewFrame is the part every renewal step shares: title, why, what to do,
// the step's own widgets and its checklist.
type renewFrame struct {
	obj    fyne.CanvasObject
	checks map[string]*checkItem
	done   *banner
	id     wizard.RenewalStepID
}

func (j *renewJourney) newFrame(st wizard.RenewalStep, own fyne.CanvasObject) *renewFrame {
	f := &renewFrame{checks: map[string]*checkItem{}, id: st.ID}
	title := &widget.Label{Text: st.Title, TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameHeadingText, Wrapping: fyne.TextWrapWord}
	lines := make([]string, len(st.Instructions))
	for i, text := range st.Instructions {
		lines[i] = fmt.Sprintf("%d.  %s", i+1, text)
	}
	parts := []fyne.CanvasObject{title, paragraph(st.Intro), heading("What to do"), paragraph(strings.Join(lines, "\n")),
		container.NewHBox(&widget.Button{Text: "Open the Microsoft Entra admin center", Icon: theme.ComputerIcon(), OnTapped: func() { j.u.open(wizard.EntraAdminCenterURL) }})}
	if own != nil {
		parts = append(parts, own)
	}
	if len(st.Checklist) > 0 {
		var items []fyne.CanvasObject
		for _, it := range st.Checklist {
			id := it.ID
			c := newCheckItem(it.Text, func(on bool) {
				if err := j.u.wiz.RenewalTick(id, on); err != nil {
					j.u.showError("ticking a checklist item", err)
				}
			}, j.onNext)
			f.checks[id] = c
			items = append(items, c)
		}
		parts = append(parts, heading("Checklist"), container.NewVBox(items...))
	}
	f.done = newBanner(levelOK, "Step complete", st.Done)
	f.done.object().Hide()
	parts = append(parts, f.done.object())
	f.obj = container.NewVBox(parts...)
	return f
}

func (f *renewFrame) object() fyne.CanvasObject { return f.obj }

func (f *renewFrame) refresh(r *wizard.Renewal) {
	for id, c := range f.checks {
		if on := r.Ticks[id]; c.Checked != on {
			c.SetChecked(on)
		}
	}
	showIf(r.StepComplete(f.id), f.done.object())
}

// plainScreen is a renewal step made of its frame only (step 1).
type plainScreen struct{ *renewFrame }

func (j *renewJourney) newPlainScreen(st wizard.RenewalStep, own fyne.CanvasObject) *plainScreen {
	return &plainScreen{j.newFrame(st, own)}
}

// renewalOffer is the banner that offers the renewal journey: when the
// signing certificate expires within wizard.RenewalOfferWindow, or a
// renewal is in progress. Nil-safe to refresh before the window is built.
func (u *UI) refreshRenewalOffer() {
	if u.renewOffer == nil {
		return
	}
	s := u.wiz.Session()
	exp, due := s.RenewalDue(u.now())
	switch {
	case s.Renewal != nil:
		u.renewOffer.set(levelInfo, "Certificate renewal in progress", "You left off in the renewal of the SAML signing certificate. Continue where you left off.")
	case due && exp.Before(u.now()):
		u.renewOffer.set(levelError, "The SAML signing certificate has expired", "It expired on "+exp.UTC().Format("2 January 2006")+": sign-ins to pymetrics fail. Renew it now.")
	case due:
		days := int(exp.Sub(u.now()).Hours() / 24)
		u.renewOffer.set(levelWarning, "The SAML signing certificate expires soon", fmt.Sprintf("It expires on %s, in %d days. Renew it before then so sign-ins to pymetrics keep working.", exp.UTC().Format("2 January 2006"), days))
	default:
		u.renewOffer.object().Hide()
		return
	}
	u.renewOffer.object().Show()
}

// newRenewalOffer builds the offer banner for the notices area.
func (u *UI) newRenewalOffer() fyne.CanvasObject {
	u.renewOffer = newBanner(levelWarning, "", "", &widget.Button{Text: "Renew the signing certificate…", Icon: theme.ViewRefreshIcon(), OnTapped: u.openRenewal})
	u.renewOffer.object().Hide()
	u.refreshRenewalOffer()
	return u.renewOffer.object()
}

// renewEntry is the first screen's way into the renewal journey, for an
// admin who comes back when the certificate expires: one low-key button,
// so a newcomer's eye stays on the checklist.
func (u *UI) renewEntry() fyne.CanvasObject {
	return container.NewHBox(&widget.Button{Text: "Renewing the signing certificate? Start here…", Icon: theme.ViewRefreshIcon(),
		Importance: widget.LowImportance, OnTapped: u.openRenewal})
}

// day is t's date in UTC, for switch days.
func day(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// confirm asks a yes/no question; yes runs on confirmation.
func (u *UI) confirm(title, text, yesText string, yes func()) {
	d := dialog.NewConfirm(title, text, func(ok bool) {
		if ok {
			yes()
		}
	}, u.win)
	d.SetConfirmText(yesText)
	d.Show()
}
