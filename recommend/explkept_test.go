package recommend

import (
	"slices"
	"testing"
)

// explainAll returns the runs of every article's list pairs, as the batch
// keeps them (Snapshot.SetExplanations), asking AppendExplanation.
func explainAll(m *Model, s *Surfaces, n int) [][]int32 {
	runs := make([][]int32, len(m.urls))
	for a, hs := range m.lists {
		for _, h := range hs {
			runs[a] = s.AppendExplanation(runs[a], a, h.Doc, n)
		}
	}
	return runs
}

// TestExplainPairKept checks that an incremental night's AppendExplanation,
// which answers a pair of unchanged articles from the last night's
// explanations, gives every pair the terms (as words) and the fallback
// flag that computing them again gives, and that it does answer most
// pairs from the kept ones.
func TestExplainPairKept(t *testing.T) {
	base := wordCorpus(300, 1)
	other := wordCorpus(300, 2)
	cfg := DefaultConfig
	cfg.Workers, cfg.Dims = 2, 20
	const n = 5
	m0, s0 := buildSnapshot(t, base, cfg)
	if err := s0.SetExplanations(explainAll(m0, m0.Surfaces(base), n), n); err != nil {
		t.Fatal(err)
	}
	arts := slices.Clone(base)
	for i := 0; i < len(arts); i += 30 {
		arts[i].Answer += " " + other[i].Answer
	}
	m, _, err := Update(roundTrip(t, s0), arts, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if m.explKept == nil {
		t.Fatal("the night kept no explanations")
	}
	s := m.Surfaces(arts)
	kept, pairs := 0, 0
	for a, hs := range m.lists {
		for _, h := range hs {
			pairs++
			if _, ok := m.explKept.find(a, h.Doc); ok {
				kept++
			}
			got, gotShown, _ := PairRun(s.AppendExplanation(nil, a, h.Doc, n), h.Doc)
			want, _, wantShown := s.sharedWords(a, h.Doc, n, nil)
			w := func(ids []int32) (out []string) {
				for _, id := range ids {
					out = append(out, s.Word(id))
				}
				return out
			}
			if !slices.Equal(w(got), w(want)) || gotShown != wantShown {
				t.Errorf("pair (%d, %d): %v (fell back %v), computed again %v (%v)", a, h.Doc, w(got), gotShown, w(want), wantShown)
			}
		}
	}
	if kept < pairs/2 {
		t.Errorf("%d of %d pairs answered from the kept explanations: want most", kept, pairs)
	}
	// A night analysing every article again keeps none.
	if m2, _, err := UpdateAnalysing(roundTrip(t, s0), arts, cfg); err != nil || m2.explKept != nil {
		t.Errorf("UpdateAnalysing: %v, kept explanations %v; want none", err, m2 != nil && m2.explKept != nil)
	}
}
