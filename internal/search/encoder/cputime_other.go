//go:build !unix

package encoder

import "time"

var processStart = time.Now()

// cpuTime falls back to wall time where getrusage is not available.
func cpuTime() time.Duration { return time.Since(processStart) }
