package recommend

// BenchmarkCorpusFinish times what the paraphrase detector costs the
// batch: finishing every article's candidates into lists (the batch's 15
// of 20, so that hysteresis sees the runners-up), which asks the detector
// about every pair the lists would hold side by side, then the editors'
// second look at the listed pairs (SameQuestion). It runs with
// -corpus.bench on the real corpus:
//
//	go test -run '^$' -bench CorpusFinish -benchtime 5x -count 3 ./recommend/ -corpus.bench

import (
	"slices"
	"testing"
)

func BenchmarkCorpusFinish(b *testing.B) {
	arts := benchArticles(b)
	cfg := DefaultConfig
	cfg.TopK = 3 * cfg.TopK // the batch's candidates for hysteresis (eval.CandidateConfig)
	cfg.Workers = 1
	m := mustBuild(b, arts, cfg)
	byT := m.tfidfCandidates(m.z, m.lsaDims(), cfg.Candidates, m.copyOf, 1)
	cands := m.merge(byT, make([][]Hit, len(byT)), m.z, cfg.Blend)
	b.Run("lists", func(b *testing.B) {
		for b.Loop() {
			m.verdicts = newVerdicts(len(arts))
			if got := m.finish(cands, m.keys); !slices.EqualFunc(got, m.lists, slices.Equal) {
				b.Fatal("lists differ from Build's")
			}
		}
	})
	b.Run("lists+same", func(b *testing.B) {
		for b.Loop() {
			m.verdicts = newVerdicts(len(arts))
			m.finish(cands, m.keys)
			n := 0
			for _, hs := range m.lists {
				for x := range hs {
					for y := range x {
						if m.SameQuestion(hs[x].Doc, hs[y].Doc) {
							n++
						}
					}
				}
			}
			if n != 0 {
				b.Fatalf("%d listed pairs ask the same question", n)
			}
		}
	})
}
