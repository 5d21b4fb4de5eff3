package e2e

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestBadInputAtScale corrupts 1% of a copy of the full corpus in every way
// the corpus issue lists and runs `batch --write` on it. The batch must
// finish with exit 3, list exactly the corrupted files (plus any the real
// corpus is skipped for anyway), each with its reason, and leave them
// byte-identical; for every other article, its lists and its rewritten file
// must equal those of a clean run over the same good files alone.
func TestBadInputAtScale(t *testing.T) {
	ref := getReference(t)
	bad := filepath.Join(workDir(t), "content")
	copyTree(t, ref.Src, bad)
	plan := corruptTree(t, bad, 0.01, seed(t))
	clean := filepath.Join(workDir(t), "content")
	copyTree(t, ref.Src, clean)
	for rel := range plan {
		if err := os.Remove(filepath.Join(clean, filepath.FromSlash(rel))); err != nil {
			t.Fatal(err)
		}
	}
	counts := map[string]int{}
	for _, c := range plan {
		counts[c.Name]++
	}
	t.Logf("corrupted %d of %d files: %v", len(plan), len(ref.Old), counts)

	before := snapshot(t, bad)
	batch := func(dir string) (result, []byte) {
		lists := filepath.Join(workDir(t), "lists.jsonl")
		r := run(t, nil, "batch", "--corpus", dir, "--write", "--json", "--quiet", "--lists", lists, "--index", filepath.Join(workDir(t), "index"))
		return r, readFile(t, lists)
	}
	rb, listsBad := batch(bad)
	rc, listsClean := batch(clean)
	if rb.Code != 3 {
		t.Fatalf("batch over the corrupted copy: %s\nwant exit 3", rb)
	}
	if rc.Code != ref.Run.Code {
		t.Fatalf("batch over the good files alone: %s\nwant exit %d as the reference run", rc, ref.Run.Code)
	}
	if bytes.Contains(rb.Stderr, []byte("panic")) {
		t.Errorf("batch over the corrupted copy panicked: %s", rb)
	}

	// Exactly the corrupted files are listed, each with its own reason.
	listed := byRel(t, bad, parseSummary(t, rb).Skipped)
	for rel, c := range plan {
		reason, ok := listed[rel]
		switch {
		case !ok:
			t.Errorf("%s (%s) is not listed as skipped", rel, c.Name)
		case !strings.Contains(reason, c.Reason.Error()):
			t.Errorf("%s (%s) is listed with reason %q, want it to say %q", rel, c.Name, reason, c.Reason)
		}
	}
	for rel, reason := range listed {
		if plan[rel] == nil && ref.Baseline[rel] == "" {
			t.Errorf("%s is listed as skipped but was not corrupted: %s", rel, reason)
		}
	}
	if want := len(plan) + len(ref.Baseline); len(listed) != want {
		t.Errorf("%d files listed as skipped, want %d", len(listed), want)
	}

	// The corrupted files are untouched; the good ones are exactly what the
	// clean run made of them.
	after := snapshot(t, bad)
	var corrupted []string
	for rel := range plan {
		corrupted = append(corrupted, rel)
		if after[rel] != before[rel] {
			t.Errorf("%s (%s) was modified", rel, plan[rel].Name)
		}
	}
	slices.Sort(corrupted)
	if d := compare(snapshot(t, clean), after.without(corrupted...)); !d.Empty() {
		t.Errorf("the good files differ from a clean run over them alone: %s", d)
	}
	if !bytes.Equal(listsBad, listsClean) {
		t.Errorf("the lists differ from a clean run over the good files alone (%d vs %d bytes)", len(listsBad), len(listsClean))
	}
}
