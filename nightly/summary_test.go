package nightly

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"recommend/corpus"
	"recommend/eval"
	"recommend/internal/goldenfile"
	"recommend/recommend"
)

// TestSummary assembles a summary step by step and checks its figures
// and its JSON form (field order and empty lists as [], not null).
func TestSummary(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s := NewSummary("c", "ix", recommend.DefaultConfig, t0)
	s.Loaded(3, []*corpus.FileError{{Path: "c/x.md", Line: 1, Err: os.ErrInvalid}})
	if secs := s.Step("load", t0.Add(1500*time.Millisecond)); secs != 1.5 {
		t.Errorf("load took %v s, want 1.5", secs)
	}
	if secs := s.Step("build", t0.Add(2*time.Second)); secs != 0.5 {
		t.Errorf("build took %v s, want 0.5 (since the previous step)", secs)
	}
	s.Wrote(2, []FileIssue{}, true)
	if s.Articles != 3 || s.Changed != 2 || !s.Written || len(s.Skipped) != 1 || s.Skipped[0].Path != "c/x.md" {
		t.Errorf("summary %+v", s)
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"corpus":"c","articles":3,"changed":2,"written":true,"skipped":[{"path":"c/x.md","reason":"c/x.md:1: invalid argument"}],"failed":[],"index":"ix","timings":[{"step":"load","seconds":1.5},{"step":"build","seconds":0.5}],"config":`
	if !strings.HasPrefix(string(b), want) {
		t.Errorf("JSON\n%s\nwant it to start\n%s", b, want)
	}
}

// TestLoad checks the load stage's two failures and a good folder.
func TestLoad(t *testing.T) {
	if _, _, err := Load(filepath.Join(t.TempDir(), "missing")); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing folder: err %v, want one naming it", err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bad.md"), []byte("no front matter\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	arts, bad, err := Load(dir)
	if err == nil || !strings.Contains(err.Error(), "no usable articles in "+dir) || len(bad) != 1 || arts != nil {
		t.Errorf("no usable article: %d articles, %d bad, err %v", len(arts), len(bad), err)
	}
	arts, _, err = Load(filepath.Join("..", "seeds"))
	if err != nil || len(arts) == 0 {
		t.Errorf("seeds/: %d articles, err %v", len(arts), err)
	}
}

// TestEditorsIfAny wants nil without the overrides file and the decisions
// with it.
func TestEditorsIfAny(t *testing.T) {
	dir := t.TempDir()
	s := EditorSettings{Overrides: filepath.Join(dir, "overrides.yaml")}
	if ed, err := EditorsIfAny(s, 5); ed != nil || err != nil {
		t.Errorf("no file: %v, %v; want nil, nil", ed, err)
	}
	if err := os.WriteFile(s.Overrides, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if ed, err := EditorsIfAny(s, 5); ed == nil || err != nil {
		t.Errorf("empty file: %v, %v; want the decisions", ed, err)
	}
	if ed, err := EditorsIfAny(EditorSettings{Overrides: s.Overrides, Margin: 2}, 5); ed != nil || err == nil {
		t.Errorf("margin 2: %v, %v; want an error", ed, err)
	}
}

// TestDuplicates builds a small corpus with one question asked three
// times in other words and wants that one cluster, its canonical the
// longest answer.
func TestDuplicates(t *testing.T) {
	photo := "Plants capture sunlight with chlorophyll in the chloroplasts and turn carbon dioxide and water into glucose and oxygen during photosynthesis."
	arts := []corpus.Article{
		{URL: "/p0", Question: "How do plants make food from sunlight in photosynthesis?", Answer: photo},
		{URL: "/p1", Question: "How do plants produce their food using sunlight through photosynthesis?", Answer: photo + " Glucose feeds the plant."},
		{URL: "/p2", Question: "In photosynthesis, how do plants make food from sunlight?", Answer: "During photosynthesis plants capture sunlight with chlorophyll and turn carbon dioxide and water into glucose and oxygen."},
		{URL: "/w", Question: "Why are photosynthesis rates lower in winter for plants?", Answer: "Cold temperatures slow the enzymes of plants, and shorter days give less sunlight, so photosynthesis rates fall in winter."},
	}
	for _, w := range strings.Fields("volcano lava magma eruption crust stock market shares dividend investor poetry rhyme meter stanza verse") {
		arts = append(arts, corpus.Article{URL: "/" + w, Question: "What does " + w + " mean?", Answer: w + " explained in depth."})
	}
	for i := range arts {
		arts[i].ID, arts[i].Title, arts[i].Subject, arts[i].SubjectKey = strconv.Itoa(i+1), arts[i].Question, "Biology", "biology"
	}
	cfg := recommend.DefaultConfig
	cfg.MinDF, cfg.MaxDF, cfg.Dims = 1, 1, 5
	cl, err := Duplicates(arts, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(cl) != 1 || cl[0].Canonical != "/p1" || len(cl[0].Members) != 3 || !strings.Contains(cl[0].Reason, "longest answer") {
		t.Errorf("clusters %+v, want /p0, /p1, /p2 with canonical /p1 (the longest answer)", cl)
	}
}

// TestSummaryWords checks the summary's wording on the cases a small
// or edited corpus produces: one of a thing, no agreement to compute,
// blocks in force, hysteresis off.
func TestSummaryWords(t *testing.T) {
	tests := []struct {
		name string
		sum  Summary
	}{
		{"one article, no existing links", Summary{Corpus: "c", Articles: 1, Changed: 1, Skipped: []FileIssue{},
			Agreement: &eval.Agreement{K: 5}, Editors: &EditorReport{Margin: 0.05, Changed: 1, Replaced: 1, ChangedPlain: 1, ReplacedPlain: 1}}},
		{"written, blocks and a lock", Summary{Corpus: "c", Articles: 3, Changed: 2, Written: true, Skipped: []FileIssue{{Path: "c/x.md", Reason: "c/x.md:1: no front matter"}},
			Failed:    []FileIssue{{Path: "c/y.md", Reason: "c/y.md: permission denied"}},
			Agreement: &eval.Agreement{K: 5, Scored: 1, Recall: 0.5, Precision: 0.2, Hit: 1, MRR: 1, NDCG: 0.6, Coverage: 1},
			Editors:   &EditorReport{Margin: 0.1, Locked: 1, Pinned: 1, Blocks: 2, ListsBlocked: 1, Held: 1, Changed: 2, Replaced: 3, ChangedPlain: 3, ReplacedPlain: 5}}},
		{"hysteresis off", Summary{Corpus: "c", Articles: 2, Skipped: []FileIssue{}, Editors: &EditorReport{Margin: -1}}},
	}
	var b strings.Builder
	for _, tt := range tests {
		var out strings.Builder
		if err := tt.sum.WriteText(&out); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "# %s\n%s\n", tt.name, out.String())
	}
	goldenfile.Check(t, filepath.Join("testdata", "summary-words.golden"), b.String())
	for _, bad := range []string{"1 articles", "1 lists", "1 files", "1 links", "0.000  precision"} {
		if strings.Contains(b.String(), bad) {
			t.Errorf("summary says %q:\n%s", bad, b.String())
		}
	}
}
