//go:build unix

package encoder

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user + system) the process has used so far. The
// benchmark divides by it rather than by wall time, so that other work on a
// shared machine does not lower the figure.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
