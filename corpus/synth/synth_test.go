package synth

import (
	"bytes"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"recommend/corpus"
)

// source learns from the project's sample articles (seeds/).
func source(t *testing.T) *Source {
	t.Helper()
	arts, bad, err := corpus.Load(filepath.Join("..", "..", "seeds"))
	if err != nil || len(bad) > 0 {
		t.Fatalf("load seeds: %v %v", err, bad)
	}
	s, err := Analyze(arts, 1)
	if err != nil {
		t.Fatal(err)
	}
	s.RewordRate = 0.1
	s.CrossRate = 0.1 // the seeds have no cross-posts: force some
	return s
}

// tree reads every file under dir, keyed by relative path.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestGenerateDeterministicAndLoadable(t *testing.T) {
	s := source(t)
	const n = 400
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	for _, run := range []struct {
		dir  string
		seed uint64
	}{{a, 7}, {b, 7}, {c, 8}} {
		if err := s.Generate(run.dir, Options{Articles: n, Seed: run.seed}); err != nil {
			t.Fatal(err)
		}
	}
	ta, tb, tc := tree(t, a), tree(t, b), tree(t, c)
	if len(ta) != n {
		t.Fatalf("wrote %d files, want %d", len(ta), n)
	}
	for p, x := range ta {
		if !bytes.Equal(x, tb[p]) {
			t.Fatalf("same seed, %s differs", p)
		}
	}
	same := 0
	for p, x := range ta {
		if bytes.Equal(x, tc[p]) {
			same++
		}
	}
	if same == n {
		t.Fatal("another seed wrote the same tree")
	}

	arts, bad, err := corpus.Load(a)
	if err != nil || len(bad) > 0 {
		t.Fatalf("load: %v, skipped %v", err, bad)
	}
	if len(arts) != n {
		t.Fatalf("loaded %d articles, want %d", len(arts), n)
	}
	byID := map[string][]corpus.Article{}
	for _, x := range arts {
		rel, _ := filepath.Rel(a, x.Path)
		folder, file := filepath.Split(rel)
		want := "/learn/" + strings.TrimSuffix(folder, "/") + "/questions/" + strings.TrimSuffix(file, ".md")
		if x.URL != want {
			t.Errorf("%s: url %s, want %s", rel, x.URL, want)
		}
		if x.Question == "" || x.Answer == "" || x.Subject == "" || x.SEOKeywords == "" {
			t.Errorf("%s: empty field", rel)
		}
		byID[x.ID] = append(byID[x.ID], x)
	}
	copies := 0
	for id, xs := range byID {
		for _, x := range xs[1:] {
			copies++
			if x.Question != xs[0].Question || x.Answer != xs[0].Answer || x.SubjectKey == xs[0].SubjectKey {
				t.Errorf("id %s is shared by articles that are not cross-posted copies", id)
			}
		}
	}
	if copies == 0 || copies > n/4 {
		t.Errorf("%d cross-posted copies of %d articles at rate 0.1", copies, n)
	}
}

func TestVocabularyFollowsHeaps(t *testing.T) {
	s := source(t)
	dir := t.TempDir()
	const n = 2000 // far beyond the 52 seed articles: the real vocabulary is exhausted
	if err := s.Generate(dir, Options{Articles: n, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	arts, _, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	st := Measure(arts, []int{n}, 1)
	tokens := 0
	for i := range arts {
		tokens += len(Words(ArticleText(&arts[i])))
	}
	// Cross-posted copies add words but no new ones, so the curve sits a
	// little under the target.
	want := s.HeapsK * pow(float64(tokens), s.HeapsBeta)
	if got := float64(st.Growth[0][1]); got < 0.85*want || got > 1.05*want {
		t.Errorf("%d distinct words after %d words, Heaps target %.0f", st.Growth[0][1], tokens, want)
	}
}

func TestGenerateRefusesNonEmptyFolder(t *testing.T) {
	s := source(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.Generate(dir, Options{Articles: 1, Seed: 1}); err == nil {
		t.Fatal("wrote into a non-empty folder")
	}
}
func pow(x, y float64) float64 { return math.Pow(x, y) }
