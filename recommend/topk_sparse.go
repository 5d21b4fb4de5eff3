package recommend

// Exact sparse top-k with a pruned inverted index.
//
// The cost of the plain inverted-index product is Σ_t df_t²/2 scattered
// multiply-adds, and a few very common terms own nearly all of it: on the
// corpus's TF-IDF (35,915 rows, 69,822 terms, 6.0 M entries) Σ df²/2 is
// 1.07e10, of which the 168 terms with df > 5,000 own 70% and the 603 with
// df > 2,000 own 90%. Their weights are small (low idf): the norm of a row
// restricted to the terms with df > 5,000 is at most 0.48 (median 0.25),
// while the 30th best cosine of a row has median 0.245.
//
// So the columns are split into common ones (df above commonDF) and the
// rest, and every score into s(i, j) = R(i, j) + C(i, j), R over the rest,
// C over the common columns. By Cauchy–Schwarz C(i, j) ≤ ‖c_i‖·‖c_j‖, where
// c_i is row i restricted to the common columns.
//
// Pass 1 scatters only the rest columns' postings, for j > i. A pair with
// R ≠ 0 is scored exactly (C as a short dot product against row i's common
// part, held dense) unless its bound R + ‖c_i‖‖c_j‖ is below both rows'
// current admission thresholds, in which case it can never enter either
// list: thresholds only rise.
//
// Pass 2 covers the pairs with R = 0, whose score is C alone. After pass 1
// the per-worker heaps are merged, giving each row i its k-th best θ_i so
// far. Only rows j with ‖c_j‖ ≥ θ_i/‖c_i‖ can still enter row i's list;
// pass 2 walks the rows in descending ‖c_j‖ down to that bound (all rows
// while i's list is not full) and scores the R = 0 ones. Both passes sum a
// pair's R and C in ascending column order whichever row computes it, so a
// pair scores the same in both lists, on any number of workers. Bounds are
// widened by a relative 1e-5 so that rounding never prunes a pair that
// would enter.

import (
	"cmp"
	"math"
	"slices"
	"sync"
	"sync/atomic"
)

// commonDF returns the document frequency above which a column counts as
// common for an n-row matrix. Measured on the corpus (35,915 rows, k = 30,
// two cores, BenchmarkCorpusTopKSparse): see the table in BENCHMARKS.md.
func commonDF(n int) int { return max(commonMin, n/commonFrac) }

// commonMin and commonFrac set commonDF: df > max(64, n/7) is common. Tests
// vary them to exercise both passes on small matrices.
var commonMin, commonFrac = 64, 7

// sparseIndex is the read-only state the workers share.
type sparseIndex struct {
	a, at  *CSR
	cid    []int32 // column → common id, or -1
	ncom   int
	cPtr   []int // row i's common part: cInd/cVal[cPtr[i]:cPtr[i+1]], ascending
	cInd   []int32
	cVal   []float32
	cNorm  []float32 // ‖c_i‖
	byNorm []int32   // rows by descending ‖c_i‖, then ascending index
}

func newSparseIndex(a *CSR) *sparseIndex {
	x := &sparseIndex{a: a, at: a.transpose(), cid: make([]int32, a.Cols)}
	t := commonDF(a.Rows)
	for c := range a.Cols {
		if x.at.Ptr[c+1]-x.at.Ptr[c] > t {
			x.cid[c] = int32(x.ncom)
			x.ncom++
		} else {
			x.cid[c] = -1
		}
	}
	x.cPtr = make([]int, a.Rows+1)
	x.cNorm = make([]float32, a.Rows)
	for i := range a.Rows {
		ind, val := a.Row(i)
		var ss float64
		for p, c := range ind {
			if id := x.cid[c]; id >= 0 {
				x.cInd = append(x.cInd, id)
				x.cVal = append(x.cVal, val[p])
				ss += float64(val[p]) * float64(val[p])
			}
		}
		x.cPtr[i+1] = len(x.cInd)
		x.cNorm[i] = float32(sqrt64(ss))
	}
	x.byNorm = make([]int32, a.Rows)
	for i := range x.byNorm {
		x.byNorm[i] = int32(i)
	}
	slices.SortFunc(x.byNorm, func(p, q int32) int {
		if c := cmp.Compare(x.cNorm[q], x.cNorm[p]); c != 0 {
			return c
		}
		return cmp.Compare(p, q)
	})
	return x
}

// widen returns an upper bound of r + cb safe against float32 rounding in
// the sums it bounds.
func widen(r, cb float32) float32 {
	ar := r
	if ar < 0 {
		ar = -ar
	}
	return r + cb + 1e-5*(ar+cb) + 1e-7
}

// TopKSparse returns, for each row i of a, the k rows j ≠ i with the largest
// positive dot product a_i·a_j, best first, ties broken by the lower j: the
// exact cosine top-k when rows are L2-normalised. Rows that share no column
// score 0 and are never returned, so a row may get fewer than k hits. Pairs
// for which skip(i, j) is true are left out (skip may be nil; see topk.go
// for when it is called). workers ≤ 0 means GOMAXPROCS; the result does not
// depend on it. A malformed matrix gives empty lists.
func TopKSparse(a *CSR, k int, skip func(i, j int) bool, workers int) [][]Hit {
	if a == nil || a.Rows <= 0 {
		return nil
	}
	n := a.Rows
	if k <= 0 || a.check() != nil {
		return make([][]Hit, n)
	}
	k = min(k, n-1)
	if k == 0 {
		return make([][]Hit, n)
	}
	w := workerCount(workers)
	x := newSparseIndex(a)

	// Pass 1: pairs sharing a rest column, each from its lower row.
	const chunk = 64
	var next atomic.Int64
	hs := make([]*rowHeaps, w)
	var wg sync.WaitGroup
	for wi := range w {
		h := newRowHeaps(n, k, 0, skip)
		hs[wi] = h
		wg.Go(func() {
			acc := make([]float32, n)
			ci := make([]float32, x.ncom)
			for {
				lo := int(next.Add(chunk) - chunk)
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+chunk, n); i++ {
					x.pass1(h, i, acc, ci)
				}
			}
		})
	}
	wg.Wait()
	h := mergeToHeaps(hs, n, k, skip)

	// Pass 2: pairs sharing only common columns, per row into its own list.
	next.Store(0)
	for range w {
		wg.Go(func() {
			acc := make([]float32, n)
			ci := make([]float32, x.ncom)
			for {
				lo := int(next.Add(chunk) - chunk)
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+chunk, n); i++ {
					x.pass2(h, i, acc, ci)
				}
			}
		})
	}
	wg.Wait()
	return mergeHeaps([]*rowHeaps{h}, n, k, w)
}

// pass1 scores row i against every j > i that shares a rest column.
func (x *sparseIndex) pass1(h *rowHeaps, i int, acc, ci []float32) {
	ind, val := x.a.Row(i)
	lo, hi := x.a.Rows, i
	for p, t := range ind {
		if id := x.cid[t]; id >= 0 {
			ci[id] = val[p]
			continue
		}
		rows, vals := x.at.Row(int(t))
		q, _ := slices.BinarySearch(rows, int32(i+1))
		if q == len(rows) {
			continue
		}
		lo = min(lo, int(rows[q]))
		hi = max(hi, int(rows[len(rows)-1]))
		v := val[p]
		vals = vals[q:len(rows)]
		rows = rows[q:]
		for r, j := range rows {
			acc[j] += v * vals[r]
		}
	}
	ni := x.cNorm[i]
	for j := lo; j <= hi; j++ {
		r := acc[j]
		if r == 0 {
			continue
		}
		acc[j] = 0
		ti, tj := h.thr[i], h.thr[j]
		if ub := widen(r, ni*x.cNorm[j]); ub < ti && ub < tj {
			continue
		}
		s := r + x.commonDot(ci, j)
		if s <= 0 {
			continue
		}
		if s >= ti {
			h.offer(i, j, s)
		}
		if s >= tj {
			h.offer(j, i, s)
		}
	}
	for _, t := range ind {
		if id := x.cid[t]; id >= 0 {
			ci[id] = 0
		}
	}
}

// commonDot returns C(i, j): row j's common part against row i's, held
// dense in ci, in ascending column order.
func (x *sparseIndex) commonDot(ci []float32, j int) float32 {
	var c float32
	lo, hi := x.cPtr[j], x.cPtr[j+1]
	vals := x.cVal[lo:hi]
	for p, id := range x.cInd[lo:hi] {
		c += ci[id] * vals[p]
	}
	return c
}

// pass2 offers row i the rows j with R(i, j) = 0 that may still enter its
// list, scored by C alone.
func (x *sparseIndex) pass2(h *rowHeaps, i int, acc, ci []float32) {
	ni := x.cNorm[i]
	if ni == 0 {
		return
	}
	full := int(h.size[i]) == h.k
	if full && widen(0, ni*x.cNorm[x.byNorm[0]]) < h.thr[i] {
		return // no row's common part can reach θ_i
	}
	// R(i, ·) over all j, to know which pairs pass 1 owned.
	ind, val := x.a.Row(i)
	for p, t := range ind {
		if id := x.cid[t]; id >= 0 {
			ci[id] = val[p]
			continue
		}
		rows, vals := x.at.Row(int(t))
		v := val[p]
		for r, j := range rows {
			acc[j] += v * vals[r]
		}
	}
	for _, j32 := range x.byNorm {
		j := int(j32)
		if full && widen(0, ni*x.cNorm[j]) < h.thr[i] {
			break
		}
		if j == i || acc[j] != 0 {
			continue
		}
		if s := x.commonDot(ci, j); s > 0 && s >= h.thr[i] {
			h.offer(i, j, s)
			full = int(h.size[i]) == h.k
		}
	}
	for _, t := range ind {
		if id := x.cid[t]; id >= 0 {
			ci[id] = 0
			continue
		}
		rows, _ := x.at.Row(int(t))
		for _, j := range rows {
			acc[j] = 0
		}
	}
}

func sqrt64(x float64) float64 { return math.Sqrt(x) }
