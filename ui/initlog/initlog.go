// Package initlog holds back what the standard logger prints while packages
// initialise, so that Fyne's start-up complaints do not land in the output
// of command-line subcommands.
//
// Fyne's lang package reads the locale while it initialises and logs an
// error for the POSIX locale ("C"), which is what scripts and CI run with,
// although it then falls back to English as it should. Nothing is lost:
// Release hands everything else that was held back to the real output.
//
// This package must be initialised before fyne.io/fyne/v2/lang; it imports
// nothing that lang does not, so Go's initialisation order (the lexically
// smallest ready package first) reaches it first. A test of the built
// binary guards that.
package initlog

import (
	"bytes"
	"io"
	"log"
	"strings"
	"sync"
)

var (
	mu   sync.Mutex
	held bytes.Buffer
)

func init() {
	log.SetOutput(&heldWriter{})
}

type heldWriter struct{}

func (heldWriter) Write(p []byte) (int, error) {
	mu.Lock()
	defer mu.Unlock()
	return held.Write(p)
}

// Release sends the standard logger to w from now on and writes to w what
// was held back, less Fyne's complaint about an unparseable POSIX locale.
func Release(w io.Writer) {
	mu.Lock()
	defer mu.Unlock()
	log.SetOutput(w)
	lines := strings.SplitAfter(held.String(), "\n")
	held.Reset()
	for i := 0; i < len(lines); i++ {
		if isLocaleComplaint(lines, i) {
			i += 2 // the reason, its cause and its source location
			continue
		}
		io.WriteString(w, lines[i])
	}
}

// isLocaleComplaint matches the three lines fyne.LogError prints for
// "Error parsing user locale C" (or POSIX).
func isLocaleComplaint(lines []string, i int) bool {
	l := lines[i]
	if !strings.Contains(l, "Fyne error:  Error parsing user locale ") {
		return false
	}
	loc := strings.TrimSpace(l[strings.Index(l, "user locale ")+len("user locale "):])
	return (loc == "C" || loc == "POSIX" || strings.HasPrefix(loc, "C.")) && i+2 < len(lines)
}
