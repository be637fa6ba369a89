package hnsw

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// useAVX2 selects the AVX2+FMA kernels in distance_amd64.s, which process
// 32 floats per loop iteration in four independent accumulators.
var useAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// halfKernel reports whether dotHalf runs in assembly (F16C converts eight
// half-precision values per instruction); only then do cosine indexes keep
// the half-precision copy of their vectors that the graph walk reads.
var halfKernel = useAVX2 && cpu.X86.HasF16C

//go:noescape
func dotAVX2(a, b *float32, n int) float32

//go:noescape
func l2sqAVX2(a, b *float32, n int) float32

//go:noescape
func dotHalfAVX2(q *float32, h *uint16, n int) float32

//go:noescape
func prefetchRows(base unsafe.Pointer, ids *uint32, n, rowBytes int)

// prefetchWalk asks the CPU to start loading the rows the graph walk reads
// for ids (the half-precision rows when the index keeps them), so the
// memory latency of a hop is paid once for all of its neighbours instead of
// once per neighbour.
func (x *Index) prefetchWalk(ids []uint32) {
	if len(ids) == 0 {
		return
	}
	if x.half != nil {
		prefetchRows(unsafe.Pointer(&x.half[0]), &ids[0], len(ids), x.hdim*2)
	} else {
		prefetchRows(unsafe.Pointer(&x.vecs[0]), &ids[0], len(ids), x.dim*4)
	}
}

// prefetchVecs prefetches the full-precision vectors of the items.
func (x *Index) prefetchVecs(ids []uint32) {
	if len(ids) > 0 {
		prefetchRows(unsafe.Pointer(&x.vecs[0]), &ids[0], len(ids), x.dim*4)
	}
}

// prefetchLinks0 prefetches the layer-0 adjacency list of slot s: the node
// the beam search will most likely expand next.
func (x *Index) prefetchLinks0(s uint32) {
	prefetchRows(unsafe.Pointer(&x.links0[0]), &s, 1, (x.m0+1)*4)
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

// dotHalf returns the inner product of q and the half-precision vector h.
// len(q) == len(h) must be a multiple of 8 (rows are zero-padded).
func dotHalf(q []float32, h []uint16) float32 {
	if halfKernel && len(q) > 0 {
		_ = h[len(q)-1]
		return dotHalfAVX2(&q[0], &h[0], len(q))
	}
	return dotHalfGeneric(q, h)
}
