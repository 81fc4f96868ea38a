//go:build !unix && !windows

package wizard

import "errors"

// lockFile: no locking on this platform; Lock then lets the store save.
func lockFile(string) (func(), error) {
	return nil, errors.ErrUnsupported
}
