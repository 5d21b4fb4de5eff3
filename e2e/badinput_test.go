package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"recommend/corpus"
)

// TestBadInputAtScale corrupts 1% of a copy of the full corpus in every way
// the corpus issue lists and runs `batch --write` on it. The batch must
// finish with exit 3, list exactly the corrupted files (plus any the real
// corpus is skipped for anyway), each with its reason, and leave them
// byte-identical; for every other article, its lists and its rewritten file
// must equal those of a clean run over the same good files alone, except
// that links to the corrupted files stay (an unreadable file is unknown,
// not deleted).
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
	// A file that cannot be read is unknown, not deleted: the links to it
	// stay, so the good files that link to one (affected) differ from the
	// clean run by exactly those links; the rest are byte-identical.
	unknown := map[string]bool{}
	for _, rel := range corrupted {
		unknown[corpus.URLOfPath(rel)] = true
	}
	var affected []string
	affectedURL := map[string]bool{}
	for rel := range ref.Old {
		if plan[rel] != nil || filepath.Ext(rel) != ".md" {
			continue
		}
		a, err := corpus.Parse(rel, readFile(t, filepath.Join(ref.Src, filepath.FromSlash(rel))))
		if err != nil {
			continue
		}
		if slices.ContainsFunc(a.Related, func(l corpus.Link) bool { return unknown[l.URL] }) {
			affected = append(affected, rel)
			affectedURL[a.URL] = true
			checkKeptLinks(t, a, readFile(t, filepath.Join(bad, filepath.FromSlash(rel))), readFile(t, filepath.Join(clean, filepath.FromSlash(rel))), unknown)
		}
	}
	t.Logf("%d good files link to a corrupted one", len(affected))
	if d := compare(snapshot(t, clean).without(affected...), after.without(append(corrupted, affected...)...)); !d.Empty() {
		t.Errorf("the good files differ from a clean run over them alone: %s", d)
	}
	lb, lc := listsByURL(t, listsBad), listsByURL(t, listsClean)
	for url, line := range lc {
		if !affectedURL[url] && !bytes.Equal(lb[url], line) {
			t.Errorf("the list of %s differs from a clean run over the good files alone", url)
		}
	}
	if len(lb) != len(lc) {
		t.Errorf("%d lists, %d in the clean run", len(lb), len(lc))
	}
}

// checkKeptLinks checks the rewrite of a good file a that linked to
// unreadable articles (unknown): every such link is still there, and
// every other link is one the clean run chose as well.
func checkKeptLinks(t *testing.T, a corpus.Article, bad, clean []byte, unknown map[string]bool) {
	t.Helper()
	b, err := corpus.Parse(a.Path, bad)
	if err != nil {
		t.Errorf("%s: %v", a.Path, err)
		return
	}
	c, err := corpus.Parse(a.Path, clean)
	if err != nil {
		t.Errorf("%s: %v", a.Path, err)
		return
	}
	for _, l := range a.Related {
		if unknown[l.URL] && !slices.Contains(b.Related, l) {
			t.Errorf("%s: the link to %s, which could not be read, was removed", a.Path, l.URL)
		}
	}
	for _, l := range b.Related {
		if !unknown[l.URL] && !slices.Contains(c.Related, l) {
			t.Errorf("%s: link to %s, which the clean run did not choose", a.Path, l.URL)
		}
	}
}

// listsByURL splits a --lists file into its lines, by the url of each.
func listsByURL(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for line := range bytes.Lines(b) {
		var l struct {
			URL string `json:"url"`
		}
		if err := json.Unmarshal(line, &l); err != nil {
			t.Fatalf("lists: %v", err)
		}
		out[l.URL] = line
	}
	return out
}
