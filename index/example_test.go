package index_test

import (
	"fmt"
	"log"
	"os"

	"recommend/index"
)

// A batch saves each article's related list; a lookup opens the index and
// reads one article without loading the rest.
func Example() {
	dir, _ := os.MkdirTemp("", "index")
	defer os.RemoveAll(dir)
	arts := []index.Article{
		{URL: "/learn/law/questions/gdpr", ID: "7", Question: "What is the GDPR?",
			Related: []index.Related{{Doc: 1, Score: 0.61, Terms: []string{"data", "privacy"}}}},
		{URL: "/learn/business/questions/privacy", ID: "8", Question: "How do shops keep data private?",
			Related: []index.Related{{Doc: 0, Score: 0.61, Terms: []string{"data", "privacy"}}}},
	}
	if _, err := index.Write(dir, arts, nil, index.Manifest{}); err != nil {
		log.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer ix.Close()
	ids, _ := ix.ByID("7")
	a, _ := ix.Article(ids[0])
	r := a.Related[0]
	t, _ := ix.Article(r.Doc)
	fmt.Printf("%s\n  %.2f %s (%v)\n", a.Question, r.Score, t.Question, r.Terms)
	// Output:
	// What is the GDPR?
	//   0.61 How do shops keep data private? ([data privacy])
}
