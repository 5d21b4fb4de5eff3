package recommend_test

import (
	"fmt"

	"recommend/corpus"
	"recommend/recommend"
)

// ExampleBuild ranks five one-line articles, two on photosynthesis and three
// on markets, and prints each article's two nearest neighbours. Articles
// with no term in common are never listed, so the photosynthesis articles
// get one neighbour each.
func ExampleBuild() {
	arts := []corpus.Article{
		{URL: "/learn/biology/questions/light", ID: "1", Question: "How can light drive photosynthesis in chloroplasts?"},
		{URL: "/learn/biology/questions/chlorophyll", ID: "2", Question: "Why is chlorophyll green, and what is its role in photosynthesis?"},
		{URL: "/learn/economics/questions/prices", ID: "3", Question: "How do supply and demand set market prices?"},
		{URL: "/learn/economics/questions/shortage", ID: "4", Question: "What happens to market prices when demand exceeds supply?"},
		{URL: "/learn/economics/questions/competition", ID: "5", Question: "How can competition between firms affect market prices?"},
	}
	// Five articles are too few for 200 LSA dimensions or for the default
	// document-frequency bounds: rank by TF-IDF alone, keep every term, and
	// show whole words rather than stems.
	cfg := recommend.DefaultConfig
	cfg.Ranking, cfg.Stem = recommend.RankTFIDF, false
	cfg.TopK, cfg.MinDF, cfg.MaxDF = 2, 1, 1
	// Articles without an answer give the paraphrase detector nothing to
	// compare but the question: keep the question-cosine rule alone.
	cfg.DupThreshold, cfg.Paraphrase = 0.8, 0
	m, err := recommend.Build(arts, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, hits := range m.Lists() {
		fmt.Printf("%s:", arts[i].ID)
		for _, h := range hits {
			fmt.Printf(" %s (%.2f)", arts[h.Doc].ID, h.Score)
		}
		fmt.Println()
	}
	fmt.Println("3~4 share:", m.SharedTerms(2, 3, 3))
	// Output:
	// 1: 2 (0.18)
	// 2: 1 (0.18)
	// 3: 4 (0.60) 5 (0.25)
	// 4: 3 (0.60) 5 (0.22)
	// 5: 3 (0.25) 4 (0.22)
	// 3~4 share: [demand supply market]
}
