package recommend

// The paraphrase detector decides whether two articles ask the same
// question in other words. The corpus was written in many small batches, so
// one question recurs reworded ("How can engagement be maintained
// throughout a presentation?" / "What techniques keep an audience
// interested while presenting?"); a related list that shows such a copy
// wastes the slot, and the development judgments grade it 0.
//
// A pair's probability of being a paraphrase is a logistic regression over
// a few signals the engine already has (ParaphraseFeatures):
//
//   - the cosine of the two question vectors (the question field alone),
//   - the cosine of the two article vectors (question, keywords, answer:
//     two answers to one question say the same things),
//   - the share of the rarer question's idf mass that the other question
//     shares (shared rare terms),
//   - the Jaccard overlap of the two questions' kept terms (stemmed content
//     words: shared terms over the terms of either), which counts every
//     word alike where the idf share weighs the rare ones, and which falls
//     when one question asks more than the other.
//
// The Jaccard overlap replaced the difference in question length (log
// ratio of kept terms): with it the cross-validated average precision of D
// rose from 0.64 to 0.72 and the best F1 from 0.60 to 0.68, and the length
// difference added nothing beside it (BENCHMARKS.md, "Reworded copies").
// The LSA cosine, the product of the question and article cosines and a
// dozen more signals of the question text (BENCHMARKS.md) were tried as
// well and did not raise the cross-validated figures, so the model keeps
// the four that work under every ranking. So were soft matches of the two
// questions' terms through word vectors learned from the corpus (the LSA
// basis's term vectors, or PPMI vectors over a co-occurrence window): the
// judges' reworded copies and related questions are equally close by them
// (BENCHMARKS.md, "Meaning from the corpus as a detector signal").
//
// The coefficients (paraphraseCoef) are fitted offline on the project's
// judgments by TestFitParaphrase, which writes paraphrase_fit.go; its
// comment holds the cross-validated precision and recall that chose the
// operating point, Config.Paraphrase. The detector is the project's one
// "same question" notion beyond literal copies: the lists (Build), the
// editors' rules (Model.SameQuestion, passed to editor.Batch), the
// evaluation and the duplicate clusters all ask it.
//
// Asking is cheap because most pairs are decided by the question cosine
// alone, from one 64-byte record per article (questionLine), and the rest
// are remembered: the batch's lists ask about some 4.7 million pairs on
// the full corpus, 1.4 million of them past the question floor but only
// 280,000 distinct, and the editors' rules ask again about the listed ones
// (verdicts). Each question's idf mass is kept, so a new pair costs the
// article cosine and a walk over two short question rows.

import (
	"recommend/internal/linalg"

	"math"
	"sync/atomic"
)

// numParaphraseFeatures is the length of a pair's feature vector.
const numParaphraseFeatures = 4

// paraphraseFeatureNames names the features, in order, for reports.
var paraphraseFeatureNames = [numParaphraseFeatures]string{
	"question cosine", "article cosine", "shared rare question terms", "question terms' Jaccard overlap"}

// paraphraseFeatures returns the detector's inputs for articles i and j.
// It is symmetric in i and j.
func (m *Model) paraphraseFeatures(i, j int) [numParaphraseFeatures]float64 {
	xi, qi := m.rows(i)
	xj, qj := m.rows(j)
	return paraphraseFeatures(Dot(qi, qj), Dot(xi, xj), qi.Ind, qj.Ind, m.qMass[i], m.qMass[j], m.tf.idf)
}

// rows returns article i's TF-IDF row and question row.
func (m *Model) rows(i int) (x, q SparseVec) {
	xi, xv := m.tf.x.Row(i)
	qi, qv := m.tf.q.Row(i)
	return SparseVec{xi, xv}, SparseVec{qi, qv}
}

// ParaphraseFeatures returns the detector's inputs for two articles from
// their question rows qa and qb, their TF-IDF rows xa and xb (unit rows, as
// RowBuilder makes them) and the vocabulary's idf by column: the question
// cosine, the article cosine, the shared rare question terms and the
// question terms' Jaccard overlap (paraphrase.go's opening comment). It is the
// one computation of them, for Build and for a pipeline that has the rows
// but no Model. It is symmetric in a and b.
func ParaphraseFeatures(qa, qb, xa, xb SparseVec, idf []float64) [numParaphraseFeatures]float64 {
	return paraphraseFeatures(Dot(qa, qb), Dot(xa, xb), qa.Ind, qb.Ind, idfMass(qa.Ind, idf), idfMass(qb.Ind, idf), idf)
}

// idfMass is the idf summed over a question row's columns, in column
// order (a Model keeps each article's, qMass).
func idfMass(cols []int32, idf []float64) float64 {
	var s float64
	for _, c := range cols {
		s += idf[c]
	}
	return s
}

// paraphraseFeatures is ParaphraseFeatures from the question cosine qcos,
// the article cosine xcos, the question rows' columns qi and ji and their
// idf masses si and sj.
func paraphraseFeatures(qcos, xcos float64, qi, ji []int32, si, sj float64, idf []float64) [numParaphraseFeatures]float64 {
	// Shared idf mass over the smaller question's idf mass, and shared
	// terms over the union's.
	var shared float64
	n := 0
	for p := range linalg.Shared(qi, ji) {
		shared += idf[qi[p]]
		n++
	}
	var cover, jaccard float64
	if lo := min(si, sj); lo > 0 {
		cover = shared / lo
	}
	if union := len(qi) + len(ji) - n; union > 0 {
		jaccard = float64(n) / float64(union)
	}
	return [numParaphraseFeatures]float64{qcos, xcos, cover, jaccard}
}

// paraphraseLogit is the model's log-odds for features f.
func paraphraseLogit(f [numParaphraseFeatures]float64) float64 {
	z := paraphraseIntercept
	for k, v := range f {
		z += paraphraseCoef[k] * v
	}
	return z
}

// ParaphraseProb returns the detector's probability that articles a and b
// ask the same question in other words (0 for an index outside the
// articles). Literal copies (same question key or id) are not its
// business: SameQuestion covers them.
func (m *Model) ParaphraseProb(a, b int) float64 {
	if a < 0 || b < 0 || a >= m.tf.x.Rows || b >= m.tf.x.Rows || a == b {
		return 0
	}
	return 1 / (1 + math.Exp(-paraphraseLogit(m.paraphraseFeatures(a, b))))
}

// paraphrase reports whether i and j ask the same question reworded, by
// Config.IsParaphrase. The lists ask about a pair several times (two
// articles are often both candidates of many others) and the editors'
// rules ask again, so a verdict the detector had to give is remembered.
func (m *Model) paraphrase(i, j int) bool {
	if i == j || m.cfg.DupThreshold <= 0 {
		return false
	}
	qcos := m.questionCos(i, j)
	if same, ok := m.cfg.byQuestion(qcos); ok {
		return same
	}
	key := verdictKey(i, j)
	if same, ok := m.verdicts.get(key); ok {
		return same
	}
	xi, qi := m.rows(i)
	xj, qj := m.rows(j)
	same := m.cfg.byDetector(paraphraseFeatures(qcos, Dot(xi, xj), qi.Ind, qj.Ind, m.qMass[i], m.qMass[j], m.tf.idf))
	m.verdicts.put(key, same)
	return same
}

// questionLine is an article's question row in one 64-byte record
// (linalg.RowLine), so that the question cosine of two articles, which the
// lists ask for some hundred pairs per article, reads one record of each
// rather than three places of the question matrix. A question with more
// kept terms than a record holds is marked and read from the matrix.
type questionLine = linalg.RowLine

// questionLines returns the records of the question matrix's rows.
func questionLines(q *CSR) []questionLine { return linalg.RowLines(q) }

// questionCos is the cosine of the question rows of i and j, to the last
// bit Dot's: the same products summed in the same order.
func (m *Model) questionCos(i, j int) float64 {
	a, b := &m.qLines[i], &m.qLines[j]
	if a.Ind[0] == linalg.LineLong || b.Ind[0] == linalg.LineLong {
		_, qi := m.rows(i)
		_, qj := m.rows(j)
		return Dot(qi, qj)
	}
	var s float64
	for p, q := 0, 0; p < linalg.LineLen && q < linalg.LineLen; {
		x, y := a.Ind[p], b.Ind[q]
		if x == linalg.LineEnd || y == linalg.LineEnd {
			break
		}
		if x == y {
			s += float64(a.Val[p]) * float64(b.Val[q])
		}
		p += linalg.B2i(x <= y)
		q += linalg.B2i(y <= x)
	}
	return s
}

// IsParaphrase reports whether two articles ask the same question reworded,
// from their rows and the idf as ParaphraseFeatures takes them, by the
// configured rule: the detector's probability reaching c.Paraphrase, among
// pairs whose question cosine reaches c.DupThreshold; with Paraphrase 0,
// the question cosine alone. With DupThreshold 0 detection is off. It is
// the rule Build's lists apply to every pair (the article and a candidate,
// a listed article and a candidate), exported so that a pipeline without a
// Model applies the same one.
func (c Config) IsParaphrase(qa, qb, xa, xb SparseVec, idf []float64) bool {
	if c.DupThreshold <= 0 {
		return false
	}
	qcos := Dot(qa, qb)
	if same, ok := c.byQuestion(qcos); ok {
		return same // the common case, decided by one short dot product
	}
	return c.byDetector(paraphraseFeatures(qcos, Dot(xa, xb), qa.Ind, qb.Ind, idfMass(qa.Ind, idf), idfMass(qb.Ind, idf), idf))
}

// byQuestion is the rule's verdict where the question cosine qcos decides
// it alone (ok): under DupThreshold (or with detection off) no pair is a
// paraphrase; at or above it every pair is one when Paraphrase is 0.
func (c Config) byQuestion(qcos float64) (same, ok bool) {
	switch {
	case c.DupThreshold <= 0 || qcos < c.DupThreshold:
		return false, true
	case c.Paraphrase <= 0:
		return true, true
	}
	return false, false
}

// byDetector is the rule's verdict on a pair past the question cosine's
// floor, from its features: the detector's probability reaches Paraphrase.
func (c Config) byDetector(f [numParaphraseFeatures]float64) bool {
	return paraphraseLogit(f) >= logit(c.Paraphrase)
}

// verdicts remembers the detector's verdicts by pair, for concurrent use
// without locks: an open-addressing table of one word per pair (the
// smaller index in the upper half, the larger in the lower, the verdict in
// the lower half's top bit; 0 is an empty slot), filled by compare-and-swap.
// A pair whose probe finds no room within verdictProbes slots is not
// remembered (it is asked again), so the table never grows. The verdict on
// a pair does not depend on who asks first, so neither do the lists.
type verdicts struct {
	slots []atomic.Uint64
	mask  uint64
}

// verdictProbes is how many slots a look-up tries. The table has at least
// verdictSlotsPer slots per article: the lists of the full corpus ask the
// detector about some 280,000 pairs past the question floor, about half of
// its 2¹⁹ slots (4 MiB), small enough to stay mostly in the caches.
const (
	verdictProbes   = 16
	verdictSlotsPer = 8
	verdictBit      = 1 << 31
)

// newVerdicts returns an empty table for n articles.
func newVerdicts(n int) verdicts {
	size := 1
	for size < verdictSlotsPer*n {
		size <<= 1
	}
	return verdicts{slots: make([]atomic.Uint64, size), mask: uint64(size - 1)}
}

// verdictKey is the table's key of the pair i, j (i != j, both below 2³¹).
func verdictKey(i, j int) uint64 { return uint64(min(i, j))<<32 | uint64(max(i, j)) }

// get returns the verdict on key, if known.
func (v *verdicts) get(key uint64) (same, ok bool) {
	if len(v.slots) == 0 {
		return false, false
	}
	h := (key * 0x9e3779b97f4a7c15) >> 20
	for p := range uint64(verdictProbes) {
		e := v.slots[(h+p)&v.mask].Load()
		switch {
		case e == 0:
			return false, false
		case e&^verdictBit == key:
			return e&verdictBit != 0, true
		}
	}
	return false, false
}

// put records the verdict on key, unless its probe is full.
func (v *verdicts) put(key uint64, same bool) {
	if len(v.slots) == 0 {
		return
	}
	e := key
	if same {
		e |= verdictBit
	}
	h := (key * 0x9e3779b97f4a7c15) >> 20
	for p := range uint64(verdictProbes) {
		s := &v.slots[(h+p)&v.mask]
		for {
			old := s.Load()
			if old&^verdictBit == key {
				return // recorded meanwhile, by another worker
			}
			if old != 0 {
				break // taken: the next slot
			}
			if s.CompareAndSwap(0, e) {
				return
			}
		}
	}
}

// logit is the inverse of the logistic function.
func logit(p float64) float64 { return math.Log(p / (1 - p)) }

// SameQuestion reports whether articles a and b ask the same question: a
// copy (same id, or the same question trimmed and lower-cased) or a
// paraphrase by the detector at the configured operating point. It is the
// one rule that keeps a question's copies out of each other's lists, so
// the editors' rules apply it to current links as Build applies it to
// candidates. Safe for concurrent use.
func (m *Model) SameQuestion(a, b int) bool {
	if a < 0 || b < 0 || a >= m.tf.x.Rows || b >= m.tf.x.Rows || a == b {
		return false
	}
	return m.copyOf(a, b) || m.paraphrase(a, b)
}
