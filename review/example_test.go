package review_test

import (
	"fmt"
	"strings"

	"recommend/corpus"
	"recommend/editor"
	"recommend/review"
)

// Example builds the review page for two articles whose lists the batch
// rewrites, and prints its headline figures.
func Example() {
	arts := []corpus.Article{
		{URL: "/learn/biology/questions/cell", ID: "1", Subject: "Biology", SubjectKey: "biology", Title: "What is a cell?", Question: "What is a cell?"},
		{URL: "/learn/biology/questions/dna", ID: "2", Subject: "Biology", SubjectKey: "biology", Title: "What is DNA?", Question: "What is DNA?"},
	}
	b := editor.Batch{Articles: arts, Candidates: [][]editor.Hit{{{Doc: 1, Score: 0.42}}, {{Doc: 0, Score: 0.42}}}}
	res, _ := editor.Apply(b, nil, editor.DefaultOptions)
	page := review.FromResults("Review", arts, res, nil, editor.DefaultOptions)

	s := page.Summarize()
	fmt.Printf("%d articles, %d lists change, %d new links\n", s.Articles, s.Changed, s.New)
	var html strings.Builder
	if err := page.Write(&html); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Count(html.String(), "<svg"), "charts")
	// Output:
	// 2 articles, 2 lists change, 2 new links
	// 3 charts
}
