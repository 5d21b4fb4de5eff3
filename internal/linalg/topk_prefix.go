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
// Each row's list is then searched for from its own side alone (the
// search of L2Knng, Anastasiu and Karypis 2015, on AllPairs' index):
//
//  1. Seed: a row's admission threshold starts at the k-th best score of
//     up to seedRows rows that share its rarest suffix columns (the floor
//     while fewer reach it). That is a real k-th best among real pairs,
//     so the final list's k-th best is at least it, and no pair under it
//     can enter the list.
//  2. Query: the row takes its suffix rarest first, so it meets a row j
//     first at the rarest column c the two share, and all their shared
//     columns are c or more frequent: x·y ≤ ‖x_{≤c}‖·‖y_{≤c}‖ (L2AP's bound,
//     Anastasiu and Karypis 2014; the norms over those columns are kept
//     beside each suffix entry and posting). Each column's postings are
//     ordered by that norm, largest first, so the walk of a column stops
//     at the first row whose bound is under the threshold; every row met
//     above it is scored exactly and offered, and the threshold rises to
//     the heap's k-th best as it fills.
//
// A pair is thus scored from either side when it may enter that side's
// list, and rows need nothing from one another: the workers take rows in
// chunks, each row's heap filled by one worker. Against the symmetric
// search (each pair from its lower row, scattered over every suffix
// posting, before this), the early stop is what saves: on the question
// vectors of a generated corpus of 300,000 articles (floor 0.3, k 10), where
// some 5 million pairs per 100,000 articles reach the floor, it took 18.8
// and 21.4 CPU-s against 39.7 and 38.4 (BENCHMARKS.md, "Top-k that
// scales"). It still grows as about n^2.2 there: a question shares its
// rarest term with hundreds of others whose bound is near 1.
//
// Each candidate is scored as TopKSparse's row-by-row path scores it, the
// float32 products of the shared columns summed in ascending column order
// (from a 64-byte record of the row, RowLine, when it fits one), so the
// lists equal that path's lists with the scores under the floor dropped.
// The bounds are kept with a margin (prefixMargin) so that the float32
// sums cannot put a pair that the real-valued bounds exclude at or above a
// threshold. The result does not depend on the number of workers.

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
// the file comment); with floor ≤ 0 it is TopKSparse. Scores are those of
// TopKSparse's row-by-row path (SparseRows), so its lists are that path's
// with the entries under floor removed. opt's CommonDF, Path and Span are
// not used; its Lines spare a copy of the rows.
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
	lines := opt.Lines
	if len(lines) != n {
		lines = RowLines(a)
	}
	sx := newSuffixIndex(a, lines, float64(floor)-prefixMargin, w)
	seed := sx.seedThresholds(k, floor, opt.Skip, w)
	sx.sortByBound(w)
	const chunk = 64
	return searchTasks(n, k, w, (n+chunk-1)/chunk, floor, opt.Skip, func(h *rowHeaps) func(int) {
		copy(h.thr, seed)
		mark := make([]int32, n)
		dense := make([]float32, a.Cols)
		return func(c int) {
			for i := c * chunk; i < min((c+1)*chunk, n); i++ {
				sx.query(i, h, floor, mark, dense)
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
// each column, the rows that have it in their suffix, with their norm up
// to it (the scores come from the rows' records, not from the index). A row's norm up to column c,
// ‖x_{≤c}‖, is over its entries of rank at most c's (c and the columns more
// frequent than c).
type suffixIndex struct {
	a     *CSR
	lines []RowLine // each row in one record, for gather
	// each row's suffix entries, rarest first: column, norm up to it
	sufPtr []int
	sufCol []int32
	sufUp  []float32
	post   *CSR      // column → rows (no values), over suffix entries only
	postUp []float32 // the norm up to the column of each posting
}

// newSuffixIndex splits every row of a at the bound t (see the file
// comment) and indexes the suffixes; lines are a's rows (RowLines).
func newSuffixIndex(a *CSR, lines []RowLine, t float64, workers int) *suffixIndex {
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
	sx := &suffixIndex{a: a, lines: lines, sufPtr: make([]int, n+1)}
	// Each row's entries by rank and the length of its suffix; then the
	// suffixes, rarest first.
	byRank := make([]int32, len(a.Ind)) // positions in the row, by rank
	par.Ranges(n, workers, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			ind, val := a.Row(i)
			br := byRank[a.Ptr[i]:a.Ptr[i+1]]
			for p := range br {
				br[p] = int32(p)
			}
			slices.SortFunc(br, func(x, y int32) int { return cmp.Compare(rank[ind[x]], rank[ind[y]]) })
			var ss float64
			cut := len(br)
			for q, p := range br {
				ss += float64(val[p]) * float64(val[p])
				if math.Sqrt(ss)*maxNorm >= t {
					cut = q
					break
				}
			}
			sx.sufPtr[i+1] = len(br) - cut
		}
	})
	for i := range n {
		sx.sufPtr[i+1] += sx.sufPtr[i]
	}
	m := sx.sufPtr[n]
	sx.sufCol, sx.sufUp = make([]int32, m), make([]float32, m)
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
					sx.sufCol[e], sx.sufUp[e] = ind[p], up(math.Sqrt(ss))
				}
			}
		}
	})
	// The postings of the suffix entries, rows ascending within a column
	// (seedThresholds reads them so; sortByBound then orders them for
	// query).
	ptr := make([]int, a.Cols+1)
	for _, c := range sx.sufCol {
		ptr[c+1]++
	}
	for c := range a.Cols {
		ptr[c+1] += ptr[c]
	}
	rows, ups := make([]int32, m), make([]float32, m)
	fill := slices.Clone(ptr[:a.Cols])
	for i := range n {
		for e := sx.sufPtr[i]; e < sx.sufPtr[i+1]; e++ {
			c := sx.sufCol[e]
			rows[fill[c]], ups[fill[c]] = int32(i), sx.sufUp[e]
			fill[c]++
		}
	}
	sx.post, sx.postUp = &CSR{Rows: a.Cols, Cols: n, Ptr: ptr, Ind: rows}, ups
	return sx
}

// seedRows is how many rows seedThresholds scores for each row: those
// that share its rarest suffix columns, the likeliest to score high.
const seedRows = 64

// seedThresholds returns, for each row i, a lower bound on the k-th best
// score of its final list: the k-th best (floor while fewer) of up to
// seedRows rows sharing i's rarest suffix columns, each scored as the
// search scores it and subject to skip. The final list's k-th best is at
// least that, since it is the k-th best over all rows: a pair scoring
// under it cannot enter i's list, so the search may start i's admission
// threshold there rather than at the floor, and prune by it from the first
// row on (the thresholds of L2Knng, Anastasiu and Karypis 2015).
func (sx *suffixIndex) seedThresholds(k int, floor float32, skip func(i, j int) bool, workers int) []float32 {
	a, n := sx.a, sx.a.Rows
	seed := make([]float32, n)
	par.Ranges(n, workers, func(lo, hi int) {
		dense := make([]float32, a.Cols)
		mark := make([]int32, n)
		best := make([]float32, 0, k) // the k best so far, descending
		for i := lo; i < hi; i++ {
			ii, iv := a.Row(i)
			for p, c := range ii {
				dense[c] = iv[p]
			}
			best = best[:0]
			stamp, seen := int32(i+1), 0
		cols:
			for e := sx.sufPtr[i]; e < sx.sufPtr[i+1]; e++ {
				c := sx.sufCol[e]
				for _, j32 := range sx.post.Ind[sx.post.Ptr[c]:sx.post.Ptr[c+1]] {
					if seen == seedRows {
						break cols
					}
					j := int(j32)
					if j == i || mark[j] == stamp {
						continue
					}
					mark[j] = stamp
					seen++
					s := sx.gather(dense, j)
					if !(s >= floor) || (len(best) == k && s <= best[k-1]) || (skip != nil && skip(i, j)) {
						continue
					}
					q := len(best)
					if q < k {
						best = append(best, 0)
					} else {
						q--
					}
					for q > 0 && best[q-1] < s {
						best[q] = best[q-1]
						q--
					}
					best[q] = s
				}
			}
			seed[i] = floor
			if len(best) == k {
				seed[i] = best[k-1]
			}
			for _, c := range ii {
				dense[c] = 0
			}
		}
	})
	return seed
}

// sortByBound orders each column's postings by the norm up to the column,
// largest first (ties by row), for query's early stop.
func (sx *suffixIndex) sortByBound(workers int) {
	p := sx.post
	par.Ranges(p.Rows, workers, func(lo, hi int) {
		type ent struct {
			row int32
			u   float32
		}
		var buf []ent
		for c := lo; c < hi; c++ {
			a, b := p.Ptr[c], p.Ptr[c+1]
			buf = buf[:0]
			for r := a; r < b; r++ {
				buf = append(buf, ent{p.Ind[r], sx.postUp[r]})
			}
			slices.SortFunc(buf, func(x, y ent) int { return cmp.Or(cmp.Compare(y.u, x.u), cmp.Compare(x.row, y.row)) })
			for q, e := range buf {
				p.Ind[a+q], sx.postUp[a+q] = e.row, e.u
			}
		}
	})
}

// query fills row i's heap in h alone: every row j sharing a suffix column
// with i whose L2AP bound at the rarest one they share reaches i's
// admission threshold is scored, the threshold rising as the heap fills.
// Postings are in sortByBound's order, so a column's walk stops at the
// first row under the threshold.
func (sx *suffixIndex) query(i int, h *rowHeaps, floor float32, mark []int32, dense []float32) {
	a := sx.a
	stamp := int32(i + 1)
	ii, iv := a.Row(i)
	for p, c := range ii {
		dense[c] = iv[p]
	}
	for e := sx.sufPtr[i]; e < sx.sufPtr[i+1]; e++ {
		c, ui := sx.sufCol[e], float64(sx.sufUp[e])
		lo, hi := sx.post.Ptr[c], sx.post.Ptr[c+1]
		for r := lo; r < hi; r++ {
			if ui*float64(sx.postUp[r]) < float64(h.thr[i])-prefixMargin {
				break
			}
			j := sx.post.Ind[r]
			if mark[j] == stamp || int(j) == i {
				continue
			}
			mark[j] = stamp
			if s := sx.gather(dense, int(j)); s >= floor && s >= h.thr[i] {
				h.offer(i, int(j), s)
			}
		}
	}
	for _, c := range ii {
		dense[c] = 0
	}
}

// RowLine is a row of at most LineLen entries in one 64-byte record, so
// that a dot product with it reads one cache line rather than a CSR's
// offsets, columns and values: the near-duplicate search scores its
// candidates from them, and the paraphrase detector its question cosines
// (questions average some 6 kept terms). A longer row is marked
// (Ind[0] = LineLong) and read from the matrix.
type RowLine struct {
	Ind [LineLen]int32 // columns, ascending; LineEnd after the last
	Val [LineLen]float32
}

// The record's size, its end mark and its mark of a longer row.
const (
	LineLen  = 8
	LineEnd  = math.MaxInt32
	LineLong = -1
)

// RowLines returns the records of a's rows.
func RowLines(a *CSR) []RowLine {
	lines := make([]RowLine, a.Rows)
	for i := range lines {
		ind, val := a.Row(i)
		l := &lines[i]
		if len(ind) > LineLen {
			l.Ind[0] = LineLong
			continue
		}
		for p := range LineLen {
			l.Ind[p] = LineEnd
		}
		copy(l.Ind[:], ind)
		copy(l.Val[:], val)
	}
	return lines
}

// gather is gatherDot32(dense, sx.a, j), from j's record when it has one:
// the same products added in the same order.
func (sx *suffixIndex) gather(dense []float32, j int) float32 {
	l := &sx.lines[j]
	if l.Ind[0] == LineLong {
		return gatherDot32(dense, sx.a, j)
	}
	var s float32
	for p := range LineLen {
		c := l.Ind[p]
		if c == LineEnd {
			break
		}
		s += dense[c] * l.Val[p]
	}
	return s
}
