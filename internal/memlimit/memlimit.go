// Package memlimit sets the Go runtime's soft memory limit of a command
// from a flag written the way $GOMEMLIMIT is written ("1GiB", "800MiB",
// "off"). The flag, when given, wins over $GOMEMLIMIT; without it,
// $GOMEMLIMIT wins when set, and the command's default applies otherwise.
//
// A default suits the corpus it was measured on; a batch of a larger
// corpus raises it (Fit) once it knows how many articles it holds, to a
// size per article, never above the batch's budget (Budget: a million
// articles in under 8 GB) nor three quarters of the machine's memory. A
// limit someone asked for is never changed.
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

// Budget is the most Fit raises the default to, from some 611,000 articles
// on: a batch of a million generated articles peaks at some 5.2 GB of live
// heap (6.2 GB by the collector's count) and, under a soft limit of 7 GiB,
// at 7.8 GB resident (BENCHMARKS.md, "Memory", fourth round). A larger
// corpus should be given its limit (--memory-limit), or the collector runs
// back to back.
const Budget = 7 << 30

// defaulted is whether the limit in force is the command's default (Set
// without the flag and without $GOMEMLIMIT), the only one Fit may raise.
var defaulted atomic.Bool

// Fit raises the process's soft memory limit, when it is the command's
// default, to what a batch of n articles needs: n × PerArticle, at most
// Budget and three quarters of the machine's memory (Machine; no cap but
// Budget when that is unknown). It never lowers the limit, and never touches one given by the
// flag or $GOMEMLIMIT. It returns the limit in force and whether it rose.
func Fit(n int) (int64, bool) {
	cur := debug.SetMemoryLimit(-1)
	if !defaulted.Load() {
		return cur, false
	}
	want := fit(cur, n, Machine())
	if want <= cur {
		return cur, false
	}
	debug.SetMemoryLimit(want)
	return want, true
}

// fit is Fit's arithmetic: the limit for n articles under a current
// limit cur on a machine of machine bytes (0: unknown).
func fit(cur int64, n int, machine int64) int64 {
	want := min(int64(n)*PerArticle, Budget)
	if machine > 0 {
		want = min(want, machine/4*3)
	}
	return max(cur, want)
}

// Machine returns the memory this process may use, in bytes: its control
// group's limit (cgroup v2 memory.max) when one is set, else the
// machine's MemTotal; 0 when neither can be read.
func Machine() int64 {
	total := memTotal()
	if b, err := os.ReadFile("/sys/fs/cgroup/memory.max"); err == nil {
		if n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && n > 0 && (total == 0 || n < total) {
			return n
		}
	}
	return total
}

// memTotal reads MemTotal from /proc/meminfo (0 when it cannot).
func memTotal() int64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
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
