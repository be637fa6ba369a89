//go:build !amd64

package hnsw

func dot(a, b []float32) float32  { return dotGeneric(a, b) }
func l2sq(a, b []float32) float32 { return l2sqGeneric(a, b) }

// prefetch is a no-op without an assembly kernel.
func (x *Index) prefetch(ids []uint32) {}
