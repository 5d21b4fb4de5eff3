package linalg

// The IVF search checked against the exact one: identical when every
// cluster is probed, a recall in [0.8, 1) with few probes, the same for any
// worker count; and the selection under the heavy-term cut.

import (
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

// unitRows returns n random L2-normalised rows of d columns drawn around
// a few directions, so that clusters exist.
func unitRows(n, d int, seed uint64) Dense {
	rng := rand.New(rand.NewPCG(seed, 1))
	centers := make([]float32, 8*d)
	for i := range centers {
		centers[i] = float32(rng.NormFloat64())
	}
	x := make([]float32, n*d)
	for i := range n {
		c := rng.IntN(8)
		var ss float32
		for q := range d {
			v := centers[c*d+q] + 0.7*float32(rng.NormFloat64())
			x[i*d+q] = v
			ss += v * v
		}
		inv := 1 / sqrt32(ss)
		for q := range d {
			x[i*d+q] *= inv
		}
	}
	return Dense{Rows: n, Cols: d, Data: x}
}

func sqrt32(v float32) float32 {
	r := v
	for range 30 {
		r = (r + v/r) / 2
	}
	return r
}

func docs(hs []Hit) []int {
	out := make([]int, len(hs))
	for p, h := range hs {
		out[p] = h.Doc
	}
	return out
}

// Probing every cluster scores every pair: the IVF search is then the
// exact one, to the bit.
func TestTopKIVFProbeAllIsExact(t *testing.T) {
	for _, tc := range []struct{ n, d, k int }{{1, 5, 3}, {7, 3, 10}, {500, 20, 7}, {1100, 33, 5}} {
		x := unitRows(tc.n, tc.d, uint64(tc.n))
		skip := func(i, j int) bool { return (i+j)%17 == 0 }
		want := TopKDense(x, tc.k, TopKOptions{Skip: skip, Workers: 2})
		got := TopKIVF(x, tc.k, IVFOptions{Probe: tc.n, Seed: 1, Skip: skip, Workers: 2})
		for i := range want {
			if !slices.Equal(docs(got[i]), docs(want[i])) {
				t.Fatalf("n=%d row %d: got %v, want %v", tc.n, i, docs(got[i]), docs(want[i]))
			}
			for p := range want[i] {
				if got[i][p].Score != want[i][p].Score {
					t.Fatalf("n=%d row %d: score %v, want %v", tc.n, i, got[i][p].Score, want[i][p].Score)
				}
			}
		}
	}
}

// Few probes miss some neighbours but keep most; the result does not
// depend on the workers.
func TestTopKIVFRecallAndWorkers(t *testing.T) {
	const n, d, k = 3000, 24, 10
	x := unitRows(n, d, 3)
	exact := TopKDense(x, k, TopKOptions{Workers: 2})
	one := TopKIVF(x, k, IVFOptions{Probe: 6, Seed: 1, Workers: 1})
	two := TopKIVF(x, k, IVFOptions{Probe: 6, Seed: 1, Workers: 2})
	found, all := 0, 0
	for i := range n {
		if !slices.Equal(docs(one[i]), docs(two[i])) {
			t.Fatalf("row %d differs between 1 and 2 workers", i)
		}
		for _, h := range exact[i] {
			all++
			if slices.ContainsFunc(one[i], func(g Hit) bool { return g.Doc == h.Doc }) {
				found++
			}
		}
	}
	if r := float64(found) / float64(all); r < 0.8 || r == 1 {
		t.Errorf("recall %.3f with 6 of 55 clusters probed, want in [0.8, 1)", r)
	}
}

func TestSelectLargest(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for _, n := range []int{1, 2, 3, 10, 100, 1000} {
		for _, k := range []int{1, 2, n / 2, n} {
			if k < 1 || k > n {
				continue
			}
			v := make([]float32, n)
			for i := range v {
				v[i] = float32(rng.IntN(n/2 + 1)) // ties
			}
			sorted := slices.Clone(v)
			slices.Sort(sorted)
			if got, want := selectLargest(v, k), sorted[n-k]; got != want {
				t.Errorf("n=%d k=%d: %v, want %v", n, k, got, want)
			}
		}
	}
}

// TopKIVFEach hands every row exactly once, with TopKIVF's hits, for any
// worker count, and every row with no hits when there is nothing to search.
func TestTopKIVFEach(t *testing.T) {
	for _, tc := range []struct{ n, d, k, workers int }{
		{0, 5, 3, 2}, {1, 5, 3, 2}, {40, 6, 0, 2}, {300, 8, 5, 1}, {300, 8, 5, 3}, {900, 12, 20, 2},
	} {
		x := unitRows(tc.n, tc.d, uint64(tc.n)+7)
		opt := IVFOptions{Probe: 3, Seed: 5, Workers: tc.workers, Skip: func(i, j int) bool { return (i*j)%13 == 1 }}
		want := TopKIVF(x, tc.k, opt)
		var mu sync.Mutex
		got := make([][]Hit, tc.n)
		calls := make([]int, tc.n)
		TopKIVFEach(x, tc.k, opt, func() func(int, []Hit) {
			return func(i int, hits []Hit) {
				mu.Lock()
				defer mu.Unlock()
				calls[i]++
				got[i] = slices.Clone(hits)
			}
		})
		for i := range tc.n {
			if calls[i] != 1 {
				t.Fatalf("n=%d k=%d: row %d handed %d times, want once", tc.n, tc.k, i, calls[i])
			}
			if !slices.Equal(got[i], want[i]) {
				t.Fatalf("n=%d k=%d: row %d got %v, want %v", tc.n, tc.k, i, got[i], want[i])
			}
			if tc.k == 0 && len(got[i]) != 0 {
				t.Fatalf("k=0: row %d got %v", i, got[i])
			}
		}
	}
}
