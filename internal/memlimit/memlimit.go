// Package memlimit sets the Go runtime's soft memory limit of a command
// from a flag written the way $GOMEMLIMIT is written ("1GiB", "800MiB",
// "off"). The flag, when given, wins over $GOMEMLIMIT; without it,
// $GOMEMLIMIT wins when set, and the command's default applies otherwise.
//
// A default suits the corpus it was measured on; a batch of a larger
// corpus raises it (Fit) once it knows how many articles it holds, to a
// size per article, never above the batch's budget (Budget: a million
// articles in under 8 GB, and beyond a million as much again per article)
// nor three quarters of the memory the process can take (Available: its
// control group's room, the machine's available memory). A limit someone
// asked for (the flag, $GOMEMLIMIT) is never changed.
package memlimit

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
)

// Default keeps the batch on the full corpus (35,915 articles, some 0.4
// GB live at its peak) under 1 GB of resident memory (about 0.8 GB; 0.86
// GB without a limit), at no measured cost in time there: the collector
// runs more often only as the heap nears the limit (BENCHMARKS.md,
// "Speed", "Memory"). A corpus several times larger needs a higher limit
// (at 100,000 articles 1GiB costs about 1.5× the CPU, and at a million
// the collector runs back to back), which a batch sets itself (Fit).
const Default = "1GiB"

// Parse reads a limit the way $GOMEMLIMIT is written: an integer number
// of bytes with an optional unit B, KiB, MiB, GiB or TiB, or "off" for no
// limit.
func Parse(s string) (int64, error) {
	if s == "off" {
		return math.MaxInt64, nil
	}
	units := []struct {
		suffix string
		shift  uint
	}{{"TiB", 40}, {"GiB", 30}, {"MiB", 20}, {"KiB", 10}, {"B", 0}}
	num, shift := s, uint(0)
	for _, u := range units {
		if n, ok := strings.CutSuffix(s, u.suffix); ok {
			num, shift = n, u.shift
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n <= 0 || n > math.MaxInt64>>shift {
		return 0, fmt.Errorf("%q is not a size such as 1GiB or 800MiB (or off)", s)
	}
	return n << shift, nil
}

// Set parses s (Parse) and makes it the process's soft memory limit when
// given says it was given on the command line, or when $GOMEMLIMIT is not
// set (s is then the command's default): $GOMEMLIMIT wins over a default,
// never over a flag.
func Set(s string, given bool) error {
	limit, err := Parse(s)
	if err != nil {
		return err
	}
	if given || os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(limit)
		defaulted.Store(!given)
	} else {
		defaulted.Store(false)
	}
	return nil
}

// PerArticle is the soft limit a batch's default grows to per article of
// its corpus (Fit), up to Budget: at 300,000 generated articles the live
// heap peaks at some 5.5 KB an article (6.3 KB by the collector's count),
// and 12 KiB leaves the collector room to work in batches rather than
// back to back, which a limit near the live heap makes it do
// (BENCHMARKS.md, "Memory"). Below about 87,000 articles the default,
// 1GiB, is the larger.
const PerArticle = 12 << 10

// BudgetBase is the budget (Budget) up to BudgetArticles: a batch of a
// million generated articles peaks at some 5.2 GB of live heap (6.2 GB by
// the collector's count) and, under a soft limit of 7 GiB, at 7.8 GB
// resident (BENCHMARKS.md, "Memory", fourth round): the collector keeps
// some 1.2 times the live heap there without running back to back.
const BudgetBase = 7 << 30

// BudgetArticles is the corpus size BudgetBase was measured at; Budget
// grows in proportion beyond it.
const BudgetArticles = 1_000_000

// Budget is the most Fit raises the default to for n articles when the
// process can take avail bytes (Available; 0 when unknown): BudgetBase up
// to BudgetArticles, and beyond them BudgetBase per BudgetArticles
// articles (7.5 KB an article), at most three quarters of avail. The live
// heap grows in proportion to the articles (5.2–6.2 KB each at a
// million), so a budget that stopped at BudgetBase would fall below it
// from about 1.2 million articles on and the collector would run back to
// back; growing at the rate measured at a million keeps the room it had
// there (some 1.2 times the live heap), as long as the machine has it. On
// a machine that has not, the share of avail wins: a slower batch, not one
// the system stops for want of memory.
func Budget(n int, avail int64) int64 {
	b := int64(BudgetBase)
	if n > BudgetArticles {
		b = int64(float64(BudgetBase) / BudgetArticles * float64(n))
	}
	if avail > 0 {
		b = min(b, avail/4*3)
	}
	return b
}

// defaulted is whether the limit in force is the command's default (Set
// without the flag and without $GOMEMLIMIT), the only one Fit may raise.
var defaulted atomic.Bool

// Fitted is what Fit decided and why, for the batch's one line (String).
type Fitted struct {
	Limit     int64 // the soft limit in force after Fit
	Raised    bool  // whether Fit raised it
	Articles  int   // the articles it was fitted to
	Budget    int64 // Budget(Articles, Available)
	Available int64 // Available(): 0 when unknown
}

// String says in one line what limit the batch runs under and where it
// comes from, e.g. "memory limit raised to 7168 MiB for 1000000 article
// files (12 KiB each, within a budget of 7168 MiB: 7 GiB up to a million
// articles and in proportion beyond, at most 3/4 of the 20480 MiB this
// process can take; --memory-limit sets it)".
func (f Fitted) String() string {
	if f.Budget == 0 {
		return fmt.Sprintf("memory limit as given (--memory-limit or $GOMEMLIMIT), for %d article files", f.Articles)
	}
	verb := "raised to"
	if !f.Raised {
		verb = "kept at"
	}
	avail := "the memory this process can take not known here"
	if f.Available > 0 {
		avail = fmt.Sprintf("at most 3/4 of the %d MiB this process can take", f.Available>>20)
	}
	return fmt.Sprintf("memory limit %s %d MiB for %d article files (%d KiB each, within a budget of %d MiB: %d GiB up to a million articles and in proportion beyond, %s; --memory-limit sets it)",
		verb, f.Limit>>20, f.Articles, PerArticle>>10, f.Budget>>20, BudgetBase>>30, avail)
}

// Fit raises the process's soft memory limit, when it is the command's
// default, to what a batch of n articles needs: n × PerArticle, at most
// Budget(n, Available()). It never lowers the limit, and never touches one
// given by the flag or $GOMEMLIMIT: those are in force as they were
// (Raised false).
func Fit(n int) Fitted {
	cur := debug.SetMemoryLimit(-1)
	if !defaulted.Load() {
		return Fitted{Limit: cur, Articles: n}
	}
	avail := Available()
	f := Fitted{Limit: cur, Articles: n, Budget: Budget(n, avail), Available: avail}
	if want := fit(cur, n, f.Budget); want > cur {
		debug.SetMemoryLimit(want)
		f.Limit, f.Raised = want, true
	}
	return f
}

// fit is Fit's arithmetic: the limit for n articles under a current
// limit cur and a budget.
func fit(cur int64, n int, budget int64) int64 {
	return max(cur, min(int64(n)*PerArticle, budget))
}

// Available returns the memory this process can take now, in bytes: the
// machine's MemAvailable (MemTotal on a kernel without it), or less when
// its control group leaves less room (cgroup v2 memory.max less
// memory.current); 0 when none can be read.
func Available() int64 {
	avail := meminfo("MemAvailable:")
	if avail == 0 {
		avail = meminfo("MemTotal:")
	}
	if room := cgroupRoom(); room > 0 && (avail == 0 || room < avail) {
		return room
	}
	return avail
}

// cgroupRoom is the room left in this process's control group (cgroup v2
// memory.max less memory.current), 0 when there is no limit or it cannot
// be read.
func cgroupRoom() int64 {
	read := func(name string) int64 {
		b, err := os.ReadFile("/sys/fs/cgroup/" + name)
		if err != nil {
			return 0
		}
		n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
		if err != nil || n < 0 {
			return 0
		}
		return n
	}
	limit := read("memory.max") // "max" when unlimited: 0
	if limit == 0 {
		return 0
	}
	return max(limit-read("memory.current"), 1)
}

// meminfo reads the field key (e.g. "MemAvailable:") of /proc/meminfo, in
// bytes (0 when it cannot).
func meminfo(key string) int64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), key); ok {
			f := strings.Fields(rest)
			if len(f) == 2 && f[1] == "kB" {
				if n, err := strconv.ParseInt(f[0], 10, 64); err == nil {
					return n << 10
				}
			}
		}
	}
	return 0
}
