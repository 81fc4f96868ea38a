package bundle

import (
	"archive/zip"
	"bytes"
	"encoding/pem"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

func TestRoundTrip(t *testing.T) {
	t.Run("real metadata", func(t *testing.T) {
		b := build(t, realInput(t))
		res := verifyBytes(b.Zip, atCreated)
		if !res.OK || len(res.Problems) != 0 {
			t.Fatalf("round trip not OK:%s", problemsText(res))
		}
		if len(res.Entries) != len(expectedEntries()) || res.Onboarding == nil || res.Onboarding.Customer != "acme" || res.Report == nil || !res.Report.OK {
			t.Errorf("result incomplete: %d entries, onboarding %v, report %v", len(res.Entries), res.Onboarding, res.Report)
		}
	})
	t.Run("generated metadata, checked at the real time", func(t *testing.T) {
		now := time.Now()
		for _, customer := range []string{"acme", "globex-2", "initech"} {
			b, _ := generated(t, customer, samltest.Options{Now: now})
			if res := verifyBytes(b.Zip, samlcheck.Options{}); !res.OK {
				t.Errorf("%s: round trip not OK:%s", customer, problemsText(res))
			}
		}
	})
	t.Run("pinned", func(t *testing.T) {
		b, m := generated(t, "acme", samltest.Options{Now: time.Now()})
		if res := verifyBytes(b.Zip, samlcheck.Options{Thumbprints: []string{m.SHA1Thumbprint}}); !res.OK {
			t.Errorf("pinned to its own signer, not OK:%s", problemsText(res))
		}
		res := verifyBytes(b.Zip, samlcheck.Options{Thumbprints: []string{strings.Repeat("12", 20)}})
		if res.OK || !hasProblem(res, ProblemMetadataCheck, EntryMetadata) {
			t.Errorf("pinned to another signer, got %v", codes(res))
		}
	})
	t.Run("via a file", func(t *testing.T) {
		b := build(t, realInput(t))
		path := filepath.Join(t.TempDir(), b.FileName)
		if err := WriteFile(path, b.Zip, false); err != nil {
			t.Fatal(err)
		}
		res, err := VerifyFile(path, atCreated)
		if err != nil || !res.OK || res.File != path {
			t.Fatalf("VerifyFile: %v %+v", err, res)
		}
	})
}

// TestTamperOneByte changes one byte of each entry in two ways: inside the
// archive (the zip's CRC catches it) and in the content of a well-formed
// archive (SHA256SUMS catches it). Either way the entry is named.
func TestTamperOneByte(t *testing.T) {
	b := build(t, realInput(t))
	zr, err := zip.NewReader(bytes.NewReader(b.Zip), int64(len(b.Zip)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		t.Run("archive/"+f.Name, func(t *testing.T) {
			off, err := f.DataOffset()
			if err != nil {
				t.Fatal(err)
			}
			data := bytes.Clone(b.Zip)
			data[off+int64(f.UncompressedSize64)/2] ^= 0x01
			res := verifyBytes(data, atCreated)
			if res.OK || !hasProblem(res, ProblemEntryUnreadable, f.Name) {
				t.Errorf("one byte changed in the archive's %s, got %v", f.Name, codes(res))
			}
		})
		t.Run("content/"+f.Name, func(t *testing.T) {
			entries := cloneEntries(b.Entries)
			entries[f.Name][len(entries[f.Name])/2] ^= 0x01
			res := verifyBytes(rezip(t, entries), atCreated)
			named := f.Name
			if f.Name == EntrySums {
				// The changed digit belongs to the line in the middle.
				lines := strings.Split(string(b.Entries[EntrySums]), "\n")
				at := 0
				for _, l := range lines {
					if at+len(l) >= len(b.Entries[EntrySums])/2 {
						named = l[66:]
						break
					}
					at += len(l) + 1
				}
			}
			if res.OK || !hasProblem(res, ProblemSumsMismatch, named) {
				t.Errorf("one byte changed in %s: want sums.mismatch for %s, got %v", f.Name, named, codes(res))
			}
		})
	}
}

// entryEdit replaces the first old in an entry with new, failing when the
// entry lacks it.
func entryEdit(name, old, new string) func(t *testing.T, e map[string][]byte) {
	return func(t *testing.T, e map[string][]byte) {
		if !bytes.Contains(e[name], []byte(old)) {
			t.Fatalf("%s lacks %q", name, old)
		}
		e[name] = bytes.Replace(e[name], []byte(old), []byte(new), 1)
	}
}

// TestConsistency edits a bundle on purpose and recomputes SHA256SUMS, as
// someone would who wants it to pass: what the entries say must still agree.
func TestConsistency(t *testing.T) {
	base := build(t, realInput(t))
	other := fixture(t, "entra-app-2024-ggtristams.xml")
	otherCert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: build(t, func() Input {
		in := realInput(t)
		in.Metadata = other
		in.Created = time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
		return in
	}()).Report.SignerCertificate().DER})
	jsonEdit := func(old, new string) func(t *testing.T, e map[string][]byte) {
		return func(t *testing.T, e map[string][]byte) {
			if !bytes.Contains(e[EntryOnboarding], []byte(old)) {
				t.Fatalf("onboarding.json lacks %q", old)
			}
			e[EntryOnboarding] = bytes.Replace(e[EntryOnboarding], []byte(old), []byte(new), 1)
		}
	}
	tests := []struct {
		name string
		edit func(t *testing.T, e map[string][]byte)
		opts samlcheck.Options
		want []string // sorted "code entry"
	}{
		{"unchanged", func(*testing.T, map[string][]byte) {}, atCreated, nil},
		{"tenant", jsonEdit(`"tenant_id": "caa69cfe`, `"tenant_id": "daa69cfe`), atCreated,
			[]string{"onboarding.tenant-mismatch onboarding.json"}},
		{"entity ID", jsonEdit(`"entity_id": "https://sts.windows.net/caa69cfe`, `"entity_id": "https://sts.windows.net/daa69cfe`), atCreated,
			[]string{"onboarding.entity-id-mismatch onboarding.json"}},
		{"login URL", jsonEdit(`"login_url": "https://login.microsoftonline.com/`, `"login_url": "https://login.evil.example/`), atCreated,
			[]string{"onboarding.endpoint-mismatch onboarding.json"}},
		{"thumbprint", jsonEdit(`"sha1_thumbprint": "1BC4`, `"sha1_thumbprint": "0BC4`), atCreated,
			[]string{"onboarding.thumbprint-mismatch onboarding.json"}},
		{"expiry date", jsonEdit(`"not_after": "2028-07-17T08:53:37Z"`, `"not_after": "2030-07-17T08:53:37Z"`), atCreated,
			[]string{"onboarding.certificate-mismatch onboarding.json"}},
		{"customer", jsonEdit(`"customer": "acme"`, `"customer": "globex"`), atCreated,
			[]string{"onboarding.url-mismatch onboarding.json", "onboarding.url-mismatch onboarding.json", "onboarding.url-mismatch onboarding.json"}},
		{"invalid customer", jsonEdit(`"customer": "acme"`, `"customer": "Acme Corp!"`), atCreated,
			[]string{"onboarding.customer-invalid onboarding.json"}},
		{"reply URL", jsonEdit(`"reply_url": "https://www.pymetrics.com/saml2-sp/acme/acme/?acs"`, `"reply_url": "https://www.pymetrics.com/saml2-sp/acme/acme/"`), atCreated,
			[]string{"onboarding.url-mismatch onboarding.json", "sp-metadata.mismatch sp-metadata.xml"}},
		{"attributes", jsonEdit(`"user.userprincipalname"`, `"user.mail"`), atCreated,
			[]string{"onboarding.attributes-mismatch onboarding.json"}},
		{"schema version", jsonEdit(`"schema_version": 1`, `"schema_version": 2`), atCreated,
			[]string{"onboarding.schema-version onboarding.json"}},
		{"onboarding.json not JSON", func(_ *testing.T, e map[string][]byte) { e[EntryOnboarding] = e[EntryOnboarding][:100] }, atCreated,
			[]string{"onboarding.malformed onboarding.json"}},
		{"SP metadata", func(_ *testing.T, e map[string][]byte) {
			e[EntrySPMetadata] = bytes.Replace(e[EntrySPMetadata], []byte("?acs"), []byte("?ACS"), 1)
		}, atCreated, []string{"sp-metadata.mismatch sp-metadata.xml"}},
		{"other signer's certificate", func(_ *testing.T, e map[string][]byte) { e[EntryCertificate] = otherCert }, atCreated,
			[]string{"certificate.mismatch signing-certificate.pem"}},
		{"certificate not PEM", func(_ *testing.T, e map[string][]byte) { e[EntryCertificate] = []byte("MIIC8DCCAdigAwIBAgIQPFyF\n") }, atCreated,
			[]string{"certificate.malformed signing-certificate.pem"}},
		{"two certificates", func(_ *testing.T, e map[string][]byte) {
			e[EntryCertificate] = append(e[EntryCertificate], otherCert...)
		}, atCreated,
			[]string{"certificate.malformed signing-certificate.pem"}},
		{"metadata changed by one byte", func(_ *testing.T, e map[string][]byte) {
			i := bytes.Index(e[EntryMetadata], []byte("caa69cfe"))
			e[EntryMetadata][i] = 'd'
		}, atCreated, []string{"metadata.check-failed FederationMetadata.xml", "onboarding.metadata-mismatch onboarding.json"}},
		{"metadata of another tenant", func(_ *testing.T, e map[string][]byte) { e[EntryMetadata] = other }, samlcheck.Options{Now: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)},
			[]string{
				"certificate.mismatch signing-certificate.pem",
				"onboarding.certificate-mismatch onboarding.json", "onboarding.certificate-mismatch onboarding.json", "onboarding.certificate-mismatch onboarding.json",
				"onboarding.endpoint-mismatch onboarding.json", "onboarding.endpoint-mismatch onboarding.json",
				"onboarding.entity-id-mismatch onboarding.json",
				"onboarding.metadata-mismatch onboarding.json", "onboarding.metadata-mismatch onboarding.json",
				"onboarding.tenant-mismatch onboarding.json", "onboarding.thumbprint-mismatch onboarding.json",
			}},
		{"certificate expired since", func(*testing.T, map[string][]byte) {}, samlcheck.Options{Now: time.Date(2029, 1, 1, 0, 0, 0, 0, time.UTC)},
			[]string{"metadata.check-failed FederationMetadata.xml"}},
		// The files made from onboarding.json must be what it makes.
		{"e-mail: another reply URL", entryEdit(EntryEmail, "/acme/acme/?acs", "/acme/acme/?ACS"), atCreated,
			[]string{"email.mismatch email.txt"}},
		{"e-mail: no attachment line", entryEdit(EntryEmail, "The onboarding bundle is attached: ", "Attached: "), atCreated,
			[]string{"email.mismatch email.txt"}},
		{"e-mail: another file name everywhere", func(t *testing.T, e map[string][]byte) {
			for _, name := range []string{EntryEmail, EntrySummary} {
				e[name] = bytes.ReplaceAll(e[name], []byte(base.FileName), []byte("renamed.zip"))
			}
			// Folded, the calendar cannot be edited by replacing text.
			e[EntryCalendar] = renderCalendar(base.Onboarding, "renamed.zip")
		}, atCreated, nil},
		{"summary: another tenant", entryEdit(EntrySummary, "caa69cfe", "daa69cfe"), atCreated,
			[]string{"summary.mismatch summary.html"}},
		{"calendar: a later reminder", entryEdit(EntryCalendar, "DTSTART;VALUE=DATE:2028", "DTSTART;VALUE=DATE:2029"), atCreated,
			[]string{"calendar.mismatch certificate-expiry.ics"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			entries := cloneEntries(base.Entries)
			tc.edit(t, entries)
			res := verifyBytes(rezip(t, resum(entries)), tc.opts)
			if got := codes(res); !slices.Equal(got, tc.want) {
				t.Errorf("problems %q, want %q%s", got, tc.want, problemsText(res))
			}
			if res.OK != (len(tc.want) == 0) {
				t.Errorf("OK = %v with %d problems", res.OK, len(res.Problems))
			}
		})
	}
}

func TestEntrySet(t *testing.T) {
	base := build(t, realInput(t))
	tests := []struct {
		name  string
		edit  func(e map[string][]byte)
		resum bool
		want  []string
	}{
		{"extra entry", func(e map[string][]byte) { e["notes.txt"] = []byte("hi") }, false,
			[]string{"entry.unexpected notes.txt"}},
		{"extra entry, listed", func(e map[string][]byte) { e["notes.txt"] = []byte("hi") }, true,
			[]string{"entry.unexpected notes.txt", "sums.extra SHA256SUMS"}},
		{"extra entry in a folder", func(e map[string][]byte) { e["extra/summary.html"] = e[EntrySummary] }, false,
			[]string{"entry.unexpected extra/summary.html"}},
		{"missing entry", func(e map[string][]byte) { delete(e, EntryEmail) }, false,
			[]string{"entry.missing email.txt"}},
		{"missing entry, unlisted", func(e map[string][]byte) { delete(e, EntryEmail) }, true,
			[]string{"entry.missing email.txt", "sums.unlisted email.txt"}},
		{"missing metadata", func(e map[string][]byte) { delete(e, EntryMetadata) }, false,
			[]string{"entry.missing FederationMetadata.xml"}},
		{"missing SHA256SUMS", func(e map[string][]byte) { delete(e, EntrySums) }, false,
			[]string{"entry.missing SHA256SUMS"}},
		{"SHA256SUMS line removed", func(e map[string][]byte) {
			e[EntrySums] = []byte(strings.Join(slices.DeleteFunc(strings.SplitAfter(string(e[EntrySums]), "\n"), func(l string) bool {
				return strings.HasSuffix(l, "  summary.html\n")
			}), ""))
		}, false, []string{"sums.unlisted summary.html"}},
		{"SHA256SUMS line twice", func(e map[string][]byte) {
			e[EntrySums] = append(e[EntrySums], strings.SplitAfter(string(e[EntrySums]), "\n")[0]...)
		}, false, []string{"sums.malformed SHA256SUMS"}},
		{"SHA256SUMS lists itself", func(e map[string][]byte) {
			e[EntrySums] = append(e[EntrySums], strings.Repeat("0", 64)+"  SHA256SUMS\n"...)
		}, false, []string{"sums.extra SHA256SUMS"}},
		{"SHA256SUMS with CRLF", func(e map[string][]byte) {
			e[EntrySums] = bytes.ReplaceAll(e[EntrySums], []byte("\n"), []byte("\r\n"))
		}, false, crlfProblems()},
		{"SHA256SUMS without final line break", func(e map[string][]byte) {
			e[EntrySums] = bytes.TrimSuffix(e[EntrySums], []byte("\n"))
		}, false, []string{"sums.malformed SHA256SUMS"}},
		{"SHA256SUMS in binary mode and upper case", func(e map[string][]byte) {
			e[EntrySums] = bytes.ReplaceAll(bytes.ToUpper(e[EntrySums]), []byte("  "), []byte(" *"))
			for _, name := range expectedEntries() {
				e[EntrySums] = bytes.Replace(e[EntrySums], []byte(strings.ToUpper(name)), []byte(name), 1)
			}
		}, false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			entries := cloneEntries(base.Entries)
			tc.edit(entries)
			if tc.resum {
				resum(entries)
			}
			res := verifyBytes(rezip(t, entries), atCreated)
			if got := codes(res); !slices.Equal(got, tc.want) {
				t.Errorf("problems %q, want %q%s", got, tc.want, problemsText(res))
			}
		})
	}
}

// crlfProblems: with CRLF line ends every line of SHA256SUMS is malformed
// (sha256sum -c would look for "name\r"), so every entry is unlisted too.
func crlfProblems() []string {
	var want []string
	for _, n := range expectedEntries() {
		if n != EntrySums {
			want = append(want, "sums.malformed SHA256SUMS", "sums.unlisted "+n)
		}
	}
	slices.Sort(want)
	return want
}

// hostileBase is a valid bundle's entries as raw entries, to add hostile
// ones to.
func hostileBase(t *testing.T) []rawEntry {
	t.Helper()
	b := build(t, realInput(t))
	var out []rawEntry
	for _, name := range expectedEntries() {
		out = append(out, rawEntry{name: name, data: b.Entries[name], method: zip.Deflate})
	}
	return out
}

func without(entries []rawEntry, name string) []rawEntry {
	return slices.DeleteFunc(slices.Clone(entries), func(e rawEntry) bool { return e.name == name })
}

func TestHostile(t *testing.T) {
	base := hostileBase(t)
	zeros := func(n int) []byte { return make([]byte, n) }
	plus := func(extra ...rawEntry) []byte { return makeZip(t, append(slices.Clone(base), extra...)) }
	replace := func(e rawEntry) []byte { return makeZip(t, append(without(base, e.name), e)) }
	manyEntries := slices.Clone(base)
	for i := range 30 {
		manyEntries = append(manyEntries, rawEntry{name: "x" + string(rune('a'+i%26)) + string(rune('a'+i/26)), data: []byte("x")})
	}
	totalBomb := []rawEntry{{name: EntryMetadata, data: zeros(10 << 20), method: zip.Deflate}}
	for _, name := range expectedEntries() {
		if name != EntryMetadata {
			totalBomb = append(totalBomb, rawEntry{name: name, data: zeros(1 << 20), method: zip.Deflate})
		}
	}

	tests := []struct {
		name string
		zip  []byte
		want []string
	}{
		{"empty file", nil, []string{"bundle.not-zip "}},
		{"text", []byte("hello, this is not a zip"), []string{"bundle.not-zip "}},
		{"the metadata instead of the bundle", fixture(t, "entra-app-2025-esecdj.xml"), []string{"bundle.not-zip "}},
		{"zip slip: ..", plus(rawEntry{name: "../evil.sh", data: []byte("x")}), []string{"entry.unsafe-name ../evil.sh"}},
		{"zip slip: deep ..", plus(rawEntry{name: "docs/../../../evil.sh", data: []byte("x")}), []string{"entry.unsafe-name docs/../../../evil.sh"}},
		{"zip slip: absolute", plus(rawEntry{name: "/etc/cron.d/evil", data: []byte("x")}), []string{"entry.unsafe-name /etc/cron.d/evil"}},
		{"zip slip: backslashes", plus(rawEntry{name: `..\..\evil.bat`, data: []byte("x")}), []string{`entry.unsafe-name ..\..\evil.bat`}},
		{"zip slip: drive letter", plus(rawEntry{name: "C:/Windows/evil.dll", data: []byte("x")}), []string{"entry.unsafe-name C:/Windows/evil.dll"}},
		{"dot element", plus(rawEntry{name: "./email.txt", data: []byte("x")}), []string{"entry.unsafe-name ./email.txt"}},
		{"empty name", plus(rawEntry{name: "", data: []byte("x")}), []string{"entry.unsafe-name "}},
		{"terminal escape in name", plus(rawEntry{name: "a\x1b[2Jb", data: []byte("x")}), []string{"entry.unsafe-name a\x1b[2Jb"}},
		{"invalid UTF-8 name", plus(rawEntry{name: "a\xffb", data: []byte("x")}), []string{"entry.unsafe-name a\xffb"}},
		{"symlink instead of an entry", replace(rawEntry{name: EntryEmail, data: []byte("/etc/passwd"), mode: fs.ModeSymlink | 0o777}), []string{"entry.link email.txt"}},
		{"extra symlink", plus(rawEntry{name: "link", data: []byte("../../.."), mode: fs.ModeSymlink | 0o777}), []string{"entry.link link"}},
		{"folder", plus(rawEntry{name: "docs/", mode: fs.ModeDir | 0o755}), []string{"entry.not-file docs/"}},
		{"device", plus(rawEntry{name: "dev", data: []byte("x"), mode: fs.ModeDevice | 0o644}), []string{"entry.not-file dev"}},
		{"duplicate", plus(rawEntry{name: EntryEmail, data: []byte("other")}), []string{"entry.duplicate email.txt"}},
		{"duplicate in another case", plus(rawEntry{name: "EMAIL.TXT", data: []byte("other")}), []string{"entry.duplicate email.txt"}},
		{"too many entries", makeZip(t, manyEntries), []string{"bundle.too-many-entries "}},
		{"bomb, honest header", replace(rawEntry{name: EntryOnboarding, data: zeros(8 << 20), method: zip.Deflate}), []string{"entry.too-large onboarding.json"}},
		{"metadata bomb, honest header", replace(rawEntry{name: EntryMetadata, data: zeros(16 << 20), method: zip.Deflate}), []string{"entry.too-large FederationMetadata.xml"}},
		{"bomb, lying header", replace(rawEntry{name: EntryOnboarding, data: zeros(8 << 20), method: zip.Deflate, declared: 100}), []string{"entry.unreadable onboarding.json"}},
		{"metadata bomb, lying header", replace(rawEntry{name: EntryMetadata, data: zeros(16 << 20), method: zip.Deflate, declared: 14234}), []string{"entry.unreadable FederationMetadata.xml"}},
		{"entries too large together", makeZip(t, totalBomb), []string{"bundle.too-large "}},
		{"encrypted", replace(rawEntry{name: EntryEmail, data: []byte("x"), flags: 0x1}), []string{"entry.unreadable email.txt"}},
		{"unknown compression", replace(rawEntry{name: EntryEmail, data: []byte("x"), method: 99, declared: 1}), []string{"entry.unreadable email.txt"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			res := verifyBytes(tc.zip, atCreated)
			runtime.ReadMemStats(&after)
			got := codes(res)
			// Hostile additions are refused on their own; the real
			// entries around them still check out, except where a
			// hostile entry took a real one's place.
			got = slices.DeleteFunc(got, func(s string) bool {
				return !slices.Contains(tc.want, s) && (strings.HasPrefix(s, "entry.missing ") || strings.HasPrefix(s, "sums."))
			})
			if !slices.Equal(got, tc.want) {
				t.Errorf("problems %q, want %q%s", got, tc.want, problemsText(res))
			}
			if res.OK {
				t.Error("hostile bundle OK")
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 128<<20 {
				t.Errorf("verifying allocated %d MB", alloc>>20)
			}
			var text bytes.Buffer
			if err := res.WriteText(&text); err != nil {
				t.Fatal(err)
			}
			if bytes.ContainsAny(text.Bytes(), "\x1b\r\x00") {
				t.Errorf("text output carries control characters from the archive: %q", text.String())
			}
		})
	}
}

// TestHostileReplacedEntry pins what the filter in TestHostile drops: a
// hostile entry that took a real entry's place leaves it missing, and
// SHA256SUMS then lists something absent, which is not a second problem.
func TestHostileReplacedEntry(t *testing.T) {
	base := hostileBase(t)
	data := makeZip(t, append(without(base, EntryEmail), rawEntry{name: "../" + EntryEmail, data: []byte("x")}))
	got := codes(verifyBytes(data, atCreated))
	want := []string{"entry.missing email.txt", "entry.unsafe-name ../email.txt"}
	if !slices.Equal(got, want) {
		t.Errorf("problems %q, want %q", got, want)
	}
}

func TestTruncated(t *testing.T) {
	data := build(t, realInput(t)).Zip
	for cut := 0; cut < len(data); cut += 97 {
		res := verifyBytes(data[:cut], atCreated)
		if res.OK {
			t.Fatalf("bundle cut at %d of %d bytes verified OK", cut, len(data))
		}
	}
}

// hugeReader claims a size it does not have; Verify must refuse by size alone.
type hugeReader struct{ t *testing.T }

func (h hugeReader) ReadAt(p []byte, off int64) (int, error) {
	h.t.Error("Verify read from an archive it should refuse by size")
	return 0, errors.New("not readable")
}

func TestTooLargeArchive(t *testing.T) {
	res := Verify(hugeReader{t}, 1<<40, atCreated)
	if got := codes(res); !slices.Equal(got, []string{"bundle.too-large "}) {
		t.Errorf("problems %q", got)
	}
	if got := codes(Verify(hugeReader{t}, -1, atCreated)); !slices.Equal(got, []string{"bundle.not-zip "}) {
		t.Errorf("negative size: problems %q", got)
	}
}

func TestVerifyFileNotAFile(t *testing.T) {
	dir := t.TempDir()
	if _, err := VerifyFile(dir, atCreated); !errors.Is(err, ErrNotRegular) {
		t.Errorf("folder: error %v, want ErrNotRegular", err)
	}
	if _, err := VerifyFile(filepath.Join(dir, "missing.zip"), atCreated); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: error %v, want fs.ErrNotExist", err)
	}
	// A 1 GB (sparse) file is refused by its size, without reading it.
	big := filepath.Join(dir, "big.zip")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil {
		t.Fatal(err)
	}
	f.Close()
	res, err := VerifyFile(big, atCreated)
	if err != nil || !slices.Equal(codes(res), []string{"bundle.too-large "}) {
		t.Errorf("1 GB file: %v %v", err, codes(res))
	}
}

// TestVerifyWritesNothing runs Verify on hostile archives in an empty
// working folder and checks that nothing appeared anywhere near it.
func TestVerifyWritesNothing(t *testing.T) {
	base := hostileBase(t)
	dir := t.TempDir()
	inner := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(inner, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(inner, "bundle.zip")
	data := makeZip(t, append(slices.Clone(base),
		rawEntry{name: "../../evil.txt", data: []byte("x")},
		rawEntry{name: "../escape", data: []byte("x"), mode: fs.ModeSymlink | 0o777},
		rawEntry{name: "sub/", mode: fs.ModeDir | 0o755}))
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(inner)
	res, err := VerifyFile("bundle.zip", atCreated)
	if err != nil || res.OK {
		t.Fatalf("hostile bundle: %v, OK %v", err, res != nil && res.OK)
	}
	var found []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		found = append(found, strings.TrimPrefix(p, dir))
		return nil
	})
	sep := string(filepath.Separator)
	want := []string{"", sep + "a", filepath.Join(sep+"a", "b"), filepath.Join(sep+"a", "b", "bundle.zip")}
	if !slices.Equal(found, want) {
		t.Errorf("files after Verify: %q, want %q", found, want)
	}
}
