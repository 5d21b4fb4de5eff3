package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"recommend/home"
	"recommend/nightly"
	"recommend/recommend"
)

func TestNewCmdBatch(t *testing.T) {
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "r.yaml")
	os.WriteFile(cfgFile, []byte("top_k: 9\nfields:\n  title: 0.5\n"), 0o644)
	withFile := recommend.DefaultConfig
	withFile.TopK, withFile.Fields.Title = 9, 0.5
	flagOverFile := withFile
	flagOverFile.TopK = 3
	flags := recommend.DefaultConfig
	flags.TopK, flags.Ranking, flags.Fields.Question, flags.Sublinear, flags.Seed = 7, "blend", 2, false, 42

	// "c" lies in this repository's work tree: its home is the top of it,
	// where the repository's own recommend.yaml (the defaults) is read.
	top := home.Of("c")
	homeCfg := filepath.Join(top, "recommend.yaml")
	defEd := nightly.EditorSettings{Overrides: filepath.Join(top, "overrides.yaml"), Margin: 0.05}
	homeIndex := filepath.Join(top, ".recommend")
	tests := []struct {
		args      string
		want      batchOptions // G is checked through Index and JSON below
		index     string
		json      bool
		wantErr   string
		wantUsage bool
	}{
		// the thin path
		{args: "batch --corpus c", want: batchOptions{Editor: defEd, Corpus: "c", Cfg: recommend.DefaultConfig, ConfigFrom: homeCfg}, index: homeIndex},
		{args: "batch --corpus c --write --lists l.jsonl --index ix --json",
			want: batchOptions{Editor: defEd, Corpus: "c", Write: true, Lists: "l.jsonl", Cfg: recommend.DefaultConfig, ConfigFrom: homeCfg}, index: "ix", json: true},
		{args: "--index ix batch --corpus c", want: batchOptions{Editor: defEd, Corpus: "c", Cfg: recommend.DefaultConfig, ConfigFrom: homeCfg}, index: "ix"},
		// config from flags, from a file, and flags over the file
		{args: "batch --corpus c --top-k 7 --ranking blend --fields-question 2 --sublinear=false --seed 42",
			want: batchOptions{Editor: defEd, Corpus: "c", Cfg: flags, ConfigFrom: homeCfg}, index: homeIndex},
		{args: "batch --corpus c --config " + cfgFile,
			want: batchOptions{Editor: defEd, Corpus: "c", ConfigFile: cfgFile, ConfigFrom: cfgFile, Cfg: withFile}, index: homeIndex},
		{args: "batch --corpus c --top-k 3 --config " + cfgFile,
			want: batchOptions{Editor: defEd, Corpus: "c", ConfigFile: cfgFile, ConfigFrom: cfgFile, Cfg: flagOverFile}, index: homeIndex},
		// the editors' decisions and hysteresis
		{args: "batch --corpus c --overrides o.yaml --margin -1",
			want: batchOptions{Editor: nightly.EditorSettings{Overrides: "o.yaml", Margin: -1}, Corpus: "c", Cfg: recommend.DefaultConfig, ConfigFrom: homeCfg}, index: homeIndex},
		// usage errors
		{args: "batch", wantErr: "batch needs --corpus DIR", wantUsage: true},
		{args: "batch --corpus c extra", wantErr: `unexpected argument "extra"`, wantUsage: true},
		{args: "batch --corpus c --top-k x", wantErr: `--top-k: "x" is not an integer`, wantUsage: true},
		{args: "batch --corpus c --top-k 0", wantErr: "--top-k: 0 is not in 1–50", wantUsage: true},
		{args: "batch --corpus c --ranking nope", wantErr: `--ranking: "nope" is not "blend", "tfidf" or "lsa"`, wantUsage: true},
		{args: "batch --corpus c --frobnicate", wantErr: "unknown flag: --frobnicate", wantUsage: true},
		{args: "batch --corpus c --config " + filepath.Join(dir, "none.yaml"), wantErr: "does not exist", wantUsage: true},
		{args: "batch --corpus c --quiet --verbose", wantErr: "only one of --quiet and --verbose", wantUsage: true},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			io, _, _ := testIO()
			var got *batchOptions
			cmd := newRootCmdWith(io, runFuncs{Batch: func(o *batchOptions) error { got = o; return nil }})
			cmd.SetArgs(strings.Fields(tt.args))
			err := cmd.Execute()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				if tt.wantUsage && exitCode(err) != exitUsage {
					t.Errorf("exit code = %d, want %d", exitCode(err), exitUsage)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if got == nil {
				t.Fatal("batch did not run")
			}
			if got.G.Index != tt.index || got.G.JSON != tt.json {
				t.Errorf("index, json = %q, %v, want %q, %v", got.G.Index, got.G.JSON, tt.index, tt.json)
			}
			g := *got
			g.G = nil
			if !reflect.DeepEqual(g, tt.want) {
				t.Errorf("options =\n%+v\nwant\n%+v", g, tt.want)
			}
		})
	}
}

// TestConfigFileErrors checks that each mistake in a config file gives one
// line naming the file, the line and the key, and exit code 2.
func TestConfigFileErrors(t *testing.T) {
	seeds := copySeeds(t)
	tests := []struct {
		file, want string
	}{
		{"top_k: five\n", `r.yaml:1: top_k: "five" is not an integer`},
		{"ranking: blend\ntop_k: 0\n", "r.yaml:2: top_k: 0 is not in 1–50"},
		{"max_df: 2\n", "r.yaml:1: max_df: 2 is not a share in (0, 1]"},
		{"topk: 5\n", `r.yaml:1: unknown key "topk"`},
		{"fields:\n  questions: 1\n", `r.yaml:2: unknown key "fields.questions"`},
		{"fields: 3\n", "r.yaml:1: fields: want a mapping"},
		{"stem: maybe\n", `r.yaml:1: stem: "maybe" is not true or false`},
		{"ranking: 3\n", `r.yaml:1: ranking: "3" is not a string`},
		{"seed: -1\n", `r.yaml:1: seed: "-1" is not a non-negative integer`},
		{"top_k:\n", "r.yaml:1: top_k: want an integer"},
		{"top_k: 5\ntop_k: 6\n", "r.yaml:2"},
		{"- a\n- b\n", "r.yaml:1: the config file must be a mapping"},
		{"top_k: [\n", "r.yaml:"},
		{"top_k: 5\n---\ntop_k: 6\n", "line 2: a second YAML document"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		p := filepath.Join(dir, "r.yaml")
		os.WriteFile(p, []byte(tt.file), 0o644)
		code, _, stderr := runArgs("batch", "--corpus", seeds, "--index", filepath.Join(dir, "ix"), "--config", p)
		stderr = strings.ReplaceAll(stderr, dir+string(filepath.Separator), "")
		if code != exitUsage || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, tt.want) {
			t.Errorf("config %q: exit %d, stderr %q; want exit 2 and one line containing %q", tt.file, code, stderr, tt.want)
		}
	}
}

// TestBatchRun runs the batch on a copy of seeds/ (plus one bad file) and
// checks its output, that it changes nothing without --write, that --write
// rewrites the changed files, and that a second run writes nothing.
func TestBatchRun(t *testing.T) {
	seeds := copySeeds(t)
	bad, _ := os.ReadFile(filepath.Join("testdata", "bad.md"))
	os.WriteFile(filepath.Join(seeds, "biology", "bad.md"), bad, 0o644)
	ixDir := filepath.Join(t.TempDir(), "ix")
	lists := filepath.Join(t.TempDir(), "lists.jsonl")
	repl := []string{seeds, "SEEDS", ixDir, "INDEX"}
	before := snapshot(t, seeds)

	code, stdout, stderr := runArgs("batch", "--corpus", seeds, "--index", ixDir, "--lists", lists)
	if code != exitSkipped {
		t.Errorf("batch with a bad file: exit %d, want %d; stderr:\n%s", code, exitSkipped, stderr)
	}
	golden(t, "batch.golden", stdout, repl...)
	golden(t, "batch.stderr.golden", stderr, repl...)
	if !reflect.DeepEqual(before, snapshot(t, seeds)) {
		t.Error("batch without --write changed the content folder")
	}

	code, stdout, _ = runArgs("batch", "--corpus", seeds, "--index", ixDir, "--write", "--json")
	if code != exitSkipped {
		t.Errorf("batch --write: exit %d, want %d", code, exitSkipped)
	}
	golden(t, "batch-write.json.golden", stdout, repl...)
	var sum nightly.Summary
	if err := json.Unmarshal([]byte(stdout), &sum); err != nil {
		t.Fatal(err)
	}
	after := snapshot(t, seeds)
	diff := 0
	for p := range after {
		if after[p] != before[p] {
			diff++
		}
	}
	if diff != sum.Changed || diff == 0 {
		t.Errorf("batch --write reported %d changed files, %d differ", sum.Changed, diff)
	}

	code, stdout, _ = runArgs("batch", "--corpus", seeds, "--index", ixDir, "--write", "--json")
	json.Unmarshal([]byte(stdout), &sum)
	if code != exitSkipped || sum.Changed != 0 || !reflect.DeepEqual(after, snapshot(t, seeds)) {
		t.Errorf("second batch --write: exit %d, changed %d, want no change", code, sum.Changed)
	}
}
