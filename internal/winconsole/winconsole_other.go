//go:build !windows

package winconsole

// Attach does nothing outside Windows, where a program always inherits the
// terminal it was started from. It reports false.
func Attach() bool { return false }
