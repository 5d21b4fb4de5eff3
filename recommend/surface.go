package recommend

// Shared terms as the articles write them. The engine compares stems
// ("privaci", "account"), and Model.SharedTerms shows each stem as the
// whole corpus's most frequent word with it, which may be a word neither
// article uses ("accountability" for two articles about accounts). An
// editor reads the pair, so Surfaces shows each stem as the word the two
// articles use most, and a number written with thousands separators
// ("500,000", which the splitter cuts into "500" and "000") whole, once.
//
// The build's analysis, which reads every article's fields once anyway,
// counts the words each article writes in its weighted fields (a field
// with a grouped number excepted: it is read again here, by the same
// analyzer, whole numbers and all). Once the TF-IDF rows are known, each article keeps, for its
// heaviest terms only (surfaceTerms of them, the ones SharedTerms can
// pick: a shared term is heavy in both articles), the words that write
// them, so that the forms stay small on the full corpus. A form holds its
// word as a number into one table of the distinct words (12 bytes a form
// instead of a string's 24: at a million articles the forms are the
// largest thing the model keeps per article after its vectors).

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"sync"

	"recommend/corpus"
	"recommend/internal/par"
)

// surfaceTerms is how many of an article's heaviest terms Surfaces keeps
// the written forms of.
const surfaceTerms = 48

// Surfaces knows how each article writes its heaviest terms.
type Surfaces struct {
	m     *Model
	forms [][]form // per article, by column: the written forms of its heaviest terms
	words []string // the forms' words, by number
}

// form is one written form of a term in one article: 12 bytes, the word
// a number into the table of distinct words (tfidf.formWords), so that
// the full corpus's forms take some 25 MB.
type form struct {
	col  int32
	n    int32
	word int32
}

// groupedNumber is a number written with thousands separators, compiled
// on first use rather than when the program starts.
var groupedNumber = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b\d{1,3}(?:,\d{3})+\b`) })

// Surfaces returns, for SharedWords, how arts, the articles m was built
// from, write their heaviest terms. The build recorded it while it read
// them.
func (m *Model) Surfaces(arts []corpus.Article) *Surfaces {
	if len(arts) != m.tf.x.Rows {
		// not the model's articles: SharedWords falls back to SharedTerms
		return &Surfaces{m: m, forms: make([][]form, len(arts))}
	}
	return &Surfaces{m: m, forms: m.tf.forms, words: m.tf.formWords}
}

// DropSurfaces lets go of the written forms Surfaces reads (some 0.7 KB
// an article), for a caller that has taken every explanation it needs
// from them: a batch of a million articles holds them through its outputs
// otherwise. Surfaces then knows no article's forms, and SharedWords shows
// each term as SharedTerms does. It must not run beside Surfaces' or
// SharedWords' callers.
func (m *Model) DropSurfaces() { m.tf.forms, m.tf.formWords = nil, nil }

// readForms finds, for each article of arts, the written forms of its
// surfaceTerms heaviest terms in the words the analysis counted (wr), and
// reads again only the fields wr left to it (those with a grouped number),
// with the build's analyzer (NewAnalyzer(cfg.Stem): Clean, EachWord, Term).
// It returns the forms and the table of their words.
func (t *tfidf) readForms(arts []corpus.Article, wr *writtenWords, cfg Config, workers int) ([][]form, []string) {
	forms := make([][]form, len(arts))
	// Each analysis worker's words, by number: their columns (-1 outside
	// the vocabulary, or for a one-byte word, which Surfaces passes over).
	cols := make([][]int32, len(wr.words))
	par.For(len(cols), workers, func(w int) {
		cols[w] = make([]int32, len(wr.words[w]))
		for k, term := range wr.terms[w] {
			j, ok := slices.BinarySearch(t.terms, term)
			if !ok || len(wr.words[w][k]) < 2 {
				j = -1
			}
			cols[w][k] = int32(j)
		}
	})
	// The table of words: those the analysis counted, numbered here, and
	// those of the fields read again, added as they are found (under mu).
	// Two forms write the same word when their numbers are equal.
	var mu sync.Mutex
	table := newNumbering(nil)
	wid := make([][]int32, len(wr.words))
	for w, words := range wr.words {
		wid[w] = make([]int32, len(words))
		for k, word := range words {
			if cols[w][k] >= 0 {
				wid[w][k] = table.number(word)
			}
		}
	}
	counted := int32(len(table.words))
	analyzer := NewAnalyzer(cfg.Stem) // the build's: its EachWord and Term
	par.Ranges(len(arts), workers, func(lo, hi int) {
		// One per goroutine: each word's column (-1 outside the
		// vocabulary), so that a word is stemmed and looked up once.
		colOf := map[string]int32{}
		sc := &formScratch{an: analyzer, wanted: make([]bool, len(t.terms)), lead: make([]bool, 1<<16)}
		sc.number = func(w []byte) int32 {
			mu.Lock()
			defer mu.Unlock()
			if id, ok := table.num[string(w)]; ok {
				return id // no string made for a word already numbered
			}
			return table.number(string(w))
		}
		sc.col = func(w []byte) int32 {
			if j, ok := colOf[string(w)]; ok {
				return j
			}
			term, _ := sc.an.Term(string(w))
			j, ok := slices.BinarySearch(t.terms, term)
			c := int32(j)
			if !ok {
				c = -1
			}
			colOf[string(w)] = c
			return c
		}
		w := 0
		for i := lo; i < hi; i++ {
			for w+1 < len(wr.lo) && wr.lo[w+1] <= i {
				w++
			}
			forms[i] = t.articleForms(&arts[i], i, wr.counts[i], wr.words[w], wid[w], cols[w], wr.regroup[i], sc)
		}
	})
	words := renumberRead(forms, table.words, counted)
	// By column, then word, once the table is whole.
	par.For(len(forms), workers, func(i int) {
		slices.SortFunc(forms[i], func(x, y form) int {
			return cmp.Or(cmp.Compare(x.col, y.col), strings.Compare(words[x.word], words[y.word]))
		})
	})
	return forms, slices.Clip(words)
}

// renumberRead numbers the words of the fields read again (those from
// counted on in table, numbered as the goroutines found them) once more,
// in the order the articles' forms hold them, and returns the table with
// them in that order: the table and the forms' numbers, which the state
// keeps (kept.go), then do not depend on the goroutines' timing. A word
// numbered but in no form is left out.
func renumberRead(forms [][]form, table []string, counted int32) []string {
	if int(counted) == len(table) {
		return table
	}
	to := make([]int32, len(table)-int(counted)) // new number + 1, 0 while unseen
	next := counted
	for i := range forms {
		for f := range forms[i] {
			w := forms[i][f].word
			if w < counted {
				continue
			}
			if to[w-counted] == 0 {
				to[w-counted] = next + 1
				next++
			}
			forms[i][f].word = to[w-counted] - 1
		}
	}
	tail := make([]string, next-counted)
	for k, t := range to {
		if t > 0 {
			tail[t-1-counted] = table[int(counted)+k]
		}
	}
	return append(table[:counted], tail...)
}

// articleForms counts, in article a (row i), the written forms of its
// surfaceTerms heaviest terms: the words counts says it writes (each a
// number into words, wid (the word's number in the table of words) and
// cols), and those of its fields regroup, read here. The forms come
// unsorted.
func (t *tfidf) articleForms(a *corpus.Article, i int, counts []termCount, words []string, wid, cols []int32, regroup []Field, sc *formScratch) []form {
	ind, val := t.x.Row(i)
	// The heaviest terms, heaviest first (ties to the lower column), kept
	// in order as the row is read: a row has a few hundred terms.
	heavy := sc.order[:0]
	for k := range ind {
		p := len(heavy)
		for p > 0 && val[k] > val[heavy[p-1]] { // columns ascend: earlier ones win ties
			p--
		}
		if p == surfaceTerms {
			continue
		}
		if len(heavy) < surfaceTerms {
			heavy = append(heavy, 0)
		}
		copy(heavy[p+1:], heavy[p:])
		heavy[p] = k
	}
	sc.order = heavy
	for _, k := range heavy {
		sc.wanted[ind[k]] = true
		if term := t.terms[ind[k]]; len(term) >= 2 {
			sc.lead[lead(term)] = true
		}
	}
	found := 0
	for _, c := range counts {
		if j := cols[c.id]; j >= 0 && sc.wanted[j] && sc.lead[lead(words[c.id])] {
			found++
		}
	}
	out := make([]form, 0, found)
	add := func(j int32, word []byte, n int32) {
		w := sc.number(word)
		for k := range out {
			if out[k].col == j && out[k].word == w {
				out[k].n += n
				return
			}
		}
		out = append(out, form{col: j, n: n, word: w})
	}
	for _, c := range counts {
		// The same test as for a field read here (cols is -1 for a
		// one-byte word).
		if j := cols[c.id]; j >= 0 && sc.wanted[j] && sc.lead[lead(words[c.id])] {
			out = append(out, form{col: j, n: c.n, word: wid[c.id]})
		}
	}
	for _, f := range regroup {
		text := sc.an.Clean(fieldText(a, f))
		// A grouped number counts for each of its groups, written whole;
		// the rest of the text is read word by word.
		text = groupedNumber().ReplaceAllStringFunc(text, func(num string) string {
			for _, g := range strings.Split(num, ",") {
				if j := sc.col([]byte(g)); j >= 0 && sc.wanted[j] {
					add(j, []byte(num), 1)
				}
			}
			return " "
		})
		sc.buf = sc.an.EachWord(text, sc.buf, func(w []byte) {
			// A stem keeps its word's first two bytes: most words are
			// passed over without a look-up.
			if len(w) < 2 || !sc.lead[lead(w)] {
				return
			}
			if j := sc.col(w); j >= 0 && sc.wanted[j] {
				add(j, w, 1)
			}
		})
	}
	for _, k := range heavy {
		sc.wanted[ind[k]] = false
		if term := t.terms[ind[k]]; len(term) >= 2 {
			sc.lead[lead(term)] = false
		}
	}
	if len(out) == 0 {
		return nil
	}
	return slices.Clip(out)
}

// lead is the first two bytes of a word or stem (of at least two bytes),
// as one number.
func lead[T string | []byte](w T) int { return int(w[0])<<8 | int(w[1]) }

// formScratch is one goroutine's state for readForms: the analyzer; each
// word's column, looked up once; the marks of the article's heaviest
// columns; buffers.
type formScratch struct {
	an     Analyzer                // the build's (NewAnalyzer): the words and terms of a field read here
	col    func(word []byte) int32 // -1 outside the vocabulary
	wanted []bool                  // by column, set only while an article is read
	lead   []bool                  // by a word's first two bytes (lead), the same
	order  []int
	buf    []byte
	number func(word []byte) int32 // the word's number in the table of words
}

// hasGroupedNumber reports whether text may hold a number with thousands
// separators (a digit, a comma, a digit), so that the regular expression
// runs only on the few texts that do.
func hasGroupedNumber(text string) bool {
	for i := 1; i+1 < len(text); i++ {
		if text[i] == ',' && '0' <= text[i-1] && text[i-1] <= '9' && '0' <= text[i+1] && text[i+1] <= '9' {
			return true
		}
	}
	return false
}

// SharedWords is Model.SharedTerms(a, b, n) with each term written as
// articles a and b write it most (ties to the shorter, then the smaller
// word). It has the shape of review.TermsFunc and is safe for concurrent
// use. It computes the words on each call (the batch asks once a pair and
// keeps the answers: nightly.Result.Explain).
func (s *Surfaces) SharedWords(a, b, n int) []string {
	ids, ok := s.sharedWordIDs(a, b, n, nil)
	if !ok {
		return nil
	}
	out := make([]string, len(ids))
	for k, id := range ids {
		out[k] = s.Word(id)
	}
	return out
}

// SharedWordIDs is SharedWords with each word given as its number
// (Word), appended to dst: four bytes a word for a caller that keeps
// millions of them.
func (s *Surfaces) SharedWordIDs(a, b, n int, dst []int32) []int32 {
	dst, _ = s.sharedWordIDs(a, b, n, dst)
	return dst
}

// sharedWordIDs is SharedWordIDs, and false when a, b or n is out of
// range (SharedWords' nil).
func (s *Surfaces) sharedWordIDs(a, b, n int, dst []int32) ([]int32, bool) {
	dst, ok, _ := s.sharedWords(a, b, n, dst)
	return dst, ok
}

// sharedWords is sharedWordIDs, also reporting whether a term fell back
// to the word the whole corpus writes most (neither article writes it in
// its heaviest terms), whether or not that word was kept.
func (s *Surfaces) sharedWords(a, b, n int, dst []int32) (out []int32, ok, shown bool) {
	cols := s.m.sharedCols(a, b, n)
	if cols == nil {
		return dst, false, false
	}
	start := len(dst)
	type idCount struct {
		id int32
		n  int
	}
	var scratch [4]idCount
	total := scratch[:0] // a term has one or two written forms: a slice beats a map
	for _, c := range cols {
		total = total[:0]
		for _, d := range [2]int{a, b} {
			if d >= len(s.forms) {
				continue
			}
			fs := s.forms[d]
			// The first form of column c (a binary search by hand: the
			// review data and the index ask for millions).
			k, hi := 0, len(fs)
			for k < hi {
				if h := int(uint(k+hi) >> 1); fs[h].col < c {
					k = h + 1
				} else {
					hi = h
				}
			}
			for ; k < len(fs) && fs[k].col == c; k++ {
				i := slices.IndexFunc(total, func(ic idCount) bool { return ic.id == fs[k].word })
				if i < 0 {
					total = append(total, idCount{fs[k].word, 0})
					i = len(total) - 1
				}
				total[i].n += int(fs[k].n)
			}
		}
		best, bestN := int32(len(s.words)+int(c)), 0 // the term as the corpus shows it
		for _, ic := range total {
			w, b, n := s.words[ic.id], s.Word(best), ic.n
			if n > bestN || n == bestN && (len(w) < len(b) || len(w) == len(b) && w < b) {
				best, bestN = ic.id, n
			}
		}
		shown = shown || bestN == 0
		// "500" and "000" both read "500,000"
		if !slices.ContainsFunc(dst[start:], func(id int32) bool { return s.Word(id) == s.Word(best) }) {
			dst = append(dst, best)
		}
	}
	return dst, true, shown
}

// Word is the word SharedWordIDs numbers id (Words().Word).
func (s *Surfaces) Word(id int32) string { return s.Words().Word(id) }

// Words returns the table of the words SharedWordIDs numbers, which does
// not hold the written forms: a caller that keeps the numbers may let the
// forms go (Model.DropSurfaces).
func (s *Surfaces) Words() WordTable { return WordTable{s.words, s.m.tf.shown} }

// WordTable names the words SharedWordIDs numbers: the written forms'
// words, then the terms as the corpus shows them (SharedTerms' words).
type WordTable struct{ forms, shown []string }

// Word is the word numbered id.
func (t WordTable) Word(id int32) string {
	if int(id) < len(t.forms) {
		return t.forms[id]
	}
	return t.shown[int(id)-len(t.forms)]
}
