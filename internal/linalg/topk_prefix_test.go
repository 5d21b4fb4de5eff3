package linalg

// The prefix-filtered search checked against the row-by-row path of
// TopKSparse, whose scores it shares, on unit rows with common columns,
// for several floors, skips and worker counts.

import (
	"math"
	"math/rand/v2"
	"testing"
)

// normalised returns a with each row scaled to unit L2 norm and its values
// made irregular (so that scores rarely tie and the bound is tight).
func normalised(rng *rand.Rand, a *CSR) *CSR {
	b := a.clone()
	for i := range b.Rows {
		lo, hi := b.Ptr[i], b.Ptr[i+1]
		var ss float64
		for p := lo; p < hi; p++ {
			b.Val[p] = float32(math.Abs(float64(b.Val[p]))+0.1) * float32(0.5+rng.Float64())
			ss += float64(b.Val[p]) * float64(b.Val[p])
		}
		for p := lo; p < hi; p++ {
			b.Val[p] = float32(float64(b.Val[p]) / math.Sqrt(ss))
		}
	}
	return b
}

// above cuts each list to its entries scoring at least floor, then to k.
func above(lists [][]Hit, floor float32, k int) [][]Hit {
	out := make([][]Hit, len(lists))
	for i, hs := range lists {
		out[i] = []Hit{}
		for _, h := range hs {
			if h.Score >= float64(floor) && len(out[i]) < k {
				out[i] = append(out[i], h)
			}
		}
	}
	return out
}

func TestTopKSparseAboveMatchesRowPath(t *testing.T) {
	skip5 := func(i, j int) bool { return i%5 == j%5 }
	tests := []struct {
		name       string
		n, cols, k int
		skip       func(i, j int) bool
	}{
		{"zipf", 900, 300, 6, nil},
		{"zipf skip", 900, 300, 6, skip5},
		{"zipf k 1", 600, 200, 1, nil},
		{"zipf narrow", 700, 40, 10, nil},
		{"common heavy", 500, 60, 5, nil},
		{"one row", 1, 5, 3, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(tt.n), 11))
			var a *CSR
			if tt.name == "common heavy" {
				a = commonHeavy(rng, tt.n, tt.cols)
			} else {
				a = zipfInts(rng, tt.n, tt.cols, 6, false)
			}
			a = normalised(rng, a)
			all := TopKSparse(a, tt.n, SparseOptions{Path: SparseRows, Skip: tt.skip})
			for _, floor := range []float32{0.05, 0.3, 0.5, 0.8, 0.99} {
				want := above(all, floor, tt.k)
				for _, w := range []int{1, 2, 3} {
					got := TopKSparseAbove(a, tt.k, floor, SparseOptions{Skip: tt.skip, Workers: w})
					if !equalLists(got, want) {
						t.Fatalf("floor %v, workers %d: differs from the row path\n got %v\nwant %v", floor, w, head(got), head(want))
					}
				}
			}
		})
	}
}

// The prefixes must hold the common columns: at floor 0.5 on a Zipf matrix
// the candidate search visits a small share of what scattering every
// posting does (else the search is exact but no faster).
func TestSuffixIndexPrunes(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 11))
	a := normalised(rng, zipfInts(rng, 2000, 400, 6, false))
	full := newSparseSplit(a, math.MaxInt, 1).scatterWork()
	for _, tc := range []struct {
		floor float64
		share float64
	}{{0.5, 0.5}, {0.8, 0.2}} {
		got := postingWork(newSuffixIndex(a, tc.floor-prefixMargin, 1).post)
		if got > tc.share*full {
			t.Errorf("floor %v: suffix work %.0f, want ≤ %.0f%% of %.0f", tc.floor, got, 100*tc.share, full)
		}
	}
}

func TestTopKSparseAboveNoFloorIsTopKSparse(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 11))
	a := normalised(rng, zipfInts(rng, 400, 100, 6, false))
	if !equalLists(TopKSparseAbove(a, 7, 0, SparseOptions{}), TopKSparse(a, 7, SparseOptions{})) {
		t.Fatal("floor 0 differs from TopKSparse")
	}
}
