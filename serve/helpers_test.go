package serve

import (
	"os"
	"path/filepath"
	"testing"

	"recommend/corpus"
	"recommend/editor"
	"recommend/eval"
	"recommend/index"
	"recommend/internal/corpustest"
	"recommend/recommend"
	"recommend/review"
)

// seedIndex runs the batch's pipeline on seeds/ (load, build, apply the
// editors' rules without overrides) and saves what the batch saves: the
// index with its vectors and the review data. It returns the index folder.
func seedIndex(t testing.TB) string {
	t.Helper()
	arts, _, err := corpus.Load(filepath.Join(corpustest.Root(), "seeds"))
	if err != nil || len(arts) == 0 {
		t.Fatalf("loading seeds: %d articles, %v", len(arts), err)
	}
	cfg := recommend.DefaultConfig
	if cfg.Dims >= len(arts) {
		cfg.Dims = len(arts) / 2
	}
	m, err := recommend.Build(arts, eval.CandidateConfig(cfg, editor.DefaultOptions.Margin))
	if err != nil {
		t.Fatalf("building on seeds: %v", err)
	}
	res, _ := editor.Apply(eval.EditorBatch(arts, m), editor.New("none.yaml"), editor.DefaultOptions)
	hits := eval.WrittenHits(m, res)
	entries := make([]index.Article, len(arts))
	for i, a := range arts {
		e := index.Article{URL: a.URL, ID: a.ID, Title: a.Title, Subject: a.Subject, Question: a.Question, Path: a.Path}
		why := eval.WrittenReasons(&res[i])
		for k, h := range hits[i] {
			e.Related = append(e.Related, index.Related{Doc: h.Doc, Score: h.Score, Terms: m.SharedTerms(i, h.Doc, index.ExplainTerms), Reason: why[k]})
		}
		entries[i] = e
	}
	dir := filepath.Join(t.TempDir(), "ix")
	if _, err := index.Write(dir, entries, m.Vectors(), index.Manifest{}); err != nil {
		t.Fatal(err)
	}
	page := review.FromResults("Related links: review", arts, res, m.SharedTerms, editor.DefaultOptions)
	if err := page.Save(filepath.Join(dir, reviewData)); err != nil {
		t.Fatal(err)
	}
	return dir
}

// readFile returns the file's bytes, nil when it does not exist.
func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return b
}

// heldLink returns the first article of the index in dir with a link the
// batch held by hysteresis, and that link's URL.
func heldLink(t testing.TB, dir string) (string, string) {
	t.Helper()
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for i := range ix.Len() {
		a, err := ix.Article(i)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range a.Related {
			if r.Reason == index.ReasonHeld {
				to, err := ix.Article(r.Doc)
				if err != nil {
					t.Fatal(err)
				}
				return a.URL, to.URL
			}
		}
	}
	t.Fatal("no link of seeds/ is held: the test needs one")
	return "", ""
}
