package recommend

// CSR is a sparse matrix in compressed sparse row form, float32 values: the
// TF-IDF matrix (rows = articles, columns = terms). Row i's entries are
// Ind[Ptr[i]:Ptr[i+1]] (column indices, ascending) and Val[Ptr[i]:Ptr[i+1]].
type CSR struct {
	Rows, Cols int
	Ptr        []int
	Ind        []int32
	Val        []float32
}

// Row returns the column indices and values of row i. The slices alias the
// matrix; callers must not modify them.
func (m *CSR) Row(i int) ([]int32, []float32) {
	lo, hi := m.Ptr[i], m.Ptr[i+1]
	return m.Ind[lo:hi], m.Val[lo:hi]
}

// NNZ returns the number of stored entries.
func (m *CSR) NNZ() int { return len(m.Ind) }
