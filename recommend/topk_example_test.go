package recommend_test

import (
	"fmt"

	"recommend/recommend"
)

// Four unit rows in two dimensions: each row's nearest other row by cosine,
// with the pair (0, 1) ruled out by the skip callback.
func ExampleTopKDense() {
	x := []float32{
		1, 0,
		0.8, 0.6,
		0.6, 0.8,
		0, 1,
	}
	skip := func(i, j int) bool { return i+j == 1 }
	for i, hits := range recommend.TopKDense(x, 4, 2, 1, skip, 2) {
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
	a := &recommend.CSR{
		Rows: 4, Cols: 2,
		Ptr: []int{0, 1, 3, 5, 6},
		Ind: []int32{0, 0, 1, 0, 1, 1},
		Val: []float32{1, 0.8, 0.6, 0.6, 0.8, 1},
	}
	for i, hits := range recommend.TopKSparse(a, 3, nil, 2) {
		fmt.Println(i, hits)
	}
	// Output:
	// 0 [{1 0.800000011920929} {2 0.6000000238418579}]
	// 1 [{2 0.9600000381469727} {0 0.800000011920929} {3 0.6000000238418579}]
	// 2 [{1 0.9600000381469727} {3 0.800000011920929} {0 0.6000000238418579}]
	// 3 [{2 0.800000011920929} {1 0.6000000238418579}]
}
