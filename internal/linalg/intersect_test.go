package linalg

// The merge of sorted rows checked on hand-made cases (empty, disjoint,
// first and last columns) and on random rows against a dense reference,
// to the bit; its cost per row length.

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// sparseRow draws a strictly ascending index list of about n of cols
// columns, with values 1..4.
func sparseRow(rng *rand.Rand, n, cols int) ([]int32, []float32) {
	set := map[int32]bool{}
	for range n {
		set[int32(rng.IntN(cols))] = true
	}
	ind := make([]int32, 0, len(set))
	for c := range set {
		ind = append(ind, c)
	}
	slices.Sort(ind)
	val := make([]float32, len(ind))
	for p := range val {
		val[p] = float32(1 + rng.IntN(4))
	}
	return ind, val
}

func TestSharedAndSparseDot(t *testing.T) {
	tests := []struct {
		name   string
		ai, bi []int32
		want   [][2]int // positions (p, q) of the shared columns
	}{
		{"both empty", nil, nil, nil},
		{"one empty", []int32{1, 2}, nil, nil},
		{"disjoint", []int32{0, 2, 4}, []int32{1, 3, 5}, nil},
		{"equal", []int32{3, 7}, []int32{3, 7}, [][2]int{{0, 0}, {1, 1}}},
		{"first and last", []int32{0, 5, 9}, []int32{0, 1, 2, 9}, [][2]int{{0, 0}, {2, 3}}},
		{"one inside a long row", []int32{40}, []int32{1, 2, 3, 40, 41}, [][2]int{{0, 3}}},
		{"a past b", []int32{10, 11}, []int32{1, 2, 10}, [][2]int{{0, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got [][2]int
			for p, q := range Shared(tt.ai, tt.bi) {
				got = append(got, [2]int{p, q})
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Shared = %v, want %v", got, tt.want)
			}
			av := make([]float64, len(tt.ai))
			bv := make([]float64, len(tt.bi))
			for p := range av {
				av[p] = float64(p + 2)
			}
			for q := range bv {
				bv[q] = float64(10 * (q + 1))
			}
			var want float64
			for _, pq := range tt.want {
				want += av[pq[0]] * bv[pq[1]]
			}
			if got := SparseDot(tt.ai, av, tt.bi, bv); got != want {
				t.Errorf("SparseDot = %g, want %g", got, want)
			}
		})
	}
}

// TestSparseDotRandom checks SparseDot against a dense reference, summed
// in the same column order, to the bit, and Shared's early stop.
func TestSparseDotRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 11))
	for trial := range 300 {
		cols := 1 + rng.IntN(200)
		ai, av := sparseRow(rng, rng.IntN(60), cols)
		bi, bv := sparseRow(rng, rng.IntN(60), cols)
		da := make([]float32, cols)
		db := make([]float32, cols)
		for p, c := range ai {
			da[c] = av[p]
		}
		for q, c := range bi {
			db[c] = bv[q]
		}
		var want float64
		shared := 0
		for c := range cols {
			if da[c] != 0 && db[c] != 0 {
				want += float64(da[c]) * float64(db[c])
				shared++
			}
		}
		if got := SparseDot(ai, av, bi, bv); got != want {
			t.Fatalf("trial %d: SparseDot = %v, want %v", trial, got, want)
		}
		if got := SparseDot(bi, bv, ai, av); got != want {
			t.Fatalf("trial %d: SparseDot(b, a) = %v, want %v", trial, got, want)
		}
		if shared > 0 {
			n := 0
			for range Shared(ai, bi) {
				n++
				break
			}
			if n != 1 {
				t.Fatalf("trial %d: Shared went on after break", trial)
			}
		}
	}
}

// BenchmarkSparseDot measures the merge on rows of the TF-IDF's length
// (about 170 terms of 28,000) and of a question's (about 6): SparseDot,
// and the same sum written over Shared, which should cost the same.
func BenchmarkSparseDot(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{6, 170} {
		ai, av := sparseRow(rng, n, 4*n)
		bi, bv := sparseRow(rng, n, 4*n)
		b.Run(fmt.Sprintf("nnz=%d/SparseDot", n), func(b *testing.B) {
			var s float64
			for b.Loop() {
				s += SparseDot(ai, av, bi, bv)
			}
			sink = s
		})
		b.Run(fmt.Sprintf("nnz=%d/Shared", n), func(b *testing.B) {
			var s float64
			for b.Loop() {
				for p, q := range Shared(ai, bi) {
					s += float64(av[p]) * float64(bv[q])
				}
			}
			sink = s
		})
	}
}

var sink float64
