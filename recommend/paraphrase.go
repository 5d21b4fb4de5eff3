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
//   - the difference in question length, in kept terms (log ratio).
//
// The LSA cosine and the product of the question and article cosines were
// tried as well and did not raise the cross-validated F1 (0.630 against
// 0.631), so the model keeps the four that work under every ranking.
//
// The coefficients (paraphraseCoef) are fitted offline on the project's
// judgments by TestFitParaphrase, which writes paraphrase_fit.go; its
// comment holds the cross-validated precision and recall that chose the
// operating point, Config.Paraphrase. The detector is the project's one
// "same question" notion beyond literal copies: the lists (Build), the
// editors' rules (Model.SameQuestion, passed to editor.Batch), the
// evaluation and the duplicate clusters all ask it.

import "math"

// numParaphraseFeatures is the length of a pair's feature vector.
const numParaphraseFeatures = 4

// paraphraseFeatureNames names the features, in order, for reports.
var paraphraseFeatureNames = [numParaphraseFeatures]string{
	"question cosine", "article cosine", "shared rare question terms", "question length difference"}

// paraphraseFeatures returns the detector's inputs for articles i and j.
// It is symmetric in i and j.
func (m *Model) paraphraseFeatures(i, j int) [numParaphraseFeatures]float64 {
	xi, qi := m.rows(i)
	xj, qj := m.rows(j)
	return ParaphraseFeatures(qi, qj, xi, xj, m.tf.idf)
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
// question length difference (paraphrase.go's opening comment). It is the
// one computation of them, for Build and for a pipeline that has the rows
// but no Model. It is symmetric in a and b.
func ParaphraseFeatures(qa, qb, xa, xb SparseVec, idf []float64) [numParaphraseFeatures]float64 {
	return paraphraseFeatures(Dot(qa, qb), qa, qb, xa, xb, idf)
}

// paraphraseFeatures is ParaphraseFeatures with the question cosine qcos
// already computed (IsParaphrase needs it first, for the floor).
func paraphraseFeatures(qcos float64, qa, qb, xa, xb SparseVec, idf []float64) [numParaphraseFeatures]float64 {
	qi, ji := qa.Ind, qb.Ind
	xcos := Dot(xa, xb)
	// Shared idf mass over the smaller question's idf mass.
	var si, sj, shared float64
	for _, c := range qi {
		si += idf[c]
	}
	for _, c := range ji {
		sj += idf[c]
	}
	for p, q := 0, 0; p < len(qi) && q < len(ji); {
		switch {
		case qi[p] < ji[q]:
			p++
		case qi[p] > ji[q]:
			q++
		default:
			shared += idf[qi[p]]
			p++
			q++
		}
	}
	var cover float64
	if lo := min(si, sj); lo > 0 {
		cover = shared / lo
	}
	lenDiff := math.Abs(math.Log(float64(len(qi)+1) / float64(len(ji)+1)))
	return [numParaphraseFeatures]float64{qcos, xcos, cover, lenDiff}
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
// Config.IsParaphrase.
func (m *Model) paraphrase(i, j int) bool {
	if i == j {
		return false
	}
	xi, qi := m.rows(i)
	xj, qj := m.rows(j)
	return m.cfg.IsParaphrase(qi, qj, xi, xj, m.tf.idf)
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
	if qcos < c.DupThreshold {
		return false // the common case, decided by one short dot product
	}
	if c.Paraphrase <= 0 {
		return true
	}
	return paraphraseLogit(paraphraseFeatures(qcos, qa, qb, xa, xb, idf)) >= logit(c.Paraphrase)
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
