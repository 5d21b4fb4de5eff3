//go:build !unix

package recommend

// cpuSeconds is not measured here; the cpu-s metrics read 0.
func cpuSeconds() float64 { return 0 }
