package eval

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"recommend/corpus"
)

// TestDuplicatesMatchesAllPairs compares the pruned pair search with the
// cosine of every pair, on 1,500 seeded questions whose first words are so
// common that the pruning bound does the work.
func TestDuplicatesMatchesAllPairs(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	common := []string{"what", "is", "the", "how", "does"}
	var arts []corpus.Article
	for i := 0; i < 1500; i++ {
		var ws []string
		for n := 0; n < 3; n++ {
			ws = append(ws, common[rng.IntN(len(common))])
		}
		for n := 0; n < 1+rng.IntN(3); n++ {
			ws = append(ws, fmt.Sprintf("w%d", rng.IntN(300)))
		}
		arts = append(arts, art("s", fmt.Sprintf("q%04d", i), strings.Join(ws, " ")+"?"))
	}
	ix := NewIndex(arts)
	qv := ix.qvecs()
	if qv.df[0] <= dupCommonDF {
		t.Fatalf("df(%q) = %d: the test needs words above dupCommonDF (%d)", "what", qv.df[0], dupCommonDF)
	}
	keys := func(a, b string) [2]string {
		ka, kb := questionKey(a), questionKey(b)
		if kb < ka {
			ka, kb = kb, ka
		}
		return [2]string{ka, kb}
	}
	for _, th := range []float64{0.5, 0.8} {
		got := map[[2]string]float64{}
		for _, p := range ix.Duplicates(th).Pairs {
			got[keys(p.QuestionA, p.QuestionB)] = p.Score
		}
		want := map[[2]string]bool{}
		for i := range arts {
			for j := i + 1; j < len(arts); j++ {
				s := qv.cosine(i, j)
				if s < th || ix.qkey[i] == ix.qkey[j] || !shareRare(qv, i, j) {
					continue
				}
				k := keys(arts[i].Question, arts[j].Question)
				want[k] = true
				if g, ok := got[k]; !ok || !near(g, s) {
					t.Errorf("Duplicates(%v): pair %q, %q (cosine %v) = %v, %v", th, arts[i].Question, arts[j].Question, s, g, ok)
				}
			}
		}
		if len(got) != len(want) || len(want) == 0 {
			t.Errorf("Duplicates(%v) found %d question pairs, all-pairs %d", th, len(got), len(want))
		}
	}
}

// shareRare reports whether questions i and j share a word that makes candidates.
func shareRare(qv *questionVectors, i, j int) bool {
	for _, t := range qv.terms[i] {
		if qv.df[t] <= dupCommonDF && weightOf(qv, j, t) > 0 {
			return true
		}
	}
	return false
}

func TestDuplicates(t *testing.T) {
	arts := []corpus.Article{
		art("s", "a", "What is photosynthesis in plants?"),
		art("s", "b", "What is photosynthesis in green plants?"),
		art("s", "c", "what is photosynthesis in plants? "), // a cross-posted copy of a
		art("s", "d", "How do markets set prices?"),
		art("s", "e", "What is photosynthesis?"),
	}
	d := NewIndex(arts).Duplicates(0.8)
	if d.ExactCopies != 1 {
		t.Errorf("Duplicates(0.8).ExactCopies = %d, want 1", d.ExactCopies)
	}
	var got []string
	for _, p := range d.Pairs {
		got = append(got, p.A[len(u("")):]+"~"+p.B[len(u("")):])
	}
	// a~b share all words but "green"; b~c is the same pair of questions
	// (c is a copy of a), reported once; e is too short to reach 0.8.
	if want := []string{"a~b"}; !equalStrings(got, want) {
		t.Errorf("Duplicates(0.8).Pairs = %q, want %q", got, want)
	}
	if len(d.Pairs) > 0 && (d.Pairs[0].Score < 0.8 || d.Pairs[0].Score > 1) {
		t.Errorf("Duplicates(0.8) score = %v, want in [0.8, 1]", d.Pairs[0].Score)
	}
}

func TestDupThreshold(t *testing.T) {
	arts := []corpus.Article{
		art("s", "a", "What is photosynthesis in plants?"),
		art("s", "b", "What is photosynthesis in green plants?"), // a reworded copy of a
		art("s", "c", "How does photosynthesis store energy?"),
		art("s", "d", "How do markets set prices?"),
	}
	ix := NewIndex(arts)
	sab, _ := ix.QuestionSimilarity(u("a"), u("b"))
	sac, _ := ix.QuestionSimilarity(u("a"), u("c"))
	if !(sab > 0.8 && sac < 0.5) {
		t.Fatalf("similarities a~b %v, a~c %v: the test needs a~b > 0.8 and a~c < 0.5", sab, sac)
	}
	q := &Qrels{Queries: []string{u("a")}, Grades: map[string]map[string]int{
		u("a"): {u("b"): 0, u("c"): 2, u("d"): 0},
	}}
	th, rows := ix.DupThreshold(q)
	if len(rows) != 10 || rows[0].Threshold != 0.5 || rows[9].Threshold != 0.95 {
		t.Fatalf("DupThreshold rows = %+v", rows)
	}
	// Only a~b scores ≥ 0.5, and it is graded 0: the lowest threshold is chosen.
	if th != 0.5 || rows[0].Pairs != 1 || rows[0].Graded0 != 1 {
		t.Errorf("DupThreshold = %v, %+v, want 0.5 with 1 pair graded 0", th, rows[0])
	}
	q.Grades[u("a")][u("b")] = 2 // judged as a distinct question after all
	if th, _ := ix.DupThreshold(q); th != DefaultDupThreshold {
		t.Errorf("DupThreshold with no copies = %v, want the default %v", th, DefaultDupThreshold)
	}
}
