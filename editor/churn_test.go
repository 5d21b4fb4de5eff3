package editor_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"recommend/corpus"
	"recommend/editor"
	"recommend/internal/corpustest"
	"recommend/recommend"
)

// churnFolders are the subject folders of the real corpus the churn test
// copies: 3,215 articles, large enough for realistic neighbourhoods, small
// enough for four builds in well under a minute.
var churnFolders = []string{"biology", "business-and-management", "economics"}

// copyFolders copies the given subject folders of src into dst.
func copyFolders(t *testing.T, src, dst string, folders []string) {
	t.Helper()
	for _, d := range folders {
		err := filepath.WalkDir(filepath.Join(src, d), func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if err := os.MkdirAll(filepath.Join(dst, filepath.Dir(rel)), 0o755); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
		})
		if err != nil {
			t.Fatalf("copying %s: %v", d, err)
		}
	}
}

// churnRun is one nightly run on a content folder: load, build (ranking
// more candidates than it keeps, as batch does for hysteresis), apply with
// the model's score for any pair and its near-duplicates (as batch does),
// and write every changed list.
type churnRun struct {
	arts  []corpus.Article
	cands [][]editor.Hit
	score func(a, b int) float64
	dup   func(a, b int) bool
}

func loadAndBuild(t *testing.T, dir string) churnRun {
	t.Helper()
	arts, bad, err := corpus.Load(dir)
	if err != nil || len(bad) > 0 {
		t.Fatalf("loading %s: %v %v", dir, err, bad)
	}
	cfg := recommend.DefaultConfig
	cfg.TopK = min(3*cfg.TopK, cfg.Candidates)
	m, err := recommend.Build(arts, cfg)
	if err != nil {
		t.Fatal(err)
	}
	dups := map[[2]int]bool{}
	for _, d := range m.Duplicates() {
		dups[[2]int{d.A, d.B}], dups[[2]int{d.B, d.A}] = true, true
	}
	r := churnRun{arts: arts, cands: make([][]editor.Hit, len(arts)), score: m.Score,
		dup: func(a, b int) bool { return dups[[2]int{a, b}] }}
	for i, hs := range m.Lists() {
		for _, h := range hs {
			r.cands[i] = append(r.cands[i], editor.Hit{Doc: h.Doc, Score: h.Score})
		}
	}
	return r
}

// apply decides the lists with the given margin and, when dir is set,
// writes them. It returns the files rewritten and the links added.
func (r churnRun) apply(t *testing.T, dir string, margin float64) (files, links int, res []editor.Result) {
	t.Helper()
	opt := editor.DefaultOptions
	opt.Margin = margin
	res, _ = editor.Apply(editor.Batch{Articles: r.arts, Candidates: r.cands, Score: r.score, Duplicate: r.dup}, nil, opt)
	for i := range res {
		if !res[i].Changed {
			continue
		}
		old := map[string]bool{}
		for _, l := range r.arts[i].Related {
			old[l.URL] = true
		}
		for _, l := range res[i].Links {
			if !old[l.URL] {
				links++
			}
		}
		if dir == "" {
			files++
			continue
		}
		a := r.arts[i] // WriteRelated updates its argument; keep r as loaded
		ok, err := corpus.WriteRelated(dir, &a, res[i].Links)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			files++
		}
	}
	return files, links, res
}

// TestChurn edits 1% of a copy of part of the real corpus (text appended to
// their answers) and reruns the batch, with and without hysteresis,
// counting the files each rewrites. With hysteresis the count must stay
// close to the edited articles and their true neighbours: the articles
// whose engine list holds an edited article before or after the edit.
func TestChurn(t *testing.T) {
	if testing.Short() {
		t.Skip("churn builds the engine four times on 3,215 articles")
	}
	src := corpustest.Dir(t)
	hyst, plain := filepath.Join(t.TempDir(), "h"), filepath.Join(t.TempDir(), "n")
	copyFolders(t, src, hyst, churnFolders)
	copyFolders(t, src, plain, churnFolders)
	margin := editor.DefaultOptions.Margin

	// Night 1 settles both copies (they are identical before it).
	r0 := loadAndBuild(t, hyst)
	n := len(r0.arts)
	plainArts, _, err := corpus.Load(plain)
	if err != nil || len(plainArts) != n {
		t.Fatalf("loading %s: %d articles, %v", plain, len(plainArts), err)
	}
	h1, _, _ := r0.apply(t, hyst, margin)
	p1, _, _ := churnRun{arts: plainArts, cands: r0.cands, score: r0.score, dup: r0.dup}.apply(t, plain, -1)
	t.Logf("night 1 on %d articles: %d files rewritten with hysteresis, %d without", n, h1, p1)

	// The day: 1% of the articles get a sentence appended to their answer.
	edited := map[string]bool{}
	for i := 0; i < n; i += 100 {
		a := &r0.arts[i]
		extra := corpustest.Sentence(r0.arts[(i+n/2)%n].Answer, 300)
		rel, err := filepath.Rel(hyst, a.Path)
		if err != nil {
			t.Fatal(err)
		}
		for _, dir := range []string{hyst, plain} {
			p := filepath.Join(dir, rel)
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			b, err = corpustest.AppendToAnswer(b, extra)
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		edited[a.URL] = true
	}

	// Night 2.
	rh, rp := loadAndBuild(t, hyst), loadAndBuild(t, plain)
	for i := range rh.arts {
		if edited[rh.arts[i].URL] && !strings.HasSuffix(rh.arts[i].Answer, corpustest.Sentence(rh.arts[(i+n/2)%n].Answer, 300)) {
			t.Fatalf("%s: the appended text did not reach the answer", rh.arts[i].URL)
		}
	}
	h2, hl, _ := rh.apply(t, hyst, margin)
	p2, pl, _ := rp.apply(t, plain, -1)

	// True neighbours: lists (the engine's own top K) holding an edited
	// article before or after the edit, and the edited articles themselves.
	k := editor.DefaultOptions.K
	truth := map[string]bool{}
	for url := range edited {
		truth[url] = true
	}
	for _, r := range []churnRun{r0, rp} {
		for i, hs := range r.cands {
			for _, h := range hs[:min(k, len(hs))] {
				if edited[r.arts[h.Doc].URL] {
					truth[r.arts[i].URL] = true
				}
			}
		}
	}

	// Night 3, nothing edited: nothing may change.
	h3, _, _ := loadAndBuild(t, hyst).apply(t, hyst, margin)

	t.Logf("night 2 after editing %d articles (%d with their true neighbours):", len(edited), len(truth))
	t.Logf("  hysteresis (margin %.2f): %d files, %d links", margin, h2, hl)
	t.Logf("  no hysteresis:            %d files, %d links", p2, pl)
	t.Logf("night 3, no edits: %d files", h3)
	// The same nights in memory for other margins (batch's lists are what
	// the engine gives, so the copies' files are not needed).
	for _, m := range []float64{0, 0.01, 0.02, 0.05, 0.1} {
		sim := r0
		sim.arts = append([]corpus.Article(nil), r0.arts...)
		_, _, res1 := sim.apply(t, "", m)
		night2 := rh
		night2.arts = append([]corpus.Article(nil), rh.arts...)
		for i := range night2.arts {
			night2.arts[i].Related = res1[i].Links
		}
		f, l, res2 := night2.apply(t, "", m)
		agree, kept := fidelity(night2, res2, k)
		t.Logf("  margin %.2f (in memory): %d files, %d links; %.3f of links are the engine's own top %d, %.3f of its score kept",
			m, f, l, agree, k, kept)
	}

	if h3 != 0 {
		t.Errorf("a night without edits rewrote %d files, want 0", h3)
	}
	if h2 > len(truth)+len(truth)/4 {
		t.Errorf("with hysteresis night 2 rewrote %d files, want at most 1.25 × %d (edited articles and their true neighbours)", h2, len(truth))
	}
	if h2 >= p2 {
		t.Errorf("hysteresis rewrote %d files, no fewer than the %d without it", h2, p2)
	}
}

// fidelity measures what hysteresis costs: the share of the engine's top-k
// links that the lists hold, and the lists' total score (the engine's score
// of each link, candidate or not) as a share of the engine's top-k total.
func fidelity(r churnRun, res []editor.Result, k int) (agree, kept float64) {
	var hit, all int
	var got, best float64
	for i := range res {
		top := r.cands[i][:min(k, len(r.cands[i]))]
		for _, h := range top {
			best += h.Score
		}
		all += len(top)
		for _, e := range res[i].Suggested {
			if e.Doc < 0 {
				continue
			}
			got += r.score(i, e.Doc)
			for _, h := range top {
				if h.Doc == e.Doc {
					hit++
				}
			}
		}
	}
	return float64(hit) / float64(all), got / best
}
