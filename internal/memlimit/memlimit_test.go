package memlimit

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int64 // 0: an error
	}{
		{"1GiB", 1 << 30}, {"800MiB", 800 << 20}, {"1048576", 1 << 20}, {"64KiB", 64 << 10}, {"12B", 12},
		{"2TiB", 2 << 40}, {"off", math.MaxInt64},
		{"", 0}, {"1GB", 0}, {"1.5GiB", 0}, {"-1GiB", 0}, {"0", 0}, {"GiB", 0}, {"9999999TiB", 0}, {"OFF", 0},
	} {
		got, err := Parse(tt.in)
		if tt.want == 0 && err == nil || tt.want != 0 && (err != nil || got != tt.want) {
			t.Errorf("Parse(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

// TestSet: a given limit wins over $GOMEMLIMIT, a default does not, and a
// bad one changes nothing.
func TestSet(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(old)
	t.Setenv("GOMEMLIMIT", "2GiB")
	debug.SetMemoryLimit(2 << 30)
	if err := Set("1GiB", false); err != nil || debug.SetMemoryLimit(-1) != 2<<30 {
		t.Errorf("a default with $GOMEMLIMIT set: %v, limit %d; want $GOMEMLIMIT's", err, debug.SetMemoryLimit(-1))
	}
	if err := Set("800MiB", true); err != nil || debug.SetMemoryLimit(-1) != 800<<20 {
		t.Errorf("a given limit: %v, limit %d; want 800MiB", err, debug.SetMemoryLimit(-1))
	}
	if err := Set("lots", true); err == nil || debug.SetMemoryLimit(-1) != 800<<20 {
		t.Errorf("a bad limit: %v, limit %d; want an error and no change", err, debug.SetMemoryLimit(-1))
	}
	t.Setenv("GOMEMLIMIT", "")
	if err := Set("off", false); err != nil || debug.SetMemoryLimit(-1) != math.MaxInt64 {
		t.Errorf("a default without $GOMEMLIMIT: %v, limit %d; want none", err, debug.SetMemoryLimit(-1))
	}
}
