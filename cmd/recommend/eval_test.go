package main

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"recommend/eval"
	"recommend/recommend"
)

func TestNewCmdEval(t *testing.T) {
	lsa := recommend.DefaultConfig
	lsa.Ranking, lsa.Dims = "lsa", 20
	tests := []struct {
		args    string
		want    evalOptions
		wantErr string
	}{
		{args: "eval --corpus c", want: evalOptions{Corpus: "c", K: 5, Cfg: recommend.DefaultConfig}},
		{args: "eval --corpus c --k 10 --qrels q.json --lists a.jsonl --lists b.jsonl --no-baselines --ranking lsa --dims 20",
			want: evalOptions{Corpus: "c", K: 10, Qrels: "q.json", Lists: []string{"a.jsonl", "b.jsonl"}, SkipBaselines: true, Cfg: lsa}},
		{args: "eval", wantErr: "eval needs --corpus DIR"},
		{args: "eval --corpus c --k 0", wantErr: "--k must be at least 1"},
		{args: "eval --corpus c --dims 0 --ranking lsa", wantErr: "Dims = 0"},
		{args: "eval --corpus c --sweep ranking=tfidf,lsa",
			want: evalOptions{Corpus: "c", K: 5, Sweep: "ranking=tfidf,lsa", Cfg: recommend.DefaultConfig}},
		{args: "eval --corpus c --sweep nosuch=1", wantErr: `--sweep: eval: sweep: recommend.Config has no field "nosuch"`},
		{args: "eval --corpus c --sweep top_k=0", wantErr: "TopK"},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			io, _, _ := testIO()
			var got *evalOptions
			cmd := newRootCmdWith(io, runFuncs{Eval: func(o *evalOptions) error { got = o; return nil }})
			cmd.SetArgs(strings.Fields(tt.args))
			err := cmd.Execute()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || exitCode(err) != exitUsage {
					t.Fatalf("error = %v (exit %d), want a usage error containing %q", err, exitCode(err), tt.wantErr)
				}
				return
			}
			if err != nil || got == nil {
				t.Fatalf("error = %v, ran = %v", err, got != nil)
			}
			g := *got
			g.G = nil
			if !reflect.DeepEqual(g, tt.want) {
				t.Errorf("options =\n%+v\nwant\n%+v", g, tt.want)
			}
		})
	}
}

// TestEvalRun runs eval on the seed articles and checks that every part of
// the report is there: a row per system, the breakdown, hygiene, duplicates.
func TestEvalRun(t *testing.T) {
	seeds := copySeeds(t)
	// The seeds are a few dozen articles: LSA needs fewer dimensions.
	code, stdout, stderr := runArgs("eval", "--corpus", seeds, "--dims", "8")
	if code != exitOK {
		t.Fatalf("eval exit %d, stderr:\n%s", code, stderr)
	}
	for _, want := range []string{"existing links", "random same folder", "tfidf", "lsa", "default",
		"by subject folder", "link hygiene", "possible duplicates"} {
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
