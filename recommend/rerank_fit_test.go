package recommend_test

// TestFitRerank fits the blend's re-ranking terms (Config.RerankQuestion,
// Config.RerankSubject, Config.RerankHub) on the project's judgments and checks that
// rerank_fit.go holds that fit; with -rerank.update it writes the file
// instead:
//
//	go test ./recommend -run TestFitRerank -rerank.update -v -timeout 30m
//
// The pool is what the batch re-ranks: the Candidates best articles by the
// TF-IDF cosine for each judged query, finished as the lists are (copies
// and paraphrases out), built with the terms at 0. Each candidate has
// four features, the blended score without the terms, the question
// cosine, 1 for the same subject (else 0) and the part of the
// neighbourhood term's signal 1 − (h_q + h_c)/2 that differs between one
// query's candidates, −h_c/2 (h: Model.NeighbourhoodDensity; the query's
// own h_q, the same for all its candidates, would only weigh how many
// grade-2 candidates a query has); the label is "graded 2"
// (highly related: strict P@5 counts those), and unjudged candidates are
// left out of the fit. The model is a logistic regression
// (internal/logistic, ridge 0.1 on the coefficients); dividing its
// coefficients by the blended score's turns them into score units, the
// weights (rounded to 0.001), so that the re-ranked score stays on the
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
	f     [4]float64 // blended score without the terms, question cosine, same subject, neighbourhood
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
	cfg.RerankQuestion, cfg.RerankSubject, cfg.RerankHub = 0, 0, 0
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
			hub := -m.NeighbourhoodDensity(h.Doc) / 2
			pools[k] = append(pools[k], rerankCand{u, [4]float64{h.Score, m.QuestionCosine(i, h.Doc), same, hub}, g})
		}
	}

	// fit returns the weights in score units of the features feats
	// (indices into rerankCand.f past the blended score), from the pools
	// of the queries for which use is true: w[c] for feature c, 0 for the
	// features left out of the model.
	fit := func(use func(k int) bool, feats ...int) (w [4]float64) {
		var xs [][]float64
		var ys []bool
		for k, pool := range pools {
			if !use(k) {
				continue
			}
			for _, c := range pool {
				if c.grade >= 0 {
					x := []float64{c.f[0]}
					for _, f := range feats {
						x = append(x, c.f[f])
					}
					xs = append(xs, x)
					ys = append(ys, c.grade == 2)
				}
			}
		}
		coef := logistic.Fit(xs, ys, rerankLambda)
		if coef == nil || coef[1] <= 0 {
			t.Fatalf("the fit gives the blended score no positive weight: %v", coef)
		}
		for k, f := range feats {
			w[f] = coef[k+2] / coef[1]
		}
		return w
	}
	// rank orders a pool by the re-ranked score (then URL), keeping only
	// the judged candidates when judgedOnly.
	rank := func(pool []rerankCand, w [4]float64, judgedOnly bool) []string {
		cs := slices.Clone(pool)
		s := func(c rerankCand) float64 { return c.f[0] + w[1]*c.f[1] + w[2]*c.f[2] + w[3]*c.f[3] }
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
	// score ranks each query's pool by the weights of its fold and scores
	// the lists as listed and with the unjudged candidates skipped; the
	// figures of the fold's own queries alone are in folds.
	score := func(name string, weights func(k int) [4]float64) row {
		all, only := map[string][]string{}, map[string][]string{}
		for k, qu := range queries {
			w := weights(k)
			all[qu], only[qu] = rank(pools[k], w, false), rank(pools[k], w, true)
		}
		return row{name, ix.Judged(all, q, 5), ix.Judged(only, q, 5)}
	}
	const question, subject, hub = 1, 2, 3
	var both, subj, sh [rerankFolds][4]float64
	var folds strings.Builder
	for f := range rerankFolds {
		train := func(k int) bool { return k%rerankFolds != f }
		both[f], subj[f], sh[f] = fit(train, question, subject), fit(train, subject), fit(train, subject, hub)
		fmt.Fprintf(&folds, "//\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\n", f+1, both[f][question], both[f][subject], subj[f][subject], sh[f][subject], sh[f][hub])
	}
	rows := []row{
		score("blend alone", func(int) [4]float64 { return [4]float64{} }),
		score("both terms", func(k int) [4]float64 { return both[k%rerankFolds] }),
		score("subject only", func(k int) [4]float64 { return subj[k%rerankFolds] }),
		score("subject, hub", func(k int) [4]float64 { return sh[k%rerankFolds] }),
	}
	var table strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&table, "//\t%-12s\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\n", r.name, r.all.NDCG, r.all.PStrict,
			r.all.Zero, r.all.Unjudged, r.judged.NDCG, r.judged.PStrict, r.judged.Zero)
	}
	all := func(int) bool { return true }
	wb, wsOnly, wsh := fit(all, question, subject), fit(all, subject), fit(all, subject, hub)
	round := func(x float64) string { return strconv.FormatFloat(math.Round(x*1000)/1000, 'f', -1, 64) }
	src := fmt.Sprintf(`// Code generated by TestFitRerank -rerank.update; DO NOT EDIT.

package recommend

// The blend's re-ranking terms (Config.RerankQuestion, Config.RerankSubject,
// Config.RerankHub; Model.blended), fitted on the %d judged pairs among the
// %d candidates of the %d judged queries of eval/testdata/judged-dev
// (label: graded 2) by a logistic regression over the blended score and
// the terms' signals (both: the question cosine and the same subject;
// subject only; subject and hub: the same subject and the candidate's
// part of the neighbourhood term, −h_c/2), ridge %g, its coefficients divided by the
// blended score's.
//
// Held-out figures (%d-fold cross-validation grouped by query; each fold
// ranked by the weights fitted on the others), top 5 of each pool: as
// listed (unjudged slots count 0), then with the unjudged candidates
// skipped:
//
//	lists       	nDCG@5	strict	zero	unjudged	judged only: nDCG@5	strict	zero
%s//
// The weights fitted on each fold's training queries (both terms:
// question, subject; subject only; subject and hub):
//
//	fold	question	subject	subject only	subject	hub
%s//
// Fitted on all queries, both terms: question %.4f, subject %.4f; the
// subject alone: %.4f; subject and hub: %.4f and %.4f, rounded below (the
// kept model). Config's defaults are chosen on the written lists' judged
// figures (see DefaultConfig): the subject and neighbourhood terms, since
// the question term, at the weight fitted here, lowered them once the
// pairs it brought in were judged.
const (
	rerankSubject = %s
	rerankHub     = %s
)
`, judged, cfg.Candidates, len(queries), rerankLambda, rerankFolds, table.String(), folds.String(),
		wb[question], wb[subject], wsOnly[subject], wsh[subject], wsh[hub], round(wsh[subject]), round(wsh[hub]))
	recommend.CheckGenerated(t, "rerank_fit.go", src, *rerankUpdate,
		"go test ./recommend -run TestFitRerank -rerank.update")
}
