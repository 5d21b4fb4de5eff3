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

// maxWidened bounds an article's widened candidates: Config.Candidates'
// own upper bound.
const maxWidened = 500

// widenCandidates returns byT (each article's TF-IDF candidates, best
// first) with the lists of the articles whose rewordings crowd their
// candidates searched again as above; byT itself is not modified, and the
// lists of other articles are shared. It also returns how many articles
// were searched again. skip is the searches' exclusion (copies).
func (m *Model) widenCandidates(byT [][]Hit, skip func(i, j int) bool, workers int) ([][]Hit, int) {
	c := m.cfg.Candidates
	if m.cfg.DupThreshold <= 0 || m.useIVF(len(byT)) {
		return byT, 0
	}
	// rewordings[i]: how many of i's candidates are rewordings of i, for
	// the articles whose candidates fill the list (fewer means there are
	// no more to fetch); widened are those left with fewer than TopK.
	rewordings := make([]int, len(byT))
	var rows []int
	for i, hs := range byT {
		if len(hs) < c {
			continue
		}
		for _, h := range hs {
			if m.paraphrase(i, h.Doc) {
				rewordings[i]++
			}
		}
		if c-rewordings[i] < m.cfg.TopK {
			rows = append(rows, i)
		}
	}
	if len(rows) == 0 {
		return byT, 0
	}
	out := make([][]Hit, len(byT))
	copy(out, byT)
	widened := len(rows)
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
			out[i] = hs[:cut:cut]
			if kept < c && len(hs) == k && k < maxWidened {
				again = append(again, i)
			}
		}
		rows = again
	}
	return out, widened
}
