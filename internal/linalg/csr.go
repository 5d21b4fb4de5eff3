package linalg

// The two matrix shapes of the engine. CSR stores a sparse matrix as three
// arrays: the entries of row i are Ind[Ptr[i]:Ptr[i+1]] (column indices,
// strictly ascending) and Val[Ptr[i]:Ptr[i+1]]; check verifies that
// structure before a computation trusts it, and transpose turns rows into
// columns by a counting sort (the inverted index of the sparse top-k and
// the Aᵀ products of the SVD). Dense stores a matrix row after row in one
// slice, Data[i·Cols+c], as the tile kernel's packing reads it.

import "fmt"

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

// Transpose returns mᵀ in CSR form (m in CSC form: the inverted index of
// a TF-IDF matrix, column by column), rows ascending within each column.
func (m *CSR) Transpose() *CSR { return m.transpose() }

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

// Dense is a Rows×Cols float32 matrix stored row-major: entry (i, c) is
// Data[i·Cols+c]. The LSA coordinates are one (a row per article).
type Dense struct {
	Rows, Cols int
	Data       []float32
}

// NewDense returns a zero rows×cols matrix.
func NewDense(rows, cols int) Dense {
	return Dense{Rows: rows, Cols: cols, Data: make([]float32, rows*cols)}
}

// Row returns row i, aliasing the matrix.
func (x Dense) Row(i int) []float32 { return x.Data[i*x.Cols : (i+1)*x.Cols] }

// check reports a Dense whose Data is shorter than Rows·Cols or whose shape
// is negative.
func (x Dense) check() error {
	if x.Rows < 0 || x.Cols < 0 || len(x.Data) < x.Rows*x.Cols {
		return fmt.Errorf("malformed Dense: %d×%d with %d values", x.Rows, x.Cols, len(x.Data))
	}
	return nil
}
