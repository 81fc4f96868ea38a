//go:build !windows

package fileproblem

import "syscall"

// diskFull are the errors a write gets when the disk has no space left.
var diskFull = []error{syscall.ENOSPC}
