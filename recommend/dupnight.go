package recommend

// The duplicate pairs of an incremental night (Duplicates) are found from
// the last night's: the snapshot keeps each article's nearest questions
// that findDuplicates reads (those at DupThreshold or above, less 1e-6,
// at most DupNeighbours of them) and the pairs it accepted. Under the
// kept idf an unchanged article's question row is the snapshot's, so the
// score of two unchanged articles and the detector's verdict on them are
// last night's. A night scans the question rows of the changed and new
// articles against every row; an unchanged article's nearest questions
// are scanned again when one of them changed or is gone, or when a
// changed or new article now scores at the floor or above and at least
// its last kept one (or it kept fewer than DupNeighbours); the rest keep
// theirs. Each pair then read is judged again only when one of its
// articles changed or the pair was not read last night; the others take
// last night's verdict, score and probability. The scans score a pair as
// the all-pairs search does on its row-by-row path
// (linalg.TopKSparseRowsOf), which the night checks it would take
// (linalg.SparseRowsPath); otherwise, or when the articles kept do not
// keep their order, the search is made whole. Either way the pairs are
// the ones a search of the whole corpus finds (TestDuplicatesNight).

import (
	"math"
	"slices"

	"recommend/internal/linalg"
	"recommend/internal/par"
)

// dupPrev is what an incremental night takes from the snapshot for its
// duplicate pairs.
type dupPrev struct {
	near  [][]Hit   // the snapshot's nearest questions read, by its indices
	pairs []DupPair // the pairs it accepted, by its indices
	old   []int32   // article → its index in the snapshot, -1 when changed or new
	newOf []int32   // snapshot index → article, -1 when changed or gone
	dup   map[uint64]int
}

// usable reports whether the night can start from p: the articles kept
// are in the snapshot's order, and the whole search would score pairs on
// its row-by-row path.
func (p *dupPrev) usable(m *Model, opt linalg.SparseOptions) bool {
	last := int32(-1)
	for _, o := range p.old {
		if o >= 0 {
			if o <= last {
				return false
			}
			last = o
		}
	}
	return len(p.near) == len(p.newOf) && m.tf.q.Rows > DupNeighbours && linalg.SparseRowsPath(m.tf.q, opt)
}

// nearAgain returns every article's nearest questions read by
// findDuplicates, as nearQuestions would (above the floor), from p.
func (m *Model) nearAgain(p *dupPrev, opt linalg.SparseOptions) [][]Hit {
	n := m.tf.q.Rows
	k := min(DupNeighbours, n-1)
	lo := m.dupFloor()
	floor := float32(lo)
	if float64(floor) > lo {
		floor = math.Nextafter32(floor, float32(math.Inf(-1)))
	}
	again := make([]bool, n)
	var touched []int
	for i, o := range p.old {
		if o < 0 {
			touched = append(touched, i)
			again[i] = true
			continue
		}
		for _, h := range p.near[o] {
			if p.newOf[h.Doc] < 0 {
				again[i] = true // a nearest question changed or is gone
				break
			}
		}
	}
	near := make([][]Hit, n)
	top, above := linalg.TopKSparseRowsOf(m.tf.q, touched, k, floor, opt)
	for x, c := range touched {
		near[c] = top[x]
		for _, h := range above[x] {
			o := p.old[h.Doc]
			if o < 0 || again[h.Doc] {
				continue
			}
			if kept := p.near[o]; len(kept) < k || h.Score >= kept[len(kept)-1].Score {
				again[h.Doc] = true // c may now be among its nearest
			}
		}
	}
	var rescan []int
	for i, o := range p.old {
		if o >= 0 && again[i] {
			rescan = append(rescan, i)
		}
	}
	top, _ = linalg.TopKSparseRowsOf(m.tf.q, rescan, k, float32(math.NaN()), opt)
	for x, i := range rescan {
		near[i] = top[x]
	}
	m.dupScanned = len(touched) + len(rescan)
	for i, o := range p.old {
		if o < 0 || again[i] {
			continue
		}
		hs := make([]Hit, len(p.near[o]))
		for x, h := range p.near[o] {
			hs[x] = Hit{Doc: int(p.newOf[h.Doc]), Score: h.Score}
		}
		near[i] = hs
	}
	return near
}

// verdict returns the last night's verdict on the pair a < b, ok when
// both are unchanged and the pair was read last night: dup says whether
// it was accepted, and then pair is it, by the night's indices.
func (p *dupPrev) verdict(a, b int) (pair DupPair, dup, ok bool) {
	oa, ob := p.old[a], p.old[b]
	if oa < 0 || ob < 0 {
		return pair, false, false
	}
	read := func(x, y int32) bool {
		return slices.ContainsFunc(p.near[x], func(h Hit) bool { return h.Doc == int(y) })
	}
	if !read(oa, ob) && !read(ob, oa) {
		return pair, false, false
	}
	k, found := p.dup[verdictKey(int(oa), int(ob))]
	if !found {
		return pair, false, true
	}
	q := p.pairs[k]
	return DupPair{A: a, B: b, Score: q.Score, Prob: q.Prob}, true, true
}

// seedVerdicts gives the paraphrase detector (verdicts) last night's
// verdict on every pair of unchanged articles that findDuplicates read,
// before the lists and the editors' rules ask about pairs: a pair read
// whose question cosine reaches DupThreshold was judged, and accepted
// exactly when it is among the pairs kept; for a pair under it the
// detector is never asked (byQuestion decides), so its entry is never
// read. Where the table has no room a pair is asked again, as without
// the seed: the verdicts, and so the lists, are the same either way.
func (m *Model) seedVerdicts(p *dupPrev, workers int) {
	if m.cfg.DupThreshold <= 0 || m.cfg.Paraphrase <= 0 {
		return
	}
	p.pairIndex()
	par.For(len(p.old), workers, func(a int) {
		oa := p.old[a]
		if oa < 0 {
			return
		}
		for _, h := range p.near[oa] {
			if b := p.newOf[h.Doc]; b >= 0 {
				_, dup := p.dup[verdictKey(int(oa), h.Doc)]
				m.verdicts.put(verdictKey(a, int(b)), dup)
			}
		}
	})
}

// pairIndex indexes the snapshot's accepted pairs by their key.
func (p *dupPrev) pairIndex() {
	if p.dup != nil {
		return
	}
	p.dup = make(map[uint64]int, len(p.pairs))
	for k, q := range p.pairs {
		p.dup[verdictKey(q.A, q.B)] = k
	}
}
