//go:build unix

package corpustest

// The process's CPU time, for benchmarks on the real corpus: on a shared
// machine it moves far less with other jobs' load than wall time does.

import "syscall"

// CPUSeconds returns the process's user+system CPU time in seconds, so
// that a benchmark can report CPU-seconds per operation beside wall time.
func CPUSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}
