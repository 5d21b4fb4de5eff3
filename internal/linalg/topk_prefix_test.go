package linalg

// The prefix-filtered search checked against the row-by-row path of
// TopKSparse, whose scores it shares, on unit rows with common columns,
// for several floors, skips and worker counts.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
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
		got := postingWork(newSuffixIndex(a, RowLines(a), tc.floor-prefixMargin, 1).post)
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

// recombined gives rows as a generated corpus's questions are made: each
// row a stem and a tail, drawn from its group's few stems and tails (three
// columns each, the groups' columns disjoint), and sometimes one column
// from anywhere. Many pairs share a stem or a tail and score from 0.3 to
// 0.7, and rows with the same stem and tail tie: the case where the floor
// alone prunes little.
func recombined(rng *rand.Rand, rows, groups int) *CSR {
	const stems, part = 12, 3
	cols := groups * 2 * stems * part
	m := &CSR{Rows: rows, Cols: cols + 50, Ptr: make([]int, 1, rows+1)}
	for range rows {
		g := rng.IntN(groups) * 2 * stems * part
		st, tl := g+rng.IntN(stems)*part, g+(stems+rng.IntN(stems))*part
		set := map[int32]float32{}
		for c := range part {
			set[int32(st+c)] = float32(1 + c)
			set[int32(tl+c)] = float32(3 - c)
		}
		if rng.IntN(3) == 0 {
			set[int32(cols+rng.IntN(50))] = 1
		}
		cs := make([]int32, 0, len(set))
		for c := range set {
			cs = append(cs, c)
		}
		slices.Sort(cs)
		var ss float64
		for _, c := range cs {
			ss += float64(set[c]) * float64(set[c])
		}
		for _, c := range cs {
			m.Ind = append(m.Ind, c)
			m.Val = append(m.Val, float32(float64(set[c])/math.Sqrt(ss)))
		}
		m.Ptr = append(m.Ptr, len(m.Ind))
	}
	return m
}

// On recombined rows, with their many ties and many pairs above the
// floor, where the seeded thresholds and the early stops do the work, the
// search equals the row path's lists cut at the floor, for several k,
// floors, skips and worker counts.
func TestTopKSparseAboveRecombined(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	a := recombined(rng, 1500, 6)
	for _, skip := range []func(i, j int) bool{nil, func(i, j int) bool { return (i+j)%7 == 0 }} {
		all := TopKSparse(a, a.Rows, SparseOptions{Path: SparseRows, Skip: skip})
		for _, k := range []int{1, 10} {
			for _, floor := range []float32{0.3, 0.6} {
				want := above(all, floor, k)
				for _, w := range []int{1, 3} {
					got := TopKSparseAbove(a, k, floor, SparseOptions{Skip: skip, Workers: w})
					if !equalLists(got, want) {
						t.Fatalf("k %d, floor %v, workers %d: differs from the row path\n got %v\nwant %v",
							k, floor, w, head(got), head(want))
					}
				}
			}
		}
	}
}

// A seeded threshold is a real k-th best: never above the final list's,
// and on recombined rows most rows start well above the floor.
func TestSeedThresholdsBound(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 11))
	a := recombined(rng, 3000, 5)
	const k, floor = 10, float32(0.3)
	lists := TopKSparseAbove(a, k, floor, SparseOptions{})
	seed := newSuffixIndex(a, RowLines(a), float64(floor)-prefixMargin, 2).seedThresholds(k, floor, nil, 2)
	raised := 0
	for i, hs := range lists {
		if len(hs) == k && seed[i] > float32(hs[k-1].Score) {
			t.Fatalf("row %d: seed %v above the final k-th best %v", i, seed[i], hs[k-1].Score)
		}
		if len(hs) < k && seed[i] != floor {
			t.Fatalf("row %d: %d hits but seed %v, want the floor", i, len(hs), seed[i])
		}
		if seed[i] > floor+0.1 {
			raised++
		}
	}
	if raised < a.Rows/2 {
		t.Errorf("%d of %d rows seeded above floor+0.1, want most", raised, a.Rows)
	}
}

// BenchmarkTopKSparseAbove is the near-duplicate search on recombined rows
// (many pairs above the floor), against the all-pairs search it replaces
// above a size.
func BenchmarkTopKSparseAbove(b *testing.B) {
	for _, n := range []int{20000, 60000} {
		a := recombined(rand.New(rand.NewPCG(uint64(n), 11)), n, 40)
		b.Run(fmt.Sprintf("n=%d/above", n), func(b *testing.B) {
			for b.Loop() {
				TopKSparseAbove(a, 10, 0.3, SparseOptions{})
			}
		})
		b.Run(fmt.Sprintf("n=%d/all-pairs", n), func(b *testing.B) {
			for b.Loop() {
				TopKSparse(a, 10, SparseOptions{})
			}
		})
	}
}
