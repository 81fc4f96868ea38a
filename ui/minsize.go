package ui

import "fyne.io/fyne/v2"

// minSize holds the window's content and gives it one fixed minimum size.
// A window cannot be made smaller than its content's minimum, and the
// content's own minimum changes with what a step shows (a long file name,
// a row of buttons): the window then widened itself at 800x600 and clipped
// at 640x480. With this wrapper the minimum is the size the layout is made
// and tested for, the same on every step, so the window system honours it.
type minSize struct {
	min     fyne.Size
	content fyne.CanvasObject
}

func newMinSize(min fyne.Size, content fyne.CanvasObject) *fyne.Container {
	return &fyne.Container{Layout: &minSize{min: min, content: content}, Objects: []fyne.CanvasObject{content}}
}

// Layout gives the content all the room.
func (m *minSize) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// MinSize is the fixed minimum, whatever the content asks for.
func (m *minSize) MinSize([]fyne.CanvasObject) fyne.Size { return m.min }
