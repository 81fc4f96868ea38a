// Command toolkit is the floor under the assistant's command line: it links
// the Fyne packages the window uses, as the one pymetrics-sso binary must,
// prints one line and exits without opening anything. Every package's
// initialisers run before main in Go, so no command of a binary that can also
// open the window starts faster than this. scripts/bench.sh times it against
// xmlsec1 next to `pymetrics-sso check`.
package main

import (
	"fmt"

	_ "fyne.io/fyne/v2/app"
	_ "fyne.io/fyne/v2/canvas"
	_ "fyne.io/fyne/v2/container"
	_ "fyne.io/fyne/v2/dialog"
	_ "fyne.io/fyne/v2/driver/desktop"
	_ "fyne.io/fyne/v2/layout"
	_ "fyne.io/fyne/v2/storage"
	_ "fyne.io/fyne/v2/theme"
	_ "fyne.io/fyne/v2/widget"
)

func main() {
	fmt.Println("OK: the toolkit's packages are initialised")
}
