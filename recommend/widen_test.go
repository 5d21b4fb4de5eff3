package recommend

import (
	"cmp"
	"fmt"
	"slices"
	"testing"

	"recommend/corpus"
)

// rewordedCorpus is paraphraseCorpus with its question (0, 1, 2) asked
// five more times (4–8), so that with few candidates the rewordings of
// article 0 fill all of them.
func rewordedCorpus() []corpus.Article {
	arts := paraphraseCorpus()
	photo := arts[0].Answer
	for k, q := range []string{
		"How exactly do plants make food from sunlight in photosynthesis?",
		"How do green plants make their food from sunlight in photosynthesis?",
		"In photosynthesis, how exactly do plants make their food from sunlight?",
		"How do plants make food out of sunlight during photosynthesis?",
		"During photosynthesis, how do plants make food from the sunlight?",
	} {
		arts = append(arts, corpus.Article{URL: fmt.Sprintf("/learn/bio/questions/r%d", k), ID: fmt.Sprint("r", k), Question: q, Answer: photo})
	}
	for k, x := range []struct{ q, a string }{
		{"What does chlorophyll do in the chloroplasts?", "Chlorophyll in the chloroplasts absorbs sunlight, the energy that plants use to turn carbon dioxide into glucose."},
		{"Which gases do plants exchange with the air?", "Plants take in carbon dioxide and give off oxygen; at night they use oxygen and release carbon dioxide, as the glucose is burnt."},
		{"Where do plants store the glucose they make?", "Plants store glucose as starch in roots and seeds; water and sunlight made it in the chloroplasts."},
	} {
		arts = append(arts, corpus.Article{URL: fmt.Sprintf("/learn/bio/questions/n%d", k), ID: fmt.Sprint("n", k), Question: x.q, Answer: x.a})
	}
	return arts
}

// TestWidenCandidates checks that the rewordings of an article do not count
// towards its candidates: with Candidates 5 its eight rewordings would fill
// them and leave its list empty, and widened its list is full, holds no
// rewording, and takes its articles from the first Candidates others by the
// TF-IDF cosine that are not rewordings of it; an article whose candidates
// hold no rewording keeps them as they were.
func TestWidenCandidates(t *testing.T) {
	arts := rewordedCorpus()
	cfg := smallConfig()
	cfg.TopK, cfg.Candidates = 3, 5
	m := mustBuild(t, arts, cfg)
	// The others by TF-IDF cosine, best first (ties by index).
	order := func(i int) []Hit {
		var hs []Hit
		for j := range arts {
			if j != i && !m.copyOf(i, j) {
				if s := m.cosTFIDF(i, j); s > 0 {
					hs = append(hs, Hit{Doc: j, Score: s})
				}
			}
		}
		slices.SortFunc(hs, func(a, b Hit) int { return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Doc, b.Doc)) })
		return hs
	}
	all := order(0)
	var reworded, first []int
	for _, h := range all {
		if m.paraphrase(0, h.Doc) {
			reworded = append(reworded, h.Doc)
		} else if len(first) < cfg.Candidates {
			first = append(first, h.Doc)
		}
	}
	// The corpus must make the case: the rewordings fill the unwidened
	// candidates.
	for _, h := range all[:cfg.Candidates] {
		if !slices.Contains(reworded, h.Doc) {
			t.Fatalf("article 0's first %d candidates %v are not all rewordings %v: the corpus does not test widening", cfg.Candidates, all[:cfg.Candidates], reworded)
		}
	}
	got := m.Lists()[0]
	if len(got) != cfg.TopK {
		t.Fatalf("list of 0 = %v, want %d articles", got, cfg.TopK)
	}
	for _, h := range got {
		if m.SameQuestion(0, h.Doc) {
			t.Errorf("list of 0 holds %d, a rewording of it", h.Doc)
		}
		if !slices.Contains(first, h.Doc) {
			t.Errorf("list of 0 holds %d, not among its first %d non-rewordings by TF-IDF %v", h.Doc, cfg.Candidates, first)
		}
	}

	// widenCandidates itself: rows without rewordings are shared as they
	// were; row 0 ends at its Candidates-th non-rewording.
	byT := make([][]Hit, len(arts))
	for i := range arts {
		byT[i] = order(i)[:min(cfg.Candidates, len(order(i)))]
	}
	wide, n := m.widenCandidates(byT, m.copyOf, 1)
	if n == 0 {
		t.Fatalf("widenCandidates widened no row")
	}
	exact := m.cfg
	m.cfg.Search = SearchIVF
	if _, n := m.widenCandidates(byT, m.copyOf, 1); n != 0 {
		t.Errorf("the ivf search widened %d rows: only the exact search widens", n)
	}
	m.cfg = exact
	var kept int
	for _, h := range wide[0] {
		if !m.paraphrase(0, h.Doc) {
			kept++
		}
	}
	if want := min(cfg.Candidates, len(all)-len(reworded)); kept != want || m.paraphrase(0, wide[0][len(wide[0])-1].Doc) {
		t.Errorf("row 0 widened to %v: want it to end at its %d-th non-rewording", wide[0], want)
	}
	for k, h := range wide[0] {
		if k >= len(all) || h.Doc != all[k].Doc {
			t.Errorf("row 0 widened, place %d: %d, want %d (the TF-IDF order)", k, h.Doc, all[k].Doc)
		}
	}
	if slices.ContainsFunc(byT[3], func(h Hit) bool { return m.paraphrase(3, h.Doc) }) {
		t.Fatalf("row 3's candidates %v hold a rewording of it: the corpus does not test an unwidened row", byT[3])
	}
	if len(wide[3]) == 0 || &wide[3][0] != &byT[3][0] || len(wide[3]) != len(byT[3]) {
		t.Errorf("row 3 (no rewording among its candidates) was searched again: %v, was %v", wide[3], byT[3])
	}
}
