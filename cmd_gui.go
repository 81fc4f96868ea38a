package main

import (
	"fmt"
	"runtime"

	"fyne.io/fyne/v2/app"

	"github.com/pymetrics/sso-assistant/assets"
	"github.com/pymetrics/sso-assistant/ui"
)

const appID = "com.pymetrics.ssoassistant"

// goos is the system the program runs on; env carries it so tests can
// decide for another.
const goos = runtime.GOOS

// cmdGUI opens the wizard. It is what runs with no command, or with only
// flags: --demo, and also --version and -h/--help, which print and exit.
func cmdGUI(e *env, args []string) error {
	f := newFlags("", "[--demo]", e)
	demo := f.Bool("demo", false, "open with a sample customer and an embedded sample metadata file")
	showVersion := f.Bool("version", false, "print the version and exit")
	f.help = writeHelp
	pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return f.usagef("unexpected argument %q", pos[0])
	}
	if *showVersion {
		return cmdVersion(e, nil)
	}
	if err := needDesktop(e.goos, e.getenv); err != nil {
		return err
	}
	a := app.NewWithID(appID)
	a.SetIcon(assets.WindowIcon)
	ui.Run(a, ui.Options{Demo: *demo, Version: e.version})
	return nil
}

// needDesktop refuses to open the window where it cannot appear: on Linux
// and the BSDs the window needs an X11 or Wayland session, and without one
// the toolkit would crash with a long trace. Windows and macOS always have
// a desktop when a user runs the program.
func needDesktop(goos string, getenv func(string) string) error {
	switch goos {
	case "windows", "darwin", "ios", "android", "js":
		return nil
	}
	if getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != "" {
		return nil
	}
	return &usageError{msg: fmt.Sprintf("the window needs a desktop session (DISPLAY and WAYLAND_DISPLAY are not set); without one these commands work: %s", commandNames())}
}
