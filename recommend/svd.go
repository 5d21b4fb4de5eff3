package recommend

// Randomized truncated SVD (Halko, Martinsson & Tropp, "Finding structure
// with randomness", SIAM Review 53(2), 2011; algorithms 4.1, 4.4 and 5.1).
//
// For the m×n sparse matrix A and a target rank k, with l = k + oversample
// columns:
//
//	Ω      n×l Gaussian test matrix, drawn from the seed
//	Y = AΩ, Q = orth(Y)                          range finder
//	repeat PowerIters times:                     subspace iteration
//	    Z = orth(AᵀQ), Q = orth(AZ)
//	Bᵀ = AᵀQ (n×l), Bᵀ = Ub·Σ·Vbᵀ (thin SVD)     B = QᵀA = Vb·Σ·Ubᵀ
//	A ≈ (Q·Vb)·Σ·Ubᵀ
//
// so Docs = Q·Vb[:, :k]·Σ and Terms = Ub[:, :k]. orth is a thin Householder
// QR (LAPACK dgeqrf + dorgqr from gonum); the SVD of the tall Bᵀ goes through
// its QR, Bᵀ = Q₂R, and the SVD of the small l×l R. Re-orthonormalising after every
// product keeps the small singular values from drowning in rounding error
// (HMT §4.5).
//
// The sparse products dominate; they run in float64 over row ranges split
// between the workers, and AᵀX runs as a product with the explicit transpose
// (built once), so every output row is summed by one goroutine in one fixed
// order and the result is bit-identical for any number of workers.

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/gonum"
)

// SVDOptions tunes RandomizedSVD. The zero value is usable: no oversampling,
// no power iteration, seed 0, GOMAXPROCS workers.
type SVDOptions struct {
	// Oversample is the number of extra random directions beyond k (HMT
	// recommend 5–10; more improves the trailing singular values).
	Oversample int
	// PowerIters is the number of subspace iterations; each costs two
	// sparse products and two QRs, and sharpens a slowly decaying spectrum.
	PowerIters int
	// Seed fixes the Gaussian test matrix, hence the whole result.
	Seed uint64
	// Workers bounds the goroutines of the sparse products; ≤ 0 means
	// runtime.GOMAXPROCS(0). The result does not depend on it.
	Workers int
}

// SVD is a rank-K approximation A ≈ Docs·Termsᵀ with Docs = U·Σ.
type SVD struct {
	K     int
	Sigma []float64 // singular values, descending
	// Docs is Rows×K row-major: U·Σ, the documents in the latent space.
	Docs []float32
	// Terms is Cols×K row-major: V, the orthonormal term directions.
	Terms []float32
	// Explained is the explained variance ratio Σσ² / ‖A‖²_F.
	Explained float64
}

// errEmpty is returned for a matrix without rows, columns or entries.
var errEmpty = errors.New("recommend: svd: empty matrix")

// RandomizedSVD returns the k leading singular triplets of a, approximately,
// by the randomized range finder with power iterations. a is not modified.
// It fails for an empty or malformed matrix and for k outside
// 1..min(Rows, Cols); oversampling beyond min(Rows, Cols) is clipped.
func RandomizedSVD(a *CSR, k int, opt SVDOptions) (*SVD, error) {
	if a == nil || a.Rows == 0 || a.Cols == 0 || a.NNZ() == 0 {
		return nil, errEmpty
	}
	if err := a.check(); err != nil {
		return nil, fmt.Errorf("recommend: svd: %w", err)
	}
	m, n := a.Rows, a.Cols
	if k < 1 || k > min(m, n) {
		return nil, fmt.Errorf("recommend: svd: k = %d outside 1..min(rows %d, cols %d)", k, m, n)
	}
	if opt.Oversample < 0 || opt.PowerIters < 0 {
		return nil, fmt.Errorf("recommend: svd: negative oversample (%d) or power iterations (%d)", opt.Oversample, opt.PowerIters)
	}
	w := opt.Workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	l := min(k+opt.Oversample, m, n)
	at := a.transpose()

	omega := make([]float64, n*l)
	rng := rand.New(rand.NewPCG(opt.Seed, 0x5eed5eed5eed5eed))
	for i := range omega {
		omega[i] = rng.NormFloat64()
	}
	y := make([]float64, m*l)
	z := make([]float64, n*l)
	spmm(a, omega, l, y, w)
	omega = nil
	if err := orth(m, l, y); err != nil {
		return nil, err
	}
	for range opt.PowerIters {
		spmm(at, y, l, z, w)
		if err := orth(n, l, z); err != nil {
			return nil, err
		}
		spmm(a, z, l, y, w)
		if err := orth(m, l, y); err != nil {
			return nil, err
		}
	}
	// Bᵀ = AᵀQ, then its thin SVD through a QR: Bᵀ = Q₂R, R = Ur·Σ·Vbᵀ, so
	// Ub = Q₂·Ur.
	spmm(at, y, l, z, w)
	r, err := qrR(n, l, z)
	if err != nil {
		return nil, err
	}
	sigma := make([]float64, l)
	ur := make([]float64, l*l)
	vbt := make([]float64, l*l)
	var impl gonum.Implementation
	lw := []float64{0}
	impl.Dgesvd(lapack.SVDAll, lapack.SVDAll, l, l, r, l, sigma, ur, l, vbt, l, lw, -1)
	work := make([]float64, int(lw[0]))
	if !impl.Dgesvd(lapack.SVDAll, lapack.SVDAll, l, l, r, l, sigma, ur, l, vbt, l, work, len(work)) {
		return nil, errors.New("recommend: svd: dense SVD did not converge")
	}
	bl := blas64.Implementation()
	ub := make([]float64, n*k)
	bl.Dgemm(blas.NoTrans, blas.NoTrans, n, k, l, 1, z, l, ur, l, 0, ub, k)
	// Docs = Q·Vb[:, :k]·Σ = Q·(Vbᵀ)ᵀ[:, :k]·Σ.
	docs := make([]float64, m*k)
	bl.Dgemm(blas.NoTrans, blas.Trans, m, k, l, 1, y, l, vbt, l, 0, docs, k)
	out := &SVD{K: k, Sigma: sigma[:k:k], Docs: make([]float32, m*k), Terms: make([]float32, n*k)}
	for i := range m {
		for j := range k {
			out.Docs[i*k+j] = float32(docs[i*k+j] * sigma[j])
		}
	}
	for i := range n {
		for j := range k {
			out.Terms[i*k+j] = float32(ub[i*k+j])
		}
	}
	var fro, kept float64
	for _, v := range a.Val {
		fro += float64(v) * float64(v)
	}
	for _, s := range out.Sigma {
		kept += s * s
	}
	out.Explained = kept / fro
	return out, nil
}

// orth replaces the m×l row-major matrix x (m ≥ l) by an orthonormal basis of
// its columns: the thin Q of its Householder QR.
func orth(m, l int, x []float64) error {
	_, err := qrR(m, l, x)
	return err
}

// qrR factorises the m×l row-major matrix x (m ≥ l) as Q·R, overwrites x
// with the thin Q and returns the l×l upper triangular R.
func qrR(m, l int, x []float64) ([]float64, error) {
	var impl gonum.Implementation
	tau := make([]float64, l)
	lw := []float64{0}
	impl.Dgeqrf(m, l, x, l, tau, lw, -1)
	lw2 := []float64{0}
	impl.Dorgqr(m, l, l, x, l, tau, lw2, -1)
	work := make([]float64, int(max(lw[0], lw2[0])))
	impl.Dgeqrf(m, l, x, l, tau, work, len(work))
	r := make([]float64, l*l)
	for i := range l {
		copy(r[i*l+i:(i+1)*l], x[i*l+i:(i+1)*l])
	}
	impl.Dorgqr(m, l, l, x, l, tau, work, len(work))
	for _, v := range r {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, errors.New("recommend: svd: non-finite value in a QR factor")
		}
	}
	return r, nil
}

// spmm sets y (a.Rows×l, row-major) to a·x, x being a.Cols×l row-major. Rows
// are split into contiguous ranges, one per worker; each output row is
// summed in the order of the row's entries whatever the split.
func spmm(a *CSR, x []float64, l int, y []float64, workers int) {
	parallelRanges(a.Rows, workers, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			yi := y[i*l : (i+1)*l]
			clear(yi)
			ind, val := a.Row(i)
			for p, c := range ind {
				axpy64(float64(val[p]), x[int(c)*l:int(c+1)*l], yi)
			}
		}
	})
}

// parallelRanges calls f on about 4·workers contiguous ranges covering
// [0, n), at most workers at a time, and waits for them all.
func parallelRanges(n, workers int, f func(lo, hi int)) {
	if workers <= 1 || n < 64 {
		f(0, n)
		return
	}
	chunks := min(4*workers, n)
	var wg sync.WaitGroup
	next := make(chan int, chunks)
	for c := range chunks {
		next <- c
	}
	close(next)
	for range workers {
		wg.Go(func() {
			for c := range next {
				f(c*n/chunks, (c+1)*n/chunks)
			}
		})
	}
	wg.Wait()
}

// check reports a structural fault of m: lengths that disagree, a pointer
// that goes backwards or column indices out of range or not ascending.
func (m *CSR) check() error {
	if m.Rows < 0 || m.Cols < 0 || len(m.Ptr) != m.Rows+1 || m.Ptr[0] != 0 ||
		m.Ptr[m.Rows] != len(m.Ind) || len(m.Ind) != len(m.Val) {
		return fmt.Errorf("malformed CSR: %d×%d, %d pointers, %d indices, %d values", m.Rows, m.Cols, len(m.Ptr), len(m.Ind), len(m.Val))
	}
	for i := range m.Rows {
		lo, hi := m.Ptr[i], m.Ptr[i+1]
		if lo > hi {
			return fmt.Errorf("malformed CSR: row %d pointer goes backwards", i)
		}
		prev := int32(-1)
		for _, c := range m.Ind[lo:hi] {
			if c <= prev || int(c) >= m.Cols {
				return fmt.Errorf("malformed CSR: row %d column %d out of range or order", i, c)
			}
			prev = c
		}
	}
	return nil
}

// transpose returns mᵀ in CSR form (m in CSC form), rows ascending within
// each column, by a counting sort.
func (m *CSR) transpose() *CSR {
	t := &CSR{Rows: m.Cols, Cols: m.Rows, Ptr: make([]int, m.Cols+1), Ind: make([]int32, len(m.Ind)), Val: make([]float32, len(m.Val))}
	for _, c := range m.Ind {
		t.Ptr[c+1]++
	}
	for c := range m.Cols {
		t.Ptr[c+1] += t.Ptr[c]
	}
	pos := make([]int, m.Cols)
	copy(pos, t.Ptr[:m.Cols])
	for i := range m.Rows {
		ind, val := m.Row(i)
		for p, c := range ind {
			q := pos[c]
			t.Ind[q] = int32(i)
			t.Val[q] = val[p]
			pos[c]++
		}
	}
	return t
}
