package ui

import "github.com/pymetrics/sso-assistant/wizard"

// galleryScreen is "Add pymetrics from the gallery": everything it needs is
// the step's own instructions, link and checklist.
type galleryScreen struct{ *frame }

func (u *UI) newGalleryScreen(st wizard.Step) *galleryScreen {
	return &galleryScreen{frame: u.newFrame(st, frameParts{})}
}
