package bundle

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"github.com/pymetrics/sso-assistant/internal/unprivileged"
)

var errInjected = errors.New("injected: no space left on device")

// faultFS is the real file system with one step made to fail.
type faultFS struct {
	osFS
	fail string
}

func (f faultFS) CreateTemp(dir, pattern string) (tempFile, error) {
	if f.fail == "create" {
		return nil, errInjected
	}
	tf, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	return &faultFile{File: tf, fail: f.fail}, nil
}

func (f faultFS) RenameNew(oldname, newname string) error {
	switch f.fail {
	case "link", "link+rename":
		return errInjected // as on a file system without hard links
	case "link-race":
		// Another program creates the file between the check and the
		// rename.
		if err := os.WriteFile(newname, []byte("theirs"), 0o644); err != nil {
			return err
		}
	}
	return f.osFS.RenameNew(oldname, newname)
}

func (f faultFS) Rename(oldname, newname string) error {
	if f.fail == "rename" || f.fail == "link+rename" {
		return errInjected
	}
	return os.Rename(oldname, newname)
}

type faultFile struct {
	*os.File
	fail string
}

// Write fails half-way, after some bytes reached the file: a disk filling up.
func (f *faultFile) Write(p []byte) (int, error) {
	if f.fail == "write" {
		n, _ := f.File.Write(p[:len(p)/2])
		return n, errInjected
	}
	return f.File.Write(p)
}

func (f *faultFile) Chmod(m fs.FileMode) error {
	if f.fail == "chmod" {
		return errInjected
	}
	return f.File.Chmod(m)
}

func (f *faultFile) Sync() error {
	if f.fail == "sync" {
		return errInjected
	}
	return f.File.Sync()
}

func (f *faultFile) Close() error {
	err := f.File.Close()
	if f.fail == "close" {
		return errInjected
	}
	return err
}

// listDir names the files in dir.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	return names
}

func TestWriteFile(t *testing.T) {
	data := build(t, realInput(t)).Zip
	dir := t.TempDir()
	path := filepath.Join(dir, "bundle.zip")

	if err := WriteFile(path, data, false); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("written file differs: %v", err)
	}
	if fi, _ := os.Stat(path); runtime.GOOS != "windows" && fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", fi.Mode().Perm())
	}

	// Not again without force; the file stays as it was.
	err = WriteFile(path, []byte("newer"), false)
	if !errors.Is(err, ErrExists) {
		t.Fatalf("second write without force: %v, want ErrExists", err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, data) {
		t.Error("refused write changed the file")
	}
	// With force it is replaced.
	if err := WriteFile(path, []byte("newer"), true); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "newer" {
		t.Error("forced write did not replace the file")
	}
	// A folder in the way is neither replaced nor filled.
	sub := filepath.Join(dir, "folder.zip")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(sub, data, false); !errors.Is(err, ErrExists) {
		t.Errorf("folder without force: %v", err)
	}
	if err := WriteFile(sub, data, true); err == nil {
		t.Error("forced write replaced a folder")
	}
	if err := WriteFile(filepath.Join(dir, "no", "such", "dir.zip"), data, true); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing folder: %v", err)
	}
	if names := listDir(t, dir); !slices.Equal(names, []string{"bundle.zip", "folder.zip"}) {
		t.Errorf("left behind: %q", names)
	}
}

// TestWriteFileFailures makes each step of the write fail in turn: the
// earlier bundle stays intact and no temporary file is left.
func TestWriteFileFailures(t *testing.T) {
	data := build(t, realInput(t)).Zip
	old := []byte("the earlier bundle")
	for _, step := range []string{"create", "write", "chmod", "sync", "close", "rename", "link+rename"} {
		for _, force := range []bool{false, true} {
			for _, existing := range []bool{false, true} {
				if existing && !force {
					continue // refused before any step runs; tested in TestWriteFile
				}
				if step == "rename" && !force {
					continue // without force the file is linked into place
				}
				name := step
				if force {
					name += "/force"
				}
				if existing {
					name += "/over-earlier"
				}
				t.Run(name, func(t *testing.T) {
					dir := t.TempDir()
					path := filepath.Join(dir, "bundle.zip")
					if existing {
						if err := os.WriteFile(path, old, 0o644); err != nil {
							t.Fatal(err)
						}
					}
					err := writeFile(faultFS{fail: step}, path, data, force)
					if !errors.Is(err, errInjected) {
						t.Fatalf("error %v, want the injected one wrapped", err)
					}
					want := []string(nil)
					if existing {
						want = []string{"bundle.zip"}
						if got, _ := os.ReadFile(path); !bytes.Equal(got, old) {
							t.Error("the earlier bundle was damaged")
						}
					}
					if names := listDir(t, dir); !slices.Equal(names, want) {
						t.Errorf("folder holds %q, want %q", names, want)
					}
				})
			}
		}
	}
}

func TestWriteFileWithoutLinks(t *testing.T) {
	// Where hard links fail (FAT, some network shares) the file is still
	// written, by rename.
	dir := t.TempDir()
	path := filepath.Join(dir, "bundle.zip")
	if err := writeFile(faultFS{fail: "link"}, path, []byte("zip"), false); err != nil {
		t.Fatal(err)
	}
	if names := listDir(t, dir); !slices.Equal(names, []string{"bundle.zip"}) {
		t.Errorf("folder holds %q", names)
	}
	// Someone else's file appearing at the last moment is not replaced.
	dir = t.TempDir()
	path = filepath.Join(dir, "bundle.zip")
	err := writeFile(faultFS{fail: "link-race"}, path, []byte("zip"), false)
	if !errors.Is(err, ErrExists) {
		t.Fatalf("error %v, want ErrExists", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "theirs" {
		t.Errorf("the other program's file now holds %q", got)
	}
	if names := listDir(t, dir); !slices.Equal(names, []string{"bundle.zip"}) {
		t.Errorf("folder holds %q", names)
	}
}

func TestWriteFileReadOnlyFolder(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("folder permissions do not stop writes on Windows")
	}
	// Permissions do not stop root: under root the test runs again as
	// the user nobody.
	if unprivileged.Rerun(t) {
		return
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "bundle.zip")
	old := []byte("the earlier bundle")
	if err := os.WriteFile(path, old, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	for _, force := range []bool{false, true} {
		target := path
		if !force {
			target = filepath.Join(dir, "new.zip")
		}
		if err := WriteFile(target, []byte("newer"), force); !errors.Is(err, fs.ErrPermission) {
			t.Errorf("force=%v: error %v, want permission denied", force, err)
		}
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, old) {
		t.Error("the earlier bundle was damaged")
	}
	if names := listDir(t, dir); !slices.Equal(names, []string{"bundle.zip"}) {
		t.Errorf("folder holds %q", names)
	}
}
