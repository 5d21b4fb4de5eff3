package editor

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"

	"recommend/corpus"
)

// synthBatch makes n articles in 40 subjects, each with 5 current links and
// 15 scored candidates drawn from a seeded generator, half of which overlap
// the current links.
func synthBatch(n int) Batch {
	rng := rand.New(rand.NewPCG(1, 1))
	arts := make([]corpus.Article, n)
	for i := range arts {
		s := "subject " + strconv.Itoa(i%40)
		arts[i] = corpus.Article{ID: strconv.Itoa(i), URL: fmt.Sprintf("/learn/s%d/questions/q%d", i%40, i),
			Subject: s, SubjectKey: s, Title: "Question " + strconv.Itoa(i), Question: "Question " + strconv.Itoa(i) + "?"}
	}
	b := Batch{Articles: arts, Candidates: make([][]Hit, n)}
	for i := range arts {
		for j := range 15 {
			t := rng.IntN(n)
			b.Candidates[i] = append(b.Candidates[i], Hit{Doc: t, Score: 0.6 - 0.02*float64(j)})
			if j%3 == 0 && len(arts[i].Related) < 5 {
				arts[i].Related = append(arts[i].Related, corpus.LinkTo(&arts[t]))
			}
		}
		for len(arts[i].Related) < 5 {
			arts[i].Related = append(arts[i].Related, corpus.LinkTo(&arts[rng.IntN(n)]))
		}
	}
	return b
}

func BenchmarkApply(b *testing.B) {
	for _, n := range []int{1000, 35915} {
		batch := synthBatch(n)
		ov, _ := Parse("o.yaml", []byte("pins:\n  - {article: 1, links: [2, 3]}\nblocks:\n  - {to: 4}\nlocks: [5]\n"))
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				res, _ := Apply(batch, ov, DefaultOptions)
				if len(res) != n || len(res[1].Links) != DefaultOptions.K || res[1].Links[0].ID != "2" {
					b.Fatalf("Apply gave %d results; article 1: %v", len(res), res[1].Links)
				}
			}
		})
	}
}
