package serve

import (
	"os"
	"path/filepath"
	"testing"

	"recommend/editor"
	"recommend/index"
	"recommend/internal/corpustest"
	"recommend/nightly"
	"recommend/recommend"
)

// seedIndex runs the batch's pipeline (package nightly: load, build,
// apply the editors' rules without overrides, save) on seeds/ with one
// question reworded three times (corpustest.Reworded), so that the review
// data holds a duplicate cluster, and returns the index folder: the index
// with its vectors and the review data.
func seedIndex(t testing.TB) string {
	t.Helper()
	corp := corpustest.Reworded(t)
	arts, _, err := nightly.Load(corp)
	if err != nil {
		t.Fatalf("loading seeds: %v", err)
	}
	cfg := recommend.DefaultConfig
	cfg.Dims = min(cfg.Dims, len(arts)/2)
	ed, err := nightly.LoadEditors(nightly.EditorSettings{Overrides: filepath.Join(t.TempDir(), "none.yaml"), Margin: editor.DefaultOptions.Margin}, cfg.TopK)
	if err != nil {
		t.Fatal(err)
	}
	m, err := nightly.Build(arts, cfg, ed.Options.Margin)
	if err != nil {
		t.Fatalf("building on seeds: %v", err)
	}
	dir := filepath.Join(t.TempDir(), "ix")
	if err := nightly.ClaimIndex(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := nightly.Decide(arts, m, ed).Save(nightly.Outputs{Index: dir, Corpus: corp, Config: cfg}); err != nil {
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

// heldLinks returns, in the index's order, every article of the index in
// dir with a link the batch held by hysteresis: its URL and the URL of its
// first held link.
func heldLinks(t testing.TB, dir string) [][2]string {
	t.Helper()
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var out [][2]string
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
				out = append(out, [2]string{a.URL, to.URL})
				break
			}
		}
	}
	return out
}

// heldLink returns the first article of the index in dir with a link the
// batch held by hysteresis, and that link's URL.
func heldLink(t testing.TB, dir string) (string, string) {
	t.Helper()
	held := heldLinks(t, dir)
	if len(held) == 0 {
		t.Fatal("no link of seeds/ is held: the test needs one")
	}
	return held[0][0], held[0][1]
}
