package recommend

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"testing"

	"recommend/corpus"
)

// TestRerankTerms checks the blend's re-ranking terms on a corpus built so
// that they decide: of the query's two best candidates, the second by the
// cosines shares its subject, and the order of the two flips when the
// subject term is on. Scores rise by exactly the terms,
// the subject term needs a subject on both sides, and the "tfidf" lists of
// the same build (ListsFor) do not see the terms.
func TestRerankTerms(t *testing.T) {
	art := func(url, subject, question, answer string) corpus.Article {
		return corpus.Article{URL: url, ID: url, Subject: subject, SubjectKey: corpus.NormalizeSubject(subject),
			Question: question, Answer: answer}
	}
	arts := []corpus.Article{
		art("/q", "Biology", "How do enzymes speed reactions?", "enzymes catalyse reactions lower activation energy substrate"),
		// a: other subject, the query's words and one more; b: same
		// subject, fewer of the query's words.
		art("/a", "Chemistry", "How do enzymes speed reactions in cells?", "enzymes catalyse reactions lower activation energy substrate"),
		art("/b", "biology ", "Why do enzymes matter?", "enzymes catalyse reactions lower activation energy"),
		art("/c", "Economics", "What sets market prices?", "supply demand price market equilibrium"),
		art("/d", "Economics", "How do tariffs work?", "tariff trade import price market"),
		art("/e", "", "What is inflation?", "price level money supply inflation"),
		art("/f", "", "What is deflation?", "price level money supply deflation"),
	}
	cfg := DefaultConfig
	cfg.Dims, cfg.MinDF, cfg.DupThreshold = 3, 1, 0
	cfg.RerankQuestion, cfg.RerankSubject = 0, 0
	plain := mustBuild(t, arts, cfg)
	cfg.RerankQuestion, cfg.RerankSubject = 0.1, 0.3
	re := mustBuild(t, arts, cfg)
	if !re.SameSubject(0, 2) || re.SameSubject(0, 1) || re.SameSubject(5, 6) || re.SameSubject(5, 5) || re.SameSubject(-1, 0) {
		t.Error("SameSubject: want /q and /b alike (normalised), /q and /a not, no subject alike to nothing")
	}
	for _, j := range []int{1, 2, 3, 4, 5} {
		want := plain.Score(0, j) + 0.1*re.QuestionCosine(0, j)
		if re.SameSubject(0, j) {
			want += 0.3
		}
		if got := re.Score(0, j); math.Abs(got-want) > 1e-12 || got != re.Score(j, 0) {
			t.Errorf("Score(0, %d) = %v, want %v and symmetric (%v)", j, got, want, re.Score(j, 0))
		}
	}
	if got := plain.Lists()[0]; len(got) < 2 || got[0].Doc != 1 || got[1].Doc != 2 || re.QuestionCosine(0, 2) >= re.QuestionCosine(0, 1) {
		t.Fatalf("plain list of /q = %v, want /a then /b, /a's question nearer: the corpus does not test the subject term", got)
	}
	if got := re.Lists()[0]; len(got) < 2 || got[0].Doc != 2 || got[1].Doc != 1 {
		t.Errorf("re-ranked list of /q = %v, want /b then /a", got)
	}
	tfidf, err := re.ListsFor(RankTFIDF)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range tfidf[0] {
		if h.Score != re.cosTFIDF(0, h.Doc) {
			t.Errorf("tfidf list of a re-ranked build scores %d at %v, not its TF-IDF cosine", h.Doc, h.Score)
		}
	}
}

// TestRerankDefaultNearFit checks that the default subject and
// neighbourhood terms stay near the weights TestFitRerank fits on the
// judgments (rerankSubject, rerankHub): the subject term within 0.005, the
// neighbourhood term within 0.05 (a tenth of its weight; the written
// lists score within 0.003 nDCG@5 of each other from 0.5 to 0.6). Each
// default is chosen among weights near the fit by the written lists'
// judged figures (DefaultConfig), and a refit that moves a weight further
// must be measured on the written lists again before the default
// follows. The weights are written in thousandths, so the distance is
// compared in thousandths: 0.027 and 0.022 are 0.005 apart, which the
// floating-point difference (0.005000000000000001) would otherwise put
// past the bound.
func TestRerankDefaultNearFit(t *testing.T) {
	for _, c := range []struct {
		name          string
		def, fit, max float64
	}{
		{"RerankSubject", DefaultConfig.RerankSubject, rerankSubject, 0.005},
		{"RerankHub", DefaultConfig.RerankHub, rerankHub, 0.05},
	} {
		if d := math.Abs(c.def - c.fit); math.Round(d*1000) > math.Round(c.max*1000) {
			t.Errorf("DefaultConfig.%s %v is %.4f from the fitted %v: measure the written lists at the fit and set the default again",
				c.name, c.def, d, c.fit)
		}
	}
}

// TestRerankHub checks the neighbourhood term: each article's density is
// the mean TF-IDF cosine of its HubNeighbours nearest others (computed
// here by brute force over every pair), the term raises a pair's score by
// exactly RerankHub·(1 − (h_a + h_b)/2), symmetrically, the lists hold
// those scores, and the snapshot keeps the densities: an incremental night
// gives an unchanged article the saved density and a changed one its own.
func TestRerankHub(t *testing.T) {
	arts := wordCorpus(120, 11)
	cfg := DefaultConfig
	cfg.Dims, cfg.Workers = 10, 2
	cfg.RerankHub = 0
	plain := mustBuild(t, arts, cfg)
	cfg.RerankHub = 0.4
	re, s := buildSnapshot(t, arts, cfg)
	n := len(arts)
	for i := range n {
		want := bruteDensity(re, i)
		if got := re.NeighbourhoodDensity(i); math.Abs(got-want) > 1e-12 || got != plain.NeighbourhoodDensity(i) {
			t.Fatalf("density of %d = %v (without the term %v), want %v", i, got, plain.NeighbourhoodDensity(i), want)
		}
	}
	if re.NeighbourhoodDensity(-1) != 0 || re.NeighbourhoodDensity(n) != 0 {
		t.Error("density outside the articles is not 0")
	}
	moved := 0
	for i := range n {
		for _, h := range re.Lists()[i] {
			want := plain.Score(i, h.Doc) + 0.4*(1-(re.NeighbourhoodDensity(i)+re.NeighbourhoodDensity(h.Doc))/2)
			if got := re.Score(i, h.Doc); math.Abs(got-want) > 1e-12 || got != re.Score(h.Doc, i) || got != h.Score {
				t.Fatalf("Score(%d, %d) = %v (listed %v), want %v and symmetric (%v)", i, h.Doc, got, h.Score, want, re.Score(h.Doc, i))
			}
		}
		if sameLists(plain.Lists()[i:i+1], re.Lists()[i:i+1], cfg.TopK) == 0 {
			moved++
		}
	}
	if moved == 0 {
		t.Error("the term moved no list: the corpus does not test it")
	}
	// The snapshot keeps the densities; a night keeps an unchanged
	// article's and gives a changed one its own.
	s = roundTrip(t, s)
	if !slices.Equal(s.hub, re.hub) {
		t.Fatal("the snapshot's densities differ from the build's")
	}
	edited := slices.Clone(arts)
	edited[3].Answer += " " + arts[60].Answer
	night, _, err := Update(s, edited, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		want := re.hub[i]
		if i == 3 {
			want = bruteDensity(night, 3)
		}
		if got := night.NeighbourhoodDensity(i); i == 3 && math.Abs(got-want) > 1e-12 || i != 3 && got != want {
			t.Errorf("night's density of %d = %v, want %v", i, night.NeighbourhoodDensity(i), want)
		}
	}
	if night.hub[3] == re.hub[3] {
		t.Error("the edit left the changed article's density as it was: the edit does not test the night")
	}
	s.hub = nil
	if _, _, err := Update(s, edited, cfg); err == nil || !strings.Contains(err.Error(), "neighbourhood densities") {
		t.Errorf("a snapshot without densities: %v, want a rebuild", err)
	}
}

// bruteDensity is article i's neighbourhood density by its definition:
// the mean of its HubNeighbours highest TF-IDF cosines with the other
// articles (copies aside, positive cosines only), every pair computed.
func bruteDensity(m *Model, i int) float64 {
	var cs []float64
	for j := range m.tf.x.Rows {
		if j != i && !m.copyOf(i, j) {
			if c := m.cosTFIDF(i, j); c > 0 {
				cs = append(cs, c)
			}
		}
	}
	slices.SortFunc(cs, func(a, b float64) int { return cmp.Compare(b, a) })
	cs = cs[:min(len(cs), HubNeighbours)]
	var s float64
	for _, c := range cs {
		s += c
	}
	if len(cs) == 0 {
		return 0
	}
	return s / float64(len(cs))
}
