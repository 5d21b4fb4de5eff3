package recommend

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"

	"recommend/corpus"
	"recommend/internal/linalg"
)

// paraphraseCorpus is a small corpus with one question asked three times in
// other words (0, 1, 2), a neighbouring question on the same topic (3), and
// unrelated filler that gives the terms their idf.
func paraphraseCorpus() []corpus.Article {
	photo := "Plants capture sunlight with chlorophyll in the chloroplasts and turn carbon dioxide and water into glucose and oxygen during photosynthesis."
	qs := []struct{ q, a string }{
		{"How do plants make food from sunlight in photosynthesis?", photo},
		{"How do plants produce their food using sunlight through photosynthesis?", photo + " Glucose feeds the plant."},
		{"In photosynthesis, how do plants make food from sunlight?", "During photosynthesis plants capture sunlight with chlorophyll and turn carbon dioxide and water into glucose and oxygen."},
		{"Why are photosynthesis rates lower in winter for plants?", "Cold temperatures slow the enzymes of plants, and shorter days give less sunlight, so photosynthesis rates fall in winter."},
	}
	topics := []string{"volcano lava magma eruption crust", "stock market shares dividend investor", "poetry rhyme meter stanza verse",
		"engine piston fuel cylinder torque", "river delta sediment flood basin", "court judge verdict appeal trial",
		"guitar chord string melody rhythm", "vaccine immune antibody virus dose", "glacier ice melt polar climate"}
	var arts []corpus.Article
	for i, x := range qs {
		arts = append(arts, corpus.Article{URL: fmt.Sprintf("/learn/bio/questions/p%d", i), ID: fmt.Sprint("p", i), Question: x.q, Answer: x.a})
	}
	for i, t := range topics {
		ws := strings.Fields(t)
		for k, w := range ws {
			arts = append(arts, corpus.Article{URL: fmt.Sprintf("/learn/misc/questions/t%d-%d", i, k), ID: fmt.Sprint("t", i, k),
				Question: fmt.Sprintf("What does %s mean?", w), Answer: fmt.Sprintf("%s relates to %s and %s.", w, ws[(k+1)%len(ws)], ws[(k+2)%len(ws)])})
		}
	}
	return arts
}

// smallConfig is DefaultConfig for the few-dozen-article corpora above:
// every term kept, 10 LSA dimensions.
func smallConfig() Config {
	cfg := DefaultConfig
	cfg.MinDF, cfg.MaxDF, cfg.Dims = 1, 1, 10
	return cfg
}

func TestSameQuestion(t *testing.T) {
	arts := paraphraseCorpus()
	cfg := smallConfig()
	m := mustBuild(t, arts, cfg)
	tests := []struct {
		a, b int
		want bool
	}{
		{0, 1, true}, {0, 2, true}, {1, 2, true}, // one question, reworded
		{0, 3, false}, {1, 3, false}, // a neighbouring question
		{0, 4, false}, // unrelated
		{0, 0, false}, {0, -1, false}, {0, len(arts), false},
	}
	for _, tt := range tests {
		if got := m.SameQuestion(tt.a, tt.b); got != tt.want {
			t.Errorf("SameQuestion(%d, %d) = %v (probability %.3f), want %v", tt.a, tt.b, got, m.ParaphraseProb(tt.a, tt.b), tt.want)
		}
		if m.SameQuestion(tt.a, tt.b) != m.SameQuestion(tt.b, tt.a) || m.ParaphraseProb(tt.a, tt.b) != m.ParaphraseProb(tt.b, tt.a) {
			t.Errorf("SameQuestion(%d, %d) is not symmetric", tt.a, tt.b)
		}
	}
	// No list holds a paraphrase of its article, nor two of each other.
	for i, hs := range m.Lists() {
		for k, h := range hs {
			if m.SameQuestion(i, h.Doc) {
				t.Errorf("list of %d holds %d, the same question", i, h.Doc)
			}
			for _, o := range hs[:k] {
				if m.SameQuestion(o.Doc, h.Doc) {
					t.Errorf("list of %d holds %d and %d, one question", i, o.Doc, h.Doc)
				}
			}
		}
	}
	// The neighbouring question is listed for the paraphrases' best one,
	// and only one of the paraphrases is listed for it.
	if !slices.ContainsFunc(m.Lists()[0], func(h Hit) bool { return h.Doc == 3 }) {
		t.Errorf("list of 0 = %v, want 3 in it", m.Lists()[0])
	}
	n := 0
	for _, h := range m.Lists()[3] {
		if h.Doc <= 2 {
			n++
		}
	}
	if n != 1 {
		t.Errorf("list of 3 = %v: want exactly one of the paraphrases 0, 1, 2", m.Lists()[3])
	}
	// The duplicates report holds the three pairs, and the clusters one
	// cluster of the three, its canonical the longest answer (1).
	if got := len(m.Duplicates()); got != 3 {
		t.Errorf("Duplicates() = %v, want the 3 pairs of 0, 1, 2", m.Duplicates())
	}
	cs := m.Clusters()
	if len(cs) != 1 || !slices.Equal(cs[0].Members, []int{0, 1, 2}) || cs[0].Canonical != 1 {
		t.Errorf("Clusters() = %+v, want one cluster {0, 1, 2} with canonical 1", cs)
	}
}

// TestParaphraseOff checks that Paraphrase 0 is the question cosine alone
// and DupThreshold 0 turns detection off.
func TestParaphraseOff(t *testing.T) {
	arts := paraphraseCorpus()
	cfg := smallConfig()
	cfg.Paraphrase, cfg.DupThreshold = 0, 0.99
	m := mustBuild(t, arts, cfg)
	if m.SameQuestion(0, 1) {
		t.Errorf("question cosine 0.99: 0 and 1 (cosine below it) are not the same question")
	}
	cfg.DupThreshold = 0
	m = mustBuild(t, arts, cfg)
	if m.SameQuestion(0, 1) || len(m.Duplicates()) != 0 {
		t.Errorf("DupThreshold 0: detection must be off")
	}
}

// TestIsParaphrase checks the rule on rows alone, as a pipeline without a
// Model applies it: the question-cosine floor first, then the detector.
func TestIsParaphrase(t *testing.T) {
	idf := []float64{2, 3, 1.5}
	q0 := SparseVec{Ind: []int32{0}, Val: []float32{1}}
	q1 := SparseVec{Ind: []int32{1}, Val: []float32{1}}
	x0 := SparseVec{Ind: []int32{0, 2}, Val: []float32{0.6, 0.8}}
	x1 := SparseVec{Ind: []int32{1}, Val: []float32{1}}
	noDetector := DefaultConfig
	noDetector.Paraphrase = 0
	off := DefaultConfig
	off.DupThreshold = 0
	tests := []struct {
		name           string
		cfg            Config
		qa, qb, xa, xb SparseVec
		want           bool
	}{
		{"same question and article", DefaultConfig, q0, q0, x0, x0, true},
		{"same question, other article", DefaultConfig, q0, q0, x0, x1, false},
		{"same question, other article, cosine alone", noDetector, q0, q0, x0, x1, true},
		{"other question, same article", DefaultConfig, q0, q1, x0, x0, false},
		{"detection off", off, q0, q0, x0, x0, false},
	}
	for _, tt := range tests {
		if got := tt.cfg.IsParaphrase(tt.qa, tt.qb, tt.xa, tt.xb, idf); got != tt.want {
			t.Errorf("%s: IsParaphrase = %v (features %v), want %v", tt.name, got, ParaphraseFeatures(tt.qa, tt.qb, tt.xa, tt.xb, idf), tt.want)
		}
	}
}

// TestParaphraseFeatures checks the detector's inputs on small rows:
// question cosine, article cosine, the shared share of the rarer
// question's idf mass, and the Jaccard overlap of the question terms.
func TestParaphraseFeatures(t *testing.T) {
	idf := []float64{2, 3, 1.5, 4}
	q0 := SparseVec{Ind: []int32{0}, Val: []float32{1}}
	q1 := SparseVec{Ind: []int32{1}, Val: []float32{1}}
	q01 := SparseVec{Ind: []int32{0, 1}, Val: []float32{0.6, 0.8}}
	q023 := SparseVec{Ind: []int32{0, 2, 3}, Val: []float32{0.6, 0, 0.8}}
	x0 := SparseVec{Ind: []int32{0, 2}, Val: []float32{0.6, 0.8}}
	x1 := SparseVec{Ind: []int32{1}, Val: []float32{1}}
	tests := []struct {
		name   string
		qa, qb SparseVec
		xa, xb SparseVec
		want   [numParaphraseFeatures]float64
	}{
		{"one question, other articles", q0, q0, x0, x1, [numParaphraseFeatures]float64{1, 0, 1, 1}},
		{"no shared term", q0, q1, x0, x0, [numParaphraseFeatures]float64{0, 1, 0, 0}},
		// q0 is all of the rarer question's idf mass (2 of 2), one term of the two.
		{"one question inside the other", q0, q01, x1, x1, [numParaphraseFeatures]float64{0.6, 1, 1, 0.5}},
		// Shared: term 0 (idf 2) of q01's mass 5 and q023's 7.5; 1 term of 4.
		{"one term of four", q01, q023, x0, x1, [numParaphraseFeatures]float64{0.36, 0, 0.4, 0.25}},
	}
	for _, tt := range tests {
		got := ParaphraseFeatures(tt.qa, tt.qb, tt.xa, tt.xb, idf)
		back := ParaphraseFeatures(tt.qb, tt.qa, tt.xb, tt.xa, idf)
		for k := range got {
			if math.Abs(got[k]-tt.want[k]) > 1e-6 || got[k] != back[k] {
				t.Errorf("%s: %s = %v (reversed %v), want %v", tt.name, paraphraseFeatureNames[k], got[k], back[k], tt.want[k])
			}
		}
	}
}

// TestParaphraseRemembered checks that the Model's remembered verdicts are
// the row rule's, for every pair asked twice in either order, at operating
// points where the detector decides and where the question cosine does.
func TestParaphraseRemembered(t *testing.T) {
	arts := paraphraseCorpus()
	for _, op := range []struct{ dup, prob float64 }{{0.3, 0.15}, {0.3, 0.9}, {0.5, 0}, {0, 0.15}} {
		cfg := smallConfig()
		cfg.DupThreshold, cfg.Paraphrase = op.dup, op.prob
		m := mustBuild(t, arts, cfg)
		found := 0
		for round := range 2 {
			for i := range arts {
				for j := range arts {
					xi, qi := m.rows(i)
					xj, qj := m.rows(j)
					want := i != j && cfg.IsParaphrase(qi, qj, xi, xj, m.tf.idf)
					a, b := i, j
					if round == 1 {
						a, b = j, i
					}
					if got := m.paraphrase(a, b); got != want {
						t.Fatalf("%+v round %d: paraphrase(%d, %d) = %v, want %v", op, round, a, b, got, want)
					}
					if want && round == 0 {
						found++
					}
				}
			}
		}
		if op.dup > 0 && found == 0 {
			t.Errorf("%+v: no paraphrase pair in the corpus: the test checks nothing", op)
		}
	}
}

// TestVerdicts checks the verdict table: a recorded verdict comes back, an
// unknown pair is unknown, a full probe forgets rather than overwrites, and
// concurrent writers of one pair agree.
func TestVerdicts(t *testing.T) {
	v := newVerdicts(4)
	if _, ok := v.get(verdictKey(1, 2)); ok {
		t.Fatal("empty table knows a pair")
	}
	v.put(verdictKey(2, 1), true)
	v.put(verdictKey(0, 3), false)
	v.put(verdictKey(0, 3), true) // a second answer for a pair is ignored
	for _, tt := range []struct {
		i, j     int
		same, ok bool
	}{{1, 2, true, true}, {2, 1, true, true}, {0, 3, false, true}, {3, 0, false, true}, {0, 1, false, false}, {0, 2, false, false}} {
		if same, ok := v.get(verdictKey(tt.i, tt.j)); same != tt.same || ok != tt.ok {
			t.Errorf("get(%d, %d) = %v, %v, want %v, %v", tt.i, tt.j, same, ok, tt.same, tt.ok)
		}
	}
	// Fill far past the table's size: every pair still known is right.
	big := newVerdicts(2)
	for i := range 400 {
		big.put(verdictKey(i, i+1000), i%3 == 0)
	}
	known := 0
	for i := range 400 {
		if same, ok := big.get(verdictKey(i, i+1000)); ok {
			known++
			if same != (i%3 == 0) {
				t.Fatalf("pair %d: verdict %v, want %v", i, same, i%3 == 0)
			}
		}
	}
	if known == 0 || known > len(big.slots) {
		t.Errorf("%d pairs known in a table of %d slots", known, len(big.slots))
	}
	// Concurrent writers.
	c := newVerdicts(1000)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 2000 {
				c.put(verdictKey(i, 5000+i), i%2 == 0)
				if same, ok := c.get(verdictKey(i, 5000+i)); ok && same != (i%2 == 0) {
					t.Errorf("worker %d: pair %d read %v", w, i, same)
				}
			}
		})
	}
	wg.Wait()
}

// TestQuestionCos checks that the question records give Dot's cosine to
// the last bit, for questions that fit a record and one that does not.
func TestQuestionCos(t *testing.T) {
	arts := append(paraphraseCorpus(), corpus.Article{URL: "/learn/bio/questions/long", ID: "long",
		Question: "How do plants, algae and cyanobacteria capture sunlight, carbon dioxide and water to make glucose, oxygen and food in chloroplasts during photosynthesis?",
		Answer:   "Chlorophyll in the chloroplasts captures sunlight."})
	cfg := smallConfig()
	m := mustBuild(t, arts, cfg)
	long := len(arts) - 1
	if n := len(m.tf.q.Ind[m.tf.q.Ptr[long]:m.tf.q.Ptr[long+1]]); n <= linalg.LineLen {
		t.Fatalf("the long question keeps %d terms, not more than a record's %d", n, linalg.LineLen)
	}
	for i := range arts {
		for j := range arts {
			_, qi := m.rows(i)
			_, qj := m.rows(j)
			if got, want := m.questionCos(i, j), Dot(qi, qj); got != want {
				t.Errorf("questionCos(%d, %d) = %v, want %v", i, j, got, want)
			}
		}
	}
	if m.questionCos(0, long) == 0 {
		t.Error("the long question shares nothing with the photosynthesis question: the test checks little")
	}
}
