package editor_test

import (
	"fmt"

	"recommend/corpus"
	"recommend/editor"
)

// Example pins one link, blocks another and lets hysteresis keep a current
// link that a new candidate beats by less than the margin.
func Example() {
	art := func(id, slug string) corpus.Article {
		url := "/learn/business/questions/" + slug
		return corpus.Article{ID: id, URL: url, Subject: "Business", SubjectKey: "business", Title: slug, Question: slug}
	}
	arts := []corpus.Article{art("1", "privacy"), art("2", "gdpr"), art("3", "cookies"), art("4", "ads"), art("5", "tax")}
	arts[0].Related = []corpus.Link{{ID: "3", Title: "cookies", Subject: "Business", URL: arts[2].URL}}

	ov, err := editor.Parse("overrides.yaml", []byte(`
pins:
  - article: 1
    links: [/learn/business/questions/tax]   # the editor's choice
blocks:
  - from: 1
    to: 2                                    # never gdpr on privacy
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	b := editor.Batch{Articles: arts, Candidates: make([][]editor.Hit, len(arts))}
	b.Candidates[0] = []editor.Hit{{Doc: 1, Score: 0.9}, {Doc: 3, Score: 0.62}, {Doc: 2, Score: 0.6}}
	res, _ := editor.Apply(b, ov, editor.Options{K: 2, Margin: 0.05})
	for _, e := range res[0].Suggested {
		fmt.Printf("%s %.2f %s\n", e.Link.Title, e.Score, e.Flags)
	}
	// Output:
	// tax NaN new,pinned
	// cookies 0.60
}
