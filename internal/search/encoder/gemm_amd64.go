package encoder

import "golang.org/x/sys/cpu"

// useAVX2 selects the assembly kernel (AVX2 + FMA), else the portable one.
var useAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// kernel4x16AVX2 is kernel4x16Generic in AVX2/FMA assembly (gemm_amd64.s).
//
//go:noescape
func kernel4x16AVX2(k int, a *float32, lda int, b *float32, c *float32, ldc int)

func kernel4x16(k int, a []float32, lda int, b []float32, c []float32, ldc int) {
	if !useAVX2 {
		kernel4x16Generic(k, a, lda, b, c, ldc)
		return
	}
	// Bounds the assembly relies on.
	if k == 0 {
		return
	}
	_ = a[3*lda+k-1]
	_ = b[k*gemmCols-1]
	_ = c[3*ldc+gemmCols-1]
	kernel4x16AVX2(k, &a[0], lda, &b[0], &c[0], ldc)
}
