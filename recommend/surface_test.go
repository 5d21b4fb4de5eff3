package recommend

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"recommend/corpus"
)

// TestSharedWords checks that shared terms are shown as the two articles
// write them, not as the corpus's most frequent word with the stem, and
// that a number with thousands separators is shown whole, once.
func TestSharedWords(t *testing.T) {
	arts := questions(
		"opening bank accounts costs 500,000 dollars",
		"closing bank accounts costs 500,000 dollars",
		"accountability accountability accountability of leaders",
		"accountability in public office",
		"market prices",
	)
	m := questionModel(t, arts, true)
	stems := m.SharedTerms(0, 1, 10)
	if !slices.Contains(stems, "accountability") || !slices.Contains(stems, "000") {
		t.Fatalf("SharedTerms(0, 1) = %q: the case this test is about is gone", stems)
	}
	got := m.Surfaces(arts).SharedWords(0, 1, 10)
	slices.Sort(got)
	if want := []string{"500,000", "accounts", "bank", "costs", "dollars"}; !slices.Equal(got, want) {
		t.Errorf("SharedWords(0, 1, 10) = %q, want %q (in any order)", got, want)
	}
	// Articles the model was not built from: the corpus's words.
	if got := m.Surfaces(arts[:2]).SharedWords(0, 1, 10); len(got) != len(stems) {
		t.Errorf("SharedWords without the model's articles = %q, want SharedTerms' %q", got, stems)
	}
	// The words by number, and the table that names them without the
	// forms, give the same words for every pair.
	sf, table := m.Surfaces(arts), m.Surfaces(arts).Words()
	for a := range arts {
		for b := range arts {
			want := sf.SharedWords(a, b, 10)
			ids := sf.SharedWordIDs(a, b, 10, []int32{-7})
			got := []string{}
			for _, id := range ids[1:] {
				got = append(got, table.Word(id))
			}
			if ids[0] != -7 || !slices.Equal(got, want) {
				t.Errorf("SharedWordIDs(%d, %d) = %v, naming %q; want %q after what dst held", a, b, ids, got, want)
			}
		}
	}
	// A Surfaces taken before the forms are dropped keeps them; one taken
	// after knows none, and shows the corpus's words as SharedTerms does.
	before := m.Surfaces(arts)
	m.DropSurfaces()
	if got := before.SharedWords(0, 1, 10); len(got) != 5 || !slices.Contains(got, "500,000") {
		t.Errorf("SharedWords from before DropSurfaces = %q, want the articles' words", got)
	}
	if got := m.Surfaces(arts).SharedWords(0, 1, 10); !slices.Equal(got, stems) {
		t.Errorf("SharedWords after DropSurfaces = %q, want SharedTerms' %q", got, stems)
	}
}

// questionModel builds a TF-IDF model of arts' questions alone, every term
// kept, stemmed or not.
func questionModel(t *testing.T, arts []corpus.Article, stem bool) *Model {
	t.Helper()
	cfg := DefaultConfig
	cfg.Ranking, cfg.Stem = RankTFIDF, stem
	cfg.MinDF, cfg.MaxDF, cfg.Fields = 1, 1, FieldWeights{Question: 1}
	m := mustBuild(t, arts, cfg)
	return m
}

// TestSharedWordsCounts checks the counts behind the written forms, which
// the build records while it analyses the articles: every weighted field
// counts, a field of weight 0 does not, a stop word counts for its stem
// ("interest" for "interests"), a field with a grouped number is counted
// with the rest, and the analysis worker count does not matter.
func TestSharedWordsCounts(t *testing.T) {
	arts := []corpus.Article{
		{URL: "/learn/t/a/0", ID: "0", Question: "interest and interests on loans",
			Answer: "interest interest on 1,500 loans",
			Title:  "interesting interesting interesting interesting interesting interesting"},
		{URL: "/learn/t/a/1", ID: "1", Question: "interests on the loan", Answer: "the loan's 1,500 interest"},
		{URL: "/learn/t/a/2", ID: "2", Question: "market prices"},
	}
	cfg := DefaultConfig
	cfg.Ranking, cfg.Stem = RankTFIDF, true
	cfg.MinDF, cfg.MaxDF = 1, 1
	cfg.Fields = FieldWeights{Question: 1, Answer: 1}
	for _, workers := range []int{1, 2, 3} {
		c := cfg
		c.Workers = workers
		m := mustBuild(t, arts, c)
		got := m.Surfaces(arts).SharedWords(0, 1, 10)
		slices.Sort(got)
		// interest: "interest" 4 times, "interests" twice (never the
		// title's "interesting"); loan: "loans" twice, "loan" twice,
		// the shorter wins; 1,500: whole.
		if want := []string{"1,500", "interest", "loan"}; !slices.Equal(got, want) {
			t.Errorf("workers %d: SharedWords(0, 1, 10) = %q, want %q (in any order)", workers, got, want)
		}
	}
}

// TestFormWordsIndependentOfWorkers checks that the table of written
// words and the forms' numbers into it, which the state keeps, are the
// same whatever the number of workers: the words of fields read again (a
// number with thousands separators) are numbered as goroutines find them,
// then once more in article order.
func TestFormWordsIndependentOfWorkers(t *testing.T) {
	var arts []corpus.Article
	for i := range 64 {
		n := fmt.Sprintf("%d,%03d", i+1, 7*i)
		arts = append(arts, corpus.Article{URL: fmt.Sprintf("/learn/t/a/%d", i), ID: fmt.Sprint(i),
			Question: "how much do loans cost", Answer: "the loans cost " + n + " dollars, " + n + " in all"})
	}
	cfg := DefaultConfig
	cfg.Ranking, cfg.Stem = RankTFIDF, true
	cfg.MinDF, cfg.MaxDF = 1, 1
	cfg.Fields = FieldWeights{Question: 1, Answer: 1}
	cfg.Workers = 1
	ref := mustBuild(t, arts, cfg)
	if !slices.Contains(ref.tf.formWords, "1,000") {
		t.Fatalf("form words %q hold no grouped number: the case this test is about is gone", ref.tf.formWords)
	}
	for range 5 {
		cfg.Workers = 8
		m := mustBuild(t, arts, cfg)
		if !slices.Equal(m.tf.formWords, ref.tf.formWords) || !reflect.DeepEqual(m.tf.forms, ref.tf.forms) {
			t.Fatalf("8 workers: form words %q, want one worker's %q (and the same forms)", m.tf.formWords, ref.tf.formWords)
		}
	}
}
