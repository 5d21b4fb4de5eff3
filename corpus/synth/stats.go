package synth

// Term statistics of a corpus, for comparing a synthetic corpus with the
// real one: the vocabulary growth curve (distinct words after the first n
// articles in a seeded random order), the document-frequency distribution
// of the words, and the answers' lengths in words. Words are those of Words.

import (
	"fmt"
	"io"
	"math/rand/v2"
	"slices"

	"recommend/corpus"
)

// Stats are a corpus's term statistics.
type Stats struct {
	Articles int
	// Growth holds the distinct words after the first Growth[i][0]
	// articles (seeded random order).
	Growth [][2]int
	// DFBands counts the words whose document frequency falls in each of
	// DFBandEdges' bands.
	DFBands []int
	// Answer lengths in words: 10th, 50th, 90th percentile and mean.
	AnswerP10, AnswerP50, AnswerP90 int
	AnswerMean                      float64
}

// DFBandEdges are the upper bounds of the df bands: 1, 2–3, 4–10, 11–100,
// 101–1,000, 1,001–10,000, more.
var DFBandEdges = []int{1, 3, 10, 100, 1000, 10000, 1 << 62}

// Measure computes arts' statistics; checkpoints are the article counts at
// which the growth curve is read (those above len(arts) are ignored).
func Measure(arts []corpus.Article, checkpoints []int, seed uint64) Stats {
	st := Stats{Articles: len(arts), DFBands: make([]int, len(DFBandEdges))}
	df := map[string]int{}
	order := rand.New(rand.NewPCG(seed, 0x57a7)).Perm(len(arts))
	lens := make([]int, 0, len(arts))
	cp := 0
	inDoc := map[string]bool{}
	for n, i := range order {
		clear(inDoc)
		for _, w := range Words(ArticleText(&arts[i])) {
			inDoc[w] = true
		}
		for w := range inDoc {
			df[w]++
		}
		lens = append(lens, len(Words(arts[i].Answer)))
		for cp < len(checkpoints) && checkpoints[cp] == n+1 {
			st.Growth = append(st.Growth, [2]int{n + 1, len(df)})
			cp++
		}
	}
	for _, d := range df {
		b, _ := slices.BinarySearch(DFBandEdges, d)
		st.DFBands[b]++
	}
	slices.Sort(lens)
	if len(lens) > 0 {
		st.AnswerP10, st.AnswerP50, st.AnswerP90 = lens[len(lens)/10], lens[len(lens)/2], lens[len(lens)*9/10]
		sum := 0
		for _, l := range lens {
			sum += l
		}
		st.AnswerMean = float64(sum) / float64(len(lens))
	}
	return st
}

// WriteTable writes a and b side by side as a markdown table, a first.
func WriteTable(w io.Writer, nameA, nameB string, a, b Stats) {
	fmt.Fprintf(w, "| statistic | %s | %s |\n| --- | ---: | ---: |\n", nameA, nameB)
	fmt.Fprintf(w, "| articles | %d | %d |\n", a.Articles, b.Articles)
	for i := range min(len(a.Growth), len(b.Growth)) {
		fmt.Fprintf(w, "| distinct words after %d articles | %d | %d |\n", a.Growth[i][0], a.Growth[i][1], b.Growth[i][1])
	}
	names := []string{"1", "2–3", "4–10", "11–100", "101–1,000", "1,001–10,000", "> 10,000"}
	for i, n := range names {
		fmt.Fprintf(w, "| words with df %s | %d | %d |\n", n, a.DFBands[i], b.DFBands[i])
	}
	fmt.Fprintf(w, "| answer words p10 / median / p90 | %d / %d / %d | %d / %d / %d |\n",
		a.AnswerP10, a.AnswerP50, a.AnswerP90, b.AnswerP10, b.AnswerP50, b.AnswerP90)
	fmt.Fprintf(w, "| answer words, mean | %.1f | %.1f |\n", a.AnswerMean, b.AnswerMean)
}
