package e2e

// Every command, a lookup included, pays for what the packages of the
// binary build when the program starts (package-level maps, regular
// expressions, tables). The project's own packages build theirs on first
// use; this test keeps it that way, from the runtime's own account of the
// start (GODEBUG=inittrace=1), which counts bytes and is the same on every
// machine.

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// startBudget is the most a package of the project may allocate when the
// program starts. The command's own tables of help texts fit; a compiled
// regular expression or a word list of a few hundred entries does not.
const startBudget = 4096

// initLine is one package's line of GODEBUG=inittrace=1.
var initLine = regexp.MustCompile(`^init (\S+) @.*, (\d+) bytes, (\d+) allocs$`)

// TestStartAllocatesLittle checks that no package of the project
// (recommend/... and the command) allocates more than startBudget bytes
// when the program starts.
func TestStartAllocatesLittle(t *testing.T) {
	r := run(t, []string{"GODEBUG=inittrace=1"}, "version")
	if r.Code != 0 {
		t.Fatalf("%s", r)
	}
	ours := 0
	for _, line := range strings.Split(string(r.Stderr), "\n") {
		m := initLine.FindStringSubmatch(line)
		if m == nil || (m[1] != "main" && !strings.HasPrefix(m[1], "recommend/")) {
			continue
		}
		ours++
		if n, _ := strconv.Atoi(m[2]); n > startBudget {
			t.Errorf("package %s allocates %d bytes in %s allocations when the program starts, more than %d: build it on first use (sync.OnceValue)", m[1], n, m[3], startBudget)
		}
	}
	if ours == 0 {
		t.Fatalf("no line of GODEBUG=inittrace=1 names a package of the project; stderr:\n%s", tail(r.Stderr, 2000))
	}
}
