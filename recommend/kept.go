package recommend

// What a night keeps of each article, so that the next one neither parses
// nor analyses a file whose bytes did not change.
//
// The snapshot (since state version 3) holds, per article, the fingerprint of
// the file's bytes as last loaded or written (corpus.Article.Sum), the
// fields the rest of a night reads after the load (url, id, date, title,
// subject, question, the related links and whether they are rewritable:
// Known, for corpus.LoadKnown), and what the analysis made of its text:
// the length of its answer, its content hash, its TF-IDF and question
// rows, the written forms of its heaviest terms and its counts of the
// words it writes (tfidf.counts). A file whose fingerprint is the
// snapshot's for its url has, byte for byte, the text it had, so under
// the kept vocabulary and idf its rows, forms and counts are what the
// analysis would make of it again; prepareNight takes them from the
// snapshot and analyses only the other articles (changed, new, or loaded
// by a caller that parsed every file). The words shown for each term, a
// whole-corpus figure, are chosen from the sums of every article's
// counts, kept or fresh (shownFrom), as a full build chooses them. The
// tables the forms and counts number their words in are the snapshot's,
// with the fresh articles' new words added after: a word has one number.

import (
	"fmt"
	"slices"
	"sync"

	"recommend/corpus"
)

// writeFiles writes the snapshot's files section (the format is at
// snapshotMagic) with u, str and raw, WriteTo's writers of a uvarint, a
// string and bytes.
func (s *Snapshot) writeFiles(u func(uint64), str func(string), raw func([]byte)) {
	byURL := s.positions()
	for i := range s.urls {
		u(uint64(s.sums[i].Size))
		raw(s.sums[i].Hash[:])
		k := &s.arts[i]
		for _, f := range [...]string{k.id, k.date, k.subject, k.title, k.question} {
			str(f)
		}
		u(uint64(len(k.related)))
		for _, l := range k.related {
			if t, ok := byURL[l.URL]; ok && l == s.linkTo(int(t)) {
				u(uint64(t) + 1)
				continue
			}
			u(0)
			str(l.ID)
			str(l.Title)
			str(l.Subject)
			str(l.URL)
		}
		flag := uint64(0)
		if k.unrewritable {
			flag = 1
		}
		u(flag)
	}
}

// positions returns each of the snapshot's urls' position in it.
func (s *Snapshot) positions() map[string]int32 {
	m := make(map[string]int32, len(s.urls))
	for p, url := range s.urls {
		m[url] = int32(p)
	}
	return m
}

// linkTo is corpus.LinkTo of the snapshot's article p.
func (s *Snapshot) linkTo(p int) corpus.Link {
	k := &s.arts[p]
	return corpus.Link{ID: k.id, Title: k.title, Subject: k.subject, URL: s.urls[p]}
}

// readFiles reads the files section of n articles from d (writeFiles);
// count reads a count of items of at least size bytes each.
func (s *Snapshot) readFiles(d *decoder, n int, count func(size int) int) error {
	s.sums, s.arts = make([]corpus.Fingerprint, n), make([]keptArticle, n)
	type ref struct{ i, k, t int } // link k of article i points at article t
	var refs, inline []ref
	for i := range n {
		size := d.uvarint()
		if size > corpus.MaxFileSize {
			d.fail()
		}
		s.sums[i].Size = int64(size)
		copy(s.sums[i].Hash[:], d.take(len(s.sums[i].Hash)))
		k := &s.arts[i]
		k.id, k.date, k.subject, k.title, k.question = d.str(), d.str(), d.str(), d.str(), d.str()
		if links := count(1); links > 0 { // none: nil, as corpus.Parse gives
			k.related = make([]corpus.Link, links)
		}
		for r := range k.related {
			t := d.uvarint()
			switch {
			case t > uint64(n):
				d.fail()
			case t > 0:
				refs = append(refs, ref{i, r, int(t - 1)})
			default:
				k.related[r] = corpus.Link{ID: d.str(), Title: d.str(), Subject: d.str(), URL: d.str()}
				inline = append(inline, ref{i, r, -1})
			}
		}
		flag := d.uvarint()
		if flag > 1 {
			d.fail()
		}
		k.unrewritable = flag == 1
		if d.err != nil {
			return fmt.Errorf("article %d's file: %v", i, d.err)
		}
	}
	for _, r := range refs {
		s.arts[r.i].related[r.k] = s.linkTo(r.t)
	}
	// A link written whole says of its target something else than the
	// target says of itself (writeFiles): one form for each snapshot.
	byURL := s.positions()
	for _, r := range inline {
		l := s.arts[r.i].related[r.k]
		if t, ok := byURL[l.URL]; ok && l == s.linkTo(int(t)) {
			return fmt.Errorf("article %d: link %d written whole", r.i, r.k+1)
		}
	}
	return nil
}

// keptArticle is what a snapshot keeps of an article's fields besides its
// url (Known): what a night reads of it after the load.
type keptArticle struct {
	id, date, subject, title, question string
	related                            []corpus.Link
	unrewritable                       bool
}

// keptOf returns what a snapshot keeps of a.
func keptOf(a *corpus.Article) keptArticle {
	return keptArticle{id: a.ID, date: a.Date, subject: a.Subject, title: a.Title, question: a.Question,
		related: a.Related, unrewritable: a.Unrewritable}
}

// Known returns, for corpus.LoadKnown, the article of the snapshot whose
// file had the fingerprint sum, as the load made it then, without its
// analysis text (the answer, description and keywords, which a night
// reads only through the snapshot's analysis): a file with those bytes
// need not be parsed again. It is safe for concurrent use.
func (s *Snapshot) Known() corpus.Known {
	bySum := sync.OnceValue(func() map[corpus.Fingerprint]int32 {
		m := make(map[corpus.Fingerprint]int32, len(s.sums))
		for p, sum := range s.sums {
			m[sum] = int32(p)
		}
		return m
	})
	return func(sum corpus.Fingerprint) (corpus.Article, bool) {
		p, ok := bySum()[sum]
		if !ok {
			return corpus.Article{}, false
		}
		k := &s.arts[p]
		return corpus.Article{URL: s.urls[p], ID: k.id, Date: k.date, Subject: k.subject,
			SubjectKey: corpus.NormalizeSubject(k.subject), Title: k.title, Question: k.question,
			Related: slices.Clone(k.related), Unrewritable: k.unrewritable, Sum: sum}, true
	}
}

// prepareNight is prepare over the kept vocabulary of prev for an
// incremental night: an article whose url and fingerprint are prev's
// takes its analysis from prev, and only the others are analysed (the
// file's comment). With reuse false every article is analysed, as
// prepare does. It returns the question keys, as prepare does, and how
// many articles' analysis it took from prev.
func prepareNight(prev *Snapshot, arts []corpus.Article, cfg Config, workers int, reuse bool) (*Model, []int32, int) {
	fixed := &vocabulary{terms: prev.terms, idf: prev.idf}
	n := len(arts)
	kept := make([]int32, n)   // article → its index in prev when its analysis is kept, else -1
	var fresh []int            // the articles analysed
	var byURL map[string]int32 // none: every article analysed
	if reuse && (prev.counts != nil || !cfg.Stem) {
		byURL = prev.positions()
	}
	for i := range arts {
		kept[i] = -1
		if p, ok := byURL[arts[i].URL]; ok && arts[i].Sum != (corpus.Fingerprint{}) && arts[i].Sum == prev.sums[p] {
			kept[i] = p
			continue
		}
		fresh = append(fresh, i)
	}
	if len(fresh) == n {
		m, keys := prepare(arts, cfg, workers, fixed)
		return m, keys, 0
	}
	m, keys := numbered(arts, cfg, workers)
	sub := make([]corpus.Article, len(fresh))
	for k, i := range fresh {
		sub[k] = arts[i]
	}
	hashes := contentHashes(sub, workers)
	ft := buildTFIDFDropping(sub, cfg, workers, fixed, false, m.seeds(n))
	m.hashes = make([]uint64, n)
	for k, i := range fresh {
		m.answerLen[i], m.hashes[i] = len(sub[k].Answer), hashes[k]
		kept[i] = -2 - int32(k) // its index in sub, coded
	}
	for i, p := range kept {
		if p >= 0 {
			m.answerLen[i], m.hashes[i] = prev.answerLen[p], prev.hashes[p]
		}
	}
	// from returns where article i's analysis is: prev's index p, or
	// sub's index k (fresh).
	from := func(i int) (p, k int, ok bool) {
		if c := kept[i]; c >= 0 {
			return int(c), 0, true
		}
		return 0, int(-2 - kept[i]), false
	}
	t := &tfidf{terms: prev.terms, idf: prev.idf}
	t.x = spliceRows(n, from, prev.x, ft.x, len(prev.terms), workers)
	t.q = spliceRows(n, from, prev.q, ft.q, len(prev.terms), workers)
	formWords := newNumbering(prev.formWords)
	formID := formWords.numberAll(ft.formWords)
	t.forms = splice(n, from, prev.forms, ft.forms, func(f *form) { f.word = formID[f.word] })
	t.formWords = formWords.words
	if prev.counts != nil && ft.counts != nil {
		countWords := newNumbering(prev.countWords)
		countID := countWords.numberAll(ft.countWords)
		t.counts = make([][]byte, n)
		var cs []termCount
		for i := range n {
			p, k, ok := from(i)
			if ok {
				t.counts[i] = prev.counts[p]
				continue
			}
			cs, _ = unpackCounts(cs[:0], ft.counts[k], len(ft.countWords))
			for x := range cs {
				cs[x].id = countID[cs[x].id]
			}
			t.counts[i] = packCounts(cs)
		}
		t.countWords = countWords.words
		t.shown = shownFrom(t.terms, t.countWords, t.counts, workers)
	} else {
		t.shown = ft.shown // the terms themselves (no stemming)
	}
	m.tf = t
	m.questions()
	return m, keys, n - len(fresh)
}

// matrixRows is a matrix's rows one by one: a model's CSR, or the rows
// of a snapshot read back (rowList), which are packed into a matrix only
// when a night splices them (spliceRows), not once more before.
type matrixRows interface {
	Row(i int) ([]int32, []float32)
}

// rowList is rows read one by one (matrixRows).
type rowList []rowBuf

// Row returns row i's columns and values.
func (r rowList) Row(i int) ([]int32, []float32) { return r[i].ind, r[i].val }

// spliceRows returns the rows of n articles over cols columns, each
// taken from kept (row p) or from fresh (row k) as from says, copied on
// workers goroutines.
func spliceRows(n int, from func(i int) (p, k int, ok bool), kept matrixRows, fresh *CSR, cols, workers int) *CSR {
	rows := make([]rowBuf, n)
	for i := range n {
		var ind []int32
		var val []float32
		if p, k, ok := from(i); ok {
			ind, val = kept.Row(p)
		} else {
			ind, val = fresh.Row(k)
		}
		rows[i] = rowBuf{ind: ind, val: val}
	}
	return assemble(rows, cols, workers)
}

// splice returns the per-article slices of n articles, each kept's (at
// p, shared) or a copy of fresh's (at k) renumbered item by item, as from
// says.
func splice[T any](n int, from func(i int) (p, k int, ok bool), kept, fresh [][]T, renumber func(*T)) [][]T {
	out := make([][]T, n)
	for i := range n {
		p, k, ok := from(i)
		if ok {
			out[i] = kept[p]
			continue
		}
		out[i] = slices.Clone(fresh[k])
		for x := range out[i] {
			renumber(&out[i][x])
		}
	}
	return out
}

// checkKept reports what is inconsistent in the kept analysis of a
// snapshot read back (ReadSnapshot): every number must name a word of
// its table or a column of the vocabulary.
func (s *Snapshot) checkKept() error {
	nt := int32(len(s.terms))
	for i := range s.forms {
		for _, f := range s.forms[i] {
			if f.col < 0 || f.col >= nt || f.word < 0 || int(f.word) >= len(s.formWords) {
				return fmt.Errorf("article %d: written form out of range", i)
			}
		}
	}
	var cs []termCount
	for i := range s.counts {
		var ok bool
		if cs, ok = unpackCounts(cs[:0], s.counts[i], len(s.countWords)); !ok {
			return fmt.Errorf("article %d: word counts malformed or out of range", i)
		}
	}
	for _, c := range []matrixRows{s.x, s.q} {
		for i := range s.urls {
			ind, _ := c.Row(i)
			for _, j := range ind {
				if j < 0 || j >= nt {
					return fmt.Errorf("article %d: row entry out of range", i)
				}
			}
		}
	}
	return nil
}
