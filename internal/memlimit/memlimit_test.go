package memlimit

import (
	"math"
	"os"
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

func TestFitArithmetic(t *testing.T) {
	const gib = 1 << 30
	for _, tt := range []struct {
		cur     int64
		n       int
		machine int64
		want    int64
	}{
		{gib, 35915, 24 * gib, gib},                    // the real corpus: the default stays
		{gib, 100_000, 24 * gib, 100_000 * PerArticle}, // 1.14 GiB
		{gib, 300_000, 24 * gib, 300_000 * PerArticle}, // 3.4 GiB
		{gib, 611_000, 24 * gib, 611_000 * PerArticle}, // just under the budget
		{gib, 1_000_000, 24 * gib, Budget},             // 7 GiB, not 11.4
		{gib, 1_000_000, 8 * gib, 6 * gib},             // three quarters of a small machine
		{gib, 1_000_000, 0, Budget},                    // machine unknown: the budget
		{8 * gib, 1_000_000, 24 * gib, 8 * gib},        // never lowered to the budget
		{gib, 0, 24 * gib, gib},                        // never lowered
		{2 * gib, 100_000, gib, 2 * gib},               // never lowered by the cap
	} {
		if got := fit(tt.cur, tt.n, tt.machine); got != tt.want {
			t.Errorf("fit(%d, %d, %d) = %d, want %d", tt.cur, tt.n, tt.machine, got, tt.want)
		}
	}
}

// TestFit: only the command's default grows, never a limit someone gave.
func TestFit(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(old)
	t.Setenv("GOMEMLIMIT", "")
	if err := Set("1GiB", false); err != nil {
		t.Fatal(err)
	}
	n := int(2<<30/PerArticle) + 1 // just over 2 GiB worth of articles
	if m := Machine(); m > 0 && m/4*3 < int64(n)*PerArticle {
		t.Skipf("this machine's memory (%d bytes) caps the limit below the test's", m)
	}
	lim, up := Fit(n)
	if !up || lim != int64(n)*PerArticle || debug.SetMemoryLimit(-1) != lim {
		t.Errorf("default 1GiB, %d articles: Fit = %d, %v, limit %d; want %d, raised", n, lim, up, debug.SetMemoryLimit(-1), int64(n)*PerArticle)
	}
	if err := Set("1GiB", true); err != nil {
		t.Fatal(err)
	}
	if lim, up := Fit(n); up || lim != 1<<30 || debug.SetMemoryLimit(-1) != 1<<30 {
		t.Errorf("--memory-limit 1GiB given: Fit = %d, %v; want 1GiB, unchanged", lim, up)
	}
	t.Setenv("GOMEMLIMIT", "1GiB")
	debug.SetMemoryLimit(1 << 30)
	if err := Set("1GiB", false); err != nil {
		t.Fatal(err)
	}
	if lim, up := Fit(n); up || lim != 1<<30 {
		t.Errorf("$GOMEMLIMIT set: Fit = %d, %v; want 1GiB, unchanged", lim, up)
	}
}

func TestMachine(t *testing.T) {
	if _, err := os.Stat("/proc/meminfo"); err != nil {
		t.Skip("no /proc/meminfo here")
	}
	if m := Machine(); m < 64<<20 {
		t.Errorf("Machine() = %d bytes; want the memory of a machine that runs tests", m)
	}
}
