package linalg_test

// Examples of the searches, the SVD and the merge of sparse rows.

import (
	"fmt"

	"recommend/internal/linalg"
)

// Four unit rows in two dimensions: each row's nearest other row by cosine,
// with the pair (0, 1) ruled out by the skip callback.
func ExampleTopKDense() {
	x := linalg.Dense{Rows: 4, Cols: 2, Data: []float32{
		1, 0,
		0.8, 0.6,
		0.6, 0.8,
		0, 1,
	}}
	skip := func(i, j int) bool { return i+j == 1 }
	for i, hits := range linalg.TopKDense(x, 1, linalg.TopKOptions{Skip: skip, Workers: 2}) {
		fmt.Printf("%d → %d (%.2f)\n", i, hits[0].Doc, hits[0].Score)
	}
	// Output:
	// 0 → 2 (0.60)
	// 1 → 2 (0.96)
	// 2 → 1 (0.96)
	// 3 → 2 (0.80)
}

// The same rows as a sparse matrix: TopKSparse returns only positive
// scores, so row 0 and row 3, which share no column, never meet.
func ExampleTopKSparse() {
	a := &linalg.CSR{
		Rows: 4, Cols: 2,
		Ptr: []int{0, 1, 3, 5, 6},
		Ind: []int32{0, 0, 1, 0, 1, 1},
		Val: []float32{1, 0.8, 0.6, 0.6, 0.8, 1},
	}
	for i, hits := range linalg.TopKSparse(a, 3, linalg.SparseOptions{Workers: 2}) {
		fmt.Println(i, hits)
	}
	// Output:
	// 0 [{1 0.800000011920929} {2 0.6000000238418579}]
	// 1 [{2 0.9600000381469727} {0 0.800000011920929} {3 0.6000000238418579}]
	// 2 [{1 0.9600000381469727} {3 0.800000011920929} {0 0.6000000238418579}]
	// 3 [{2 0.800000011920929} {1 0.6000000238418579}]
}

// Two sparse rows meet on columns 3 and 9: Shared gives their positions in
// each row, SparseDot the dot product over them.
func ExampleShared() {
	ai, av := []int32{1, 3, 9}, []float32{0.5, 2, 1}
	bi, bv := []int32{3, 4, 9, 12}, []float32{1, 7, 3, 1}
	for p, q := range linalg.Shared(ai, bi) {
		fmt.Printf("column %d: a[%d] = %g, b[%d] = %g\n", ai[p], p, av[p], q, bv[q])
	}
	fmt.Println("dot:", linalg.SparseDot(ai, av, bi, bv))
	// Output:
	// column 3: a[1] = 2, b[0] = 1
	// column 9: a[2] = 1, b[2] = 3
	// dot: 5
}

// A diagonal matrix has its diagonal as singular values: the two leading
// ones, found from a test matrix wide enough to span every column, keep
// (9+4)/14 of the squared norm.
func ExampleRandomizedSVD() {
	a := &linalg.CSR{
		Rows: 4, Cols: 3,
		Ptr: []int{0, 1, 2, 3, 3},
		Ind: []int32{0, 1, 2},
		Val: []float32{3, 2, 1},
	}
	s, err := linalg.RandomizedSVD(a, 2, linalg.SVDOptions{Oversample: 1, PowerIters: 1, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("σ = %.3f, explained %.3f, Docs %d×%d\n", s.Sigma, s.Explained, s.Docs.Rows, s.Docs.Cols)
	// Output:
	// σ = [3.000 2.000], explained 0.929, Docs 4×2
}
