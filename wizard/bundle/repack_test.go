package bundle

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/internal/golden"
)

// The ways a bundle gets zipped again on someone's desktop, made with
// archive/zip in each tool's layout: which entries, in which order, with
// which folder entries, creator system, compression and extra fields.

// repackEntry is one entry of a re-zipped bundle.
type repackEntry struct {
	name string
	data []byte
}

// macArchiveUtility is Finder's "Compress <folder>": a folder entry, the
// files deflated with data descriptors, a .DS_Store, and for every file an
// AppleDouble "._" twin under __MACOSX/, with folder entries of its own.
func macArchiveUtility(tb testing.TB, entries map[string][]byte, folder string) []byte {
	tb.Helper()
	var list []repackEntry
	list = append(list, repackEntry{name: folder + "/"})
	for _, name := range sortedNames(entries) {
		list = append(list, repackEntry{name: folder + "/" + name, data: entries[name]})
	}
	list = append(list, repackEntry{name: folder + "/.DS_Store", data: []byte("Bud1\x00\x00\x10\x00")},
		repackEntry{name: "__MACOSX/"}, repackEntry{name: "__MACOSX/" + folder + "/"})
	for _, name := range sortedNames(entries) {
		list = append(list, repackEntry{name: "__MACOSX/" + folder + "/._" + name, data: appleDouble})
	}
	return zipLike(tb, list, func(h *zip.FileHeader, dir bool) {
		h.CreatorVersion = 3<<8 | 21 // Unix, 2.1
		if dir {
			h.SetMode(0o755 | os.ModeDir)
		} else {
			h.SetMode(0o644)
		}
	}, true)
}

// appleDouble is the start of an AppleDouble file (magic 0x00051607).
var appleDouble = []byte{0x00, 0x05, 0x16, 0x07, 0x00, 0x02, 0x00, 0x00, 'M', 'a', 'c', ' ', 'O', 'S', ' ', 'X'}

// windowsExplorer is "Send to > Compressed (zipped) folder" on a folder: a
// folder entry, MS-DOS attributes from a FAT creator, no extra fields, and
// here a Thumbs.db Explorer left in the folder.
func windowsExplorer(tb testing.TB, entries map[string][]byte, folder string) []byte {
	tb.Helper()
	list := []repackEntry{{name: folder + "/"}}
	for _, name := range sortedNames(entries) {
		list = append(list, repackEntry{name: folder + "/" + name, data: entries[name]})
	}
	list = append(list, repackEntry{name: folder + "/Thumbs.db", data: []byte{0xd0, 0xcf, 0x11, 0xe0}})
	return zipLike(tb, list, func(h *zip.FileHeader, dir bool) {
		h.CreatorVersion = 0<<8 | 20 // MS-DOS (FAT), 2.0
		h.ExternalAttrs = 0x20       // archive
		if dir {
			h.ExternalAttrs = 0x10 // directory
		}
	}, false)
}

// infoZIP is `zip -r bundle.zip folder` from Info-ZIP 3.0: a folder entry,
// Unix creator with modes, and the "UT" and "ux" extra fields.
func infoZIP(tb testing.TB, entries map[string][]byte, folder string) []byte {
	tb.Helper()
	list := []repackEntry{{name: folder + "/"}}
	for _, name := range sortedNames(entries) {
		list = append(list, repackEntry{name: folder + "/" + name, data: entries[name]})
	}
	return zipLike(tb, list, func(h *zip.FileHeader, dir bool) {
		h.CreatorVersion = 3<<8 | 30 // Unix, 3.0
		if dir {
			h.SetMode(0o755 | os.ModeDir)
		} else {
			h.SetMode(0o644)
		}
		ux := []byte{0x75, 0x78, 11, 0, 1, 4, 0xe8, 0x03, 0, 0, 4, 0xe8, 0x03, 0, 0}
		h.Extra = append(extTime(realCreated), ux...)
	}, false)
}

// zipLike writes the list with the header each tool writes; folders are
// stored, files deflated. descriptors writes sizes after the data, as
// streaming writers (the Mac's) do.
func zipLike(tb testing.TB, list []repackEntry, header func(h *zip.FileHeader, dir bool), descriptors bool) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range list {
		dir := e.name[len(e.name)-1] == '/'
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: realCreated.Add(time.Hour)}
		if dir {
			h.Method = zip.Store
		}
		header(h, dir)
		if descriptors || dir {
			w, err := zw.CreateHeader(h)
			if err != nil {
				tb.Fatal(err)
			}
			w.Write(e.data)
			continue
		}
		var comp bytes.Buffer
		fw, _ := flate.NewWriter(&comp, flate.DefaultCompression)
		fw.Write(e.data)
		fw.Close()
		h.CRC32 = crc32.ChecksumIEEE(e.data)
		h.CompressedSize64 = uint64(comp.Len())
		h.UncompressedSize64 = uint64(len(e.data))
		w, err := zw.CreateRaw(h)
		if err != nil {
			tb.Fatal(err)
		}
		w.Write(comp.Bytes())
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func sortedNames(m map[string][]byte) []string {
	var names []string
	for n := range m {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func TestRepacked(t *testing.T) {
	base := build(t, realInput(t))
	folder := "pymetrics-sso-acme-20260115"
	withExtra := func(name string, data []byte) map[string][]byte {
		e := cloneEntries(base.Entries)
		e[name] = data
		return e
	}
	tests := []struct {
		name     string
		zip      []byte
		repacked bool
		want     []string // problem codes and entries; nil: intact
	}{
		{"as built", base.Zip, false, nil},
		{"Mac Archive Utility", macArchiveUtility(t, base.Entries, folder), true, nil},
		{"Windows Explorer", windowsExplorer(t, base.Entries, folder), true, nil},
		{"Info-ZIP zip -r", infoZIP(t, base.Entries, folder), true, nil},
		{"files at the top, Mac extras", func() []byte {
			e := withExtra(".DS_Store", []byte("Bud1"))
			e["__MACOSX/._email.txt"] = appleDouble
			return rezip(t, e)
		}(), true, nil},
		{"folder with an extra file", infoZIP(t, withExtra("notes.txt", []byte("hi")), folder), true,
			[]string{"entry.unexpected notes.txt"}},
		{"Mac, an entry changed", func() []byte {
			e := cloneEntries(base.Entries)
			e[EntryEmail] = append(bytes.Clone(e[EntryEmail]), '!')
			return macArchiveUtility(t, e, folder)
		}(), true, []string{"email.mismatch email.txt", "sums.mismatch email.txt"}},
		{"Windows, an entry missing", func() []byte {
			e := cloneEntries(base.Entries)
			delete(e, EntryCalendar)
			return windowsExplorer(t, e, folder)
		}(), true, []string{"entry.missing certificate-expiry.ics"}},
		{"two folders", func() []byte {
			e := map[string][]byte{}
			for n, d := range base.Entries {
				e["a/"+n] = d
			}
			e["b/readme.txt"] = []byte("x")
			return rezip(t, e)
		}(), false, twoFolderProblems()},
		{"folder inside the folder", infoZIP(t, withExtra("more/summary.html", []byte("x")), folder), true,
			[]string{"entry.unexpected more/summary.html"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := verifyBytes(tc.zip, atCreated)
			if got := codes(res); !slices.Equal(got, tc.want) {
				t.Errorf("problems %q, want %q%s", got, tc.want, problemsText(res))
			}
			if res.Repacked != tc.repacked {
				t.Errorf("repacked %v, want %v", res.Repacked, tc.repacked)
			}
			if tc.want == nil && (res.Verdict != VerdictSignerNotConfirmed || len(res.Entries) != len(expectedEntries())) {
				t.Errorf("verdict %s with %d entries, want %s with all", res.Verdict, len(res.Entries), VerdictSignerNotConfirmed)
			}
		})
	}
}

// twoFolderProblems: with the entries in one folder and something else in a
// second, nothing is a bundle entry.
func twoFolderProblems() []string {
	var want []string
	for _, n := range expectedEntries() {
		want = append(want, "entry.missing "+n, "entry.unexpected a/"+n)
	}
	want = append(want, "entry.unexpected b/readme.txt")
	slices.Sort(want)
	return want
}

// TestRepackedWithZipCommand re-zips an unpacked bundle with the real zip
// command, folder and all, as a support engineer on Linux or a Mac would.
func TestRepackedWithZipCommand(t *testing.T) {
	zipCmd, err := exec.LookPath("zip")
	if err != nil {
		t.Skip("the zip command is not installed; the Info-ZIP layout is covered by TestRepacked")
	}
	base := build(t, realInput(t))
	dir := t.TempDir()
	folder := filepath.Join(dir, "bundle")
	for name, data := range base.Entries {
		golden.Write(t, filepath.Join(folder, name), data)
	}
	golden.Write(t, filepath.Join(folder, ".DS_Store"), []byte("Bud1"))
	out := filepath.Join(dir, "again.zip")
	cmd := exec.Command(zipCmd, "-q", "-r", out, "bundle")
	cmd.Dir = dir
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("zip: %v\n%s", err, msg)
	}
	res, err := VerifyFile(out, atCreated)
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK || !res.Repacked {
		t.Errorf("zip -r of an unchanged bundle: ok %v, repacked %v%s", res.OK, res.Repacked, problemsText(res))
	}
}

// TestRepackLayouts keeps the helpers honest: each archive has the folder
// entry first and the creator system of the tool it imitates.
func TestRepackLayouts(t *testing.T) {
	base := build(t, realInput(t))
	for name, data := range map[string][]byte{
		"mac":      macArchiveUtility(t, base.Entries, "f"),
		"explorer": windowsExplorer(t, base.Entries, "f"),
		"info-zip": infoZIP(t, base.Entries, "f"),
	} {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		if zr.File[0].Name != "f/" || !zr.File[0].Mode().IsDir() {
			t.Errorf("%s: first entry %q (%v), want the folder", name, zr.File[0].Name, zr.File[0].Mode())
		}
		creator := zr.File[1].CreatorVersion >> 8
		wantCreator := map[string]uint16{"mac": 3, "explorer": 0, "info-zip": 3}[name]
		if creator != wantCreator {
			t.Errorf("%s: creator system %d, want %d", name, creator, wantCreator)
		}
		if name == "info-zip" && binary.LittleEndian.Uint16(zr.File[1].Extra) != 0x5455 {
			t.Errorf("info-zip: no extended timestamp")
		}
	}
}
