package index

import (
	"fmt"
	"testing"
)

// BenchmarkLookup opens an index the size of the real corpus (35,915
// articles, 5 related each with 5 terms) and reads one article's list as
// `recommend --id` does: Open, ByID, the article and its related records.
func BenchmarkLookup(b *testing.B) {
	const n = 35915
	arts := make([]Article, n)
	for i := range arts {
		arts[i] = Article{
			URL:      fmt.Sprintf("/learn/subject-%02d/questions/what-is-the-question-number-%06d-about", i%44, i),
			ID:       fmt.Sprint(i - i%3),
			Title:    fmt.Sprintf("What is the question number %d about, and why does it matter?", i),
			Subject:  fmt.Sprintf("Subject %d", i%44),
			Question: fmt.Sprintf("What is the question number %d about, and why does it matter?", i),
			Path:     fmt.Sprintf("subject-%02d/what-is-the-question-number-%06d-about.md", i%44, i),
		}
		for k := 1; k <= 5; k++ {
			arts[i].Related = append(arts[i].Related, Related{Doc: (i + 7*k) % n, Score: 1 / float64(k+1),
				Terms: []string{"privacy", "data", "customers", "online", "business"}})
		}
	}
	dir := b.TempDir()
	if _, err := Write(dir, arts, nil, Manifest{}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ix, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		id := fmt.Sprint((i * 3001) % n / 3 * 3)
		recs, err := ix.ByID(id)
		if err != nil || len(recs) != 3 {
			b.Fatalf("ByID(%s) = %v, %v, want 3 copies", id, recs, err)
		}
		for _, r := range recs {
			a, err := ix.Article(r)
			if err != nil || len(a.Related) != 5 {
				b.Fatalf("Article(%d) = %d related, %v", r, len(a.Related), err)
			}
			for _, rel := range a.Related {
				if _, err := ix.Article(rel.Doc); err != nil {
					b.Fatal(err)
				}
			}
		}
		ix.Close()
	}
}
