package e2e

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"recommend/corpus"
)

// reference is an uninterrupted `batch --write` over a copy of the full
// corpus: what every other full-corpus test compares against.
type reference struct {
	Src      string            // the real corpus (never written)
	Old      tree              // a fresh copy, before the run
	New      tree              // the same copy after the run
	Dir      string            // the copy, as the run left it
	Lists    []byte            // the --lists output
	Run      result            // the run itself
	Summary  summary           // its JSON summary
	Baseline map[string]string // files the real corpus itself gets skipped for, by relative path
	Changed  []string          // files the run rewrote, sorted
	// The write phase, from the start of the run: the first and last
	// modification times of the files it rewrote.
	WriteFrom, WriteTo time.Duration
	WriteOrder         []string // the files it rewrote, in the order it wrote them
}

var (
	refOnce sync.Once
	refVal  *reference
	refErr  string
)

// getReference makes the reference run once per test binary.
func getReference(t *testing.T) *reference {
	t.Helper()
	src := fullCorpus(t)
	refOnce.Do(func() {
		defer func() {
			if refVal == nil && refErr == "" {
				refErr = "the reference run failed (see the first test that needed it)"
			}
		}()
		refVal = makeReference(t, src)
	})
	if refVal == nil {
		t.Fatal(refErr)
	}
	return refVal
}

func makeReference(t *testing.T, src string) *reference {
	ref := &reference{Src: src, Dir: filepath.Join(scratch, "reference", "content")}
	copyTree(t, src, ref.Dir)
	ref.Old = snapshot(t, ref.Dir)
	lists := filepath.Join(scratch, "reference", "lists.jsonl")
	begin := time.Now()
	// GOMAXPROCS=2, so that TestDeterminism can compare it with 1.
	ref.Run = run(t, []string{"GOMAXPROCS=2"}, "batch", "--corpus", ref.Dir, "--write", "--json", "--quiet",
		"--lists", lists, "--index", filepath.Join(scratch, "reference", "index"))
	if ref.Run.Code != 0 && ref.Run.Code != 3 {
		refErr = fmt.Sprintf("reference run: %s", ref.Run)
		t.Fatal(refErr)
	}
	ref.Summary = parseSummary(t, ref.Run)
	ref.Baseline = byRel(t, ref.Dir, ref.Summary.Skipped)
	if (ref.Run.Code == 3) != (len(ref.Baseline) > 0) {
		t.Fatalf("reference run: exit %d with %d skipped files", ref.Run.Code, len(ref.Baseline))
	}
	ref.Lists = readFile(t, lists)
	ref.New = snapshot(t, ref.Dir)
	d := compare(ref.Old, ref.New)
	if len(d.Added)+len(d.Removed) > 0 {
		t.Fatalf("reference run left the folder with files added or removed: %s", d)
	}
	ref.Changed = d.Changed
	if len(ref.Changed) != ref.Summary.Changed {
		t.Errorf("reference run: summary says %d files changed, %d did", ref.Summary.Changed, len(ref.Changed))
	}
	first, last := time.Time{}, time.Time{}
	written := map[string]time.Time{}
	for _, p := range ref.Changed {
		file := filepath.Join(ref.Dir, filepath.FromSlash(p))
		st, err := os.Stat(file)
		if err != nil {
			t.Fatal(err)
		}
		written[p] = st.ModTime()
		if first.IsZero() || st.ModTime().Before(first) {
			first = st.ModTime()
		}
		if st.ModTime().After(last) {
			last = st.ModTime()
		}
		// Every new version parses, with the project's parser and with yaml.v3.
		b := readFile(t, file)
		if _, err := corpus.Parse(file, b); err != nil {
			t.Errorf("reference run wrote a file that does not parse: %v", err)
		}
		if err := yamlParses(b); err != nil {
			t.Errorf("reference run wrote %s, whose front matter yaml.v3 rejects: %v", p, err)
		}
	}
	if len(ref.Changed) > 0 {
		ref.WriteFrom, ref.WriteTo = first.Sub(begin), last.Sub(begin)
	}
	ref.WriteOrder = slices.Clone(ref.Changed)
	slices.SortStableFunc(ref.WriteOrder, func(a, b string) int { return written[a].Compare(written[b]) })
	t.Logf("reference run: %d articles, %d files rewritten, %d skipped, %s (write phase %s–%s)",
		ref.Summary.Articles, len(ref.Changed), len(ref.Baseline), ref.Run.Took.Round(time.Millisecond),
		ref.WriteFrom.Round(time.Millisecond), ref.WriteTo.Round(time.Millisecond))
	return ref
}

// yamlParses decodes the front matter of a content file with yaml.v3.
func yamlParses(src []byte) error {
	rest, ok := bytes.CutPrefix(src, []byte("---\n"))
	if !ok {
		return fmt.Errorf("no opening ---")
	}
	fm, _, ok := bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		return fmt.Errorf("no closing ---")
	}
	var v map[string]any
	return yaml.Unmarshal(fm, &v)
}
