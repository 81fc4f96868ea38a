//go:build !unix

package samlcheck

import (
	"io/fs"
	"os"
)

// openForRead opens path for reading.
func openForRead(path string, _ fs.FileMode) (*os.File, error) {
	return os.Open(path)
}
