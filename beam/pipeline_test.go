package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"recommend/corpus"
	"recommend/eval"
	"recommend/internal/corpustest"
	"recommend/recommend"
)

func TestMain(m *testing.M) { ptest.MainWithDefault(m, "prism") }

// tfidfConfig is the configuration both sides of a parity test use.
func tfidfConfig() recommend.Config {
	cfg := recommend.DefaultConfig
	cfg.Ranking = recommend.RankTFIDF
	return cfg
}

// engineLists returns the lists of recommend.Build on dir under cfg, as the
// batch's --lists file writes them (corpus.Load, Build, eval.WriteJSONL).
func engineLists(t *testing.T, dir string, cfg recommend.Config) []byte {
	t.Helper()
	arts, bad, err := corpus.Load(dir)
	if err != nil || len(bad) > 0 {
		t.Fatalf("loading %s: %v, %d bad files", dir, err, len(bad))
	}
	m, err := recommend.Build(arts, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := eval.WriteJSONL(&b, arts, eval.FromHits(arts, m.Lists())); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// beamLists runs the pipeline on dir and returns its lists file.
func beamLists(t *testing.T, dir string, cfg recommend.Config, blockRows int) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "lists.jsonl")
	p, s := beam.NewPipelineWithRoot()
	if _, err := Pipeline(s, Options{Glob: contentGlob(dir), Lists: out, Config: cfg, BlockRows: blockRows}); err != nil {
		t.Fatal(err)
	}
	if err := ptest.Run(p); err != nil {
		t.Fatalf("pipeline: %v", err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// firstDiff describes the first line where a and b differ.
func firstDiff(a, b []byte) string {
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := range min(len(la), len(lb)) {
		if !bytes.Equal(la[i], lb[i]) {
			return fmt.Sprintf("line %d:\n  beam:   %s\n  engine: %s", i+1, la[i], lb[i])
		}
	}
	return "different line counts"
}

// TestSeedsParity runs the pipeline on seeds/ with blocks of several sizes
// (one block: the diagonal only; blocks of 8 and 3 rows: most pairs across
// blocks) and wants the engine's lists byte for byte.
func TestSeedsParity(t *testing.T) {
	cfg := tfidfConfig()
	want := engineLists(t, "../seeds", cfg)
	for _, rows := range []int{1000, 8, 3} {
		got := beamLists(t, "../seeds", cfg, rows)
		if !bytes.Equal(got, want) {
			t.Errorf("block rows %d: the pipeline's lists differ from the engine's: %s", rows, firstDiff(got, want))
		}
	}
}

// sampleSize is the number of real articles TestSampleParity ranks.
const sampleSize = 5000

// copySample copies sampleSize files of the real corpus into a temporary
// folder, keeping their <subject>/<slug>.md places: the files at evenly
// spaced ranks of the sorted relative paths, the same on every run.
func copySample(t *testing.T, src string) string {
	t.Helper()
	paths, err := filepath.Glob(contentGlob(src))
	if err != nil || len(paths) < sampleSize {
		t.Fatalf("%d files in %s (%v), want at least %d", len(paths), src, err, sampleSize)
	}
	slices.Sort(paths)
	dst := t.TempDir()
	for k := range sampleSize {
		p := paths[k*len(paths)/sampleSize]
		rel, err := filepath.Rel(src, p)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(out, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// TestSampleParity runs the pipeline on 5,000 articles of the real corpus,
// in blocks of 1,500 rows (4 blocks, 10 pairs), and wants the engine's
// lists byte for byte.
func TestSampleParity(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the 5,000-article parity test")
	}
	dir := copySample(t, corpustest.Dir(t))
	cfg := tfidfConfig()
	want := engineLists(t, dir, cfg)
	got := beamLists(t, dir, cfg, 1500)
	if !bytes.Equal(got, want) {
		t.Errorf("the pipeline's lists differ from the engine's: %s", firstDiff(got, want))
	}
}
