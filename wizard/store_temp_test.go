package wizard

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestStoreRemovesStaleTemporaryFiles: temporary files of saves a crash
// interrupted are removed when the session is next loaded; a recent one,
// which may belong to a save in progress in another window, and files the
// store did not write are kept.
func TestStoreRemovesStaleTemporaryFiles(t *testing.T) {
	st, dir := openTemp(t)
	if err := st.Save(fullSession()); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-2 * staleTempAge)
	files := map[string]time.Time{
		".session.json.111.tmp":                           old, // autosave interrupted
		".session-start-over-20260314T092653Z.json.2.tmp": old, // backup interrupted
		".session.json.222.tmp":                           time.Now(),
		"notes.tmp":                                       old,
	}
	for name, mtime := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("{half"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	if s, res := st.Load(t0); res.Status != LoadRestored || s.Customer != "acme" {
		t.Fatalf("Load = %+v", res)
	}
	got := listDir(t, dir)
	want := []string{".session.json.222.tmp", "notes.tmp", SessionFileName}
	if !slices.Equal(got, want) {
		t.Errorf("folder holds %v, want %v", got, want)
	}
}
