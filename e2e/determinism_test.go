package e2e

import (
	"bytes"
	"path/filepath"
	"testing"
)

// TestDeterminism runs the batch a second time over the folder the
// reference run rewrote, with GOMAXPROCS=1 where the reference had 2 and
// without --write. The lists must be byte-identical to the reference's,
// the index to a third run's over the same folder at GOMAXPROCS=2 (but for
// the editors' review data), and the run must find nothing left to change
// (a second run on an unchanged corpus writes nothing).
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
	// The index keeps each link's reason, and whether a link is held by
	// hysteresis depends on the links on the page, which the reference run
	// rewrote (as the editors' review data shows them beside the suggested
	// ones): so the index is compared between two runs over the same
	// folder, at GOMAXPROCS=1 above and at 2 here, review data aside.
	index2 := filepath.Join(dir, "index2")
	if r2 := run(t, []string{"GOMAXPROCS=2"}, "batch", "--corpus", ref.Dir, "--json", "--quiet", "--index", index2); r2.Code != ref.Run.Code {
		t.Fatalf("GOMAXPROCS=2 on the written folder: %s", r2)
	}
	// The files' stat identities (filestat.bin) are the file system's,
	// not an output: a file is trusted once it is old enough, so two
	// runs seconds apart may record different ones.
	refIndex := snapshot(t, index2).without("review.json.gz", "filestat.bin")
	if len(refIndex) == 0 {
		t.Fatalf("the run at GOMAXPROCS=2 wrote no index")
	}
	if d := compare(refIndex, snapshot(t, index).without("review.json.gz", "filestat.bin")); !d.Empty() {
		t.Errorf("index differs between two runs over the same folder at GOMAXPROCS=2 and GOMAXPROCS=1: %s", d)
	}
	t.Logf("GOMAXPROCS=2 (reference): %s; GOMAXPROCS=1: %s; %d bytes of lists identical, %d index files identical at GOMAXPROCS=1 and 2",
		ref.Run.Took.Round(1e6), r.Took.Round(1e6), len(ref.Lists), len(refIndex))
}
