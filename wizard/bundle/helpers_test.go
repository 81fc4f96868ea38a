package bundle

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
	"github.com/pymetrics/sso-assistant/wizard"
)

// fixture reads a real metadata file from testdata/metadata.
func fixture(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "metadata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func urlsFor(tb testing.TB, customer string) wizard.URLs {
	tb.Helper()
	u, err := wizard.URLsFor(customer)
	if err != nil {
		tb.Fatal(err)
	}
	return u
}

// realCreated is a time inside the validity of entra-app-2025-esecdj.xml's
// signing certificate (2025-07-17 to 2028-07-17), so its check passes no
// matter when the tests run.
var realCreated = time.Date(2026, 1, 15, 10, 30, 0, 0, time.UTC)

// realInput is a bundle input from real Entra metadata.
func realInput(tb testing.TB) Input {
	tb.Helper()
	return Input{
		URLs:         urlsFor(tb, "acme"),
		Metadata:     fixture(tb, "entra-app-2025-esecdj.xml"),
		MetadataName: "FederationMetadata.xml",
		ContactName:  "Ada Admin",
		ContactEmail: "ada.admin@acme.example",
		Created:      realCreated,
		ToolVersion:  "1.2.3",
		// The admin's paste-back matched: the e-mail says "as entered in
		// Entra" (the other golden cases show the wording without it).
		ConfirmedInEntra: true,
	}
}

// atCreated are the verify options matching realInput: the certificate is
// judged at the bundle's creation time.
var atCreated = samlcheck.Options{Now: realCreated}

func build(tb testing.TB, in Input) *Bundle {
	tb.Helper()
	b, err := Build(in)
	if err != nil {
		tb.Fatalf("Build: %v", err)
	}
	return b
}

// generated builds a bundle from freshly signed metadata valid for years.
func generated(tb testing.TB, customer string, o samltest.Options) (*Bundle, *samltest.Metadata) {
	tb.Helper()
	m := samltest.New(tb, o)
	in := Input{URLs: urlsFor(tb, customer), Metadata: m.XML, Created: o.Now, ToolVersion: "test"}
	return build(tb, in), m
}

func verifyBytes(data []byte, opts samlcheck.Options) *VerifyResult {
	return Verify(bytes.NewReader(data), int64(len(data)), opts)
}

// unzip reads a zip this package wrote, in archive order.
func unzip(tb testing.TB, data []byte) (names []string, entries map[string][]byte) {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatal(err)
	}
	entries = map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			tb.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			tb.Fatal(err)
		}
		names = append(names, f.Name)
		entries[f.Name] = b
	}
	return names, entries
}

// rezip writes entries the way Build does, after changes a test made.
func rezip(tb testing.TB, entries map[string][]byte) []byte {
	tb.Helper()
	data, err := writeZip(entries, realCreated)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// resum recomputes SHA256SUMS, as someone would who edits a bundle on purpose.
func resum(entries map[string][]byte) map[string][]byte {
	entries[EntrySums] = sums(entries)
	return entries
}

func cloneEntries(m map[string][]byte) map[string][]byte {
	out := map[string][]byte{}
	for k, v := range m {
		out[k] = bytes.Clone(v)
	}
	return out
}

// rawEntry is one entry of a hand-made zip, for archives no Build makes.
type rawEntry struct {
	name   string
	data   []byte
	mode   os.FileMode // zero means 0644
	method uint16      // zip.Store or zip.Deflate
	// declared overrides the uncompressed size written in the headers.
	declared int64
	flags    uint16
}

// makeZip writes raw entries as given, with no checks on names or sizes.
func makeZip(tb testing.TB, entries []rawEntry) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: e.method, Flags: e.flags}
		mode := e.mode
		if mode == 0 {
			mode = 0o644
		}
		h.SetMode(mode)
		if e.declared != 0 {
			// Write compressed bytes by hand so the header can lie.
			var comp bytes.Buffer
			w := compressor(tb, &comp, e.method)
			w.Write(e.data)
			w.Close()
			h.CompressedSize64 = uint64(comp.Len())
			h.UncompressedSize64 = uint64(e.declared)
			h.CRC32 = crc(e.data)
			fw, err := zw.CreateRaw(h)
			if err != nil {
				tb.Fatal(err)
			}
			fw.Write(comp.Bytes())
			continue
		}
		fw, err := zw.CreateHeader(h)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := fw.Write(e.data); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// codes lists the problems' codes and entries as "code entry" strings.
func codes(res *VerifyResult) []string {
	var out []string
	for _, p := range res.Problems {
		out = append(out, string(p.Code)+" "+p.Entry)
	}
	slices.Sort(out)
	return out
}

func hasProblem(res *VerifyResult, code ProblemCode, entry string) bool {
	for _, p := range res.Problems {
		if p.Code == code && p.Entry == entry {
			return true
		}
	}
	return false
}

func problemsText(res *VerifyResult) string {
	var b strings.Builder
	for _, p := range res.Problems {
		b.WriteString("\n  " + string(p.Code) + " [" + p.Entry + "] " + p.Message)
	}
	return b.String()
}

func utf8Valid(s string) bool { return utf8.ValidString(s) }
