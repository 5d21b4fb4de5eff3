package linalg

// Exact sparse top-k: an inverted index for the rare columns, the tile
// kernel for the common ones.
//
// The plain inverted-index product costs Σ_t df_t²/2 scattered
// multiply-adds over all columns t, and a few very common columns own
// nearly all of it. On the corpus's TF-IDF (35,915 rows, 69,822 columns,
// 6.0 M entries, the benchmark's tokenizer) Σ df²/2 is 1.07e10, of which
// the 168 columns with df > 5,000 own 70% and the 603 with df > 2,000 own
// 90%. Pruning does not help much: even with those columns left out, 95% of
// all pairs still share some other column, and a Cauchy–Schwarz bound on
// the common part still let 43% of the pairs through to an exact check
// (measured at 20,000 rows, k = 30; 10.4 CPU-seconds against 8.2 for the
// unpruned product).
//
// So every pair is scored, exactly, as s(i, j) = C(i, j) + R(i, j): C over
// the common columns (df > commonDF) by the dense tile kernel on those
// columns packed as a dense n×c matrix, R over the rest through the
// transpose (the inverted index), scattered into a per-worker accumulator.
// A column of document frequency df costs df²/2 scattered updates in R and
// n²/2 fused multiply-adds in C, which the kernel does some 16 at a time:
// the split puts the columns where each is cheaper.
//
// Work goes by blocks of rows, as in TopKDense: a worker takes a block I
// and sweeps the rows j ≥ I span by span, with one cursor per (row, rare
// column) into the postings that moves forward span by span, so the
// accumulator is only block×span. Each pair is scored once, in the block of its lower
// row, C summed by the kernel in column order and R in ascending column
// order, whichever worker runs it: the scores, and so the lists, do not
// depend on the number of workers.

import (
	"math"
	"slices"

	"recommend/internal/par"
)

// SparsePath chooses how TopKSparse visits the pairs.
type SparsePath int

const (
	// SparseAuto takes the row-by-row path when scattering every column's
	// postings costs fewer updates than half of all the pairs (the
	// question vectors of the near-duplicate search are such a matrix: the
	// tiled path spent 3.7 CPU-seconds of the batch on them), the tiled
	// path otherwise.
	SparseAuto SparsePath = iota
	// SparseTiled scores every pair by blocks: common columns on the tile
	// kernel, rare ones through the inverted index.
	SparseTiled
	// SparseRows scatters each row's postings and offers only the rows it
	// touched.
	SparseRows
)

// rowPathRatio is SparseAuto's threshold: the row-by-row path when Σ df²/2
// is below this share of the n²/2 pairs.
const rowPathRatio = 0.5

// SparseOptions is what TopKSparse takes besides the matrix and k. The zero
// value is the measured default for the engine's TF-IDF matrices.
type SparseOptions struct {
	// Skip leaves out the pairs for which it is true (nil: none); see
	// TopKOptions.Skip.
	Skip func(i, j int) bool
	// Workers bounds the goroutines; ≤ 0 means GOMAXPROCS. The result does
	// not depend on it.
	Workers int
	// Lines are the matrix's rows as RowLines makes them, for
	// TopKSparseAbove, which scores from them: a caller that keeps them
	// passes them rather than have another copy made (nil: made there).
	Lines []RowLine
	// CommonDF is the document frequency above which a column goes to the
	// dense tile kernel rather than the inverted index (tiled path only).
	// 0 means max(32, n/10) for an n-row matrix (see commonDF); a negative
	// value sends every column to the kernel. The lists do not depend on it.
	CommonDF int
	// Path forces one way of visiting the pairs; SparseAuto (the zero
	// value) chooses by the matrix. The lists do not depend on it.
	Path SparsePath
	// Span is the width of the tiled path's accumulator, in rows (0:
	// 32·288, see defaultSpan).
	Span int
}

// commonDF returns the document frequency above which a column of an
// n-row matrix goes to the dense kernel rather than the inverted index, by
// default: df > max(32, n/10). CPU-seconds of TopKSparse on the product's
// TF-IDF of the corpus (35,915 rows, 27,570 columns, 4.0 M entries; k = 20,
// 2 workers, idle machine, the screening kernel of tileMasks in use): df >
// n/20 (1,795; 521 columns): 8.0, n/14: 6.7, n/12: 6.6, n/10 (3,591; 227
// columns): 6.2, n/8: 6.2, n/7: 6.3. (On the benchmark's plainer matrix,
// before that kernel, n/20 had been best: 19.6 against 20.3 at n/12 and
// 22.3 at n/7.)
func (o SparseOptions) commonDF(n int) int {
	if o.CommonDF != 0 {
		return o.CommonDF
	}
	return max(32, n/10)
}

// span returns the accumulator width, Span or defaultSpan.
func (o SparseOptions) span() int {
	if o.Span > 0 {
		return o.Span
	}
	return defaultSpan
}

// TopKSparse returns, for each row i of a, the k rows j ≠ i with the largest
// positive dot product a_i·a_j, best first, ties broken by the lower j: the
// exact cosine top-k when rows are L2-normalised. Rows that share no column
// score 0 and are never returned, so a row may get fewer than k hits. Pairs
// for which opt.Skip(i, j) is true are left out (see topk.go for when it is
// called). The result does not depend on opt's workers, common columns,
// path or span. A malformed matrix gives empty lists.
func TopKSparse(a *CSR, k int, opt SparseOptions) [][]Hit {
	empty, k, ok := sparseStart(a, k)
	if !ok {
		return empty
	}
	n, skip := a.Rows, opt.Skip
	w := par.Workers(opt.Workers)
	x := newSparseSplit(a, opt.commonDF(n), w)
	rows := opt.Path == SparseRows
	if opt.Path == SparseAuto {
		rows = x.scatterWork() < rowPathRatio*float64(n)*float64(n)/2
	}
	if rows {
		return topKSparseRows(x, k, skip, w)
	}
	nb := (n + denseBlock - 1) / denseBlock
	return searchTasks(n, k, w, nb, 0, skip, func(h *rowHeaps) func(int) {
		span := min(opt.span(), nb*denseBlock)
		t := &sparseTask{x: x, h: h, span: span, acc: make([]float32, denseBlock*span)}
		return t.run
	})
}

// sparseStart is what a sparse search does first: for no rows nil, for
// no work (k ≤ 0, a malformed matrix, one row) empty lists, and ok is
// false; otherwise ok, with k cut to the other rows.
func sparseStart(a *CSR, k int) (empty [][]Hit, kk int, ok bool) {
	if a == nil || a.Rows <= 0 {
		return nil, 0, false
	}
	if k <= 0 || a.check() != nil || a.Rows == 1 {
		return make([][]Hit, a.Rows), 0, false
	}
	return nil, min(k, a.Rows-1), true
}

// sparseSplit is the read-only state the workers share: the transpose of
// the rare columns and the common ones packed for the tile kernel.
type sparseSplit struct {
	a, at  *CSR
	common []bool // per column
	ncom   int
	pa, pb []float32 // common part packed as in TopKDense, d = ncom
}

// newSparseSplit transposes a and packs the columns of more than t
// entries for the tile kernel.
func newSparseSplit(a *CSR, t, workers int) *sparseSplit {
	x := &sparseSplit{a: a, at: a.transpose(), common: make([]bool, a.Cols)}
	cid := make([]int, a.Cols)
	for c := range a.Cols {
		if x.at.Ptr[c+1]-x.at.Ptr[c] > t {
			x.common[c] = true
			cid[c] = x.ncom
			x.ncom++
		}
	}
	n, d := a.Rows, x.ncom
	if d == 0 {
		return x
	}
	ng, ns := (n+tileM-1)/tileM, (n+tileN-1)/tileN
	x.pa = make([]float32, ng*tileM*d)
	x.pb = make([]float32, ns*tileN*d)
	par.Ranges(n, workers, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			ind, val := a.Row(i)
			pa := x.pa[(i/tileM)*tileM*d:]
			pb := x.pb[(i/tileN)*tileN*d:]
			for p, c := range ind {
				if x.common[c] {
					pa[cid[c]*tileM+i%tileM] = val[p]
					pb[cid[c]*tileN+i%tileN] = val[p]
				}
			}
		}
	})
	return x
}

// defaultSpan is the width of the accumulator (columns j per sweep): the
// rare columns' postings are scattered span by span, and each sweep visits
// every cursor, so a narrow span pays a cache miss per cursor per span.
// CPU-seconds on the corpus (commonDF n/20, k = 30, 2 workers, shared
// machine): span 288: 19.9, 1,152: 17.2, 4,608: 15.6, 9,216: 15.4,
// 36,864 (all rows): 14.3. 9,216 keeps the accumulator at 10.6 MB a worker.
// On the product's matrix at n/10 (idle machine) spans of 4,608 to 18,432
// are within noise of each other (6.0–6.3); 36,864 took 6.5.
const defaultSpan = 32 * denseBlock

// sparseTask is one worker's state for a block of rows.
type sparseTask struct {
	x    *sparseSplit
	h    *rowHeaps
	span int
	acc  []float32 // R for block I against the current span of j, denseBlock × span
	// one cursor per (row of the block, rare column of the row): the next
	// posting, its row (kept apart so that the sweep over idle cursors reads
	// one small array, not the index), the end, the weight, the block row
	pos, end []int
	next     []int32
	wt       []float32
	row      []int32
	out      [tileM * tileN]float32
}

// run scores every pair (i, j), i in block bi, j > i.
func (t *sparseTask) run(bi int) {
	x, n := t.x, t.x.a.Rows
	i0, i1 := bi*denseBlock, min((bi+1)*denseBlock, n)
	t.pos, t.end, t.next, t.wt, t.row = t.pos[:0], t.end[:0], t.next[:0], t.wt[:0], t.row[:0]
	for i := i0; i < i1; i++ {
		ind, val := x.a.Row(i)
		for p, c := range ind {
			if x.common[c] {
				continue
			}
			rows := x.at.Ind[x.at.Ptr[c]:x.at.Ptr[c+1]]
			q, _ := slices.BinarySearch(rows, int32(i+1))
			if q == len(rows) {
				continue
			}
			t.pos = append(t.pos, x.at.Ptr[c]+q)
			t.end = append(t.end, x.at.Ptr[c+1])
			t.next = append(t.next, rows[q])
			t.wt = append(t.wt, val[p])
			t.row = append(t.row, int32(i-i0))
		}
	}
	d := x.ncom
	for j0 := i0; j0 < n; j0 += t.span {
		j1 := min(j0+t.span, n)
		t.scatter(j0, j1)
		for js := j0; js < j1; js += tileN {
			var b []float32
			if d > 0 {
				b = x.pb[(js/tileN)*tileN*d : (js/tileN+1)*tileN*d]
			}
			for ig := i0; ig < i1; ig += tileM {
				if ig >= js+tileN-1 {
					break
				}
				if d > 0 {
					dotTile(x.pa[(ig/tileM)*tileM*d:(ig/tileM+1)*tileM*d], b, d, &t.out)
				}
				t.offerTile(ig, js, i0, i1, j0, j1)
			}
		}
	}
}

// scatter adds into acc the rare columns' products for j in [j0, j1),
// advancing each cursor past j1.
func (t *sparseTask) scatter(j0, j1 int) {
	rows, vals := t.x.at.Ind, t.x.at.Val
	for e, nj := range t.next {
		if int(nj) >= j1 {
			continue
		}
		p, end := t.pos[e], t.end[e]
		v := t.wt[e]
		acc := t.acc[int(t.row[e])*t.span : (int(t.row[e])+1)*t.span]
		for ; p < end && int(rows[p]) < j1; p++ {
			acc[int(rows[p])-j0] += v * vals[p]
		}
		t.pos[e] = p
		if p < end {
			t.next[e] = rows[p]
		} else {
			t.next[e] = math.MaxInt32
		}
	}
}

// offerTile combines one tile's C with the accumulated R, clears the
// accumulator and offers the positive scores that reach a threshold.
func (t *sparseTask) offerTile(ig, js, i0, i1, j0, j1 int) {
	h := t.h
	rmax := min(tileM, i1-ig)
	cmax := min(tileN, j1-js)
	if t.x.ncom == 0 {
		clear(t.out[:]) // no common part: C = 0
	}
	var masks [tileM]uint64
	tileMasks(&t.out, t.acc[(ig-i0)*t.span+js-j0:], t.span, h.thr[ig:ig+rmax], h.thr[js:js+cmax], 0, rmax, cmax, &masks)
	offerMasked(h, &t.out, &masks, ig, js)
}

// scatterWork returns Σ_t df_t²/2 over all columns.
func (x *sparseSplit) scatterWork() float64 { return postingWork(x.at) }

// postingWork returns Σ_t len_t²/2 over the rows t of an inverted index
// (len_t the length of row t): the scattered visits of pairing every
// posting of a list with every other.
func postingWork(at *CSR) float64 {
	var s float64
	for c := range at.Rows {
		d := float64(at.Ptr[c+1] - at.Ptr[c])
		s += d * d / 2
	}
	return s
}

// topKSparseRows scores, for each row i, every j > i sharing a column by
// scattering the postings of all of i's columns, and offers only the rows
// it touched.
func topKSparseRows(x *sparseSplit, k int, skip func(i, j int) bool, w int) [][]Hit {
	n := x.a.Rows
	const chunk = 64
	return searchTasks(n, k, w, (n+chunk-1)/chunk, 0, skip, func(h *rowHeaps) func(int) {
		acc := make([]float32, n)
		mark := make([]int32, n)
		var touched []int32
		return func(c int) {
			for i := c * chunk; i < min((c+1)*chunk, n); i++ {
				touched = x.scoreRow(h, i, acc, mark, touched[:0])
			}
		}
	})
}

// scoreRow scatters row i against the rows j > i and offers the positive
// scores; mark[j] = i+1 records the rows touched.
func (x *sparseSplit) scoreRow(h *rowHeaps, i int, acc []float32, mark, touched []int32) []int32 {
	ind, val := x.a.Row(i)
	stamp := int32(i + 1)
	for p, t := range ind {
		rows := x.at.Ind[x.at.Ptr[t]:x.at.Ptr[t+1]]
		vals := x.at.Val[x.at.Ptr[t]:x.at.Ptr[t+1]]
		q, _ := slices.BinarySearch(rows, int32(i+1))
		v := val[p]
		vals = vals[q:len(rows)]
		for r, j := range rows[q:] {
			if mark[j] != stamp {
				mark[j] = stamp
				touched = append(touched, j)
			}
			acc[j] += v * vals[r]
		}
	}
	for _, j32 := range touched {
		j := int(j32)
		s := acc[j]
		acc[j] = 0
		if s <= 0 {
			continue
		}
		if s >= h.thr[i] {
			h.offer(i, j, s)
		}
		if s >= h.thr[j] {
			h.offer(j, i, s)
		}
	}
	return touched
}
