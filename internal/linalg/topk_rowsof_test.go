package linalg

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestTopKSparseRowsOf holds the lists of some rows to the row-by-row
// path's lists of the whole matrix, scores to the bit (random values,
// skipped pairs, a k larger than the rows), and each row's pairs at a
// floor or above to that path's full lists cut at the floor; and
// SparseRowsPath to the path TopKSparse takes when forced.
func TestTopKSparseRowsOf(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 9))
	for _, tt := range []struct {
		n, cols, k int
		density    float64
	}{{40, 30, 5, 0.2}, {120, 200, 10, 0.05}, {12, 8, 20, 0.4}} {
		a := randomCSR(rng, tt.n, tt.cols, tt.density)
		for p := range a.Val {
			a.Val[p] = rng.Float32() // sums that round
		}
		skip := func(i, j int) bool { return (i+j)%7 == 0 }
		want := TopKSparse(a, tt.k, SparseOptions{Path: SparseRows, Skip: skip})
		all := TopKSparse(a, tt.n, SparseOptions{Path: SparseRows})
		rows := []int{tt.n - 1, 0, 3, tt.n / 2}
		const over = 0.3
		for _, w := range []int{1, 3} {
			top, above := TopKSparseRowsOf(a, rows, tt.k, over, SparseOptions{Skip: skip, Workers: w})
			for x, i := range rows {
				if !slices.Equal(top[x], want[i]) {
					t.Errorf("n=%d workers=%d row %d: %v, want %v", tt.n, w, i, top[x], want[i])
				}
				var cut []Hit
				for _, h := range all[i] {
					if h.Score >= over {
						cut = append(cut, h)
					}
				}
				slices.SortFunc(cut, func(p, q Hit) int { return p.Doc - q.Doc })
				if !slices.Equal(above[x], cut) {
					t.Errorf("n=%d workers=%d row %d: above the floor %v, want %v", tt.n, w, i, above[x], cut)
				}
			}
		}
		if _, above := TopKSparseRowsOf(a, rows, tt.k, float32(math.NaN()), SparseOptions{}); above != nil {
			t.Error("rows above a NaN floor were returned")
		}
	}
	if !SparseRowsPath(randomCSR(rng, 50, 400, 0.01), SparseOptions{}) || SparseRowsPath(randomCSR(rng, 50, 400, 0.01), SparseOptions{Path: SparseTiled}) {
		t.Error("SparseRowsPath does not follow the path asked for, or misses a sparse matrix's")
	}
}
