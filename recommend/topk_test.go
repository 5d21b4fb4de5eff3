package recommend

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"sync/atomic"
	"testing"
)

// bruteTopK ranks, for each row, every other admissible row by score
// (descending, ties by lower index) and keeps k; keep(s) filters scores.
func bruteTopK(n, k int, score func(i, j int) float64, skip func(i, j int) bool, keep func(float64) bool) [][]Hit {
	out := make([][]Hit, n)
	for i := range n {
		var hits []Hit
		for j := range n {
			if j == i || (skip != nil && skip(i, j)) {
				continue
			}
			if s := score(i, j); keep(s) {
				hits = append(hits, Hit{Doc: j, Score: s})
			}
		}
		slices.SortStableFunc(hits, func(a, b Hit) int {
			if a.Score != b.Score {
				if a.Score > b.Score {
					return -1
				}
				return 1
			}
			return a.Doc - b.Doc
		})
		out[i] = hits[:min(k, len(hits))]
	}
	return out
}

// smallInts returns n×d values drawn from {-2..3}: dot products of such rows
// are small integers, exact in float32 whatever the summation order, and tie
// often, which exercises the tie-breaking.
func smallInts(rng *rand.Rand, n, d int) []float32 {
	x := make([]float32, n*d)
	for i := range x {
		x[i] = float32(rng.IntN(6) - 2)
	}
	return x
}

func TestTopKDenseMatchesBruteForce(t *testing.T) {
	skip7 := func(i, j int) bool { return (i+j)%7 == 0 }
	tests := []struct {
		name    string
		n, d, k int
		skip    func(i, j int) bool
	}{
		{"one row", 1, 4, 3, nil},
		{"two rows", 2, 3, 5, nil},
		{"k above n", 9, 5, 20, nil},
		{"d=1 many ties", 70, 1, 6, nil},
		{"ragged tiles", 37, 33, 4, nil},
		{"several blocks", 601, 17, 10, nil},
		{"several blocks skip", 601, 17, 10, skip7},
		{"skip everything", 40, 3, 5, func(i, j int) bool { return true }},
		{"d=0", 10, 0, 3, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(tt.n), uint64(tt.d)))
			x := smallInts(rng, tt.n, tt.d)
			score := func(i, j int) float64 {
				var s float64
				for c := range tt.d {
					s += float64(x[i*tt.d+c]) * float64(x[j*tt.d+c])
				}
				return s
			}
			want := bruteTopK(tt.n, tt.k, score, tt.skip, func(float64) bool { return true })
			for _, w := range []int{1, 2, 3} {
				got := TopKDense(x, tt.n, tt.d, tt.k, tt.skip, w)
				if !equalLists(got, want) {
					t.Fatalf("workers=%d: TopKDense differs from brute force\n got %v\nwant %v", w, head(got), head(want))
				}
			}
		})
	}
}

func TestTopKSparseMatchesBruteForce(t *testing.T) {
	tests := []struct {
		name       string
		n, cols, k int
		density    float64
		skip       func(i, j int) bool
	}{
		{"one row", 1, 5, 3, 0.5, nil},
		{"disjoint rows", 6, 6, 3, 0, nil},
		{"dense-ish", 90, 12, 5, 0.5, nil},
		{"sparse", 700, 400, 8, 0.02, nil},
		{"sparse skip", 700, 400, 8, 0.02, func(i, j int) bool { return i%5 == j%5 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(tt.n), 7))
			a := randomCSR(rng, tt.n, tt.cols, tt.density)
			if tt.name == "disjoint rows" { // identity: no two rows share a column
				a = identityCSR(tt.n)
			}
			dense := a.dense()
			score := func(i, j int) float64 {
				var s float64
				for c := range tt.cols {
					s += float64(dense[i*tt.cols+c]) * float64(dense[j*tt.cols+c])
				}
				return s
			}
			want := bruteTopK(tt.n, tt.k, score, tt.skip, func(s float64) bool { return s > 0 })
			before := a.clone()
			for _, w := range []int{1, 2, 3} {
				got := TopKSparse(a, tt.k, tt.skip, w)
				if !equalLists(got, want) {
					t.Fatalf("workers=%d: TopKSparse differs from brute force\n got %v\nwant %v", w, head(got), head(want))
				}
			}
			if !reflect.DeepEqual(a, before) {
				t.Error("TopKSparse modified its input")
			}
		})
	}
}

// TestTopKSkipIsLazy checks that skip is never asked about a row itself and
// is asked about far fewer pairs than exist.
func TestTopKSkipIsLazy(t *testing.T) {
	const n, d, k = 2000, 8, 5
	rng := rand.New(rand.NewPCG(3, 3))
	x := make([]float32, n*d)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	var calls, self atomic.Int64
	skip := func(i, j int) bool {
		calls.Add(1)
		if i == j {
			self.Add(1)
		}
		return false
	}
	TopKDense(x, n, d, k, skip, 2)
	a := randomCSR(rng, n, 300, 0.03)
	TopKSparse(a, k, skip, 2)
	if self.Load() != 0 {
		t.Errorf("skip called %d times with i == j", self.Load())
	}
	if c, all := calls.Load(), int64(2*n*(n-1)); c > all/20 {
		t.Errorf("skip called %d times for %d ordered pairs, want under 5%%", c, all)
	}
}

func TestTopKDegenerate(t *testing.T) {
	if got := TopKDense(nil, 0, 3, 5, nil, 2); len(got) != 0 {
		t.Errorf("TopKDense(n=0) = %v, want empty", got)
	}
	if got := TopKDense([]float32{1, 2}, 2, 1, 0, nil, 2); len(got) != 2 || got[0] != nil {
		t.Errorf("TopKDense(k=0) = %v, want two empty lists", got)
	}
	if got := TopKSparse(nil, 5, nil, 2); got != nil {
		t.Errorf("TopKSparse(nil) = %v, want nil", got)
	}
	bad := &CSR{Rows: 2, Cols: 2, Ptr: []int{0, 1, 2}, Ind: []int32{1, 5}, Val: []float32{1, 1}}
	if got := TopKSparse(bad, 3, nil, 1); len(got) != 2 || got[0] != nil || got[1] != nil {
		t.Errorf("TopKSparse(malformed) = %v, want two empty lists", got)
	}
}

func equalLists(a, b [][]Hit) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for p := range a[i] {
			if a[i][p] != b[i][p] {
				return false
			}
		}
	}
	return true
}

func head(l [][]Hit) [][]Hit { return l[:min(len(l), 4)] }

// randomCSR draws a rows×cols matrix whose entries are present with
// probability density and take small integer values 1..4.
func randomCSR(rng *rand.Rand, rows, cols int, density float64) *CSR {
	m := &CSR{Rows: rows, Cols: cols, Ptr: make([]int, 1, rows+1)}
	for range rows {
		for c := range cols {
			if rng.Float64() < density {
				m.Ind = append(m.Ind, int32(c))
				m.Val = append(m.Val, float32(1+rng.IntN(4)))
			}
		}
		m.Ptr = append(m.Ptr, len(m.Ind))
	}
	return m
}

func identityCSR(n int) *CSR {
	m := &CSR{Rows: n, Cols: n, Ptr: make([]int, n+1), Ind: make([]int32, n), Val: make([]float32, n)}
	for i := range n {
		m.Ptr[i+1] = i + 1
		m.Ind[i] = int32(i)
		m.Val[i] = 1
	}
	return m
}

func (m *CSR) dense() []float32 {
	d := make([]float32, m.Rows*m.Cols)
	for i := range m.Rows {
		ind, val := m.Row(i)
		for p, c := range ind {
			d[i*m.Cols+int(c)] = val[p]
		}
	}
	return d
}

func (m *CSR) clone() *CSR {
	return &CSR{Rows: m.Rows, Cols: m.Cols, Ptr: slices.Clone(m.Ptr), Ind: slices.Clone(m.Ind), Val: slices.Clone(m.Val)}
}
