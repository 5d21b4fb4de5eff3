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
// search is exact. Scattering the suffixes costs Σ_t s_t²/2 for s_t the
// rows holding column t in their suffix: the common columns fall in the
// prefixes of the longer rows.
//
// Two more bounds, L2AP's (Anastasiu and Karypis 2014), cut the
// candidates. A row i takes its suffix rarest column first, so it meets a
// row j first at the rarest column c the two share, and all their shared
// columns are c or more frequent: x·y ≤ ‖x_{≤c}‖·‖y_{≤c}‖ (the norms over
// those columns, kept beside each suffix entry and posting). And a
// candidate's products over the shared suffix columns, plus the prefix
// norm of the row split later (the columns they share outside both
// suffixes lie in that prefix), bound its score. A candidate is taken, and
// then scored exactly, only when a bound reaches the lesser of the two
// rows' admission thresholds: the floor until a row's heap holds k, then
// its k-th best (a worker's k-th best is at most the merged one, so the
// bound stays safe). On the near-duplicate search of a generated corpus of
// 100,000 articles (question rows of 6 terms on average, floor 0.3) the
// suffixes cost 1.3e8 visits against 4.6e8 for every posting, but some
// 5 million pairs really reach the floor, and the search took as much CPU
// as the row-by-row path (BENCHMARKS.md, "Top-k that scales").
//
// Each candidate is scored as TopKSparse's row-by-row path scores it, the
// float32 products of the shared columns summed in ascending column order,
// so the lists equal that path's lists with the scores under the floor
// dropped. The bounds are kept with a margin (prefixMargin) so that the
// float32 sums cannot put a pair that the real-valued bounds exclude at or
// above a threshold. Rows are taken in chunks by the workers, each pair
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
// the floor and scores only the pairs that may reach a row's k best (see
// the file comment); with floor ≤ 0 it is TopKSparse. Scores are those of TopKSparse's row-by-row
// path (SparseRows), so its lists are that path's with the entries under
// floor removed. opt's CommonDF, Path and Span are not used.
func TopKSparseAbove(a *CSR, k int, floor float32, opt SparseOptions) [][]Hit {
	if !(floor > 0) {
		return TopKSparse(a, k, opt)
	}
	empty, k, ok := sparseStart(a, k)
	if !ok {
		return empty
	}
	n := a.Rows
	w := par.Workers(opt.Workers)
	sx := newSuffixIndex(a, float64(floor)-prefixMargin, w)
	const chunk = 64
	return searchTasks(n, k, w, (n+chunk-1)/chunk, floor, opt.Skip, func(h *rowHeaps) func(int) {
		acc := make([]float32, n)
		mark := make([]int32, n)
		dense := make([]float32, a.Cols)
		var touched []int32
		return func(c int) {
			for i := c * chunk; i < min((c+1)*chunk, n); i++ {
				touched = sx.accumulate(i, h.thr, acc, mark, touched[:0])
				ii, iv := a.Row(i)
				for p, c := range ii {
					dense[c] = iv[p]
				}
				for _, j32 := range touched {
					j := int(j32)
					part := acc[j]
					acc[j] = 0
					// The columns the suffixes do not share lie in the
					// prefix of the row split later: at most its norm.
					if b := part + max(sx.rest[i], sx.rest[j]) + prefixMargin; b < h.thr[i] && b < h.thr[j] {
						continue
					}
					s := gatherDot32(dense, a, j)
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
				for _, c := range ii {
					dense[c] = 0
				}
			}
		}
	})
}

// gatherDot32 is the dot product of row j of a with the row spread in
// dense (zero elsewhere) as the row-by-row path of TopKSparse sums it:
// float32 products of the shared columns added in ascending column order.
// The products over j's other columns are exact zeros, which leave a
// float32 sum unchanged (the weights are finite).
func gatherDot32(dense []float32, a *CSR, j int) float32 {
	ind, val := a.Row(j)
	var s float32
	for p, c := range ind {
		s += dense[c] * val[p]
	}
	return s
}

// suffixIndex holds each row's suffix and the index of the suffixes: for
// each column, the rows (ascending) that have it in their suffix, with
// their weight there and their norm up to it. A row's norm up to column c,
// ‖x_{≤c}‖, is over its entries of rank at most c's (c and the columns more
// frequent than c).
type suffixIndex struct {
	a *CSR
	// each row's suffix entries, rarest first: column, weight, norm up to it
	sufPtr []int
	sufCol []int32
	sufVal []float32
	sufUp  []float32
	post   *CSR      // column → rows and weights, over suffix entries only
	postUp []float32 // the norm up to the column of each posting
	split  []int32   // each row's first suffix rank (MaxInt32: no suffix)
	rest   []float32 // each row's ‖prefix‖·M
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
	up := func(x float64) float32 { return math.Nextafter32(float32(x), float32(math.Inf(1))) }
	sx := &suffixIndex{a: a, split: make([]int32, n), rest: make([]float32, n), sufPtr: make([]int, n+1)}
	// Each row's entries by rank, its split, its prefix bound and the
	// length of its suffix; then the suffixes, rarest first.
	byRank := make([]int32, len(a.Ind)) // positions in the row, by rank
	par.Ranges(n, workers, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			ind, val := a.Row(i)
			br := byRank[a.Ptr[i]:a.Ptr[i+1]]
			for p := range br {
				br[p] = int32(p)
			}
			slices.SortFunc(br, func(x, y int32) int { return cmp.Compare(rank[ind[x]], rank[ind[y]]) })
			var ss, prev float64
			sx.split[i] = math.MaxInt32
			cut := len(br)
			for q, p := range br {
				ss += float64(val[p]) * float64(val[p])
				if math.Sqrt(ss)*maxNorm >= t {
					sx.split[i], cut = rank[ind[p]], q
					break
				}
				prev = math.Sqrt(ss) * maxNorm
			}
			sx.rest[i] = up(prev) // rounded up: a bound in float32 too
			sx.sufPtr[i+1] = len(br) - cut
		}
	})
	for i := range n {
		sx.sufPtr[i+1] += sx.sufPtr[i]
	}
	m := sx.sufPtr[n]
	sx.sufCol, sx.sufVal, sx.sufUp = make([]int32, m), make([]float32, m), make([]float32, m)
	par.Ranges(n, workers, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			ind, val := a.Row(i)
			br := byRank[a.Ptr[i]:a.Ptr[i+1]]
			var ss float64
			cut := len(br) - (sx.sufPtr[i+1] - sx.sufPtr[i])
			for q, p := range br {
				ss += float64(val[p]) * float64(val[p])
				if q >= cut {
					e := sx.sufPtr[i+1] - 1 - (q - cut) // rarest first
					sx.sufCol[e], sx.sufVal[e], sx.sufUp[e] = ind[p], val[p], up(math.Sqrt(ss))
				}
			}
		}
	})
	// The postings of the suffix entries, rows ascending within a column.
	ptr := make([]int, a.Cols+1)
	for _, c := range sx.sufCol {
		ptr[c+1]++
	}
	for c := range a.Cols {
		ptr[c+1] += ptr[c]
	}
	rows, vals, ups := make([]int32, m), make([]float32, m), make([]float32, m)
	fill := slices.Clone(ptr[:a.Cols])
	for i := range n {
		for e := sx.sufPtr[i]; e < sx.sufPtr[i+1]; e++ {
			c := sx.sufCol[e]
			rows[fill[c]], vals[fill[c]], ups[fill[c]] = int32(i), sx.sufVal[e], sx.sufUp[e]
			fill[c]++
		}
	}
	sx.post, sx.postUp = &CSR{Rows: a.Cols, Cols: n, Ptr: ptr, Ind: rows, Val: vals}, ups
	return sx
}

// accumulate adds into acc, for every row j > i that may reach the bound
// t with row i, the products over the columns both suffixes hold, and
// appends those rows to touched, marking them with i+1 in mark (acc and
// mark are one entry per row, owned by the caller's goroutine, which
// clears acc where it reads it). Row i's suffix is taken rarest first, so
// a row j is met first at the rarest column the two share: all their
// shared columns are that one or more frequent, and x·y ≤ ‖x_{≤c}‖·‖y_{≤c}‖
// (Cauchy–Schwarz over those columns). A row whose bound there is under t
// cannot reach it and is not taken (its later columns have lower bounds
// still); the bound is L2AP's (Anastasiu and Karypis 2014).
func (sx *suffixIndex) accumulate(i int, thr []float32, acc []float32, mark, touched []int32) []int32 {
	stamp := int32(i + 1)
	ti := float64(thr[i]) - prefixMargin
	for e := sx.sufPtr[i]; e < sx.sufPtr[i+1]; e++ {
		c, v, ui := sx.sufCol[e], sx.sufVal[e], float64(sx.sufUp[e])
		lo, hi := sx.post.Ptr[c], sx.post.Ptr[c+1]
		rows := sx.post.Ind[lo:hi]
		q, _ := slices.BinarySearch(rows, int32(i+1))
		vals, ups := sx.post.Val[lo+q:hi], sx.postUp[lo+q:hi]
		for r, j := range rows[q:] {
			if mark[j] != stamp {
				if b := ui * float64(ups[r]); b < ti && b < float64(thr[j])-prefixMargin {
					continue
				}
				mark[j] = stamp
				touched = append(touched, j)
			}
			acc[j] += v * vals[r]
		}
	}
	return touched
}
