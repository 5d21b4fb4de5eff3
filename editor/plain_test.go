package editor

// Apply with hysteresis on finds, in the same pass, what the decisions
// would do without it (Result.Plain). These tests hold that figure to a
// second pass with Margin < 0 over random batches: pins, blocks, locks,
// unknown and gone links, cross-posts, near-duplicates and tied scores.

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"

	"recommend/corpus"
)

// randomPlainBatch is a small random batch with every case chooseLinks
// treats apart, and overrides naming its articles.
func randomPlainBatch(seed uint64) (Batch, *Overrides) {
	rng := rand.New(rand.NewPCG(seed, 7))
	n := 6 + rng.IntN(10)
	arts := make([]corpus.Article, n)
	for i := range arts {
		s := "subject " + strconv.Itoa(rng.IntN(3))
		q := "Question " + strconv.Itoa(rng.IntN(n)) + "?" // some share a question
		id := strconv.Itoa(1 + rng.IntN(n))                // some share an id
		arts[i] = corpus.Article{ID: id, URL: fmt.Sprintf("/learn/s/questions/q%d", i), Subject: s, SubjectKey: s, Title: q, Question: q}
	}
	gone := corpus.Link{URL: "/learn/gone/questions/x", Title: "Gone"}
	unknown := corpus.Link{URL: "/learn/bad/questions/y", Title: "Unreadable"}
	scores := map[[2]int]float64{}
	score := func(a, b int) float64 {
		k := [2]int{a, b}
		if s, ok := scores[k]; ok {
			return s
		}
		return float64(int(a*31+b*17)%10) / 20 // ties on purpose
	}
	b := Batch{Articles: arts, Candidates: make([][]Hit, n), Unknown: map[string]bool{unknown.URL: true}}
	for i := range arts {
		for range rng.IntN(12) {
			t := rng.IntN(n)
			b.Candidates[i] = append(b.Candidates[i], Hit{Doc: t, Score: float64(rng.IntN(8)) / 10})
		}
		for range rng.IntN(7) {
			switch r := rng.IntN(10); {
			case r == 0:
				arts[i].Related = append(arts[i].Related, gone)
			case r == 1:
				arts[i].Related = append(arts[i].Related, unknown)
			default:
				arts[i].Related = append(arts[i].Related, corpus.LinkTo(&arts[rng.IntN(n)]))
			}
		}
	}
	// Computed before the batch is used: Score and Duplicate only read.
	for i := range n {
		for j := range n {
			scores[[2]int{i, j}] = score(i, j)
		}
	}
	b.Score = func(x, y int) float64 { return scores[[2]int{x, y}] }
	b.Duplicate = func(x, y int) bool { return (x+y)%7 == 0 && x != y }
	ref := func() string {
		t := rng.IntN(n)
		if rng.IntN(3) == 0 {
			return arts[t].ID
		}
		return arts[t].URL
	}
	ov := &Overrides{}
	for range rng.IntN(4) {
		p := Pin{Article: ref()}
		for range 1 + rng.IntN(6) {
			p.Links = append(p.Links, ref())
		}
		ov.Pins = append(ov.Pins, p)
	}
	for range rng.IntN(4) {
		bl := Block{To: ref(), Both: rng.IntN(2) == 0}
		if rng.IntN(3) > 0 {
			bl.From = ref()
		}
		ov.Blocks = append(ov.Blocks, bl)
	}
	for range rng.IntN(2) {
		ov.Locks = append(ov.Locks, ref())
	}
	return b, ov
}

func TestApplyPlainIsMarginOff(t *testing.T) {
	cases := 0
	for seed := range uint64(500) {
		b, ov := randomPlainBatch(seed)
		for _, opt := range []Options{{K: 5, Margin: 0.05, LowScore: 0.2}, {K: 3, Margin: 0, LowScore: 0.2}, {K: 2, Margin: 0.3}} {
			on, _ := Apply(b, ov, opt)
			off := opt
			off.Margin = -1
			plain, _ := Apply(b, ov, off)
			for a := range on {
				if on[a].Locked != plain[a].Locked {
					t.Fatalf("seed %d, article %d: locked %v with hysteresis, %v without", seed, a, on[a].Locked, plain[a].Locked)
				}
				var want PlainChange
				if !plain[a].Locked && plain[a].Changed {
					want.Changed = true
					for _, e := range plain[a].Suggested {
						if e.Flags&FlagNew != 0 {
							want.New++
						}
					}
				}
				if on[a].Plain != want {
					t.Fatalf("seed %d, %+v, article %d: Plain %+v, Apply without hysteresis gives %+v (links %s)",
						seed, opt, a, on[a].Plain, want, names(plain[a].Links))
				}
				if plain[a].Plain != (PlainChange{}) {
					t.Fatalf("seed %d, article %d: Plain %+v with hysteresis off, want zero", seed, a, plain[a].Plain)
				}
				if want.Changed && !on[a].Locked {
					cases++
				}
			}
		}
	}
	if cases < 1000 {
		t.Errorf("only %d lists change without hysteresis: the batches test too little", cases)
	}
}
