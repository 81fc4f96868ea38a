// Command minimal is the smallest Fyne application worth comparing the
// assistant's start-up with: one window of the assistant's first size with
// one label, built with the same Fyne as the assistant. scripts/bench.sh
// times both from process start to their window being mapped.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

// Title is what scripts/bench.sh waits for.
const Title = "Fyne minimal window"

func main() {
	a := app.NewWithID("com.pymetrics.ssoassistant.benchmark-minimal")
	w := a.NewWindow(Title)
	w.SetContent(widget.NewLabel("A minimal Fyne window."))
	w.Resize(fyne.NewSize(1024, 700))
	w.ShowAndRun()
}
