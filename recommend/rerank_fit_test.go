package recommend_test

// TestFitRerank fits the blend's re-ranking terms (Config.RerankQuestion,
// Config.RerankSubject) on the project's judgments and checks that
// rerank_fit.go holds that fit; with -rerank.update it writes the file
// instead:
//
//	go test ./recommend -run TestFitRerank -rerank.update -v -timeout 30m
//
// The pool is what the batch re-ranks: the Candidates best articles by the
// TF-IDF cosine for each judged query, finished as the lists are (copies
// and paraphrases out), built with both terms at 0. Each candidate has
// three features, the blended score without the terms, the question
// cosine and 1 for the same subject (else 0); the label is "graded 2"
// (highly related: strict P@5 counts those), and unjudged candidates are
// left out of the fit. The model is a logistic regression
// (internal/logistic, ridge 0.1 on the coefficients); dividing its
// coefficients by the blended score's turns them into score units, the
// two weights (rounded to 0.001), so that the re-ranked score stays on the
// blend's scale and the editors' hysteresis margin keeps its meaning.
//
// The weights are judged by 5-fold cross-validation grouped by query (the
// queries, sorted by URL, dealt to folds in turn): each fold's queries are
// ranked with the weights fitted on the other four, and the held-out lists
// of all folds are scored by eval's judged figures, both as they stand
// (unjudged slots count 0) and with the unjudged candidates skipped (the
// ordering of the judged ones alone), against the blend alone.

import (
	"cmp"
	"flag"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"recommend/corpus"
	"recommend/eval"
	"recommend/internal/corpustest"
	"recommend/internal/logistic"
	"recommend/recommend"
)

var rerankUpdate = flag.Bool("rerank.update", false, "refit the blend's re-ranking terms and rewrite rerank_fit.go")

const (
	rerankFolds  = 5
	rerankLambda = 0.1
)

// rerankCand is one candidate of a judged query's pool.
type rerankCand struct {
	url   string
	f     [3]float64 // blended score without the terms, question cosine, same subject
	grade int        // -1 when unjudged
}

func TestFitRerank(t *testing.T) {
	if testing.Short() && !*rerankUpdate {
		t.Skip("full-corpus build")
	}
	dir := corpustest.Dir(t)
	arts, _, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	q, err := eval.LoadQrels(filepath.Join(corpustest.Root(), "eval", "testdata", "judged-dev"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := recommend.DefaultConfig
	cfg.RerankQuestion, cfg.RerankSubject = 0, 0
	cfg.TopK = cfg.Candidates
	m, err := recommend.Build(arts, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ix := eval.NewIndex(arts)
	queries := slices.Sorted(slices.Values(q.Queries))
	pools := make([][]rerankCand, len(queries))
	judged := 0
	for k, qu := range queries {
		i, ok := ix.Lookup(qu)
		if !ok {
			t.Fatalf("judged query %s not in the corpus", qu)
		}
		for _, h := range m.Lists()[i] {
			u := strings.TrimSpace(arts[h.Doc].URL)
			g, ok := q.Grades[qu][u]
			if !ok {
				g = -1
			} else {
				judged++
			}
			same := 0.0
			if m.SameSubject(i, h.Doc) {
				same = 1
			}
			pools[k] = append(pools[k], rerankCand{u, [3]float64{h.Score, m.QuestionCosine(i, h.Doc), same}, g})
		}
	}

	// fit returns the two weights in score units from the pools of the
	// queries for which use is true; with subjectOnly the question cosine
	// is left out of the model (its weight is 0).
	fit := func(use func(k int) bool, subjectOnly bool) (wq, ws float64) {
		var xs [][]float64
		var ys []bool
		for k, pool := range pools {
			if !use(k) {
				continue
			}
			for _, c := range pool {
				if c.grade >= 0 {
					x := c.f[:]
					if subjectOnly {
						x = []float64{c.f[0], c.f[2]}
					}
					xs = append(xs, x)
					ys = append(ys, c.grade == 2)
				}
			}
		}
		w := logistic.Fit(xs, ys, rerankLambda)
		if w == nil || w[1] <= 0 {
			t.Fatalf("the fit gives the blended score no positive weight: %v", w)
		}
		if subjectOnly {
			return 0, w[2] / w[1]
		}
		return w[2] / w[1], w[3] / w[1]
	}
	// rank orders a pool by the re-ranked score (then URL), keeping only
	// the judged candidates when judgedOnly.
	rank := func(pool []rerankCand, wq, ws float64, judgedOnly bool) []string {
		cs := slices.Clone(pool)
		s := func(c rerankCand) float64 { return c.f[0] + wq*c.f[1] + ws*c.f[2] }
		slices.SortStableFunc(cs, func(a, b rerankCand) int { return cmp.Or(cmp.Compare(s(b), s(a)), cmp.Compare(a.url, b.url)) })
		var out []string
		for _, c := range cs {
			if !judgedOnly || c.grade >= 0 {
				out = append(out, c.url)
			}
		}
		return out
	}
	type row struct {
		name        string
		all, judged eval.Judged
	}
	score := func(name string, weights func(k int) (float64, float64)) row {
		all, only := map[string][]string{}, map[string][]string{}
		for k, qu := range queries {
			wq, ws := weights(k)
			all[qu], only[qu] = rank(pools[k], wq, ws, false), rank(pools[k], wq, ws, true)
		}
		return row{name, ix.Judged(all, q, 5), ix.Judged(only, q, 5)}
	}
	var both, subj [rerankFolds][2]float64
	var folds strings.Builder
	for f := range rerankFolds {
		train := func(k int) bool { return k%rerankFolds != f }
		both[f][0], both[f][1] = fit(train, false)
		subj[f][0], subj[f][1] = fit(train, true)
		fmt.Fprintf(&folds, "//\t%d\t%.3f\t%.3f\t%.3f\n", f+1, both[f][0], both[f][1], subj[f][1])
	}
	rows := []row{
		score("blend alone", func(int) (float64, float64) { return 0, 0 }),
		score("both terms", func(k int) (float64, float64) { return both[k%rerankFolds][0], both[k%rerankFolds][1] }),
		score("subject only", func(k int) (float64, float64) { return 0, subj[k%rerankFolds][1] }),
	}
	var table strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&table, "//\t%-12s\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\n", r.name, r.all.NDCG, r.all.PStrict,
			r.all.Zero, r.all.Unjudged, r.judged.NDCG, r.judged.PStrict, r.judged.Zero)
	}
	all := func(int) bool { return true }
	wq, ws := fit(all, false)
	_, wsOnly := fit(all, true)
	round := func(x float64) string { return strconv.FormatFloat(math.Round(x*1000)/1000, 'f', -1, 64) }
	src := fmt.Sprintf(`// Code generated by TestFitRerank -rerank.update; DO NOT EDIT.

package recommend

// The blend's re-ranking terms (Config.RerankQuestion, Config.RerankSubject;
// Model.blended), fitted on the %d judged pairs among the %d candidates of
// the %d judged queries of eval/testdata/judged-dev (label: graded 2) by a
// logistic regression over the blended score and the terms' signals (both:
// the question cosine and the same subject; or the same subject only),
// ridge %g, its coefficients divided by the blended score's.
//
// Held-out figures (%d-fold cross-validation grouped by query; each fold
// ranked by the weights fitted on the others), top 5 of each pool: as
// listed (unjudged slots count 0), then with the unjudged candidates
// skipped:
//
//	lists       	nDCG@5	strict	zero	unjudged	judged only: nDCG@5	strict	zero
%s//
// The weights fitted on each fold's training queries (both terms:
// question, subject; subject only):
//
//	fold	question	subject	subject only
%s//
// Fitted on all queries, both terms: question %.4f, subject %.4f; the
// subject alone: %.4f, rounded below. Config's defaults are chosen on the
// written lists' judged figures (see DefaultConfig): the subject term
// alone, since the question term, at the weight fitted here, lowered
// them once the pairs it brought in were judged.
const rerankSubject = %s
`, judged, cfg.Candidates, len(queries), rerankLambda, rerankFolds, table.String(), folds.String(), wq, ws, wsOnly, round(wsOnly))
	recommend.CheckGenerated(t, "rerank_fit.go", src, *rerankUpdate,
		"go test ./recommend -run TestFitRerank -rerank.update")
}
