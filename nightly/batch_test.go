package nightly

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"recommend/eval"
	"recommend/internal/termlog"
)

// testBatch returns options for a dry batch run over dir with room for
// seeds/' size, a clock that moves one second per reading, and the
// buffer its log lines go to.
func testBatch(t *testing.T, dir string) (BatchOptions, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	log := termlog.New(&logs, termlog.Text, "recommend: ", slog.LevelInfo)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	calls := 0
	return BatchOptions{
		Corpus: dir, Config: seedConfig(len(seeds(t))),
		Editor: EditorSettings{Overrides: filepath.Join(t.TempDir(), "overrides.yaml"), Margin: 0.05},
		Index:  filepath.Join(t.TempDir(), "ix"), Lists: filepath.Join(t.TempDir(), "lists.jsonl"),
		Term: termlog.Term{W: &logs, Log: log},
		Now: func() time.Time {
			calls++
			return t0.Add(time.Duration(calls) * time.Second)
		},
	}, &logs
}

// TestBatch runs a dry batch over seeds/ plus one bad file: every stage is
// timed into the summary by the caller's clock and said in a log line, the
// bad file is skipped and reported, the outputs are saved, and nothing in
// the content folder changes. A writing run (without a logger, on the
// real clock) then rewrites what the dry run counted.
func TestBatch(t *testing.T) {
	dir := seedCopy(t)
	if err := os.WriteFile(filepath.Join(dir, "biology", "bad.md"), []byte("no front matter\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	o, logs := testBatch(t, dir)
	var found []int
	o.Found = func(n int) { found = append(found, n) }
	before := files(t, dir)
	sum, err := Batch(o)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(files(t, dir), before) {
		t.Error("a dry run changed the content folder")
	}
	if want := []int{len(seeds(t)) + 1}; !reflect.DeepEqual(found, want) {
		t.Errorf("Found called with %v, want %v (once, with the article files, the bad one too)", found, want)
	}
	var steps []string
	for _, s := range sum.Timings {
		if s.Seconds != 1 {
			t.Errorf("step %s took %v s, want 1 (one clock reading)", s.Step, s.Seconds)
		}
		steps = append(steps, s.Step)
	}
	if got := strings.Join(steps, " "); got != "load build decide outputs write" {
		t.Errorf("steps %q", got)
	}
	if sum.Written || sum.Changed == 0 || len(sum.Skipped) != 1 || sum.Agreement == nil || sum.Editors == nil || sum.Index != o.Index {
		t.Errorf("summary %+v", sum)
	}
	for _, want := range []string{"warning: skipped " + filepath.Join(dir, "biology", "bad.md"), "loaded ", " (1 file skipped) in 1s", "found "} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lines lack %q:\n%s", want, logs.String())
		}
	}
	for _, p := range []string{o.Lists, filepath.Join(o.Index, ReviewData), filepath.Join(o.Index, "CURRENT")} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("output %v", err)
		}
	}
	o.Write, o.Term, o.Now = true, termlog.Term{}, nil // no logger, the real clock
	wrote, err := Batch(o)
	if err != nil || !wrote.Written || wrote.Changed != sum.Changed {
		t.Errorf("writing run: %v, %+v; want %d files rewritten", err, wrote, sum.Changed)
	}
}

// files returns every file below dir with its bytes.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		m[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestBatchNights runs batches over seeds/ into one index folder: the
// first builds in full for want of a state, the second starts from the
// state the first saved (read while the corpus loaded) and writes the
// same lists and review data, a damaged state is said and rebuilt in
// full, and --full is said too. Each run leaves a state the next can read.
func TestBatchNights(t *testing.T) {
	dir := seedCopy(t)
	o, _ := testBatch(t, dir)
	lists := o.Lists
	for k, tt := range []struct {
		name   string
		before func()
		full   bool
		want   string
	}{
		{name: "first night", want: "full rebuild: no saved state from an earlier night"},
		{name: "second night", want: "incremental night: 0 articles changed, 0 new, 0 deleted"},
		{name: "damaged state", want: "level=WARN msg=\"full rebuild: the saved state", before: func() {
			if err := os.WriteFile(filepath.Join(o.Index, StateFile), []byte("RCSNAP\n\x00 torn"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "after the rebuild", want: "incremental night: 0 articles changed"},
		{name: "asked for", full: true, want: "full rebuild: asked for (--full)"},
	} {
		if tt.before != nil {
			tt.before()
		}
		var logs bytes.Buffer
		o.Term = termlog.Term{W: &logs, Log: slog.New(slog.NewTextHandler(&logs, nil))}
		o.Full, o.Lists = tt.full, fmt.Sprintf("%s.%d", lists, k)
		if _, err := Batch(o); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !strings.Contains(logs.String(), tt.want) {
			t.Errorf("%s: log lines lack %q:\n%s", tt.name, tt.want, logs.String())
		}
		if got, want := readFile(t, o.Lists), readFile(t, fmt.Sprintf("%s.%d", lists, 0)); !bytes.Equal(got, want) {
			t.Errorf("%s: the lists differ from the first night's", tt.name)
		}
		if _, err := os.Stat(filepath.Join(o.Index, StateFile)); err != nil {
			t.Errorf("%s: no state saved: %v", tt.name, err)
		}
	}
}

// readFile returns the bytes of the file at path.
func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestBatchInputErrors: what a run is asked to do wrong is an
// *InputError, found before anything is loaded.
func TestBatchInputErrors(t *testing.T) {
	dir := seedCopy(t)
	notIndex := t.TempDir()
	os.WriteFile(filepath.Join(notIndex, "notes.txt"), []byte("mine"), 0o644)
	badOverrides := filepath.Join(t.TempDir(), "overrides.yaml")
	os.WriteFile(badOverrides, []byte("pins: [\n"), 0o644)
	for _, tt := range []struct {
		name string
		set  func(*BatchOptions)
		want string
	}{
		{"no such folder", func(o *BatchOptions) { o.Corpus = filepath.Join(dir, "nosuch") }, "does not exist or is not a folder"},
		{"bad margin", func(o *BatchOptions) { o.Editor.Margin = 2 }, "margin"},
		{"bad overrides file", func(o *BatchOptions) { o.Editor.Overrides = badOverrides }, badOverrides},
		{"index folder of other files", func(o *BatchOptions) { o.Index = notIndex }, notIndex},
	} {
		o, logs := testBatch(t, dir)
		tt.set(&o)
		sum, err := Batch(o)
		var ie *InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.want) || sum != nil {
			t.Errorf("%s: %v (%T), summary %v; want an *InputError naming %q", tt.name, err, err, sum, tt.want)
		}
		if strings.Contains(logs.String(), "loaded") {
			t.Errorf("%s: the corpus was loaded before the error", tt.name)
		}
	}
}

// TestEvalFolder scores seeds/ as eval does, and as a sweep: one row per
// system (no baselines) or per value of the grid; a missing folder is an *InputError.
func TestEvalFolder(t *testing.T) {
	o, _ := testBatch(t, filepath.Join("..", "seeds"))
	eo := EvalOptions{Corpus: o.Corpus, Eval: eval.Options{K: 5, Config: o.Config, SkipBaselines: true}, Editor: o.Editor, Term: o.Term}
	rep, skipped, err := EvalFolder(eo)
	if err != nil || skipped != 0 {
		t.Fatal(skipped, err)
	}
	if r, ok := rep.(*eval.Report); !ok || len(r.Systems) != 2 || r.Systems[1].Name != eval.SystemDefault {
		t.Errorf("report %T, want the existing links and the default ranking alone", rep)
	}
	eo.Sweep = []eval.Axis{{Field: "ranking", Values: []string{"tfidf", "lsa"}}}
	rep, _, err = EvalFolder(eo)
	if r, ok := rep.(*eval.SweepReport); err != nil || !ok || len(r.Results) != 2 || r.Results[1].Name != "ranking=lsa" {
		t.Errorf("sweep: %v, %T; want one row per value", err, rep)
	}
	eo.Corpus = "nosuch"
	var ie *InputError
	if _, _, err := EvalFolder(eo); !errors.As(err, &ie) {
		t.Errorf("missing folder: %v, want an *InputError", err)
	}
}

// TestDuplicatesIn loads a content folder as duplicates does: the files
// skipped as bad input are counted (and said, when there is a logger),
// and a missing folder is an *InputError.
func TestDuplicatesIn(t *testing.T) {
	dir := seedCopy(t)
	if err := os.WriteFile(filepath.Join(dir, "biology", "bad.md"), []byte("no front matter\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	o, logs := testBatch(t, dir)
	if _, skipped, err := DuplicatesIn(dir, o.Config, o.Term); err != nil || skipped != 1 || !strings.Contains(logs.String(), "skipped") {
		t.Errorf("DuplicatesIn: %d skipped, %v; want 1, said on stderr", skipped, err)
	}
	// No logger: nothing is said, nothing fails.
	if _, skipped, err := DuplicatesIn(dir, o.Config, termlog.Term{}); err != nil || skipped != 1 {
		t.Errorf("DuplicatesIn without a logger: %d skipped, %v", skipped, err)
	}
	var ie *InputError
	if _, _, err := DuplicatesIn(filepath.Join(dir, "nosuch"), o.Config, o.Term); !errors.As(err, &ie) {
		t.Errorf("missing folder: %v, want an *InputError", err)
	}
}
