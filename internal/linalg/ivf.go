package linalg

// Approximate top-k candidates for a large corpus, in two kinds.
//
// The exact searches (topk.go, topk_sparse.go) score every pair: their cost
// grows as n² and faster. For a large corpus each row's candidates come
// from a pool gathered two ways, which the caller re-ranks by the exact
// score:
//
//  1. LSA inverted file (TopKIVF). nlist = ⌈√n⌉ centroids, started from rows
//     drawn by the seed and refined by IVFOptions.Iters rounds of spherical
//     k-means (assign each row to its centroid of largest dot product,
//     centroid = normalised mean) on a sample of at most
//     IVFOptions.Sample·nlist rows; then every row is assigned to its home
//     centroid. The rows of one home cluster all probe the same clusters:
//     the IVFOptions.Probe centroids nearest their home centroid (itself
//     first). Every (row, member of a probed cluster) pair is scored by the
//     dot product on the tile kernel, and the k best per row kept (skip
//     applied). A worker takes whole home clusters, so each row's heap has
//     one writer.
//  2. Heavy terms (HeavyIndex). Each row's t largest sparse weights are
//     indexed: column → the rows holding it among their heavy terms,
//     heaviest first, cut to l rows. A row sums w_i,t·w_j,t over its heavy
//     terms and the lists, and the rows of largest partial sum join the
//     pool. On the corpus, LSA alone (200 dimensions keep 31% of the
//     matrix's energy) found 85.5% of the final top-5 at 12 probes; heavy
//     terms alone 95.6%; both 99.2% (BENCHMARKS.md, "Top-k that scales").
//
// Work is about Probe·n^1.5·d multiply-adds for the probing, n·d·√n for
// the assignment and t·l scattered adds per row for the heavy terms. The
// result does not depend on the number of workers.

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"

	"recommend/internal/par"
)

// IVFOptions is what TopKIVF takes besides the matrix and k. Zero fields
// take the defaults, measured on the corpus (BENCHMARKS.md, "Top-k that
// scales").
type IVFOptions struct {
	// Skip leaves out the pairs for which it is true (nil: none).
	Skip func(i, j int) bool
	// Workers bounds the goroutines; ≤ 0 means GOMAXPROCS. The result does
	// not depend on it.
	Workers int
	// Probe is the number of clusters each row probes, its own first
	// (0: DefaultProbe). Probing them all makes the search exact.
	Probe int
	// Seed draws the initial centroids.
	Seed uint64
	// Iters is the number of k-means rounds (0: 4).
	Iters int
	// Sample is the number of rows per centroid that k-means reads (0: 40).
	Sample int
}

// DefaultProbe is IVFOptions.Probe's default: with the engine's heavy-term
// candidates beside it, 8 probes instead of 12 gave a top-5 recall of
// 0.990 on the corpus instead of 0.992.
const DefaultProbe = 12

// orDefault returns v, or def when v is 0.
func orDefault(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// TopKIVF returns, for each row of x (rows L2-normalised), up to k rows
// j ≠ i with large dot products, found through an inverted-file index of
// ⌈√n⌉ clusters of which each row probes opt.Probe nearest its own (see
// the file comment): an approximate top-k, best first, ties by the lower j.
// Pairs for which opt.Skip(i, j) is true are left out. The result does not
// depend on opt.Workers.
func TopKIVF(x Dense, k int, opt IVFOptions) [][]Hit {
	out := make([][]Hit, max(x.Rows, 0))
	TopKIVFEach(x, k, opt, func() func(i int, hits []Hit) {
		return func(i int, hits []Hit) { out[i] = slices.Clone(hits) }
	})
	return out
}

// TopKIVFEach is TopKIVF handing each row's hits to a function as soon as
// they are final, instead of holding every row's until the end: a row's
// candidates all come from the search of its home cluster, so once that
// cluster is searched its rows' heaps are done, and only the clusters being
// searched hold heaps (at a million rows and k = 100, every row's heap and
// hits at once were some 2.4 GB). newWorker is called once for each run of
// clusters a goroutine takes and returns the function that receives the
// rows of those clusters, on that goroutine: called exactly once for every
// row of x (with no hits when k ≤ 0 or x is empty or malformed), with
// hits best first, valid only during the call. Which goroutine hands
// which row depends on opt.Workers; the hits of a row do not.
func TopKIVFEach(x Dense, k int, opt IVFOptions, newWorker func() func(i int, hits []Hit)) {
	n, d, skip := x.Rows, x.Cols, opt.Skip
	w := par.Workers(opt.Workers)
	k = min(k, n-1)
	if n <= 0 || k <= 0 || d <= 0 || x.check() != nil {
		par.Ranges(max(n, 0), w, func(lo, hi int) {
			emit := newWorker()
			for i := lo; i < hi; i++ {
				emit(i, nil)
			}
		})
		return
	}
	probe := orDefault(opt.Probe, DefaultProbe)
	nlist := max(1, int(math.Ceil(math.Sqrt(float64(n)))))
	cent := ivfCentroids(x, nlist, opt, w)
	home := nearestCentroids(x, cent, 1, w)
	members := make([][]int32, nlist)
	for i := range n {
		members[home[i]] = append(members[home[i]], int32(i))
	}
	// the probe centroids nearest each centroid, itself first
	near := nearestCentroids(cent, cent, min(probe, nlist), w)
	p := min(probe, nlist)
	par.Ranges(nlist, w, func(lo, hi int) {
		emit := newWorker()
		var cand []int32
		var pa, pb []float32
		var hits []Hit
		var buf []heapEnt
		for c := lo; c < hi; c++ {
			g := members[c]
			if len(g) == 0 {
				continue
			}
			cand = cand[:0]
			for _, q := range near[c*p : (c+1)*p] {
				cand = append(cand, members[q]...)
			}
			// the heaps of this cluster's rows, by their place r in g
			var rs func(r, j int) bool
			if skip != nil {
				rs = func(r, j int) bool { return skip(int(g[r]), j) }
			}
			h := newRowHeaps(len(g), k, float32(math.Inf(-1)), rs)
			pa = packRows(x, g, tileM, pa)
			pb = packRows(x, cand, tileN, pb)
			var out [tileM * tileN]float32
			for js := 0; js < len(cand); js += tileN {
				b := pb[js*d : (js+tileN)*d]
				for ig := 0; ig < len(g); ig += tileM {
					dotTile(pa[ig*d:(ig+tileM)*d], b, d, &out)
					for r := range min(tileM, len(g)-ig) {
						i, hr := int(g[ig+r]), ig+r
						thr := h.thr[hr]
						for cc := range min(tileN, len(cand)-js) {
							s := out[r*tileN+cc]
							if j := int(cand[js+cc]); s >= thr && j != i {
								h.offer(hr, j, s)
								thr = h.thr[hr]
							}
						}
					}
				}
			}
			for r, i := range g {
				buf = h.sorted(r, buf)
				hits = hits[:0]
				for _, e := range buf[:min(k, len(buf))] {
					hits = append(hits, Hit{Doc: int(e.d), Score: float64(e.s)})
				}
				emit(int(i), hits)
			}
		}
	})
}

// packRows packs the rows idx of x k-major in groups of t rows
// (zero-padded), as dotTile reads them, into buf.
func packRows(dx Dense, idx []int32, t int, buf []float32) []float32 {
	x, d := dx.Data, dx.Cols
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

// ivfCentroids returns nlist normalised centroids (nlist×d) by spherical
// k-means on a sample of the rows drawn by opt.Seed.
func ivfCentroids(dx Dense, nlist int, opt IVFOptions, w int) Dense {
	x, n, d := dx.Data, dx.Rows, dx.Cols
	rng := rand.New(rand.NewPCG(opt.Seed, 0x1f1f))
	perm := rng.Perm(n)
	dcent := NewDense(nlist, d)
	cent := dcent.Data
	for c := range nlist {
		copy(cent[c*d:(c+1)*d], x[perm[c%n]*d:(perm[c%n]+1)*d])
	}
	ns := min(n, orDefault(opt.Sample, 40)*nlist)
	dsample := NewDense(ns, d)
	sample := dsample.Data
	for s := range ns {
		copy(sample[s*d:(s+1)*d], x[perm[s]*d:(perm[s]+1)*d])
	}
	sum := make([]float64, nlist*d)
	for range orDefault(opt.Iters, 4) {
		asg := nearestCentroids(dsample, dcent, 1, w)
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
	return dcent
}

// nearestCentroids returns, for each row of x, the indexes of its p
// centroids (rows of cent) of largest dot product (ties by the lower
// index), best first: x.Rows·p entries.
func nearestCentroids(x, cent Dense, p, w int) []int32 {
	n, d, nlist := x.Rows, x.Cols, cent.Rows
	out := make([]int32, n*p)
	all := make([]int32, nlist)
	for c := range all {
		all[c] = int32(c)
	}
	pb := packRows(cent, all, tileN, nil)
	const chunk = 256 // rows per task, a multiple of tileM
	par.For((n+chunk-1)/chunk, w, func(t int) {
		lo, hi := t*chunk, min((t+1)*chunk, n)
		idx := make([]int32, hi-lo)
		for i := range idx {
			idx[i] = int32(lo + i)
		}
		pa := packRows(x, idx, tileM, nil)
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

// HeavyIndex maps each column of a sparse matrix to the rows holding it
// among their heaviest terms, heaviest first (the second kind of
// candidates in the file comment). It is read-only once built: probe it
// through one HeavyProber per goroutine.
type HeavyIndex struct {
	x     *CSR
	lists [][]heavyPost
	top   [][]int32 // positions in each row of its heaviest terms
}

// heavyPost is one entry of a column's list: a row and its weight there.
type heavyPost struct {
	row int32
	w   float32
}

// NewHeavyIndex indexes, for every row of x, its t largest weights (ties by
// the lower column), keeping at most l rows per column, the heaviest.
func NewHeavyIndex(x *CSR, t, l, workers int) *HeavyIndex {
	hx := &HeavyIndex{x: x, lists: make([][]heavyPost, x.Cols), top: make([][]int32, x.Rows)}
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

// HeavyProber scores a row's partial products over its heavy terms; it
// keeps scratch space of one float per row and is not safe for concurrent
// use.
type HeavyProber struct {
	hx      *HeavyIndex
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

// NewProber returns a prober of the index.
func (hx *HeavyIndex) NewProber() *HeavyProber {
	return &HeavyProber{hx: hx, acc: make([]float32, hx.x.Rows)}
}

// Candidates appends to out the pool rows j ≠ i of largest partial dot
// product over i's heavy terms and the index's lists (ties at the cut by
// the lower j), leaving out the pairs for which skip(i, j) is true (skip
// may be nil).
func (hp *HeavyProber) Candidates(i, pool int, skip func(i, j int) bool, out []int32) []int32 {
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
