package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// TestBatchFromLists writes one copy of seeds/ with a normal batch --write
// and another with --from-lists on that batch's --lists file, and wants
// the same bytes in every file; then checks that a lists file naming an
// unknown url stops the run, naming the line, before any write.
func TestBatchFromLists(t *testing.T) {
	direct, fromLists := copySeeds(t), copySeeds(t)
	tmp := t.TempDir()
	lists := filepath.Join(tmp, "lists.jsonl")
	flags := []string{"--ranking", "tfidf", "--margin", "-1", "--index", filepath.Join(tmp, "ix")}

	if code, _, stderr := runArgs(append([]string{"batch", "--corpus", direct, "--write", "--lists", lists}, flags...)...); code != 0 {
		t.Fatalf("batch --write: exit %d: %s", code, stderr)
	}
	before := snapshot(t, fromLists)
	code, stdout, stderr := runArgs(append([]string{"batch", "--corpus", fromLists, "--write", "--from-lists", lists}, flags...)...)
	if code != 0 {
		t.Fatalf("batch --from-lists --write: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "not rebuilt (--from-lists)") {
		t.Errorf("summary does not say the index was left alone:\n%s", stdout)
	}
	got, want := snapshot(t, fromLists), snapshot(t, direct)
	if reflect.DeepEqual(got, before) {
		t.Fatal("--from-lists --write changed no file")
	}
	for p := range want {
		rel, _ := filepath.Rel(direct, p)
		if got[filepath.Join(fromLists, rel)] != want[p] {
			t.Errorf("%s: --from-lists wrote other bytes than the batch", rel)
		}
	}

	// An unknown url: one error naming the file and line, nothing written.
	b, _ := os.ReadFile(lists)
	n := strings.Count(string(b), "\n")
	bad := filepath.Join(tmp, "bad.jsonl")
	os.WriteFile(bad, append(b, `{"url":"/learn/nowhere","related":[],"scores":[]}`+"\n"...), 0o644)
	fresh := copySeeds(t)
	before = snapshot(t, fresh)
	code, _, stderr = runArgs(append([]string{"batch", "--corpus", fresh, "--write", "--from-lists", bad}, flags...)...)
	wantErr := bad + ":" + strconv.Itoa(n+1) + `: url "/learn/nowhere" is not an article of the corpus`
	if code != exitError || !strings.HasSuffix(stderr, "recommend: "+wantErr+"\n") {
		t.Errorf("unknown url: exit %d, stderr %q; want exit %d and a last line %q", code, stderr, exitError, "recommend: "+wantErr)
	}
	if !reflect.DeepEqual(before, snapshot(t, fresh)) {
		t.Error("a bad lists file changed the content folder")
	}
}
