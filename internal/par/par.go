// Package par runs the iterations of a loop over an index range on several
// goroutines. The pipeline's stages are loops over articles whose bodies
// only read shared data and write their own slot of a result slice; par
// splits such a loop without changing what it computes, so that results
// stay identical for any number of cores.
package par

import (
	"runtime"
	"sync"
)

// Workers returns w, or GOMAXPROCS when w ≤ 0.
func Workers(w int) int {
	if w <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return w
}

// Ranges calls f on about 4·workers contiguous ranges [lo, hi) covering
// [0, n), at most workers at a time (GOMAXPROCS when workers ≤ 0), and
// returns when all have returned. With one worker, or n < 2, it calls
// f(0, n) on the calling goroutine. f must be safe to run concurrently on
// disjoint ranges.
func Ranges(n, workers int, f func(lo, hi int)) {
	workers = Workers(workers)
	if workers <= 1 || n < 2 {
		f(0, n)
		return
	}
	chunks := min(4*workers, n)
	var wg sync.WaitGroup
	next := make(chan int, chunks)
	for c := range chunks {
		next <- c
	}
	close(next)
	for range min(workers, chunks) {
		wg.Go(func() {
			for c := range next {
				f(c*n/chunks, (c+1)*n/chunks)
			}
		})
	}
	wg.Wait()
}

// For calls f(i) for every i in [0, n), spread as Ranges spreads them.
func For(n, workers int, f func(i int)) {
	Ranges(n, workers, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			f(i)
		}
	})
}
