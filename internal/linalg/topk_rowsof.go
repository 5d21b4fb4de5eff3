package linalg

// TopKSparseRowsOf is TopKSparse for some rows only, scored as its
// row-by-row path scores a pair (scoreRow): the float32 products of the
// two rows' shared columns summed in ascending column order, which gives
// the same bits from either row of the pair. An incremental night asks
// it about the rows whose lists may have changed, and keeps the others
// (recommend's duplicates); SparseRowsPath tells whether TopKSparse
// would have scored the whole matrix that way, so that the rows asked
// here match its lists to the bit.

import (
	"math"
	"slices"

	"recommend/internal/par"
)

// SparseRowsPath reports whether TopKSparse(a, k, opt) scores every pair
// on its row-by-row path (for any k > 0), whose scores TopKSparseRowsOf
// reproduces.
func SparseRowsPath(a *CSR, opt SparseOptions) bool {
	switch {
	case opt.Path == SparseRows:
		return true
	case opt.Path != SparseAuto || a == nil || a.Rows <= 1 || a.check() != nil:
		return false
	}
	n := float64(a.Rows)
	return postingWork(a.transpose()) < rowPathRatio*n*n/2
}

// TopKSparseRowsOf returns, for each of rows (indexed like rows), the k
// rows j ≠ i of a with the largest positive dot product, best first, ties
// broken by the lower j, pairs for which opt.Skip is true left out: row
// i's list of TopKSparse(a, k, opt) when SparseRowsPath holds. With over
// not NaN it also returns, for each of rows, every other row whose score
// with it is at least over (skipped pairs included), by row. The result
// does not depend on opt.Workers.
func TopKSparseRowsOf(a *CSR, rows []int, k int, over float32, opt SparseOptions) (top, above [][]Hit) {
	top = make([][]Hit, len(rows))
	if !math.IsNaN(float64(over)) {
		above = make([][]Hit, len(rows))
	}
	if a == nil || a.Rows <= 0 || len(rows) == 0 || a.check() != nil {
		return top, above
	}
	k = min(k, a.Rows-1)
	at := a.transpose()
	n := a.Rows
	par.Ranges(len(rows), opt.Workers, func(lo, hi int) {
		acc := make([]float32, n)
		mark := make([]int32, n)
		var touched []int32
		for x := lo; x < hi; x++ {
			i := rows[x]
			stamp := int32(i + 1)
			touched = touched[:0]
			ind, val := a.Row(i)
			for p, t := range ind {
				post := at.Ind[at.Ptr[t]:at.Ptr[t+1]]
				vals := at.Val[at.Ptr[t]:at.Ptr[t+1]]
				vals = vals[:len(post)]
				v := val[p]
				for r, j := range post {
					if mark[j] != stamp {
						mark[j] = stamp
						touched = append(touched, j)
					}
					acc[j] += v * vals[r]
				}
			}
			hs := make([]Hit, 0, max(k, 0)) // the best so far, best first
			for _, j32 := range touched {
				j := int(j32)
				s := acc[j]
				acc[j] = 0
				if j == i || s != s {
					continue
				}
				if above != nil && s >= over {
					above[x] = append(above[x], Hit{Doc: j, Score: float64(s)})
				}
				h := Hit{Doc: j, Score: float64(s)}
				if s <= 0 || k <= 0 || len(hs) == k && !better(h, hs[k-1]) || opt.Skip != nil && opt.Skip(i, j) {
					continue
				}
				at := len(hs)
				for at > 0 && better(h, hs[at-1]) {
					at--
				}
				if len(hs) < k {
					hs = append(hs, Hit{})
				}
				copy(hs[at+1:], hs[at:len(hs)-1])
				hs[at] = h
			}
			top[x] = hs
			if above != nil {
				slices.SortFunc(above[x], func(p, q Hit) int { return p.Doc - q.Doc })
			}
		}
	})
	return top, above
}

// better reports whether h ranks before o in SortHits' order.
func better(h, o Hit) bool { return h.Score > o.Score || h.Score == o.Score && h.Doc < o.Doc }

// SortHits sorts hits best first, as the top-k searches order them: by
// score descending, ties by the lower row.
func SortHits(hs []Hit) {
	slices.SortFunc(hs, func(p, q Hit) int {
		switch {
		case p.Score > q.Score:
			return -1
		case p.Score < q.Score:
			return 1
		}
		return p.Doc - q.Doc
	})
}
