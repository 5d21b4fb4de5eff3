package recommend

// Approximate candidates, re-ranked exactly by TF-IDF.
//
// The exact TF-IDF top-k (topk_sparse.go) scores every pair: its cost grows
// as n² and faster (the columns common enough for the tile kernel grow with
// the corpus). For a large corpus the blend's TF-IDF candidates come from a
// pool per article, gathered two ways, and re-ranked exactly:
//
//  1. LSA inverted file (IVF). nlist = ⌈√n⌉ centroids, started from rows
//     drawn by the seed and refined by ivfIters rounds of spherical k-means
//     (assign each row to its centroid of largest dot product, centroid =
//     normalised mean) on a sample of at most ivfSample·nlist rows; then
//     every row is assigned to its home centroid. The rows of one home
//     cluster all probe the same clusters: the ivfProbe centroids nearest
//     their home centroid (itself first). Every (row, member of a probed
//     cluster) pair is scored by the LSA dot product on the tile kernel,
//     and the ivfPool best per row kept (the lists' exclusions applied).
//     A worker takes whole home clusters, so each row's heap has one
//     writer.
//  2. Heavy terms. Each row's heavyTerms largest TF-IDF weights are indexed:
//     column → the rows holding it among their heavy terms, heaviest first,
//     cut to heavyList rows. A row sums w_i,t·w_j,t over its heavy terms
//     and the lists, and the heavyPool rows of largest partial sum join the
//     pool. LSA alone (200 dimensions keep 31% of the matrix's energy) found
//     85.5% of the final top-5 at 12 probes; heavy terms alone 95.6%;
//     both 99.2% (BENCHMARKS.md, "Top-k that scales").
//  3. Re-rank. Each pooled row is scored by the exact TF-IDF cosine (the
//     float64 gather of rowScorer) and the k best are the row's
//     candidates, best first, ties by the lower index.
//
// What is exact: every candidate's TF-IDF score, and so the blend's scores
// and the order of the final lists. What is approximate: which articles
// reach the pool. Work is about ivfProbe·n^1.5·d multiply-adds for the
// probing, n·d·√n for the assignment, n·heavyTerms·heavyList scattered
// adds for the heavy terms, and n·(ivfPool+heavyPool) sparse gathers for
// the re-rank. The result does not depend on the number of workers.

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"

	"recommend/internal/par"
)

// Search methods for the TF-IDF candidates (Config.Search).
const (
	SearchAuto  = "auto"  // exact up to Config.ExactUpTo articles, "ivf" above
	SearchExact = "exact" // every pair scored (topk_sparse.go)
	SearchIVF   = "ivf"   // LSA inverted-file candidates, exact TF-IDF re-rank
)

// IVF settings; see the file comment. ivfProbe, ivfPool and the heavy-term
// settings are the measured recall/cost trade-off on the real corpus
// (BENCHMARKS.md, "Top-k that scales"): probe 8 instead of 12 gave a
// recall of 0.990, pools of 50 0.987, heavyList 100 0.989.
var (
	ivfProbe  = 12
	ivfPool   = 100
	ivfIters  = 4
	ivfSample = 40
)

// tfidfCandidates returns the k best rows of every row by TF-IDF cosine,
// by the method Config.Search chooses for this corpus: the exact all-pairs
// search, or the pool of the IVF over z (normalised LSA rows, d columns)
// and the heavy terms, re-ranked by the exact TF-IDF cosine.
func (m *Model) tfidfCandidates(z []float32, d, k int, skip func(i, j int) bool, workers int) [][]Hit {
	n := m.tf.x.Rows
	if !m.useIVF(n) {
		return TopKSparse(m.tf.x, k, skip, workers)
	}
	var pool [][]Hit
	if ivfPool > 0 {
		pool = TopKIVF(z, n, d, max(ivfPool, k), ivfProbe, m.cfg.Seed, skip, workers)
	}
	heavy := newHeavyIndex(m.tf.x, heavyTerms, heavyList, workers)
	out := make([][]Hit, n)
	par.Ranges(n, workers, func(lo, hi int) {
		sc := m.newRowScorer()
		hp := heavy.newProber(n)
		var cand []int32
		for i := lo; i < hi; i++ {
			sc.load(i)
			cand = cand[:0]
			if pool != nil {
				for _, h := range pool[i] {
					cand = append(cand, int32(h.Doc))
				}
			}
			cand = hp.candidates(i, heavyPool, skip, cand)
			slices.Sort(cand)
			cand = slices.Compact(cand)
			hs := make([]Hit, 0, len(cand))
			for _, j := range cand {
				if s := sc.cos(int(j)); s > 0 {
					hs = append(hs, Hit{Doc: int(j), Score: s})
				}
			}
			slices.SortFunc(hs, func(a, b Hit) int {
				return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Doc, b.Doc))
			})
			out[i] = slices.Clip(hs[:min(k, len(hs))])
		}
	})
	return out
}

// useIVF reports whether the TF-IDF candidates of an n-article corpus come
// from the IVF search.
func (m *Model) useIVF(n int) bool {
	switch m.cfg.Search {
	case SearchIVF:
		return true
	case SearchAuto:
		return n > m.cfg.ExactUpTo
	}
	return false
}

// TopKIVF returns, for each of the n rows of the n×d row-major matrix x
// (rows L2-normalised), up to k rows j ≠ i with large dot products,
// found through an inverted-file index of ⌈√n⌉ clusters of which each row
// probes the probe nearest its own (see the file comment): an approximate
// top-k, best first, ties by the lower j. Pairs for which skip(i, j) is
// true are left out. seed draws the initial centroids; workers ≤ 0 means
// GOMAXPROCS, and the result does not depend on it.
func TopKIVF(x []float32, n, d, k, probe int, seed uint64, skip func(i, j int) bool, workers int) [][]Hit {
	if n <= 0 || k <= 0 || d <= 0 || len(x) < n*d {
		return make([][]Hit, max(n, 0))
	}
	k = min(k, n-1)
	if k == 0 {
		return make([][]Hit, n)
	}
	w := par.Workers(workers)
	nlist := max(1, int(math.Ceil(math.Sqrt(float64(n)))))
	cent := ivfCentroids(x, n, d, nlist, seed, w)
	home := nearestCentroids(x, n, d, cent, nlist, 1, w)
	members := make([][]int32, nlist)
	for i := range n {
		members[home[i]] = append(members[home[i]], int32(i))
	}
	// the probe centroids nearest each centroid, itself first
	near := nearestCentroids(cent, nlist, d, cent, nlist, min(probe, nlist), w)
	p := min(probe, nlist)
	h := newRowHeaps(n, k, float32(math.Inf(-1)), skip)
	par.For(nlist, w, func(c int) {
		g := members[c]
		if len(g) == 0 {
			return
		}
		var cand []int32
		for _, q := range near[c*p : (c+1)*p] {
			cand = append(cand, members[q]...)
		}
		pa := packRows(x, d, g, tileM, nil)
		pb := packRows(x, d, cand, tileN, nil)
		var out [tileM * tileN]float32
		for js := 0; js < len(cand); js += tileN {
			b := pb[js*d : (js+tileN)*d]
			for ig := 0; ig < len(g); ig += tileM {
				dotTile(pa[ig*d:(ig+tileM)*d], b, d, &out)
				for r := range min(tileM, len(g)-ig) {
					i := int(g[ig+r])
					thr := h.thr[i]
					for cc := range min(tileN, len(cand)-js) {
						s := out[r*tileN+cc]
						if j := int(cand[js+cc]); s >= thr && j != i {
							h.offer(i, j, s)
							thr = h.thr[i]
						}
					}
				}
			}
		}
	})
	return mergeHeaps([]*rowHeaps{h}, n, k, w)
}

// packRows packs the rows idx of x (d columns) k-major in groups of t
// rows (zero-padded), as dotTile reads them, into buf.
func packRows(x []float32, d int, idx []int32, t int, buf []float32) []float32 {
	ng := (len(idx) + t - 1) / t
	buf = slices.Grow(buf[:0], ng*t*d)[:ng*t*d]
	clear(buf)
	for p, i := range idx {
		g := buf[(p/t)*t*d:]
		r := p % t
		for c, v := range x[int(i)*d : (int(i)+1)*d] {
			g[c*t+r] = v
		}
	}
	return buf
}

// ivfCentroids returns nlist normalised centroids (nlist×d, row-major) by
// spherical k-means on a seeded sample of the rows.
func ivfCentroids(x []float32, n, d, nlist int, seed uint64, w int) []float32 {
	rng := rand.New(rand.NewPCG(seed, 0x1f1f))
	perm := rng.Perm(n)
	cent := make([]float32, nlist*d)
	for c := range nlist {
		copy(cent[c*d:(c+1)*d], x[perm[c%n]*d:(perm[c%n]+1)*d])
	}
	ns := min(n, ivfSample*nlist)
	sample := make([]float32, ns*d)
	for s := range ns {
		copy(sample[s*d:(s+1)*d], x[perm[s]*d:(perm[s]+1)*d])
	}
	sum := make([]float64, nlist*d)
	for range ivfIters {
		asg := nearestCentroids(sample, ns, d, cent, nlist, 1, w)
		clear(sum)
		for s, c := range asg {
			row := sample[s*d : (s+1)*d]
			acc := sum[int(c)*d : (int(c)+1)*d]
			for q, v := range row {
				acc[q] += float64(v)
			}
		}
		for c := range nlist {
			acc := sum[c*d : (c+1)*d]
			var ss float64
			for _, v := range acc {
				ss += v * v
			}
			if ss == 0 {
				continue // empty cluster: keep its centroid
			}
			inv := 1 / math.Sqrt(ss)
			for q, v := range acc {
				cent[c*d+q] = float32(v * inv)
			}
		}
	}
	return cent
}

// nearestCentroids returns, for each of the n rows of x, the indexes of
// its p centroids of largest dot product (ties by the lower index), best
// first: n·p entries.
func nearestCentroids(x []float32, n, d int, cent []float32, nlist, p, w int) []int32 {
	out := make([]int32, n*p)
	all := make([]int32, nlist)
	for c := range all {
		all[c] = int32(c)
	}
	pb := packRows(cent, d, all, tileN, nil)
	const chunk = 256 // rows per task, a multiple of tileM
	par.For((n+chunk-1)/chunk, w, func(t int) {
		lo, hi := t*chunk, min((t+1)*chunk, n)
		idx := make([]int32, hi-lo)
		for i := range idx {
			idx[i] = int32(lo + i)
		}
		pa := packRows(x, d, idx, tileM, nil)
		best := make([]float32, len(idx)*p)
		bi := out[lo*p : hi*p]
		for i := range best {
			best[i] = float32(math.Inf(-1))
			bi[i] = -1
		}
		var o [tileM * tileN]float32
		for js := 0; js < nlist; js += tileN {
			for ig := 0; ig < len(idx); ig += tileM {
				dotTile(pa[ig*d:(ig+tileM)*d], pb[js*d:(js+tileN)*d], d, &o)
				for r := range min(tileM, len(idx)-ig) {
					bs, bc := best[(ig+r)*p:(ig+r+1)*p], bi[(ig+r)*p:(ig+r+1)*p]
					for c := range min(tileN, nlist-js) {
						s := o[r*tileN+c]
						if !(s > bs[p-1]) && bc[p-1] >= 0 {
							continue
						}
						// insert, keeping (score desc, index asc): a later
						// column only displaces on a strictly higher score
						q := p - 1
						for q > 0 && (s > bs[q-1] || bc[q-1] < 0) {
							bs[q], bc[q] = bs[q-1], bc[q-1]
							q--
						}
						bs[q], bc[q] = s, int32(js+c)
					}
				}
			}
		}
	})
	return out
}

// Heavy-term candidates: every row's heaviest terms, indexed.
var (
	heavyTerms = 12  // terms per row
	heavyList  = 200 // rows kept per term, heaviest first
	heavyPool  = 100 // candidates per row rescored exactly
)

// heavyIndex maps each column to the rows holding it among their t
// heaviest terms, heaviest first, at most l of them.
type heavyIndex struct {
	x     *CSR
	t     int
	lists [][]heavyPost
	top   [][]int32 // positions in each row of its heaviest terms
}

type heavyPost struct {
	row int32
	w   float32
}

func newHeavyIndex(x *CSR, t, l, workers int) *heavyIndex {
	hx := &heavyIndex{x: x, t: t, lists: make([][]heavyPost, x.Cols), top: make([][]int32, x.Rows)}
	par.For(x.Rows, workers, func(i int) { hx.top[i] = topTerms(x, i, t) })
	for i := range x.Rows {
		ind, val := x.Row(i)
		for _, p := range hx.top[i] {
			hx.lists[ind[p]] = append(hx.lists[ind[p]], heavyPost{int32(i), val[p]})
		}
	}
	par.For(x.Cols, workers, func(c int) {
		ls := hx.lists[c]
		slices.SortFunc(ls, func(a, b heavyPost) int { return cmp.Or(cmp.Compare(b.w, a.w), cmp.Compare(a.row, b.row)) })
		hx.lists[c] = slices.Clip(ls[:min(l, len(ls))])
	})
	return hx
}

// topTerms returns the positions in row i of its t largest weights (ties
// by the lower column).
func topTerms(x *CSR, i, t int) []int32 {
	_, val := x.Row(i)
	pos := make([]int32, len(val))
	for p := range pos {
		pos[p] = int32(p)
	}
	slices.SortStableFunc(pos, func(a, b int32) int { return cmp.Compare(val[b], val[a]) })
	return slices.Clip(pos[:min(t, len(pos))])
}

// heavyProber scores a row's partial products over its heavy terms.
type heavyProber struct {
	hx      *heavyIndex
	acc     []float32
	touched []int32
	vals    []float32
}

// selectLargest returns the k-th largest of v (1 ≤ k ≤ len(v)),
// reordering v.
func selectLargest(v []float32, k int) float32 {
	lo, hi, want := 0, len(v)-1, k-1
	for lo < hi {
		p := v[(lo+hi)/2]
		i, j := lo, hi
		for i <= j {
			for v[i] > p {
				i++
			}
			for v[j] < p {
				j--
			}
			if i <= j {
				v[i], v[j] = v[j], v[i]
				i++
				j--
			}
		}
		switch {
		case want <= j:
			hi = j
		case want >= i:
			lo = i
		default:
			return v[want]
		}
	}
	return v[want]
}

func (hx *heavyIndex) newProber(n int) *heavyProber {
	return &heavyProber{hx: hx, acc: make([]float32, n)}
}

// candidates appends to out the pool rows j ≠ i of largest partial dot
// product over i's heavy terms and the index's lists (skip applied).
func (hp *heavyProber) candidates(i, pool int, skip func(i, j int) bool, out []int32) []int32 {
	ind, val := hp.hx.x.Row(i)
	hp.touched = hp.touched[:0]
	for _, p := range hp.hx.top[i] {
		v := val[p]
		for _, e := range hp.hx.lists[ind[p]] {
			if int(e.row) == i {
				continue
			}
			if hp.acc[e.row] == 0 {
				hp.touched = append(hp.touched, e.row)
			}
			hp.acc[e.row] += v * e.w
		}
	}
	// The pool-th largest partial score, by selection; rows above it are
	// taken, then rows equal to it by ascending index, skip applied.
	thr := float32(math.Inf(-1))
	if len(hp.touched) > pool {
		hp.vals = hp.vals[:0]
		for _, j := range hp.touched {
			hp.vals = append(hp.vals, hp.acc[j])
		}
		thr = selectLargest(hp.vals, pool)
	}
	start := len(out)
	for _, j := range hp.touched {
		if hp.acc[j] > thr && (skip == nil || !skip(i, int(j))) {
			out = append(out, j)
		}
	}
	if len(out)-start < pool {
		var ties []int32
		for _, j := range hp.touched {
			if hp.acc[j] == thr && (skip == nil || !skip(i, int(j))) {
				ties = append(ties, j)
			}
		}
		slices.Sort(ties)
		out = append(out, ties[:min(len(ties), pool-(len(out)-start))]...)
	}
	for _, j := range hp.touched {
		hp.acc[j] = 0
	}
	return out
}
