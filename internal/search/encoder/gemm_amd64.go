//go:build !purego

package encoder

import "golang.org/x/sys/cpu"

// useAVX2 selects the assembly kernel (AVX2 + FMA), else the portable one.
var useAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// kernel6x16AVX2 is kernel6x16Generic in AVX2/FMA assembly (gemm_amd64.s).
//
//go:noescape
func kernel6x16AVX2(k int, a *float32, lda int, b *float32, c *float32, ldc int, bias *float32, flags int)

func kernel6x16(k int, a []float32, lda int, b []float32, c []float32, ldc int, bias []float32, flags int) {
	if !useAVX2 {
		kernel6x16Generic(k, a, lda, b, c, ldc, bias, flags)
		return
	}
	// Bounds the assembly relies on.
	_ = a[5*lda+k-1]
	_ = c[5*ldc+gemmCols-1]
	_ = b[k*gemmCols-1]
	var bp *float32
	if flags&kernelBias != 0 {
		_ = bias[gemmCols-1]
		bp = &bias[0]
	}
	kernel6x16AVX2(k, &a[0], lda, &b[0], &c[0], ldc, bp, flags)
}
