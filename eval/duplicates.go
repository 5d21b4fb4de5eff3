package eval

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
)

// Possible duplicates are pairs of different articles whose questions say
// the same thing in other words. Each question is a TF-IDF vector of its
// lowercased words (tf = 1 + ln(count), idf = ln((1+N)/(1+df)) + 1, rows
// L2-normalised), and two questions are near-duplicates when the cosine of
// their vectors reaches a threshold. Pairs with the same question key are
// cross-posted copies, counted apart and not listed.
//
// All pairs are found without comparing all N² of them: words found in more
// than dupCommonDF questions ("what", "the") only add to a pair's cosine, so
// candidates are the pairs that share a rarer word, and the common words'
// share is bounded by the product of the two questions' common-word norms
// (Cauchy–Schwarz) before the exact cosine is taken. A pair of questions
// made only of common words is never a candidate.

// dupCommonDF is the document frequency above which a word does not make
// candidates (see above).
const dupCommonDF = 400

// DuplicatePair is two articles whose questions are near-duplicates, A < B
// by URL.
type DuplicatePair struct {
	A         string  `json:"a"`
	B         string  `json:"b"`
	QuestionA string  `json:"question_a"`
	QuestionB string  `json:"question_b"`
	Score     float64 `json:"score"` // cosine of the question vectors
}

// Duplicates is the report of possible duplicate questions.
type Duplicates struct {
	Threshold   float64         `json:"threshold"`
	ExactCopies int             `json:"exact_copies"` // pairs with the same question key (cross-posts)
	Pairs       []DuplicatePair `json:"pairs"`        // one per pair of questions; highest score first, then by A, B
}

// questionVectors holds each article's question as a sparse unit vector,
// terms ascending.
type questionVectors struct {
	terms   [][]int32
	weights [][]float64
	common  []float64 // norm of the part of each vector on common words
	df      []int
}

func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func (ix *Index) questionVectors() *questionVectors {
	vocab := map[string]int32{}
	docs := make([]map[int32]int, len(ix.arts))
	var df []int
	for i := range ix.arts {
		if !ix.canon[i] {
			continue
		}
		tf := map[int32]int{}
		for _, w := range words(ix.arts[i].Question) {
			id, ok := vocab[w]
			if !ok {
				id = int32(len(vocab))
				vocab[w] = id
				df = append(df, 0)
			}
			if tf[id] == 0 {
				df[id]++
			}
			tf[id]++
		}
		docs[i] = tf
	}
	n := 0
	for i := range ix.arts {
		if ix.canon[i] {
			n++
		}
	}
	qv := &questionVectors{
		terms:   make([][]int32, len(ix.arts)),
		weights: make([][]float64, len(ix.arts)),
		common:  make([]float64, len(ix.arts)),
		df:      df,
	}
	for i, tf := range docs {
		terms := make([]int32, 0, len(tf))
		for t := range tf {
			terms = append(terms, t)
		}
		slices.Sort(terms)
		ws := make([]float64, len(terms))
		var ss float64
		for k, t := range terms {
			ws[k] = (1 + math.Log(float64(tf[t]))) * (math.Log(float64(1+n)/float64(1+df[t])) + 1)
			ss += ws[k] * ws[k]
		}
		var cs float64
		for k, t := range terms {
			ws[k] /= math.Sqrt(ss)
			if df[t] > dupCommonDF {
				cs += ws[k] * ws[k]
			}
		}
		qv.terms[i], qv.weights[i], qv.common[i] = terms, ws, math.Sqrt(cs)
	}
	return qv
}

// cosine of the question vectors of articles i and j.
func (qv *questionVectors) cosine(i, j int) float64 {
	ti, tj, wi, wj := qv.terms[i], qv.terms[j], qv.weights[i], qv.weights[j]
	var s float64
	for a, b := 0, 0; a < len(ti) && b < len(tj); {
		switch {
		case ti[a] < tj[b]:
			a++
		case ti[a] > tj[b]:
			b++
		default:
			s += wi[a] * wj[b]
			a++
			b++
		}
	}
	return s
}

// QuestionSimilarity returns the cosine of the question vectors of the
// articles with URLs a and b (see Duplicates), and false when either is
// unknown.
func (ix *Index) QuestionSimilarity(a, b string) (float64, bool) {
	i, ok1 := ix.byURL[a]
	j, ok2 := ix.byURL[b]
	if !ok1 || !ok2 {
		return 0, false
	}
	return ix.qvecs().cosine(i, j), true
}

func (ix *Index) qvecs() *questionVectors {
	ix.qvOnce.Do(func() { ix.qv = ix.questionVectors() })
	return ix.qv
}

// Duplicates finds every pair of articles with different question keys
// whose question cosine is at least threshold (in (0, 1]), once per pair
// of questions: of the pairs that cross-posted copies repeat under other
// URLs, the first by URL is kept.
func (ix *Index) Duplicates(threshold float64) Duplicates {
	qv := ix.qvecs()
	d := Duplicates{Threshold: threshold}
	// postings of the rarer words, with each article's weight
	type posting struct {
		doc int32
		w   float64
	}
	post := make([][]posting, len(qv.df))
	for i := range ix.arts {
		for k, t := range qv.terms[i] {
			if qv.df[t] <= dupCommonDF {
				post[t] = append(post[t], posting{int32(i), qv.weights[i][k]})
			}
		}
	}
	acc := make([]float64, len(ix.arts))
	var touched []int32
	for i := range ix.arts {
		if !ix.canon[i] {
			continue
		}
		touched = touched[:0]
		for k, t := range qv.terms[i] {
			if qv.df[t] > dupCommonDF {
				continue
			}
			w := qv.weights[i][k]
			for _, p := range post[t] {
				j := p.doc
				if int(j) <= i {
					continue
				}
				if acc[j] == 0 {
					touched = append(touched, j)
				}
				acc[j] += w * p.w
			}
		}
		for _, j := range touched {
			bound := acc[j] + qv.common[i]*qv.common[j]
			acc[j] = 0
			if bound < threshold-1e-12 {
				continue
			}
			if ix.qid[i] == ix.qid[j] {
				continue
			}
			if s := qv.cosine(i, int(j)); s >= threshold-1e-12 {
				a, b := i, int(j)
				if ix.url[b] < ix.url[a] {
					a, b = b, a
				}
				d.Pairs = append(d.Pairs, DuplicatePair{A: ix.url[a], B: ix.url[b],
					QuestionA: pyStrip(ix.arts[a].Question), QuestionB: pyStrip(ix.arts[b].Question), Score: s})
			}
		}
	}
	groups := map[string]int{}
	for i := range ix.arts {
		if ix.canon[i] {
			groups[ix.qkey[i]]++
		}
	}
	for _, n := range groups {
		d.ExactCopies += n * (n - 1) / 2
	}
	slices.SortFunc(d.Pairs, func(x, y DuplicatePair) int {
		return cmp.Or(cmp.Compare(y.Score, x.Score), cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
	})
	// Cross-posted copies repeat a pair under other URLs: keep the first
	// pair of each two questions.
	seen := map[[2]string]bool{}
	pairs := d.Pairs[:0]
	for _, p := range d.Pairs {
		ka, kb := questionKey(p.QuestionA), questionKey(p.QuestionB)
		if kb < ka {
			ka, kb = kb, ka
		}
		if !seen[[2]string{ka, kb}] {
			seen[[2]string{ka, kb}] = true
			pairs = append(pairs, p)
		}
	}
	d.Pairs = pairs
	return d
}

// weightOf is article j's weight on term t (0 when absent).
func weightOf(qv *questionVectors, j int, t int32) float64 {
	if k, ok := slices.BinarySearch(qv.terms[j], t); ok {
		return qv.weights[j][k]
	}
	return 0
}

// DefaultDupThreshold is the question cosine from which two questions are
// reported as possible duplicates when no judgments are at hand. Measured
// with DupThreshold on ../shared/judged-dev (1,966 judged pairs, January
// 2026 corpus): of the judged pairs scoring ≥ 0.80, 20 of 20 are graded 0
// (reworded copies); of those in [0.75, 0.80), 4 of 10.
const DefaultDupThreshold = 0.80

// ThresholdRow is one candidate threshold: Pairs judged pairs of different
// questions score at least Threshold, Graded0 of them graded 0.
type ThresholdRow struct {
	Threshold float64 `json:"threshold"`
	Pairs     int     `json:"pairs"`
	Graded0   int     `json:"graded_0"`
}

// dupPrecision is the share of judged pairs at or above a threshold that
// must be graded 0 for DupThreshold to choose it.
const dupPrecision = 0.95

// DupThreshold measures the duplicate threshold on judgments. The judging
// protocol grades a reworded copy of the query 0, and a candidate that close
// in wording and not a copy would be highly related (2), so a threshold is
// sound when nearly all judged pairs above it are graded 0. It returns the
// lowest threshold of 0.50, 0.55, ..., 0.95 at which at least 95% of the
// judged pairs scoring at or above it (and at least one) are graded 0, or
// DefaultDupThreshold when none is, and the table it chose from. Pairs with
// the same question key, or naming an article not in the index, are left
// out.
func (ix *Index) DupThreshold(q *Qrels) (float64, []ThresholdRow) {
	type pair struct {
		s float64
		g int
	}
	var pairs []pair
	for _, query := range q.Queries {
		i, ok := ix.byURL[query]
		if !ok {
			continue
		}
		for c, g := range q.Grades[query] {
			j, ok := ix.byURL[c]
			if !ok || ix.qid[i] == ix.qid[j] {
				continue
			}
			pairs = append(pairs, pair{ix.qvecs().cosine(i, j), g})
		}
	}
	var rows []ThresholdRow
	chosen := -1.0
	for step := 10; step <= 19; step++ {
		t := float64(step) / 20
		r := ThresholdRow{Threshold: t}
		for _, p := range pairs {
			if p.s >= t-1e-12 {
				r.Pairs++
				if p.g == 0 {
					r.Graded0++
				}
			}
		}
		rows = append(rows, r)
		if chosen < 0 && r.Pairs > 0 && float64(r.Graded0) >= dupPrecision*float64(r.Pairs) {
			chosen = t
		}
	}
	if chosen < 0 {
		chosen = DefaultDupThreshold
	}
	return chosen, rows
}
