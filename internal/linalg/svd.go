package linalg

// Randomized truncated SVD (Halko, Martinsson & Tropp, "Finding structure
// with randomness", SIAM Review 53(2), 2011; algorithms 4.1, 4.4 and 5.1).
//
// For the m×n sparse matrix A and a target rank k, with l = k + oversample
// columns:
//
//	Ω      n×l Gaussian test matrix, row j drawn from (seed, key of column j)
//	Y = AΩ, Q = orth(Y)                          range finder
//	repeat PowerIters times:                     subspace iteration
//	    Z = orth(AᵀQ), Q = orth(AZ)
//	Bᵀ = AᵀQ = Q₂R (orth, keeping R)             B = QᵀA
//	R = Ur·Σ·Vrᵀ (dense l×l SVD, gonum)          B = Vr·Σ·(Q₂Ur)ᵀ
//	A ≈ (Q·Vr)·Σ·(Q₂·Ur)ᵀ
//
// so Docs = Q·Vr[:, :k]·Σ and Terms = Q₂·Ur[:, :k]. Re-orthonormalising
// after every product keeps the trailing directions from drowning in
// rounding error (HMT §4.5).
//
// The tall blocks (m×l and n×l) are float32 and go through the AVX-512 tile
// kernel where it is built; the l×l algebra is float64 in gonum. orth is
// CholeskyQR2: the Gram matrix YᵀY (float32 tiles over fixed 1,024-row
// chunks, summed in float64), its Cholesky factor R (gonum dpotrf), then
// Y ← Y·R⁻¹, twice; the second pass restores orthogonality to rounding
// level. Measured on a 36,000×210 block (CPU seconds, the machine being
// shared): gonum's Householder dgeqrf + dorgqr takes 2.9 s, gonum's
// CholeskyQR2 (dsyrk + dtrsm) 3.4 s, the tile-kernel CholeskyQR2 a few
// hundredths (see BenchmarkOrth). Where the first factor is too
// ill-conditioned for CholeskyQR (diagonal ratio below 1e-3, or dpotrf
// fails) orth falls back to gonum's Householder QR in float64.
//
// With column keys (SVDOptions.ColKeys: for the engine, a hash of each
// column's term), row j of Ω, the one that column j of A meets, is drawn
// from its own random stream keyed by the seed and column j's key. A
// column's draw then depends on neither the other columns nor where it
// sorts: when a corpus gains a term that sorts early, the other terms keep
// their draws and the basis moves only as much as the data does (in exact
// arithmetic the result is equivariant under any permutation of the
// columns that carries their keys along). Without keys, Ω is drawn by
// position, 1,024 rows from each stream, and a column added early shifts
// every later column's draw.
//
// Every product is split over rows or fixed chunks, each summed by one
// goroutine in one fixed order, so the result is bit-identical for any
// number of workers.
//
// Memory: the tall blocks are the cost (at a million articles and l = 210
// each m×l block is some 840 MB), so there are only two, Y and Z, and the
// products that end in a block of no more columns than they read are done
// in place: x ← x·R⁻¹ in orth, and Docs and Terms written over Y and Z
// (mulABInPlace), each group of rows copied out before it is overwritten.

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/gonum"

	"recommend/internal/par"
)

// SVDOptions tunes RandomizedSVD. The zero value is usable: no oversampling,
// no power iteration, seed 0, GOMAXPROCS workers.
type SVDOptions struct {
	// Oversample is the number of extra random directions beyond k (HMT
	// recommend 5–10; more improves the trailing singular values).
	Oversample int
	// PowerIters is the number of subspace iterations; each costs two
	// sparse products and two orthonormalisations, and sharpens a slowly
	// decaying spectrum.
	PowerIters int
	// Seed fixes the Gaussian test matrix, hence the whole result.
	Seed uint64
	// ColKeys, when not nil, holds one key per column of the matrix
	// (len = Cols): the test matrix's row for column j is drawn from the
	// stream keyed by (Seed, ColKeys[j]), so that a column keeps its draw
	// when columns are added, removed or reordered. Distinct columns
	// should have distinct keys (equal keys give equal draws). nil draws
	// the test matrix by position: rows in chunks of 1,024, each chunk
	// from the stream keyed by (Seed, chunk number).
	ColKeys []uint64
	// Workers bounds the goroutines; ≤ 0 means runtime.GOMAXPROCS(0). The
	// result does not depend on it.
	Workers int
}

// SVD is a rank-K approximation A ≈ Docs·Termsᵀ with Docs = U·Σ.
type SVD struct {
	K     int
	Sigma []float64 // singular values, descending
	// Docs is Rows×K: U·Σ, the documents in the latent space.
	Docs Dense
	// Terms is Cols×K: V, the orthonormal term directions.
	Terms Dense
	// Explained is the explained variance ratio Σσ² / ‖A‖²_F.
	Explained float64
}

// ErrEmpty is returned by RandomizedSVD for a matrix without rows, columns
// or entries, which has no singular vectors to find.
var ErrEmpty = errors.New("svd: empty matrix")

// RandomizedSVD returns the k leading singular triplets of a, approximately,
// by the randomized range finder with power iterations. a is not modified.
// It fails for an empty or malformed matrix and for k outside
// 1..min(Rows, Cols); oversampling beyond min(Rows, Cols) is clipped.
func RandomizedSVD(a *CSR, k int, opt SVDOptions) (*SVD, error) {
	if a == nil || a.Rows == 0 || a.Cols == 0 || a.NNZ() == 0 {
		return nil, ErrEmpty
	}
	if err := a.check(); err != nil {
		return nil, fmt.Errorf("svd: %w", err)
	}
	m, n := a.Rows, a.Cols
	if k < 1 || k > min(m, n) {
		return nil, fmt.Errorf("svd: k = %d outside 1..min(rows %d, cols %d)", k, m, n)
	}
	if opt.Oversample < 0 || opt.PowerIters < 0 {
		return nil, fmt.Errorf("svd: negative oversample (%d) or power iterations (%d)", opt.Oversample, opt.PowerIters)
	}
	if opt.ColKeys != nil && len(opt.ColKeys) != n {
		return nil, fmt.Errorf("svd: %d column keys for %d columns", len(opt.ColKeys), n)
	}
	w := par.Workers(opt.Workers)
	l := min(k+opt.Oversample, m, n)
	at := a.transpose()

	z := NewDense(n, l)
	gaussian(z, opt.Seed, opt.ColKeys, w)
	y := NewDense(m, l)
	spmm(a, z, y, w)
	if _, err := orth(y, w); err != nil {
		return nil, err
	}
	for range opt.PowerIters {
		spmm(at, y, z, w)
		if _, err := orth(z, w); err != nil {
			return nil, err
		}
		spmm(a, z, y, w)
		if _, err := orth(y, w); err != nil {
			return nil, err
		}
	}
	spmm(at, y, z, w) // Bᵀ
	r, err := orth(z, w)
	if err != nil {
		return nil, err
	}
	sigma := make([]float64, l)
	ur := make([]float64, l*l)
	vrt := make([]float64, l*l)
	var impl gonum.Implementation
	lw := []float64{0}
	impl.Dgesvd(lapack.SVDAll, lapack.SVDAll, l, l, r, l, sigma, ur, l, vrt, l, lw, -1)
	work := make([]float64, int(lw[0]))
	if !impl.Dgesvd(lapack.SVDAll, lapack.SVDAll, l, l, r, l, sigma, ur, l, vrt, l, work, len(work)) {
		return nil, errors.New("svd: dense SVD did not converge")
	}
	// Terms = Q₂·Ur[:, :k]; Docs = Q·Vr[:, :k]·Σ, Vr[p][c] = vrt[c][p].
	urk := NewDense(l, k)
	vsk := NewDense(l, k)
	for p := range l {
		for c := range k {
			urk.Data[p*k+c] = float32(ur[p*l+c])
			vsk.Data[p*k+c] = float32(vrt[c*l+p] * sigma[c])
		}
	}
	// Terms and Docs take the place of Z and Y, which they are the last to read.
	out := &SVD{K: k, Sigma: sigma[:k:k], Terms: mulABInPlace(z, urk, w), Docs: mulABInPlace(y, vsk, w)}
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

// gaussChunk is the number of rows of Ω drawn from one random stream when
// the columns have no keys.
const gaussChunk = 1024

// gaussian fills x with standard normal draws so that they depend on
// neither the number of workers nor, with keys, the other rows: row i
// from its own PCG stream keyed by (seed, keys[i]); without keys, each
// chunk of gaussChunk rows from the stream keyed by (seed, chunk).
func gaussian(dx Dense, seed uint64, keys []uint64, workers int) {
	x, l, rows := dx.Data, dx.Cols, dx.Rows
	if keys != nil {
		par.Ranges(rows, workers, func(lo, hi int) {
			src := rand.NewPCG(0, 0)
			rng := rand.New(src)
			for i := lo; i < hi; i++ {
				src.Seed(seed, keys[i])
				for j := range x[i*l : (i+1)*l] {
					x[i*l+j] = float32(rng.NormFloat64())
				}
			}
		})
		return
	}
	nc := (rows + gaussChunk - 1) / gaussChunk
	par.Ranges(nc, workers, func(lo, hi int) {
		for c := lo; c < hi; c++ {
			rng := rand.New(rand.NewPCG(seed, 0x5eed0000+uint64(c)))
			for i := range x[c*gaussChunk*l : min((c+1)*gaussChunk, rows)*l] {
				x[c*gaussChunk*l+i] = float32(rng.NormFloat64())
			}
		}
	})
}

// orth replaces the m×l matrix x (m ≥ l) by an orthonormal basis of its
// columns, x = Q·R, and returns the l×l upper triangular R (row-major,
// float64). The CholeskyQR steps work in place.
func orth(dx Dense, workers int) ([]float64, error) {
	x, m, l := dx.Data[:dx.Rows*dx.Cols], dx.Rows, dx.Cols
	r1, ok := cholQR(dx, workers)
	if ok {
		r2, ok2 := cholQR(dx, workers)
		if ok2 {
			return triMul(r2, r1, l), nil
		}
	}
	// Householder fallback on the original or partly reduced x: either way
	// x = Q·R' with R' upper triangular; R = R'·r1 when the first pass ran.
	x64 := make([]float64, len(x))
	for i, v := range x {
		x64[i] = float64(v)
	}
	r, err := householder(m, l, x64)
	if err != nil {
		return nil, err
	}
	for i, v := range x64 {
		x[i] = float32(v)
	}
	if ok {
		r = triMul(r, r1, l)
	}
	return r, nil
}

// cholQR does one CholeskyQR step: G = xᵀx, G = RᵀR, x ← x·R⁻¹ (in
// place). It reports false, leaving x alone, when G is not numerically
// positive definite.
func cholQR(x Dense, workers int) ([]float64, bool) {
	l := x.Cols
	g := gram(x, workers)
	var impl gonum.Implementation
	if !impl.Dpotrf(blas.Upper, l, g, l) {
		return nil, false
	}
	lo, hi := math.Inf(1), 0.0
	for i := range l {
		d := math.Abs(g[i*l+i])
		lo, hi = math.Min(lo, d), math.Max(hi, d)
	}
	if !(lo > 1e-3*hi) {
		return nil, false
	}
	r := make([]float64, l*l)
	for i := range l {
		copy(r[i*l+i:(i+1)*l], g[i*l+i:(i+1)*l])
	}
	rinv := append([]float64(nil), r...)
	if !impl.Dtrtri(blas.Upper, blas.NonUnit, l, rinv, l) {
		return nil, false
	}
	ri := NewDense(l, l)
	for i, v := range rinv {
		ri.Data[i] = float32(v)
	}
	mulAB(x, ri, x, workers) // b is square: x may be c
	return r, true
}

// triMul returns a·b for l×l upper triangular a and b.
func triMul(a, b []float64, l int) []float64 {
	c := make([]float64, l*l)
	for i := range l {
		for p := i; p < l; p++ {
			if v := a[i*l+p]; v != 0 {
				for j := p; j < l; j++ {
					c[i*l+j] += v * b[p*l+j]
				}
			}
		}
	}
	return c
}

// householder overwrites the m×l row-major x with the thin Q of its
// Householder QR (gonum dgeqrf + dorgqr) and returns R.
func householder(m, l int, x []float64) ([]float64, error) {
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
			return nil, errors.New("svd: non-finite value in a QR factor")
		}
	}
	return r, nil
}

// gramChunk is the number of rows whose products one tile pass sums in
// float32 before the partial Gram matrix is added in float64.
const gramChunk = 1024

// gram returns xᵀx (l×l, float64) of the m×l matrix x: float32 tiles over
// fixed chunks of gramChunk rows, the chunks summed in float64 in order.
func gram(dx Dense, workers int) []float64 {
	x, m, l := dx.Data, dx.Rows, dx.Cols
	nc := (m + gramChunk - 1) / gramChunk
	lg, ls := (l+tileM-1)/tileM, (l+tileN-1)/tileN
	parts := make([][]float32, nc)
	par.Ranges(nc, workers, func(lo, hi int) {
		var out [tileM * tileN]float32
		bufA := make([]float32, lg*tileM*gramChunk)
		bufB := make([]float32, ls*tileN*gramChunk)
		for c := lo; c < hi; c++ {
			r0, r1 := c*gramChunk, min((c+1)*gramChunk, m)
			d := r1 - r0
			pa, pb := bufA[:lg*tileM*d], bufB[:ls*tileN*d]
			clear(pa)
			clear(pb)
			for k := range d {
				row := x[(r0+k)*l : (r0+k+1)*l]
				for j, v := range row {
					pa[(j/tileM)*tileM*d+k*tileM+j%tileM] = v
					pb[(j/tileN)*tileN*d+k*tileN+j%tileN] = v
				}
			}
			part := make([]float32, l*l)
			for s := range ls {
				for g := range lg {
					if g*tileM >= (s+1)*tileN { // lower triangle: mirrored below
						break
					}
					dotTile(pa[g*tileM*d:(g+1)*tileM*d], pb[s*tileN*d:(s+1)*tileN*d], d, &out)
					for r := range min(tileM, l-g*tileM) {
						copy(part[(g*tileM+r)*l+s*tileN:(g*tileM+r)*l+min((s+1)*tileN, l)], out[r*tileN:])
					}
				}
			}
			parts[c] = part
		}
	})
	g := make([]float64, l*l)
	for _, part := range parts {
		for i := range l {
			for j := i; j < l; j++ {
				g[i*l+j] += float64(part[i*l+j])
			}
		}
	}
	for i := range l {
		for j := range i {
			g[i*l+j] = g[j*l+i]
		}
	}
	return g
}

// mulAB sets c (m×nc) to a·b, a being m×kd and b kd×nc, through the tile
// kernel; rows of a are split between workers. c may be a itself when b is
// square (nc = kd): each group of tileM rows of a is copied out before the
// same rows of c are written.
func mulAB(da, db, dc Dense, workers int) {
	mulPacked(da, packB(db), db.Cols, dc, workers)
}

// inPlaceRows is the number of rows mulABInPlace copies out at a time: a
// multiple of tileM, so that its row groups are mulAB's.
const inPlaceRows = 512 * tileM

// mulABInPlace returns a·b (m×nc) written over a (m×kd), for b kd×nc with
// nc ≤ kd, and bit-identical to mulAB. The rows are taken in blocks of
// inPlaceRows, in order: a block is copied out, then its product written
// where a's rows before the block's end were, which are all read by then.
// The result keeps a's array.
func mulABInPlace(da, db Dense, workers int) Dense {
	m, kd, nc := da.Rows, da.Cols, db.Cols
	if nc > kd {
		panic(fmt.Sprintf("linalg: mulABInPlace of %d columns into %d", kd, nc))
	}
	pb := packB(db)
	buf := make([]float32, min(m, inPlaceRows)*kd)
	for r0 := 0; r0 < m; r0 += inPlaceRows {
		r1 := min(r0+inPlaceRows, m)
		blk := Dense{Rows: r1 - r0, Cols: kd, Data: buf[:(r1-r0)*kd]}
		copy(blk.Data, da.Data[r0*kd:r1*kd])
		mulPacked(blk, pb, nc, Dense{Rows: r1 - r0, Cols: nc, Data: da.Data[r0*nc : r1*nc]}, workers)
	}
	return Dense{Rows: m, Cols: nc, Data: da.Data[: m*nc : m*nc]}
}

// packB lays out the kd×nc matrix b in the tile kernel's column panels.
func packB(db Dense) []float32 {
	b, kd, nc := db.Data, db.Rows, db.Cols
	ns := (nc + tileN - 1) / tileN
	pb := make([]float32, ns*tileN*kd)
	for k := range kd {
		for j, v := range b[k*nc : (k+1)*nc] {
			pb[(j/tileN)*tileN*kd+k*tileN+j%tileN] = v
		}
	}
	return pb
}

// mulPacked is mulAB with b packed by packB (nc columns).
func mulPacked(da Dense, pb []float32, nc int, dc Dense, workers int) {
	a, m, kd := da.Data, da.Rows, da.Cols
	c := dc.Data
	ns := (nc + tileN - 1) / tileN
	ng := (m + tileM - 1) / tileM
	par.Ranges(ng, workers, func(lo, hi int) {
		var out [tileM * tileN]float32
		pa := make([]float32, tileM*kd)
		for g := lo; g < hi; g++ {
			clear(pa)
			for r := range min(tileM, m-g*tileM) {
				for k, v := range a[(g*tileM+r)*kd : (g*tileM+r+1)*kd] {
					pa[k*tileM+r] = v
				}
			}
			for s := range ns {
				dotTile(pa, pb[s*tileN*kd:(s+1)*tileN*kd], kd, &out)
				for r := range min(tileM, m-g*tileM) {
					i := g*tileM + r
					copy(c[i*nc+s*tileN:i*nc+min((s+1)*tileN, nc)], out[r*tileN:])
				}
			}
		}
	})
}

// spmm sets y (a.Rows×l) to a·x, x being a.Cols×l. Rows are split into
// contiguous ranges, one per worker; each output row is summed in the order
// of the row's entries whatever the split.
func spmm(a *CSR, dx, dy Dense, workers int) {
	x, l, y := dx.Data, dx.Cols, dy.Data
	par.Ranges(a.Rows, workers, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			yi := y[i*l : (i+1)*l]
			clear(yi)
			ind, val := a.Row(i)
			for p, c := range ind {
				axpy32(val[p], x[int(c)*l:int(c+1)*l], yi)
			}
		}
	})
}
