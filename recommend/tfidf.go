package recommend

// TF-IDF: every article becomes one sparse, unit-length vector over the
// vocabulary.
//
// With N articles, df(t) the number of articles in which term t occurs in a
// field of positive weight, and c_f(t) the count of t in field f of an
// article:
//
//	tf(c)   = 1 + ln c for c ≥ 1, c for 0 ≤ c < 1    (Sublinear; tf(c) = c otherwise)
//	idf(t)  = ln((1 + N) / (1 + df(t))) + 1
//
// With PerField, each field is a vector of its own and the article's row is
// their weighted sum:
//
//	u_f     = (tf(c_f(t)) · idf(t))_t / ‖·‖₂
//	x       = Σ_f w_f · u_f / ‖Σ_f w_f · u_f‖₂
//
// Without it, the fields' counts are pooled, a weight multiplying its
// field's counts (as if the field were repeated w_f times):
//
//	c(t)    = Σ_f w_f · c_f(t)
//	x       = (tf(c(t)) · idf(t))_t / ‖·‖₂
//
// idf is scikit-learn's smoothed idf (smooth_idf=True). The vocabulary keeps
// the terms with MinDF ≤ df(t) ≤ MaxDF · N, sorted by term (byte order), so
// that column j is the j-th term; an article without a kept term is a zero
// row. With a single field of weight 1, x is exactly scikit-learn's
// TfidfVectorizer(sublinear_tf=True, norm="l2") row.

import (
	"cmp"
	"encoding/binary"
	"math"
	"slices"
	"sync"

	"recommend/corpus"
	"recommend/internal/par"
)

// termCount is one term of one field of one article and its count.
type termCount struct {
	id int32
	n  int32
}

// tfidf is the vectorised corpus.
type tfidf struct {
	terms     []string  // the vocabulary, sorted
	shown     []string  // how each term is shown: itself, or its stem's most frequent word
	idf       []float64 // idf of each term
	df        []int32   // document frequency of each term
	x         *CSR      // one unit row per article (zero rows for empty articles)
	q         *CSR      // the question field alone, same columns, unit rows
	forms     [][]form  // per article, by column: the written forms of its heaviest terms (Surfaces)
	formWords []string  // the forms' words, by number
	// counts, when kept (a build that can seed an incremental night,
	// with stemming), is per article how often it writes each word whose
	// term is in the vocabulary, in the fields the analysis reads: the
	// words shown are chosen from their sums (shownFrom), so that a night
	// that analyses only the changed articles sums the rest's kept counts
	// (incremental.go). The words are numbers into countWords; each
	// article's counts are packed (packCounts), a third of their size as
	// pairs of numbers.
	counts     [][]byte
	countWords []string
}

// analyzed is the per-field term counts of every article, with term ids into
// a dictionary (not yet pruned nor sorted).
type analyzed struct {
	dict    []string          // id → term
	fields  [][][]termCount   // article → field → counts, ascending id
	display map[string]string // stem → its most frequent word (stemming only)
	written writtenWords      // the words as the articles write them (Surfaces)
}

// writtenWords is what the analysis saw of the words themselves, for
// Surfaces, so that the articles are not read a second time: for each
// article, how often it writes each word in its fields of positive weight.
// Words are numbered per worker; a field with a number written with
// thousands separators, which Surfaces reads whole, is left to be read
// again (rare).
type writtenWords struct {
	counts  [][]termCount // article → (word number in its worker, count)
	regroup [][]Field     // article → its weighted fields with a grouped number
	all     [][]termCount // article → (word number, count) over every field read, kept words only; nil unless asked
	lo      []int         // worker → its first article
	words   [][]string    // worker → word number → word
	terms   [][]string    // worker → word number → its term (stem), kept by the analyzer or not
}

// analyzeAll tokenises the fields of every article that have a positive
// weight (and the question, always: duplicate detection reads it), on
// workers goroutines. The result does not depend on workers. With drop,
// it empties each article's analysis text (corpus.DropAnalysisText) once
// read, unless Surfaces must read a field of it again (writtenWords), so
// that the analysis does not hold the corpus's answers beside what it
// makes of them.
//
// With counts, it also keeps each article's own counts of the words the
// analyzer keeps, over every field it reads (writtenWords.all), for
// tfidf.counts.
func analyzeAll(arts []corpus.Article, cfg Config, workers int, drop, counts bool) *analyzed {
	n := len(arts)
	type part struct {
		dict  []string
		lo    int
		words map[string]int // word → occurrences (stemming only)
		stems map[string]string
	}
	analyzer := NewAnalyzer(cfg.Stem)
	fields := make([][][]termCount, n)
	parts := make([]part, workers)
	wr := writtenWords{counts: make([][]termCount, n), regroup: make([][]Field, n),
		lo: make([]int, workers), words: make([][]string, workers), terms: make([][]string, workers)}
	if counts {
		wr.all = make([][]termCount, n)
	}
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*n/workers, (w+1)*n/workers
		parts[w].lo = lo
		wg.Add(1)
		go func() {
			defer wg.Done()
			// The analyzer's fast path (EachWord, Term): the stem is
			// taken per distinct word rather than per token, so that
			// each stem's most frequent word can be shown in its place
			// (SharedTerms). Each distinct word is looked up once per
			// worker: its term (stem) and the term's id are kept.
			type word struct {
				id    int32 // of its term in dict, -1 for a word the analyzer drops
				count int
			}
			// known maps a word to its index in ws; whether the analyzer
			// drops it (Term) is decided once per word. A dropped
			// word's stem may still be a term that Surfaces shows it for.
			known := make(map[string]int32)
			var ws []word
			var wordOf []string // index in ws → word
			var termOf []string // index in ws → its term (stem)
			ids := make(map[string]int32)
			var dict []string
			var cnt, written, all counter
			var buf []byte
			var texts [numFields]string
			for i := lo; i < hi; i++ {
				fs := make([][]termCount, numFields)
				size := len(ws)
				for f := Field(0); f < numFields; f++ {
					if cfg.Fields.of(f) != 0 || f == FieldQuestion {
						texts[f] = analyzer.Clean(fieldText(&arts[i], f))
						size += len(texts[f])
					}
				}
				written.reset(size)
				all.reset(size)
				for f := Field(0); f < numFields; f++ {
					if cfg.Fields.of(f) == 0 && f != FieldQuestion {
						continue
					}
					text := texts[f]
					// Surfaces reads a field with a grouped number
					// itself; the other weighted fields' words are
					// counted here.
					write := cfg.Fields.of(f) > 0
					if write && hasGroupedNumber(text) {
						write = false
						wr.regroup[i] = append(wr.regroup[i], f)
					}
					cnt.reset(len(dict) + len(text))
					buf = analyzer.EachWord(text, buf, func(b []byte) {
						k, ok := known[string(b)]
						if !ok {
							t := string(b)
							id := int32(-1)
							term, kept := analyzer.Term(t)
							if kept {
								id, ok = ids[term]
								if !ok {
									id = int32(len(dict))
									ids[term] = id
									dict = append(dict, term)
								}
							}
							k = int32(len(ws))
							ws = append(ws, word{id: id})
							wordOf = append(wordOf, t)
							termOf = append(termOf, term)
							known[t] = k
						}
						if write {
							written.add(k)
						}
						if id := ws[k].id; id >= 0 {
							ws[k].count++
							cnt.add(id)
							if counts {
								all.add(k)
							}
						}
					})
					fs[f] = cnt.take()
				}
				fields[i] = fs
				wr.counts[i] = written.take()
				if counts {
					wr.all[i] = all.take()
				}
				if drop && wr.regroup[i] == nil {
					corpus.DropAnalysisText(arts[i : i+1])
				}
				texts = [numFields]string{}
			}
			parts[w].dict = dict
			wr.lo[w], wr.words[w], wr.terms[w] = lo, wordOf, termOf
			if cfg.Stem {
				parts[w].words = make(map[string]int, len(ws))
				parts[w].stems = make(map[string]string, len(ws))
				for k, e := range ws {
					if e.id >= 0 {
						parts[w].words[wordOf[k]] = e.count
						parts[w].stems[wordOf[k]] = dict[e.id]
					}
				}
			}
		}()
	}
	wg.Wait()
	// Merge the dictionaries: global ids in order of first appearance,
	// worker by worker, so the numbering is deterministic for a given
	// worker count; the vocabulary is re-sorted by term afterwards, which
	// removes the dependence on the worker count.
	global := newNumbering(nil)
	for w := range parts {
		remap := global.numberAll(parts[w].dict)
		hi := n
		if w+1 < len(parts) {
			hi = parts[w+1].lo
		}
		lo := parts[w].lo
		par.For(hi-lo, workers, func(k int) {
			for _, tc := range fields[lo+k] {
				for k := range tc {
					tc[k].id = remap[tc[k].id]
				}
				slices.SortFunc(tc, func(a, b termCount) int { return cmp.Compare(a.id, b.id) })
			}
		})
	}
	an := &analyzed{dict: global.words, fields: fields, written: wr}
	if cfg.Stem {
		// Each stem is shown as its most frequent word, ties to the
		// smaller word: a choice independent of the order of the sums.
		total := make(map[string]int)
		stemOf := make(map[string]string)
		for _, p := range parts {
			for word, n := range p.words {
				total[word] += n
				stemOf[word] = p.stems[word]
			}
		}
		an.display = make(map[string]string)
		best := make(map[string]int)
		for word, n := range total {
			st := stemOf[word]
			cur, ok := an.display[st]
			if !ok || shownBefore(word, n, cur, best[st]) {
				an.display[st], best[st] = word, n
			}
		}
	}
	return an
}

// shownBefore reports whether word, written n times in the corpus, is
// shown for its stem rather than cur, written best times: each stem is
// shown as its most frequent word, ties to the smaller word, a choice
// independent of the order of the sums.
func shownBefore(word string, n int, cur string, best int) bool {
	return n > best || n == best && word < cur
}

// counter counts the terms of one field: the terms in order of first
// appearance with their counts. Its arrays, indexed by term id, are reused
// from field to field and article to article.
type counter struct {
	out   []termCount
	pos   []int32 // term id → index in out, valid where seen[id] == stamp
	seen  []int32
	stamp int32
}

// reset starts a new field whose term ids are below n.
func (c *counter) reset(n int) {
	if n > len(c.pos) {
		n = max(n, 2*len(c.pos))
		c.pos = make([]int32, n)
		c.seen = make([]int32, n)
		c.stamp = 0
	}
	c.stamp++
	c.out = c.out[:0]
}

// add counts one occurrence of term id.
func (c *counter) add(id int32) {
	if c.seen[id] == c.stamp {
		c.out[c.pos[id]].n++
		return
	}
	c.seen[id] = c.stamp
	c.pos[id] = int32(len(c.out))
	c.out = append(c.out, termCount{id: id, n: 1})
}

// take returns a copy of the field's counts (nil for none).
func (c *counter) take() []termCount {
	if len(c.out) == 0 {
		return nil
	}
	return slices.Clone(c.out)
}

// vocabulary is a kept vocabulary: the terms, ascending, and their idf.
// An incremental night (incremental.go) vectorises with the previous
// night's instead of its own.
type vocabulary struct {
	terms []string
	idf   []float64
}

// buildTFIDF vectorises arts by the formulas in this file's comment; with
// fixed set, over that vocabulary and idf rather than the corpus's own
// (terms outside it are left out, as min_df and max_df leave out theirs).
func buildTFIDF(arts []corpus.Article, cfg Config, workers int, fixed *vocabulary) *tfidf {
	return buildTFIDFDropping(arts, cfg, workers, fixed, false, false)
}

// buildTFIDFDropping is buildTFIDF, and with drop analyzeAll's: each
// article's analysis text emptied once it is read. With counts (and
// stemming), the tfidf keeps each article's word counts (tfidf.counts)
// and shows each term by their sums.
func buildTFIDFDropping(arts []corpus.Article, cfg Config, workers int, fixed *vocabulary, drop, counts bool) *tfidf {
	counts = counts && cfg.Stem
	an := analyzeAll(arts, cfg, workers, drop, counts)
	n := len(arts)
	// Document frequencies over the weighted fields.
	df := make([]int32, len(an.dict))
	last := make([]int32, len(an.dict))
	for i := range last {
		last[i] = -1
	}
	for i, fs := range an.fields {
		for f, tc := range fs {
			if cfg.Fields.of(Field(f)) == 0 {
				continue
			}
			for _, c := range tc {
				if last[c.id] != int32(i) {
					last[c.id] = int32(i)
					df[c.id]++
				}
			}
		}
	}
	col := make([]int32, len(an.dict))
	for i := range col {
		col[i] = -1
	}
	var t *tfidf
	if fixed != nil {
		t = fixedVocabulary(an, df, col, fixed)
	} else {
		// Prune and sort the vocabulary.
		var keep []int32
		for id, d := range df {
			if cfg.KeepTerm(int(d), n) {
				keep = append(keep, int32(id))
			}
		}
		slices.SortFunc(keep, func(a, b int32) int { return cmp.Compare(an.dict[a], an.dict[b]) })
		t = &tfidf{terms: make([]string, len(keep)), shown: make([]string, len(keep)),
			idf: make([]float64, len(keep)), df: make([]int32, len(keep))}
		for j, id := range keep {
			col[id] = int32(j)
			t.terms[j] = an.dict[id]
			t.df[j] = df[id]
			t.idf[j] = smoothIDF(n, int(df[id]))
		}
	}
	if counts {
		t.counts, t.countWords = keptCounts(t.terms, &an.written, workers)
		t.shown = shownFrom(t.terms, t.countWords, t.counts, workers)
	} else {
		for j, term := range t.terms {
			t.shown[j] = term
			if w, ok := an.display[term]; ok {
				t.shown[j] = w
			}
		}
	}
	an.written.all = nil
	cols := len(t.terms)
	// Rows, in parallel; each worker writes only its own rows.
	rows := make([]rowBuf, n)
	qrows := make([]rowBuf, n)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*n/workers, (w+1)*n/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			acc := newAccumulator(cols)
			for i := lo; i < hi; i++ {
				rows[i], qrows[i] = articleRows(acc, an.fields[i], col, t.idf, cfg)
				an.fields[i] = nil // read for the last time
			}
		}()
	}
	wg.Wait()
	t.x = assemble(rows, cols, workers)
	t.q = assemble(qrows, cols, workers)
	t.forms, t.formWords = t.readForms(arts, &an.written, cfg, workers)
	return t
}

// fixedVocabulary returns the tfidf of the kept vocabulary fixed (terms,
// idf) and fills col, the column of each term id of an's dictionary (-1
// for a term fixed does not hold); df is each term id's document
// frequency in this corpus, kept for the record.
func fixedVocabulary(an *analyzed, df []int32, col []int32, fixed *vocabulary) *tfidf {
	nt := len(fixed.terms)
	t := &tfidf{terms: fixed.terms, shown: make([]string, nt), idf: fixed.idf, df: make([]int32, nt)}
	for id, term := range an.dict {
		if j, ok := slices.BinarySearch(fixed.terms, term); ok {
			col[id] = int32(j)
			t.df[j] = df[id]
		}
	}
	return t
}

// articleRows returns one article's row x and its question row (the
// question field alone, weight 1) from its per-field counts fields, whose
// term ids col maps to vocabulary columns (-1 for a pruned term), by the
// formulas in this file's comment. acc is the caller's scratch.
func articleRows(acc *accumulator, fields [][]termCount, col []int32, idf []float64, cfg Config) (x, q rowBuf) {
	if cfg.PerField {
		for f := Field(0); f < numFields; f++ {
			if w := cfg.Fields.of(f); w > 0 {
				addField(acc, fields[f], col, idf, cfg.Sublinear, w)
			}
		}
	} else {
		for f := Field(0); f < numFields; f++ {
			if w := cfg.Fields.of(f); w > 0 {
				for _, c := range fields[f] {
					if j := col[c.id]; j >= 0 {
						acc.add(j, w*float64(c.n))
					}
				}
			}
		}
		acc.weigh(idf, cfg.Sublinear)
	}
	x = acc.take()
	addField(acc, fields[FieldQuestion], col, idf, cfg.Sublinear, 1)
	return x, acc.take()
}

// smoothIDF is ln((1+n)/(1+df)) + 1.
func smoothIDF(n, df int) float64 {
	return math.Log(float64(1+n)/float64(1+df)) + 1
}

// tfWeight is the term frequency weight tf(c) of a (weighted) count.
func tfWeight(c float64, sublinear bool) float64 {
	if sublinear && c >= 1 {
		return 1 + math.Log(c)
	}
	return c
}

// addField adds w · u_f (the field's unit tf·idf vector) to acc.
func addField(acc *accumulator, tc []termCount, col []int32, idf []float64, sublinear bool, w float64) {
	var ss float64
	for _, c := range tc {
		if j := col[c.id]; j >= 0 {
			v := tfWeight(float64(c.n), sublinear) * idf[j]
			ss += v * v
		}
	}
	if ss == 0 {
		return
	}
	scale := w / math.Sqrt(ss)
	for _, c := range tc {
		if j := col[c.id]; j >= 0 {
			acc.add(j, tfWeight(float64(c.n), sublinear)*idf[j]*scale)
		}
	}
}

// rowBuf is one row under construction: ascending columns.
type rowBuf struct {
	ind []int32
	val []float32
}

// accumulator sums sparse vectors into a dense scratch row.
type accumulator struct {
	val  []float64
	used []int32
}

func newAccumulator(n int) *accumulator { return &accumulator{val: make([]float64, n)} }

func (a *accumulator) add(j int32, v float64) {
	if a.val[j] == 0 {
		a.used = append(a.used, j)
	}
	a.val[j] += v
}

// weigh replaces each accumulated count c(t) by tf(c(t))·idf(t).
func (a *accumulator) weigh(idf []float64, sublinear bool) {
	for _, j := range a.used {
		a.val[j] = tfWeight(a.val[j], sublinear) * idf[j]
	}
}

// take returns the accumulated vector, L2-normalised, and clears the
// accumulator.
func (a *accumulator) take() rowBuf {
	slices.Sort(a.used)
	var ss float64
	for _, j := range a.used {
		ss += a.val[j] * a.val[j]
	}
	r := rowBuf{ind: make([]int32, 0, len(a.used)), val: make([]float32, 0, len(a.used))}
	if ss > 0 {
		inv := 1 / math.Sqrt(ss)
		for _, j := range a.used {
			r.ind = append(r.ind, j)
			r.val = append(r.val, float32(a.val[j]*inv))
		}
	}
	for _, j := range a.used {
		a.val[j] = 0
	}
	a.used = a.used[:0]
	return r
}

// assemble packs rows into a CSR with cols columns, copying them on
// workers goroutines (each its own rows: tens of megabytes at the real
// corpus's size).
func assemble(rows []rowBuf, cols, workers int) *CSR {
	m := &CSR{Rows: len(rows), Cols: cols, Ptr: make([]int, len(rows)+1)}
	nnz := 0
	for i, r := range rows {
		nnz += len(r.ind)
		m.Ptr[i+1] = nnz
	}
	m.Ind = make([]int32, nnz)
	m.Val = make([]float32, nnz)
	par.Ranges(len(rows), workers, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			copy(m.Ind[m.Ptr[i]:], rows[i].ind)
			copy(m.Val[m.Ptr[i]:], rows[i].val)
		}
	})
	return m
}

// keptCounts returns each article's counts of the words wr.all holds
// whose term is in the vocabulary terms, renumbered into one table of
// those words (numbered in the workers' order, each worker's in the order
// it met them), each article's ascending by number.
func keptCounts(terms []string, wr *writtenWords, workers int) ([][]byte, []string) {
	table := newNumbering(nil)
	ids := make([][]int32, len(wr.words)) // worker → word number → number in table, -1 outside
	for w, words := range wr.words {
		ids[w] = make([]int32, len(words))
		for k, word := range words {
			ids[w][k] = -1
			if _, ok := slices.BinarySearch(terms, wr.terms[w][k]); ok {
				ids[w][k] = table.number(word)
			}
		}
	}
	out := make([][]byte, len(wr.all))
	par.Ranges(len(wr.all), workers, func(lo, hi int) {
		w := 0
		var cs []termCount
		for i := lo; i < hi; i++ {
			for w+1 < len(wr.lo) && wr.lo[w+1] <= i {
				w++
			}
			cs = cs[:0]
			for _, c := range wr.all[i] {
				if id := ids[w][c.id]; id >= 0 {
					cs = append(cs, termCount{id: id, n: c.n})
				}
			}
			out[i] = packCounts(cs)
			wr.all[i] = nil
		}
	})
	return out, table.words
}

// packCounts returns counts (of distinct words) packed: by word number
// ascending, each a uvarint step from the last number (from -1) and a
// uvarint count. It sorts counts.
func packCounts(counts []termCount) []byte {
	slices.SortFunc(counts, func(a, b termCount) int { return cmp.Compare(a.id, b.id) })
	var b []byte
	last := int32(-1)
	for _, c := range counts {
		b = binary.AppendUvarint(b, uint64(c.id-last))
		b = binary.AppendUvarint(b, uint64(c.n))
		last = c.id
	}
	return b
}

// unpackCounts appends to dst the counts packCounts packed into b, and
// returns false when b is not such a packing with word numbers below
// words (and counts that fit an int32).
func unpackCounts(dst []termCount, b []byte, words int) ([]termCount, bool) {
	last := int64(-1)
	for len(b) > 0 {
		step, k := binary.Uvarint(b)
		if k <= 0 || step == 0 || step > uint64(words) {
			return dst, false
		}
		b = b[k:]
		n, k := binary.Uvarint(b)
		if k <= 0 || n > math.MaxInt32 {
			return dst, false
		}
		b = b[k:]
		last += int64(step)
		if last >= int64(words) {
			return dst, false
		}
		dst = append(dst, termCount{id: int32(last), n: int32(n)})
	}
	return dst, true
}

// numbering numbers words in the order they are first met.
type numbering struct {
	words []string // number → word
	num   map[string]int32
}

// newNumbering returns a numbering that holds words (distinct) as
// numbered by their index; new ones are numbered after them, in a slice
// of the numbering's own.
func newNumbering(words []string) *numbering {
	nb := &numbering{words: slices.Clip(words), num: make(map[string]int32, len(words))}
	for id, w := range words {
		nb.num[w] = int32(id)
	}
	return nb
}

// number returns the number of w, numbering it if new.
func (nb *numbering) number(w string) int32 {
	id, ok := nb.num[w]
	if !ok {
		id = int32(len(nb.words))
		nb.num[w] = id
		nb.words = append(nb.words, w)
	}
	return id
}

// numberAll returns the number of each of ws (number).
func (nb *numbering) numberAll(ws []string) []int32 {
	out := make([]int32, len(ws))
	for k, w := range ws {
		out[k] = nb.number(w)
	}
	return out
}

// shownFrom returns how each term of terms is shown: its most frequent
// word (shownBefore) by the sums of counts, whose words are numbers into
// words; a term no word writes is shown as itself. The sums and each
// word's term are made on workers goroutines, the choice in words' order.
func shownFrom(terms, words []string, counts [][]byte, workers int) []string {
	var mu sync.Mutex
	total := make([]int, len(words))
	par.Ranges(len(counts), workers, func(lo, hi int) {
		part := make([]int, len(words))
		var cs []termCount
		for _, b := range counts[lo:hi] {
			cs, _ = unpackCounts(cs[:0], b, len(words))
			for _, c := range cs {
				part[c.id] += int(c.n)
			}
		}
		mu.Lock()
		for id, k := range part {
			total[id] += k
		}
		mu.Unlock()
	})
	termOf := make([]int32, len(words)) // each word's term, -1 outside terms
	par.Ranges(len(words), workers, func(lo, hi int) {
		an := NewAnalyzer(true)
		for id := lo; id < hi; id++ {
			termOf[id] = -1
			if total[id] == 0 {
				continue
			}
			term, _ := an.Term(words[id])
			if j, ok := slices.BinarySearch(terms, term); ok {
				termOf[id] = int32(j)
			}
		}
	})
	shown := slices.Clone(terms)
	best := make([]int, len(terms))
	for id, word := range words {
		j := termOf[id]
		if j < 0 {
			continue
		}
		if best[j] == 0 || shownBefore(word, total[id], shown[j], best[j]) {
			shown[j], best[j] = word, total[id]
		}
	}
	return shown
}
