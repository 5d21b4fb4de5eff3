package recommend

// The engine's numerics (sparse and dense matrices, the randomized SVD,
// the top-k searches and their SIMD kernels) live in internal/linalg; the
// two of its types that this package's API hands out are named here too,
// as aliases, so that callers of recommend need not import it.

import "recommend/internal/linalg"

// CSR is a sparse matrix in compressed sparse row form, float32 values: the
// TF-IDF matrix (rows = articles, columns = terms). Row i's entries are
// Ind[Ptr[i]:Ptr[i+1]] (column indices, ascending) and Val[Ptr[i]:Ptr[i+1]].
type CSR = linalg.CSR

// Hit is one related article: its index in the articles passed to Build and
// its score (higher is more related).
type Hit = linalg.Hit
