package memlimit

import (
	"math"
	"os"
	"runtime/debug"
	"strings"
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

// TestBudget: 7 GiB up to a million articles, in proportion beyond (so
// that it stays above the live heap, 5.2–6.2 KB an article at a million,
// where a fixed 7 GiB falls below it from about 1.2 million), and never
// above three quarters of what the process can take; and the limit Fit
// sets under it from the default in force (cur), never lowered.
func TestBudget(t *testing.T) {
	const gib = 1 << 30
	for _, tt := range []struct {
		n          int
		avail      int64 // what the process can take (0: unknown)
		budget     int64
		cur, limit int64 // the limit in force, and the one Fit leaves
	}{
		{35_915, 16 * gib, BudgetBase, gib, gib},                               // the real corpus: the default stays
		{100_000, 16 * gib, BudgetBase, gib, 100_000 * PerArticle},             // 1.14 GiB
		{300_000, 16 * gib, BudgetBase, gib, 300_000 * PerArticle},             // 3.4 GiB
		{611_000, 16 * gib, BudgetBase, gib, 611_000 * PerArticle},             // just under the budget
		{1_000_000, 16 * gib, BudgetBase, gib, BudgetBase},                     // as measured: 7.8 GB resident; not 11.4 GiB
		{1_000_000, 0, BudgetBase, gib, BudgetBase},                            // memory unknown: the measured budget
		{1_200_000, 64 * gib, BudgetBase / 10 * 12, gib, BudgetBase / 10 * 12}, // 8.4 GiB, above the 7.4 GB live heap (collector's count)
		{2_000_000, 64 * gib, 2 * BudgetBase, gib, 2 * BudgetBase},             // 14 GiB for some 12.4 GB of live heap
		{2_000_000, 0, 2 * BudgetBase, gib, 2 * BudgetBase},                    // memory unknown: no cap but the budget
		{2_000_000, 16 * gib, 12 * gib, gib, 12 * gib},                         // three quarters of what the process can take
		{1_000_000, 8 * gib, 6 * gib, gib, 6 * gib},                            // a small machine caps it below the measured budget
		{10_000_000, 1 << 50, 70 * gib, gib, 70 * gib},                         // in proportion, far out
		{1_000_000, 16 * gib, BudgetBase, 8 * gib, 8 * gib},                    // never lowered to the budget
		{0, 16 * gib, BudgetBase, gib, gib},                                    // never lowered
		{100_000, 4 * gib / 3, gib, 2 * gib, 2 * gib},                          // never lowered by the cap
	} {
		got := Budget(tt.n, tt.avail)
		if d := got - tt.budget; d < -1<<20 || d > 1<<20 { // within 1 MiB (float rounding)
			t.Errorf("Budget(%d, %d GiB) = %.3f GiB, want %.3f GiB", tt.n, tt.avail>>30, float64(got)/gib, float64(tt.budget)/gib)
		}
		// Where the machine has the room, the budget stays above the live
		// heap (6.2 KB an article by the collector's count at a million).
		if live := int64(tt.n) * 6200; (tt.avail == 0 || tt.avail/4*3 > live) && got <= live {
			t.Errorf("Budget(%d, %d GiB) = %d, not above the live heap, some %d", tt.n, tt.avail>>30, got, live)
		}
		if lim := fit(tt.cur, tt.n, got); lim/(1<<20) != tt.limit/(1<<20) {
			t.Errorf("%d articles, limit %d MiB, budget %d MiB: fit = %d MiB, want %d MiB", tt.n, tt.cur>>20, got>>20, lim>>20, tt.limit>>20)
		}
	}
}

// TestFittedString: the batch's one line names the limit, the budget and
// what the process can take.
func TestFittedString(t *testing.T) {
	for _, tt := range []struct {
		f    Fitted
		want string
	}{
		{Fitted{Limit: 7 << 30, Raised: true, Articles: 1_000_000, Budget: 7 << 30, Available: 20 << 30},
			"memory limit raised to 7168 MiB for 1000000 article files (12 KiB each, within a budget of 7168 MiB: 7 GiB up to a million articles and in proportion beyond, at most 3/4 of the 20480 MiB this process can take; --memory-limit sets it)"},
		{Fitted{Limit: 2 << 30, Raised: true, Articles: 174_763, Budget: 7 << 30},
			"memory limit raised to 2048 MiB for 174763 article files (12 KiB each, within a budget of 7168 MiB: 7 GiB up to a million articles and in proportion beyond, the memory this process can take not known here; --memory-limit sets it)"},
		{Fitted{Limit: 1 << 30, Articles: 10},
			"memory limit as given (--memory-limit or $GOMEMLIMIT), for 10 article files"},
	} {
		if got := tt.f.String(); got != tt.want || strings.Contains(got, "\n") {
			t.Errorf("%+v:\n got %s\nwant %s", tt.f, got, tt.want)
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
	if m := Available(); m > 0 && m/4*3 < int64(n)*PerArticle {
		t.Skipf("this process can take %d bytes, which caps the limit below the test's", m)
	}
	f := Fit(n)
	if !f.Raised || f.Limit != int64(n)*PerArticle || debug.SetMemoryLimit(-1) != f.Limit || f.Budget != Budget(n, f.Available) {
		t.Errorf("default 1GiB, %d articles: Fit = %+v, limit %d; want %d, raised", n, f, debug.SetMemoryLimit(-1), int64(n)*PerArticle)
	}
	if err := Set("1GiB", true); err != nil {
		t.Fatal(err)
	}
	if f := Fit(n); f.Raised || f.Limit != 1<<30 || debug.SetMemoryLimit(-1) != 1<<30 {
		t.Errorf("--memory-limit 1GiB given: Fit = %+v; want 1GiB, unchanged", f)
	}
	t.Setenv("GOMEMLIMIT", "1GiB")
	debug.SetMemoryLimit(1 << 30)
	if err := Set("1GiB", false); err != nil {
		t.Fatal(err)
	}
	if f := Fit(n); f.Raised || f.Limit != 1<<30 {
		t.Errorf("$GOMEMLIMIT set: Fit = %+v; want 1GiB, unchanged", f)
	}
}

func TestAvailable(t *testing.T) {
	if _, err := os.Stat("/proc/meminfo"); err != nil {
		t.Skip("no /proc/meminfo here")
	}
	if m := Available(); m < 64<<20 || m > meminfo("MemTotal:") {
		t.Errorf("Available() = %d bytes; want the room of a machine that runs tests, at most its MemTotal %d", m, meminfo("MemTotal:"))
	}
}
