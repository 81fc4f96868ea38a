//go:build unix

package samlcheck_test

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the process has used, all threads (the
// garbage collector's included). On a shared machine it moves far less with
// other load than wall time does, so benchmarks report it next to ns/op.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
