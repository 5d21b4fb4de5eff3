package linalg

// The exact searches checked against a brute-force ranking on small
// integer values (exact in float32, ties frequent) for every worker count
// and, for the sparse one, every path and split of the columns.

import (
	"math"
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
				got := TopKDense(Dense{Rows: tt.n, Cols: tt.d, Data: x}, tt.k, TopKOptions{Skip: tt.skip, Workers: w})
				if !equalLists(got, want) {
					t.Fatalf("workers=%d: TopKDense differs from brute force\n got %v\nwant %v", w, head(got), head(want))
				}
			}
		})
	}
}

func TestTopKSparseMatchesBruteForce(t *testing.T) {
	skip5 := func(i, j int) bool { return i%5 == j%5 }
	tests := []struct {
		name       string
		n, cols, k int
		density    float64
		negative   bool // values in -2..3 rather than 1..4
		skip       func(i, j int) bool
	}{
		{"one row", 1, 5, 3, 0.5, false, nil},
		{"disjoint rows", 6, 6, 3, 0, false, nil},
		{"dense-ish", 90, 12, 5, 0.5, false, nil},
		{"sparse", 700, 400, 8, 0.02, false, nil},
		{"sparse skip", 700, 400, 8, 0.02, false, skip5},
		{"zipf", 600, 300, 6, -1, false, nil},
		{"zipf skip", 600, 300, 6, -1, false, skip5},
		{"zipf negative", 600, 300, 6, -1, true, nil},
		{"zipf large k", 300, 200, 40, -1, false, nil},
		{"common heavy", 400, 60, 5, -2, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(tt.n), 7))
			var a *CSR
			switch {
			case tt.name == "disjoint rows": // identity: no two rows share a column
				a = identityCSR(tt.n)
			case tt.density == -2:
				a = commonHeavy(rng, tt.n, tt.cols)
			case tt.density < 0:
				a = zipfInts(rng, tt.n, tt.cols, 12, tt.negative)
			default:
				a = randomCSR(rng, tt.n, tt.cols, tt.density)
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
			// The tiled path under each split of the columns (the default,
			// above df 8 or n/10 or max(32, n/7), every column common,
			// none), with a narrow span; the row-by-row path; the choice.
			variants := []struct {
				name string
				opt  SparseOptions
			}{
				{"tiled default", SparseOptions{Path: SparseTiled}},
				{"tiled df>max(32,n/7)", SparseOptions{Path: SparseTiled, CommonDF: max(32, tt.n/7)}},
				{"tiled df>8", SparseOptions{Path: SparseTiled, CommonDF: 8}},
				{"tiled df>max(1,n/10)", SparseOptions{Path: SparseTiled, CommonDF: max(1, tt.n/10)}},
				{"tiled all common", SparseOptions{Path: SparseTiled, CommonDF: -1}},
				{"tiled none common", SparseOptions{Path: SparseTiled, CommonDF: math.MaxInt}},
				{"tiled span 96", SparseOptions{Path: SparseTiled, CommonDF: 8, Span: 96}},
				{"rows", SparseOptions{Path: SparseRows}},
				{"auto", SparseOptions{}},
			}
			for _, v := range variants {
				for _, w := range []int{1, 2, 3} {
					opt := v.opt
					opt.Skip, opt.Workers = tt.skip, w
					got := TopKSparse(a, tt.k, opt)
					if !equalLists(got, want) {
						t.Fatalf("%s, workers=%d: TopKSparse differs from brute force\n got %v\nwant %v", v.name, w, head(got), head(want))
					}
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
	TopKDense(Dense{Rows: n, Cols: d, Data: x}, k, TopKOptions{Skip: skip, Workers: 2})
	a := randomCSR(rng, n, 300, 0.03)
	TopKSparse(a, k, SparseOptions{Skip: skip, Workers: 2})
	if self.Load() != 0 {
		t.Errorf("skip called %d times with i == j", self.Load())
	}
	if c, all := calls.Load(), int64(2*n*(n-1)); c > all/20 {
		t.Errorf("skip called %d times for %d ordered pairs, want under 5%%", c, all)
	}
}

func TestTopKDegenerate(t *testing.T) {
	if got := TopKDense(Dense{Cols: 3}, 5, TopKOptions{Workers: 2}); len(got) != 0 {
		t.Errorf("TopKDense(n=0) = %v, want empty", got)
	}
	if got := TopKDense(Dense{Rows: 2, Cols: 1, Data: []float32{1, 2}}, 0, TopKOptions{Workers: 2}); len(got) != 2 || got[0] != nil {
		t.Errorf("TopKDense(k=0) = %v, want two empty lists", got)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("TopKDense on 2×2 with 3 values did not panic")
			}
		}()
		TopKDense(Dense{Rows: 2, Cols: 2, Data: []float32{1, 2, 3}}, 1, TopKOptions{})
	}()
	if got := TopKSparse(nil, 5, SparseOptions{Workers: 2}); got != nil {
		t.Errorf("TopKSparse(nil) = %v, want nil", got)
	}
	bad := &CSR{Rows: 2, Cols: 2, Ptr: []int{0, 1, 2}, Ind: []int32{1, 5}, Val: []float32{1, 1}}
	if got := TopKSparse(bad, 3, SparseOptions{Workers: 1}); len(got) != 2 || got[0] != nil || got[1] != nil {
		t.Errorf("TopKSparse(malformed) = %v, want two empty lists", got)
	}
	if got := TopKIVF(Dense{Rows: 2, Cols: 2, Data: []float32{1}}, 1, IVFOptions{}); len(got) != 2 || got[0] != nil {
		t.Errorf("TopKIVF(malformed) = %v, want two empty lists", got)
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

// zipfInts draws rows×cols with about nnz entries per row, column c chosen
// with probability ∝ 1/(c+2) so that a few columns are in most rows, values
// small integers (1..4, or -2..3 with negative).
func zipfInts(rng *rand.Rand, rows, cols, nnz int, negative bool) *CSR {
	z := rand.NewZipf(rng, 1.2, 2, uint64(cols-1))
	m := &CSR{Rows: rows, Cols: cols, Ptr: make([]int, 1, rows+1)}
	for range rows {
		set := map[int32]bool{}
		for range 1 + rng.IntN(2*nnz) {
			set[int32(z.Uint64())] = true
		}
		cs := make([]int32, 0, len(set))
		for c := range set {
			cs = append(cs, c)
		}
		slices.Sort(cs)
		for _, c := range cs {
			v := float32(1 + rng.IntN(4))
			if negative {
				v = float32(rng.IntN(6) - 2)
			}
			m.Ind = append(m.Ind, c)
			m.Val = append(m.Val, v)
		}
		m.Ptr = append(m.Ptr, len(m.Ind))
	}
	return m
}

// commonHeavy gives every row columns 0..4 with weights 1..4 and two of the
// other columns with weight 1: scores come mostly from the common columns,
// which pass 1 only bounds.
func commonHeavy(rng *rand.Rand, rows, cols int) *CSR {
	m := &CSR{Rows: rows, Cols: cols, Ptr: make([]int, 1, rows+1)}
	for range rows {
		for c := range 5 {
			m.Ind = append(m.Ind, int32(c))
			m.Val = append(m.Val, float32(1+rng.IntN(4)))
		}
		c1 := 5 + rng.IntN(cols-5)
		c2 := 5 + rng.IntN(cols-5)
		for _, c := range []int{min(c1, c2), max(c1, c2)} {
			if c != int(m.Ind[len(m.Ind)-1]) {
				m.Ind = append(m.Ind, int32(c))
				m.Val = append(m.Val, 1)
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
