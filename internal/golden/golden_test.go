package golden

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that records failures instead of failing, so
// Check's own failures can be tested.
type recorder struct {
	testing.TB
	failed bool
	msg    string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.failed = true
	r.msg = format
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = true
	r.msg = format
}

func TestCheck(t *testing.T) {
	if Update() {
		t.Skip("this test checks comparison, not -update")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "report.txt")
	Write(t, path, []byte("one\ntwo\n"))
	for _, tc := range []struct {
		name     string
		path     string
		got      string
		wantFail bool
	}{
		{"equal", path, "one\ntwo\n", false},
		{"one line changed", path, "one\nTWO\n", true},
		{"shorter", path, "one\n", true},
		{"missing golden file", filepath.Join(dir, "absent.txt"), "x", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &recorder{TB: t}
			Check(r, tc.path, []byte(tc.got))
			if r.failed != tc.wantFail {
				t.Errorf("failed = %v (%s), want %v", r.failed, r.msg, tc.wantFail)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "absent.txt")); err == nil {
		t.Error("Check created a golden file without -update")
	}
}

func TestDiff(t *testing.T) {
	d := Diff([]byte("a\nb\nc\n"), []byte("a\nB\nc\n"))
	for _, want := range []string{"line 2", "want 2: b", "got  2: B"} {
		if !strings.Contains(d, want) {
			t.Errorf("Diff does not say %q:\n%s", want, d)
		}
	}
}
