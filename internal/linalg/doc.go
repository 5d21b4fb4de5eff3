// Package linalg holds the engine's numerics: the sparse and dense float32
// matrices, the randomized truncated SVD that gives the LSA coordinates,
// the exact and approximate top-k searches over all pairs of rows, the
// merge of sorted sparse rows, and the SIMD kernels under them.
//
// # Types
//
// CSR is a sparse matrix in compressed sparse row form (the TF-IDF
// matrix: rows are articles, columns terms, column indices ascending in
// each row). Dense is a row-major matrix (the LSA coordinates). Hit is one
// entry of a top-k list: a row index and its score.
//
// # Computations
//
//   - RandomizedSVD (svd.go): the k leading singular triplets of a CSR by
//     the randomized range finder with power iterations (Halko, Martinsson
//     & Tropp 2011); the tall products on the tile kernel, the small ones in
//     float64 through gonum. Its Gaussian test matrix is drawn by row
//     number, or row by row from per-column keys (SVDOptions.ColKeys) so
//     that a column keeps its draw whatever other columns exist.
//   - TopKDense (topk.go): for every row of a Dense matrix the k rows of
//     largest dot product, exactly, every pair scored once by the tile
//     kernel and offered to both rows' bounded heaps.
//   - TopKSparse (topk_sparse.go): the same over a CSR, its common columns
//     packed for the tile kernel and the rare ones scattered through the
//     transpose.
//   - TopKIVF and HeavyIndex (ivf.go): approximate candidates for a large
//     corpus, from an inverted file over the dense rows and from each row's
//     heaviest sparse terms.
//   - SparseDot and Shared (intersect.go): the merge of two sorted index
//     rows, the one loop under every sparse cosine and shared-term count.
//
// # Kernels
//
// kernel.go holds the portable inner loops: the 8×48 dot-product tile,
// axpy and the tile's threshold screen. kernel_amd64.s has AVX-512
// versions, chosen at run time when the CPU and the OS support AVX-512F
// (kernel_amd64.go); other architectures, and builds with the purego tag,
// use the portable ones (kernel_generic.go). Both give the same bits.
//
// # Invariants
//
//   - Results do not depend on the number of workers: every sum runs in one
//     fixed order whichever goroutine computes it, and every top-k list is
//     the unique k best under (score descending, index ascending).
//   - Inputs are never modified. Tuning knobs come in the options value of
//     each call, never from package state, so concurrent calls with
//     different settings do not interfere.
package linalg
