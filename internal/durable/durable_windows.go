package durable

import (
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/windows"
)

func rename(oldpath, newpath string) error {
	return moveFile(oldpath, newpath, windows.MOVEFILE_REPLACE_EXISTING|windows.MOVEFILE_WRITE_THROUGH)
}

// renameNew leaves out MOVEFILE_REPLACE_EXISTING: MoveFileEx then fails
// with ERROR_ALREADY_EXISTS, which matches fs.ErrExist, and moves nothing.
func renameNew(oldpath, newpath string) error {
	return moveFile(oldpath, newpath, windows.MOVEFILE_WRITE_THROUGH)
}

// moveFile calls MoveFileEx with absolute paths (what os.Rename does too),
// and returns its error as an *os.LinkError like os.Rename.
func moveFile(oldpath, newpath string, flags uint32) error {
	from, err := utf16Abs(oldpath)
	if err != nil {
		return &os.LinkError{Op: "rename", Old: oldpath, New: newpath, Err: err}
	}
	to, err := utf16Abs(newpath)
	if err != nil {
		return &os.LinkError{Op: "rename", Old: oldpath, New: newpath, Err: err}
	}
	if err := windows.MoveFileEx(from, to, flags); err != nil {
		return &os.LinkError{Op: "rename", Old: oldpath, New: newpath, Err: err}
	}
	return nil
}

func utf16Abs(path string) (*uint16, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	// Past MAX_PATH the classic API wants the \\?\ form, as os.Rename
	// gives it.
	if len(abs) >= 248 && !strings.HasPrefix(abs, `\\?\`) {
		if strings.HasPrefix(abs, `\\`) {
			abs = `\\?\UNC\` + abs[2:]
		} else {
			abs = `\\?\` + abs
		}
	}
	return windows.UTF16PtrFromString(abs)
}
