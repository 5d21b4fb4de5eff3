package nightly

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"recommend/corpus"
	"recommend/editor"
	"recommend/eval"
	"recommend/index"
	"recommend/internal/corpustest"
	"recommend/recommend"
	"recommend/review"
)

// seeds loads the project's seeds/ folder (read only).
func seeds(t *testing.T) []corpus.Article {
	t.Helper()
	arts, bad, err := corpus.Load(filepath.Join("..", "seeds"))
	if err != nil || len(bad) > 0 {
		t.Fatalf("loading seeds/: %v %v", err, bad)
	}
	return arts
}

// seedCopy copies seeds/ to a temporary folder, for a run that writes.
func seedCopy(t *testing.T) string {
	t.Helper()
	return corpustest.CopyTree(t, filepath.Join("..", "seeds"))
}

// seedConfig is the default configuration with room for seeds/' size.
func seedConfig(n int) recommend.Config {
	cfg := recommend.DefaultConfig
	cfg.Dims = min(cfg.Dims, n/2)
	return cfg
}

// decideSeeds builds and decides arts as the night does, without
// overrides and with margin 0.05, and returns the Result and the
// configuration.
func decideSeeds(t *testing.T, arts []corpus.Article) (*Result, recommend.Config) {
	t.Helper()
	cfg := seedConfig(len(arts))
	ed, err := LoadEditors(EditorSettings{Overrides: filepath.Join(t.TempDir(), "none.yaml"), Margin: 0.05}, cfg.TopK)
	if err != nil {
		t.Fatal(err)
	}
	model, err := Build(arts, cfg, 0.05)
	if err != nil {
		t.Fatal(err)
	}
	return Decide(arts, model, ed), cfg
}

// byID returns the index of the article with id.
func byID(t *testing.T, arts []corpus.Article, id string) int {
	t.Helper()
	i := slices.IndexFunc(arts, func(a corpus.Article) bool { return a.ID == id })
	if i < 0 {
		t.Fatalf("no article %s", id)
	}
	return i
}

// TestDecide runs build and decide on seeds/: hysteresis keeps current
// links the engine still ranks within the margin, a pin comes first, a
// lock leaves an article as it was, the report counts what the decisions
// did against the same decisions without hysteresis, and the final lists
// are the decided links in the engine's form.
func TestDecide(t *testing.T) {
	arts := seeds(t)
	cfg := seedConfig(len(arts))
	s := EditorSettings{Overrides: filepath.Join(t.TempDir(), "overrides.yaml"), Margin: 0.05}
	model, err := Build(arts, cfg, s.Margin)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(model.Lists()[0]), min(3*cfg.TopK, cfg.Candidates); got != want {
		t.Errorf("Build ranks %d candidates, want %d (3·TopK for hysteresis)", got, want)
	}
	seed, locked := byID(t, arts, "14219"), byID(t, arts, "90009")
	pin := model.Lists()[seed][cfg.TopK+1].Doc // ranked, but below the top k
	os.WriteFile(s.Overrides, []byte("pins:\n  - article: 14219\n    links: ["+arts[pin].URL+"]\nlocks: [90009]\n"), 0o644)
	ed, err := LoadEditors(s, cfg.TopK)
	if err != nil || ed.Options.K != cfg.TopK || ed.Options.Margin != 0.05 || len(ed.Overrides.Pins) != 1 {
		t.Fatalf("LoadEditors = %+v, %v", ed, err)
	}
	res := Decide(arts, model, ed)
	if len(res.Warnings) > 0 {
		t.Fatalf("Decide: %v", res.Warnings)
	}
	if l := res.Decisions[seed].Links; len(l) != cfg.TopK || l[0].URL != arts[pin].URL {
		t.Errorf("seed links = %v, want %d, the pin first", l, cfg.TopK)
	}
	if d := res.Decisions[locked]; !d.Locked || !reflect.DeepEqual(d.Links, arts[locked].Related) {
		t.Errorf("locked article: %+v", d)
	}

	plainEd := ed
	plainEd.Options.Margin = -1
	plain := Decide(arts, model, plainEd)
	var changed, plainChanged int
	for i := range res.Decisions {
		if res.Decisions[i].Changed {
			changed++
		}
		if plain.Decisions[i].Changed {
			plainChanged++
		}
	}
	rep := res.Report()
	if rep.Pinned != 1 || rep.Locked != 1 || rep.Changed != changed || rep.ChangedPlain != plainChanged || rep.ChangedPlain < rep.Changed || rep.Replaced > rep.ReplacedPlain {
		t.Errorf("report = %+v; want 1 pinned, 1 locked, %d changed, %d without hysteresis", rep, changed, plainChanged)
	}
	if off := plain.Report(); off.ChangedPlain != off.Changed || off.ReplacedPlain != off.Replaced || off.Margin != -1 {
		t.Errorf("report without hysteresis = %+v; want the plain figures equal to its own", off)
	}

	for i := range res.Decisions {
		var want, got []string
		for _, l := range res.Decisions[i].Links {
			if slices.ContainsFunc(arts, func(a corpus.Article) bool { return a.URL == l.URL }) {
				want = append(want, l.URL)
			}
		}
		for _, h := range res.Final[i] {
			got = append(got, arts[h.Doc].URL)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: Final = %q, want %q", arts[i].URL, got, want)
		}
	}
}

// TestOutputsShareTerms wants the index and the review page to explain
// every link with the terms the engine gives for the pair, computed once
// for both: the outputs equal those made with the engine asked directly.
func TestOutputsShareTerms(t *testing.T) {
	arts := seeds(t)
	res, _ := decideSeeds(t, arts)
	ed, model := res.Editors, res.Model
	shared := model.Surfaces(arts).SharedWords

	want := review.FromResults(ReviewTitle, arts, res.Decisions, shared, ed.Options)
	want.Blocks = len(ed.Overrides.Blocks)
	if got := res.ReviewPage(); !reflect.DeepEqual(got, want) {
		t.Error("the review page differs from one explained by the engine directly")
	}
	root := filepath.Join("..", "seeds")
	n, held := 0, 0
	for i, e := range res.IndexArticles(root) {
		if strings.HasPrefix(e.Path, "..") || !strings.HasSuffix(e.Path, ".md") {
			t.Errorf("%s: path %q is not relative to the corpus folder", e.URL, e.Path)
		}
		// Each link's reason is the decision's, entry for entry.
		var why []index.Reason
		for _, d := range res.Decisions[i].Suggested {
			if d.Doc >= 0 {
				why = append(why, d.Reason)
			}
		}
		for k, r := range e.Related {
			if r.Doc != res.Final[i][k].Doc || r.Score != res.Final[i][k].Score || r.Reason != why[k] {
				t.Errorf("%s: related %d = %+v, want %+v for the reason %v", e.URL, k, r, res.Final[i][k], why[k])
			}
			if r.Reason == index.ReasonHeld {
				held++
			}
			if w := shared(i, r.Doc, index.ExplainTerms); !slices.Equal(r.Terms, w) {
				t.Errorf("%s → %d: terms %q, want %q", e.URL, r.Doc, r.Terms, w)
			}
			n++
		}
	}
	if n == 0 || held == 0 {
		t.Fatalf("%d related links in the index, %d of them held: want some held", n, held)
	}
	if got := res.Terms(0, -5, 5); got != nil {
		t.Errorf("terms of a pair no output shows = %q, want nil", got)
	}
}

// TestEvaluateOneBuild wants eval's report from the nightly run's one build
// (wider candidates, lists cut to TopK) to score the same lists as a
// report that builds the default ranking and its baselines itself.
func TestEvaluateOneBuild(t *testing.T) {
	arts := seeds(t)
	opts := eval.Options{K: 5, Config: seedConfig(len(arts))}
	want, err := eval.Run(arts, opts)
	if err != nil {
		t.Fatal(err)
	}
	ed, err := LoadEditors(EditorSettings{Overrides: filepath.Join(t.TempDir(), "none.yaml"), Margin: 0.05}, opts.Config.TopK)
	if err != nil {
		t.Fatal(err)
	}
	got, warns, err := Evaluate(arts, opts, &ed, "none.yaml")
	if err != nil || len(warns) > 0 {
		t.Fatal(err, warns)
	}
	if got.Editors == nil {
		t.Fatal("no editors' section")
	}
	got.Editors = nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the report from the run's build differs from eval's own:\n got %+v\nwant %+v", got.Systems, want.Systems)
	}
}

// TestWrite rewrites a copy of seeds/ from a decision and wants a dry run
// to count exactly the files the write then changes, and a second run to
// change nothing.
func TestWrite(t *testing.T) {
	dir := seedCopy(t)
	arts, _, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg := seedConfig(len(arts))
	model, err := Build(arts, cfg, -1)
	if err != nil {
		t.Fatal(err)
	}
	ed, _ := LoadEditors(EditorSettings{Overrides: filepath.Join(dir, "none.yaml"), Margin: -1}, cfg.TopK)
	res := Decide(arts, model, ed)
	var calls atomic.Int64
	dry, failed := res.Write(dir, false, nil, func() { calls.Add(1) })
	if dry == 0 || len(failed) != 0 || calls.Load() != int64(len(arts)) {
		t.Fatalf("dry run: %d would change, failed %v, %d calls; want some, none, %d", dry, failed, calls.Load(), len(arts))
	}
	n, failed := res.Write(dir, true, nil, nil)
	if n != dry || len(failed) != 0 {
		t.Fatalf("write: %d changed, failed %v; want %d, none", n, failed, dry)
	}
	again, _, _ := corpus.Load(dir)
	res2 := Decide(again, model, ed)
	if n, _ := res2.Write(dir, false, nil, nil); n != 0 {
		t.Errorf("after the write, %d lists would still change", n)
	}
}

// TestReadLists: a lists file is read in the corpus's order, and a bad
// line is one error naming the file and line.
func TestReadLists(t *testing.T) {
	arts := []corpus.Article{{URL: "/a"}, {URL: "/b"}, {URL: "/c"}}
	for _, tt := range []struct {
		name, data string
		want       [][]editor.Hit
		err        string // suffix after "FILE:"
	}{
		{"two lists", `{"url":"/b","related":["/a","/c"],"scores":[0.5,0.25]}` + "\n" + `{"url":"/a","related":["/b"],"scores":[0.5]}` + "\n",
			[][]editor.Hit{{{Doc: 1, Score: 0.5}}, {{Doc: 0, Score: 0.5}, {Doc: 2, Score: 0.25}}, nil}, ""},
		{"unknown url", `{"url":"/x","related":[],"scores":[]}` + "\n", nil, `1: url "/x" is not an article of the corpus`},
		{"unknown related", `{"url":"/a","related":["/y"],"scores":[1]}` + "\n", nil, `1: related url "/y" is not an article of the corpus`},
		{"listed twice", `{"url":"/a","related":[],"scores":[]}` + "\n" + `{"url":"/a","related":[],"scores":[]}` + "\n", nil, `2: url "/a" is listed again (first on line 1)`},
		{"scores", `{"url":"/a","related":["/b"],"scores":[]}` + "\n", nil, "1: 1 related urls but 0 scores"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "lists.jsonl")
			os.WriteFile(p, []byte(tt.data), 0o644)
			got, err := ReadLists(p, arts)
			if tt.err != "" {
				if err == nil || err.Error() != p+":"+tt.err {
					t.Errorf("error %v, want %q", err, p+":"+tt.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ReadLists = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
	if _, err := ReadLists(filepath.Join(t.TempDir(), "none"), arts); err == nil || strings.Count(err.Error(), "none") != 1 {
		t.Errorf("missing file: %v, want one error naming it once", err)
	}
}

// TestDecodeSettings: recommend.yaml's keys set the engine's and the
// editors' settings, and every mistake is named by line and key.
func TestDecodeSettings(t *testing.T) {
	for _, tt := range []struct {
		name, data string
		set        func(*Settings)
		lines      map[string]int
		err        string
	}{
		{"empty", "", func(*Settings) {}, map[string]int{}, ""},
		{"both kinds", "top_k: 7\nmargin: -1\nfields:\n  title: 0.5\n", func(s *Settings) { s.TopK, s.Margin, s.Fields.Title = 7, -1, 0.5 },
			map[string]int{"top_k": 1, "margin": 2, "fields": 3, "fields.title": 4}, ""},
		{"overrides", "overrides: ed/o.yaml\n", func(s *Settings) { s.Overrides = "ed/o.yaml" }, map[string]int{"overrides": 1}, ""},
		{"unknown", "top_k: 7\ntopk: 3\n", nil, nil, `2: unknown key "topk"`},
		{"unknown nested", "fields:\n  titel: 1\n", nil, nil, `2: unknown key "fields.titel"`},
		{"twice", "seed: 1\nseed: 2\n", nil, nil, `2: key "seed" given twice`},
		{"type", "top_k: many\n", nil, nil, `1: top_k: "many" is not an integer`},
		{"float for int", "top_k: 5.5\n", nil, nil, `1: top_k: "5.5" is not an integer`},
		{"number for string", "ranking: 5\n", nil, nil, `1: ranking: "5" is not a string`},
		{"missing", "margin:\n", nil, nil, "1: margin: want a number"},
		{"group", "fields: 1\n", nil, nil, "1: fields: want a mapping of keys to values"},
		{"not a mapping", "- 1\n", nil, nil, "1: the config file must be a mapping of keys to values"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, lines := DefaultSettings(), map[string]int{}
			err := DecodeSettings([]byte(tt.data), &got, lines)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Errorf("error %v, want %q", err, tt.err)
				}
				return
			}
			want := DefaultSettings()
			tt.set(&want)
			if err != nil || !reflect.DeepEqual(got, want) || !reflect.DeepEqual(lines, tt.lines) {
				t.Errorf("DecodeSettings = %+v, lines %v, %v; want %+v, lines %v", got, lines, err, want, tt.lines)
			}
		})
	}
}

// TestDryRunReadsNoFile: a dry run counts the files that would change from
// what the load kept, without reading any: with every file of the folder
// removed after the load it counts what it counted with them there, and
// fails none.
func TestDryRunReadsNoFile(t *testing.T) {
	dir := seedCopy(t)
	arts, _, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	res, _ := decideSeeds(t, arts)
	want, failed := res.Write(dir, false, nil, nil)
	if want == 0 || len(failed) != 0 {
		t.Fatalf("dry run: %d would change, failed %v; want some, none", want, failed)
	}
	for _, a := range arts {
		if err := os.Remove(a.Path); err != nil {
			t.Fatal(err)
		}
	}
	if n, failed := res.Write(dir, false, nil, nil); n != want || len(failed) != 0 {
		t.Errorf("dry run without the files: %d would change, %d failed; want %d, none", n, len(failed), want)
	}
}

// TestHeldCounts: the report's held links are the links the decisions mark
// held (index.ReasonHeld, the mark the index, a lookup and the review page
// show), and the review page's summary counts the same.
func TestHeldCounts(t *testing.T) {
	arts := seeds(t)
	res, _ := decideSeeds(t, arts)
	marked := 0
	for _, d := range res.Decisions {
		for _, e := range d.Suggested {
			if e.Reason == index.ReasonHeld {
				marked++
			}
		}
	}
	if marked == 0 {
		t.Fatal("no link marked held on seeds/ with margin 0.05: the test needs some")
	}
	if got := res.Report().Held; got != marked {
		t.Errorf("report: %d links held, the decisions mark %d", got, marked)
	}
	if got := res.ReviewPage().Summarize().Held; got != marked {
		t.Errorf("review page: %d links held, the decisions mark %d", got, marked)
	}
}
