package corpustest

// CopyTree copies a folder for a test that adds or changes files. The
// sample articles of seeds/ hold no question asked twice in other words,
// so a test that needs duplicate clusters copies them with Reworded: one question (how plants make food from sunlight) asked three
// times in other words, the second with the longest answer, so that the
// engine's detector groups the three into one cluster whose suggested
// canonical is the second.

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// RewordedURLs are the urls of the three rewordings Reworded adds; the
// second has the longest answer.
var RewordedURLs = []string{
	"/learn/biology/questions/how-do-plants-make-food-from-sunlight",
	"/learn/biology/questions/how-do-plants-produce-their-food-using-sunlight",
	"/learn/biology/questions/in-photosynthesis-how-do-plants-make-food",
}

// CopyTree copies the folders and regular files below src into a new
// temporary folder of tb and returns it.
func CopyTree(tb testing.TB, src string) string {
	tb.Helper()
	dst := tb.TempDir()
	CopyTreeTo(tb, src, dst)
	return dst
}

// CopyTreeTo copies the folders and regular files below src into dst
// (made if missing).
func CopyTreeTo(tb testing.TB, src, dst string) {
	tb.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		tb.Fatalf("copying %s: %v", src, err)
	}
}

// Reworded copies seeds/ into a temporary folder of tb, adds the three
// rewordings (ids 90101–90103) and returns the folder.
func Reworded(tb testing.TB) string {
	tb.Helper()
	dst := CopyTree(tb, filepath.Join(Root(), "seeds"))
	AddRewordings(tb, dst)
	return dst
}

// AddRewordings writes the three rewordings (ids 90101–90103) into the
// folder biology of dst, a copy of seeds/.
func AddRewordings(tb testing.TB, dst string) {
	tb.Helper()
	photo := "Plants capture sunlight with chlorophyll in the chloroplasts and turn carbon dioxide and water into glucose and oxygen during photosynthesis."
	qa := [][2]string{
		{"How do plants make food from sunlight in photosynthesis?", photo},
		{"How do plants produce their food using sunlight through photosynthesis?", photo + " The glucose feeds the plant and is stored as starch."},
		{"In photosynthesis, how do plants make food from sunlight?", "During photosynthesis plants capture sunlight with chlorophyll and turn carbon dioxide and water into glucose and oxygen."},
	}
	for i, u := range RewordedURLs {
		src := fmt.Sprintf("---\nid: %d\ntitle: >-\n    %s\nquestion: >-\n    %s\nanswer: >-\n    %s\nsubject: Biology\nurl: %s\n---\n", 90101+i, qa[i][0], qa[i][0], qa[i][1], u)
		if err := os.WriteFile(filepath.Join(dst, "biology", filepath.Base(u)+".md"), []byte(src), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}
