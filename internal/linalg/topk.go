package linalg

// Exact top-k search over all pairs of rows.
//
// Both searches compute every unordered pair {i, j} once (the similarity is
// symmetric) and offer the score to the lists of both i and j. Each worker
// keeps its own bounded min-heap per row, so workers never share a heap;
// the per-worker heaps are merged at the end. The k best of a row under the
// total order (score descending, then index ascending) is unique, so the
// merged lists do not depend on how the pairs were split between workers
// (GOMAXPROCS), and each score is summed in one fixed order whichever
// worker computes it.
//
// The skip callback is consulted lazily: only for a candidate that would
// enter the row's heap (it beats the row's current k-th best, or the heap is
// not yet full). Most pairs are rejected by one float comparison against the
// row's threshold, so skip sees a small fraction of them; it is called from
// several goroutines at once and must be safe for that, cheap and pure.

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"sync"
	"sync/atomic"

	"recommend/internal/par"
)

// Hit is one entry of a top-k list: row Doc and its score (higher is
// better). The engine's related lists are made of them.
type Hit struct {
	Doc   int
	Score float64
}

// TopKOptions is what TopKDense takes besides the matrix and k.
type TopKOptions struct {
	// Skip leaves out the pairs for which it is true (nil: none). It is
	// called lazily, from several goroutines at once (see the file
	// comment): it must be safe for that, cheap and pure.
	Skip func(i, j int) bool
	// Workers bounds the goroutines; ≤ 0 means GOMAXPROCS. The result does
	// not depend on it.
	Workers int
}

// rowHeaps holds, for each of n rows, a min-heap of its k best candidates
// so far (worst at the root) and the score a newcomer must reach.
type rowHeaps struct {
	k     int
	score []float32 // n·k, row i at [i·k, i·k+size[i])
	doc   []int32
	size  []int32
	thr   []float32 // admission threshold: -Inf (or the floor) until full, then the root's score
	skip  func(i, j int) bool
}

func newRowHeaps(n, k int, floor float32, skip func(i, j int) bool) *rowHeaps {
	h := &rowHeaps{k: k, score: make([]float32, n*k), doc: make([]int32, n*k), size: make([]int32, n), thr: make([]float32, n), skip: skip}
	for i := range h.thr {
		h.thr[i] = floor
	}
	return h
}

// worse reports whether candidate (s1, d1) ranks below (s2, d2).
func worse(s1 float32, d1 int32, s2 float32, d2 int32) bool {
	return s1 < s2 || (s1 == s2 && d1 > d2)
}

// offer proposes j with score s for row i. Callers test s ≥ thr[i] first
// (and s above the floor); offer does the exact comparison.
func (h *rowHeaps) offer(i, j int, s float32) {
	if s != s { // NaN never ranks
		return
	}
	base := i * h.k
	sc, dc := h.score[base:base+h.k], h.doc[base:base+h.k]
	n := int(h.size[i])
	if n < h.k {
		if h.skip != nil && h.skip(i, j) {
			return
		}
		// sift up
		p := n
		for p > 0 {
			q := (p - 1) / 2
			if !worse(s, int32(j), sc[q], dc[q]) {
				break
			}
			sc[p], dc[p] = sc[q], dc[q]
			p = q
		}
		sc[p], dc[p] = s, int32(j)
		n++
		h.size[i] = int32(n)
		if n == h.k {
			h.thr[i] = sc[0]
		}
		return
	}
	if !worse(sc[0], dc[0], s, int32(j)) {
		return
	}
	if h.skip != nil && h.skip(i, j) {
		return
	}
	// replace the root and sift down
	p := 0
	for {
		c := 2*p + 1
		if c >= n {
			break
		}
		if c+1 < n && worse(sc[c+1], dc[c+1], sc[c], dc[c]) {
			c++
		}
		if !worse(sc[c], dc[c], s, int32(j)) {
			break
		}
		sc[p], dc[p] = sc[c], dc[c]
		p = c
	}
	sc[p], dc[p] = s, int32(j)
	h.thr[i] = sc[0]
}

// heapEnt is one entry of a row's heap, as mergeHeaps and sorted order
// them.
type heapEnt struct {
	s float32
	d int32
}

// sorted returns buf holding row i's entries, best first (score
// descending, then the lower row).
func (h *rowHeaps) sorted(i int, buf []heapEnt) []heapEnt {
	return sortEnts(h.appendRow(i, buf[:0]))
}

// appendRow appends row i's entries, in heap order, to buf.
func (h *rowHeaps) appendRow(i int, buf []heapEnt) []heapEnt {
	base := i * h.k
	for p := range int(h.size[i]) {
		buf = append(buf, heapEnt{h.score[base+p], h.doc[base+p]})
	}
	return buf
}

// sortEnts orders buf best first (score descending, then the lower row).
func sortEnts(buf []heapEnt) []heapEnt {
	slices.SortFunc(buf, func(a, b heapEnt) int {
		if c := cmp.Compare(b.s, a.s); c != 0 {
			return c
		}
		return cmp.Compare(a.d, b.d)
	})
	return buf
}

// mergeHeaps returns, for every row, the k best entries over all heaps,
// best first.
func mergeHeaps(hs []*rowHeaps, n, k int, workers int) [][]Hit {
	out := make([][]Hit, n)
	par.Ranges(n, workers, func(lo, hi int) {
		var buf []heapEnt
		for i := lo; i < hi; i++ {
			buf = buf[:0]
			for _, h := range hs {
				buf = h.appendRow(i, buf)
			}
			sortEnts(buf)
			m := min(k, len(buf))
			hits := make([]Hit, m)
			for p := range m {
				hits[p] = Hit{Doc: int(buf[p].d), Score: float64(buf[p].s)}
			}
			out[i] = hits
		}
	})
	return out
}

// denseBlock is the side, in rows, of the square blocks of the pair
// triangle that the workers take one at a time (a multiple of tileM and
// tileN): 288 rows of 200 float32 are 230 KB, which stay in L2 while a
// 48-row strip (38 KB) streams from L1.
const denseBlock = 288

// TopKDense returns, for each row i of x, the k rows j ≠ i with the
// largest dot product x_i·x_j, best first, ties broken by the lower j. With
// L2-normalised rows this is the exact cosine top-k. Pairs for which
// opt.Skip(i, j) is true are left out. Scores are float32 sums carried into
// Hit.Score. A row gets fewer than k hits only when fewer than k rows are
// admissible. It panics if len(x.Data) < x.Rows·x.Cols.
func TopKDense(x Dense, k int, opt TopKOptions) [][]Hit {
	n, d, skip := x.Rows, x.Cols, opt.Skip
	if n <= 0 || d < 0 {
		return make([][]Hit, max(n, 0))
	}
	if x.check() != nil {
		panic("linalg: TopKDense: len(x.Data) < Rows·Cols")
	}
	if k <= 0 {
		return make([][]Hit, n)
	}
	k = min(k, n-1)
	if k == 0 {
		return make([][]Hit, n)
	}
	w := par.Workers(opt.Workers)
	// Pack rows k-major: groups of tileM rows for the A side, strips of
	// tileN rows for the B side, zero-padded past n.
	ng, ns := (n+tileM-1)/tileM, (n+tileN-1)/tileN
	pa := make([]float32, ng*tileM*d)
	pb := make([]float32, ns*tileN*d)
	par.Ranges(n, w, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			row := x.Row(i)
			ga, ra := i/tileM, i%tileM
			a := pa[ga*tileM*d:]
			gb, rb := i/tileN, i%tileN
			b := pb[gb*tileN*d:]
			for c, v := range row {
				a[c*tileM+ra] = v
				b[c*tileN+rb] = v
			}
		}
	})
	nb := (n + denseBlock - 1) / denseBlock
	// Tasks are the blocks (I, J), I ≤ J, largest-first is not needed: they
	// are all the same size but the diagonal ones.
	ntask := nb * (nb + 1) / 2
	return searchTasks(n, k, w, ntask, float32(math.Inf(-1)), skip, func(h *rowHeaps) func(int) {
		var out [tileM * tileN]float32
		return func(t int) {
			bi, bj := triangleIndex(t, nb)
			denseTask(h, pa, pb, n, d, bi, bj, &out)
		}
	})
}

// searchTasks runs tasks 0 … ntask−1 of an all-pairs search on w
// workers, which take them in turn from a shared counter, and merges the
// workers' heaps into the lists. Each worker offers into heaps of its own
// (n rows, k best, admission floor and skip as newRowHeaps takes them);
// newWorker, called once on each worker's goroutine, returns the function
// that runs one task into those heaps, with whatever buffers it keeps.
func searchTasks(n, k, w, ntask int, floor float32, skip func(i, j int) bool, newWorker func(h *rowHeaps) func(task int)) [][]Hit {
	var next atomic.Int64
	hs := make([]*rowHeaps, w)
	var wg sync.WaitGroup
	for wi := range w {
		h := newRowHeaps(n, k, floor, skip)
		hs[wi] = h
		wg.Go(func() {
			run := newWorker(h)
			for {
				t := int(next.Add(1) - 1)
				if t >= ntask {
					return
				}
				run(t)
			}
		})
	}
	wg.Wait()
	return mergeHeaps(hs, n, k, w)
}

// triangleIndex maps t in [0, nb(nb+1)/2) to the t-th pair (I, J), I ≤ J,
// in row-major order of the upper triangle.
func triangleIndex(t, nb int) (int, int) {
	i := 0
	for t >= nb-i {
		t -= nb - i
		i++
	}
	return i, i + t
}

// denseTask scores all pairs (i, j), i in block bi, j in block bj, i < j.
func denseTask(h *rowHeaps, pa, pb []float32, n, d, bi, bj int, out *[tileM * tileN]float32) {
	i0, i1 := bi*denseBlock, min((bi+1)*denseBlock, n)
	j0, j1 := bj*denseBlock, min((bj+1)*denseBlock, n)
	for js := j0; js < j1; js += tileN {
		b := pb[(js/tileN)*tileN*d : (js/tileN+1)*tileN*d]
		for ig := i0; ig < i1; ig += tileM {
			if ig >= js+tileN-1 { // every i ≥ every j of the strip
				break
			}
			a := pa[(ig/tileM)*tileM*d : (ig/tileM+1)*tileM*d]
			dotTile(a, b, d, out)
			var masks [tileM]uint64
			rmax := min(tileM, i1-ig)
			cmax := min(tileN, j1-js)
			tileMasks(out, nil, 0, h.thr[ig:ig+rmax], h.thr[js:js+cmax], float32(math.Inf(-1)), rmax, cmax, &masks)
			offerMasked(h, out, &masks, ig, js)
		}
	}
}

// offerMasked offers the pairs of a tile whose bit is set in masks (see
// tileMasks), i = ig+r against j = js+c for j > i, to the heaps of both
// rows, each if it still reaches that row's threshold.
func offerMasked(h *rowHeaps, out *[tileM * tileN]float32, masks *[tileM]uint64, ig, js int) {
	for r, m := range masks {
		i := ig + r
		if c0 := i + 1 - js; c0 >= tileN {
			continue
		} else if c0 > 0 {
			m &^= 1<<c0 - 1 // j ≤ i
		}
		for m != 0 {
			c := bits.TrailingZeros64(m)
			m &= m - 1
			j, s := js+c, out[r*tileN+c]
			if s >= h.thr[i] {
				h.offer(i, j, s)
			}
			if s >= h.thr[j] {
				h.offer(j, i, s)
			}
		}
	}
}
