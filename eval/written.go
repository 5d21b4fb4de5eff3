package eval

// The lists as the batch writes them: the engine's candidates, widened
// beyond TopK so that hysteresis sees the scores of current links that
// slipped a few places, go through the editors' rules (editor.Apply) with
// the engine's score for any pair and its one "same question" rule
// (recommend.Model.SameQuestion); the suggested links, scored, are what
// readers see. The batch, `recommend eval` and TestFloors all decide the
// written lists through these functions.

import (
	"math"

	"recommend/corpus"
	"recommend/editor"
	"recommend/index"
	"recommend/recommend"
)

// CandidateConfig widens cfg so that the engine ranks more candidates than
// the lists keep when hysteresis is on (margin ≥ 0): 3·TopK, at most
// Candidates and 50. Scores do not depend on TopK.
func CandidateConfig(cfg recommend.Config, margin float64) recommend.Config {
	if margin >= 0 {
		cfg.TopK = max(cfg.TopK, min(3*cfg.TopK, cfg.Candidates, 50))
	}
	return cfg
}

// EditorBatch hands the model's candidates (best first) to the editors'
// rules, with the model's score for any pair, so that hysteresis weighs a
// current link that slipped below the candidates at its real score, and
// the model's rule for two articles that ask the same question (copies and
// paraphrases), so that a current link to one goes.
func EditorBatch(arts []corpus.Article, model *recommend.Model) editor.Batch {
	b := editor.Batch{Articles: arts, Candidates: make([][]editor.Hit, len(arts)), Score: model.Score,
		Duplicate: model.SameQuestion}
	for i, hs := range model.Lists() {
		b.Candidates[i] = make([]editor.Hit, len(hs))
		for j, h := range hs {
			b.Candidates[i][j] = editor.Hit{Doc: h.Doc, Score: h.Score}
		}
	}
	return b
}

// WrittenHits turns the decided links back into the engine's form, for the
// index and the reports: links to articles in the corpus, with the model's
// score for each pair (held links and pins included). Apply has already
// resolved and scored them (Result.Suggested); a score it lacks is asked
// of the model.
func WrittenHits(model *recommend.Model, res []editor.Result) [][]recommend.Hit {
	out := make([][]recommend.Hit, len(res))
	for i := range res {
		for _, e := range res[i].Suggested {
			if e.Doc < 0 {
				continue
			}
			s := e.Score
			if math.IsNaN(s) {
				s = model.Score(i, e.Doc)
			}
			out[i] = append(out[i], recommend.Hit{Doc: e.Doc, Score: s})
		}
	}
	return out
}

// WrittenReasons returns why each of the article's written links is there
// (editor.Entry.Reason), in the order and over the links of its
// WrittenHits list: the index keeps them side by side.
func WrittenReasons(res *editor.Result) []index.Reason {
	var out []index.Reason
	for _, e := range res.Suggested {
		if e.Doc >= 0 {
			out = append(out, e.Reason)
		}
	}
	return out
}
