// Package golden is the one golden-file helper of the tests: they compare
// output with a file under testdata/, and `go test -update` rewrites those
// files from the current output. Only tests import it.
package golden

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/ from the current output")

// writeMu serialises writes: parallel subtests may create the same folder.
var writeMu sync.Mutex

// Update reports whether the test run was asked to rewrite golden files.
func Update() bool { return *update }

// Write writes data to path, creating its folder; tests that lay out their
// own golden folders call it when Update is true.
func Write(t testing.TB, path string, data []byte) {
	t.Helper()
	writeMu.Lock()
	defer writeMu.Unlock()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Check compares got with the golden file at path; with -update it first
// rewrites the file from got.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		Write(t, path, got)
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output:\n%s", path, Diff(want, got))
	}
}

// Diff shows where want and got first part, line by line, with a little
// context, so a one-line change in a long file is easy to find.
func Diff(want, got []byte) string {
	wl := bytes.Split(want, []byte("\n"))
	gl := bytes.Split(got, []byte("\n"))
	i := 0
	for i < len(wl) && i < len(gl) && bytes.Equal(wl[i], gl[i]) {
		i++
	}
	line := func(ls [][]byte, n int) string {
		if n < len(ls) {
			return string(ls[n])
		}
		return "(end of file)"
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "first difference at line %d\n", i+1)
	for n := i; n < i+3 && (n < len(wl) || n < len(gl)); n++ {
		fmt.Fprintf(&b, "--- want %d: %s\n+++ got  %d: %s\n", n+1, line(wl, n), n+1, line(gl, n))
	}
	return b.String()
}
