package ui

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// tintBox draws its content on a rounded, lightly tinted background with a
// border in the same colour. It reads the colour from the theme every time it
// refreshes, so it follows the system's switch between light and dark.
type tintBox struct {
	widget.BaseWidget
	colorName fyne.ThemeColorName
	content   fyne.CanvasObject
	// fill is the tint's opacity (0-255) over the window background.
	fill uint8
}

func newTintBox(colorName fyne.ThemeColorName, fill uint8, content fyne.CanvasObject) *tintBox {
	b := &tintBox{colorName: colorName, fill: fill, content: content}
	b.ExtendBaseWidget(b)
	return b
}

// setColor changes the tint (a banner turning from amber to green).
func (b *tintBox) setColor(name fyne.ThemeColorName) {
	b.colorName = name
	b.Refresh()
}

func (b *tintBox) CreateRenderer() fyne.WidgetRenderer {
	bg := &canvas.Rectangle{StrokeWidth: 1.5, CornerRadius: theme.InputRadiusSize()}
	r := &tintBoxRenderer{box: b, bg: bg}
	r.Refresh()
	return r
}

type tintBoxRenderer struct {
	box *tintBox
	bg  *canvas.Rectangle
}

func (r *tintBoxRenderer) pad() float32 { return theme.InnerPadding() }

func (r *tintBoxRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	p := r.pad()
	r.box.content.Move(fyne.NewPos(p, p))
	r.box.content.Resize(size.SubtractWidthHeight(2*p, 2*p))
}

func (r *tintBoxRenderer) MinSize() fyne.Size {
	p := r.pad()
	return r.box.content.MinSize().AddWidthHeight(2*p, 2*p)
}

func (r *tintBoxRenderer) Refresh() {
	c := color.NRGBAModel.Convert(theme.Color(r.box.colorName)).(color.NRGBA)
	r.bg.StrokeColor = c
	c.A = r.box.fill
	r.bg.FillColor = c
	r.bg.Refresh()
	r.box.content.Refresh()
}

func (r *tintBoxRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.box.content}
}

func (r *tintBoxRenderer) Destroy() {}

// level is how a banner judges what it reports. Each level has a word and
// an icon as well as a colour, so the verdict never rests on colour alone.
type level int

const (
	levelInfo level = iota
	levelOK
	levelWarning
	levelError
)

func (l level) colorName() fyne.ThemeColorName {
	switch l {
	case levelOK:
		return theme.ColorNameSuccess
	case levelWarning:
		return theme.ColorNameWarning
	case levelError:
		return theme.ColorNameError
	}
	return theme.ColorNamePrimary
}

func (l level) icon() fyne.Resource {
	switch l {
	case levelOK:
		return theme.NewSuccessThemedResource(theme.ConfirmIcon())
	case levelWarning:
		return theme.NewWarningThemedResource(theme.WarningIcon())
	case levelError:
		return theme.NewErrorThemedResource(theme.ErrorIcon())
	}
	return theme.NewPrimaryThemedResource(theme.InfoIcon())
}

// banner is a verdict or notice: an icon, a bold title and wrapped text on a
// tinted box.
type banner struct {
	box   *tintBox
	icon  *widget.Icon
	title *widget.Label
	text  *widget.Label
	// extra holds buttons or other widgets under the text ("Start over").
	extra *fyne.Container
}

func newBanner(l level, title, text string, extra ...fyne.CanvasObject) *banner {
	b := &banner{
		icon:  widget.NewIcon(l.icon()),
		title: &widget.Label{Text: title, TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord},
		text:  &widget.Label{Text: text, Wrapping: fyne.TextWrapWord},
		extra: container.NewHBox(extra...),
	}
	b.text.Hidden = text == ""
	b.extra.Hidden = len(extra) == 0
	body := container.NewVBox(b.title, b.text, b.extra)
	b.box = newTintBox(l.colorName(), 0x26, container.NewBorder(nil, nil, container.NewVBox(b.icon), nil, body))
	return b
}

// set changes the banner's level and words in place.
func (b *banner) set(l level, title, text string) {
	b.icon.SetResource(l.icon())
	b.title.SetText(title)
	b.text.SetText(text)
	b.text.Hidden = text == ""
	b.box.setColor(l.colorName())
}

// object is what goes into a layout.
func (b *banner) object() fyne.CanvasObject { return b.box }

// heading is a section title inside a step.
func heading(text string) *widget.Label {
	return &widget.Label{Text: text, TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText}
}

// paragraph is wrapped body text.
func paragraph(text string) *widget.Label {
	return &widget.Label{Text: text, Wrapping: fyne.TextWrapWord}
}

// note is wrapped secondary text, for explanations next to a value: set
// apart by italics rather than by a faint colour, which is hard to read on
// the dark theme.
func note(text string) *widget.Label {
	return &widget.Label{Text: text, Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Italic: true}}
}

// valueLabel shows an exact value (a URL, a thumbprint): monospace so that
// l, 1 and I differ, selectable so it can be copied by hand, and broken
// anywhere rather than hidden when it is longer than the window is wide.
func valueLabel(text string) *widget.Label {
	return &widget.Label{Text: text, TextStyle: fyne.TextStyle{Monospace: true}, Wrapping: fyne.TextWrapBreak, Selectable: true}
}

// copyButtonText and copiedText are the two faces of every Copy button.
const (
	copyButtonText = "Copy"
	copiedText     = "Copied"
	// copiedFor is how long a Copy button says "Copied" before it resets.
	copiedFor = 2 * time.Second
)

// copyButton returns a button that puts value() on the clipboard and
// confirms with "Copied" for a moment. value is read when tapped, so the
// button always copies what the field shows now.
func (u *UI) copyButton(label string, value func() string) *widget.Button {
	b := &widget.Button{Text: copyButtonText, Icon: theme.ContentCopyIcon()}
	if label != "" {
		b.Text = label
	}
	idle := b.Text
	b.OnTapped = func() {
		if v := value(); v != "" {
			u.copyAndConfirm(b, idle, v)
		}
	}
	return b
}

// copyAndConfirm puts text on the clipboard and has b, a Copy button whose
// usual label is idle, say so for a moment.
func (u *UI) copyAndConfirm(b *widget.Button, idle, text string) {
	u.copyText(text)
	b.SetText(copiedText)
	b.SetIcon(theme.ConfirmIcon())
	u.after(copiedFor, func() {
		b.SetText(idle)
		b.SetIcon(theme.ContentCopyIcon())
	})
}

// copyRow is a labelled exact value with its Copy button, as the values of
// Basic SAML Configuration are shown.
type copyRow struct {
	label  *widget.Label
	value  *widget.Label
	button *widget.Button
	row    fyne.CanvasObject
}

func (u *UI) newCopyRow(label, value string) *copyRow {
	r := &copyRow{
		label: &widget.Label{Text: label, TextStyle: fyne.TextStyle{Bold: true}},
		value: valueLabel(value),
	}
	r.button = u.copyButton("", func() string { return r.value.Text })
	field := newTintBox(theme.ColorNameInputBorder, 0x18, r.value)
	r.row = container.NewVBox(r.label, container.NewBorder(nil, nil, nil, container.NewVBox(layout.NewSpacer(), r.button, layout.NewSpacer()), field))
	return r
}

// set changes the value; an empty value disables the Copy button.
func (r *copyRow) set(value string) {
	r.value.SetText(value)
	if value == "" {
		r.button.Disable()
	} else {
		r.button.Enable()
	}
}

// setObjects replaces what c holds and lays it out once. Adding objects one
// at a time lays the container out after each, and every wrapped label in
// it is wrapped again each time: for the certificate step's results that
// was most of the UI goroutine's work per drop.
func setObjects(c *fyne.Container, objs ...fyne.CanvasObject) {
	c.Objects = objs
	c.Refresh()
}

// hidden returns o hidden, for widgets that start out of sight.
func hidden[T fyne.CanvasObject](o T) T {
	o.Hide()
	return o
}

// showIf shows or hides objects together.
func showIf(show bool, objs ...fyne.CanvasObject) {
	for _, o := range objs {
		if show {
			o.Show()
		} else {
			o.Hide()
		}
	}
}
