package e2e

import (
	"bytes"
	"path/filepath"
	"testing"
)

// TestDeterminism runs the batch a second time over the folder the
// reference run rewrote, with GOMAXPROCS=1 where the reference had 2 and
// without --write. The lists and the index must be byte-identical to the
// reference's (but for the editors' review data, which shows the links the
// files hold), and the run must find nothing left to change (a second run
// on an unchanged corpus writes nothing).
func TestDeterminism(t *testing.T) {
	ref := getReference(t)
	dir := workDir(t)
	lists, index := filepath.Join(dir, "lists.jsonl"), filepath.Join(dir, "index")
	r := run(t, []string{"GOMAXPROCS=1"}, "batch", "--corpus", ref.Dir, "--json", "--quiet", "--lists", lists, "--index", index)
	if r.Code != ref.Run.Code {
		t.Fatalf("GOMAXPROCS=1: %s", r)
	}
	if s := parseSummary(t, r); s.Changed != 0 {
		t.Errorf("a second run finds %d lists to change in the folder the first run wrote, want 0", s.Changed)
	}
	if !bytes.Equal(readFile(t, lists), ref.Lists) {
		t.Errorf("lists differ between the reference run (GOMAXPROCS=2) and a second run (GOMAXPROCS=1)")
	}
	// The editors' review data shows each article's current links beside
	// the suggested ones, and the current links are what the reference
	// run wrote: it differs by design, so it is left out.
	refIndex := snapshot(t, filepath.Join(scratch, "reference", "index")).without("review.json.gz")
	if len(refIndex) == 0 {
		t.Fatalf("the reference run wrote no index")
	}
	if d := compare(refIndex, snapshot(t, index).without("review.json.gz")); !d.Empty() {
		t.Errorf("index differs between the reference run (GOMAXPROCS=2) and a second run (GOMAXPROCS=1): %s", d)
	}
	t.Logf("GOMAXPROCS=2 (reference): %s; GOMAXPROCS=1: %s; %d bytes of lists, %d index files identical",
		ref.Run.Took.Round(1e6), r.Took.Round(1e6), len(ref.Lists), len(refIndex))
}
