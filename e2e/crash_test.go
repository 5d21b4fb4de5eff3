package e2e

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCrashSafety SIGKILLs `batch --write` on a copy of the full corpus at
// random moments, two in three of them at a random point of the write phase. After every kill each
// file is byte-identical to its old or its new version (new versions were
// checked to parse), the only extra files are hidden temporary files, and
// a lookup still answers from the old or the new index. A rerun then
// finishes (the lock died with the killed run) and leaves the folder, the
// lists and the lookups byte-identical to an uninterrupted run, with no
// temporary file left behind.
func TestCrashSafety(t *testing.T) {
	ref := getReference(t)
	n := trials(t)
	rng := rand.New(rand.NewPCG(seed(t), 0xdead))
	work := filepath.Join(workDir(t), "content")
	copyTree(t, ref.Src, work)
	index := filepath.Join(workDir(t), "index")
	lists := filepath.Join(workDir(t), "lists.jsonl")
	args := []string{"batch", "--corpus", work, "--write", "--json", "--quiet", "--lists", lists, "--index", index}

	// What a lookup prints from the reference index; it must print the same
	// from the trials' index, whatever generation it reads.
	refLookup := run(t, nil, "--id", "14219", "--json", "--index", filepath.Join(scratch, "reference", "index"))
	if refLookup.Code != 0 {
		t.Fatalf("lookup on the reference index: %s", refLookup)
	}

	var midWrite int
	for trial := range n {
		if trial > 0 {
			restore(t, ref.Src, ref.Old, work)
		}
		// One kill in three at a random moment of the run; the others at a
		// random point of the write phase: right after the run has
		// replaced the k-th file of the reference's write order, so that
		// they land there however fast or loaded the machine is.
		anywhere := trial%3 == 0 || len(ref.WriteOrder) < 2
		var delay time.Duration
		var k int
		var kthReplaced func() bool
		if anywhere {
			delay = time.Duration(rng.Int64N(int64(ref.Run.Took)))
		} else {
			k = 1 + rng.IntN(len(ref.WriteOrder)-1)
			kthReplaced = replaced(filepath.Join(work, filepath.FromSlash(ref.WriteOrder[k-1])))
		}
		r, killed, at := runKilled(t, func(elapsed time.Duration) bool {
			if anywhere {
				return elapsed >= delay
			}
			return kthReplaced()
		}, nil, args...)
		if !killed && r.Code != ref.Run.Code {
			t.Fatalf("trial %d: the run ended before the kill, but not as the reference did: %s", trial, r)
		}
		moment := fmt.Sprintf("killed at %s", at.Round(time.Millisecond))
		if !anywhere {
			moment += fmt.Sprintf(", once file %d of %d was written", k, len(ref.WriteOrder))
		}

		after := snapshot(t, work)
		var old, new, leftovers int
		for p, e := range after {
			switch {
			case e == ref.Old[p]:
				old++
			case e == ref.New[p]:
				new++
			case ref.Old[p] == entry{} && isRunFile(p):
				leftovers++
			default:
				t.Errorf("trial %d (%s): %s is neither its old nor its new version", trial, moment, p)
			}
		}
		for p := range ref.Old {
			if _, ok := after[p]; !ok {
				t.Errorf("trial %d (%s): %s is missing", trial, moment, p)
			}
		}
		if new > 0 && new < len(ref.Changed) {
			midWrite++
		}
		// Lookups keep working: the old index (a previous trial's rerun), the
		// new one, or no index yet, never a torn one.
		lk := run(t, nil, "--id", "14219", "--json", "--index", index)
		switch {
		case lk.Code == 0 && bytes.Equal(lk.Stdout, refLookup.Stdout):
		case lk.Code != 0 && trial == 0:
			checkOneLineError(t, lk)
		default:
			t.Errorf("trial %d (%s): lookup after the kill: %s\nstdout: %s", trial, moment, lk, tail(lk.Stdout, 300))
		}

		// The rerun converges to the uninterrupted run.
		rr := run(t, nil, args...)
		if rr.Code != ref.Run.Code {
			t.Fatalf("trial %d: rerun after the kill: %s", trial, rr)
		}
		if d := compare(ref.New, snapshot(t, work)); !d.Empty() {
			t.Errorf("trial %d (%s): after the rerun the folder differs from an uninterrupted run: %s", trial, moment, d)
		}
		if got := readFile(t, lists); !bytes.Equal(got, ref.Lists) {
			t.Errorf("trial %d: the rerun's lists differ from an uninterrupted run's", trial)
		}
		if !killed {
			moment = "finished before the kill"
		}
		t.Logf("trial %2d: %5d files new, %5d old, %d temporary files left; %s",
			trial, new, old, leftovers, moment)
		if t.Failed() {
			break
		}
	}
	t.Logf("%d trials, %d killed inside the write phase", n, midWrite)
}

// isRunFile reports whether p is a file a killed run may leave in the
// content folder: a hidden temporary file of a write (".<name>.tmp-*",
// which loading ignores). Its lock is no file: the kernel drops it.
func isRunFile(p string) bool {
	base := path.Base(p)
	return strings.HasPrefix(base, ".") && strings.Contains(base, ".tmp-")
}
