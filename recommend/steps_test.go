package recommend

import (
	"recommend/internal/linalg"

	"slices"
	"testing"

	"recommend/corpus"
)

// TestStepsRebuildTFIDF runs the exported steps one by one, as a pipeline
// does (analyse each field, count document frequencies over the weighted
// fields, keep and sort the vocabulary, build each row), and wants
// buildTFIDF's vocabulary, idf and rows to the last bit, for both ways of
// combining fields.
func TestStepsRebuildTFIDF(t *testing.T) {
	arts, bad, err := corpus.Load("../seeds")
	if err != nil || len(bad) > 0 {
		t.Fatalf("loading seeds: %v, %d bad files", err, len(bad))
	}
	for _, perField := range []bool{true, false} {
		cfg := DefaultConfig
		cfg.PerField = perField
		want := buildTFIDF(arts, cfg, 2, nil)

		an := NewAnalyzer(cfg.Stem)
		counts := make([][]map[string]int32, len(arts))
		df := map[string]int{}
		for i := range arts {
			counts[i] = make([]map[string]int32, NumFields)
			seen := map[string]bool{}
			for f := range NumFields {
				if !cfg.Analyzed(Field(f)) {
					continue
				}
				counts[i][f] = map[string]int32{}
				for _, term := range an.Analyze(FieldText(&arts[i], Field(f))) {
					counts[i][f][term]++
					if cfg.Fields.Weight(Field(f)) > 0 && !seen[term] {
						seen[term] = true
						df[term]++
					}
				}
			}
		}
		var terms []string
		for term, d := range df {
			if cfg.KeepTerm(d, len(arts)) {
				terms = append(terms, term)
			}
		}
		slices.Sort(terms)
		if !slices.Equal(terms, want.terms) {
			t.Fatalf("perField %v: vocabulary of %d terms, want %d", perField, len(terms), len(want.terms))
		}
		idf := make([]float64, len(terms))
		for j, term := range terms {
			idf[j] = SmoothIDF(len(arts), df[term])
		}
		if !slices.Equal(idf, want.idf) {
			t.Fatalf("perField %v: idf differs", perField)
		}
		b := NewRowBuilder(idf, cfg)
		for i := range arts {
			fields := make([][]ColCount, NumFields)
			for f, m := range counts[i] {
				for j, term := range terms {
					if n := m[term]; n > 0 {
						fields[f] = append(fields[f], ColCount{Col: int32(j), N: n})
					}
				}
			}
			x, q := b.Rows(fields)
			for _, c := range []struct {
				name string
				got  SparseVec
				m    *CSR
			}{{"row", x, want.x}, {"question row", q, want.q}} {
				ind, val := c.m.Row(i)
				if !slices.Equal(c.got.Ind, ind) || !slices.Equal(c.got.Val, val) {
					t.Fatalf("perField %v: article %d: %s differs from buildTFIDF's", perField, i, c.name)
				}
			}
			if i > 0 {
				xi, xv := want.x.Row(i - 1)
				if got, w := Dot(x, SparseVec{xi, xv}), linalg.SparseDot(want.x.Ind[want.x.Ptr[i]:want.x.Ptr[i+1]], want.x.Val[want.x.Ptr[i]:want.x.Ptr[i+1]], xi, xv); got != w {
					t.Fatalf("Dot = %v, want %v", got, w)
				}
			}
		}
	}
}
