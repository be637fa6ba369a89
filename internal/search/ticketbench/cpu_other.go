//go:build !linux

package ticketbench

import "time"

var cpuStart = time.Now()

// cpuNow falls back to the wall clock where the process CPU clock is not
// read.
func cpuNow() time.Duration { return time.Since(cpuStart) }
