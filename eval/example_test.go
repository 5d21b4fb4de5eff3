package eval_test

import (
	"fmt"

	"recommend/corpus"
	"recommend/eval"
)

// Score a system's lists against the links the site shows today, and
// against graded judgments.
func Example() {
	link := func(url string) corpus.Link { return corpus.Link{URL: url} }
	arts := []corpus.Article{
		{URL: "/learn/bio/questions/cells", Question: "What do cells need to divide?",
			Related: []corpus.Link{link("/learn/bio/questions/mitosis"), link("/learn/bio/questions/dna")}},
		{URL: "/learn/bio/questions/mitosis", Question: "What happens in mitosis?",
			Related: []corpus.Link{link("/learn/bio/questions/cells")}},
		{URL: "/learn/bio/questions/dna", Question: "How is DNA copied?"},
		{URL: "/learn/econ/questions/prices", Question: "How do markets set prices?"},
	}
	ix := eval.NewIndex(arts)
	lists := map[string][]string{
		// one of the two existing links, at rank 2
		"/learn/bio/questions/cells": {"/learn/econ/questions/prices", "/learn/bio/questions/dna"},
		// the existing link, at rank 1
		"/learn/bio/questions/mitosis": {"/learn/bio/questions/cells"},
	}
	a := ix.Agreement(lists, 5)
	fmt.Printf("scored %d: recall@5 %.3f, MRR@5 %.3f, coverage %.3f\n", a.Scored, a.Recall, a.MRR, a.Coverage)

	q := &eval.Qrels{
		Queries: []string{"/learn/bio/questions/cells"},
		Grades: map[string]map[string]int{"/learn/bio/questions/cells": {
			"/learn/bio/questions/dna": 2, "/learn/econ/questions/prices": 0}},
	}
	j := ix.Judged(lists, q, 5)
	fmt.Printf("judged nDCG@5 %.3f, P@5 %.3f\n", j.NDCG, j.P)
	// Output:
	// scored 2: recall@5 0.750, MRR@5 0.750, coverage 0.750
	// judged nDCG@5 0.631, P@5 0.200
}
