//go:build !amd64

package hnsw

// halfKernel is false without an assembly kernel: converting half-precision
// values in Go costs more than the memory it saves, so indexes walk the
// graph over their float32 vectors.
const halfKernel = false

func dot(a, b []float32) float32              { return dotGeneric(a, b) }
func l2sq(a, b []float32) float32             { return l2sqGeneric(a, b) }
func dotHalf(q []float32, h []uint16) float32 { return dotHalfGeneric(q, h) }
func (x *Index) prefetchWalk(ids []uint32)    {}
func (x *Index) prefetchVecs(ids []uint32)    {}
func (x *Index) prefetchLinks0(s uint32)      {}
