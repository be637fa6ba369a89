package encoder

// gemmRows and gemmCols are the tile of C one kernel call computes; the
// weights are packed in panels of gemmCols columns.
const (
	gemmRows = 6
	gemmCols = 16
	// rowBlock is how many rows of A are multiplied against one weight panel
	// before moving to the next, so the panel is reused from L1 while the
	// row block stays in L2.
	rowBlock = 96
	// depthBlock splits the shared dimension so that the slice of a weight
	// panel in use (depthBlock×16 floats, 16 KiB) stays in L1 across row blocks.
	depthBlock = 256
)

// Kernel flags: how a kernel call starts and ends its tile of C.
const (
	kernelLoad = 1 << iota // start from C (else from zero)
	kernelBias             // add the bias row at the start
	kernelReLU             // clamp the result at zero
)

// matrix is a k×n weight matrix packed into n/gemmCols panels; panel p holds
// columns [p·16, p·16+16) row after row, so a kernel reads it sequentially.
type matrix struct {
	k, n   int
	panels []float32
}

// packMatrix packs the row-major k×n matrix w; n must be a multiple of
// gemmCols. It returns nil if w is nil (a missing weight, reported elsewhere).
func packMatrix(w []float32, k, n int) *matrix {
	if w == nil || n%gemmCols != 0 {
		return nil
	}
	m := &matrix{k: k, n: n, panels: make([]float32, k*n)}
	for p := range n / gemmCols {
		panel := m.panels[p*k*gemmCols : (p+1)*k*gemmCols]
		for kk := range k {
			copy(panel[kk*gemmCols:(kk+1)*gemmCols], w[kk*n+p*gemmCols:kk*n+(p+1)*gemmCols])
		}
	}
	return m
}

// epilogue says what a gemm does besides the product.
type epilogue struct {
	accumulate bool      // add the product to C (else overwrite C)
	bias       []float32 // if set (length w.n), added to every row
	relu       bool      // clamp the result at zero
}

// gemm computes C = [C +] A·W [+ bias] [clamped at 0] for the first m rows of
// A (row-major, rows lda floats apart, w.k used) and C (rows ldc floats
// apart, w.n used). m must be a multiple of gemmRows and w.k at least 1.
func gemm(c []float32, ldc int, a []float32, lda int, m int, w *matrix, ep epilogue) {
	k, n := w.k, w.n
	if m == 0 {
		return
	}
	_ = a[(m-1)*lda+k-1]
	_ = c[(m-1)*ldc+n-1]
	if ep.bias != nil {
		_ = ep.bias[n-1]
	}
	for r0 := 0; r0 < m; r0 += rowBlock {
		r1 := min(r0+rowBlock, m)
		for k0 := 0; k0 < k; k0 += depthBlock {
			kc := min(depthBlock, k-k0)
			flags := kernelLoad
			if k0 == 0 && !ep.accumulate {
				flags = 0
			}
			if k0 == 0 && ep.bias != nil {
				flags |= kernelBias
			}
			if k0+kc >= k && ep.relu {
				flags |= kernelReLU
			}
			for p := range n / gemmCols {
				panel := w.panels[(p*k+k0)*gemmCols : (p*k+k0+kc)*gemmCols]
				var bias []float32
				if flags&kernelBias != 0 {
					bias = ep.bias[p*gemmCols : (p+1)*gemmCols]
				}
				for r := r0; r < r1; r += gemmRows {
					kernel6x16(kc, a[r*lda+k0:], lda, panel, c[r*ldc+p*gemmCols:], ldc, bias, flags)
				}
			}
		}
	}
}

// kernel6x16Generic is the portable kernel: for the 6×16 tile,
// c[i][j] = init[i][j] + Σ_kk a[i][kk]·b[kk][j], with a and c row strides lda
// and ldc, b a packed panel and init and the end as flags say.
func kernel6x16Generic(k int, a []float32, lda int, b []float32, c []float32, ldc int, bias []float32, flags int) {
	var acc [gemmRows][gemmCols]float32
	for i := range gemmRows {
		if flags&kernelLoad != 0 {
			copy(acc[i][:], c[i*ldc:i*ldc+gemmCols])
		}
		if flags&kernelBias != 0 {
			for j, v := range bias[:gemmCols] {
				acc[i][j] += v
			}
		}
	}
	a0, a1, a2 := a[:k], a[lda:lda+k], a[2*lda:2*lda+k]
	a3, a4, a5 := a[3*lda:3*lda+k], a[4*lda:4*lda+k], a[5*lda:5*lda+k]
	for kk := range k {
		bb := (*[gemmCols]float32)(b[kk*gemmCols : (kk+1)*gemmCols])
		x0, x1, x2, x3, x4, x5 := a0[kk], a1[kk], a2[kk], a3[kk], a4[kk], a5[kk]
		for j, bv := range bb {
			acc[0][j] += x0 * bv
			acc[1][j] += x1 * bv
			acc[2][j] += x2 * bv
			acc[3][j] += x3 * bv
			acc[4][j] += x4 * bv
			acc[5][j] += x5 * bv
		}
	}
	for i := range gemmRows {
		if flags&kernelReLU != 0 {
			for j, v := range acc[i] {
				acc[i][j] = max(v, 0)
			}
		}
		copy(c[i*ldc:i*ldc+gemmCols], acc[i][:])
	}
}
