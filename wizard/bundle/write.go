package bundle

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/pymetrics/sso-assistant/internal/durable"
)

// WriteFile writes a bundle to path atomically: the bytes go to a temporary
// file in the same folder, are flushed to disk, and only then take the
// path's name, durably (package durable). A failure at any point (permission denied, disk full) removes
// the temporary file and leaves whatever was at path untouched. Without
// force an existing file is never replaced and the error wraps ErrExists.
// The file is readable by everyone (0644): a bundle holds no secret.
func WriteFile(path string, zip []byte, force bool) error {
	return writeFile(osFS{}, path, zip, force)
}

// fileSystem is what writeFile needs from the operating system; tests put a
// failing one in its place to prove that no partial file survives.
type fileSystem interface {
	CreateTemp(dir, pattern string) (tempFile, error)
	RenameNew(oldname, newname string) error
	Rename(oldname, newname string) error
	Remove(name string) error
	Lstat(name string) (fs.FileInfo, error)
}

type tempFile interface {
	io.Writer
	Name() string
	Chmod(fs.FileMode) error
	Sync() error
	Close() error
}

type osFS struct{}

func (osFS) CreateTemp(dir, pattern string) (tempFile, error) { return os.CreateTemp(dir, pattern) }
func (osFS) RenameNew(oldname, newname string) error          { return durable.RenameNew(oldname, newname) }
func (osFS) Rename(oldname, newname string) error             { return durable.Rename(oldname, newname) }
func (osFS) Remove(name string) error                         { return os.Remove(name) }
func (osFS) Lstat(name string) (fs.FileInfo, error)           { return os.Lstat(name) }

// placed reports whether a rename gave the file its name: without error,
// or only not confirmed on disk (durable.ErrNotDurable), which loses
// nothing the caller could still save.
func placed(err error) bool { return err == nil || errors.Is(err, durable.ErrNotDurable) }

func writeFile(fsys fileSystem, path string, data []byte, force bool) (err error) {
	dir, base := filepath.Split(path)
	if base == "" {
		return fmt.Errorf("bundle: write %q: not a file name", path)
	}
	if dir == "" {
		dir = "."
	}
	if !force {
		if _, err := fsys.Lstat(path); err == nil {
			return fmt.Errorf("%w: %s", ErrExists, path)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("bundle: write %s: %w", path, err)
		}
	}

	f, err := fsys.CreateTemp(dir, ".pymetrics-sso-*.tmp")
	if err != nil {
		return fmt.Errorf("bundle: write %s: %w", path, err)
	}
	tmp := f.Name()
	closed := false
	defer func() {
		if err != nil {
			if !closed {
				f.Close()
			}
			fsys.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("bundle: write %s: %w", path, err)
	}
	if err = f.Chmod(0o644); err != nil {
		return fmt.Errorf("bundle: write %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("bundle: write %s: %w", path, err)
	}
	closed = true
	if err = f.Close(); err != nil {
		return fmt.Errorf("bundle: write %s: %w", path, err)
	}

	if force {
		if err = fsys.Rename(tmp, path); !placed(err) {
			return fmt.Errorf("bundle: write %s: %w", path, err)
		}
		err = nil
	} else if err = placeNew(fsys, tmp, path); err != nil {
		return err
	}
	return nil
}

// placeNew gives tmp the name path only if path does not exist.
// durable.RenameNew does that atomically; where the file system cannot (no
// hard links on a Unix FAT drive) it falls back to a check followed by a
// rename, which leaves only a tiny window.
func placeNew(fsys fileSystem, tmp, path string) error {
	err := fsys.RenameNew(tmp, path)
	switch {
	case placed(err):
		return nil
	case errors.Is(err, fs.ErrExist):
		return fmt.Errorf("%w: %s", ErrExists, path)
	}
	if _, err := fsys.Lstat(path); err == nil {
		return fmt.Errorf("%w: %s", ErrExists, path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("bundle: write %s: %w", path, err)
	}
	if err := fsys.Rename(tmp, path); !placed(err) {
		return fmt.Errorf("bundle: write %s: %w", path, err)
	}
	return nil
}
