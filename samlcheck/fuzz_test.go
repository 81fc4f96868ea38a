package samlcheck_test

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/pymetrics/sso-assistant/samlcheck"
)

// maxSeed keeps large inputs out of the fuzzing corpus: the fuzzer minimises
// every new interesting input, which takes minutes for inputs of hundreds of
// kilobytes, and they are covered by TestRealFixtures and TestHostileInputs.
const maxSeed = 40 << 10

// FuzzCheck throws arbitrary bytes at the engine. Seeds: every real file,
// the demo file (testdata/demo), every hostile case and every file of
// TestWordsForEveryClass; they run in plain `go test` too.
func FuzzCheck(f *testing.F) {
	if data, err := os.ReadFile(filepath.Join("testdata", "demo", "FederationMetadata-demo.xml")); err == nil {
		f.Add(data)
	} else {
		f.Fatal(err)
	}
	for _, name := range realFixtures(f) {
		data, err := os.ReadFile(filepath.Join(realDir, name))
		if err != nil {
			f.Fatal(err)
		}
		if len(data) <= maxSeed {
			f.Add(data)
		}
	}
	for _, tc := range hostileCases(f) {
		if len(tc.input) <= maxSeed {
			f.Add(tc.input)
		}
	}
	for _, tc := range wordCases(f) {
		if len(tc.input) <= maxSeed {
			f.Add(tc.input)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := samlcheck.Check(data, samlcheck.Options{Now: fixedNow})
		checkInvariants(t, r)
		if err := r.WriteText(io.Discard); err != nil {
			t.Fatal(err)
		}
		if _, err := json.Marshal(r); err != nil {
			t.Fatal(err)
		}
	})
}
