package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pymetrics/sso-assistant/wizard"
)

// attributesScreen is "Attributes and claims": the three claims, each name
// and source copyable, and the guidance notes.
type attributesScreen struct {
	*frame
	// copyName and copySource are the Copy buttons by claim name, for tests.
	copyName   map[string]*widget.Button
	copySource map[string]*widget.Button
}

func (u *UI) newAttributesScreen(st wizard.Step) *attributesScreen {
	s := &attributesScreen{copyName: map[string]*widget.Button{}, copySource: map[string]*widget.Button{}}
	header := func(text string) fyne.CanvasObject {
		return &widget.Label{Text: text, TextStyle: fyne.TextStyle{Bold: true}}
	}
	cell := func(value string, b *widget.Button) fyne.CanvasObject {
		return container.NewBorder(nil, nil, nil, b, valueLabel(value))
	}
	cells := []fyne.CanvasObject{header("Claim name"), header("Source attribute")}
	var notes []fyne.CanvasObject
	for _, a := range wizard.Attributes() {
		attr := a
		s.copyName[attr.Name] = u.copyButton("", func() string { return attr.Name })
		s.copySource[attr.Name] = u.copyButton("", func() string { return attr.Source })
		cells = append(cells, cell(attr.Name, s.copyName[attr.Name]), cell(attr.Source, s.copySource[attr.Name]))
		if attr.Note != "" {
			notes = append(notes, note(attr.Name+": "+attr.Note))
		}
	}
	table := container.New(layout.NewGridLayoutWithColumns(2), cells...)
	var bullets []fyne.CanvasObject
	for _, n := range wizard.AttributeNotes() {
		bullets = append(bullets, paragraph("•  "+n))
	}
	guidance := container.NewVBox(bullets...)
	body := container.NewVBox(
		heading("Claims pymetrics expects"),
		newTintBox(theme.ColorNameInputBorder, 0x10, table),
		container.NewVBox(notes...),
		guidance,
	)
	s.frame = u.newFrame(st, frameParts{body: body})
	return s
}
