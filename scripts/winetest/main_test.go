package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// events builds a test2json stream for package p from (test, action,
// output) triples.
func events(t *testing.T, evs ...[3]string) string {
	t.Helper()
	var b strings.Builder
	for _, e := range evs {
		line, err := json.Marshal(event{Package: "p", Test: e[0], Action: e[1], Output: e[2]})
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String()
}

const gapLine = `    testing.go:1464: TempDir RemoveAll cleanup: unlinkat C:\users\u\Temp\TestX1\001\session.json: Invalid function.` + "\n"

func TestRun(t *testing.T) {
	tests := []struct {
		name      string
		in        [][3]string
		wantCode  int
		wantInOut string
	}{
		{"all pass", [][3]string{
			{"TestA", "run", ""}, {"TestA", "output", "=== RUN   TestA\n"}, {"TestA", "pass", ""}, {"", "pass", ""},
		}, 0, "ok   p: 1 passed, 0 skipped, 0 failed, 0 passed but"},
		{"only the Wine gap", [][3]string{
			{"TestA", "output", "=== RUN   TestA\n"}, {"TestA", "output", gapLine}, {"TestA", "output", "--- FAIL: TestA (0.01s)\n"}, {"TestA", "fail", ""}, {"", "fail", ""},
		}, 0, "0 failed, 1 passed but for the Wine RemoveAll gap"},
		{"Wine gap in a subtest", [][3]string{
			{"TestA/sub", "output", gapLine}, {"TestA/sub", "fail", ""}, {"TestA", "fail", ""}, {"", "fail", ""},
		}, 0, "0 failed, 2 passed but"},
		{"a real failure next to the gap", [][3]string{
			{"TestA", "output", gapLine}, {"TestA", "output", "    store_test.go:80: sync C:\\cfg: Access denied.\n"}, {"TestA", "fail", ""}, {"", "fail", ""},
		}, 1, "store_test.go:80"},
		{"a real failure in a subtest", [][3]string{
			{"TestA/sub", "output", "    x_test.go:1: want 1\n"}, {"TestA/sub", "fail", ""}, {"TestA", "fail", ""}, {"", "fail", ""},
		}, 1, "2 failed"},
		{"another Invalid function", [][3]string{
			{"TestA", "output", "    x_test.go:9: open C:\\x: Invalid function.\n"}, {"TestA", "fail", ""}, {"", "fail", ""},
		}, 1, "1 failed"},
		{"a failure with no message", [][3]string{{"TestA", "fail", ""}, {"", "fail", ""}}, 1, "1 failed"},
		{"a panic outside any test", [][3]string{{"", "output", "panic: boom\n"}, {"", "fail", ""}}, 1, "panic: boom"},
		{"a test that never ended", [][3]string{{"TestA", "run", ""}, {"", "fail", ""}}, 1, "NEVER FINISHED"},
		{"skips", [][3]string{{"TestA", "skip", ""}, {"", "pass", ""}}, 0, "1 skipped"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out strings.Builder
			code := run(strings.NewReader(events(t, tc.in...)), &out)
			if code != tc.wantCode || !strings.Contains(out.String(), tc.wantInOut) {
				t.Errorf("run = %d, output:\n%s\nwant %d and %q in it", code, out.String(), tc.wantCode, tc.wantInOut)
			}
		})
	}
}

func TestRunRefusesNonEvents(t *testing.T) {
	for _, in := range []string{"", "PASS\n"} {
		var out strings.Builder
		if code := run(strings.NewReader(in), &out); code != 1 {
			t.Errorf("run(%q) = %d, want 1 (output %q)", in, code, out.String())
		}
	}
}
