package recommend

import (
	"math"
	"path/filepath"
	"testing"

	"recommend/corpus"
	"recommend/internal/corpustest"
)

// TestScoreMatchesLists wants Score to give, for every pair in every list,
// exactly the listed score, under each ranking, on seeds/ and on a
// synthetic corpus; and a pair outside the lists to score like the formula
// says (the cosines recomputed here independently, within float32 rounding).
func TestScoreMatchesLists(t *testing.T) {
	seeds, _, err := corpus.Load(filepath.Join(corpustest.Root(), "seeds"))
	if err != nil || len(seeds) == 0 {
		t.Fatalf("loading seeds/: %d articles, %v", len(seeds), err)
	}
	corpora := []struct {
		name string
		arts []corpus.Article
	}{
		{"seeds", seeds},
		{"synthetic", synthetic(300, 7)},
	}
	for _, c := range corpora {
		for _, ranking := range []string{RankTFIDF, RankLSA, RankBlend} {
			t.Run(c.name+"/"+ranking, func(t *testing.T) {
				cfg := DefaultConfig
				cfg.Ranking = ranking
				m := mustBuild(t, c.arts, cfg)
				pairs := 0
				for a, hs := range m.Lists() {
					for _, h := range hs {
						pairs++
						if got := m.Score(a, h.Doc); got != h.Score {
							t.Fatalf("Score(%d, %d) = %v, Lists() says %v", a, h.Doc, got, h.Score)
						}
					}
				}
				if pairs < len(c.arts) {
					t.Fatalf("only %d listed pairs for %d articles: the check is too thin", pairs, len(c.arts))
				}
				// A pair no list holds: the last article of each list's
				// complement, scored by the formula from the vectors.
				outside := 0
				for a, hs := range m.Lists() {
					listed := map[int]bool{a: true}
					for _, h := range hs {
						listed[h.Doc] = true
					}
					for b := len(c.arts) - 1; b >= 0; b-- {
						if listed[b] {
							continue
						}
						if got, want := m.Score(a, b), formula(m, c.arts, ranking, a, b); math.Abs(got-want) > 1e-5 {
							t.Fatalf("Score(%d, %d) = %v, want %v", a, b, got, want)
						}
						outside++
						break
					}
				}
				if outside == 0 {
					t.Fatal("no unlisted pair was checked")
				}
			})
		}
	}
}

// formula computes the ranking score of b on a's page (articles arts) from
// the model's TF-IDF rows, question rows and LSA coordinates, densely, in
// float64.
func formula(m *Model, arts []corpus.Article, ranking string, a, b int) float64 {
	dense := func(i int) map[int32]float64 {
		ind, val := m.tf.x.Row(i)
		r := make(map[int32]float64, len(ind))
		for p, c := range ind {
			r[c] = float64(val[p])
		}
		return r
	}
	ra, rb := dense(a), dense(b)
	var ct float64
	for c, v := range ra {
		ct += v * rb[c]
	}
	var cl float64
	if m.z != nil {
		d := len(m.z) / m.tf.x.Rows
		for c := range d {
			cl += float64(m.z[a*d+c]) * float64(m.z[b*d+c])
		}
	}
	switch ranking {
	case RankTFIDF:
		return ct
	case RankLSA:
		return cl
	}
	// The re-ranking terms: the question rows' cosine, densely, and the
	// subject labels compared as the corpus writes them.
	qa, qb := map[int32]float64{}, map[int32]float64{}
	for _, x := range []struct {
		i   int
		row map[int32]float64
	}{{a, qa}, {b, qb}} {
		ind, val := m.tf.q.Row(x.i)
		for p, c := range ind {
			x.row[c] = float64(val[p])
		}
	}
	var cq float64
	for c, v := range qa {
		cq += v * qb[c]
	}
	s := m.cfg.Blend*cl + (1-m.cfg.Blend)*ct + m.cfg.RerankQuestion*cq
	if arts[a].SubjectKey != "" && arts[a].SubjectKey == arts[b].SubjectKey {
		s += m.cfg.RerankSubject
	}
	return s + m.cfg.RerankHub*(1-(bruteDensity(m, a)+bruteDensity(m, b))/2)
}

// TestScoreOutOfRange wants indices outside the articles to score 0, not
// to panic.
func TestScoreOutOfRange(t *testing.T) {
	m := mustBuild(t, synthetic(40, 3), DefaultConfig)
	for _, p := range [][2]int{{-1, 0}, {0, -1}, {40, 0}, {0, 40}} {
		if got := m.Score(p[0], p[1]); got != 0 {
			t.Errorf("Score(%d, %d) = %v, want 0", p[0], p[1], got)
		}
	}
}
