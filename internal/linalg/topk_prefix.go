package linalg

// Exact sparse top-k above a score floor, by prefix filtering.
//
// TopKSparse scores every pair that shares a column: Σ_t df_t²/2 scattered
// updates, which grow as n² (a column's df grows with the corpus). When
// only the pairs scoring at least a floor t > 0 matter (the near-duplicate
// search: question cosines from DupThreshold up), most of that work is on
// pairs that share nothing but common, light terms and cannot reach t.
//
// The bound is that of AllPairs (Bayardo, Ma and Srikant 2007) in its L2
// form. Order the columns by document frequency, the most frequent first,
// and split each row x into its prefix x' (the longest run of its first
// columns in that order with ‖x'‖·M < t, M the largest row norm) and its
// suffix x'' (the rest). For rows x and y, let x's split come at or after
// y's in the column order. The columns before x's split lie in x's prefix,
// so they add at most ‖x'‖·‖y‖ < t to x·y; a pair with x·y ≥ t therefore
// shares a column at or after x's split, which lies in both suffixes. So
// the pairs that share a suffix column, both sides' suffixes indexed, are
// all the candidates, and every pair that reaches t is among them: the
// search is exact. It costs Σ_t s_t²/2 for s_t the rows holding column t
// in their suffix: common columns fall in the prefixes, rare ones carry
// the candidates.
//
// Each candidate is scored as TopKSparse's row-by-row path scores it, the
// float32 products of the shared columns summed in ascending column order,
// so the lists equal that path's lists with the scores under the floor
// dropped. The bound is kept with a margin (prefixMargin) so that the
// float32 sums cannot put a pair that the real-valued bound excludes at or
// above the floor. Rows are taken in chunks by the workers, each pair
// offered from its lower row to both rows' heaps, as topKSparseRows does:
// the result does not depend on the number of workers.

import (
	"cmp"
	"math"
	"slices"

	"recommend/internal/par"
)

// prefixMargin is how much below the floor the prefix bound is held: far
// above the float32 rounding of a sum of a few dozen products of unit-row
// weights (some 1e-6), far below any floor that is used.
const prefixMargin = 1e-4

// TopKSparseAbove returns, for each row i of a, the k rows j ≠ i with the
// largest dot product a_i·a_j among those scoring at least floor, best
// first, ties broken by the lower j; opt.Skip as TopKSparse takes it. With
// floor > 0 the search indexes only the part of each row that can reach
// the floor (see the file comment) and grows far slower than n²; with
// floor ≤ 0 it is TopKSparse. Scores are those of TopKSparse's row-by-row
// path (SparseRows), so its lists are that path's with the entries under
// floor removed. opt's CommonDF, Path and Span are not used.
func TopKSparseAbove(a *CSR, k int, floor float32, opt SparseOptions) [][]Hit {
	if !(floor > 0) {
		return TopKSparse(a, k, opt)
	}
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
	w := par.Workers(opt.Workers)
	sx := newSuffixIndex(a, float64(floor)-prefixMargin, w)
	const chunk = 64
	return searchTasks(n, k, w, (n+chunk-1)/chunk, floor, opt.Skip, func(h *rowHeaps) func(int) {
		mark := make([]int32, n)
		var cand []int32
		return func(c int) {
			for i := c * chunk; i < min((c+1)*chunk, n); i++ {
				cand = sx.candidates(i, mark, cand[:0])
				ii, iv := a.Row(i)
				for _, j32 := range cand {
					j := int(j32)
					ji, jv := a.Row(j)
					s := rowDot32(ii, iv, ji, jv)
					if s < floor {
						continue
					}
					if s >= h.thr[i] {
						h.offer(i, j, s)
					}
					if s >= h.thr[j] {
						h.offer(j, i, s)
					}
				}
			}
		}
	})
}

// rowDot32 is the dot product of two sparse rows as the row-by-row path
// of TopKSparse sums it: float32 products of the shared columns, added in
// ascending column order into a float32.
func rowDot32(ai []int32, av []float32, bi []int32, bv []float32) float32 {
	var s float32
	for p, q := range Shared(ai, bi) {
		s += av[p] * bv[q]
	}
	return s
}

// suffixIndex holds, for each column, the rows (ascending) that have it in
// their suffix, and for each row its suffix columns.
type suffixIndex struct {
	post   *CSR // column → rows, over suffix entries only (values unused)
	suffix [][]int32
}

// newSuffixIndex splits every row of a at the bound t (see the file
// comment) and indexes the suffixes.
func newSuffixIndex(a *CSR, t float64, workers int) *suffixIndex {
	n := a.Rows
	df := make([]int, a.Cols)
	for _, c := range a.Ind {
		df[c]++
	}
	// rank[c]: position of column c in the order most frequent first,
	// ties by the lower column.
	order := make([]int32, a.Cols)
	for c := range order {
		order[c] = int32(c)
	}
	slices.SortFunc(order, func(x, y int32) int { return cmp.Or(cmp.Compare(df[y], df[x]), cmp.Compare(x, y)) })
	rank := make([]int32, a.Cols)
	for r, c := range order {
		rank[c] = int32(r)
	}
	var maxNorm float64
	for i := range n {
		_, val := a.Row(i)
		var ss float64
		for _, v := range val {
			ss += float64(v) * float64(v)
		}
		maxNorm = max(maxNorm, math.Sqrt(ss))
	}
	sx := &suffixIndex{suffix: make([][]int32, n)}
	par.Ranges(n, workers, func(lo, hi int) {
		var byRank []int32 // positions in the row, by rank
		for i := lo; i < hi; i++ {
			ind, val := a.Row(i)
			byRank = byRank[:0]
			for p := range ind {
				byRank = append(byRank, int32(p))
			}
			slices.SortFunc(byRank, func(x, y int32) int { return cmp.Compare(rank[ind[x]], rank[ind[y]]) })
			var ss float64
			cut := len(byRank)
			for q, p := range byRank {
				ss += float64(val[p]) * float64(val[p])
				if math.Sqrt(ss)*maxNorm >= t {
					cut = q
					break
				}
			}
			suf := make([]int32, 0, len(byRank)-cut)
			for _, p := range byRank[cut:] {
				suf = append(suf, ind[p])
			}
			slices.Sort(suf)
			sx.suffix[i] = suf
		}
	})
	// The postings of the suffix entries, rows ascending within a column.
	ptr := make([]int, a.Cols+1)
	for _, suf := range sx.suffix {
		for _, c := range suf {
			ptr[c+1]++
		}
	}
	for c := range a.Cols {
		ptr[c+1] += ptr[c]
	}
	rows := make([]int32, ptr[a.Cols])
	fill := slices.Clone(ptr[:a.Cols])
	for i, suf := range sx.suffix {
		for _, c := range suf {
			rows[fill[c]] = int32(i)
			fill[c]++
		}
	}
	sx.post = &CSR{Rows: a.Cols, Cols: n, Ptr: ptr, Ind: rows}
	return sx
}

// candidates appends to out the rows j > i that share
// a suffix column with row i; mark (one entry per row, owned by the
// caller's goroutine) records them with stamp i+1.
func (sx *suffixIndex) candidates(i int, mark []int32, out []int32) []int32 {
	stamp := int32(i + 1)
	for _, c := range sx.suffix[i] {
		rows := sx.post.Ind[sx.post.Ptr[c]:sx.post.Ptr[c+1]]
		q, _ := slices.BinarySearch(rows, int32(i+1))
		for _, j := range rows[q:] {
			if mark[j] != stamp {
				mark[j] = stamp
				out = append(out, j)
			}
		}
	}
	return out
}

// suffixWork returns Σ_t s_t²/2 over the columns, s_t the rows holding t
// in their suffix: the candidate search's cost in scattered visits.
func (sx *suffixIndex) suffixWork() float64 {
	var s float64
	for c := range sx.post.Rows {
		d := float64(sx.post.Ptr[c+1] - sx.post.Ptr[c])
		s += d * d / 2
	}
	return s
}
