package recommend

// Shared terms as the articles write them. The engine compares stems
// ("privaci", "account"), and Model.SharedTerms shows each stem as the
// whole corpus's most frequent word with it, which may be a word neither
// article uses ("accountability" for two articles about accounts). An
// editor reads the pair, so Surfaces shows each stem as the word the two
// articles use most, and a number written with thousands separators
// ("500,000", which the splitter cuts into "500" and "000") whole, once.
//
// Surfaces reads every article's weighted fields once and keeps, for its
// heaviest terms only (surfaceTerms of them, the ones SharedTerms can
// pick: a shared term is heavy in both articles), the words that write
// them, so that it stays small on the full corpus.

import (
	"cmp"
	"regexp"
	"slices"
	"strings"

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
}

// form is one written form of a term in one article: 24 bytes, the word
// shared with every other article that writes it (interned), so that the
// full corpus's forms take some 50 MB.
type form struct {
	col  int32
	n    int32
	word string
}

// groupedNumber is a number written with thousands separators.
var groupedNumber = regexp.MustCompile(`\b\d{1,3}(?:,\d{3})+\b`)

// Surfaces reads arts, the articles m was built from, for SharedWords.
func (m *Model) Surfaces(arts []corpus.Article) *Surfaces {
	s := &Surfaces{m: m, forms: make([][]form, len(arts))}
	if len(arts) != m.tf.x.Rows {
		return s // not the model's articles: SharedWords falls back to SharedTerms
	}
	par.Ranges(len(arts), m.workers, func(lo, hi int) {
		stem := func(w string) string { return w }
		if m.cfg.Stem {
			f := NewStemmer() // one per goroutine: it memoises
			one := make([]string, 1)
			stem = func(w string) string { one[0] = w; return f(one)[0] }
		}
		var buf []byte
		intern := map[string]string{}
		for i := lo; i < hi; i++ {
			s.forms[i] = m.readForms(&arts[i], i, stem, &buf, intern)
		}
	})
	return s
}

// readForms counts, in article a (row i), the written forms of its
// surfaceTerms heaviest terms.
func (m *Model) readForms(a *corpus.Article, i int, stem func(string) string, buf *[]byte, intern map[string]string) []form {
	ind, val := m.tf.x.Row(i)
	order := make([]int, len(ind))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(p, q int) int { return cmp.Or(cmp.Compare(val[q], val[p]), cmp.Compare(ind[p], ind[q])) })
	wanted := make(map[int32]bool, surfaceTerms)
	for _, k := range order[:min(surfaceTerms, len(order))] {
		wanted[ind[k]] = true
	}
	counts := map[int32]map[string]int{}
	add := func(word, form string) {
		j, ok := slices.BinarySearch(m.tf.terms, stem(word))
		if !ok || !wanted[int32(j)] {
			return
		}
		if counts[int32(j)] == nil {
			counts[int32(j)] = map[string]int{}
		}
		counts[int32(j)][form]++
	}
	for f := Field(0); f < numFields; f++ {
		if m.cfg.Fields.of(f) <= 0 {
			continue
		}
		text := CleanMarkup(fieldText(a, f))
		// A grouped number counts for each of its groups, written whole;
		// the rest of the text is read word by word.
		text = groupedNumber.ReplaceAllStringFunc(text, func(num string) string {
			for _, g := range strings.Split(num, ",") {
				add(g, num)
			}
			return " "
		})
		*buf = appendWords(text, *buf, func(w []byte) { add(string(w), string(w)) })
	}
	var out []form
	for j, c := range counts {
		for w, n := range c {
			iw, ok := intern[w]
			if !ok {
				iw = w
				intern[w] = w
			}
			out = append(out, form{col: j, n: int32(n), word: iw})
		}
	}
	slices.SortFunc(out, func(x, y form) int { return cmp.Or(cmp.Compare(x.col, y.col), strings.Compare(x.word, y.word)) })
	return slices.Clip(out)
}

// SharedWords is Model.SharedTerms(a, b, n) with each term written as
// articles a and b write it most (ties to the shorter, then the smaller
// word). It has the shape of review.TermsFunc and is safe for concurrent
// use.
func (s *Surfaces) SharedWords(a, b, n int) []string {
	cols := s.m.sharedCols(a, b, n)
	if cols == nil {
		return nil
	}
	out := make([]string, 0, len(cols))
	for _, c := range cols {
		total := map[string]int{}
		for _, d := range []int{a, b} {
			if d >= len(s.forms) {
				continue
			}
			fs := s.forms[d]
			k, _ := slices.BinarySearchFunc(fs, c, func(f form, c int32) int { return cmp.Compare(f.col, c) })
			for ; k < len(fs) && fs[k].col == c; k++ {
				total[fs[k].word] += int(fs[k].n)
			}
		}
		best, bestN := s.m.tf.shown[c], 0
		for w, n := range total {
			if n > bestN || n == bestN && (len(w) < len(best) || len(w) == len(best) && w < best) {
				best, bestN = w, n
			}
		}
		if !slices.Contains(out, best) { // "500" and "000" both read "500,000"
			out = append(out, best)
		}
	}
	return out
}
