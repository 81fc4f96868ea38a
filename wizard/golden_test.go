package wizard

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/pymetrics/sso-assistant/internal/golden"
)

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
	golden.Check(t, filepath.Join("testdata", path), got)
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
