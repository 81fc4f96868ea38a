//go:build !windows

package mailhandler

// Registered reports true: outside Windows the desktop's opener says
// itself when nothing handles the link.
func Registered() bool { return true }
