package recommend

import (
	"errors"

	"recommend/corpus"
)

// Hit is one related article: its index in the articles passed to Build and
// its score (higher is more related).
type Hit struct {
	Doc   int
	Score float64
}

// Model is the built state of the engine over one corpus: vectors, the
// related lists, and what is needed to explain them.
type Model struct {
	lists [][]Hit
}

// Build vectorises arts and ranks, for every article, its most related others.
func Build(arts []corpus.Article, cfg Config) (*Model, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return nil, errors.New("recommend: Build not implemented yet")
}

// Lists returns the related articles of every article, in the order of the
// articles passed to Build, best first.
func (m *Model) Lists() [][]Hit { return m.lists }

// SharedTerms returns up to n terms that make articles a and b related: the
// largest products of their TF-IDF weights, best first.
func (m *Model) SharedTerms(a, b, n int) []string { return nil }
