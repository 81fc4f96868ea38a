//go:build !windows

package durable

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

func rename(oldpath, newpath string) error {
	if err := os.Rename(oldpath, newpath); err != nil {
		return err
	}
	return syncDir(filepath.Dir(newpath))
}

// renameNew links the new name first: link(2) fails when the name exists,
// which a check followed by rename(2) could not promise.
func renameNew(oldpath, newpath string) error {
	if err := os.Link(oldpath, newpath); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return err
		}
		var errno syscall.Errno
		if errors.As(err, &errno) && (errno == syscall.EPERM || errno == syscall.ENOTSUP || errno == syscall.EOPNOTSUPP || errno == syscall.EXDEV || errno == syscall.EMLINK) {
			return fmt.Errorf("durable: %w: %w", errors.ErrUnsupported, err)
		}
		return err
	}
	// Both names point at the file now; dropping the old one cannot lose
	// it, so a failure there is not the caller's problem.
	_ = os.Remove(oldpath)
	return syncDir(filepath.Dir(newpath))
}

// syncDir makes the folder's entries (a rename, a link) durable. A file
// system that cannot sync folders at all says EINVAL; there is nothing more
// to do there, so that is no error.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrNotDurable, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, syscall.ENOTSUP) {
		return fmt.Errorf("%w: %w", ErrNotDurable, err)
	}
	return nil
}
