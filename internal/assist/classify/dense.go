package classify

import "math"

// logSoftmax turns scores into log-probabilities in place.
func logSoftmax(s []float64) {
	top := math.Inf(-1)
	for _, v := range s {
		top = max(top, v)
	}
	var z float64
	for _, v := range s {
		z += math.Exp(v - top)
	}
	lz := top + math.Log(z)
	for i := range s {
		s[i] -= lz
	}
}

// lda is linear discriminant analysis over dense inputs: class means with a
// shared, shrunk within-class covariance, giving linear class scores
// x·Σ⁻¹μc − ½ μc·Σ⁻¹μc. It needs no iterations and suits few examples.
type lda struct {
	in, k int
	w     []float32 // in×k: column c is Σ⁻¹μc
	b     []float64 // per class
	scale float64   // multiplies the scores (a temperature)
}

func (m *lda) size() int { return 4*len(m.w) + 8*len(m.b) }

func (m *lda) logProbs(x []float32) []float64 {
	acc := make([]float64, m.k)
	copy(acc, m.b)
	for i, xi := range x {
		if xi == 0 {
			continue
		}
		row := m.w[i*m.k : (i+1)*m.k]
		for c, w := range row {
			acc[c] += float64(xi * w)
		}
	}
	for c := range acc {
		acc[c] *= m.scale
	}
	logSoftmax(acc)
	return acc
}

// trainLDA fits LDA with covariance shrinkage toward a scaled identity
// (Σ = (1−s)·S + s·tr(S)/d·I) and a score scale of temp.
func trainLDA(xs [][]float32, y []int, weight []float64, k int, shrink, temp float64) *lda {
	d := len(xs[0])
	mu := make([][]float64, k)
	wc := make([]float64, k)
	for c := range mu {
		mu[c] = make([]float64, d)
	}
	for i, x := range xs {
		w := weight[i]
		wc[y[i]] += w
		for j, v := range x {
			mu[y[i]][j] += w * float64(v)
		}
	}
	for c := range mu {
		if wc[c] > 0 {
			for j := range mu[c] {
				mu[c][j] /= wc[c]
			}
		}
	}
	cov := make([]float64, d*d)
	var wsum float64
	r := make([]float64, d)
	for i, x := range xs {
		w := weight[i]
		wsum += w
		for j, v := range x {
			r[j] = float64(v) - mu[y[i]][j]
		}
		for a := range d {
			ra := w * r[a]
			if ra == 0 {
				continue
			}
			row := cov[a*d : a*d+a+1]
			for b := range row {
				row[b] += ra * r[b]
			}
		}
	}
	var tr float64
	for a := range d {
		for b := 0; b <= a; b++ {
			cov[a*d+b] /= wsum
			cov[b*d+a] = cov[a*d+b]
		}
		tr += cov[a*d+a]
	}
	for a := range d {
		for b := range d {
			cov[a*d+b] *= 1 - shrink
		}
		cov[a*d+a] += shrink*tr/float64(d) + 1e-9
	}
	chol := cholesky(cov, d)
	m := &lda{in: d, k: k, w: make([]float32, d*k), b: make([]float64, k), scale: temp}
	sol := make([]float64, d)
	for c := range k {
		copy(sol, mu[c])
		cholSolve(chol, d, sol)
		var q float64
		for j, v := range sol {
			m.w[j*k+c] = float32(v)
			q += v * mu[c][j]
		}
		m.b[c] = -q / 2
	}
	return m
}

// cholesky returns the lower-triangular L with L·Lᵀ = a (a is d×d,
// symmetric positive definite; it is overwritten).
func cholesky(a []float64, d int) []float64 {
	for j := range d {
		s := a[j*d+j]
		rj := a[j*d : j*d+j]
		for _, v := range rj {
			s -= v * v
		}
		s = math.Sqrt(max(s, 1e-12))
		a[j*d+j] = s
		for i := j + 1; i < d; i++ {
			t := a[i*d+j]
			ri := a[i*d : i*d+j]
			for p, v := range ri {
				t -= v * rj[p]
			}
			a[i*d+j] = t / s
		}
	}
	return a
}

// cholSolve solves L·Lᵀ·x = b in place.
func cholSolve(l []float64, d int, b []float64) {
	for i := range d {
		s := b[i]
		for p := range i {
			s -= l[i*d+p] * b[p]
		}
		b[i] = s / l[i*d+i]
	}
	for i := d - 1; i >= 0; i-- {
		s := b[i]
		for p := i + 1; p < d; p++ {
			s -= l[p*d+i] * b[p]
		}
		b[i] = s / l[i*d+i]
	}
}
