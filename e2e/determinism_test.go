package e2e

import (
	"bytes"
	"path/filepath"
	"testing"
)

// TestDeterminism runs the batch over the full corpus with GOMAXPROCS=2 and
// GOMAXPROCS=1 and requires byte-identical lists and index, and lists equal
// to the reference run's (a third run, with --write, on another copy).
func TestDeterminism(t *testing.T) {
	ref := getReference(t)
	type out struct {
		r     result
		lists []byte
		index tree
	}
	batch := func(procs string) out {
		dir := workDir(t)
		lists, index := filepath.Join(dir, "lists.jsonl"), filepath.Join(dir, "index")
		// Without --write the real corpus itself can be read: nothing in it changes.
		r := run(t, []string{"GOMAXPROCS=" + procs}, "batch", "--corpus", ref.Src, "--quiet", "--lists", lists, "--index", index)
		if r.Code != ref.Run.Code {
			t.Fatalf("GOMAXPROCS=%s: %s", procs, r)
		}
		return out{r, readFile(t, lists), snapshot(t, index)}
	}
	two, one := batch("2"), batch("1")
	if !bytes.Equal(two.lists, one.lists) {
		t.Errorf("lists differ between GOMAXPROCS=2 and GOMAXPROCS=1")
	}
	if !bytes.Equal(two.lists, ref.Lists) {
		t.Errorf("lists differ between two runs (GOMAXPROCS=2, with and without --write)")
	}
	if d := compare(two.index, one.index); !d.Empty() {
		t.Errorf("index differs between GOMAXPROCS=2 and GOMAXPROCS=1: %s", d)
	}
	if len(two.index) == 0 {
		t.Errorf("the batch wrote no index")
	}
	t.Logf("GOMAXPROCS=2: %s; GOMAXPROCS=1: %s; %d lists bytes, %d index files",
		two.r.Took.Round(1e6), one.r.Took.Round(1e6), len(two.lists), len(two.index))
}
