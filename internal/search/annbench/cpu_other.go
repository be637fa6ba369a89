//go:build !unix

package annbench

import "time"

// cpuTime is unavailable here; callers fall back to wall time.
func cpuTime() time.Duration { return 0 }
