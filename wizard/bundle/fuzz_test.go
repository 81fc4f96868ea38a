package bundle

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// FuzzVerify feeds Verify arbitrary bytes. Seeds are the bundles in
// testdata/golden and testdata/earlier, hostile archives made here, and
// whatever the fuzzer has saved under testdata/fuzz/FuzzVerify. Verify must not panic, must call a
// result OK exactly when it has no errors (and then give a verdict of
// "intact" and a configure section), and must name every problem.
func FuzzVerify(f *testing.F) {
	goldens, err := filepath.Glob(filepath.Join("testdata", "golden", "*", "bundle.zip"))
	if err != nil || len(goldens) == 0 {
		f.Fatalf("no golden bundles to seed from: %v", err)
	}
	var golden []byte
	for _, p := range goldens {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		golden = data
	}
	// Bundles an earlier build made: their reminder is an earlier wording.
	earlier, _ := filepath.Glob(filepath.Join("testdata", "earlier", "*.zip"))
	for _, p := range earlier {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	_, entries := unzip(f, golden)
	var base []rawEntry
	for _, name := range expectedEntries() {
		base = append(base, rawEntry{name: name, data: entries[name], method: zip.Deflate})
	}
	for _, extra := range []rawEntry{
		{name: "../evil", data: []byte("x")},
		{name: "/abs", data: []byte("x")},
		{name: EntryEmail, data: []byte("dup")},
		{name: "link", data: []byte("/etc"), mode: fs.ModeSymlink | 0o777},
		{name: "dir/", mode: fs.ModeDir | 0o755},
		{name: EntrySummary, data: make([]byte, 2<<20), method: zip.Deflate, declared: 10},
	} {
		f.Add(makeZip(f, append(append([]rawEntry(nil), base...), extra)))
	}
	// Re-packed the ways desktops do: tolerated only while every entry
	// is unchanged.
	f.Add(macArchiveUtility(f, entries, "bundle"))
	f.Add(windowsExplorer(f, entries, "bundle"))
	f.Add(infoZIP(f, entries, "bundle"))
	f.Add([]byte{})
	f.Add([]byte("PK\x05\x06" + string(make([]byte, 18))))
	f.Add(golden[:len(golden)/2])
	f.Add(golden[len(golden)/2:])

	f.Fuzz(func(t *testing.T, data []byte) {
		res := verifyBytes(data, atCreated)
		if res.OK != (len(res.Errors()) == 0) || res.OK != (res.Verdict != VerdictNotOK) || res.OK != (res.Configure != nil) {
			t.Fatalf("OK=%v with %d errors, verdict %s, configure %v", res.OK, len(res.Errors()), res.Verdict, res.Configure != nil)
		}
		for _, p := range res.Problems {
			if p.Code == "" || p.Message == "" {
				t.Fatalf("problem without code or message: %+v", p)
			}
		}
		// testdata/earlier holds a rollover bundle too: OK is then
		// rollover.json instead of onboarding.json, never both or neither.
		if res.OK && (res.Report == nil || !res.Report.OK || (res.Onboarding == nil) == (res.Rollover == nil) ||
			res.Onboarding != nil && len(res.Entries) != len(expectedEntries())) {
			t.Fatalf("OK without every entry, a passing check and onboarding.json or rollover.json: %+v", res)
		}
		var text bytes.Buffer
		if err := res.WriteText(&text); err != nil {
			t.Fatal(err)
		}
		if bytes.ContainsAny(text.Bytes(), "\x1b\x00\r") {
			t.Fatalf("text output carries control characters: %q", text.String())
		}
		if _, err := json.Marshal(res); err != nil {
			t.Fatal(err)
		}
	})
}
