package serve

// After a decision the workspace shows what the next batch will do with
// the article, without running one: the article's list is decided again by
// editor.Apply, the batch's own rules, on a small batch built from the
// saved index and vectors.
//
// The small batch holds the article and its cross-posted copies, the
// articles of its saved list (its current links, since the batch wrote
// them), the pinned targets, and its nearest articles by the TF-IDF cosine
// of the saved vectors. The candidates are the saved list with the model's
// scores, then the nearest articles with their cosine. The result is what
// the next batch writes when the model's ranking has not moved: pins
// first, blocks and locks honoured, hysteresis keeping current links. It
// is an estimate where the batch would rank an article outside the saved
// list, since the cosine is not the model's blended score.

import (
	"cmp"
	"math"
	"slices"

	"recommend/corpus"
	"recommend/editor"
	"recommend/index"
	"recommend/recommend"
)

// nearest is how many of the vectors' nearest articles join the saved list
// as candidates.
const nearest = 20

// preview recomputes the list of the article at url under ov.
func (g *generation) preview(url string, ov *editor.Overrides, opt editor.Options) ([]wireLink, bool, error) {
	ix := g.ix
	rec, ok, err := ix.ByURL(url)
	if err != nil || !ok {
		return nil, false, err
	}
	local := map[int]int{} // index record → position in the small batch
	var recs []int
	var arts []corpus.Article
	add := func(r int) (int, error) {
		if p, ok := local[r]; ok {
			return p, nil
		}
		a, err := ix.Article(r)
		if err != nil {
			return 0, err
		}
		local[r] = len(arts)
		recs = append(recs, r)
		arts = append(arts, corpus.Article{URL: a.URL, ID: a.ID, Title: a.Title, Subject: a.Subject, Question: a.Question, SubjectKey: corpus.NormalizeSubject(a.Subject)})
		return local[r], nil
	}
	self, err := add(rec)
	if err != nil {
		return nil, false, err
	}
	me, _ := ix.Article(rec)
	copies, err := ix.ByID(me.ID)
	if err != nil {
		return nil, false, err
	}
	for _, r := range copies {
		if _, err := add(r); err != nil {
			return nil, false, err
		}
	}
	score := map[int]float64{} // candidate record → score
	var cands []editor.Hit
	for _, r := range me.Related {
		p, err := add(r.Doc)
		if err != nil {
			return nil, false, err
		}
		arts[self].Related = append(arts[self].Related, corpus.LinkTo(&arts[p]))
		score[r.Doc] = r.Score
		cands = append(cands, editor.Hit{Doc: p, Score: r.Score})
	}
	// Pinned targets of this article, by URL or by id.
	for _, pin := range ov.Pins {
		if pin.Article != me.ID && pin.Article != me.URL {
			continue
		}
		for _, ref := range pin.Links {
			var rs []int
			if r, ok, _ := ix.ByURL(ref); ok {
				rs = []int{r}
			} else if byID, _ := ix.ByID(ref); len(byID) > 0 {
				rs = byID[:1]
			}
			for _, r := range rs {
				if _, err := add(r); err != nil {
					return nil, false, err
				}
			}
		}
	}
	if v, err := g.vectors(); err == nil {
		for _, h := range cosineNearest(v.X, rec, nearest) {
			if _, ok := score[h.Doc]; ok || h.Doc == rec {
				continue
			}
			p, err := add(h.Doc)
			if err != nil {
				return nil, false, err
			}
			score[h.Doc] = h.Score
			cands = append(cands, editor.Hit{Doc: p, Score: h.Score})
		}
	}
	slices.SortStableFunc(cands, func(a, b editor.Hit) int { return cmp.Compare(b.Score, a.Score) })
	b := editor.Batch{Articles: arts, Candidates: make([][]editor.Hit, len(arts))}
	b.Candidates[self] = cands
	b.Score = func(a, c int) float64 {
		if a == self {
			if s, ok := score[recs[c]]; ok {
				return s
			}
		}
		return 0
	}
	opt.K = max(opt.K, len(me.Related))
	res, _ := editor.Apply(b, ov, opt) // overrides naming articles outside the small batch do not concern it
	r := res[self]
	out := []wireLink{}
	for _, e := range r.Suggested {
		w := wireLink{URL: e.Link.URL, ID: e.Link.ID, Title: e.Link.Title, Flags: flagList(e.Flags), Mark: e.Reason.Mark()}
		if !math.IsNaN(e.Score) {
			s := e.Score
			w.Score = &s
		}
		out = append(out, w)
	}
	return out, r.Locked, nil
}

// cosineNearest returns the n rows nearest to row q by the cosine of the
// (L2-normalised) rows, best first, ties by row.
func cosineNearest(x *recommend.CSR, q, n int) []index.Related {
	qi, qv := x.Row(q)
	dense := make([]float32, x.Cols)
	for p, j := range qi {
		dense[j] = qv[p]
	}
	var hits []index.Related
	for i := range x.Rows {
		if i == q {
			continue
		}
		ind, val := x.Row(i)
		var s float64
		for p, j := range ind {
			s += float64(dense[j]) * float64(val[p])
		}
		if s > 0 {
			hits = append(hits, index.Related{Doc: i, Score: s})
		}
	}
	slices.SortFunc(hits, func(a, b index.Related) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Doc, b.Doc))
	})
	return hits[:min(n, len(hits))]
}
