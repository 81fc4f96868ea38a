package fileproblem

import "syscall"

// diskFull are the errors a write gets when the disk has no space left:
// Windows reports ERROR_DISK_FULL (112) or ERROR_HANDLE_DISK_FULL (39),
// which syscall does not name.
var diskFull = []error{syscall.ENOSPC, syscall.Errno(112), syscall.Errno(39)}
