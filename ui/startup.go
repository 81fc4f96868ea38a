package ui

// What the window does before it first appears is measured against a
// minimal Fyne window (make bench; BENCHMARKS.md has the figures). Three
// things made the difference: fonts, the garbage collector (see gcHold in
// gchold.go), and building more than the first screen (see screen in
// steps.go).

import (
	"sync"

	"fyne.io/fyne/v2"
)

// textStyles are the text styles the screens use: body text, headings and
// labels (bold), notes (italic) and the values an admin compares or copies
// (monospace). The first text measured in each style makes Fyne parse its
// font files (the style's font, the bundled emoji font and a system font for
// the language), 10-25 ms per style on a laptop.
var textStyles = []fyne.TextStyle{{}, {Bold: true}, {Italic: true}, {Monospace: true}}

// warmFonts measures a sample in every style in textStyles, each on its own
// goroutine, and returns a function that waits until all are done.
//
// Run calls it before creating the window: the fonts are parsed on the other
// cores while the window system and OpenGL are set up on this one, instead
// of one style after another on the UI goroutine while the first screen is
// built. It waits before building, so no style is parsed twice (Fyne caches
// a style's fonts only once its first measurement has finished). Fyne's font
// and size caches are safe for concurrent use.
func warmFonts() (wait func()) {
	var wg sync.WaitGroup
	for _, st := range textStyles {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fyne.MeasureText("Ag", 14, st)
		}()
	}
	return wg.Wait
}
