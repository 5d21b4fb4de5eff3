package linalg

// The merge of two sparse rows. A sparse row is a strictly ascending list of
// column indices with a value for each; two rows meet on the columns both
// hold, which one pass finds by advancing whichever index is lower (the
// merge step of merge sort): O(len(a)+len(b)), no scratch space, columns
// visited in ascending order so that a sum over them has one fixed order.
// Shared yields those meetings; SparseDot is the dot product over them, the
// cosine of two unit TF-IDF rows. Both step without branching on which row
// is behind (the comparisons become increments): on two rows of the same
// vocabulary the processor cannot predict that branch, and this merge is
// the lists' hot loop.

import "iter"

// Shared yields, in ascending column order, the positions (p, q) with
// a[p] == b[q] of the columns that both strictly ascending index lists
// hold.
func Shared(a, b []int32) iter.Seq2[int, int] {
	return func(yield func(p, q int) bool) {
		for p, q := 0, 0; p < len(a) && q < len(b); {
			x, y := a[p], b[q]
			if x == y && !yield(p, q) {
				return
			}
			p += B2i(x <= y)
			q += B2i(y <= x)
		}
	}
}

// SparseDot returns Σ av[p]·bv[q] over the columns ai[p] == bi[q] that the
// sparse rows (ai, av) and (bi, bv) share, each product and the sum in
// float64, in ascending column order: the same bits for any caller. ai and
// bi are strictly ascending. It is the cosine of two unit TF-IDF rows
// (float32) and of two question vectors (float64).
func SparseDot[T float32 | float64](ai []int32, av []T, bi []int32, bv []T) float64 {
	var s float64
	for p, q := 0, 0; p < len(ai) && q < len(bi); {
		x, y := ai[p], bi[q]
		if x == y {
			s += float64(av[p]) * float64(bv[q])
		}
		p += B2i(x <= y)
		q += B2i(y <= x)
	}
	return s
}

// B2i is 1 for true and 0 for false, without a branch: the step of a
// branch-free merge of two ascending lists.
func B2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
