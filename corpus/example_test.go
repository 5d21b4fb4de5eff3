package corpus_test

import (
	"fmt"
	"os"
	"path/filepath"

	"recommend/corpus"
)

// Example loads a folder, points an article at another one, and shows the
// block written into its file.
func Example() {
	dir, _ := os.MkdirTemp("", "corpus-example")
	defer os.RemoveAll(dir)
	write := func(name, id, title, slug string) {
		src := "---\nid: " + id + "\ntitle: >-\n    " + title + "\nquestion: >-\n    " + title +
			"\nsubject: Biology\nurl: /learn/biology/questions/" + slug + "\n---\n\n&nbsp;\n"
		os.MkdirAll(filepath.Join(dir, "biology"), 0o755)
		os.WriteFile(filepath.Join(dir, "biology", name), []byte(src), 0o644)
	}
	write("photosynthesis.md", "1", "What is photosynthesis?", "what-is-photosynthesis")
	write("light.md", "2", "How do plants use light?", "how-do-plants-use-light")

	arts, bad, err := corpus.Load(dir)
	if err != nil || len(bad) > 0 {
		fmt.Println(err, bad)
		return
	}
	for _, a := range arts {
		fmt.Println(a.URL, a.SubjectKey, len(a.Related))
	}
	changed, err := corpus.WriteRelated(dir, &arts[1], []corpus.Link{corpus.LinkTo(&arts[0])})
	fmt.Println(changed, err)
	changed, err = corpus.WriteRelated(dir, &arts[1], arts[1].Related)
	fmt.Println(changed, err)
	src, _ := os.ReadFile(arts[1].Path)
	fmt.Print(string(src))
	// Output:
	// /learn/biology/questions/how-do-plants-use-light biology 0
	// /learn/biology/questions/what-is-photosynthesis biology 0
	// true <nil>
	// false <nil>
	// ---
	// id: 1
	// title: >-
	//     What is photosynthesis?
	// question: >-
	//     What is photosynthesis?
	// subject: Biology
	// url: /learn/biology/questions/what-is-photosynthesis
	// related_article1:
	//     id: 2
	//     title: >-
	//         How do plants use light?
	//     subject: Biology
	//     url: /learn/biology/questions/how-do-plants-use-light
	// ---
	//
	// &nbsp;
}
