package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"recommend/corpus"
	"recommend/editor"
	"recommend/eval"
	"recommend/home"
	"recommend/nightly"
	"recommend/recommend"
)

func TestNewCmdEval(t *testing.T) {
	lsa := recommend.DefaultConfig
	lsa.Ranking, lsa.Dims = "lsa", 20
	defEditor := nightly.EditorSettings{Overrides: filepath.Join(home.Of("c"), home.DefaultOverrides), Margin: editor.DefaultOptions.Margin}
	tests := []struct {
		args    string
		want    evalOptions
		wantErr string
	}{
		{args: "eval --corpus c", want: evalOptions{Corpus: "c", K: 5, Cfg: recommend.DefaultConfig, Editor: defEditor}},
		{args: "eval --corpus c --k 10 --qrels q.json --lists a.jsonl --lists b.jsonl --no-baselines --ranking lsa --dims 20",
			want: evalOptions{Corpus: "c", K: 10, Qrels: "q.json", Lists: []string{"a.jsonl", "b.jsonl"}, SkipBaselines: true, Cfg: lsa, Editor: defEditor}},
		{args: "eval", wantErr: "eval needs --corpus DIR"},
		{args: "eval --corpus c --k 0", wantErr: "--k must be at least 1"},
		{args: "eval --corpus c --dims 0 --ranking lsa", wantErr: "--dims: 0 is not in 1–1000"},
		{args: "eval --corpus c --sweep ranking=tfidf,lsa",
			want: evalOptions{Corpus: "c", K: 5, Sweep: "ranking=tfidf,lsa", Grid: []eval.Axis{{Field: "ranking", Values: []string{"tfidf", "lsa"}}}, Cfg: recommend.DefaultConfig, Editor: defEditor}},
		{args: "eval --corpus c --overrides o.yaml --margin -1",
			want: evalOptions{Corpus: "c", K: 5, Cfg: recommend.DefaultConfig, Editor: nightly.EditorSettings{Overrides: "o.yaml", Margin: -1}}},
		{args: "eval --corpus c --sweep nosuch=1", wantErr: `--sweep: nosuch: no such key in recommend.yaml`},
		{args: "eval --corpus c --sweep top_k=0", wantErr: "--sweep: top_k=0: top_k: 0 is not in 1–50"},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			io, _, _ := testIO()
			var got *evalOptions
			cmd := newRootCmdWith(io, runFuncs{Eval: func(o *evalOptions) error { got = o; return nil }})
			cmd.SetArgs(strings.Fields(tt.args))
			err := cmd.Execute()
			if wantUsageError(t, err, tt.wantErr) {
				return
			}
			wantOptions(t, err, got, tt.want)
		})
	}
}

// TestEvalRun runs eval on the seed articles and checks that every part of
// the report is there: a row per system, the breakdown, hygiene, duplicate
// clusters.
func TestEvalRun(t *testing.T) {
	seeds := copySeeds(t)
	// The seeds are a few dozen articles: LSA needs fewer dimensions.
	code, stdout, stderr := runArgs("eval", "--corpus", seeds, "--dims", "8")
	if code != exitOK {
		t.Fatalf("eval exit %d, stderr:\n%s", code, stderr)
	}
	for _, want := range []string{"existing links", "random same folder", "tfidf", "lsa", "default",
		"by subject folder", "link hygiene", "duplicate clusters"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("eval output lacks %q:\n%s", want, stdout)
		}
	}

	code, stdout, stderr = runArgs("eval", "--corpus", seeds, "--dims", "8", "--json", "--no-baselines")
	if code != exitOK {
		t.Fatalf("eval --json exit %d, stderr:\n%s", code, stderr)
	}
	var rep eval.Report
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("eval --json: %v\n%s", err, stdout)
	}
	if len(rep.Systems) != 2 || rep.Systems[1].Name != eval.SystemDefault || rep.Articles == 0 {
		t.Errorf("eval --json --no-baselines: %d articles, systems %+v", rep.Articles, rep.Systems)
	}

	code, stdout, stderr = runArgs("eval", "--corpus", seeds, "--dims", "8", "--sweep", "ranking=tfidf,lsa")
	if code != exitOK {
		t.Fatalf("eval --sweep exit %d, stderr:\n%s", code, stderr)
	}
	if lines := strings.Split(strings.TrimSpace(stdout), "\n"); len(lines) != 3 ||
		!strings.Contains(lines[1], "ranking=tfidf") || !strings.Contains(lines[2], "ranking=lsa") {
		t.Errorf("eval --sweep printed:\n%s\nwant a header and rows ranking=tfidf, ranking=lsa", stdout)
	}
}

// TestEvalEditors runs eval on the seed articles with an overrides file
// holding a pin, a block of one of the engine's own suggestions and a lock,
// and checks the editors' section: the counts, and the engine's figures
// equal to the default row's. Without the file there is no section.
func TestEvalEditors(t *testing.T) {
	seeds := copySeeds(t)
	arts, _, err := corpus.Load(seeds)
	if err != nil {
		t.Fatal(err)
	}
	cfg := recommend.DefaultConfig
	cfg.Dims = 8
	m, err := recommend.Build(arts, cfg)
	if err != nil {
		t.Fatal(err)
	}
	lists := m.Lists()
	ids := map[string]int{}
	for i := range arts {
		ids[arts[i].ID]++
	}
	// Three different articles with ids of their own: one pinned, one with
	// its first suggestion blocked, one locked.
	var pick []int
	for i := range arts {
		if ids[arts[i].ID] == 1 && len(lists[i]) > 0 && len(pick) < 3 {
			pick = append(pick, i)
		}
	}
	if len(pick) < 3 {
		t.Fatalf("the seeds have %d articles with an id of their own and suggestions, want 3", len(pick))
	}
	pinA, blockA, lockA := arts[pick[0]], arts[pick[1]], arts[pick[2]]
	blocked := arts[lists[pick[1]][0].Doc]
	pinned := arts[lists[pick[0]][len(lists[pick[0]])-1].Doc] // a link the engine lists last
	ovPath := filepath.Join(t.TempDir(), "overrides.yaml")
	src := fmt.Sprintf(`# the editors' decisions
pins:
  - article: "%s"
    links: [%s]
blocks:
  - from: "%s"
    to: %s
locks:
  - %s
`, pinA.ID, pinned.URL, blockA.ID, blocked.URL, lockA.URL)
	if err := os.WriteFile(ovPath, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}

	code, stdout, stderr := runArgs("eval", "--corpus", seeds, "--dims", "8", "--json", "--no-baselines", "--overrides", ovPath)
	if code != exitOK {
		t.Fatalf("eval --overrides exit %d, stderr:\n%s", code, stderr)
	}
	var rep eval.Report
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("eval --json: %v\n%s", err, stdout)
	}
	e := rep.Editors
	if e == nil {
		t.Fatalf("eval --json --overrides has no editors section:\n%s", stdout)
	}
	want := editor.Summary{Pins: 1, BlockedPairs: 1, Locks: 1, ListsPinned: 1, ListsBlocked: 1, ListsLocked: 1}
	if e.Summary != want || e.File != ovPath || e.Margin != editor.DefaultOptions.Margin {
		t.Errorf("editors = %+v (file %s, margin %v), want %+v (file %s, margin %v)",
			e.Summary, e.File, e.Margin, want, ovPath, editor.DefaultOptions.Margin)
	}
	def := rep.Systems[len(rep.Systems)-1]
	if def.Name != eval.SystemDefault || e.Engine.Agreement != def.Agreement {
		t.Errorf("engine agreement %+v, want the %q row's %+v", e.Engine.Agreement, def.Name, def.Agreement)
	}
	if e.Written.Agreement.Scored != def.Agreement.Scored || e.Written.Agreement == e.Engine.Agreement {
		t.Errorf("written agreement %+v, want the same articles scored as %+v, other figures", e.Written.Agreement, e.Engine.Agreement)
	}

	code, stdout, stderr = runArgs("eval", "--corpus", seeds, "--dims", "8", "--no-baselines", "--overrides", ovPath)
	if code != exitOK {
		t.Fatalf("eval --overrides exit %d, stderr:\n%s", code, stderr)
	}
	for _, w := range []string{"editors' decisions (" + ovPath + "): 1 pinned links, 1 blocked pairs, 0 articles blocked everywhere, 1 locked articles",
		"lists with a pinned link 1, lists that lost a suggestion to a block 1, lists left as they are by a lock 1",
		"  engine  ", "as written (hysteresis margin 0.05)"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("eval --overrides output lacks %q:\n%s", w, stdout)
		}
	}

	code, stdout, stderr = runArgs("eval", "--corpus", seeds, "--dims", "8", "--no-baselines", "--overrides", filepath.Join(t.TempDir(), "none.yaml"))
	if code != exitOK || strings.Contains(stdout, "editors") {
		t.Errorf("eval with no overrides file: exit %d, stderr %s, stdout:\n%s\nwant no editors' section", code, stderr, stdout)
	}
}
