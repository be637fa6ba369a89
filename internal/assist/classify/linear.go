package classify

import (
	"math"
	"math/rand/v2"
	"sync"
)

// linear is a dense weight table over the feature ids seen in training:
// rows maps a feature id to a row of k weights (one per class), and the last
// row is the bias.
type linear struct {
	k    int
	rows map[uint32]int32
	w    []float32 // len(rows)+1 rows of k weights
}

func (m *linear) size() int { return len(m.rows)*12 + len(m.w)*4 }

// scores returns one score per class for v.
func (m *linear) scores(v Vector) []float64 {
	s := make([]float64, m.k)
	bias := len(m.rows) * m.k
	for c := range s {
		s[c] = float64(m.w[bias+c])
	}
	for i, id := range v.Idx {
		r, ok := m.rows[id]
		if !ok {
			continue
		}
		x := float64(v.Val[i])
		row := m.w[int(r)*m.k : int(r)*m.k+m.k]
		for c, w := range row {
			s[c] += x * float64(w)
		}
	}
	return s
}

// indexed is a training vector rewritten over dense row numbers.
type indexed struct {
	idx []int32
	val []float64
	sq  float64 // squared norm including the bias feature
}

func indexRows(vs []Vector) (map[uint32]int32, []indexed) {
	rows := make(map[uint32]int32)
	out := make([]indexed, len(vs))
	for i, v := range vs {
		x := indexed{idx: make([]int32, len(v.Idx)), val: make([]float64, len(v.Idx)), sq: biasValue * biasValue}
		for j, id := range v.Idx {
			r, ok := rows[id]
			if !ok {
				r = int32(len(rows))
				rows[id] = r
			}
			x.idx[j] = r
			x.val[j] = float64(v.Val[j])
			x.sq += x.val[j] * x.val[j]
		}
		out[i] = x
	}
	return rows, out
}

const biasValue = 1.0

// svmOptions configures one-vs-rest L2-regularised squared-hinge SVMs solved
// by dual coordinate descent (Hsieh et al. 2008).
type svmOptions struct {
	C       float64
	MaxIter int
	Eps     float64
	Seed    uint64
	Workers int
}

// trainSVM fits one binary SVM per class; y[i] is the class of vs[i] and
// weight[i] (>0) scales the example's penalty (corrections count more).
func trainSVM(vs []Vector, y []int, weight []float64, k int, opt svmOptions) *linear {
	rows, xs := indexRows(vs)
	nf := len(rows) + 1
	m := &linear{k: k, rows: rows, w: make([]float32, nf*k)}
	workers := max(opt.Workers, 1)
	classes := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			w := make([]float64, nf)
			for c := range classes {
				clear(w)
				solveBinary(xs, y, weight, c, w, opt)
				for f, v := range w {
					m.w[f*k+c] = float32(v)
				}
			}
		})
	}
	for c := range k {
		classes <- c
	}
	close(classes)
	wg.Wait()
	return m
}

func solveBinary(xs []indexed, y []int, weight []float64, class int, w []float64, opt svmOptions) {
	n := len(xs)
	bias := len(w) - 1
	alpha := make([]float64, n)
	order := make([]int, n)
	diag := make([]float64, n)
	for i := range order {
		order[i] = i
		diag[i] = 1 / (2 * opt.C * weight[i])
	}
	rng := rand.New(rand.NewPCG(opt.Seed, uint64(class)+1))
	for range opt.MaxIter {
		rng.Shuffle(n, func(a, b int) { order[a], order[b] = order[b], order[a] })
		maxPG, minPG := math.Inf(-1), math.Inf(1)
		for _, i := range order {
			x := xs[i]
			yi := -1.0
			if y[i] == class {
				yi = 1
			}
			dot := w[bias] * biasValue
			for j, r := range x.idx {
				dot += w[r] * x.val[j]
			}
			g := yi*dot - 1 + diag[i]*alpha[i]
			pg := g
			if alpha[i] == 0 && g > 0 {
				pg = 0
			}
			maxPG = max(maxPG, pg)
			minPG = min(minPG, pg)
			if math.Abs(pg) < 1e-12 {
				continue
			}
			old := alpha[i]
			alpha[i] = max(old-g/(x.sq+diag[i]), 0)
			d := (alpha[i] - old) * yi
			for j, r := range x.idx {
				w[r] += d * x.val[j]
			}
			w[bias] += d * biasValue
		}
		if maxPG-minPG < opt.Eps {
			break
		}
	}
}

// centroids builds a nearest-centroid model: each class's row is the
// normalised mean of its (unit-length) example vectors, so a score is the
// cosine similarity to the class centroid.
func centroids(vs []Vector, y []int, weight []float64, k int) *linear {
	sums := make([]map[uint32]float64, k)
	for c := range sums {
		sums[c] = make(map[uint32]float64)
	}
	for i, v := range vs {
		for j, id := range v.Idx {
			sums[y[i]][id] += float64(v.Val[j]) * weight[i]
		}
	}
	rows := make(map[uint32]int32)
	for _, s := range sums {
		for id := range s {
			if _, ok := rows[id]; !ok {
				rows[id] = int32(len(rows))
			}
		}
	}
	m := &linear{k: k, rows: rows, w: make([]float32, (len(rows)+1)*k)}
	for c, s := range sums {
		var n float64
		for _, x := range s {
			n += x * x
		}
		if n == 0 {
			continue
		}
		n = 1 / math.Sqrt(n)
		for id, x := range s {
			m.w[int(rows[id])*k+c] = float32(x * n)
		}
	}
	return m
}
