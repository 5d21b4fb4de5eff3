package recommend

// TestFitParaphrase fits the paraphrase detector (paraphrase.go) on the
// project's judgments and checks that paraphrase_fit.go holds that fit; with
// -paraphrase.update it writes the file instead:
//
//	go test ./recommend -run TestFitParaphrase -paraphrase.update -v -timeout 30m
//
// Training pairs are every judged (query, candidate) pair of
// eval/testdata/judged-dev whose question cosine reaches the default
// DupThreshold (pairs below it are never paraphrases): label 1 where
// dup_labels.json says D, 0 where it says N or where the pair is graded 1
// or 2 (a related question is, by the grading brief, not a reworded copy).
// Zero-graded pairs without a duplicate label are left out. The model is a
// logistic regression fitted by Newton's method with a small ridge penalty,
// deterministic. Precision and recall are measured by 5-fold
// cross-validation grouped by query (the queries, sorted by URL, dealt to
// folds in turn: no query has pairs on both sides), at every probability
// threshold from 0.10 to 0.90; the operating point (Config.Paraphrase) is
// chosen from this table and the written lists' judged figures.

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"recommend/corpus"
	"recommend/internal/corpustest"
	"recommend/internal/logistic"
)

var paraphraseUpdate = flag.Bool("paraphrase.update", false, "refit the paraphrase detector and rewrite paraphrase_fit.go")

// labelledPair is one training pair of the detector.
type labelledPair struct {
	query, fold int
	f           [numParaphraseFeatures]float64
	dup         bool
}

// fitLogistic fits the detector's logistic regression (logistic.Fit) with
// ridge penalty lambda on the coefficients. It returns the intercept and
// the coefficients.
func fitLogistic(ps []labelledPair, lambda float64) (float64, [numParaphraseFeatures]float64) {
	xs := make([][]float64, len(ps))
	ys := make([]bool, len(ps))
	for k, p := range ps {
		xs[k], ys[k] = p.f[:], p.dup
	}
	w := logistic.Fit(xs, ys, lambda)
	var c [numParaphraseFeatures]float64
	copy(c[:], w[1:])
	return w[0], c
}

// prAt returns precision, recall and F1 of D when pairs with a probability
// of at least th are called paraphrases; missed is the number of D pairs
// that the question-cosine floor keeps out of ps (counted as missed).
func prAt(ps []labelledPair, prob []float64, th float64, missed int) (p, r, f1 float64) {
	var tp, fp, fn float64
	fn = float64(missed)
	for k, x := range ps {
		switch hit := prob[k] >= th; {
		case hit && x.dup:
			tp++
		case hit:
			fp++
		case x.dup:
			fn++
		}
	}
	if tp+fp > 0 {
		p = tp / (tp + fp)
	}
	if tp+fn > 0 {
		r = tp / (tp + fn)
	}
	if p+r > 0 {
		f1 = 2 * p * r / (p + r)
	}
	return p, r, f1
}

const (
	paraphraseFolds  = 5
	paraphraseLambda = 0.1
)

func TestFitParaphrase(t *testing.T) {
	if testing.Short() && !*paraphraseUpdate {
		t.Skip("full-corpus build")
	}
	dir := corpustest.Dir(t)
	arts, _, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Build(arts, DefaultConfig)
	if err != nil {
		t.Fatal(err)
	}
	judged := filepath.Join(corpustest.Root(), "eval", "testdata", "judged-dev")
	var queries []string
	var qrels map[string]map[string]int
	var labels map[string]map[string]string
	for name, v := range map[string]any{"queries.json": &queries, "qrels.json": &qrels, "dup_labels.json": &labels} {
		b, err := os.ReadFile(filepath.Join(judged, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	byURL := map[string]int{}
	for i := range arts {
		byURL[strings.TrimSpace(arts[i].URL)] = i
	}
	slices.Sort(queries)
	floor := DefaultConfig.DupThreshold
	var ps []labelledPair
	missed, total, below := 0, 0, 0
	for k, qu := range queries {
		q, ok := byURL[qu]
		if !ok {
			t.Fatalf("judged query %s not in the corpus", qu)
		}
		cands := make([]string, 0, len(qrels[qu]))
		for u := range qrels[qu] {
			cands = append(cands, u)
		}
		slices.Sort(cands)
		for _, u := range cands {
			c, ok := byURL[u]
			if !ok || c == q || m.copyOf(q, c) {
				continue
			}
			g := qrels[qu][u]
			lab := labels[qu][u]
			if g == 0 && lab == "" {
				continue
			}
			p := labelledPair{query: k, fold: k % paraphraseFolds, f: m.paraphraseFeatures(q, c), dup: g == 0 && lab == "D"}
			total++
			if p.f[0] < floor {
				below++
				if p.dup {
					missed++
				}
				continue
			}
			ps = append(ps, p)
		}
	}
	nd := 0
	for _, p := range ps {
		if p.dup {
			nd++
		}
	}
	t.Logf("%d labelled pairs, %d with question cosine ≥ %g (%d D), %d below (%d D, missed by the floor)",
		total, len(ps), floor, nd, below, missed)

	// Cross-validated probabilities.
	oof := make([]float64, len(ps))
	for f := range paraphraseFolds {
		var train []labelledPair
		for _, p := range ps {
			if p.fold != f {
				train = append(train, p)
			}
		}
		b0, b := fitLogistic(train, paraphraseLambda)
		for k, p := range ps {
			if p.fold == f {
				z := b0
				for j, v := range p.f {
					z += b[j] * v
				}
				oof[k] = logistic.Sigmoid(z)
			}
		}
	}
	var table strings.Builder
	best, bestF1 := 0.0, -1.0
	for th := 0.10; th < 0.905; th += 0.05 {
		th = math.Round(th*100) / 100
		p, r, f1 := prAt(ps, oof, th, missed)
		fmt.Fprintf(&table, "//\t%.2f\t%.3f\t%.3f\t%.3f\n", th, p, r, f1)
		if f1 > bestF1+1e-12 {
			best, bestF1 = th, f1
		}
	}
	// The question cosine alone, as the rule before the detector.
	cosOnly := make([]float64, len(ps))
	for k, p := range ps {
		cosOnly[k] = p.f[0]
	}
	var cosTable strings.Builder
	for _, th := range []float64{0.6, 0.7, 0.8} {
		p, r, f1 := prAt(ps, cosOnly, th, missed)
		fmt.Fprintf(&cosTable, "//\t%.2f\t%.3f\t%.3f\t%.3f\n", th, p, r, f1)
	}
	b0, b := fitLogistic(ps, paraphraseLambda)
	var coef []string
	for k, v := range b {
		coef = append(coef, fmt.Sprintf("\t%s, // %s", strconv.FormatFloat(v, 'g', -1, 64), paraphraseFeatureNames[k]))
	}
	src := fmt.Sprintf(`// Code generated by TestFitParaphrase -paraphrase.update; DO NOT EDIT.

package recommend

// The paraphrase detector's coefficients (see paraphrase.go), fitted on all
// %d training pairs of eval/testdata/judged-dev whose question cosine is at
// least %g (%d labelled D), ridge %g.
//
// Out-of-fold precision, recall and F1 of D (%d-fold cross-validation
// grouped by query; the %d D pairs under the question-cosine floor count
// as missed), by probability threshold:
//
//	prob	precision	recall	F1
%s//
// The question cosine alone, for comparison (the rule before the detector):
//
//	cosine	precision	recall	F1
%s//
// The best F1 is at %g; Config.Paraphrase's default is chosen on the
// written lists' judged figures instead (see DefaultConfig).
const paraphraseIntercept = %s

var paraphraseCoef = [numParaphraseFeatures]float64{
%s
}
`, len(ps), floor, nd, paraphraseLambda, paraphraseFolds, missed, table.String(), cosTable.String(),
		best, strconv.FormatFloat(b0, 'g', -1, 64), strings.Join(coef, "\n"))
	CheckGenerated(t, "paraphrase_fit.go", src, *paraphraseUpdate,
		"go test ./recommend -run TestFitParaphrase -paraphrase.update")
}
