package encoder

// gemmRows and gemmCols are the tile of C one kernel call updates; the
// weights are packed in panels of gemmCols columns.
const (
	gemmRows = 4
	gemmCols = 16
	// rowBlock is how many rows of A are multiplied against one weight panel
	// before moving to the next, so the panel is reused from cache.
	rowBlock = 32
	// depthBlock splits the shared dimension so that the slice of a weight
	// panel in use (depthBlock×16 floats, 16 KiB) stays in L1 across row blocks.
	depthBlock = 256
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

// gemm computes c += a·w for the first m rows of a (row-major, width w.k)
// and c (row-major, width w.n). m must be a multiple of gemmRows.
func gemm(c, a []float32, m int, w *matrix) {
	k, n := w.k, w.n
	_ = a[m*k-1]
	_ = c[m*n-1]
	for r0 := 0; r0 < m; r0 += rowBlock {
		r1 := min(r0+rowBlock, m)
		for k0 := 0; k0 < k; k0 += depthBlock {
			kc := min(depthBlock, k-k0)
			for p := range n / gemmCols {
				panel := w.panels[(p*k+k0)*gemmCols : (p*k+k0+kc)*gemmCols]
				for r := r0; r < r1; r += gemmRows {
					kernel4x16(kc, a[r*k+k0:], k, panel, c[r*n+p*gemmCols:], n)
				}
			}
		}
	}
}

// kernel4x16Generic is the portable kernel: c[i][j] += Σ_kk a[i][kk]·b[kk][j]
// for a 4×16 tile, with a and c row strides lda and ldc and b a packed panel.
func kernel4x16Generic(k int, a []float32, lda int, b []float32, c []float32, ldc int) {
	var acc [gemmRows][gemmCols]float32
	for i := range gemmRows {
		copy(acc[i][:], c[i*ldc:i*ldc+gemmCols])
	}
	a0, a1, a2, a3 := a[:k], a[lda:lda+k], a[2*lda:2*lda+k], a[3*lda:3*lda+k]
	for kk := range k {
		bb := (*[gemmCols]float32)(b[kk*gemmCols : (kk+1)*gemmCols])
		x0, x1, x2, x3 := a0[kk], a1[kk], a2[kk], a3[kk]
		for j, bv := range bb {
			acc[0][j] += x0 * bv
			acc[1][j] += x1 * bv
			acc[2][j] += x2 * bv
			acc[3][j] += x3 * bv
		}
	}
	for i := range gemmRows {
		copy(c[i*ldc:i*ldc+gemmCols], acc[i][:])
	}
}
