package figures

import (
	"math"
	"slices"
)

// Percentile returns the p-th quantile (0 < p <= 1) of samples by the
// nearest-rank method, or 0 for no samples. samples is not modified.
func Percentile(samples []float64, p float64) float64 {
	if len(samples) == 0 {
		return 0
	}
	s := slices.Clone(samples)
	slices.Sort(s)
	rank := int(math.Ceil(p*float64(len(s)))) - 1
	rank = max(0, min(rank, len(s)-1))
	return s[rank]
}
