package recommend

// The blend re-ranks each article's Config.Candidates best by the TF-IDF
// cosine, and finishing a list drops the article's rewordings
// (paraphrase). An article whose question the corpus asks many times over
// finds mostly its rewordings among those candidates (they share its
// words), so its list came out short or empty (314 of the full corpus's
// 35,915 blend lists of 15 were empty, 1,047 under 5 links), and the
// written list filled the slots from the site's current links, whatever
// their worth. So where an article's full candidate list holds so many
// rewordings of it that fewer than TopK others remain, the rewordings do
// not count: its row is searched again (the scanner of incremental.go:
// exact, every other article) for more, and its candidates become the best
// by the TF-IDF cosine up to and including the Candidates-th that is not a
// rewording. Each round doubles the search while too few remain, up to
// maxWidened. Any other article keeps its candidates as they were, so its
// list does not move. On the full corpus 1,986 articles are searched
// again; no blend list is empty any more and 273 are under 5 links
// (BENCHMARKS.md, Quality). The verdicts asked here are the ones finishing
// the list asks again (remembered, verdicts). Only the exact search widens:
// a second search reads every article for each row searched again, which
// the "ivf" search of large corpora exists to avoid, so there the
// candidates stay as that search found them.
//
// An incremental night keeps the widened candidates as it keeps the
// TF-IDF candidates (incremental.go): with their floor, less the changed
// and gone articles, plus the changed ones its scans find over the floor,
// so that an edit that moves an article in or out of them reaches the
// list (it is finished again), and a widened list finished again is cut
// from them rather than searched again while they still hold its
// Candidates-th non-rewording (reuseWide). After the churn test's edit of
// the real corpus, 459 of the lists finished again are widened and 108 of
// those searched again, where every one was searched, twice over for 119
// of them.

import "slices"

// maxWidened bounds an article's widened candidates: Config.Candidates'
// own upper bound.
const maxWidened = 500

// widenCandidates returns byT (each article's TF-IDF candidates, best
// first) with the lists of the articles whose rewordings crowd their
// candidates searched again as above; byT itself is not modified, and the
// lists of other articles are shared. It also returns how many articles
// were widened. skip is the searches' exclusion (copies).
//
// The widened candidates are kept (Model.wide) with their floor, the
// score at or under which every other article lies, as the TF-IDF
// candidates are, so that an incremental night keeps them up to date
// (incremental.go) and takes an article's from them (reuseWide) rather
// than searching its row again. A row byT leaves nil (an incremental
// night's list that is not finished again) keeps what it had.
func (m *Model) widenCandidates(byT [][]Hit, skip func(i, j int) bool, workers int) ([][]Hit, int) {
	c := m.cfg.Candidates
	if m.cfg.DupThreshold <= 0 || m.useIVF(len(byT)) {
		return byT, 0
	}
	if m.wide == nil {
		m.wide, m.wideFloors = make([][]Hit, len(byT)), make([]float64, len(byT))
	}
	// Those whose candidates fill the list (fewer means there are no more
	// to fetch) and hold so many rewordings that fewer than TopK others
	// remain are widened: from their kept widened candidates when those
	// reach far enough, else searched (rows).
	out := byT // cloned before its first change
	cloned := false
	widen := func(i int, hs []Hit, floor float64) {
		if !cloned {
			out, cloned = slices.Clone(byT), true
		}
		out[i] = hs
		m.wide[i], m.wideFloors[i] = hs, floor
	}
	var rows []int
	widened := 0
	for i, hs := range byT {
		if len(hs) < c {
			continue
		}
		rewordings := 0
		for _, h := range hs {
			if m.paraphrase(i, h.Doc) {
				rewordings++
			}
		}
		if c-rewordings >= m.cfg.TopK {
			m.wide[i] = nil
			continue
		}
		widened++
		if hs, floor, ok := m.reuseWide(i); ok {
			widen(i, hs, floor)
			continue
		}
		rows = append(rows, i)
	}
	m.widened, m.wideSearched = widened, len(rows)
	var scan *scanner
	for k := 2 * c; len(rows) > 0; k = min(2*k, maxWidened) {
		if scan == nil {
			if scan = m.scan; scan == nil { // a full build's
				scan = m.newScanner(workers)
			}
		}
		got, _ := scan.rows(rows, nil, k, skip)
		var again []int
		for _, i := range rows {
			hs := got[i].hits
			cut, kept := len(hs), 0
			for p, h := range hs {
				if m.paraphrase(i, h.Doc) {
					continue
				}
				if kept++; kept == c {
					cut = p + 1
					break
				}
			}
			floor := got[i].floor // every other article is at or under it
			if cut < len(hs) {
				floor = hs[cut-1].Score
			}
			widen(i, hs[:cut:cut], floor)
			if kept < c && len(hs) == k && k < maxWidened {
				again = append(again, i)
			}
		}
		rows = again
	}
	return out, widened
}

// reuseWide returns the candidates widening gives article i from its kept
// widened candidates (Model.wide, which an incremental night keeps as it
// keeps the TF-IDF candidates: every article over the floor, by the exact
// cosine, best first), with their floor: up to and including the
// Candidates-th that is not a rewording of i, which is where a search
// would stop, or all of them when the floor is 0 (every article sharing a
// term is among them, as a search would find). It returns false when they
// do not reach that far, or hold more than a search returns
// (maxWidened): the row is then searched.
func (m *Model) reuseWide(i int) ([]Hit, float64, bool) {
	hs := m.wide[i]
	if len(hs) == 0 || len(hs) > maxWidened {
		return nil, 0, false
	}
	kept := 0
	for p, h := range hs {
		if m.paraphrase(i, h.Doc) {
			continue
		}
		if kept++; kept == m.cfg.Candidates {
			return hs[: p+1 : p+1], h.Score, true
		}
	}
	if m.wideFloors[i] == 0 {
		return hs, 0, true
	}
	return nil, 0, false
}
