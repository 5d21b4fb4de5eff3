//go:build !unix

package corpustest

// The process's CPU time is not measured on this system.

// CPUSeconds returns 0 here: the cpu-s metrics of benchmarks read 0.
func CPUSeconds() float64 { return 0 }
