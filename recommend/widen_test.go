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

// TestUpdateKeepsWidened checks that an incremental night keeps the
// widened candidates as it keeps the TF-IDF candidates. Article 0's
// TF-IDF candidates are all rewordings of it, so every link of its list
// comes from its widened candidates, under the candidates' floor. An edit
// that takes its first link elsewhere, or that brings an article from
// outside them in (under the candidates' floor: only the widened
// candidates see it), must reach its list (finished again, equal to the
// exact recomputation), and the widened lists finished again are cut from
// the kept ones, not searched again.
func TestUpdateKeepsWidened(t *testing.T) {
	arts := rewordedCorpus()
	cfg := smallConfig()
	cfg.TopK, cfg.Candidates = 3, 5
	m0, s0 := buildSnapshot(t, arts, cfg)
	if len(m0.wide[0]) <= cfg.Candidates || len(m0.lists[0]) == 0 {
		t.Fatalf("article 0 widened to %v, list %v: the corpus does not test widening", m0.wide[0], m0.lists[0])
	}
	first := m0.lists[0][0].Doc
	if slices.ContainsFunc(m0.cands[0], func(h Hit) bool { return h.Doc == first }) {
		t.Fatalf("article 0's first link %d is among its TF-IDF candidates %v: the corpus does not test the widened ones", first, m0.cands[0])
	}
	// An article outside the widened candidates, which takes 0's answer.
	outside := -1
	for j := range arts {
		if j != 0 && !m0.paraphrase(0, j) && !slices.ContainsFunc(m0.wide[0], func(h Hit) bool { return h.Doc == j }) {
			outside = j
			break
		}
	}
	if outside < 0 {
		t.Fatal("every article is among 0's widened candidates: the corpus does not test an arrival")
	}
	for _, tc := range []struct {
		name string
		edit func([]corpus.Article)
		// reached: article 0's list changes
		reached bool
	}{
		{"nothing", func([]corpus.Article) {}, false},
		{"first link rewritten", func(a []corpus.Article) {
			a[first].Question = "Who painted the ceiling of the Sistine Chapel in Rome?"
			a[first].Answer = "Michelangelo painted the ceiling of the Sistine Chapel between 1508 and 1512, on the commission of Pope Julius II."
		}, true},
		{"an article from outside takes its answer", func(a []corpus.Article) {
			a[outside].Answer = a[0].Answer + " " + a[outside].Answer
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			edited := slices.Clone(arts)
			tc.edit(edited)
			m, ch, err := Update(roundTrip(t, s0), edited, cfg)
			if err != nil {
				t.Fatal(err)
			}
			exactUnderKept(t, m, ch)
			if tc.reached != !slices.Equal(m.lists[0], m0.lists[0]) {
				t.Errorf("article 0's list %v, was %v: want it changed %v", m.lists[0], m0.lists[0], tc.reached)
			}
			if tc.reached && (ch.Widened == 0 || ch.WideSearched != 0) {
				t.Errorf("%d widened lists finished again, %d of them searched: want some, all cut from the kept candidates", ch.Widened, ch.WideSearched)
			}
			// The kept widened candidates of 0 are what a search gives
			// under the night's model: every other article by the exact
			// cosine, up to its Candidates-th non-rewording.
			var want []int
			kept := 0
			for _, h := range exactOrder(m, 0) {
				if kept == cfg.Candidates {
					break
				}
				want = append(want, h.Doc)
				if !m.paraphrase(0, h.Doc) {
					kept++
				}
			}
			var got []int
			for _, h := range m.wide[0] {
				got = append(got, h.Doc)
			}
			if !slices.Equal(got, want) {
				t.Errorf("article 0's widened candidates %v, a search gives %v", got, want)
			}
		})
	}
}

// exactOrder returns every article sharing a term with i (copies left
// out) by the exact TF-IDF cosine under m, best first (ties by index).
func exactOrder(m *Model, i int) []Hit {
	var hs []Hit
	for j := range m.urls {
		if j != i && !m.copyOf(i, j) {
			if s := m.cosTFIDF(i, j); s > 0 {
				hs = append(hs, Hit{Doc: j, Score: s})
			}
		}
	}
	slices.SortFunc(hs, func(a, b Hit) int { return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Doc, b.Doc)) })
	return hs
}
