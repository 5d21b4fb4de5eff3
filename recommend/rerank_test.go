package recommend

import (
	"math"
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
	plain, err := Build(arts, cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.RerankQuestion, cfg.RerankSubject = 0.1, 0.3
	re, err := Build(arts, cfg)
	if err != nil {
		t.Fatal(err)
	}
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

// TestRerankDefaultNearFit checks that the default subject term stays
// within 0.005 of the weight TestFitRerank fits on the judgments
// (rerankSubject): the default is chosen among weights near the fit by
// the written lists' judged figures (DefaultConfig), and a refit that
// moves the weight further must be measured on the written lists again
// before the default follows. Both weights are written in thousandths, so
// the distance is compared in thousandths: 0.027 and 0.022 are 0.005
// apart, which the floating-point difference (0.005000000000000001) would
// otherwise put past the bound.
func TestRerankDefaultNearFit(t *testing.T) {
	if d := math.Abs(DefaultConfig.RerankSubject - rerankSubject); math.Round(d*1000) > 5 {
		t.Errorf("DefaultConfig.RerankSubject %v is %.4f from the fitted %v: measure the written lists at the fit and set the default again",
			DefaultConfig.RerankSubject, d, rerankSubject)
	}
}
