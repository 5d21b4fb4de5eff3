package recommend

// The explanations an incremental night keeps. The batch explains every
// link it shows (its suggested, current and proposed links: some 360,000
// pairs on the real corpus) by the terms the two articles share, as they
// write them (SharedWordIDs), and an incremental night used to compute
// them all again. A pair's terms read the two articles' TF-IDF rows and
// written forms, and, for a shared term that neither article writes in
// its heaviest terms, the word the whole corpus writes most for it
// (tfidf.shown), which any edit can move. An incremental night keeps the
// vocabulary and idf, so an unchanged article's rows and written forms
// are the ones it had (the snapshot's, or the same analysis again). So
// the terms of a pair of unchanged articles none of whose terms fell back
// to the corpus's word are, word for word, the ones the last night
// found: the snapshot keeps each night's explanations (SetExplanations),
// as numbers in its table of written words, and AppendExplanation answers such
// a pair from them, each number taken to the night's table by its word
// (the night's table starts with the snapshot's when the analysis is
// kept, kept.go, and the numbers are then the same). A pair with a
// changed or new article, or with a term that fell back, is computed
// again.

import "fmt"

// Explanation runs, one slice per article (Snapshot.SetExplanations,
// Surfaces.AppendExplanation): for each pair explained, the target
// article, the count of its terms, 1 when a term fell back to the
// corpus's word (0 otherwise), then the terms' numbers (SharedWordIDs).
const runHeader = 3

// PairRun returns, from one article's explanation runs, the terms of its
// pair with doc and whether one of them fell back to the corpus's word;
// ok is false when the runs hold no such pair.
func PairRun(runs []int32, doc int) (terms []int32, shown, ok bool) {
	for x := 0; x+runHeader <= len(runs); x += runHeader + int(runs[x+1]) {
		if int(runs[x]) == doc {
			end := x + runHeader + int(runs[x+1])
			return runs[x+runHeader : end : end], runs[x+2] != 0, true
		}
	}
	return nil, false, false
}

// keptExpl is the last night's explanations for the night's articles:
// runs by the snapshot's articles, old the snapshot index of each of the
// night's articles (-1 for changed and new ones), words the number in the
// night's table of written words of each word of the snapshot's (-1 for
// a word it lacks), n the terms asked per pair.
type keptExpl struct {
	runs  [][]int32
	old   []int32
	words []int32
	n     int
}

// newKeptExpl returns prev's explanations for a night whose articles are
// at old in prev and whose table of written words is now.
func newKeptExpl(prev *Snapshot, old []int32, now []string) *keptExpl {
	k := &keptExpl{runs: prev.expl, old: old, n: prev.explN, words: make([]int32, len(prev.formWords))}
	same := len(now) >= len(prev.formWords)
	for id, w := range prev.formWords {
		if !same || now[id] != w {
			same = false
			break
		}
		k.words[id] = int32(id)
	}
	if !same { // another numbering: by the words
		at := make(map[string]int32, len(now))
		for id, w := range now {
			at[w] = int32(id)
		}
		for id, w := range prev.formWords {
			k.words[id] = -1
			if x, ok := at[w]; ok {
				k.words[id] = x
			}
		}
	}
	return k
}

// find returns the kept terms of the pair (a, b), the night's articles,
// when both are unchanged and none of its terms fell back.
func (k *keptExpl) find(a, b int) ([]int32, bool) {
	if a >= len(k.old) || b >= len(k.old) {
		return nil, false
	}
	pa, pb := k.old[a], k.old[b]
	if pa < 0 || pb < 0 {
		return nil, false
	}
	terms, shown, ok := PairRun(k.runs[pa], int(pb))
	return terms, ok && !shown
}

// AppendExplanation appends to runs the explanation run of the pair (a,
// b) (its target b, the count of its terms, whether one fell back to the
// word the whole corpus writes most, then SharedWordIDs(a, b, n)), for a
// caller that keeps the night's explanations (SetExplanations). It
// answers a pair of articles an incremental night did not change from
// the last night's explanations when none of its terms fell back
// (explkept.go), which gives the same numbers.
func (s *Surfaces) AppendExplanation(runs []int32, a, b, n int) []int32 {
	k := len(runs)
	runs = append(runs, int32(b), 0, 0)
	var shown bool
	runs, shown = s.explainPair(a, b, n, runs)
	runs[k+1] = int32(len(runs) - k - runHeader)
	if shown {
		runs[k+2] = 1
	}
	return runs
}

// explainPair appends the terms of (a, b) to dst, from the kept
// explanations when it can, and reports whether one fell back.
func (s *Surfaces) explainPair(a, b, n int, dst []int32) ([]int32, bool) {
	if k := s.m.explKept; k != nil && k.n == n && len(s.forms) == s.m.tf.x.Rows {
		if ids, ok := k.find(a, b); ok {
			start := len(dst)
			for _, id := range ids {
				if id = k.words[id]; id < 0 {
					dst = dst[:start]
					break
				}
				dst = append(dst, id)
			}
			if len(dst)-start == len(ids) {
				return dst, false
			}
		}
	}
	dst, _, shown := s.sharedWords(a, b, n, dst)
	return dst, shown
}

// SetExplanations records in s the night's explanations, runs (one per
// article, in the form above), of n terms a pair at most, for the next
// night's AppendExplanation. The runs are kept, not copied.
func (s *Snapshot) SetExplanations(runs [][]int32, n int) error {
	if len(runs) != len(s.urls) {
		return fmt.Errorf("recommend: explanations of %d articles for a snapshot of %d", len(runs), len(s.urls))
	}
	s.expl, s.explN = runs, n
	return nil
}

// writeExpl writes the explanations section: n, then per article the
// count of numbers of its runs and each of them; a pair with a term that
// fell back keeps no terms (it is computed again).
func (s *Snapshot) writeExpl(u func(uint64)) {
	u(uint64(s.explN))
	var out []int32
	for i := range s.urls {
		out = out[:0]
		if s.expl != nil {
			runs := s.expl[i]
			for x := 0; x+runHeader <= len(runs); x += runHeader + int(runs[x+1]) {
				if runs[x+2] != 0 {
					out = append(out, runs[x], 0, 1)
					continue
				}
				out = append(out, runs[x:x+runHeader+int(runs[x+1])]...)
			}
		}
		u(uint64(len(out)))
		for _, v := range out {
			u(uint64(v))
		}
	}
}

// readExpl reads the section writeExpl wrote, for n articles of d, and
// checks each run: its target an article, its count within the numbers
// that follow and within explN, its flag 0 or 1, its terms numbers of
// written words (the table of forms).
func (s *Snapshot) readExpl(d *decoder, n int, count func(size int) int) {
	s.explN = count(0)
	s.expl = make([][]int32, n)
	var all []int32
	at := make([]int, n+1)
	words := uint64(len(s.formWords))
	for i := range n {
		m := count(1)
		for x := 0; x < m && d.err == nil; {
			target, c, shown := d.uvarint(), d.uvarint(), d.uvarint()
			if target >= uint64(n) || c > uint64(s.explN) || shown > 1 || x+runHeader+int(c) > m {
				d.fail()
				break
			}
			all = append(all, int32(target), int32(c), int32(shown))
			for range c {
				w := d.uvarint()
				if w >= words {
					d.fail()
					break
				}
				all = append(all, int32(w))
			}
			x += runHeader + int(c)
		}
		at[i+1] = len(all)
	}
	if d.err == nil {
		s.expl = split(all, at)
	}
}
