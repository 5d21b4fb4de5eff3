package linalg

// The SVD checked on a matrix of planted spectrum and singular vectors
// (values, orthonormality, Docs = A·V, vectors up to sign), for identical
// bits across worker counts, and on malformed input; its building blocks
// (orth, gram, mulAB) against float64 definitions.

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// knownSpectrum returns the seeded rows×cols matrix A = U·diag(sigma)·Vᵀ with
// random orthonormal U and V, as a CSR holding every entry, and U, V.
func knownSpectrum(t *testing.T, rows, cols int, sigma []float64) (*CSR, []float64, []float64) {
	t.Helper()
	r := len(sigma)
	rng := rand.New(rand.NewPCG(42, 42))
	u := make([]float64, rows*r)
	v := make([]float64, cols*r)
	for i := range u {
		u[i] = rng.NormFloat64()
	}
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	if _, err := householder(rows, r, u); err != nil {
		t.Fatal(err)
	}
	if _, err := householder(cols, r, v); err != nil {
		t.Fatal(err)
	}
	a := &CSR{Rows: rows, Cols: cols, Ptr: make([]int, rows+1)}
	for i := range rows {
		for j := range cols {
			var s float64
			for c := range r {
				s += u[i*r+c] * sigma[c] * v[j*r+c]
			}
			a.Ind = append(a.Ind, int32(j))
			a.Val = append(a.Val, float32(s))
		}
		a.Ptr[i+1] = len(a.Ind)
	}
	return a, u, v
}

func TestRandomizedSVDKnownSpectrum(t *testing.T) {
	const rows, cols, k = 200, 150, 10
	sigma := make([]float64, 60)
	for i := range sigma {
		sigma[i] = 10 * math.Pow(0.8, float64(i))
	}
	a, u, v := knownSpectrum(t, rows, cols, sigma)
	// The CSR holds float32 entries: its exact spectrum is that of the
	// rounded matrix, within about 1e-6 relative of sigma.
	before := a.clone()
	tests := []struct {
		name string
		opt  SVDOptions
		tol  float64 // relative error allowed on σ_1..σ_k
	}{
		{"no power iteration", SVDOptions{Oversample: 10, Seed: 1}, 2e-2},
		{"two power iterations", SVDOptions{Oversample: 10, PowerIters: 2, Seed: 1}, 1e-5},
		{"four, one worker", SVDOptions{Oversample: 10, PowerIters: 4, Seed: 7, Workers: 1}, 1e-5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := RandomizedSVD(a, k, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if s.K != k || len(s.Sigma) != k || s.Docs.Rows != rows || s.Docs.Cols != k || len(s.Docs.Data) != rows*k || s.Terms.Rows != cols || s.Terms.Cols != k || len(s.Terms.Data) != cols*k {
				t.Fatalf("shapes: K=%d σ=%d Docs=%d Terms=%d", s.K, len(s.Sigma), len(s.Docs.Data), len(s.Terms.Data))
			}
			for i := range k {
				if e := math.Abs(s.Sigma[i]-sigma[i]) / sigma[i]; e > tt.tol {
					t.Errorf("σ_%d = %.8g, want %.8g (relative error %.2g > %.2g)", i, s.Sigma[i], sigma[i], e, tt.tol)
				}
			}
			var all, kept float64
			for i, x := range sigma {
				all += x * x
				if i < k {
					kept += x * x
				}
			}
			if math.Abs(s.Explained-kept/all) > 1e-3 {
				t.Errorf("Explained = %.6f, want %.6f", s.Explained, kept/all)
			}
			// Terms are orthonormal (VᵀV ≈ I).
			for p := range k {
				for q := range k {
					var dot float64
					for j := range cols {
						dot += float64(s.Terms.Data[j*k+p]) * float64(s.Terms.Data[j*k+q])
					}
					want := 0.0
					if p == q {
						want = 1
					}
					if math.Abs(dot-want) > 1e-5 {
						t.Errorf("(VᵀV)[%d,%d] = %.7f, want %g", p, q, dot, want)
					}
				}
			}
			if tt.tol > 1e-4 {
				return // a rough basis: Docs ≈ A·V only loosely
			}
			// Docs = A·V.
			dense := a.dense()
			for i := range rows {
				for p := range k {
					var av float64
					for j := range cols {
						av += float64(dense[i*cols+j]) * float64(s.Terms.Data[j*k+p])
					}
					if math.Abs(av-float64(s.Docs.Data[i*k+p])) > 1e-4*sigma[0] {
						t.Fatalf("Docs[%d,%d] = %g, want (A·V)[%d,%d] = %g", i, p, s.Docs.Data[i*k+p], i, p, av)
					}
				}
			}
			// The leading vectors match the planted ones up to sign.
			for p := range 5 {
				var du, dv float64
				for i := range rows {
					du += u[i*len(sigma)+p] * float64(s.Docs.Data[i*k+p]) / s.Sigma[p]
				}
				for j := range cols {
					dv += v[j*len(sigma)+p] * float64(s.Terms.Data[j*k+p])
				}
				if math.Abs(math.Abs(du)-1) > 1e-4 || math.Abs(math.Abs(dv)-1) > 1e-4 {
					t.Errorf("vector %d: |⟨u, û⟩| = %.6f, |⟨v, v̂⟩| = %.6f, want 1", p, math.Abs(du), math.Abs(dv))
				}
			}
		})
	}
	if !reflect.DeepEqual(a, before) {
		t.Error("RandomizedSVD modified its input")
	}
}

// TestRandomizedSVDDeterministic checks bit-identical output for any number
// of workers, and that the seed matters.
func TestRandomizedSVDDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	a := randomCSR(rng, 500, 300, 0.05)
	opt := SVDOptions{Oversample: 8, PowerIters: 2, Seed: 3}
	var first *SVD
	for _, w := range []int{1, 2, 4} {
		opt.Workers = w
		s, err := RandomizedSVD(a, 20, opt)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = s
			continue
		}
		if !reflect.DeepEqual(s, first) {
			t.Errorf("workers=%d: result differs from workers=1", w)
		}
	}
	opt.Seed = 4
	s, err := RandomizedSVD(a, 20, opt)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Equal(s.Docs.Data, first.Docs.Data) {
		t.Error("seeds 3 and 4 gave identical Docs")
	}
}

// withColumns returns a's entries under the column numbering to(j), cols
// columns in all, each row's entries sorted again.
func withColumns(a *CSR, cols int, to func(int) int) *CSR {
	out := &CSR{Rows: a.Rows, Cols: cols, Ptr: make([]int, 1, a.Rows+1)}
	for i := range a.Rows {
		ind, val := a.Row(i)
		order := make([]int, len(ind))
		for p := range order {
			order[p] = p
		}
		slices.SortFunc(order, func(p, q int) int { return to(int(ind[p])) - to(int(ind[q])) })
		for _, p := range order {
			out.Ind = append(out.Ind, int32(to(int(ind[p]))))
			out.Val = append(out.Val, val[p])
		}
		out.Ptr = append(out.Ptr, len(out.Ind))
	}
	return out
}

// docsGap is the largest difference between the Docs of two SVDs of the
// same rows, each column compared up to its sign, relative to σ₁.
func docsGap(x, y *SVD) float64 {
	var gap float64
	k := x.K
	for c := range k {
		var dot float64
		for i := range x.Docs.Rows {
			dot += float64(x.Docs.Data[i*k+c]) * float64(y.Docs.Data[i*k+c])
		}
		sign := 1.0
		if dot < 0 {
			sign = -1
		}
		for i := range x.Docs.Rows {
			gap = math.Max(gap, math.Abs(float64(x.Docs.Data[i*k+c])-sign*float64(y.Docs.Data[i*k+c])))
		}
	}
	return gap / x.Sigma[0]
}

// TestRandomizedSVDColKeys checks that keyed draws make the result follow
// the columns, not their positions: a column added before the others (the
// corpus gaining a term that sorts first) or the columns reversed leave
// the singular values and the documents' coordinates as they were, up to
// rounding, while draws by position move them as far as another seed
// does. The matrix is noise and there is no power iteration, so the
// result depends on the test matrix as much as it can.
func TestRandomizedSVDColKeys(t *testing.T) {
	const rows, cols, k = 400, 300, 12
	a := randomCSR(rand.New(rand.NewPCG(8, 8)), rows, cols, 0.05)
	keys := make([]uint64, cols)
	krng := rand.New(rand.NewPCG(9, 9))
	for j := range keys {
		keys[j] = krng.Uint64()
	}
	opt := SVDOptions{Oversample: 4, Seed: 11, ColKeys: keys}
	base, err := RandomizedSVD(a, k, opt)
	if err != nil {
		t.Fatal(err)
	}
	shifted := withColumns(a, cols+1, func(j int) int { return j + 1 })
	shifted.Ind = append([]int32{0}, shifted.Ind...) // the new column: one entry in row 0
	shifted.Val = append([]float32{1e-3}, shifted.Val...)
	for i := range shifted.Ptr[1:] {
		shifted.Ptr[i+1]++
	}
	reversed := withColumns(a, cols, func(j int) int { return cols - 1 - j })
	reversedKeys := slices.Clone(keys)
	slices.Reverse(reversedKeys)
	tests := []struct {
		name  string
		a     *CSR
		keys  []uint64
		seed  uint64
		close bool
	}{
		{"a column added first, keyed", shifted, append([]uint64{krng.Uint64()}, keys...), 11, true},
		{"columns reversed, keyed", reversed, reversedKeys, 11, true},
		{"a column added first, by position", shifted, nil, 11, false},
		{"same columns, another seed", a, keys, 12, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := RandomizedSVD(tt.a, k, SVDOptions{Oversample: 4, Seed: tt.seed, ColKeys: tt.keys})
			if err != nil {
				t.Fatal(err)
			}
			var sigmaGap float64
			for c := range k {
				sigmaGap = math.Max(sigmaGap, math.Abs(s.Sigma[c]-base.Sigma[c])/base.Sigma[0])
			}
			gap := docsGap(base, s)
			t.Logf("σ differs by %.2g, Docs by %.2g (relative to σ₁)", sigmaGap, gap)
			if tt.close && (sigmaGap > 1e-4 || gap > 1e-3) {
				t.Errorf("σ differs by %.2g, Docs by %.2g: want both within rounding", sigmaGap, gap)
			}
			if !tt.close && gap < 1e-2 {
				t.Errorf("Docs differ by %.2g only: want the draw to move them", gap)
			}
		})
	}
}

func TestRandomizedSVDErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	a := randomCSR(rng, 30, 20, 0.3)
	tests := []struct {
		name string
		a    *CSR
		k    int
		opt  SVDOptions
	}{
		{"nil", nil, 2, SVDOptions{}},
		{"no rows", &CSR{Cols: 3, Ptr: []int{0}}, 1, SVDOptions{}},
		{"no entries", &CSR{Rows: 2, Cols: 2, Ptr: []int{0, 0, 0}}, 1, SVDOptions{}},
		{"k zero", a, 0, SVDOptions{}},
		{"k above cols", a, 21, SVDOptions{}},
		{"negative oversample", a, 3, SVDOptions{Oversample: -1}},
		{"negative power iterations", a, 3, SVDOptions{PowerIters: -2}},
		{"too few column keys", a, 3, SVDOptions{ColKeys: make([]uint64, 19)}},
		{"column out of range", &CSR{Rows: 1, Cols: 2, Ptr: []int{0, 1}, Ind: []int32{2}, Val: []float32{1}}, 1, SVDOptions{}},
		{"pointer mismatch", &CSR{Rows: 2, Cols: 2, Ptr: []int{0, 1}, Ind: []int32{0}, Val: []float32{1}}, 1, SVDOptions{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := RandomizedSVD(tt.a, tt.k, tt.opt)
			if err == nil {
				t.Fatalf("RandomizedSVD = %+v, want an error", s)
			}
		})
	}
	if _, err := RandomizedSVD(nil, 1, SVDOptions{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("nil matrix: err = %v, want ErrEmpty", err)
	}
	// k = min(rows, cols) is allowed, oversampling clipped.
	if s, err := RandomizedSVD(a, 20, SVDOptions{Oversample: 10}); err != nil || len(s.Sigma) != 20 {
		t.Errorf("k = cols: err = %v", err)
	}
}

func TestOrthonormal(t *testing.T) {
	const m, l = 3000, 25
	tests := []struct {
		name string
		dep  float64 // column l-1 = column 0 + dep·noise: ill-conditioned when small
	}{
		{"gaussian", -1},
		{"nearly dependent columns", 1e-6},
		{"dependent columns", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(9, 9))
			y := make([]float32, m*l)
			for i := range y {
				y[i] = float32(rng.NormFloat64())
			}
			if tt.dep >= 0 {
				for i := range m {
					y[i*l+l-1] = y[i*l] + float32(tt.dep*rng.NormFloat64())
				}
			}
			q := slices.Clone(y)
			r, err := orth(Dense{Rows: m, Cols: l, Data: q}, 2)
			if err != nil {
				t.Fatal(err)
			}
			// QᵀQ = I.
			for p := range l {
				for c := range l {
					var dot float64
					for i := range m {
						dot += float64(q[i*l+p]) * float64(q[i*l+c])
					}
					if want := b2f(p == c); math.Abs(dot-want) > 1e-5 {
						t.Fatalf("(QᵀQ)[%d,%d] = %g, want %g", p, c, dot, want)
					}
				}
			}
			// Q·R = Y, R upper triangular.
			for i := range m {
				for c := range l {
					var s float64
					for p := range l {
						if p > c && r[p*l+c] != 0 {
							t.Fatalf("R[%d,%d] = %g below the diagonal", p, c, r[p*l+c])
						}
						s += float64(q[i*l+p]) * r[p*l+c]
					}
					if math.Abs(s-float64(y[i*l+c])) > 1e-4 {
						t.Fatalf("(QR)[%d,%d] = %g, want Y = %g", i, c, s, y[i*l+c])
					}
				}
			}
		})
	}
}

// TestGram checks the chunked Gram matrix against a float64 sum, across a
// chunk boundary.
func TestGram(t *testing.T) {
	const m, l = gramChunk + 77, 41
	rng := rand.New(rand.NewPCG(2, 2))
	y := smallInts(rng, m, l)
	g := gram(Dense{Rows: m, Cols: l, Data: y}, 3)
	for p := range l {
		for c := range l {
			var s float64
			for i := range m {
				s += float64(y[i*l+p]) * float64(y[i*l+c])
			}
			if g[p*l+c] != s {
				t.Fatalf("G[%d,%d] = %g, want %g", p, c, g[p*l+c], s)
			}
		}
	}
}

func TestMulAB(t *testing.T) {
	const m, kd, nc = 45, 19, 70
	rng := rand.New(rand.NewPCG(4, 4))
	a := smallInts(rng, m, kd)
	b := smallInts(rng, kd, nc)
	c := make([]float32, m*nc)
	mulAB(Dense{Rows: m, Cols: kd, Data: a}, Dense{Rows: kd, Cols: nc, Data: b}, Dense{Rows: m, Cols: nc, Data: c}, 2)
	for i := range m {
		for j := range nc {
			var s float32
			for k := range kd {
				s += a[i*kd+k] * b[k*nc+j]
			}
			if c[i*nc+j] != s {
				t.Fatalf("C[%d,%d] = %g, want %g", i, j, c[i*nc+j], s)
			}
		}
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// TestMulABInPlace checks that the products written over their left
// operand (x ← x·R⁻¹ in orth; Docs and Terms over Y and Z) are
// bit-identical to mulAB's into a fresh matrix, over several blocks of
// rows, one of them partial, and a partial group of rows.
func TestMulABInPlace(t *testing.T) {
	for _, tt := range []struct{ m, kd, nc int }{
		{2*inPlaceRows + 13, 37, 37},
		{2*inPlaceRows + 13, 37, 30},
		{5, 12, 3},
		{inPlaceRows, 60, 49},
	} {
		rng := rand.New(rand.NewPCG(5, uint64(tt.m)))
		a := make([]float32, tt.m*tt.kd)
		for i := range a {
			a[i] = float32(rng.NormFloat64())
		}
		b := make([]float32, tt.kd*tt.nc)
		for i := range b {
			b[i] = float32(rng.NormFloat64())
		}
		db := Dense{Rows: tt.kd, Cols: tt.nc, Data: b}
		want := make([]float32, tt.m*tt.nc)
		mulAB(Dense{Rows: tt.m, Cols: tt.kd, Data: a}, db, Dense{Rows: tt.m, Cols: tt.nc, Data: want}, 3)
		got := mulABInPlace(Dense{Rows: tt.m, Cols: tt.kd, Data: slices.Clone(a)}, db, 3)
		if got.Rows != tt.m || got.Cols != tt.nc || !slices.Equal(got.Data, want) {
			t.Errorf("%d×%d·%d×%d: mulABInPlace differs from mulAB", tt.m, tt.kd, tt.kd, tt.nc)
		}
		if tt.nc == tt.kd {
			c := slices.Clone(a)
			mulAB(Dense{Rows: tt.m, Cols: tt.kd, Data: c}, db, Dense{Rows: tt.m, Cols: tt.nc, Data: c}, 3)
			if !slices.Equal(c, want) {
				t.Errorf("%d×%d·%d×%d: mulAB into its own left operand differs", tt.m, tt.kd, tt.kd, tt.nc)
			}
		}
	}
}
