package linalg

// The merge of two sparse rows. A sparse row is a strictly ascending list of
// column indices with a value for each; two rows meet on the columns both
// hold, which one pass finds by advancing whichever index is lower (the
// merge step of merge sort): O(len(a)+len(b)), no scratch space, columns
// visited in ascending order so that a sum over them has one fixed order.
// Shared yields those meetings; SparseDot is the dot product over them, the
// cosine of two unit TF-IDF rows.

import "iter"

// Shared yields, in ascending column order, the positions (p, q) with
// a[p] == b[q] of the columns that both strictly ascending index lists
// hold.
func Shared(a, b []int32) iter.Seq2[int, int] {
	return func(yield func(p, q int) bool) {
		for p, q := 0, 0; p < len(a) && q < len(b); {
			switch {
			case a[p] < b[q]:
				p++
			case a[p] > b[q]:
				q++
			default:
				if !yield(p, q) {
					return
				}
				p++
				q++
			}
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
		switch {
		case ai[p] < bi[q]:
			p++
		case ai[p] > bi[q]:
			q++
		default:
			s += float64(av[p]) * float64(bv[q])
			p++
			q++
		}
	}
	return s
}
