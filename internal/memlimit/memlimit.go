// Package memlimit sets the Go runtime's soft memory limit of a command
// from a flag written the way $GOMEMLIMIT is written ("1GiB", "800MiB",
// "off"). The flag, when given, wins over $GOMEMLIMIT; without it,
// $GOMEMLIMIT wins when set, and the command's default applies otherwise.
package memlimit

import (
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// Default keeps the batch on the full corpus (35,915 articles, some 0.4
// GB live at its peak) under 1 GB of resident memory (about 0.8 GB; 0.86
// GB without a limit), at no measured cost in time there: the collector
// runs more often only as the heap nears the limit (BENCHMARKS.md,
// "Speed", "Memory"). A corpus several times larger needs a higher limit,
// or "off": at 100,000 articles the default costs about 1.5× the CPU.
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
	}
	return nil
}
