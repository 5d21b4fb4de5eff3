package recommend

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"recommend/corpus"
	"recommend/internal/corpustest"
)

// TestTextQueries scores free-text lookup (Vectors.Query) on the judged
// queries of eval/testdata/textqueries.json over the full corpus: hit@5
// and MRR@10, with the feedback Query applies and without it (the plain
// cosine of the text), and holds both at the measured figures.
func TestTextQueries(t *testing.T) {
	if testing.Short() {
		t.Skip("the full corpus's TF-IDF")
	}
	arts, _, err := corpus.Load(corpustest.Dir(t))
	if err != nil {
		t.Fatal(err)
	}
	var set struct {
		Queries []struct {
			Query    string
			Relevant []string
		}
	}
	b, err := os.ReadFile(filepath.Join(corpustest.Root(), "eval", "testdata", "textqueries.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &set); err != nil || len(set.Queries) != 20 {
		t.Fatalf("textqueries.json: %v, %d queries", err, len(set.Queries))
	}
	cfg := DefaultConfig
	tf := buildTFIDF(arts, cfg, runtime.GOMAXPROCS(0), nil)
	v := &Vectors{Stem: cfg.Stem, Sublinear: cfg.Sublinear, PerField: cfg.PerField, Fields: cfg.Fields,
		MinDF: cfg.MinDF, MaxDF: cfg.MaxDF, Terms: tf.terms, IDF: tf.idf, X: tf.x}
	for i := range arts {
		v.URLs = append(v.URLs, arts[i].URL)
	}
	plain := func(text string) []Hit {
		v.Query(text, 1) // builds the term index
		q := make([]float64, len(v.Terms))
		counts := map[int32]float64{}
		for _, term := range NewAnalyzer(v.Stem).Analyze(text) {
			if j, ok := v.index[term]; ok {
				counts[j]++
			}
		}
		for j, c := range counts {
			q[j] = tfWeight(c, v.Sublinear) * v.IDF[j]
		}
		return v.score(q, nil)
	}
	measure := func(query func(string) []Hit) (hit5, mrr float64) {
		for _, qq := range set.Queries {
			rel := map[string]bool{}
			for _, u := range qq.Relevant {
				rel[u] = true
			}
			hits := query(qq.Query)
			for k, h := range hits[:min(10, len(hits))] {
				if rel[v.URLs[h.Doc]] {
					mrr += 1 / float64(k+1)
					if k < 5 {
						hit5++
					}
					break
				}
			}
		}
		n := float64(len(set.Queries))
		return hit5 / n, mrr / n
	}
	h0, m0 := measure(plain)
	h1, m1 := measure(func(s string) []Hit { return v.Query(s, 10) })
	t.Logf("plain cosine: hit@5 %.3f MRR@10 %.3f; with feedback: hit@5 %.3f MRR@10 %.3f", h0, m0, h1, m1)
	round := func(x float64) float64 { return math.Round(x*1000) / 1000 }
	if round(h1) < 0.8 || round(m1) < 0.729 || h1 < h0 || m1 < m0 {
		t.Errorf("free-text lookup: hit@5 %.3f MRR@10 %.3f, want at least 0.800 and 0.729 and no worse than the plain cosine (%.3f, %.3f)", h1, m1, h0, m0)
	}
}
