//go:build !amd64 || purego

package encoder

func kernel6x16(k int, a []float32, lda int, b []float32, c []float32, ldc int, bias []float32, flags int) {
	kernel6x16Generic(k, a, lda, b, c, ldc, bias, flags)
}
