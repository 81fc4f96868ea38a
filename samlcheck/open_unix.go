//go:build unix

package samlcheck

import (
	"io/fs"
	"os"
	"syscall"
)

// openForRead opens path for reading. Anything but a regular file is opened
// non-blocking: opening a FIFO nobody writes to would otherwise wait forever;
// non-blocking, it reads as empty and the admin gets a message.
func openForRead(path string, mode fs.FileMode) (*os.File, error) {
	if mode.IsRegular() {
		return os.Open(path)
	}
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
