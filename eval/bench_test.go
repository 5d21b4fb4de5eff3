package eval

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"recommend/corpus"
)

// syntheticSite returns n seeded articles in 20 folders, each with five
// existing links into its folder, and random lists of five per article.
func syntheticSite(n int) ([]corpus.Article, map[string][]string) {
	rng := rand.New(rand.NewPCG(3, 4))
	url := func(i int) string { return fmt.Sprintf("/learn/f%02d/questions/q%06d", i%20, i) }
	arts := make([]corpus.Article, n)
	lists := make(map[string][]string, n)
	for i := range arts {
		q := fmt.Sprintf("What is topic %d of area %d and term %d?", rng.IntN(n), i%20, rng.IntN(500))
		arts[i] = corpus.Article{Path: fmt.Sprintf("f%02d/q%06d.md", i%20, i), URL: url(i), ID: fmt.Sprint(i), Question: q, Title: q}
		for r := 0; r < 5; r++ {
			j := (rng.IntN(n/20)*20 + i%20) % n
			arts[i].Related = append(arts[i].Related, corpus.Link{URL: url(j), ID: fmt.Sprint(j), Title: "?"})
			lists[url(i)] = append(lists[url(i)], url(rng.IntN(n)))
		}
	}
	return arts, lists
}

func BenchmarkAgreement(b *testing.B) {
	for _, n := range []int{2000, 36000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			arts, lists := syntheticSite(n)
			ix := NewIndex(arts)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if a := ix.Agreement(lists, 5); a.Scored == 0 {
					b.Fatal("nothing scored")
				}
			}
		})
	}
}

func BenchmarkHygiene(b *testing.B) {
	arts, _ := syntheticSite(36000)
	ix := NewIndex(arts)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if h := ix.Hygiene(); h.Links != 5*36000 {
			b.Fatalf("Hygiene().Links = %d, want %d", h.Links, 5*36000)
		}
	}
}
