// Command winres makes and checks the Windows resources of the pymetrics SSO
// Assistant: the icon, the application manifest and the version information
// that Explorer shows under Properties > Details.
//
// Everything is derived from FyneApp.toml and the icon it names, so the
// executable's version resource says exactly what `pymetrics-sso version`
// and the About dialog say: all three read the same file.
//
//	go run ./scripts/winres gen -out DIR
//	    writes DIR/app.ico, DIR/app.manifest and DIR/app.rc (compile the
//	    .rc with x86_64-w64-mingw32-windres into a .syso) and prints
//	    version=… and display_version=… for the packaging script
//	go run ./scripts/winres check [-version V] [-signed] FILE.exe
//	    reads the built executable back: PE32+ for amd64, GUI subsystem, an
//	    icon, a manifest, version strings equal to V and, with -signed, an
//	    Authenticode signature
//
// It uses only the standard library so that packaging adds no dependency to
// the module.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: winres gen -out DIR | winres check [-version V] [-signed] FILE.exe")
		return 2
	}
	switch args[0] {
	case "gen":
		return cmdGen(args[1:], stdout, stderr)
	case "check":
		return cmdCheck(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "winres: unknown command %q\n", args[0])
	return 2
}

func cmdGen(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	tomlPath := fs.String("toml", "FyneApp.toml", "the packaging `file` to read name, ID, version and icon from")
	out := fs.String("out", "", "the `directory` to write app.ico, app.manifest and app.rc to")
	exe := fs.String("exe", "pymetrics-sso.exe", "the executable's file `name`, recorded as OriginalFilename")
	company := fs.String("company", "pymetrics", "the CompanyName to record")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" || fs.NArg() != 0 {
		fmt.Fprintln(stderr, "winres gen: -out DIR is required and takes no arguments")
		return 2
	}
	meta, err := loadMetadata(*tomlPath)
	if err != nil {
		fmt.Fprintf(stderr, "winres gen: %v\n", err)
		return 1
	}
	if err := generate(meta, *out, *exe, *company); err != nil {
		fmt.Fprintf(stderr, "winres gen: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "version=%s\ndisplay_version=%s\n", meta.Version, meta.DisplayVersion)
	return 0
}

func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	want := fs.String("version", "", "the display `version` FileVersion and ProductVersion must equal")
	signed := fs.Bool("signed", false, "require an Authenticode signature")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "winres check: wants exactly one executable")
		return 2
	}
	info, err := inspect(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "winres check: %v\n", err)
		return 1
	}
	info.WriteText(stdout)
	problems := info.Problems(*want)
	if *signed && !info.Signed {
		problems = append(problems, "not signed")
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintf(stderr, "winres check: %s: %s\n", fs.Arg(0), p)
		}
		return 1
	}
	return 0
}
