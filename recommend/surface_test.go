package recommend

import (
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
}

// questionModel builds a TF-IDF model of arts' questions alone, every term
// kept, stemmed or not.
func questionModel(t *testing.T, arts []corpus.Article, stem bool) *Model {
	t.Helper()
	cfg := DefaultConfig
	cfg.Ranking, cfg.Stem = RankTFIDF, stem
	cfg.MinDF, cfg.MaxDF, cfg.Fields = 1, 1, FieldWeights{Question: 1}
	m, err := Build(arts, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
