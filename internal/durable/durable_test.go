package durable

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// write makes a flushed, closed file the way callers of this package do.
func write(t *testing.T, path, content string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(content); err != nil {
		t.Fatal(err)
	}
	if err := Sync(f); err != nil {
		t.Fatalf("Sync: %v", err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRename(t *testing.T) {
	tests := []struct {
		name     string
		existing bool
		newName  string
	}{
		{"new name", false, "session.json"},
		{"over an existing file", true, "session.json"},
		{"spaces and accents", true, "Société Générale metadata.xml"},
		{"long path", true, strings.Repeat("d", 120) + string(filepath.Separator) + strings.Repeat("f", 150) + ".json"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dst := filepath.Join(t.TempDir(), tc.newName)
			if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
				t.Fatal(err)
			}
			if tc.existing {
				write(t, dst, "old")
			}
			tmp := filepath.Join(filepath.Dir(dst), ".tmp")
			write(t, tmp, "new")
			if err := Rename(tmp, dst); err != nil {
				t.Fatalf("Rename: %v", err)
			}
			if got := read(t, dst); got != "new" {
				t.Errorf("content = %q, want %q", got, "new")
			}
			if _, err := os.Lstat(tmp); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("the temporary name still exists: %v", err)
			}
		})
	}
}

func TestRenameMissingFile(t *testing.T) {
	dir := t.TempDir()
	err := Rename(filepath.Join(dir, "missing"), filepath.Join(dir, "dst"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Rename of a missing file: %v, want fs.ErrNotExist", err)
	}
	if errors.Is(err, ErrNotDurable) {
		t.Errorf("nothing was renamed, yet the error says ErrNotDurable: %v", err)
	}
}

func TestRenameNew(t *testing.T) {
	tests := []struct {
		name     string
		existing bool
	}{
		{"free name", false},
		{"taken name", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			dst := filepath.Join(dir, "bundle.zip")
			if tc.existing {
				write(t, dst, "earlier")
			}
			tmp := filepath.Join(dir, ".tmp")
			write(t, tmp, "new")
			err := RenameNew(tmp, dst)
			if errors.Is(err, errors.ErrUnsupported) {
				t.Skipf("this file system has no atomic no-replace rename: %v", err)
			}
			if tc.existing {
				if !errors.Is(err, fs.ErrExist) {
					t.Fatalf("RenameNew over a file: %v, want fs.ErrExist", err)
				}
				if got := read(t, dst); got != "earlier" {
					t.Errorf("the existing file changed to %q", got)
				}
				if got := read(t, tmp); got != "new" {
					t.Errorf("the file to rename changed to %q", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("RenameNew: %v", err)
			}
			if got := read(t, dst); got != "new" {
				t.Errorf("content = %q", got)
			}
			if _, err := os.Lstat(tmp); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("the temporary name still exists: %v", err)
			}
		})
	}
}
