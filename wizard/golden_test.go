package wizard

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ from the current output")

// goldenNames are the customer names whose values and SP metadata are kept
// as golden files: a plain name, one with every accepted punctuation mark,
// upper case (kept as typed) and the longest name that fits.
var goldenNames = []string{
	"acme",
	"acme-corp_eu.2",
	"AcmeCorp",
	"contoso",
	"n0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012z",
}

// checkGolden compares got with testdata/<path>, or rewrites it with -update.
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	path = filepath.Join("testdata", path)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n got:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestGoldenURLs(t *testing.T) {
	if len(goldenNames[len(goldenNames)-1]) != MaxNameLength {
		t.Fatalf("the last golden name should be %d characters long", MaxNameLength)
	}
	for _, name := range goldenNames {
		t.Run(name[:min(len(name), 20)], func(t *testing.T) {
			u, err := URLsFor(name)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(struct {
				URLs
				Attributes []Attribute `json:"attributes"`
			}{u, Attributes()}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, filepath.Join("urls", name+".json"), append(got, '\n'))
		})
	}
}
