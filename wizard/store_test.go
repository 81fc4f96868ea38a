package wizard

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/internal/durable"
	"github.com/pymetrics/sso-assistant/samlcheck"
)

var t0 = time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC)

// fullSession has every field set, with metadata bytes that are not valid
// UTF-8 and carry CR LF line ends: they must come back byte for byte.
func fullSession() Session {
	data := []byte("<?xml version=\"1.0\"?>\r\n<EntityDescriptor>\xff\xfe\x00</EntityDescriptor>\r\n")
	return Session{
		Schema:   SchemaVersion,
		Customer: "acme",
		Support: &SupportURLs{Pasted: pmReply + "\n", URLs: URLs{Customer: "acme", Identifier: pmID, ReplyURL: pmReply, SignOnURL: pmSSO},
			Deviations: []Deviation{{Code: DevDerived, Field: FieldIdentifier, Message: "m"}}, At: t0},
		Ticks:   map[string]bool{"prerequisites.role": true, "from.a.newer.version": true},
		Current: StepSigningCertificate,
		Metadata: &Metadata{Name: "pymetrics.xml", Data: data, SHA256: sha256Hex(data), CheckedAt: t0,
			Report: &samlcheck.Report{OK: true, Kind: samlcheck.KindEntraApp, EntityID: "https://sts.windows.net/x/",
				SSOURLs: []samlcheck.Endpoint{}, LogoutURLs: []samlcheck.Endpoint{}, Certificates: []samlcheck.Certificate{},
				Findings: []samlcheck.Finding{{Code: "cert.expiring", Severity: samlcheck.SeverityWarning, Message: "m", Hint: "h"}}}},
		PreviousGood: &Metadata{Name: "good.xml", Data: []byte("<good/>\r\n"), SHA256: sha256Hex([]byte("<good/>\r\n")), CheckedAt: t0,
			Report: &samlcheck.Report{OK: true, Kind: samlcheck.KindEntraApp, SSOURLs: []samlcheck.Endpoint{}, LogoutURLs: []samlcheck.Endpoint{},
				Certificates: []samlcheck.Certificate{}, Findings: []samlcheck.Finding{}}},
		Thumbprint: "ab cd ef",
		PasteBack:  "Identifier (Entity ID)\n" + pmID,
		// A contact the bundle would refuse is kept as typed all the same.
		ContactName:  "Ada Admin",
		ContactEmail: "ada at acme",
		Bundle: &BundleRecord{Path: "/home/a/acme-sso.zip", At: t0, Customer: "acme", MetadataSHA256: sha256Hex(data),
			ContactName: "Ada Admin", ContactEmail: "ada@acme.example"},
		Updated: t0,
	}
}

func openTemp(t *testing.T) (*Store, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "cfg")
	s, err := OpenStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	return s, dir
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

func TestStoreRoundTrip(t *testing.T) {
	for _, s := range []func(t *testing.T) *Store{
		func(t *testing.T) *Store { st, _ := openTemp(t); return st },
		func(*testing.T) *Store { return NewMemoryStore() },
	} {
		st := s(t)
		want := fullSession()
		if err := st.Save(want); err != nil {
			t.Fatal(err)
		}
		got, res := st.Load(t0)
		if res.Status != LoadRestored || res.Err != nil {
			t.Fatalf("Load = %+v", res)
		}
		if !reflect.DeepEqual(got, want) {
			g, _ := json.MarshalIndent(got, "", " ")
			w, _ := json.MarshalIndent(want, "", " ")
			t.Errorf("round trip differs (persistent=%v):\n got %s\nwant %s", st.Persistent(), g, w)
		}
		if !bytes.Equal(got.Metadata.Data, want.Metadata.Data) {
			t.Error("metadata bytes changed")
		}
	}
}

func TestStoreFileAndFolderModes(t *testing.T) {
	st, dir := openTemp(t)
	if err := st.Save(fullSession()); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(st.Path())
	if err != nil {
		t.Fatal(err)
	}
	wantFile, wantDir := fs.FileMode(0o600), fs.FileMode(0o700)
	if runtime.GOOS == "windows" {
		// No Unix modes there: Go reports 0666/0777 for anything that is
		// not read-only. The session's privacy comes from the folder's
		// place under %AppData%, which only its user may read; what can be
		// checked is that the file is not read-only, so the next save can
		// replace it.
		wantFile, wantDir = 0o666, 0o777
	}
	if fi.Mode().Perm() != wantFile {
		t.Errorf("session file mode %v, want %v: it holds the tenant's metadata", fi.Mode().Perm(), wantFile)
	}
	di, _ := os.Stat(dir)
	if di.Mode().Perm() != wantDir {
		t.Errorf("folder mode %v, want %v", di.Mode().Perm(), wantDir)
	}
	if got := listDir(t, dir); len(got) != 1 || got[0] != SessionFileName {
		t.Errorf("folder holds %v, want only %s (no temporary files left)", got, SessionFileName)
	}
	var probe map[string]any
	raw, _ := os.ReadFile(st.Path())
	if err := json.Unmarshal(raw, &probe); err != nil || probe["schema"] != float64(SchemaVersion) {
		t.Errorf("saved file has schema %v (%v)", probe["schema"], err)
	}
}

func TestStoreNewWhenNothingSaved(t *testing.T) {
	st, _ := openTemp(t)
	s, res := st.Load(t0)
	if res.Status != LoadNew || res.Err != nil || res.Message != "" {
		t.Errorf("Load = %+v", res)
	}
	if !reflect.DeepEqual(s, NewSession()) {
		t.Errorf("fresh session = %+v", s)
	}
	if _, res := NewMemoryStore().Load(t0); res.Status != LoadNew {
		t.Errorf("memory Load = %+v", res)
	}
}

// A failure at any point of the write leaves the previous session intact
// and no temporary file behind.
func TestStoreAtomicWriteFailures(t *testing.T) {
	boom := errors.New("disk on fire")
	tests := []struct {
		name   string
		inject func(s *Store)
	}{
		{"fsync of the file", func(s *Store) { s.syncFile = func(*os.File) error { return boom } }},
		{"rename", func(s *Store) { s.rename = func(string, string) error { return boom } }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, dir := openTemp(t)
			old := fullSession()
			if err := st.Save(old); err != nil {
				t.Fatal(err)
			}
			before, _ := os.ReadFile(st.Path())
			tc.inject(st)
			next := old
			next.Customer = "changed"
			err := st.Save(next)
			if !errors.Is(err, boom) {
				t.Fatalf("Save error = %v, want it to wrap the injected failure", err)
			}
			after, _ := os.ReadFile(st.Path())
			if !bytes.Equal(before, after) {
				t.Error("the previous session was changed by a failed save")
			}
			if got := listDir(t, dir); len(got) != 1 {
				t.Errorf("folder holds %v after a failed save", got)
			}
		})
	}
	// The rename happened but could not be confirmed on disk (a failed
	// folder sync on Unix): the save is reported, not undone.
	t.Run("rename not durable", func(t *testing.T) {
		st, _ := openTemp(t)
		st.rename = func(oldpath, newpath string) error {
			if err := os.Rename(oldpath, newpath); err != nil {
				return err
			}
			return fmt.Errorf("%w: %w", durable.ErrNotDurable, boom)
		}
		err := st.Save(fullSession())
		if !errors.Is(err, boom) || !errors.Is(err, durable.ErrNotDurable) || !strings.Contains(err.Error(), "saved but not flushed") {
			t.Errorf("error = %v", err)
		}
		if s, res := st.Load(t0); res.Status != LoadRestored || s.Customer != "acme" {
			t.Errorf("the renamed file should be in place: %+v", res)
		}
	})
}

// A crash between writing the temporary file and renaming it leaves a stray
// temporary file; it never confuses Load.
func TestStoreIgnoresStrayTemporaryFile(t *testing.T) {
	st, dir := openTemp(t)
	if err := st.Save(fullSession()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".session.json.123.tmp"), []byte("{half"), 0o600); err != nil {
		t.Fatal(err)
	}
	if s, res := st.Load(t0); res.Status != LoadRestored || s.Customer != "acme" {
		t.Errorf("Load = %+v", res)
	}
}

func TestStoreMovesUnreadableSessionAside(t *testing.T) {
	tests := []struct {
		name    string
		content []byte
		is      error
		words   string
	}{
		{"not JSON", []byte("{\"schema\": 1, \"customer\": \"ac"), ErrCorruptSession, "could not be read"},
		{"empty file", []byte{}, ErrCorruptSession, "could not be read"},
		{"binary garbage", []byte{0, 1, 2, 0xff}, ErrCorruptSession, "could not be read"},
		{"JSON without schema", []byte(`{"customer":"acme"}`), ErrCorruptSession, "could not be read"},
		{"wrong types", []byte(`{"schema":1,"customer":42}`), ErrCorruptSession, "could not be read"},
		{"schema zero", []byte(`{"schema":0}`), ErrCorruptSession, "could not be read"},
		{"newer schema", []byte(`{"schema":99,"customer":"acme"}`), ErrNewerSession, "newer version"},
		{"metadata checksum mismatch", []byte(`{"schema":1,"metadata":{"name":"a","data":"PGE+","sha256":"00"}}`), ErrCorruptSession, "could not be read"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, dir := openTemp(t)
			if err := os.WriteFile(st.Path(), tc.content, 0o600); err != nil {
				t.Fatal(err)
			}
			s, res := st.Load(t0)
			if res.Status != LoadMovedAside || !errors.Is(res.Err, tc.is) {
				t.Fatalf("Load = %+v, want moved aside with %v", res, tc.is)
			}
			if !reflect.DeepEqual(s, NewSession()) {
				t.Errorf("session = %+v, want a fresh one", s)
			}
			want := filepath.Join(dir, "session-unreadable-20260314T092653Z.json")
			if res.MovedTo != want {
				t.Errorf("MovedTo = %q, want %q", res.MovedTo, want)
			}
			kept, err := os.ReadFile(res.MovedTo)
			if err != nil || !bytes.Equal(kept, tc.content) {
				t.Errorf("the unreadable file was not kept byte for byte: %v", err)
			}
			if _, err := os.Stat(st.Path()); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("session.json still there: %v", err)
			}
			if !strings.Contains(res.Message, tc.words) || !strings.Contains(res.Message, res.MovedTo) || !strings.Contains(res.Message, "Nothing was deleted") {
				t.Errorf("message %q", res.Message)
			}
			// the store keeps working
			if err := st.Save(fullSession()); err != nil {
				t.Fatal(err)
			}
			if _, res := st.Load(t0); res.Status != LoadRestored {
				t.Errorf("after recovery Load = %+v", res)
			}
		})
	}
}

func TestStoreMoveAsideNeverOverwrites(t *testing.T) {
	st, dir := openTemp(t)
	for i := 0; i < 3; i++ {
		if err := os.WriteFile(st.Path(), []byte{'x', byte('0' + i)}, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, res := st.Load(t0); res.Status != LoadMovedAside {
			t.Fatalf("Load %d = %+v", i, res)
		}
	}
	want := []string{"session-unreadable-20260314T092653Z-2.json", "session-unreadable-20260314T092653Z-3.json", "session-unreadable-20260314T092653Z.json"}
	if got := listDir(t, dir); !reflect.DeepEqual(got, want) {
		t.Errorf("folder = %v, want %v", got, want)
	}
}

func TestStoreUnreadableDirectoryInPlaceOfFile(t *testing.T) {
	st, _ := openTemp(t)
	if err := os.Mkdir(st.Path(), 0o700); err != nil {
		t.Fatal(err)
	}
	_, res := st.Load(t0)
	if res.Status != LoadMovedAside || res.Err == nil {
		t.Fatalf("Load = %+v", res)
	}
	if fi, err := os.Stat(res.MovedTo); err != nil || !fi.IsDir() {
		t.Errorf("the folder in the way was not kept: %v", err)
	}
}

// When the unreadable file cannot even be moved, the store stops saving so
// that it is never overwritten.
func TestStoreUnavailableStopsSaving(t *testing.T) {
	st, _ := openTemp(t)
	path := st.Path()
	if err := os.WriteFile(path, []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	st.rename = func(string, string) error { return fs.ErrPermission }
	_, res := st.Load(t0)
	if res.Status != LoadUnavailable || !errors.Is(res.Err, ErrCorruptSession) || !errors.Is(res.Err, fs.ErrPermission) {
		t.Fatalf("Load = %+v", res)
	}
	if st.Persistent() || !strings.Contains(res.Message, "will not be saved") {
		t.Errorf("store still persistent / message %q", res.Message)
	}
	if err := st.Save(fullSession()); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "garbage" {
		t.Errorf("the unreadable file was overwritten: %q", got)
	}
}

func TestStoreBackup(t *testing.T) {
	st, dir := openTemp(t)
	if p, err := st.Backup("start-over", t0); p != "" || err != nil {
		t.Errorf("backup with nothing saved = %q, %v", p, err)
	}
	if err := st.Save(fullSession()); err != nil {
		t.Fatal(err)
	}
	saved, _ := os.ReadFile(st.Path())
	p, err := st.Backup("start-over", t0)
	if err != nil {
		t.Fatal(err)
	}
	if p != filepath.Join(dir, "session-start-over-20260314T092653Z.json") {
		t.Errorf("backup path %q", p)
	}
	if got, _ := os.ReadFile(p); !bytes.Equal(got, saved) {
		t.Error("backup differs from the saved session")
	}
}

func TestDefaultDir(t *testing.T) {
	base := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", base)
	t.Setenv("HOME", base)
	t.Setenv("AppData", base)
	d, err := DefaultDir()
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(d) != "pymetrics-sso-assistant" || !strings.HasPrefix(d, base) {
		t.Errorf("DefaultDir = %q", d)
	}
	st, err := OpenStore("")
	if err != nil {
		t.Fatal(err)
	}
	if st.Dir() != d {
		t.Errorf("OpenStore(\"\") saves in %q, want %q", st.Dir(), d)
	}
	if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
		t.Errorf("folder not created: %v", err)
	}
}

// The demo's memory store never writes a file, wherever the real session is.
func TestMemoryStoreNeverTouchesDisk(t *testing.T) {
	base := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", base)
	t.Setenv("HOME", base)
	m := NewMemoryStore()
	if m.Persistent() || m.Path() != "" || m.Dir() != "" {
		t.Error("memory store claims a place on disk")
	}
	if err := m.Save(fullSession()); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Backup("start-over", t0); err != nil {
		t.Fatal(err)
	}
	if got := listDir(t, base); len(got) != 0 {
		t.Errorf("memory store wrote %v", got)
	}
}
