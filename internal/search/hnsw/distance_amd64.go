package hnsw

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// useAVX2 selects the AVX2+FMA kernels in distance_amd64.s, which process
// 32 floats per loop iteration in four independent accumulators.
var useAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

//go:noescape
func dotAVX2(a, b *float32, n int) float32

//go:noescape
func l2sqAVX2(a, b *float32, n int) float32

//go:noescape
func prefetchRows(base unsafe.Pointer, ids *uint32, n, rowBytes int)

// prefetch asks the CPU to start loading the vectors and layer-0 link lists
// of ids, so the memory latency of a hop is paid once for all of its
// neighbours instead of once per neighbour, and expanding one of them later
// finds its links in cache.
func (x *Index) prefetch(ids []uint32) {
	if len(ids) > 0 {
		prefetchRows(unsafe.Pointer(&x.vecs[0]), &ids[0], len(ids), x.dim*4)
		prefetchRows(unsafe.Pointer(&x.links0[0]), &ids[0], len(ids), (x.m0+1)*4)
	}
}

// dot returns the inner product of a and b (len(b) >= len(a)).
func dot(a, b []float32) float32 {
	if useAVX2 && len(a) > 0 {
		_ = b[len(a)-1]
		return dotAVX2(&a[0], &b[0], len(a))
	}
	return dotGeneric(a, b)
}

// l2sq returns the squared Euclidean distance between a and b (len(b) >= len(a)).
func l2sq(a, b []float32) float32 {
	if useAVX2 && len(a) > 0 {
		_ = b[len(a)-1]
		return l2sqAVX2(&a[0], &b[0], len(a))
	}
	return l2sqGeneric(a, b)
}
