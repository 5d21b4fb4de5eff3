package par

import (
	"fmt"
	"sync/atomic"
	"testing"
)

// TestRanges checks that the ranges cover [0, n) exactly once, in order
// within each range, for every worker count.
func TestRanges(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 100, 1001} {
		for _, w := range []int{-1, 0, 1, 2, 3, 16} {
			hits := make([]atomic.Int32, n)
			var calls atomic.Int32
			Ranges(n, w, func(lo, hi int) {
				calls.Add(1)
				if lo > hi || lo < 0 || hi > n {
					t.Errorf("n=%d w=%d: range [%d, %d)", n, w, lo, hi)
				}
				for i := lo; i < hi; i++ {
					hits[i].Add(1)
				}
			})
			for i := range hits {
				if h := hits[i].Load(); h != 1 {
					t.Fatalf("n=%d w=%d: index %d visited %d times", n, w, i, h)
				}
			}
			if max := 4 * max(Workers(w), 1); int(calls.Load()) > max && n > 0 {
				t.Errorf("n=%d w=%d: %d calls, want at most %d", n, w, calls.Load(), max)
			}
		}
	}
}

// TestForConcurrent checks that For uses more than one goroutine when
// asked to: two iterations meet at a rendezvous that one goroutine alone
// could never reach (on any number of cores: both block).
func TestForConcurrent(t *testing.T) {
	a, b := make(chan struct{}), make(chan struct{})
	For(2, 2, func(i int) {
		if i == 0 {
			close(a)
			<-b
		} else {
			close(b)
			<-a
		}
	})
}

func ExampleFor() {
	squares := make([]int, 5)
	For(len(squares), 0, func(i int) { squares[i] = i * i })
	fmt.Println(squares)
	// Output: [0 1 4 9 16]
}
